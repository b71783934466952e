//! The manual follows the plan's chart: the chapters name roles by function, so any chart
//! exports — a deleted position, renamed ids, a chart from an HR spreadsheet — and what the
//! manual leans on that the chart lacks is a validation warning first.

use std::collections::{BTreeSet, HashMap};

use centerplan::csv_io::import_chart;
use centerplan::edit::{self, Edit, Editor};
use centerplan::error::Failure;
use centerplan::manual::roles::{ReferenceKind, builtin_references, running_text};
use centerplan::manual::{self, Edition, Sources};
use centerplan::model::{CenterType, Function, Lang, NodeId, NodeKind, Plan, Text};
use centerplan::templates::{self, expected_functions, template};
use centerplan::validate::{Diagnostic, Subject, validate};

use super::manual::{FONTS, options, pdf_text};

/// Every edition × language.
fn every_edition() -> impl Iterator<Item = (Edition, Lang)> {
    Edition::ALL
        .into_iter()
        .flat_map(|e| Lang::ALL.into_iter().map(move |l| (e, l)))
}

/// The plan's own free text (job descriptions, KPI definitions, matrix duties, career
/// steps) is the user's to edit; blanked, so that what remains is the chapters' words.
fn neutral(plan: &mut Plan) {
    for job in &mut plan.job_descriptions {
        job.summary = Text::default();
        for duty in &mut job.duties {
            duty.text = Text::new("职责", "duty");
        }
    }
    for kpi in &mut plan.kpis {
        kpi.definition = Text::new("定义", "definition");
        kpi.formula = Text::default();
    }
    for row in &mut plan.matrix.rows {
        for phase in centerplan::model::Phase::ALL {
            for duty in &mut row.cell_mut(phase).duties {
                *duty = Text::new("事项", "task");
            }
        }
    }
    for (i, step) in plan.career_path.iter_mut().enumerate() {
        step.title = Text::new(format!("第{}级", i + 1), format!("step {}", i + 1));
        step.requirements = Text::new("要求", "requirements");
    }
}

/// Words that would name a deleted role in `lang`: the deleted nodes' names (units' English
/// names are common words: "Operations", "Technology") in chart and running-text form, and
/// the canonical terms of functions nobody holds any more. Also what must be blanked out
/// first because it is still on the chart and contains such a word ("质检主管" ⊃ "主管").
fn needles(
    removed: &[centerplan::model::Node],
    plan: &Plan,
    lang: Lang,
) -> (Vec<String>, Vec<String>) {
    let held: BTreeSet<Function> = plan.chart.nodes.iter().filter_map(|n| n.function).collect();
    let mut needles = BTreeSet::new();
    for node in removed {
        let name = node.name.get(lang);
        if lang == Lang::Zh || node.kind != NodeKind::Unit {
            for form in [name.to_owned(), running_text(name, lang)] {
                if form.chars().count() >= 2 {
                    needles.insert(form);
                }
            }
        }
        if let Some(f) = node.function.filter(|f| !held.contains(f)) {
            needles.insert(f.term().get(lang).to_owned());
        }
    }
    let mut keep: Vec<String> = plan
        .chart
        .nodes
        .iter()
        .flat_map(|n| {
            let name = n.name.get(lang);
            let term = n.function.map(|f| f.term().get(lang).to_owned());
            [Some(name.to_owned()), Some(running_text(name, lang)), term]
        })
        .flatten()
        .filter(|k| !k.is_empty())
        .collect();
    // Not chart roles: the editions' names, and a CSR who trains peers.
    keep.extend(
        Edition::ALL
            .into_iter()
            .map(|e| e.title(lang).to_owned())
            .chain([
                "in-house trainers".to_owned(),
                "in-house trainer".to_owned(),
            ]),
    );
    keep.sort_by_key(|k| std::cmp::Reverse(k.len()));
    (needles.into_iter().collect(), keep)
}

/// Lines of `text` that still name one of `needles` once `keep` is blanked out.
fn leaks(text: &str, needles: &[String], keep: &[String], lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut probe = if lang == Lang::En {
            line.to_lowercase()
        } else {
            line.to_owned()
        };
        for k in keep {
            let k = if lang == Lang::En {
                k.to_lowercase()
            } else {
                k.clone()
            };
            probe = probe.replace(&k, "\u{0}");
        }
        for needle in needles {
            let needle = if lang == Lang::En {
                needle.to_lowercase()
            } else {
                needle.clone()
            };
            if probe.contains(&needle) {
                found.push(format!("{needle:?} in {line:.200}"));
            }
        }
    }
    found
}

/// The functions the built-in chapters name, in any language.
fn referenced_functions() -> BTreeSet<Function> {
    builtin_references()
        .iter()
        .flatten()
        .flat_map(|c| &c.references)
        .filter(|r| r.kind == ReferenceKind::Role)
        .filter_map(|r| Function::from_key(&r.key))
        .collect()
}

fn unassigned(diagnostics: &[Diagnostic]) -> BTreeSet<Function> {
    diagnostics
        .iter()
        .filter(|d| d.code == "manual.role-unassigned")
        .filter_map(|d| match d.subject {
            Subject::Function { function } => Some(function),
            _ => None,
        })
        .collect()
}

/// Deletes `id` with its subtree as the app does; returns the deleted nodes.
fn delete(plan: &mut Plan, id: &NodeId) -> Vec<centerplan::model::Node> {
    let before = plan.chart.nodes.clone();
    edit::apply(plan, &Edit::DeleteSubtree { id: id.clone() }).expect("delete applies");
    before
        .into_iter()
        .filter(|n| plan.chart.node(&n.id).is_none())
        .collect()
}

#[test]
fn deleting_any_node_of_any_template_still_exports_and_names_no_deleted_role() {
    let referenced = referenced_functions();
    // The test means something only if the chapters lean on the roles people delete.
    for f in [
        Function::QaSpecialist,
        Function::TeamLeader,
        Function::Trainer,
        Function::Csr,
    ] {
        assert!(referenced.contains(&f), "no chapter names {f:?}");
    }
    let mut cases = Vec::new();
    for center_type in CenterType::ALL {
        let base = template(center_type, "测试中心");
        for node in &base.chart.nodes {
            cases.push((base.clone(), node.id.clone()));
        }
    }
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = cases.chunks(cases.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let referenced = &referenced;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for (base, id) in chunk {
                        let mut plan = base.clone();
                        let removed = delete(&mut plan, id);
                        let t = plan.center_type;
                        let held: BTreeSet<Function> =
                            plan.chart.nodes.iter().filter_map(|n| n.function).collect();
                        let want: BTreeSet<Function> = expected_functions(t)
                            .iter()
                            .copied()
                            .filter(|f| !held.contains(f) && referenced.contains(f))
                            .collect();
                        let got = unassigned(&validate(&plan));
                        if got != want {
                            failures.push(format!(
                                "{t} -{id}: warnings for {got:?}, expected {want:?}"
                            ));
                        }
                        neutral(&mut plan);
                        for (edition, lang) in every_edition() {
                            let options = options(edition, lang);
                            let (needles, keep) = needles(&removed, &plan, lang);
                            let outputs = [
                                manual::render_markdown(&plan, &options),
                                manual::render_html(&plan, &options),
                                manual::render_typst_body_from(
                                    &plan,
                                    &options,
                                    Sources::embedded(),
                                ),
                            ];
                            for (format, output) in ["md", "html", "typst"].iter().zip(outputs) {
                                match output {
                                    Err(err) => failures.push(format!(
                                        "{t} -{id} {edition:?} {lang:?} {format}: {err}"
                                    )),
                                    Ok(text) if *format == "md" => {
                                        for leak in leaks(&text, &needles, &keep, lang) {
                                            failures.push(format!(
                                                "{t} -{id} {edition:?} {lang:?}: {leak}"
                                            ));
                                        }
                                    }
                                    Ok(_) => {}
                                }
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

#[test]
fn deleting_the_qa_specialist_warns_and_the_pdf_still_typesets() {
    // The defect of the issue: the hybrid template without its QA specialist failed to
    // export with "unknown position id", in both editions and languages.
    for id in ["qa-specialist", "gm", "operations"] {
        let mut plan = template(CenterType::Hybrid, "华北客户服务中心");
        let removed = delete(&mut plan, &NodeId::new(id));
        let diagnostics = validate(&plan);
        if id == "qa-specialist" {
            let warning = diagnostics
                .iter()
                .find(|d| {
                    d.subject
                        == Subject::Function {
                            function: Function::QaSpecialist,
                        }
                })
                .expect("a warning for the QA specialist's duties");
            assert_eq!(warning.code, "manual.role-unassigned");
            assert!(
                warning.message.zh.contains("质检专员"),
                "{}",
                warning.message.zh
            );
            assert!(
                warning.message.en.contains("QA specialist"),
                "{}",
                warning.message.en
            );
        }
        neutral(&mut plan);
        for (edition, lang) in every_edition() {
            let pdf = manual::render_pdf(&plan, &options(edition, lang), &FONTS)
                .unwrap_or_else(|err| panic!("-{id} {edition:?} {lang:?}: {err}"));
            let text = pdf_text(&pdf);
            let (needles, keep) = needles(&removed, &plan, lang);
            assert!(
                text.len() > 10_000,
                "-{id} {edition:?} {lang:?}: the PDF has text"
            );
            // The Markdown sweep above checks every word. A PDF's text interleaves table
            // columns and breaks lines inside words, so only the QA specialist's name,
            // which no remaining name contains, is read back from the typeset Chinese.
            if lang == Lang::Zh && id == "qa-specialist" {
                let found = leaks(&text.replace('\n', ""), &needles, &keep, lang);
                assert!(found.is_empty(), "-{id} {edition:?}: {found:?}");
            }
        }
    }
}

#[test]
fn renaming_every_id_keeps_the_manual_byte_identical() {
    let original = template(CenterType::Hybrid, "华北客户服务中心");
    let mut renamed = original.clone();
    // Ids as an HR system would give them, in an order unrelated to the template's.
    let ids: HashMap<NodeId, NodeId> = original
        .chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.id.clone(),
                NodeId::new(format!("E{:04}", 7919 * (i + 3) % 10_000)),
            )
        })
        .collect();
    let map = |id: &mut NodeId| *id = ids[id].clone();
    for node in &mut renamed.chart.nodes {
        map(&mut node.id);
        if let Some(parent) = &mut node.parent {
            map(parent);
        }
    }
    for line in &mut renamed.chart.lines {
        map(&mut line.from);
        map(&mut line.to);
    }
    for row in &mut renamed.matrix.rows {
        map(&mut row.role);
    }
    for job in &mut renamed.job_descriptions {
        map(&mut job.position);
    }
    for step in &mut renamed.career_path {
        if let Some(position) = &mut step.position {
            map(position);
        }
    }
    assert!(validate(&renamed).is_empty(), "{:?}", validate(&renamed));
    for (edition, lang) in every_edition() {
        let options = options(edition, lang);
        assert_eq!(
            manual::render_markdown(&renamed, &options).unwrap(),
            manual::render_markdown(&original, &options).unwrap(),
            "{edition:?} {lang:?}"
        );
    }
    let options = options(Edition::Manager, Lang::Zh);
    assert!(
        manual::render_pdf(&renamed, &options, &FONTS).unwrap()
            == manual::render_pdf(&original, &options, &FONTS).unwrap(),
        "the PDF bytes differ"
    );
}

#[test]
fn a_spreadsheet_chart_with_hr_ids_and_no_function_column_exports_both_editions() {
    let csv = "编号,名称,上级,类型,编制\n\
        E1001,呼叫中心总经理,,岗位,1/1\n\
        E1002,监管部,E1001,部门,\n\
        E1003,质检组长,E1002,岗位,1/1\n\
        E1004,质检员,E1003,岗位,3/2\n\
        E1005,排班专员,E1002,岗位,1/1\n\
        E1006,培训专员,E1002,岗位,1/1\n\
        E1007,运营部,E1001,部门,\n\
        E1008,运营经理,E1007,岗位,1/1\n\
        E1009,班组长,E1008,岗位,3/3\n\
        E1010,客服专员,E1009,岗位,40/36\n\
        E1011,投诉主管,E1008,岗位,1/1\n";
    let imported = import_chart(csv).expect("the roster imports");
    let inferred: Vec<(&str, Function)> = imported
        .inferred
        .iter()
        .map(|(id, f)| (id.as_str(), *f))
        .collect();
    assert_eq!(
        inferred,
        [
            ("E1001", Function::GeneralManager),
            ("E1002", Function::Oversight),
            ("E1003", Function::QaSupervisor),
            ("E1004", Function::QaSpecialist),
            ("E1005", Function::WorkforcePlanner),
            ("E1006", Function::Trainer),
            ("E1007", Function::Operations),
            ("E1008", Function::OperationsManager),
            ("E1009", Function::TeamLeader),
            ("E1010", Function::Csr),
            ("E1011", Function::ComplaintSupervisor),
        ]
    );
    let plan = templates::with_chart(template(CenterType::Service, "东区热线"), imported.chart);
    // The template's job descriptions and matrix rows followed their roles to the HR ids.
    let job = |f: Function| {
        let id = &plan.chart.find_function(f).unwrap().id;
        plan.job_descriptions.iter().any(|j| &j.position == id)
    };
    assert!(job(Function::TeamLeader) && job(Function::Csr) && job(Function::QaSpecialist));
    assert!(
        plan.matrix
            .rows
            .iter()
            .all(|r| plan.chart.node(&r.role).is_some())
    );
    assert!(!plan.matrix.rows.is_empty());
    for (edition, lang) in every_edition() {
        let markdown = manual::render_markdown(&plan, &options(edition, lang)).unwrap();
        if lang == Lang::Zh {
            assert!(
                markdown.contains("班组长"),
                "{edition:?}: the team leader is named"
            );
            assert!(
                markdown.contains("质检员"),
                "{edition:?}: the QA specialist is named"
            );
        }
    }
    manual::render_pdf(&plan, &options(Edition::Csr, Lang::Zh), &FONTS).expect("typesets");
}

#[test]
fn a_role_prints_the_charts_name_and_falls_back_per_passage() {
    let mut plan = template(CenterType::Hybrid, "华北客户服务中心");
    let qa = plan
        .chart
        .find_function(Function::QaSpecialist)
        .unwrap()
        .id
        .clone();
    edit::apply(
        &mut plan,
        &Edit::Rename {
            id: qa.clone(),
            name: Text::new("质量监控员", "Quality monitor"),
        },
    )
    .unwrap();
    neutral(&mut plan);
    let csr_zh = manual::render_markdown(&plan, &options(Edition::Csr, Lang::Zh)).unwrap();
    assert!(csr_zh.contains("质量监控员"));
    assert!(
        !csr_zh.contains("质检专员"),
        "the old name is gone everywhere"
    );
    let csr_en = manual::render_markdown(&plan, &options(Edition::Csr, Lang::En)).unwrap();
    assert!(
        csr_en.contains("quality monitor"),
        "running text lower-cases it"
    );
    // One team leader box named 组长 is "你的组长"; two boxes (one per shift) are named by
    // the function, and the chart shows who.
    let leader = plan
        .chart
        .find_function(Function::TeamLeader)
        .unwrap()
        .clone();
    edit::apply(
        &mut plan,
        &Edit::Rename {
            id: leader.id.clone(),
            name: Text::new("组长", "Team lead"),
        },
    )
    .unwrap();
    let one = manual::render_markdown(&plan, &options(Edition::Csr, Lang::Zh)).unwrap();
    assert!(one.contains("你的组长") && !one.contains("你的主管"));
    let mut second = plan.chart.node(&leader.id).unwrap().clone();
    second.id = NodeId::new("night-leader");
    second.name = Text::new("夜班组长", "Night team lead");
    plan.chart.nodes.push(second);
    let two = manual::render_markdown(&plan, &options(Edition::Csr, Lang::Zh)).unwrap();
    assert!(two.contains("你的主管") && !two.contains("你的组长"));
}

#[test]
fn a_deleted_kpi_prints_its_built_in_definition_after_a_warning() {
    let mut plan = template(CenterType::Sales, "销售热线");
    plan.kpis.retain(|k| k.id != "aht");
    let warnings: Vec<_> = validate(&plan)
        .into_iter()
        .filter(|d| d.code == "manual.unknown-kpi")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].subject, Subject::Kpi { id: "aht".into() });
    let markdown = manual::render_markdown(&plan, &options(Edition::Manager, Lang::Zh)).unwrap();
    assert!(
        markdown.contains("平均处理时间"),
        "the built-in name is printed"
    );
}

#[test]
fn a_center_type_without_a_role_gets_no_warning_for_it() {
    // A sales center has no operations VP and a service center no business development:
    // the manual's passages about them simply do not apply.
    for center_type in CenterType::ALL {
        let plan = template(center_type, "x");
        assert!(unassigned(&validate(&plan)).is_empty(), "{center_type}");
    }
}

#[test]
fn every_role_a_chapter_names_is_a_function() {
    for chapters in builtin_references() {
        for chapter in chapters {
            for reference in &chapter.references {
                match reference.kind {
                    ReferenceKind::Role => assert!(
                        Function::from_key(&reference.key).is_some(),
                        "{}:{}: unknown function {:?}",
                        chapter.path,
                        reference.line,
                        reference.key
                    ),
                    ReferenceKind::Position => panic!(
                        "{}:{}: a built-in chapter names the position id {:?}; name its function",
                        chapter.path, reference.line, reference.key
                    ),
                    ReferenceKind::Kpi => {}
                }
            }
        }
    }
}

#[test]
fn setting_a_function_is_one_undoable_edit() {
    let plan = template(CenterType::Hybrid, "x");
    let mut editor = Editor::new(plan.clone(), true);
    let id = NodeId::new("desktop-support");
    editor
        .apply(&Edit::SetFunction {
            id: id.clone(),
            function: Some(Function::Technology),
        })
        .unwrap();
    assert_eq!(
        editor.plan().chart.node(&id).unwrap().function,
        Some(Function::Technology)
    );
    assert!(editor.undo());
    assert_eq!(editor.plan(), &plan);
    let err = edit::apply(
        &mut plan.clone(),
        &Edit::SetFunction {
            id: NodeId::new("nobody"),
            function: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit.unknown-node");
}

#[test]
fn a_function_is_read_from_its_key_or_either_name() {
    assert_eq!(Function::parse("team-leader"), Some(Function::TeamLeader));
    assert_eq!(Function::parse("主管"), Some(Function::TeamLeader));
    assert_eq!(Function::parse("Team Leader"), Some(Function::TeamLeader));
    assert_eq!(Function::parse("manager of everything"), None);
    // Keys are unique, and every function has a row.
    let keys: BTreeSet<&str> = Function::ALL.iter().map(|f| f.key()).collect();
    assert_eq!(keys.len(), Function::ALL.len());
}

#[test]
fn control_characters_in_plan_text_never_reach_html_or_markdown_raw() {
    let mut plan = template(CenterType::Hybrid, "华北\u{0}中心\u{1b}[2J");
    plan.chart.nodes[0].name = Text::new("总经理\u{1b}]0;title\u{7}", "GM\u{0}");
    for (edition, lang) in every_edition() {
        let options = options(edition, lang);
        for text in [
            manual::render_markdown(&plan, &options).unwrap(),
            manual::render_html(&plan, &options).unwrap(),
        ] {
            assert!(
                !text.contains(['\u{0}', '\u{1b}', '\u{7}']),
                "{edition:?} {lang:?}"
            );
        }
    }
}
