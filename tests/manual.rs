//! The operations manual: edition filtering, placeholders, PDF text, hostile input,
//! reproducible bytes and the golden resolved Markdown of the hybrid manager edition.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, LazyLock};

use centerplan::fonts::{self, FontFace, FontSet};
use centerplan::manual::{self, Date, Edition, ManualError, ManualOptions, SourceFile, Sources};
use centerplan::model::{Audience, CenterType, Duty, Lang, Plan, Text};
use centerplan::templates::template;

const DATE: Date = Date {
    year: 2026,
    month: 3,
    day: 5,
};

pub(crate) fn options(edition: Edition, lang: Lang) -> ManualOptions {
    ManualOptions {
        edition,
        lang,
        date: DATE,
    }
}

/// Noto Sans CJK SC and Noto Color Emoji, as `scripts/setup-debian.sh` installs them (or
/// from `$CENTERPLAN_FONT_DIR`), found the way the CLI and the app find them.
pub(crate) static FONTS: LazyLock<FontSet> = LazyLock::new(|| {
    let dirs = fonts::font_dirs(std::env::var_os("CENTERPLAN_FONT_DIR").map(PathBuf::from));
    fonts::load_noto_cjk(&dirs)
        .expect("fonts readable")
        .expect("Noto Sans CJK is not installed: run scripts/setup-debian.sh")
});

/// The small chapter set under `tests/fixtures/manuals/`.
fn fixtures() -> Sources {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manuals");
    let mut files = Vec::new();
    for lang in ["zh-CN", "en"] {
        for entry in std::fs::read_dir(root.join(lang)).expect("fixture folder") {
            let path = entry.expect("fixture entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("fixture text");
            files.push(SourceFile::new(format!("{lang}/{name}"), text));
        }
    }
    Sources::new(files)
}

fn hybrid() -> Plan {
    template(CenterType::Hybrid, "示例综合型客户服务中心")
}

/// The text of a PDF as poppler's `pdftotext` reads it; pages end with a form feed.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    pdf_text_with(pdf, &[])
}

/// [`pdf_text`] with `pdftotext` options (`-layout`: lines as printed, columns kept apart
/// by spaces).
pub(crate) fn pdf_text_with(pdf: &[u8], options: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("manual.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = Command::new("pdftotext")
        .args(options)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("utf-8 text")
}

/// Text without whitespace: justified CJK lines may come back with spaces between
/// characters and breaks anywhere.
/// Text without spaces and without the zero-width spaces the manual puts into long runs
/// as break opportunities.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .collect()
}

fn page_count(text: &str) -> usize {
    text.matches('\u{c}').count()
}

#[test]
fn manager_only_sections_never_reach_the_csr_pdf_nor_its_toc() {
    let sources = fixtures();
    let plan = hybrid();
    for (lang, manager_only, csr_only) in [
        (
            Lang::Zh,
            ["经理专用：成本核算", "管理者附录"],
            "代表须知：上线前检查",
        ),
        (
            Lang::En,
            ["Managersonly:costaccounting", "Managementappendix"],
            "Foragents:beforeyoulogin",
        ),
    ] {
        let csr = manual::render_pdf_from(&plan, &options(Edition::Csr, lang), &FONTS, &sources)
            .expect("csr pdf");
        let manager =
            manual::render_pdf_from(&plan, &options(Edition::Manager, lang), &FONTS, &sources)
                .expect("manager pdf");
        let (csr, manager) = (squeeze(&pdf_text(&csr)), squeeze(&pdf_text(&manager)));
        for heading in manager_only {
            assert!(
                !csr.contains(heading),
                "{heading} leaked into the csr edition"
            );
            // Once in the table of contents, once as the heading itself.
            assert!(
                manager.matches(heading).count() >= 2,
                "{heading} in manager"
            );
        }
        assert!(csr.matches(csr_only).count() >= 2, "{csr_only} in csr");
        assert!(!manager.contains(csr_only));
    }
}

#[test]
fn placeholders_resolve_for_every_template_language_and_edition() {
    for center_type in CenterType::ALL {
        let plan = template(center_type, "测试中心");
        for lang in Lang::ALL {
            for edition in Edition::ALL {
                let options = options(edition, lang);
                for sources in [Sources::embedded(), &fixtures()] {
                    let markdown = manual::render_markdown_from(&plan, &options, sources)
                        .unwrap_or_else(|err| panic!("{center_type} {lang:?} {edition:?}: {err}"));
                    assert!(
                        !markdown.contains("{{"),
                        "{center_type} {lang:?} {edition:?}"
                    );
                    assert!(
                        !markdown.contains("{%"),
                        "{center_type} {lang:?} {edition:?}"
                    );
                    assert!(markdown.contains("测试中心"));
                }
            }
        }
    }
}

#[track_caller]
fn check_error(chapter: &str, expected: &str) {
    let sources = Sources::new([SourceFile::new("zh-CN/07-bad.md", chapter)]);
    let err =
        manual::render_markdown_from(&hybrid(), &options(Edition::Manager, Lang::Zh), &sources)
            .expect_err("the chapter is broken");
    assert!(matches!(err, ManualError::Template { .. }), "{err:?}");
    assert_eq!(err.to_string(), expected);
}

#[test]
fn template_errors_name_the_file_and_line() {
    check_error(
        "# 标题\n\n正文 {{ center.nmae }}\n",
        "manuals/zh-CN/07-bad.md:3: undefined value: `center.nmae` is undefined (in `正文 {{ center.nmae }}`)",
    );
    check_error(
        "# 标题\n{{ no_such_block() }}\n",
        "manuals/zh-CN/07-bad.md:2: unknown function: no_such_block is unknown (in `{{ no_such_block() }}`)",
    );
    check_error(
        "# 标题\n{{ org_chart_v2() }}\n",
        "manuals/zh-CN/07-bad.md:2: unknown function: org_chart_v2 is unknown (in `{{ org_chart_v2() }}`)",
    );
    check_error(
        "# 标题\n{% if edition == \"manager\" %}\n没有结束\n",
        "manuals/zh-CN/07-bad.md:3: syntax error: unexpected end of input, expected end of block (in `没有结束`)",
    );
}

#[test]
fn a_language_without_chapters_is_an_error() {
    let sources = Sources::new([SourceFile::new("zh-CN/01-a.md", "# 一")]);
    let err = manual::render_markdown_from(&hybrid(), &options(Edition::Csr, Lang::En), &sources)
        .expect_err("no english chapters");
    assert_eq!(
        err.to_string(),
        "no manual chapters for language en (looked in manuals/en/)"
    );
}

#[test]
fn the_pdf_text_has_the_headings_pages_and_intact_chinese() {
    let plan = hybrid();
    let pdf = manual::render_pdf(&plan, &options(Edition::Manager, Lang::Zh), &FONTS)
        .expect("hybrid manager pdf");
    let text = pdf_text(&pdf);
    let squeezed = squeeze(&text);
    for expected in [
        "示例综合型客户服务中心",
        "经理版",
        "目录",
        "组织结构与岗位职责",
        "附录：项目职责矩阵",
        "第2页/共",
        // A duty of the hybrid template, whole: Chinese survives shaping and subsetting.
        "监管部副总经理",
    ] {
        assert!(squeezed.contains(expected), "{expected} missing");
    }
    let pages = page_count(&text);
    assert!((6..=200).contains(&pages), "{pages} pages");
    let last = format!("第{pages}页/共{pages}页");
    assert!(squeezed.contains(&last), "{last} missing");
}

/// The English manual printed the Chinese center name on its cover and in every running
/// header, with no way to give an English one.
#[test]
fn the_english_manual_prints_the_english_center_name() {
    let mut plan = template(CenterType::Hybrid, "华北客户服务中心");
    let english = options(Edition::Manager, Lang::En);
    // With no English name, the English manual falls back to the one the center has.
    let markdown = manual::render_markdown(&plan, &english).expect("markdown");
    assert!(markdown.contains("华北客户服务中心"));

    plan.name_en = "North China Service Center".to_owned();
    let pdf = manual::render_pdf(&plan, &english, &FONTS).expect("english pdf");
    let text = pdf_text(&pdf);
    assert!(
        !text.contains("华北"),
        "the Chinese name is in the English manual"
    );
    let pages = page_count(&text);
    // The cover and every running header after it.
    assert!(
        text.matches("North China Service Center").count() >= pages,
        "{} mentions on {pages} pages",
        text.matches("North China Service Center").count()
    );
    let chinese = manual::render_markdown(&plan, &options(Edition::Manager, Lang::Zh))
        .expect("chinese markdown");
    assert!(chinese.contains("华北客户服务中心"));
    assert!(!chinese.contains("North China Service Center"));
}

/// A heading of long words at 18 pt and a long cover title, in English.
const LONG_WORDS: &str = "Telecommunications Interoperability Responsibilities Reconciliation";

#[test]
fn headings_and_the_cover_are_never_hyphenated() {
    // The English cover printed "Sample Hybrid customer service cen-" / "ter" (a soft
    // hyphen, U+00AD, in the PDF's text).
    let mut plan = template(CenterType::Hybrid, "华北客户服务中心");
    plan.name_en = format!("Northern Provinces {LONG_WORDS} Center");
    let chapter = format!(
        "# {LONG_WORDS}\n\nA paragraph.\n\n## {LONG_WORDS} and Internationalization\n\nMore text.\n"
    );
    let sources =
        manual::Sources::embedded().overlaid([manual::SourceFile::new("en/01-about.md", chapter)]);
    let english = options(Edition::Manager, Lang::En);
    let pdf = manual::render_pdf_from(&plan, &english, &FONTS, &sources).expect("english pdf");
    let text = pdf_text(&pdf);
    let long_words: Vec<&str> = LONG_WORDS.split(' ').collect();
    // The cover (the first page), and the headings and table-of-contents entries (lines
    // that start with a section number such as "1" or "1.1"); body text may hyphenate.
    let cover = text.split('\u{c}').next().unwrap_or_default();
    let numbered = |line: &&str| {
        line.split(' ').next().is_some_and(|n| {
            !n.is_empty() && !n.ends_with('.') && n.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
    };
    let broken: Vec<&str> = cover
        .lines()
        .chain(text.lines().filter(numbered))
        .filter(|line| long_words.iter().any(|w| line.contains(&w[..6])))
        .filter(|line| line.trim_end().ends_with(['-', '\u{ad}', '\u{2010}']))
        .collect();
    assert!(broken.is_empty(), "hyphenated: {broken:?}");
    // And each word is printed whole at least on the cover, the two headings and the TOC.
    for word in long_words {
        assert!(
            text.matches(word).count() >= 4,
            "{word}: {}",
            text.matches(word).count()
        );
    }
}

#[test]
fn hostile_text_prints_literally() {
    let long = "长".repeat(100 * 1024 / 3);
    let hostile = [
        "#set page(width: 1cm) #panic(\"x\")",
        "$x^2$ \\ \" ' ]] [[ } {",
        "<script>alert(1)</script>",
        "**不加粗** _x_ `code` # 标题 - 列表 1. 编号 | 竖线 |",
        "{{ center.name }} {% if %}",
        "😀 emoji",
    ];
    let mut plan = hybrid();
    plan.name = "#strong[中心] $1 <b>".to_owned();
    let jd = plan
        .job_descriptions
        .iter_mut()
        .find(|jd| jd.position.as_str() == "csr")
        .expect("csr job description");
    for text in hostile {
        jd.duties.push(Duty {
            text: Text::new(text, text),
            audience: Audience::Both,
        });
    }
    jd.duties.push(Duty {
        text: Text::new(long.clone(), long.clone()),
        audience: Audience::Both,
    });
    let options = options(Edition::Csr, Lang::Zh);

    let markdown = manual::render_markdown_from(&plan, &options, &fixtures()).expect("markdown");
    assert!(
        markdown.contains("\\#strong\\[中心\\] $1 \\<b\\>"),
        "center name escaped"
    );

    let html = manual::render_html_from(&plan, &options, &fixtures()).expect("html");
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let pdf = manual::render_pdf_from(&plan, &options, &FONTS, &fixtures()).expect("pdf");
    let text = squeeze(&pdf_text(&pdf));
    for expected in hostile.iter().copied().chain(["#strong[中心] $1 <b>"]) {
        assert!(text.contains(&squeeze(expected)), "{expected} not literal");
    }
    // The long duty runs over many pages, so running headers interleave it: count it.
    let printed = text.matches('长').count();
    assert!(
        printed >= long.chars().count(),
        "{printed} of the 100 KB duty's characters"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let plan = hybrid();
    let sources = fixtures();
    let render = |date| {
        let options = ManualOptions {
            date,
            ..options(Edition::Csr, Lang::En)
        };
        manual::render_pdf_from(&plan, &options, &FONTS, &sources).expect("pdf")
    };
    let first = render(DATE);
    assert_eq!(first, render(DATE));
    assert_ne!(first, render(Date::new(2026, 3, 6).unwrap()));
}

#[test]
fn a_font_without_chinese_is_refused() {
    let mut fonts = FONTS.clone();
    fonts.regular = FontFace {
        data: Arc::new(b"not a font".to_vec()),
        index: 0,
    };
    let err = manual::render_pdf(&hybrid(), &options(Edition::Csr, Lang::Zh), &fonts)
        .expect_err("no usable font");
    assert!(
        err.to_string().starts_with("font regular cannot be read"),
        "{err}"
    );
}

#[test]
fn the_hybrid_manager_edition_matches_its_golden_markdown() {
    let markdown =
        manual::render_markdown(&hybrid(), &options(Edition::Manager, Lang::Zh)).expect("markdown");
    crate::support::golden::check("hybrid-manager-zh.md", &markdown);
}

#[test]
fn dates_parse_and_print_in_both_languages() {
    for (input, zh, en) in [
        ("2026-03-05", "2026年3月5日", "5 March 2026"),
        ("2024-02-29", "2024年2月29日", "29 February 2024"),
    ] {
        let date = Date::parse(input).expect(input);
        assert_eq!(date.to_string(), input);
        assert_eq!(date.display(Lang::Zh), zh);
        assert_eq!(date.display(Lang::En), en);
    }
    for bad in [
        "2025-02-29",
        "2026-13-01",
        "2026-3-5",
        "yesterday",
        "2026-03-05x",
    ] {
        assert_eq!(Date::parse(bad), None, "{bad}");
    }
}

/// Pixels of emoji yellow (Noto Color Emoji's faces and stars) in a PNG: the manual's and
/// the chart's palette have none, so they show an emoji was drawn and not an empty box.
pub(crate) fn yellow_pixels(png: &[u8]) -> usize {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("a PNG");
    pixmap
        .pixels()
        .iter()
        .map(|p| p.demultiply())
        .filter(|p| p.red() > 200 && p.green() > 150 && p.blue() < 90)
        .count()
}

#[test]
fn emoji_print_in_colour_not_as_empty_boxes() {
    let mut plan = hybrid();
    plan.name = "客服之星 ⭐😀 中心".to_owned();
    let render = |fonts: &FontSet| {
        let pdf =
            manual::render_pdf_from(&plan, &options(Edition::Csr, Lang::Zh), fonts, &fixtures())
                .expect("pdf");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("m.pdf"), &pdf).expect("write pdf");
        let status = Command::new("pdftoppm")
            .args(["-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile"])
            .arg(dir.path().join("m.pdf"))
            .arg(dir.path().join("cover"))
            .status()
            .expect("pdftoppm is installed (poppler-utils)");
        assert!(status.success());
        yellow_pixels(&std::fs::read(dir.path().join("cover.png")).expect("cover png"))
    };
    assert!(
        !FONTS.fallback.is_empty(),
        "Noto Color Emoji is not installed: run scripts/setup-debian.sh"
    );
    let with_emoji_font = render(&FONTS);
    let without = render(&FontSet {
        fallback: Vec::new(),
        ..FONTS.clone()
    });
    assert!(with_emoji_font > 50, "{with_emoji_font} yellow pixels");
    assert_eq!(without, 0);
}

#[test]
fn the_preview_draws_the_pdfs_pages_one_at_a_time() {
    let plan = hybrid();
    let options = options(Edition::Manager, Lang::Zh);
    let pages = manual::typeset(&plan, &options, &FONTS).expect("typeset");
    let pdf = manual::render_pdf(&plan, &options, &FONTS).expect("pdf");
    assert_eq!(
        pages.count(),
        page_count(&pdf_text(&pdf)),
        "same pages as the PDF"
    );
    assert!(pages.count() > 10, "{} pages", pages.count());
    let last = pages.svg(pages.count() - 1).expect("last page");
    assert!(last.starts_with("<svg") && last.ends_with("</svg>"));
    assert_ne!(pages.svg(0), pages.svg(1), "pages differ");
    assert_eq!(pages.svg(pages.count()), None, "no page past the last");
    let all = manual::render_svg_pages(&plan, &options, &FONTS).expect("svg pages");
    assert_eq!(all.len(), pages.count());
    assert_eq!(
        all[3],
        pages.svg(3).expect("page 4"),
        "one page drawn alone is the same page"
    );
}
