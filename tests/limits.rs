//! Limits (`src/limits.rs`): deep charts pass everywhere up to the limit, and every limit
//! is enforced where input enters with an error naming the field.

use std::time::Instant;

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
    assert_eq!(
        saved.to_string(),
        format!("cannot save {}: too large: {err}", path.display())
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
        expect!["plan.chart.nodes[1].name.en: 1048578 bytes, more than the limit of 1048576"],
    );
    check(
        |plan| plan.chart.nodes[2].id = NodeId(huge()),
        expect!["plan.chart.nodes[2].id: 1048578 bytes, more than the limit of 1048576"],
    );
    check(
        |plan| plan.matrix.rows[0].cells[3].duties[0].zh = huge(),
        expect![
            "plan.matrix.rows[0].cells[3].duties[0].zh: 1048578 bytes, more than the limit of 1048576"
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
        r#"too large: plan.chart.nodes[0].name.en: 1048577 bytes, more than the limit of 1048576"#
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
