//! Chapters in the plan: every state of a chapter through the document and JSON, every
//! chapter edit undone, the user text syntax (audience blocks, references, hostile text)
//! through every output, built-in changes, and the source mode of every built-in chapter.

use centerplan::edit::{Edit, Editor};
use centerplan::error::Failure;
use centerplan::manual::{
    self, Chapter, ChapterKind, ChapterState, Date, DiffTag, EditedText, EditedTexts, Edition,
    ManualOptions, ManualPlan, Sources,
};
use centerplan::model::{CenterType, Lang, Plan, Text};
use centerplan::templates::template;
use centerplan::{document, interchange, validate};

const DATE: Date = Date {
    year: 2026,
    month: 3,
    day: 5,
};

fn options(edition: Edition, lang: Lang) -> ManualOptions {
    ManualOptions {
        edition,
        lang,
        date: DATE,
    }
}

fn hybrid() -> Plan {
    template(CenterType::Hybrid, "示例综合型客户服务中心")
}

fn markdown(plan: &Plan, edition: Edition, lang: Lang) -> String {
    manual::render_markdown(plan, &options(edition, lang)).expect("manual renders")
}

fn typst(plan: &Plan, edition: Edition, lang: Lang) -> String {
    manual::render_typst_body_from(plan, &options(edition, lang), Sources::embedded())
        .expect("manual renders")
}

fn apply(plan: &mut Plan, edit: Edit) {
    centerplan::edit::apply(plan, &edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
}

fn add_custom(plan: &mut Plan, zh: &str, en: &str) -> String {
    let id = manual::fresh_chapter_id(plan);
    apply(
        plan,
        Edit::AddChapter {
            id: None,
            index: None,
            text: Text::new(zh, en),
        },
    );
    id
}

/// A plan with a chapter in every state: reordered, hidden, edited in one language with a
/// base, edited in both, and a user chapter.
fn plan_with_every_state() -> Plan {
    let mut plan = hybrid();
    let custom = add_custom(&mut plan, "# 我们的规定\n\n正文", "# Our rules\n\nText");
    apply(
        &mut plan,
        Edit::MoveChapter {
            id: custom,
            index: 1,
        },
    );
    apply(
        &mut plan,
        Edit::SetChapterHidden {
            id: "13-reporting-lines".into(),
            hidden: true,
        },
    );
    apply(
        &mut plan,
        Edit::SetChapterText {
            id: "05-complaints".into(),
            lang: Lang::Zh,
            markdown: "# 投诉处理\n\n我们自己的投诉规定。".into(),
        },
    );
    for lang in Lang::ALL {
        apply(
            &mut plan,
            Edit::SetChapterText {
                id: "07-quality-monitoring".into(),
                lang,
                markdown: format!("# QA {lang:?}\n"),
            },
        );
    }
    plan
}

#[test]
fn every_chapter_state_round_trips_through_the_document_and_json() {
    let plan = plan_with_every_state();
    let chapters = &plan.manual.chapters;
    assert!(chapters.iter().any(|c| c.hidden));
    assert!(
        chapters
            .iter()
            .any(|c| matches!(&c.kind, ChapterKind::Custom { .. }))
    );
    let complaints = chapters.iter().find(|c| c.id == "05-complaints").unwrap();
    let ChapterKind::Builtin { edited } = &complaints.kind else {
        panic!("built in");
    };
    assert!(edited.en.is_none());
    assert_eq!(
        edited.zh.as_ref().unwrap().base,
        manual::builtin_hash("05-complaints", Lang::Zh).unwrap()
    );

    crate::support::assert_round_trips(&plan);

    // A built-in id this build does not ship, with an edited text, survives too.
    let mut odd = plan.clone();
    odd.manual.chapters.push(Chapter {
        id: "99-from-the-future".into(),
        hidden: false,
        kind: ChapterKind::Builtin {
            edited: EditedTexts {
                zh: None,
                en: Some(EditedText {
                    markdown: "# Future".into(),
                    base: "abc".into(),
                }),
            },
        },
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.centerplan");
    document::save(&odd, &path).unwrap();
    assert_eq!(document::open(&path).unwrap(), odd);
}

/// A chapter row a build could not have written is refused, naming table, row and column.
#[test]
fn bad_chapter_rows_name_table_row_and_column() {
    let plan = plan_with_every_state();
    let position = |id: &str| {
        plan.manual
            .chapters
            .iter()
            .position(|c| c.id == id)
            .unwrap()
    };
    let cases = [
        (
            format!(
                "UPDATE manual_chapter SET kind = 'boss' WHERE position = {}",
                position("05-complaints")
            ),
            position("05-complaints"),
            "kind",
            "unknown chapter kind \"boss\"",
        ),
        (
            format!(
                "UPDATE manual_chapter SET id = 'Bad Id' WHERE position = {}",
                position("02-organization")
            ),
            position("02-organization"),
            "id",
            "not a chapter id",
        ),
        (
            format!(
                "UPDATE manual_chapter SET zh_base = NULL WHERE position = {}",
                position("05-complaints")
            ),
            position("05-complaints"),
            "zh_markdown",
            "both text and base",
        ),
        (
            format!(
                "UPDATE manual_chapter SET hidden = 7 WHERE position = {}",
                position("custom-1")
            ),
            position("custom-1"),
            "hidden",
            "expected 0 or 1",
        ),
    ];
    for (sql, row, column, words) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.centerplan");
        document::save(&plan, &path).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(&sql)
            .unwrap();
        let err = document::open(&path).expect_err(&sql);
        match &err {
            document::DocumentError::BadField {
                table,
                row: r,
                column: c,
                ..
            } => assert_eq!(
                (*table, *r, *c),
                ("manual_chapter", row as i64, column),
                "{err}"
            ),
            other => panic!("{sql}: expected a bad field, got {other}"),
        }
        assert!(err.to_string().contains(words), "{err}");
    }
}

#[test]
fn an_untouched_manual_is_absent_from_json_and_defaults_when_missing() {
    let plan = hybrid();
    assert!(plan.manual.is_untouched());
    let json = interchange::to_json(&plan);
    assert!(!json.contains("\"manual\""), "{json}");
    assert_eq!(interchange::from_json(&json).unwrap(), plan);
    // Setting a chapter back to its built-in text leaves the plan untouched again.
    let mut edited = plan.clone();
    let source = manual::builtin_source(&plan, "05-complaints", Lang::En).unwrap();
    apply(
        &mut edited,
        Edit::SetChapterText {
            id: "05-complaints".into(),
            lang: Lang::En,
            markdown: format!("{source}x\n"),
        },
    );
    assert!(!edited.manual.is_untouched());
    apply(
        &mut edited,
        Edit::SetChapterText {
            id: "05-complaints".into(),
            lang: Lang::En,
            markdown: source,
        },
    );
    assert!(edited.manual.is_untouched(), "{:?}", edited.manual);
}

#[test]
fn every_chapter_edit_undoes() {
    let start = hybrid();
    let mut editor = Editor::new(start.clone(), true);
    let edits = [
        Edit::AddChapter {
            id: Some("house-rules".into()),
            index: Some(0),
            text: Text::new("# 家规\n", "# House rules\n"),
        },
        Edit::RenameChapter {
            id: "house-rules".into(),
            lang: Lang::En,
            title: "Our house rules".into(),
        },
        Edit::MoveChapter {
            id: "house-rules".into(),
            index: 4,
        },
        Edit::SetChapterHidden {
            id: "02-organization".into(),
            hidden: true,
        },
        Edit::SetChapterText {
            id: "08-scheduling-attendance".into(),
            lang: Lang::Zh,
            markdown: "# 排班\n\n改过的。\n".into(),
        },
        Edit::RebaseChapter {
            id: "08-scheduling-attendance".into(),
            lang: None,
        },
        Edit::ResetChapter {
            id: "08-scheduling-attendance".into(),
            lang: Some(Lang::Zh),
        },
        Edit::DeleteChapter {
            id: "house-rules".into(),
        },
        Edit::SetManual {
            manual: plan_with_every_state().manual,
        },
    ];
    let mut states = vec![start];
    for edit in &edits {
        editor
            .apply(edit)
            .unwrap_or_else(|e| panic!("{edit:?}: {e}"));
        states.push(editor.plan().clone());
    }
    // Every edit but the rebase of an up-to-date text changed the plan.
    let changed = states.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(changed, edits.len() - 1);
    let list = manual::chapter_list(&states[2]);
    assert_eq!(list[0].id, "house-rules");
    assert_eq!(list[0].title.en, "Our house rules");
    assert_eq!(list[0].title.zh, "家规");
    assert_eq!(list[0].state, ChapterState::Custom);
    for expected in states.iter().rev().skip(1) {
        if editor.plan() == expected {
            continue;
        }
        assert!(editor.undo());
        assert_eq!(editor.plan(), expected);
    }
    assert!(!editor.can_undo());
}

#[test]
fn refused_chapter_edits_leave_the_plan_unchanged_with_a_stable_code() {
    let plan = hybrid();
    let long = "字".repeat(100_000);
    let refusals = [
        (
            Edit::DeleteChapter {
                id: "05-complaints".into(),
            },
            "edit.builtin-chapter",
        ),
        (
            Edit::DeleteChapter {
                id: "custom-7".into(),
            },
            "edit.unknown-chapter",
        ),
        (
            Edit::MoveChapter {
                id: "05-complaints".into(),
                index: 500,
            },
            "edit.bad-chapter-index",
        ),
        (
            Edit::AddChapter {
                id: Some("05-complaints".into()),
                index: None,
                text: Text::default(),
            },
            "edit.duplicate-chapter",
        ),
        (
            Edit::AddChapter {
                id: Some("Not An Id".into()),
                index: None,
                text: Text::default(),
            },
            "edit.bad-chapter-id",
        ),
        (
            Edit::SetChapterText {
                id: "05-complaints".into(),
                lang: Lang::Zh,
                markdown: long.clone(),
            },
            "edit.text-too-long",
        ),
        (
            Edit::AddChapter {
                id: None,
                index: None,
                text: Text::new("", long),
            },
            "edit.text-too-long",
        ),
        (
            Edit::RenameChapter {
                id: "05-complaints".into(),
                lang: Lang::En,
                title: "Mine".into(),
            },
            "edit.builtin-chapter",
        ),
        (
            Edit::SetManual {
                manual: ManualPlan {
                    chapters: (0..201)
                        .map(|i| Chapter {
                            id: format!("custom-{i}"),
                            hidden: false,
                            kind: ChapterKind::Custom {
                                text: Text::default(),
                            },
                        })
                        .collect(),
                },
            },
            "edit.too-many",
        ),
    ];
    for (edit, code) in refusals {
        let mut copy = plan.clone();
        let err = centerplan::edit::apply(&mut copy, &edit).expect_err(code);
        assert_eq!(err.code(), code, "{edit:?}");
        assert_eq!(copy, plan, "{edit:?}");
        for lang in Lang::ALL {
            assert!(!err.message(lang).is_empty());
        }
    }
}

#[test]
fn hidden_chapters_are_skipped_and_the_order_is_the_plans() {
    let mut plan = hybrid();
    let id = add_custom(
        &mut plan,
        "# 新章\n\n新章正文。",
        "# New chapter\n\nNew text.",
    );
    let before = markdown(&plan, Edition::Manager, Lang::En);
    let at = |md: &str, heading: &str| md.find(heading).unwrap_or_else(|| panic!("{heading}"));
    // Appended at the end.
    assert!(at(&before, "# New chapter") > at(&before, "# Complaint handling"));
    apply(&mut plan, Edit::MoveChapter { id, index: 0 });
    apply(
        &mut plan,
        Edit::SetChapterHidden {
            id: "05-complaints".into(),
            hidden: true,
        },
    );
    for edition in Edition::ALL {
        let md = markdown(&plan, edition, Lang::En);
        assert!(md.starts_with("# New chapter"), "{}", &md[..80]);
        assert!(!md.contains("# Complaint handling"));
    }
}

#[test]
fn a_manager_block_of_a_user_chapter_is_in_neither_the_csr_body_nor_its_toc() {
    let mut plan = hybrid();
    add_custom(
        &mut plan,
        "# 夜班安排\n\n人人可见。\n\n::: manager\n## 夜班补贴核算\n\n只有经理可见的段落。\n:::\n\n::: 员工版\n员工可见的段落。\n:::\n",
        "# Night shifts\n\nFor everyone.\n\n::: manager\n## Night allowance accounting\n\nManagers only paragraph.\n:::\n\n::: csr\nAgents only paragraph.\n:::\n",
    );
    for (lang, shared, manager_only, csr_only) in [
        (
            Lang::Zh,
            "人人可见",
            ["夜班补贴核算", "只有经理可见"],
            "员工可见",
        ),
        (
            Lang::En,
            "For everyone",
            ["Night allowance accounting", "Managers only"],
            "Agents only",
        ),
    ] {
        let manager_md = markdown(&plan, Edition::Manager, lang);
        let csr_md = markdown(&plan, Edition::Csr, lang);
        let manager_body = typst(&plan, Edition::Manager, lang);
        let csr_body = typst(&plan, Edition::Csr, lang);
        for text in [&manager_md, &csr_md, &manager_body, &csr_body] {
            assert!(text.contains(shared));
            assert!(!text.contains(":::"));
        }
        for phrase in manager_only {
            assert!(manager_md.contains(phrase) && manager_body.contains(phrase));
            // The heading is not in the CSR body, so it is not in its table of contents.
            assert!(
                !csr_md.contains(phrase) && !csr_body.contains(phrase),
                "{phrase}"
            );
        }
        assert!(csr_body.contains(csr_only) && !manager_body.contains(csr_only));
    }
}

#[test]
fn a_dangling_reference_is_a_diagnostic_with_chapter_language_and_line() {
    let mut plan = hybrid();
    add_custom(
        &mut plan,
        "# 质检细则\n\n{{ kpi(\"answer-rate\").target }}\n由 {{ position(\"no-such-post\") }} 负责。\n{{ center.name }}",
        "# QA details\n\n::: csr\nAsk {{ role(\"qa-specialist\") }}.\n:::\n\n{{ kpi(\"nope\").name }}\n",
    );
    let diagnostics = validate::validate(&plan);
    let dangling: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "manual.unknown-reference")
        .collect();
    assert_eq!(dangling.len(), 2, "{dangling:#?}");
    let zh = &dangling[0];
    assert!(zh.message.zh.contains("质检细则"), "{}", zh.message.zh);
    assert!(zh.message.zh.contains("中文"));
    assert!(zh.message.zh.contains("第 4 行"));
    assert!(zh.message.zh.contains("no-such-post"));
    let en = &dangling[1];
    assert!(
        en.message.en.contains("\"QA details\" (English text)"),
        "{}",
        en.message.en
    );
    assert!(en.message.en.contains("line 7"));
    assert!(matches!(
        &en.subject,
        validate::Subject::Chapter {
            lang: Some(Lang::En),
            line: Some(7),
            ..
        }
    ));
    // It prints as typed, and the other references of the chapter and the other chapters
    // print.
    let zh_md = markdown(&plan, Edition::Manager, Lang::Zh);
    assert!(
        zh_md.contains("{{ position(\"no-such-post\") }}"),
        "{zh_md}"
    );
    assert!(zh_md.contains("示例综合型客户服务中心\n"));
    assert!(zh_md.contains("# 投诉处理与升级") || zh_md.contains("投诉"));
    let en_csr = markdown(&plan, Edition::Csr, Lang::En);
    assert!(en_csr.contains("Ask "));
    assert!(!en_csr.contains("role(\"qa-specialist\")"));
}

#[test]
fn audience_block_mistakes_are_diagnostics() {
    let mut plan = hybrid();
    add_custom(
        &mut plan,
        "# 甲\n::: boss\nx\n:::\n:::\n::: manager\ny",
        "# A\n",
    );
    let blocks: Vec<_> = validate::validate(&plan)
        .into_iter()
        .filter(|d| d.code == "manual.audience-block")
        .collect();
    let lines: Vec<_> = blocks
        .iter()
        .map(|d| match &d.subject {
            validate::Subject::Chapter { line, .. } => line.unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(lines, [2, 5, 6], "{blocks:#?}");
}

#[test]
fn a_builtin_change_is_flagged_for_an_edited_chapter_and_not_an_unedited_one() {
    let mut plan = hybrid();
    assert!(
        !validate::validate(&plan)
            .iter()
            .any(|d| d.code == "manual.builtin-changed")
    );
    let source = manual::builtin_source(&plan, "08-scheduling-attendance", Lang::En).unwrap();
    let mine = source.replacen("\n\n", "\n\nOur own opening paragraph.\n\n", 1);
    apply(
        &mut plan,
        Edit::SetChapterText {
            id: "08-scheduling-attendance".into(),
            lang: Lang::En,
            markdown: mine.clone(),
        },
    );
    let flagged = |plan: &Plan| {
        validate::validate(plan)
            .into_iter()
            .filter(|d| d.code == "manual.builtin-changed")
            .collect::<Vec<_>>()
    };
    assert!(flagged(&plan).is_empty(), "edited from the current text");
    assert!(manual::builtin_change(&plan, "08-scheduling-attendance", Lang::En).is_none());

    // Simulate a newer built-in text: the base no longer matches.
    let ChapterKind::Builtin { edited } = &mut plan
        .manual
        .chapters
        .iter_mut()
        .find(|c| c.id == "08-scheduling-attendance")
        .unwrap()
        .kind
    else {
        panic!()
    };
    edited.en.as_mut().unwrap().base = "0".repeat(64);
    let found = flagged(&plan);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.en.contains("(English text)"));
    let diff = manual::builtin_change(&plan, "08-scheduling-attendance", Lang::En).unwrap();
    let mine_lines: Vec<_> = diff
        .hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.tag == DiffTag::Mine)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(mine_lines, ["Our own opening paragraph.", ""]);
    assert!(manual::builtin_change(&plan, "08-scheduling-attendance", Lang::Zh).is_none());
    let list = manual::chapter_list(&plan);
    let entry = list
        .iter()
        .find(|e| e.id == "08-scheduling-attendance")
        .unwrap();
    assert_eq!(entry.state, ChapterState::Edited);
    assert_eq!(entry.builtin_changed, [Lang::En]);

    // "Keep mine": the text stays, the warning goes.
    apply(
        &mut plan,
        Edit::RebaseChapter {
            id: "08-scheduling-attendance".into(),
            lang: Some(Lang::En),
        },
    );
    assert!(flagged(&plan).is_empty());
    assert_eq!(
        manual::chapter_text(&plan, "08-scheduling-attendance", Lang::En).unwrap(),
        mine
    );
    // "Take the new text".
    apply(
        &mut plan,
        Edit::ResetChapter {
            id: "08-scheduling-attendance".into(),
            lang: None,
        },
    );
    assert!(plan.manual.is_untouched());
}

#[test]
fn hostile_text_in_a_user_chapter_prints_literally_in_pdf_html_and_markdown() {
    let hostile = "$x^2$ <script>alert(1)</script> {% if true %}x{% endif %} {# note #} #tag &amp; {{ 7 * 7 }}";
    let mut plan = hybrid();
    add_custom(
        &mut plan,
        &format!("# 安全\n\n{hostile}\n"),
        &format!("# Safety\n\n{hostile}\n"),
    );
    for lang in Lang::ALL {
        let md = markdown(&plan, Edition::Manager, lang);
        // Escaped where Markdown would read it as HTML or an entity, else as typed.
        assert!(md.contains("\\<script>alert(1)\\</script>"), "{md}");
        assert!(md.contains("{% if true %}x{% endif %} {# note #} #tag \\&amp; {{ 7 \\* 7 }}"));
        let html = manual::render_html(&plan, &options(Edition::Manager, lang)).unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("{% if true %}x{% endif %} {# note #} #tag &amp;amp; {{ 7 * 7 }}"));
        // Without the break opportunities the typesetter is given in long runs, and with
        // adjacent string literals joined.
        let body = typst(&plan, Edition::Manager, lang)
            .replace('\u{200b}', "")
            .replace("\"#\"", "");
        assert!(
            body.contains("#\"$x^2$ <script>alert(1)</script> {% if true %}"),
            "{body}"
        );
        assert!(body.contains("$x^2$"));
        assert!(body.contains("{% if true %}x{% endif %}"));
        assert!(body.contains("{{ 7 * 7 }}"));
    }
}

/// Every built-in chapter in source mode, rendered through the user path, prints what its
/// template prints: for all four templates, both languages and both editions.
#[test]
fn every_builtin_chapter_round_trips_through_its_source() {
    let squash = |text: &str| text.split_whitespace().collect::<String>();
    for center_type in CenterType::ALL {
        let plan = template(center_type, "中心");
        let mut sourced = plan.clone();
        sourced.manual.chapters = Sources::embedded()
            .chapter_ids()
            .into_iter()
            .map(|id| {
                let edited = |lang| {
                    manual::builtin_source(&plan, &id, lang)
                        .ok()
                        .map(|markdown| EditedText {
                            markdown,
                            base: String::new(),
                        })
                };
                Chapter {
                    kind: ChapterKind::Builtin {
                        edited: EditedTexts {
                            zh: edited(Lang::Zh),
                            en: edited(Lang::En),
                        },
                    },
                    id,
                    hidden: false,
                }
            })
            .collect();
        for lang in Lang::ALL {
            for edition in Edition::ALL {
                let expected = typst(&plan, edition, lang);
                let got = typst(&sourced, edition, lang);
                if squash(&expected) != squash(&got) {
                    let (e, g) = (squash(&expected), squash(&got));
                    let at = e
                        .char_indices()
                        .zip(g.chars())
                        .find(|((_, a), b)| a != b)
                        .map_or(e.len().min(g.len()), |((i, _), _)| i);
                    let from = e.floor_char_boundary(at.saturating_sub(200));
                    panic!(
                        "{center_type:?} {lang:?} {edition:?} differs at {at}:\n template: {}\n source:   {}",
                        &e[from..e.floor_char_boundary(at + 200)],
                        &g[g.floor_char_boundary(from)..g.floor_char_boundary(at + 200)],
                    );
                }
            }
        }
    }
}

#[test]
fn a_builtin_source_keeps_references_and_edition_blocks() {
    let plan = hybrid();
    let source = manual::builtin_source(&plan, "05-complaints", Lang::En).unwrap();
    assert!(
        source.starts_with("# Complaint handling"),
        "{}",
        &source[..100]
    );
    assert!(source.contains("{{ role(\"complaint-supervisor\", \"operations-manager\") }}"));
    assert!(source.contains("::: manager\n"));
    assert!(source.contains("::: csr\n"));
    assert!(!source.contains("{%"));
    // The editor's text of an unedited chapter is its source.
    assert_eq!(
        manual::chapter_text(&plan, "05-complaints", Lang::En).unwrap(),
        source
    );
    // No validation complaint about any built-in source.
    for id in Sources::embedded().chapter_ids() {
        for lang in Lang::ALL {
            let Ok(text) = manual::builtin_source(&plan, &id, lang) else {
                continue;
            };
            let problems = manual::text_problems(&plan, lang, &text);
            assert!(problems.is_empty(), "{id} {lang:?}: {problems:?}");
        }
    }
}

#[test]
fn an_oversized_chapter_is_refused_at_import_and_save_naming_the_field() {
    let mut plan = hybrid();
    plan.manual.chapters.push(Chapter {
        id: "custom-1".into(),
        hidden: false,
        kind: ChapterKind::Custom {
            text: Text::new("x".repeat(centerplan::limits::MAX_CHAPTER_BYTES + 1), ""),
        },
    });
    let err = interchange::from_json(&interchange::to_json(&plan)).unwrap_err();
    assert!(
        err.to_string().contains("plan.manual.chapters[0].text.zh"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let err = document::save(&plan, &dir.path().join("plan.centerplan")).unwrap_err();
    assert_eq!(err.code(), "document.limit", "{err}");
}

/// A user chapter may reference a generated block as often as it likes, but what it
/// resolves to is bounded: refused as too long, promptly, instead of filling memory.
#[test]
fn a_chapter_repeating_a_large_block_is_refused_as_too_long() {
    let mut plan = hybrid();
    let line = "{{ job_descriptions() }}\n";
    let text = line.repeat(centerplan::limits::MAX_CHAPTER_BYTES / line.len());
    add_custom(&mut plan, &text, &text);
    let started = std::time::Instant::now();
    let err = manual::render_markdown(&plan, &options(Edition::Manager, Lang::En)).unwrap_err();
    assert_eq!(err.code(), "manual.too-long", "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
