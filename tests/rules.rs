//! The center's rules as data: one change reaches every chapter that states it (both
//! languages, both editions) and nothing else; the rules round-trip the document and JSON;
//! contradictions are diagnostics; `SetRules` undoes; a bad value is refused by name.

use centerplan::document;
use centerplan::edit::{Edit, Editor};
use centerplan::error::Failure;
use centerplan::interchange::{from_json, to_json};
use centerplan::manual::{self, Edition};
use centerplan::model::{CenterType, Lang, Plan, Text};
use centerplan::rules::{ClockTime, Count, Frequency, Rules, Shift, Span, SpanUnit};
use centerplan::templates::template;
use centerplan::validate::{Subject, validate};
use rusqlite::Connection;

use super::manual::options;

const EDITIONS: [Edition; 2] = [Edition::Manager, Edition::Csr];
const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn hybrid() -> Plan {
    template(CenterType::Hybrid, "示例中心")
}

fn render(plan: &Plan, edition: Edition, lang: Lang) -> String {
    manual::render_markdown(plan, &options(edition, lang)).unwrap()
}

/// The lines of each edition and language that change when `change` is applied to the
/// hybrid plan's rules, as (before, after) pairs; the line count never changes.
/// Lines of one edition and language that differ, as (before, after).
type Changed = Vec<(Edition, Lang, Vec<(String, String)>)>;

fn changed_lines(change: impl Fn(&mut Rules)) -> Changed {
    let before = hybrid();
    let mut after = before.clone();
    change(&mut after.rules);
    let mut out = Vec::new();
    for edition in EDITIONS {
        for lang in LANGS {
            let (old, new) = (
                render(&before, edition, lang),
                render(&after, edition, lang),
            );
            let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
            assert_eq!(
                old.len(),
                new.len(),
                "{edition:?} {lang:?}: lines added or removed"
            );
            let pairs = old
                .iter()
                .zip(&new)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect();
            out.push((edition, lang, pairs));
        }
    }
    out
}

/// Changing the rule `key` to `value` changes, in every edition and language, exactly the
/// lines that print the old value: each of them and nothing else differs by the old
/// printed value becoming the new one. Returns the number of changed lines per
/// (edition, language) for the caller to pin.
fn check_reach(key: &str, change: impl Fn(&mut Rules)) -> Vec<(Edition, Lang, usize)> {
    let mut changed = hybrid().rules;
    change(&mut changed);
    let defaults = Rules::default();
    let mut counts = Vec::new();
    for (edition, lang, pairs) in changed_lines(&change) {
        let old = defaults.reference(key, lang).unwrap();
        let new = changed.reference(key, lang).unwrap();
        for (before, after) in &pairs {
            assert_eq!(
                &before.replace(&old, &new),
                after,
                "{edition:?} {lang:?}: a changed line differs by more than {old:?} → {new:?}"
            );
        }
        counts.push((edition, lang, pairs.len()));
    }
    counts
}

#[test]
fn changing_a_complaint_deadline_changes_every_chapter_that_states_it_and_nothing_else() {
    let counts = check_reach("complaint.l4.first-contact", |rules| {
        rules.complaint_l4_first_contact = Span::new(3, SpanUnit::Hours);
    });
    // The complaint levels table in both editions; the manager edition's project
    // chapter quotes it as a control point.
    assert_eq!(
        counts,
        [
            (Edition::Manager, Lang::Zh, 2),
            (Edition::Manager, Lang::En, 2),
            (Edition::Csr, Lang::Zh, 1),
            (Edition::Csr, Lang::En, 1),
        ]
    );
    let counts = check_reach("complaint.l4.resolve", |rules| {
        rules.complaint_l4_resolve = Span::new(10, SpanUnit::WorkingDays);
    });
    assert!(counts.iter().all(|(_, _, n)| *n >= 1), "{counts:?}");
}

#[test]
fn changing_the_rest_rule_changes_the_scheduling_rules_and_the_swap_conditions() {
    let counts = check_reach("schedule.min-rest", |rules| {
        rules.min_rest = Span::new(12, SpanUnit::Hours);
    });
    // The scheduling chapter's fixed rules and swap conditions, and the shift
    // swap form of the forms appendix, in every edition.
    assert!(counts.iter().all(|(_, _, n)| *n == 3), "{counts:?}");
}

#[test]
fn changing_the_hold_limit_changes_the_phone_flow_and_the_first_week_appendix() {
    let counts = check_reach("call.hold-max", |rules| {
        rules.hold_max = Span::new(45, SpanUnit::Seconds);
    });
    // The phone flow's table, its hold steps and outage advice, and the appendix's
    // soft-phone note: the same four places in every edition and language.
    assert!(counts.iter().all(|(_, _, n)| *n == 4), "{counts:?}");
}

#[test]
fn changing_a_shift_changes_its_row_of_the_shift_table_in_both_languages() {
    let pairs = changed_lines(|rules| {
        let early = &mut rules.shifts[0];
        early.name = Text::new("白班", "Day");
        early.start = ClockTime::new(7, 30).unwrap();
        early.end = ClockTime::new(16, 0).unwrap();
    });
    for (edition, lang, pairs) in pairs {
        let expected = match lang {
            Lang::Zh => ("| 早班 | 08:00–16:30 |", "| 白班 | 07:30–16:00 |"),
            Lang::En => ("| Early | 08:00–16:30 |", "| Day | 07:30–16:00 |"),
        };
        // The shift's row; in the CSR edition also the week on that shift (its heading
        // line and the six times of the day), which is laid out on the first shift.
        let week = if edition == Edition::Csr { 7 } else { 0 };
        assert_eq!(pairs.len(), 1 + week, "{edition:?} {lang:?}: {pairs:?}");
        let (before, after) = &pairs[0];
        assert!(before.starts_with(expected.0), "{before}");
        assert!(after.starts_with(expected.1), "{after}");
        for (before, after) in &pairs[1..] {
            let times = |line: &str| {
                line.contains("08:00–16:30") || line.starts_with("| 0") || line.starts_with("| 1")
            };
            assert!(
                times(before) && (after.contains("07:30–16:00") || after.starts_with("| ")),
                "{before} → {after}"
            );
        }
    }
}

#[test]
fn a_shift_table_of_other_shape_prints_row_by_row() {
    let mut plan = hybrid();
    plan.rules.shifts = vec![Shift {
        name: Text::new("夜班", "Night"),
        start: ClockTime::new(22, 0).unwrap(),
        end: ClockTime::new(6, 0).unwrap(),
        flexible: false,
        meal_minutes: 0,
        breaks: 3,
        break_minutes: 10,
        purpose: Text::new("夜间报修", "Night-time repairs"),
    }];
    let zh = render(&plan, Edition::Csr, Lang::Zh);
    assert!(
        zh.contains("| 夜班 | 22:00–06:00 | 无 | 3 次，各 10 分钟 | 夜间报修 |"),
        "{zh}"
    );
    assert!(!zh.contains("| 早班 |"));
    let en = render(&plan, Edition::Csr, Lang::En);
    assert!(en.contains("| Night | 22:00–06:00 | none | 3 × 10 min | Night-time repairs |"));
}

#[test]
fn every_rule_key_prints_in_both_languages() {
    let rules = Rules::default();
    for spec in centerplan::rules::RULE_SPECS {
        for lang in LANGS {
            let text = rules.reference(spec.key, lang).unwrap();
            assert!(!text.is_empty(), "{} {lang:?}", spec.key);
        }
        assert!(
            !spec.label.zh.is_empty() && !spec.label.en.is_empty(),
            "{}",
            spec.key
        );
    }
}

/// Rules unlike the defaults in every way the storage distinguishes: every kind changed,
/// an overnight and a flexible shift.
fn unusual_rules() -> Rules {
    let mut rules = Rules {
        service_open: ClockTime::new(0, 0).unwrap(),
        service_close: ClockTime::new(23, 59).unwrap(),
        complaint_l4_resolve: Span::new(7, SpanUnit::Days),
        qa_sample: Count(12),
        mystery_frequency: Frequency::Monthly,
        complaint_authority: centerplan::rules::Yuan(1_000),
        callback_voicemail_by: ClockTime::new(10, 30).unwrap(),
        ..Rules::default()
    };
    rules.shifts[1].start = ClockTime::new(18, 0).unwrap();
    rules.shifts[1].end = ClockTime::new(2, 0).unwrap();
    rules.shifts.truncate(2);
    rules
}

#[test]
fn rules_round_trip_through_the_document_and_json() {
    let dir = tempfile::tempdir().unwrap();
    for rules in [
        unusual_rules(),
        Rules {
            shifts: Vec::new(),
            ..Rules::default()
        },
    ] {
        let mut plan = hybrid();
        plan.rules = rules;
        let path = dir.path().join("rules.centerplan");
        document::save(&plan, &path).unwrap();
        assert_eq!(document::open(&path).unwrap(), plan);
        assert_eq!(from_json(&to_json(&plan)).unwrap(), plan);
    }
}

#[test]
fn default_rules_store_no_rows_and_stay_out_of_json() {
    let plan = hybrid();
    assert!(!to_json(&plan).contains("\"rules\""));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.centerplan");
    document::save(&plan, &path).unwrap();
    let conn = Connection::open(&path).unwrap();
    for table in ["rule", "rule_shift"] {
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    // A plan from before the rules (no `rules` field) reads with the defaults.
    let reread = from_json(&to_json(&plan)).unwrap();
    assert!(reread.rules.is_default());
}

#[test]
fn a_time_that_is_not_hh_mm_is_refused_naming_its_json_path() {
    let mut plan = hybrid();
    plan.rules.service_open = ClockTime::new(7, 0).unwrap();
    let json = to_json(&plan).replace("\"07:00\"", "\"7:00\"");
    let err = from_json(&json).unwrap_err();
    assert_eq!(err.code(), "json.field");
    let message = err.to_string();
    assert!(message.contains("plan.rules.serviceOpen"), "{message}");
    assert!(message.contains("HH:MM"), "{message}");
}

/// Writes `sql` into a saved plan with changed rules and returns the open error.
fn open_tampered(sql: &str) -> document::DocumentError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.centerplan");
    let mut plan = hybrid();
    plan.rules = unusual_rules();
    document::save(&plan, &path).unwrap();
    Connection::open(&path).unwrap().execute_batch(sql).unwrap();
    document::open(&path).unwrap_err()
}

#[test]
fn a_bad_stored_rule_names_its_table_row_and_column() {
    let cases = [
        (
            "UPDATE rule SET text = 'fortnights' WHERE key = 'complaint.l4.resolve'",
            "rule",
            "text",
            "unknown unit \"fortnights\"",
        ),
        (
            "INSERT INTO rule (key, amount) VALUES ('qa.samples', 3)",
            "rule",
            "key",
            "unknown rule",
        ),
        (
            "UPDATE rule SET amount = -1 WHERE key = 'qa.sample'",
            "rule",
            "amount",
            "-1",
        ),
        (
            "UPDATE rule_shift SET start = '7:00' WHERE position = 0",
            "rule_shift",
            "start",
            "HH:MM",
        ),
    ];
    for (sql, table, column, detail) in cases {
        let err = open_tampered(sql);
        let text = err.to_string();
        assert_eq!(err.code(), "document.bad-field", "{sql}: {text}");
        assert!(
            text.contains(&format!("table {table}")) && text.contains(&format!("column {column}")),
            "{sql}: {text}"
        );
        assert!(text.contains(detail), "{sql}: {text}");
    }
    let err = open_tampered("DELETE FROM rule_shift WHERE position = 1");
    assert_eq!(err.code(), "document.corrupt", "{err}");
}

/// The diagnostics of the `rules.*` codes, as (code, rule key).
fn rule_diagnostics(rules: Rules) -> Vec<(&'static str, String)> {
    let mut plan = hybrid();
    plan.rules = rules;
    validate(&plan)
        .into_iter()
        .filter_map(|d| match d.subject {
            Subject::Rule { key } => Some((d.code, key)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_default_rules_have_no_diagnostic() {
    assert_eq!(rule_diagnostics(Rules::default()), []);
    assert_eq!(rule_diagnostics(unusual_rules()), []);
}

#[test]
fn a_contradictory_rule_set_gets_each_diagnostic() {
    let check = |change: &dyn Fn(&mut Rules), expected: &[(&str, &str)]| {
        let mut rules = Rules::default();
        change(&mut rules);
        let found = rule_diagnostics(rules);
        let expected: Vec<(&str, String)> = expected
            .iter()
            .map(|(c, k)| (*c, (*k).to_owned()))
            .collect();
        assert_eq!(found, expected);
    };
    check(&|r| r.shifts.clear(), &[("rules.no-shifts", "shifts")]);
    check(
        &|r| r.shifts[2].name = r.shifts[0].name.clone(),
        &[("rules.duplicate-shift", "shift.3")],
    );
    // 08:00–22:00 is 14 hours; with 11 hours' rest that is more than a day.
    check(
        &|r| r.shifts[0].end = ClockTime::new(22, 0).unwrap(),
        &[("rules.shift-too-long", "shift.1")],
    );
    check(
        &|r| r.shifts[3].break_minutes = 240,
        &[("rules.breaks-exceed-shift", "shift.4")],
    );
    check(
        &|r| r.shifts[2].end = ClockTime::new(1, 0).unwrap(),
        &[("rules.shift-outside-hours", "shift.3")],
    );
    check(
        &|r| r.shifts[0].start = ClockTime::new(7, 0).unwrap(),
        &[("rules.shift-outside-hours", "shift.1")],
    );
    check(
        &|r| r.service_close = r.service_open,
        &[("rules.service-hours", "service.close")],
    );
    check(
        &|r| r.complaint_l4_resolve = Span::new(1, SpanUnit::Hours),
        &[
            ("rules.deadline-order", "complaint.l4.resolve"),
            ("rules.level-order", "complaint.l4.resolve"),
        ],
    );
    check(
        &|r| r.hold_total = Span::new(30, SpanUnit::Seconds),
        &[("rules.deadline-order", "call.hold-total")],
    );
    check(
        &|r| r.complaint_l3_response = Span::new(4, SpanUnit::Hours),
        &[("rules.level-order", "complaint.l3.response")],
    );
}

#[test]
fn the_diagnostics_name_the_rule_in_both_languages() {
    let mut plan = hybrid();
    plan.rules.complaint_l4_resolve = Span::new(1, SpanUnit::Hours);
    let diagnostic = validate(&plan)
        .into_iter()
        .find(|d| d.code == "rules.deadline-order")
        .unwrap();
    assert!(
        diagnostic.message.zh.contains("四级投诉给出处理结果"),
        "{}",
        diagnostic.message.zh
    );
    assert!(diagnostic.message.zh.contains("1 小时"));
    assert!(
        diagnostic.message.en.contains("Level 4 complaint: result"),
        "{}",
        diagnostic.message.en
    );
    assert!(diagnostic.message.en.contains("2 hours"));
}

#[test]
fn set_rules_is_one_undoable_step() {
    let mut editor = Editor::new(hybrid(), true);
    let rules = unusual_rules();
    editor
        .apply(&Edit::SetRules {
            rules: Box::new(rules.clone()),
        })
        .unwrap();
    assert_eq!(editor.plan().rules, rules);
    assert!(editor.undo());
    assert!(editor.plan().rules.is_default());
    assert!(!editor.undo(), "one step");
    assert!(editor.redo());
    assert_eq!(editor.plan().rules, rules);
}

#[test]
fn a_bad_rule_value_is_refused_naming_the_field() {
    let refused = |change: &dyn Fn(&mut Rules), code: &str, field: &str| {
        let mut editor = Editor::new(hybrid(), true);
        let mut rules = Rules::default();
        change(&mut rules);
        let err = editor
            .apply(&Edit::SetRules {
                rules: Box::new(rules),
            })
            .unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        for lang in LANGS {
            assert!(
                err.message(lang).contains(field),
                "{lang:?}: {}",
                err.message(lang)
            );
        }
        assert!(editor.plan().rules.is_default(), "the plan is unchanged");
        assert!(!editor.can_undo());
    };
    refused(
        &|r| r.hold_max = Span::new(0, SpanUnit::Seconds),
        "edit.out-of-range",
        "rules.holdMax.amount",
    );
    refused(
        &|r| r.complaint_l2_response = Span::new(10_001, SpanUnit::WorkingDays),
        "edit.out-of-range",
        "rules.complaintL2Response.amount",
    );
    refused(
        &|r| r.shifts = vec![r.shifts[0].clone(); 25],
        "edit.too-many",
        "rules.shifts",
    );
    refused(
        &|r| r.shifts[1].name.zh = "班".repeat(41),
        "edit.text-too-long",
        "rules.shifts[1].name.zh",
    );
    refused(
        &|r| r.shifts[0].breaks = 13,
        "edit.out-of-range",
        "rules.shifts[0].breaks",
    );
}

#[test]
fn a_hostile_shift_name_prints_as_itself_and_keeps_the_table_whole() {
    let mut plan = hybrid();
    plan.rules.shifts[0].name = Text::new("早班 | <b>**x**</b>", "Early | {{ 1 }}");
    let zh = render(&plan, Edition::Csr, Lang::Zh);
    assert!(
        zh.contains(r"| 早班 \| \<b\>\*\*x\*\*\</b\> | 08:00–16:30 |"),
        "{zh}"
    );
    let en = render(&plan, Edition::Csr, Lang::En);
    assert!(en.contains(r"| Early \| {{ 1 }} | 08:00–16:30 |"), "{en}");
}

/// Regression: the CSR edition's "your week" table printed the early shift's times as
/// literals (07:45 … 16:30), so a center with other shifts or another arrival rule was
/// told the wrong times. It now follows the first shift of the table and the arrival rule.
#[test]
fn the_week_table_follows_the_first_shift_and_the_arrival_rule() {
    let mut plan = hybrid();
    let defaults = render(&plan, Edition::Csr, Lang::Zh);
    for time in [
        "| 07:45 |",
        "| 07:50 |",
        "| 07:55 |",
        "| 08:00 |",
        "| 16:20 |",
        "| 16:30 |",
    ] {
        assert!(defaults.contains(time), "the default day: {time}");
    }
    plan.rules.shifts[0].start = ClockTime::new(9, 0).unwrap();
    plan.rules.shifts[0].end = ClockTime::new(17, 30).unwrap();
    plan.rules.shifts[0].break_minutes = 10;
    plan.rules.arrive_before = Span::new(20, SpanUnit::Minutes);
    for lang in LANGS {
        let text = render(&plan, Edition::Csr, lang);
        for time in [
            "| 08:40 |",
            "| 08:50 |",
            "| 08:55 |",
            "| 09:00 |",
            "| 17:20 |",
            "| 17:30 |",
        ] {
            assert!(text.contains(time), "{lang:?}: {time}");
        }
        assert!(
            !text.contains("| 07:45 |") && !text.contains("| 16:30 |"),
            "{lang:?}"
        );
        assert!(
            text.contains(match lang {
                Lang::Zh => "按班表小休 10 分钟",
                Lang::En => "A break of 10 minutes as scheduled",
            }),
            "{lang:?}"
        );
    }
    // With no shift table, the week says where the times are.
    plan.rules.shifts.clear();
    let text = render(&plan, Edition::Csr, Lang::Zh);
    assert!(
        text.contains("以当期班表为准：班次开始前 20 分钟到岗"),
        "{text}"
    );
}
