//! The plan's own chapter text: arbitrary user Markdown with audience blocks and
//! references, as a user chapter and as an edited built-in chapter, through validation,
//! the Markdown, HTML and Typst paths of both editions. Nothing may panic; every problem
//! names a line of the text; the Typst markup parses (the text reaches it as string
//! literals), the HTML holds no markup of the text's own, and no edition's output holds an
//! audience marker line. The text never reaches the template engine, so there is nothing
//! for it to run: its work is a few lookups per reference.
//!
//! Input: the chapter text.
#![no_main]

use std::sync::LazyLock;

use centerplan::manual::{
    self, Chapter, ChapterKind, Date, EditedText, EditedTexts, Edition, ManualOptions, ManualPlan,
    Sources, render_typst_body_from,
};
use centerplan::model::{CenterType, Lang, Plan, Text};
use centerplan::{templates, validate};
use libfuzzer_sys::fuzz_target;

static PLAN: LazyLock<Plan> = LazyLock::new(|| templates::template(CenterType::Hybrid, "fuzz"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > centerplan::limits::MAX_CHAPTER_BYTES {
        return;
    }
    let mut plan = PLAN.clone();
    plan.manual = ManualPlan {
        chapters: vec![
            Chapter {
                id: "custom-1".to_owned(),
                hidden: false,
                kind: ChapterKind::Custom {
                    text: Text::new(text, text),
                },
            },
            Chapter {
                id: "05-complaints".to_owned(),
                hidden: false,
                kind: ChapterKind::Builtin {
                    edited: EditedTexts {
                        zh: None,
                        en: Some(EditedText {
                            markdown: text.to_owned(),
                            base: String::new(),
                        }),
                    },
                },
            },
        ],
    };
    let lines = text.lines().count();
    for problem in manual::text_problems(&plan, Lang::En, text) {
        assert!(
            (1..=lines).contains(&problem.line()),
            "{problem:?} of {lines}"
        );
    }
    let _ = validate::validate(&plan);

    for lang in Lang::ALL {
        for edition in Edition::ALL {
            let options = ManualOptions {
                edition,
                lang,
                date: Date::new(2026, 3, 5).expect("a valid date"),
            };
            let markdown = manual::render_markdown(&plan, &options).expect("user text renders");
            // Every `:::` line of the text is a block marker, consumed (the plan's own
            // values here start no line with one).
            for line in markdown.lines() {
                assert!(
                    !line.trim().starts_with(":::"),
                    "a marker reached the output: {line:?}"
                );
            }
            let body = render_typst_body_from(&plan, &options, Sources::embedded())
                .expect("rendered once already");
            let parsed = typst_syntax::parse(&body);
            let (errors, _) = parsed.errors_and_warnings();
            assert!(
                errors.is_empty(),
                "the Typst markup does not parse: {errors:?}"
            );
            let html = manual::render_html(&plan, &options).expect("rendered once already");
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "script in the HTML");
            assert!(
                !lower.contains("href=\"javascript:"),
                "javascript: link in the HTML"
            );
        }
    }
});
