//! Limits (`src/limits.rs`): deep charts pass everywhere up to the limit, and every limit
//! is enforced where input enters with an error naming the field.

use std::time::Instant;

use centerplan::error::Failure;
use centerplan::limits::{self, LimitError};
use centerplan::model::{Lang, NodeId, Text};
use centerplan::{document, interchange, outline, staffing, validate};
use expect_test::{Expect, expect};

use crate::support;

#[test]
fn a_chart_at_the_depth_limit_goes_through_every_path() {
    let plan = support::deep_plan(limits::MAX_CHART_DEPTH);
    assert_eq!(limits::chart_depth(&plan), limits::MAX_CHART_DEPTH);

    let diagnostics = validate::validate(&plan);
    assert!(!validate::has_errors(&diagnostics), "{diagnostics:?}");

    let started = Instant::now();
    let text = outline::render(&plan, Lang::En);
    let deepest = format!("Position {}", limits::MAX_CHART_DEPTH - 1);
    assert!(text.contains(&deepest));
    eprintln!(
        "outline of depth {}: {} bytes in {:?}",
        limits::MAX_CHART_DEPTH,
        text.len(),
        started.elapsed()
    );

    let bytes = document::to_bytes(&plan).unwrap();
    assert_eq!(document::from_bytes(&bytes).unwrap(), plan);
    assert_eq!(
        interchange::from_json(&interchange::to_json(&plan)).unwrap(),
        plan
    );
}

#[test]
fn the_widest_chart_at_the_node_limit_is_handled_in_seconds() {
    // Every node a direct report of the root: the shape where per-sibling work turns
    // quadratic.
    let mut plan = support::deep_plan(1);
    let root = plan.chart.nodes[0].clone();
    for i in 1..limits::MAX_NODES {
        let mut node = root.clone();
        node.id = NodeId(format!("w{i}"));
        node.parent = Some(root.id.clone());
        node.name = Text::new(format!("岗位{i}"), format!("Position {i}"));
        plan.chart.nodes.push(node);
    }
    let started = Instant::now();
    let diagnostics = validate::validate(&plan);
    assert!(!validate::has_errors(&diagnostics));
    let validated = started.elapsed();
    let text = outline::render(&plan, Lang::Zh);
    let last = format!("岗位{} [w{}]", limits::MAX_NODES - 1, limits::MAX_NODES - 1);
    assert!(text.contains(&last));
    let bytes = document::to_bytes(&plan).unwrap();
    assert_eq!(document::from_bytes(&bytes).unwrap(), plan);
    eprintln!("validate {validated:?}, all paths {:?}", started.elapsed());
}

/// Changes a copy of the deep plan by `mutate`, then checks that JSON import, document
/// save and the limit check itself all refuse it with `expected`.
fn check(mutate: impl FnOnce(&mut centerplan::model::Plan), expected: Expect) {
    let mut plan = support::deep_plan(3);
    mutate(&mut plan);
    let err = limits::check_plan(&plan).unwrap_err();
    expected.assert_eq(&err.to_string());

    let json = interchange::from_json(&interchange::to_json(&plan)).unwrap_err();
    assert!(
        matches!(&json, interchange::JsonError::Limit(inner) if *inner == err),
        "{json}"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.centerplan");
    let saved = document::save(&plan, &path).unwrap_err();
    assert_eq!(saved.code(), "document.limit");
    // A size is "too large"; a value out of range is not a matter of size and says only
    // that (it was "too large: …" too).
    let detail = match err {
        LimitError::OutOfRange { .. } => err.to_string(),
        _ => format!("too large: {err}"),
    };
    assert_eq!(
        saved.to_string(),
        format!("cannot save {}: {detail}", path.display())
    );
    assert!(!path.exists());
}

#[test]
fn limits_name_the_field_beyond_them() {
    let huge = || "字".repeat(limits::MAX_TEXT_BYTES / 3 + 1);
    check(
        |plan| plan.name = huge(),
        expect!["plan.name: 1048578 bytes, more than the limit of 300"],
    );
    check(
        |plan| plan.chart.nodes[1].name.en = huge(),
        expect!["plan.chart.nodes[1].name.en: 1048578 bytes, more than the limit of 300"],
    );
    check(
        |plan| plan.chart.nodes[2].id = NodeId(huge()),
        expect!["plan.chart.nodes[2].id: 1048578 bytes, more than the limit of 300"],
    );
    check(
        |plan| plan.matrix.rows[0].cells[3].duties[0].zh = huge(),
        expect![
            "plan.matrix.rows[0].cells[3].duties[0].zh: 1048578 bytes, more than the limit of 2000"
        ],
    );
    check(
        |plan| {
            let duty = Text::new("职责", "Duty");
            plan.matrix.rows[0].cells[1].duties = vec![duty; limits::MAX_DUTIES + 1];
        },
        expect!["plan.matrix.rows[0].cells[1].duties: 501 entries, more than the limit of 500"],
    );
    check(
        |plan| {
            let node = plan.chart.nodes[0].clone();
            plan.chart.nodes = vec![node; limits::MAX_NODES + 1];
        },
        expect!["plan.chart.nodes: 20001 entries, more than the limit of 20000"],
    );
    check(
        |plan| *plan = support::deep_plan(limits::MAX_CHART_DEPTH + 1),
        expect!["plan.chart: 10001 levels deep, more than the limit of 10000"],
    );
}

/// Rewrites a document's checksum the way `document::save` computes it, as a forger would:
/// CRC-32 of every page but the checksum's own, without the header's commit counters.
fn forge_checksum(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let page_size: usize = conn
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .unwrap();
    let checksum_page: usize = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'checksum'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let bytes = std::fs::read(path).unwrap();
    let mut hasher = crc32fast::Hasher::new();
    for (index, page) in bytes.chunks(page_size).enumerate() {
        if index + 1 == checksum_page {
            continue;
        }
        if index == 0 {
            hasher.update(&page[..24]);
            hasher.update(&page[28..92]);
            hasher.update(&page[96..]);
        } else {
            hasher.update(page);
        }
    }
    conn.execute("UPDATE checksum SET crc32 = ?1", [hasher.finalize()])
        .unwrap();
}

#[test]
fn documents_beyond_the_limits_are_refused_on_open() {
    // Written with SQL behind the library's back and given a matching checksum, as a
    // crafted file would be: the checksum proves integrity, not trust.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forged.centerplan");
    document::save(&support::deep_plan(2), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE nodes SET name_en = ?1 WHERE id = 'n1'",
        ["x".repeat(limits::MAX_TEXT_BYTES + 1)],
    )
    .unwrap();
    drop(conn);
    forge_checksum(&path);
    let err = document::open(&path).unwrap_err();
    assert_eq!(err.code(), "document.limit");
    expect![[
        r#"too large: plan.chart.nodes[0].name.en: 1048577 bytes, more than the limit of 300"#
    ]]
    .assert_eq(
        err.to_string()
            .split(": ")
            .skip(1)
            .collect::<Vec<_>>()
            .join(": ")
            .as_str(),
    );

    // A file longer than the input limit is refused before SQLite reads it.
    let mut bytes = document::to_bytes(&support::deep_plan(2)).unwrap();
    bytes.resize(limits::MAX_INPUT_BYTES as usize + 1, 0);
    let err = document::from_bytes(&bytes).unwrap_err();
    expect![
        "cannot open <bytes>: too large: the file: 67108865 bytes, more than the limit of 67108864"
    ]
    .assert_eq(&err.to_string());
}

#[test]
fn a_forecast_beyond_the_row_limit_is_refused() {
    let mut csv = String::from("interval_start,calls\n");
    for row in 0..=limits::MAX_FORECAST_ROWS {
        csv.push_str(&format!(
            "d{} {:02}:{:02},10\n",
            row / 96,
            row % 96 / 4,
            row % 4 * 15
        ));
    }
    let err = staffing::parse_forecast(&csv).unwrap_err();
    expect!["forecast line 35138, column 0: more than 35136 intervals, the limit of one forecast"]
        .assert_eq(&err.to_string());
}

#[test]
fn oversized_inputs_are_refused_before_parsing() {
    let err = limits::check_input_size("JSON text", limits::MAX_INPUT_BYTES + 1).unwrap_err();
    assert_eq!(
        err,
        LimitError::InputTooLarge {
            field: "JSON text".to_owned(),
            found: limits::MAX_INPUT_BYTES + 1,
            limit: limits::MAX_INPUT_BYTES,
        }
    );
    let padded = format!("{}{}", " ".repeat(limits::MAX_INPUT_BYTES as usize), "{}");
    expect!["plan too large: JSON text: 67108866 bytes, more than the limit of 67108864"]
        .assert_eq(&interchange::from_json(&padded).unwrap_err().to_string());
}

#[test]
fn values_at_the_edges_of_their_types_are_refused_at_the_door_naming_the_field() {
    // A rank or headcount near i32::MAX overflowed the chart arithmetic (a panic in debug
    // builds, a wrapped level in release ones).
    check(
        |plan| plan.chart.nodes[1].rank = Some(centerplan::model::Rank(i32::MAX)),
        expect![
            "plan.chart.nodes[1].rank: 2147483647 is outside the allowed range -10000 to 10000"
        ],
    );
    check(
        |plan| plan.chart.nodes[2].headcount.filled = i32::MIN,
        expect![
            "plan.chart.nodes[2].headcount.filled: -2147483648 is outside the allowed range -1000000 to 1000000"
        ],
    );
    // The edges themselves are fine, and lay out.
    let mut plan = support::sizeable_plan();
    plan.chart.nodes[1].rank = Some(centerplan::model::Rank(limits::MAX_RANK));
    plan.chart.nodes[2].headcount.planned = limits::MAX_HEADCOUNT;
    limits::check_plan(&plan).unwrap();
    validate::validate(&plan);
    outline::render(&plan, Lang::En);
    // An edit cannot make a plan the limits would refuse.
    let err = centerplan::edit::apply(
        &mut plan.clone(),
        &centerplan::edit::Edit::SetRank {
            id: plan.chart.nodes[1].id.clone(),
            rank: Some(centerplan::model::Rank(-20_000)),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit.out-of-range");
    let err = centerplan::edit::apply(
        &mut plan.clone(),
        &centerplan::edit::Edit::RenamePlan {
            name: "中".repeat(200),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit.name-too-long");
}

/// A text of `bytes` bytes per language with no break opportunity of its own.
fn unbroken(bytes: usize) -> Text {
    Text::new("W".repeat(bytes), "W".repeat(bytes))
}

#[test]
fn a_center_or_node_name_at_the_old_one_mebibyte_limit_is_refused_naming_the_field() {
    // A 1 MiB center name (then within the one string limit) grew the PDF export past
    // 20 GB, a 1 MiB node name took 17 s: names are held to a box of a few lines now, at
    // every door.
    let old_limit = 1024 * 1024;
    check(
        |plan| plan.chart.nodes[1].name.zh = "W".repeat(old_limit),
        expect!["plan.chart.nodes[1].name.zh: 1048576 bytes, more than the limit of 300"],
    );
    check(
        |plan| plan.name = "W".repeat(old_limit),
        expect!["plan.name: 1048576 bytes, more than the limit of 300"],
    );
    // Each field at its limit passes, one byte more is refused naming it.
    type Set = fn(&mut centerplan::model::Plan, String);
    let fields: [(&str, usize, Set); 4] = [
        (
            "plan.chart.nodes[0].name.en",
            limits::MAX_NAME_BYTES,
            |p, v| p.chart.nodes[0].name.en = v,
        ),
        ("plan.chart.nodes[0].id", limits::MAX_ID_BYTES, |p, v| {
            p.chart.nodes[0].id = NodeId(v)
        }),
        (
            "plan.matrix.rows[0].cells[0].duties[0].en",
            limits::MAX_DUTY_BYTES,
            |p, v| p.matrix.rows[0].cells[0].duties[0].en = v,
        ),
        ("plan.matrix.rows[0].role", limits::MAX_ID_BYTES, |p, v| {
            p.matrix.rows[0].role = NodeId(v)
        }),
    ];
    for (field, limit, set) in fields {
        let mut plan = support::deep_plan(3);
        set(&mut plan, "x".repeat(limit));
        limits::check_plan(&plan).unwrap_or_else(|err| panic!("{field} at its limit: {err}"));
        set(&mut plan, "x".repeat(limit + 1));
        let err = limits::check_plan(&plan).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{field}: {} bytes, more than the limit of {limit}",
                limit + 1
            )
        );
    }
}

#[test]
fn a_name_past_its_limit_in_a_chart_csv_is_refused_with_line_and_column() {
    let csv = format!(
        "id,name,reports_to\ngm,总经理|General manager,\nlead,{}|Team leader,gm\n{},x,gm\n",
        "主".repeat(101),
        "i".repeat(limits::MAX_ID_BYTES + 1)
    );
    let err = centerplan::csv_io::import_chart(&csv)
        .unwrap_err()
        .to_string();
    expect![[r#"
        2 bad cells in the csv:
          line 3, column name: the Chinese name is 303 bytes, more than the limit of 300
          line 4, column id: the id is 301 bytes, more than the limit of 300"#]]
    .assert_eq(&err);
    let at_limit = format!(
        "id,name,reports_to\ngm,{}|{},\n",
        "主".repeat(100),
        "W".repeat(limits::MAX_NAME_BYTES)
    );
    centerplan::csv_io::import_chart(&at_limit).unwrap();
}

#[test]
fn every_edit_that_sets_a_text_is_held_to_its_field_limit() {
    use centerplan::edit::{Edit, apply};
    use centerplan::model::{Audience, Duty, Kpi, Phase};
    let plan = support::deep_plan(3);
    let node = plan.chart.nodes[0].id.clone();
    let long = |bytes: usize| Text::new("", "W".repeat(bytes + 1));
    let edits = [
        (
            Edit::Rename {
                id: node.clone(),
                name: long(limits::MAX_NAME_BYTES),
            },
            "name.en: 301 bytes, more than the limit of 300",
        ),
        (
            Edit::AddChild {
                parent: node.clone(),
                kind: centerplan::model::NodeKind::Position,
                name: long(limits::MAX_NAME_BYTES),
            },
            "name.en: 301 bytes, more than the limit of 300",
        ),
        (
            Edit::AddAssistant {
                manager: node.clone(),
                name: long(limits::MAX_NAME_BYTES),
            },
            "name.en: 301 bytes, more than the limit of 300",
        ),
        (
            Edit::SetCellDuties {
                role: NodeId::new("n0"),
                phase: Phase::ALL[0],
                duties: vec![Text::default(), long(limits::MAX_DUTY_BYTES)],
            },
            "duties[1].en: 2001 bytes, more than the limit of 2000",
        ),
        (
            Edit::SetJobDescription {
                position: node.clone(),
                summary: long(limits::MAX_PARAGRAPH_BYTES),
                duties: Vec::new(),
            },
            "summary.en: 8001 bytes, more than the limit of 8000",
        ),
        (
            Edit::SetJobDescription {
                position: node.clone(),
                summary: Text::default(),
                duties: vec![Duty {
                    text: long(limits::MAX_DUTY_BYTES),
                    audience: Audience::Both,
                }],
            },
            "duties[0].text.en: 2001 bytes, more than the limit of 2000",
        ),
        (
            Edit::SetKpi {
                kpi: Kpi {
                    id: "k".to_owned(),
                    name: Text::default(),
                    definition: long(limits::MAX_PARAGRAPH_BYTES),
                    formula: Text::default(),
                    target: String::new(),
                    audience: Audience::Both,
                },
            },
            "kpi.definition.en: 8001 bytes, more than the limit of 8000",
        ),
        (
            Edit::SetKpi {
                kpi: Kpi {
                    id: "k".to_owned(),
                    name: Text::default(),
                    definition: Text::default(),
                    formula: Text::default(),
                    target: "9".repeat(limits::MAX_NAME_BYTES + 1),
                    audience: Audience::Both,
                },
            },
            "kpi.target: 301 bytes, more than the limit of 300",
        ),
        (
            Edit::AddKpi {
                name: long(limits::MAX_NAME_BYTES),
            },
            "name.en: 301 bytes, more than the limit of 300",
        ),
    ];
    for (edit, message) in edits {
        let mut edited = plan.clone();
        let err = apply(&mut edited, &edit).unwrap_err();
        assert_eq!(err.code(), "edit.text-too-long", "{edit:?}");
        assert_eq!(err.to_string(), message);
        assert!(!err.message(Lang::Zh).is_empty());
        assert_eq!(edited, plan, "a refused edit changed the plan");
    }
    // At the limit, each of them is applied.
    let mut edited = plan.clone();
    apply(
        &mut edited,
        &Edit::Rename {
            id: node,
            name: unbroken(limits::MAX_NAME_BYTES),
        },
    )
    .unwrap();
    limits::check_plan(&edited).unwrap();
}

#[test]
fn ids_made_by_adding_nodes_stay_within_the_id_limit_however_deep() {
    use centerplan::edit::{Applied, Edit, apply};
    let mut plan = support::deep_plan(1);
    let mut parent = plan.chart.nodes[0].id.clone();
    for _ in 0..100 {
        let applied = apply(
            &mut plan,
            &Edit::AddChild {
                parent: parent.clone(),
                kind: centerplan::model::NodeKind::Position,
                name: Text::new("岗位", "Post"),
            },
        )
        .unwrap();
        let Applied::Changed { select: Some(id) } = applied else {
            panic!("{applied:?}");
        };
        parent = id;
    }
    limits::check_plan(&plan).unwrap();
}

#[test]
fn a_long_unbroken_name_at_the_limit_exports_a_pdf() {
    // Broken into pieces a line can hold on its way to the typesetter, in the cover, the
    // running header, headings, tables and the chart.
    let mut plan = centerplan::templates::template(
        centerplan::model::CenterType::Hybrid,
        &"W".repeat(limits::MAX_PLAN_NAME_BYTES),
    );
    for node in &mut plan.chart.nodes {
        node.name = unbroken(limits::MAX_NAME_BYTES);
    }
    plan.job_descriptions[0].duties[0].text = unbroken(limits::MAX_DUTY_BYTES);
    plan.matrix.rows[0].cells[0].duties = vec![unbroken(limits::MAX_DUTY_BYTES)];
    limits::check_plan(&plan).unwrap();
    let fonts = &*crate::manual::FONTS;
    for lang in Lang::ALL {
        let options = centerplan::manual::ManualOptions {
            edition: centerplan::manual::Edition::Manager,
            lang,
            date: centerplan::manual::Date::new(2026, 3, 5).unwrap(),
        };
        let started = Instant::now();
        let pdf = centerplan::manual::render_pdf(&plan, &options, fonts).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        eprintln!(
            "{lang:?}: {} KB in {:?}",
            pdf.len() / 1024,
            started.elapsed()
        );
        let body = centerplan::manual::render_typst_body_from(
            &plan,
            &options,
            centerplan::manual::Sources::embedded(),
        )
        .unwrap();
        assert!(
            !body.contains(&"W".repeat(25)),
            "an unbroken run reached Typst"
        );
    }
}

#[test]
fn a_manual_longer_than_the_typesetter_is_given_is_refused_before_layout() {
    // Every name at its limit and the chart at its node limit: each name is printed in
    // several reporting-line sentences, far past what a PDF is typeset from.
    let mut plan = support::deep_plan(2);
    let root = plan.chart.nodes[0].id.clone();
    for i in plan.chart.nodes.len()..limits::MAX_NODES {
        plan.chart.nodes.push(centerplan::model::Node::new(
            &format!("w{i}"),
            Some(root.as_str()),
            centerplan::model::NodeKind::Position,
            unbroken(limits::MAX_NAME_BYTES),
        ));
    }
    limits::check_plan(&plan).unwrap();
    let options = centerplan::manual::ManualOptions {
        edition: centerplan::manual::Edition::Manager,
        lang: Lang::En,
        date: centerplan::manual::Date::new(2026, 3, 5).unwrap(),
    };
    let started = Instant::now();
    let err = centerplan::manual::render_pdf(&plan, &options, &crate::manual::FONTS).unwrap_err();
    assert_eq!(err.code(), "manual.too-long");
    assert!(
        err.to_string()
            .contains(&format!("more than the {}", limits::MAX_MANUAL_BYTES)),
        "{err}"
    );
    eprintln!("refused in {:?}", started.elapsed());
    // The Markdown, which costs no layout, still exports.
    centerplan::manual::render_markdown(&plan, &options).unwrap();
}

#[test]
fn an_out_of_range_value_is_not_called_too_large() {
    // A rank past ±10,000 half levels was reported as "plan too large: …" by JSON import
    // and "too large: …" by save: it is a bad value, not a size.
    let mut plan = support::deep_plan(3);
    plan.chart.nodes[1].rank = Some(centerplan::model::Rank(i32::MAX));
    let json = interchange::from_json(&interchange::to_json(&plan)).unwrap_err();
    expect!["invalid plan at plan.chart.nodes[1].rank: 2147483647 is outside the allowed range -10000 to 10000"]
        .assert_eq(&json.to_string());
    expect!["方案数据有误：plan.chart.nodes[1].rank：2147483647 超出允许范围 -10000 至 10000"]
        .assert_eq(&json.message(Lang::Zh));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.centerplan");
    let saved = document::save(&plan, &path).unwrap_err();
    assert_eq!(saved.code(), "document.limit");
    assert_eq!(
        saved.to_string(),
        format!(
            "cannot save {}: plan.chart.nodes[1].rank: 2147483647 is outside the allowed range -10000 to 10000",
            path.display()
        )
    );
    assert!(!saved.message(Lang::En).contains("too large"), "{saved}");
    assert!(!saved.message(Lang::Zh).contains("大小"), "{saved}");
}
