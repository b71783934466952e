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
