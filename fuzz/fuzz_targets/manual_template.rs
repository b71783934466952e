//! The manual's template/Markdown path: a chapter template and plan text, both arbitrary,
//! go through minijinja, the Markdown and HTML renderers and the Typst markup generation.
//! Nothing may panic; a template that cannot render is refused with an error naming the
//! chapter file and a line inside it; otherwise the Typst markup parses without errors (plan
//! and chapter text reach it as string literals, never as markup) and the HTML holds no
//! markup of the text's own.
//!
//! Input: the chapter template, then a NUL, then the text put into plan fields (a name,
//! a duty, a KPI target, …). With an empty template the built-in chapters are used, so
//! the plan text goes through the real manual.
#![no_main]

use std::sync::LazyLock;

use centerplan::manual::{
    self, Date, Edition, ManualError, ManualOptions, SourceFile, Sources, render_typst_body_from,
};
use centerplan::model::{CenterType, Lang, Plan, Text};
use centerplan::templates;
use libfuzzer_sys::fuzz_target;

static PLAN: LazyLock<Plan> = LazyLock::new(|| templates::template(CenterType::Hybrid, "fuzz"));

const CHAPTER: &str = "en/01-fuzz.md";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (template, value) = text.split_once('\0').unwrap_or((text, ""));
    let mut plan = PLAN.clone();
    plan.name = value.to_owned();
    plan.chart.nodes[1].name = Text::new(value, value);
    plan.job_descriptions[0].duties[0].text = Text::new(value, value);
    plan.kpis[0].target = value.to_owned();
    plan.matrix.rows[0].cells[1].duties.push(Text::new(value, value));

    let custom;
    let sources = if template.is_empty() {
        Sources::embedded()
    } else {
        custom = Sources::new([SourceFile::new(CHAPTER, template)]);
        &custom
    };
    let options = ManualOptions {
        edition: if value.len() % 2 == 0 { Edition::Manager } else { Edition::Csr },
        lang: if template.is_empty() && value.len() % 3 == 0 { Lang::Zh } else { Lang::En },
        date: Date::new(2026, 3, 5).expect("a valid date"),
    };
    let markdown = match manual::render_markdown_from(&plan, &options, sources) {
        Ok(markdown) => markdown,
        Err(ManualError::Template { file, line, message, .. }) => {
            assert_eq!(file, format!("manuals/{CHAPTER}"), "{message}");
            let lines = template.split('\n').count();
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {message}");
            return;
        }
        Err(other) => panic!("unexpected error: {other}"),
    };

    let body = render_typst_body_from(&plan, &options, sources).expect("rendered once already");
    let parsed = typst_syntax::parse(&body);
    let (errors, _) = parsed.errors_and_warnings();
    assert!(errors.is_empty(), "the Typst markup does not parse: {errors:?}");

    let html = manual::render_html_from(&plan, &options, sources).expect("rendered once already");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script in the HTML");
    assert!(!lower.contains("href=\"javascript:"), "javascript: link in the HTML");
    assert!(markdown.is_empty() || !html.is_empty());
});
