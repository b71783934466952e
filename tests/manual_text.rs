//! The manual's text as its readers read it: every cross-reference names a chapter or
//! section that the same edition prints, and the CSR edition carries no manager-only
//! matter. Checked on the resolved Markdown of every template, edition and language.

use centerplan::manual::{self, Edition};
use centerplan::model::{CenterType, Lang};
use centerplan::staffing::{Load, Model, evaluate};
use centerplan::templates::template;

use super::manual::options;

/// Phrases that belong to management (costs, return on investment, target setting, risk,
/// governance, the chart's oversight lines, emergency command, hiring): none may reach the
/// CSR edition. Each one is also printed by some manager edition, so the list tracks the
/// text it guards.
const MANAGER_ONLY_ZH: [&str; 23] = [
    "投资回报",
    "成本核算",
    "成本测算",
    "成本效益",
    "风险登记表",
    "奖金池",
    "激励预算",
    "联合校准",
    "流程和控制点",
    "人员流失",
    "流失率",
    "越级汇报",
    "虚线汇报",
    "A 约占 15%",
    "定指标和目标",
    "班表草稿",
    "指标目标",
    "应急指挥",
    "中心级事件",
    "人员需求单",
    "招聘周期",
    "修订申请",
    "面试评分表",
];
const MANAGER_ONLY_EN: [&str; 22] = [
    "return on investment",
    "ROI",
    "total project cost",
    "cost estimate",
    "cost efficiency",
    "risk register",
    "bonus pool",
    "Incentive budget",
    "joint calibration",
    "control points",
    "attrition",
    "bypass line",
    "dotted line",
    "15% A grades",
    "sets the indicators and targets",
    "produces a draft",
    "incident commander",
    "center-level emergency",
    "staffing request",
    "Time to hire",
    "change request",
    "Interview scoring sheet",
];

/// One rendered edition.
struct Rendered {
    label: String,
    lang: Lang,
    edition: Edition,
    markdown: String,
}

fn every_rendering() -> Vec<Rendered> {
    let mut out = Vec::new();
    for center_type in CenterType::ALL {
        let plan = template(center_type, "测试中心");
        for lang in Lang::ALL {
            for edition in Edition::ALL {
                let markdown = manual::render_markdown(&plan, &options(edition, lang))
                    .unwrap_or_else(|err| panic!("{center_type} {lang:?} {edition:?}: {err}"));
                out.push(Rendered {
                    label: format!("{center_type} {edition:?} {lang:?}"),
                    lang,
                    edition,
                    markdown,
                });
            }
        }
    }
    out
}

/// The headings of a Markdown document, with their level (1 = chapter).
fn headings(markdown: &str) -> Vec<(usize, String)> {
    markdown
        .lines()
        .filter_map(|line| {
            let level = line.chars().take_while(|c| *c == '#').count();
            let rest = line[level..].strip_prefix(' ')?;
            (level > 0).then(|| (level, rest.trim().to_owned()))
        })
        .collect()
}

/// What a cross-reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Chapter,
    Section,
    Any,
}

/// The cross-references of a text: each quoted name with what it must be, plus the
/// references written without quotes (which name nothing checkable, so they are errors).
fn references(markdown: &str, lang: Lang) -> (Vec<(Target, String)>, Vec<String>) {
    match lang {
        Lang::Zh => references_zh(markdown),
        Lang::En => references_en(markdown),
    }
}

/// zh-CN: `“名称”一章`, `“名称”一节`, `见“名称”` and `“附录：…”`.
fn references_zh(markdown: &str) -> (Vec<(Target, String)>, Vec<String>) {
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(open) = rest.find('“') {
        let before = &rest[..open];
        let after_open = &rest[open + '“'.len_utf8()..];
        let Some(close) = after_open.find('”') else {
            break;
        };
        let name = &after_open[..close];
        let after = &after_open[close + '”'.len_utf8()..];
        let target = if after.starts_with("一章") {
            Some(Target::Chapter)
        } else if after.starts_with("一节") {
            Some(Target::Section)
        } else if before.ends_with('见') || name.starts_with("附录") {
            Some(Target::Any)
        } else {
            None
        };
        if let Some(target) = target {
            found.push((target, name.to_owned()));
        }
        rest = after;
    }
    let mut unquoted = Vec::new();
    for word in ["一章", "一节"] {
        for (at, _) in markdown.match_indices(word) {
            let before = markdown[..at].chars().next_back();
            if !matches!(before, Some('”' | '这' | '每')) {
                let start = markdown[..at]
                    .char_indices()
                    .rev()
                    .nth(4)
                    .map_or(0, |(i, _)| i);
                unquoted.push(markdown[start..at + word.len()].to_owned());
            }
        }
    }
    (found, unquoted)
}

/// English: `chapter "Name"`, `section "Name"`, `"Name" chapter`, `see "Name"` and
/// `"Appendix: …"`; `the chapter on …` and `the … chapter` name nothing exactly.
fn references_en(markdown: &str) -> (Vec<(Target, String)>, Vec<String>) {
    let mut found = Vec::new();
    let mut unquoted = Vec::new();
    for line in markdown.lines() {
        let parts: Vec<&str> = line.split('"').collect();
        // Odd parts are quoted, when the line's quotes pair up.
        if parts.len() % 2 == 1 {
            for i in (1..parts.len()).step_by(2) {
                let (before, name, after) = (parts[i - 1], parts[i], parts[i + 1]);
                let before = before.to_lowercase();
                let target = if before.ends_with("chapter ") || after.starts_with(" chapter") {
                    Some(Target::Chapter)
                } else if before.ends_with("section ") || after.starts_with(" section") {
                    Some(Target::Section)
                } else if before.ends_with("see ") || name.starts_with("Appendix") {
                    Some(Target::Any)
                } else {
                    None
                };
                if let Some(target) = target {
                    found.push((target, name.to_owned()));
                }
            }
        }
        let lower = line.to_lowercase();
        if let Some(at) = lower.find("chapter on ") {
            unquoted.push(lower[at..].chars().take(50).collect());
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .collect();
        for (i, word) in words.iter().enumerate() {
            if *word != "chapter" {
                continue;
            }
            // `the complaints chapter`: "the", one to four plain words, "chapter".
            let start = i.saturating_sub(5);
            if let Some(the) = words[start..i].iter().rposition(|w| *w == "the") {
                let between = &words[start + the + 1..i];
                // "this chapter", "the form in this chapter": the reader is already there.
                let here = ["this", "each", "every", "relevant"];
                if !between.is_empty()
                    && between.iter().all(|w| !w.is_empty())
                    && !here.contains(&words[i - 1])
                    && !between.contains(&"relevant")
                {
                    unquoted.push(format!("the {} chapter", between.join(" ")));
                }
            }
        }
    }
    (found, unquoted)
}

#[test]
fn every_see_reference_names_a_chapter_or_section_of_that_edition() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for rendered in every_rendering() {
        let headings = headings(&rendered.markdown);
        let (found, unquoted) = references(&rendered.markdown, rendered.lang);
        for (target, name) in found {
            checked += 1;
            let exists = headings.iter().any(|(level, heading)| {
                heading == &name
                    && match target {
                        Target::Chapter => *level == 1,
                        Target::Section => *level > 1,
                        Target::Any => true,
                    }
            });
            if !exists {
                problems.push(format!(
                    "{}: {target:?} \"{name}\" is not a heading",
                    rendered.label
                ));
            }
        }
        for text in unquoted {
            problems.push(format!(
                "{}: reference without the heading's exact name: {text}",
                rendered.label
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The parser must find the references the chapters make, or the test proves nothing.
    assert!(checked > 16 * 10, "only {checked} references found");
}

#[test]
fn the_csr_edition_contains_no_manager_only_phrase() {
    let renderings = every_rendering();
    let mut problems = Vec::new();
    for (lang, phrases) in [
        (Lang::Zh, &MANAGER_ONLY_ZH[..]),
        (Lang::En, &MANAGER_ONLY_EN[..]),
    ] {
        for phrase in phrases {
            let of = |edition| {
                renderings
                    .iter()
                    .filter(move |r| r.lang == lang && r.edition == edition)
            };
            for csr in of(Edition::Csr) {
                if csr.markdown.contains(phrase) {
                    problems.push(format!("{}: \"{phrase}\"", csr.label));
                }
            }
            if !of(Edition::Manager).any(|r| r.markdown.contains(phrase)) {
                problems.push(format!("no manager edition says \"{phrase}\""));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The complaint, project and forecasting chapters told staff to start an emergency plan
/// that only a section of the complaints chapter sketched, and the about chapter promised a
/// forms appendix that did not exist. Both are now chapters of every edition: the emergency
/// plan is the one place (no section elsewhere is an emergency plan), and the forms only
/// managers fill in are in the manager edition only.
#[test]
fn the_emergency_plan_and_the_forms_appendix_are_chapters_of_every_edition() {
    for rendered in every_rendering() {
        let headings = headings(&rendered.markdown);
        let (plan, forms, shared, managers) = match rendered.lang {
            Lang::Zh => (
                "应急预案",
                "附录：常用表单",
                "请假申请表",
                "一对一辅导记录表",
            ),
            Lang::En => (
                "Emergency plan",
                "Appendix: Forms",
                "Leave request",
                "Coaching record",
            ),
        };
        let chapter = |title: &str| headings.iter().any(|(level, h)| *level == 1 && h == title);
        let section = |title: &str| headings.iter().any(|(level, h)| *level > 1 && h == title);
        assert!(chapter(plan), "{}: no chapter {plan}", rendered.label);
        assert!(chapter(forms), "{}: no chapter {forms}", rendered.label);
        let elsewhere: Vec<&String> = headings
            .iter()
            .filter(|(level, h)| {
                *level > 1 && (h.contains("应急") || h.eq_ignore_ascii_case("emergency plan"))
            })
            .map(|(_, h)| h)
            .collect();
        assert!(elsewhere.is_empty(), "{}: {elsewhere:?}", rendered.label);
        assert!(section(shared), "{}: no form {shared}", rendered.label);
        assert_eq!(
            section(managers),
            rendered.edition == Edition::Manager,
            "{}: {managers}",
            rendered.label
        );
    }
}

#[test]
fn the_reference_parsers_find_quoted_and_unquoted_references() {
    let (found, unquoted) = references_zh(
        "详见“排班与考勤”一章和“评分校准”一节；见“休息与用餐”。见投诉处理一章。这一章",
    );
    assert_eq!(
        found,
        [
            (Target::Chapter, "排班与考勤".to_owned()),
            (Target::Section, "评分校准".to_owned()),
            (Target::Any, "休息与用餐".to_owned()),
        ]
    );
    assert_eq!(unquoted, ["见投诉处理一章"]);
    let (found, unquoted) = references_en(
        "See the chapter \"Scheduling and attendance\" and the section \"Calibration\"; see \"Breaks and meals\". See the complaints chapter, the chapter on reporting lines, this chapter.",
    );
    assert_eq!(
        found,
        [
            (Target::Chapter, "Scheduling and attendance".to_owned()),
            (Target::Section, "Calibration".to_owned()),
            (Target::Any, "Breaks and meals".to_owned()),
        ]
    );
    assert_eq!(
        unquoted,
        [
            "chapter on reporting lines, this chapter.",
            "the complaints chapter"
        ]
    );
}

/// The KPI chapter's worked hour once claimed that 8 agents taking 60 calls at 170 s
/// answer "just 85 %" within 30 s, when Erlang C says nearly all. Its figures now come
/// from the queue: 186 calls in the hour at 170 s, 12 agents on the phones meet 85/30,
/// and one of them leaving 10 minutes early puts the hour below it.
#[test]
fn the_service_level_example_agrees_with_erlang_c() {
    let load = Load {
        calls: 186.0,
        interval_secs: 3600.0,
        aht_secs: 170.0,
    };
    let service_level = |agents| {
        evaluate(&load, agents, Model::ErlangC, 30.0)
            .expect("a stable queue")
            .service_level
    };
    let (twelve, eleven) = (service_level(12), service_level(11));
    assert!((0.85..0.88).contains(&twelve), "12 agents: {twelve}");
    let hour = (50.0 * twelve + 10.0 * eleven) / 60.0;
    assert!(
        hour < 0.85,
        "the hour with one agent 10 minutes short: {hour}"
    );
    assert_eq!(format!("{:.1}%", hour * 100.0), "84.6%");
    assert_eq!(format!("{:.1}%", 161.0 / 186.0 * 100.0), "86.6%");
    // The example speaks to agents: it is in every CSR edition.
    let csr = every_rendering()
        .into_iter()
        .filter(|r| r.edition == Edition::Csr);
    for rendered in csr {
        for figure in ["| 186 |", "| 161 |", "86.6%", "84.6%"] {
            assert!(
                rendered.markdown.contains(figure),
                "{}: {figure}",
                rendered.label
            );
        }
    }
}
