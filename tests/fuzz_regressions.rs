//! Regression tests for what the fuzz targets in `fuzz/` found, each named after what
//! broke. The inputs are the minimized crash artifacts (or their essence).

use centerplan::staffing::parse_duration;

#[test]
fn durations_that_overflow_to_infinity_are_refused() {
    // The duration target's invariant: a parsed duration is finite and not negative.
    // A number near f64's limit passed the finiteness check before being scaled to
    // seconds, and a colon part longer than f64's range parsed to infinity.
    let check = |text: &str, expected: Option<f64>| {
        assert_eq!(parse_duration(text), expected, "{text}");
    };
    let near_max = format!("1{}", "0".repeat(307)); // 1e307
    check(&format!("{near_max}h"), None);
    check(&format!("{near_max}m"), None);
    check(&format!("{}:00", "9".repeat(400)), None);
    check(&format!("1:{}", "9".repeat(400)), None);
    check(&"9".repeat(400), None);
    check(&format!("{near_max}s"), Some(1e307));
}

#[test]
fn an_absurd_aht_in_a_forecast_is_refused_instead_of_searched_for_minutes() {
    use centerplan::staffing::intervals::IntervalOptions;
    use centerplan::staffing::{Model, Target, parse_forecast, plan_intervals};
    let forecast = parse_forecast(
        "interval_start,calls,aht\nMo'n 03:00,120,180\nMoon 03:00,120,18066666666666666666\n",
    )
    .unwrap();
    let options = IntervalOptions {
        interval_secs: 1800.0,
        default_aht_secs: None,
        target: Target {
            service_level: 0.8,
            threshold_secs: 20.0,
            max_occupancy: None,
        },
        model: Model::ErlangC,
        shrinkage: 0.0,
        fte_hours_per_day: 8.0,
        chat: Default::default(),
        email: Default::default(),
    };
    let message = plan_intervals(&forecast, &options).unwrap_err().to_string();
    assert!(message.contains("more than the limit"), "{message}");
}

mod manual_template {
    use std::time::{Duration, Instant};

    use centerplan::manual::{
        self, Date, Edition, ManualError, ManualOptions, SourceFile, Sources,
    };
    use centerplan::model::{CenterType, Lang};
    use centerplan::templates;

    fn render(template: &str) -> Result<String, ManualError> {
        let plan = templates::template(CenterType::Hybrid, "fuzz");
        let options = ManualOptions {
            edition: Edition::Manager,
            lang: Lang::En,
            date: Date::new(2026, 3, 5).unwrap(),
        };
        let sources = Sources::new([SourceFile::new("en/01-fuzz.md", template)]);
        manual::render_markdown_from(&plan, &options, &sources)
    }

    /// A template error names the chapter file and a line inside it.
    fn check_error(template: &str, expected_line: usize, expected_message: &str) {
        match render(template) {
            Err(ManualError::Template {
                file,
                line,
                message,
                ..
            }) => {
                assert_eq!(file, "manuals/en/01-fuzz.md");
                assert_eq!(line, expected_line, "{message}");
                assert!(message.contains(expected_message), "{message}");
            }
            other => panic!("{template:?}: {other:?}"),
        }
    }

    #[test]
    fn a_chapter_that_loops_away_fails_with_its_file_and_line_in_seconds() {
        // Ten billion iterations: without a bound on the template's work this ran for hours.
        let started = Instant::now();
        check_error(
            "# Loop\n\n{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}\n",
            3,
            "fuel",
        );
        assert!(started.elapsed() < Duration::from_secs(60));
    }

    #[test]
    fn malformed_chapters_are_refused_with_file_and_line() {
        check_error("line one\n{% for x in %}\n", 2, "syntax error");
        check_error("a\nb\n{{ nope }}\n", 3, "undefined");
        check_error(
            "{% macro m() %}{{ m() }}{% endmacro %}\n\n{{ m() }}",
            1,
            "recursion",
        );
    }
}

mod document_schema {
    //! What the `document_schema` target found. Its inputs are operations on the schema
    //! of a valid plan file (see `fuzz/fuzz_targets/document_schema.rs`).

    use std::time::{Duration, Instant};

    use centerplan::document;
    use centerplan::error::Failure;
    use centerplan::model::CenterType;
    use rusqlite::Connection;

    /// `count` forged view rows in `sqlite_master` (the target's operation 12).
    fn forge_views(conn: &Connection, count: u32) {
        conn.execute_batch(&format!(
            "PRAGMA writable_schema = ON;
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {count})
             INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql)
             SELECT 'view', 'v' || i, 'v' || i, 0, 'CREATE VIEW v' || i || ' AS SELECT 1' FROM c;"
        ))
        .unwrap();
    }

    #[test]
    fn thousands_of_forged_views_then_more_ddl_open_promptly() {
        // Input fa f6 fd 7c 78 1b 84 84 85: 16,193 forged views, 1,729 more under the same
        // names, then a column rename, which made SQLite re-parse every view. The
        // target timed out (2 s) in building the file, not in opening it: the target now
        // stops at the first forged-view operation; opening what it built must still be
        // refused at once, before SQLite parses any of it.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.centerplan");
        let plan = centerplan::templates::template(CenterType::Hybrid, "模糊");
        document::save(&plan, &path).unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            forge_views(&conn, 253 * 64 + 1);
            // The duplicate names make SQLite itself refuse the schema from here on.
            let _ = conn.execute_batch(
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1729)
                 INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql)
                 SELECT 'view', 'v' || i, 'v' || i, 0, 'CREATE VIEW v' || i || ' AS SELECT 1' FROM c;
                 ALTER TABLE matrix_duties RENAME COLUMN ord TO kpis;",
            );
        }
        let bytes = std::fs::read(&path).unwrap();
        let started = Instant::now();
        let err = document::from_bytes(&bytes).unwrap_err();
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "took {took:?}: {err}");
        assert!(
            [
                "document.limit",
                "document.foreign-schema",
                "document.corrupt"
            ]
            .contains(&err.code()),
            "{}: {err}",
            err.code()
        );
        assert!(!err.to_string().contains('\n'), "{err}");
    }
}
