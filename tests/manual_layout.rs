//! The manual's pages as a reader sees them, for every template, edition and language:
//! no table breaks after its header or leaves a single row behind, no page is left less
//! than a quarter full, the CSR edition's chart prints no headcount figures, and the
//! appendices are not numbered as chapters. Each manual is laid out once (its pages,
//! and the PDF written from them) and the checks share the result.
//!
//! To look at the pages yourself, set `CENTERPLAN_LAYOUT_DIR` to a folder: every PDF
//! checked here is written there as `<template>-<edition>-<lang>.pdf`.

use std::sync::LazyLock;

use centerplan::manual::{self, Edition, Pages};
use centerplan::model::{CenterType, Lang};
use centerplan::templates::template;

use super::manual::{FONTS, options, pdf_text, pdf_text_with};

/// One laid-out manual.
pub(crate) struct Laid {
    pub(crate) center_type: CenterType,
    pub(crate) label: String,
    pub(crate) lang: Lang,
    pub(crate) edition: Edition,
    markdown: String,
    pub(crate) pages: Pages,
    /// `pdftotext` of the PDF; pages end with a form feed.
    text: String,
    /// `pdftotext -layout` of the PDF: a contents entry per line.
    layout_text: String,
}

/// Every template × edition × language, laid out on two threads.
pub(crate) static LAID: LazyLock<Vec<Laid>> = LazyLock::new(|| {
    let mut jobs = Vec::new();
    for center_type in CenterType::ALL {
        for edition in Edition::ALL {
            for lang in Lang::ALL {
                jobs.push((center_type, edition, lang));
            }
        }
    }
    let dump = std::env::var_os("CENTERPLAN_LAYOUT_DIR").map(std::path::PathBuf::from);
    let lay = |(center_type, edition, lang): (CenterType, Edition, Lang)| {
        let plan = template(center_type, "示例客户服务中心");
        let options = options(edition, lang);
        let label = format!("{center_type}-{}-{}", edition.key(), lang.code());
        let markdown = manual::render_markdown(&plan, &options).expect("markdown");
        let pages = manual::typeset(&plan, &options, &FONTS).expect("pages");
        let pdf = pages.pdf().expect("pdf");
        if let Some(dir) = &dump {
            std::fs::write(dir.join(format!("{label}.pdf")), &pdf).expect("write pdf");
        }
        Laid {
            center_type,
            label,
            lang,
            edition,
            markdown,
            pages,
            text: pdf_text(&pdf),
            layout_text: pdf_text_with(&pdf, &["-layout"]),
        }
    };
    let (first, second) = jobs.split_at(jobs.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| second.iter().copied().map(lay).collect::<Vec<_>>());
        let mut laid: Vec<Laid> = first.iter().copied().map(lay).collect();
        laid.extend(other.join().expect("layout thread"));
        laid
    })
});

/// The chapter titles (`#` headings) of a resolved manual, in order.
fn chapter_titles(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter_map(|line| line.strip_prefix("# "))
        .map(str::trim)
        .collect()
}

fn is_appendix(title: &str) -> bool {
    title.starts_with("附录") || title.starts_with("Appendix")
}

#[test]
fn no_table_breaks_after_its_header_or_leaves_one_row_behind() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for laid in LAID.iter() {
        let tables = laid.pages.tables();
        assert!(!tables.is_empty(), "{}: no table found", laid.label);
        for (n, table) in tables.iter().enumerate() {
            checked += 1;
            let Some(&first) = table.rows.first() else {
                continue;
            };
            if table.header != first {
                broken.push(format!(
                    "{} table {n}: header on page {}, first row on page {}",
                    laid.label,
                    table.header + 1,
                    first + 1
                ));
            }
            let mut runs: Vec<(usize, usize)> = Vec::new();
            for &page in &table.rows {
                match runs.last_mut() {
                    Some((p, count)) if *p == page => *count += 1,
                    _ => runs.push((page, 1)),
                }
            }
            if runs.len() > 1 && table.rows.len() <= 3 {
                broken.push(format!("{} table {n}: a small table breaks", laid.label));
            }
            if runs.len() > 1
                && let Some((page, _)) = runs.iter().find(|(_, count)| *count < 2)
            {
                broken.push(format!(
                    "{} table {n}: a single row on page {} ({runs:?})",
                    laid.label,
                    page + 1
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} tables checked");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_page_is_left_less_than_a_quarter_full() {
    let mut sparse = Vec::new();
    for laid in LAID.iter() {
        let count = laid.pages.count();
        // The table of contents ends where the first chapter must start a page.
        let first_chapter = chapter_titles(&laid.markdown)[0];
        let chapter_page = laid
            .pages
            .headings()
            .iter()
            .find(|(text, _)| text.trim() == first_chapter)
            .map(|(_, page)| *page)
            .expect("first chapter heading");
        // The cover and the last page are what they are.
        for page in 1..count - 1 {
            if page + 1 == chapter_page {
                continue;
            }
            let fill = laid.pages.fill(page).expect("page");
            if fill < 0.25 {
                sparse.push(format!("{} page {}: {fill:.2}", laid.label, page + 1));
            }
        }
    }
    assert!(sparse.is_empty(), "nearly empty:\n{}", sparse.join("\n"));
}

/// The text of the pages that print the org chart: from the org chart section's heading
/// to the next chapter's, before which every figure has been placed.
fn chart_pages(laid: &Laid) -> String {
    let (section, chapter) = match laid.lang {
        Lang::Zh => ("组织图", "组织结构与岗位职责"),
        Lang::En => ("Org chart", "Organization and positions"),
    };
    let titles = chapter_titles(&laid.markdown);
    let next = titles
        .iter()
        .position(|t| *t == chapter)
        .and_then(|i| titles.get(i + 1))
        .unwrap_or_else(|| panic!("{}: no chapter after {chapter}", laid.label));
    let headings = laid.pages.headings();
    // The first heading of that title from a page on (the contents' title aside).
    let page_of = |title: &str, from: usize| {
        headings
            .iter()
            .find(|(text, page)| text.trim() == title && *page >= from)
            .map(|(_, page)| *page)
            .unwrap_or_else(|| panic!("{}: no heading {title}", laid.label))
    };
    let from = page_of(section, 0);
    let to = page_of(next, from);
    let pages: Vec<&str> = laid.text.split('\u{c}').collect();
    pages[from..=to].join("\n")
}

/// Whether the text holds a headcount figure as the chart prints it: `12/15`.
fn has_headcount_figure(text: &str) -> bool {
    let bytes = text.as_bytes();
    (1..bytes.len().saturating_sub(1))
        .any(|i| bytes[i] == b'/' && bytes[i - 1].is_ascii_digit() && bytes[i + 1].is_ascii_digit())
}

#[test]
fn the_csr_chart_prints_no_headcount_figures_nor_their_legend() {
    for laid in LAID.iter() {
        let chart = chart_pages(laid);
        let legend = match laid.lang {
            Lang::Zh => "在岗人数/计划编制人数",
            Lang::En => "planned headcount",
        };
        let squeezed: String = chart.split_whitespace().collect::<Vec<_>>().join(" ");
        match laid.edition {
            Edition::Csr => {
                assert!(!has_headcount_figure(&chart), "{}: {chart}", laid.label);
                assert!(!squeezed.contains(legend), "{}", laid.label);
            }
            // The manager's chart has them: the check above can see them.
            Edition::Manager => {
                assert!(has_headcount_figure(&chart), "{}", laid.label);
                assert!(
                    squeezed.replace(' ', "").contains(&legend.replace(' ', "")),
                    "{}",
                    laid.label
                );
            }
        }
    }
}

#[test]
fn appendices_are_not_numbered_as_chapters() {
    for laid in LAID.iter() {
        let appendices: Vec<&str> = chapter_titles(&laid.markdown)
            .into_iter()
            .filter(|t| is_appendix(t))
            .collect();
        assert!(!appendices.is_empty(), "{}: no appendix", laid.label);
        for title in appendices {
            // The title's first words, which fit one line in the contents and the heading.
            let start: String = title.chars().take(12).collect();
            let lines: Vec<&str> = laid
                .text
                .lines()
                .filter(|line| line.contains(start.as_str()))
                .collect();
            let numbered: Vec<&&str> = lines
                .iter()
                .filter(|line| {
                    let before = &line[..line.find(start.as_str()).unwrap_or(0)];
                    before
                        .trim()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit())
                })
                .collect();
            assert!(numbered.is_empty(), "{}: {numbered:?}", laid.label);
            // Printed as a title at least twice: in the contents and as the heading.
            let titled = lines
                .iter()
                .filter(|line| line.trim_start().starts_with(start.as_str()))
                .count();
            assert!(titled >= 2, "{}: {title} {lines:?}", laid.label);
        }
    }
}

#[test]
fn the_pages_write_the_pdf_the_export_writes() {
    // The checks above read the PDF written from the laid-out pages: it must be the one
    // `render_pdf` exports, byte for byte.
    let laid = LAID
        .iter()
        .find(|l| l.label == "service-csr-en")
        .expect("laid out");
    let plan = template(CenterType::Service, "示例客户服务中心");
    let exported =
        manual::render_pdf(&plan, &options(laid.edition, laid.lang), &FONTS).expect("pdf");
    assert!(laid.pages.pdf().expect("pdf") == exported);
}

#[test]
fn every_chapter_is_found_on_the_page_it_is_printed_on() {
    // Regression: the page break that starts a chapter was made inside the heading's show
    // rule, after the point Typst takes as the heading's location, so the contents (and
    // the chapter editor's preview) gave a chapter that starts on a new page the number of
    // the page before it.
    let squeeze = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
            .collect()
    };
    for laid in LAID.iter() {
        let pages: Vec<&str> = laid.text.split('\u{c}').collect();
        let headings = laid.pages.headings();
        for title in chapter_titles(&laid.markdown) {
            let wanted = squeeze(title);
            let (_, page) = headings
                .iter()
                .skip(1) // the contents' own title
                .find(|(text, _)| squeeze(text) == wanted)
                .unwrap_or_else(|| panic!("{}: no heading {title:?}", laid.label));
            // The title stands on a line of its own there, after its number if it has one.
            let printed = pages[*page].lines().any(|line| {
                let line = squeeze(line);
                line.ends_with(&wanted)
                    && line[..line.len() - wanted.len()]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.')
            });
            assert!(
                printed,
                "{}: chapter {title:?} is said to be on page {} but is not printed there",
                laid.label,
                page + 1
            );
        }
    }
}

#[test]
fn every_contents_entry_gives_the_page_its_heading_is_printed_on() {
    // Regression: a chapter that follows a short page moves up a page, which moves the
    // chapters after it, which may in turn follow a short page; the layout stopped before
    // that settled, and the CSR hybrid zh manual's contents gave nine chapters the page
    // after the one they are printed on.
    let squeeze = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{2060}'))
            .collect()
    };
    for laid in LAID.iter() {
        // The entries the contents lists: headings of the first two levels, in order.
        let listed: Vec<String> = laid
            .markdown
            .lines()
            .filter_map(|line| {
                line.strip_prefix("# ")
                    .or_else(|| line.strip_prefix("## "))
                    .map(squeeze)
            })
            .collect();
        let headings: Vec<(String, usize)> = laid
            .pages
            .headings()
            .into_iter()
            .skip(1) // the contents' own title
            .map(|(text, page)| (squeeze(&text), page))
            .collect();
        let pages: Vec<&str> = laid.layout_text.split('\u{c}').collect();
        let first_chapter = headings.first().expect("a chapter").1;
        // The contents' entries: `number title . . . page` on a line, a long title wrapped
        // over the lines before.
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut pending = String::new();
        for line in pages[1..first_chapter].iter().flat_map(|page| page.lines()) {
            let line = squeeze(line);
            let body = line.trim_end_matches(|c: char| c.is_ascii_digit());
            if body.len() < line.len() && body.ends_with("..") {
                let title = format!("{pending}{}", body.trim_end_matches('.'));
                entries.push((title, line[body.len()..].to_owned()));
                pending.clear();
            } else if !entries.is_empty() || line.contains("..") {
                pending.push_str(&line);
            }
        }
        let mut next_heading = headings.iter();
        let mut next_entry = entries.iter();
        for title in &listed {
            let (_, page) = next_heading
                .find(|(text, _)| text == title)
                .unwrap_or_else(|| panic!("{}: no heading {title:?}", laid.label));
            let (_, printed) = next_entry
                .find(|(text, _)| text.ends_with(title.as_str()))
                .unwrap_or_else(|| panic!("{}: {title:?} is not in the contents", laid.label));
            assert_eq!(
                printed.parse::<usize>().ok(),
                Some(page + 1),
                "{}: the contents give {title:?} page {printed}, it is printed on page {}",
                laid.label,
                page + 1
            );
        }
    }
}

/// Every page of `pages` as SVG, with the headings and where they stand.
fn drawn(pages: &Pages) -> (Vec<(String, usize)>, Vec<String>) {
    let svgs = (0..pages.count()).filter_map(|i| pages.svg(i)).collect();
    (pages.headings(), svgs)
}

#[test]
fn a_kept_typesetter_lays_an_edited_manual_out_as_a_fresh_one_does() {
    // The chapter editor's preview keeps its typesetter and starts each layout from the
    // last one (page numbers, contents, chapter breaks already known). What it shows must
    // be the manual a fresh layout (the export) gives: after a small edit, and after one
    // that adds pages and so moves every later chapter, its page numbers and the contents.
    use centerplan::edit::{self, Edit};
    let plan = template(CenterType::Hybrid, "示例客户服务中心");
    let options = options(Edition::Manager, Lang::Zh);
    let edited = |id: &str, extra: &str| {
        let mut plan = plan.clone();
        let text = manual::chapter_text(&plan, id, Lang::Zh).expect("built-in text");
        let edit = Edit::SetChapterText {
            id: id.to_owned(),
            lang: Lang::Zh,
            markdown: format!("{text}\n\n{extra}\n"),
        };
        edit::apply(&mut plan, &edit).expect("edit applies");
        plan
    };
    let small = edited("08-scheduling-attendance", "本中心第 2 次修订。");
    let long: String = (1..=60)
        .map(|i| format!("第 {i} 条：组长在每个班次开始前核对出勤，并把缺勤登记在考勤表中。\n\n"))
        .collect();
    let large = edited("02-organization", &long);

    let mut kept = manual::Typesetter::default();
    let first = manual::typeset_with(&mut kept, &plan, &options, &FONTS).expect("pages");
    for (label, plan, adds_pages) in [
        ("small edit", &small, false),
        ("edit adding pages", &large, true),
    ] {
        let preview = manual::typeset_with(&mut kept, plan, &options, &FONTS).expect("pages");
        let fresh = manual::typeset(plan, &options, &FONTS).expect("pages");
        // The long edit moves every chapter after it: not a case the last layout answers.
        assert_eq!(
            fresh.count() > first.count(),
            adds_pages,
            "{label}: pages added"
        );
        let (preview_headings, preview_pages) = drawn(&preview);
        let (fresh_headings, fresh_pages) = drawn(&fresh);
        assert_eq!(
            preview_headings, fresh_headings,
            "{label}: headings and their pages"
        );
        assert_eq!(
            preview_pages.len(),
            fresh_pages.len(),
            "{label}: page count"
        );
        for (i, (a, b)) in preview_pages.iter().zip(&fresh_pages).enumerate() {
            assert!(
                a == b,
                "{label}: page {} differs from a fresh layout",
                i + 1
            );
        }
    }
}
