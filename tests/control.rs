//! The manual as a controlled document (issue 19 items 2 and 4): the record and the logo
//! in the plan (document, JSON, edits, validation, hostile files), and what the manual
//! prints of them in PDF, Word and HTML.

use std::io::Read;
use std::path::Path;

use centerplan::control::{Confidentiality, DocumentControl, Logo, LogoFormat, Revision, Signoff};
use centerplan::document::{self, DocumentError};
use centerplan::edit::{Edit, Editor};
use centerplan::error::Failure;
use centerplan::interchange;
use centerplan::manual::{self, Date, Edition, ManualOptions};
use centerplan::model::{CenterType, Function, Lang, Plan, Text};
use centerplan::templates::template;
use centerplan::validate::{Subject, validate};
use resvg::tiny_skia;

use crate::manual::{FONTS, pdf_text};

fn date(text: &str) -> Option<Date> {
    Some(Date::parse(text).expect("a test date"))
}

/// A PNG of `width` × `height` pixels, one colour.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
    pixmap.fill(tiny_skia::Color::from_rgba8(20, 80, 160, 255));
    pixmap.encode_png().unwrap()
}

pub(crate) fn svg_logo() -> Vec<u8> {
    br##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" rx="8" fill="#1f4e99"/><circle cx="30" cy="30" r="18" fill="#fff"/></svg>"##.to_vec()
}

/// The record a director fills in: every field set, two revisions.
pub(crate) fn record() -> DocumentControl {
    let signoff = |name: &str, zh: &str, en: &str, on: &str| Signoff {
        name: name.to_owned(),
        post: Text::new(zh, en),
        date: date(on),
    };
    DocumentControl {
        number: "KF-YY-001".to_owned(),
        version: "1.1".to_owned(),
        effective: date("2026-04-01"),
        confidentiality: Confidentiality::Internal,
        prepared: signoff("王芳", "运营经理", "Operations manager", "2026-03-02"),
        reviewed: signoff("李强", "监管部副总经理", "Oversight VP", "2026-03-09"),
        approved: signoff("陈静", "中心总经理", "General manager", "2026-03-16"),
        revisions: vec![
            Revision {
                version: "1.0".to_owned(),
                date: date("2025-09-01"),
                author: "王芳".to_owned(),
                summary: Text::new("首次发布", "First issue"),
            },
            Revision {
                version: "1.1".to_owned(),
                date: date("2026-03-16"),
                author: "王芳".to_owned(),
                summary: Text::new(
                    "投诉时限改为两个工作日",
                    "Complaint deadline now two working days",
                ),
            },
        ],
    }
}

fn controlled(center_type: CenterType) -> Plan {
    let mut plan = template(center_type, "示例客户服务中心");
    plan.name_en = "Sample Service Center".to_owned();
    plan.control = record();
    plan.logo = Some(Logo::new(png(320, 100)).unwrap());
    plan
}

fn options(edition: Edition, lang: Lang) -> ManualOptions {
    ManualOptions {
        edition,
        lang,
        date: Date::new(2026, 3, 20).unwrap(),
    }
}

#[test]
fn a_controlled_plan_round_trips_through_the_document_and_json() {
    for logo in [png(64, 32), svg_logo()] {
        let mut plan = controlled(CenterType::Hybrid);
        plan.logo = Some(Logo::new(logo).unwrap());
        crate::support::assert_round_trips(&plan);
    }
    // Untouched, neither appears in the JSON.
    let plain = template(CenterType::Sales, "方案");
    let json = interchange::to_json(&plain);
    assert!(
        !json.contains("\"control\"") && !json.contains("\"logo\""),
        "{json}"
    );
}

#[test]
fn control_edits_are_undoable_steps() {
    let plan = template(CenterType::Service, "方案");
    let mut editor = Editor::new(plan.clone(), false);
    editor
        .apply(&Edit::SetControl {
            control: Box::new(record()),
        })
        .unwrap();
    let logo = Logo::new(svg_logo()).unwrap();
    editor
        .apply(&Edit::SetLogo {
            logo: Some(logo.clone()),
        })
        .unwrap();
    assert_eq!(editor.plan().control, record());
    assert_eq!(editor.plan().logo, Some(logo));
    assert!(editor.undo());
    assert_eq!(editor.plan().logo, None);
    assert_eq!(editor.plan().control, record());
    assert!(editor.undo());
    assert_eq!(editor.plan(), &plan);
    // A field over its limit is refused, naming it, and changes nothing.
    let mut long = record();
    long.approved.name = "名".repeat(200);
    let err = editor
        .apply(&Edit::SetControl {
            control: Box::new(long),
        })
        .unwrap_err();
    assert!(err.to_string().contains("control.approved.name"), "{err}");
    assert_eq!(editor.plan(), &plan);
}

#[test]
fn the_edits_travel_as_json_with_the_logo_in_base64() {
    let edit = Edit::SetLogo {
        logo: Some(Logo::new(png(10, 10)).unwrap()),
    };
    let json = serde_json::to_string(&edit).unwrap();
    assert!(json.contains("\"format\":\"png\""), "{json}");
    assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit);
    // Data that is not the image it says it is, or no image at all, is refused.
    let lying = json.replace("\"format\":\"png\"", "\"format\":\"svg\"");
    let err = serde_json::from_str::<Edit>(&lying).unwrap_err();
    assert!(err.to_string().contains("says it is svg"), "{err}");
    let garbage = r#"{"op":"set-logo","logo":{"format":"png","data":"aGVsbG8="}}"#;
    assert!(serde_json::from_str::<Edit>(garbage).is_err());
}

#[test]
fn a_logo_file_that_is_no_image_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("logo.png");
    std::fs::write(&text, "not a picture").unwrap();
    let err = Logo::read(&text).unwrap_err();
    assert_eq!(err.code(), "logo.unknown-format");
    assert!(
        err.to_string().starts_with(&text.display().to_string()),
        "{err}"
    );
    let big = dir.path().join("big.png");
    let mut bytes = png(16, 16);
    bytes.resize(centerplan::control::MAX_LOGO_BYTES + 10, 0);
    std::fs::write(&big, bytes).unwrap();
    assert_eq!(Logo::read(&big).unwrap_err().code(), "logo.too-large");
    let missing = dir.path().join("missing.svg");
    assert_eq!(Logo::read(&missing).unwrap_err().code(), "logo.read");
    let huge = dir.path().join("huge.png");
    std::fs::write(&huge, png(5000, 10)).unwrap();
    assert_eq!(Logo::read(&huge).unwrap_err().code(), "logo.bad-size");
    let ok = dir.path().join("ok.svg");
    std::fs::write(&ok, svg_logo()).unwrap();
    assert_eq!(Logo::read(&ok).unwrap().format(), LogoFormat::Svg);
}

/// Runs SQL on a saved file, as another program (or a hostile sender) might.
fn tamper(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn a_file_with_a_bad_control_row_or_logo_names_table_and_column() {
    let cases = [
        (
            "UPDATE control SET effective = '2026-02-30'",
            "control",
            "effective",
        ),
        (
            "UPDATE control SET confidentiality = 'top-secret'",
            "control",
            "confidentiality",
        ),
        (
            "UPDATE control_revision SET date = 'yesterday' WHERE position = 1",
            "control_revision",
            "date",
        ),
        (
            "UPDATE logo SET data = x'89504e470d0a1a0a00'",
            "logo",
            "data",
        ),
        ("UPDATE logo SET format = 'svg'", "logo", "format"),
    ];
    for (sql, table, column) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.centerplan");
        document::save(&controlled(CenterType::Outsourced), &path).unwrap();
        tamper(&path, sql);
        let before = std::fs::read(&path).unwrap();
        let err = document::open(&path).unwrap_err();
        match &err {
            DocumentError::BadField {
                table: t,
                column: c,
                ..
            } => assert_eq!((*t, *c), (table, column), "{sql}: {err}"),
            other => panic!("{sql}: expected a bad field, got {other}"),
        }
        assert!(!err.to_string().contains('\n'), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{sql}: open changed the file"
        );
    }
}

#[test]
fn validation_catches_what_a_reviewer_would() {
    let codes = |control: DocumentControl| -> Vec<(&'static str, String)> {
        let mut plan = template(CenterType::Service, "方案");
        plan.control = control;
        validate(&plan)
            .into_iter()
            .filter_map(|d| match d.subject {
                Subject::Control { field } => Some((d.code, field)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(codes(record()), vec![]);
    let mut early = record();
    early.approved.date = date("2026-03-05");
    assert_eq!(
        codes(early),
        vec![("control.signoff-order", "approved.date".to_owned())]
    );
    let mut effective = record();
    effective.effective = date("2026-03-10");
    assert_eq!(
        codes(effective),
        vec![("control.effective-before-approval", "effective".to_owned())]
    );
    let mut history = record();
    history.revisions[1].date = date("2025-01-01");
    assert_eq!(
        codes(history),
        vec![("control.revision-order", "revisions[1].date".to_owned())]
    );
    let mut version = record();
    version.version = "2.0".to_owned();
    assert_eq!(
        codes(version),
        vec![("control.version-not-in-history", "version".to_owned())]
    );
}

/// The number of signature lines of the distribution record in `markdown`: its table's
/// body rows.
fn record_lines(markdown: &str, heading: &str) -> usize {
    let start = markdown.find(heading).expect("the distribution record");
    markdown[start..]
        .lines()
        .filter(|l| {
            l.starts_with("| ")
                && l.split('|')
                    .nth(1)
                    .is_some_and(|c| c.trim().parse::<u32>().is_ok())
        })
        .count()
}

#[test]
fn the_distribution_record_has_a_line_per_reader_of_the_edition() {
    let plan = controlled(CenterType::Hybrid);
    let planned = |csr: bool| -> usize {
        plan.chart
            .nodes
            .iter()
            .filter(|n| n.kind == centerplan::model::NodeKind::Position)
            .filter(|n| {
                matches!(
                    n.function,
                    Some(Function::Csr | Function::SeniorCsr | Function::LeadCsr)
                ) == csr
            })
            .map(|n| usize::try_from(n.headcount.planned).unwrap())
            .sum()
    };
    for (edition, csr) in [(Edition::Csr, true), (Edition::Manager, false)] {
        for (lang, heading) in [
            (Lang::Zh, "# 附录：手册发放签收记录"),
            (Lang::En, "# Appendix: Distribution record"),
        ] {
            let markdown = manual::render_markdown(&plan, &options(edition, lang)).unwrap();
            let expected = planned(csr).min(centerplan::control::MAX_RECORD_LINES as usize);
            assert!(expected > 0);
            assert_eq!(
                record_lines(&markdown, heading),
                expected,
                "{edition:?} {lang:?}"
            );
            assert!(markdown.contains("1\\.1"), "the version is named");
        }
    }
    // An untouched plan has no record (and no control page: see the PDF test).
    let plain = template(CenterType::Hybrid, "方案");
    let markdown = manual::render_markdown(&plain, &options(Edition::Csr, Lang::Zh)).unwrap();
    assert!(!markdown.contains("发放签收记录"), "{markdown}");
}

#[test]
fn the_pdf_carries_the_control_page_footer_and_logo() {
    let plan = controlled(CenterType::Service);
    for lang in Lang::ALL {
        let pdf = manual::render_pdf(&plan, &options(Edition::Manager, lang), &FONTS).unwrap();
        let text = pdf_text(&pdf);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let (title, footer, signoff, summary) = match lang {
            Lang::Zh => ("文件控制", "版本 1.1", "陈静", "投诉时限改为两个工作日"),
            Lang::En => (
                "Document control",
                "Version 1.1",
                "陈静",
                "Complaint deadline now two working days",
            ),
        };
        // The cover, then the control page.
        assert!(pages[0].contains("KF-YY-001"), "{}", pages[0]);
        assert!(
            pages[1].contains(title) && pages[1].contains(signoff),
            "{}",
            pages[1]
        );
        assert!(pages[1].contains(summary), "{}", pages[1]);
        // Every page after the cover has the number and version in its footer.
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert!(
                page.contains("KF-YY-001") && page.contains(footer),
                "page {}: {page}",
                i + 1
            );
        }
        // The logo is an image of the PDF.
        assert!(
            pdf.windows(b"/Subtype /Image".len())
                .any(|w| w == b"/Subtype /Image")
                || pdf
                    .windows(b"/Subtype/Image".len())
                    .any(|w| w == b"/Subtype/Image"),
            "no image in the PDF"
        );
        // Same plan, options and date: same bytes.
        assert_eq!(
            manual::render_pdf(&plan, &options(Edition::Manager, lang), &FONTS).unwrap(),
            pdf
        );
    }
}

/// The parts of a Word package by name.
fn parts(docx: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

#[test]
fn the_word_document_carries_the_control_page_footer_and_logo() {
    for logo in [png(320, 100), svg_logo()] {
        let mut plan = controlled(CenterType::Sales);
        plan.logo = Some(Logo::new(logo).unwrap());
        let docx = manual::render_docx(&plan, &options(Edition::Csr, Lang::Zh), &FONTS).unwrap();
        let parts = parts(&docx);
        for (name, bytes) in &parts {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let text = std::str::from_utf8(bytes).unwrap();
                roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
        let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
        assert!(document.contains("文件控制") && document.contains("陈静"));
        assert!(document.contains("<w:tblHeader/>"));
        let footer = String::from_utf8(parts["word/footer1.xml"].clone()).unwrap();
        assert!(
            footer.contains("KF-YY-001") && footer.contains("版本 1.1"),
            "{footer}"
        );
        let header = String::from_utf8(parts["word/header1.xml"].clone()).unwrap();
        assert!(header.contains("r:embed=\"rIdLogo\""), "{header}");
        let rels = String::from_utf8(parts["word/_rels/header1.xml.rels"].clone()).unwrap();
        let target = rels
            .split("Target=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap();
        let logo = &parts[&format!("word/{target}")];
        assert!(
            logo.starts_with(b"\x89PNG"),
            "the logo reaches Word as a PNG"
        );
        assert_eq!(
            manual::render_docx(&plan, &options(Edition::Csr, Lang::Zh), &FONTS).unwrap(),
            docx,
            "reproducible"
        );
    }
}

#[test]
fn the_html_carries_the_control_page_and_logo() {
    let plan = controlled(CenterType::Outsourced);
    let html = manual::render_html(&plan, &options(Edition::Manager, Lang::En)).unwrap();
    assert!(html.contains("<h2>Document control</h2>"), "{html}");
    assert!(html.contains("data:image/png;base64,"));
    assert!(html.contains("KF-YY-001") && html.contains("First issue"));
    let plain = template(CenterType::Outsourced, "方案");
    let html = manual::render_html(&plain, &options(Edition::Manager, Lang::En)).unwrap();
    assert!(!html.contains("document-control") && !html.contains("data:image"));
}

#[test]
fn hostile_control_text_prints_as_text() {
    let mut plan = controlled(CenterType::Hybrid);
    let hostile = "#set page(width: 1pt) $x$ <script>alert(1)</script> {% raw %} ]] \\";
    plan.control.number = "#pagebreak() \"".to_owned();
    plan.control.approved.name = hostile.to_owned();
    plan.control.revisions[0].summary = Text::new(hostile, hostile);
    let options = options(Edition::Manager, Lang::Zh);
    let pdf = manual::render_pdf(&plan, &options, &FONTS).unwrap();
    // As printed: the long runs got break opportunities, the table cells wrap.
    let text = pdf_text(&pdf).replace(['\u{200b}', '\n'], "");
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(text.contains("#pagebreak()"));
    let html = manual::render_html(&plan, &options).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    let docx = manual::render_docx(&plan, &options, &FONTS).unwrap();
    let document = String::from_utf8(parts(&docx)["word/document.xml"].clone()).unwrap();
    assert!(document.contains("&lt;script&gt;") && !document.contains("<script>"));
}

/// How many reddish pixels page `page` (from 1) of `pdf` has at 30 dpi: the watermark is
/// drawn (its text is not extracted), and nothing else in a manual is red.
fn red_pixels(pdf: &[u8], page: u32) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.pdf");
    std::fs::write(&path, pdf).unwrap();
    let page = page.to_string();
    let output = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-f", &page, "-l", &page, "-singlefile"])
        .arg(&path)
        .output()
        .expect("pdftoppm is installed (poppler-utils)");
    assert!(output.status.success());
    // A binary PPM: "P6\n<w> <h>\n255\n" then RGB bytes.
    let data = output.stdout;
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    data[at + 1..]
        .chunks_exact(3)
        .filter(|p| {
            i32::from(p[0]) > i32::from(p[1]) + 15 && i32::from(p[0]) > i32::from(p[2]) + 15
        })
        .count()
}

fn release(plan: &mut Plan, version: &str) {
    centerplan::edit::apply(
        plan,
        &Edit::Release {
            version: version.to_owned(),
            date: Date::new(2026, 3, 20).unwrap(),
            summary: Text::new("发布", "Released"),
            author: String::new(),
        },
    )
    .unwrap();
}

#[test]
fn a_release_freezes_the_plan_and_the_watermark_follows_it() {
    let mut plan = controlled(CenterType::Hybrid);
    assert!(
        centerplan::control::is_draft(&plan),
        "never released: a draft"
    );
    release(&mut plan, "1.2");
    assert_eq!(plan.control.version, "1.2");
    let last = plan.control.revisions.last().unwrap();
    assert_eq!(
        (last.version.as_str(), last.author.as_str()),
        ("1.2", "王芳")
    );
    assert!(!centerplan::control::is_draft(&plan));
    let since = |plan: &Plan| {
        centerplan::diff::diff(
            &plan.releases.last().unwrap().plan,
            &centerplan::control::content(plan),
        )
    };
    assert_eq!(since(&plan), vec![]);
    // Editing the control record is not a change of the content.
    plan.control.effective = date("2026-05-01");
    assert!(!centerplan::control::is_draft(&plan));
    // Any edit of the content is.
    plan.chart.nodes[4].headcount.planned += 1;
    assert!(centerplan::control::is_draft(&plan));
    assert_eq!(since(&plan).len(), 1);
    let marked = |plan: &Plan| {
        let pdf = manual::render_pdf(plan, &options(Edition::Csr, Lang::Zh), &FONTS).unwrap();
        red_pixels(&pdf, 2) > 100
    };
    assert!(marked(&plan), "the watermark is on the pages");
    // The same number twice is refused; a new one releases and the mark goes.
    let err = centerplan::edit::apply(
        &mut plan.clone(),
        &Edit::Release {
            version: "1.2".to_owned(),
            date: Date::new(2026, 4, 1).unwrap(),
            summary: Text::default(),
            author: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit.released");
    release(&mut plan, "1.3");
    assert!(!marked(&plan));
    let docx = manual::render_docx(&plan, &options(Edition::Csr, Lang::En), &FONTS).unwrap();
    assert!(
        !String::from_utf8(parts(&docx)["word/header1.xml"].clone())
            .unwrap()
            .contains("DRAFT")
    );
    plan.kpis[0].target = "99/1".to_owned();
    let docx = manual::render_docx(&plan, &options(Edition::Csr, Lang::En), &FONTS).unwrap();
    let parts = parts(&docx);
    for header in ["word/header1.xml", "word/header2.xml"] {
        let xml = String::from_utf8(parts[header].clone()).unwrap();
        assert!(xml.contains("string=\"DRAFT\""), "{header}: {xml}");
    }
    let html = manual::render_html(&plan, &options(Edition::Csr, Lang::En)).unwrap();
    assert!(html.contains("class=\"draft-mark\""));
    // Releases survive the file and JSON, and a hostile nested plan is refused.
    crate::support::assert_round_trips(&plan);
    let json = interchange::to_json(&plan);
    let mut nested: serde_json::Value = serde_json::from_str(&json).unwrap();
    let inner = serde_json::to_value(&plan).unwrap();
    nested["plan"]["releases"][0]["plan"] = inner;
    let err = interchange::from_json(&nested.to_string()).unwrap_err();
    assert!(err.to_string().contains("releases[0].plan"), "{err}");
}

#[test]
fn a_file_whose_release_is_not_a_plan_names_the_column() {
    let mut plan = controlled(CenterType::Sales);
    release(&mut plan, "1.0");
    for (sql, column) in [
        (
            "UPDATE release SET plan = '{\"format\":\"centerplan\"'",
            "plan",
        ),
        ("UPDATE release SET date = '2026-13-01'", "date"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.centerplan");
        document::save(&plan, &path).unwrap();
        tamper(&path, sql);
        match document::open(&path).unwrap_err() {
            DocumentError::BadField {
                table, column: c, ..
            } => {
                assert_eq!((table, c), ("release", column), "{sql}")
            }
            other => panic!("{sql}: {other}"),
        }
    }
}

/// The changes of one kind, in one language.
fn said(old: &Plan, new: &Plan, lang: Lang) -> Vec<String> {
    centerplan::diff::diff(old, new)
        .into_iter()
        .map(|c| c.text.get(lang).to_owned())
        .collect()
}

#[test]
fn diff_names_each_kind_of_change_in_both_languages() {
    use centerplan::model::{Headcount, Line, LineKind, Node, NodeId, NodeKind};
    let old = template(CenterType::Hybrid, "中心");
    let check = |change: &dyn Fn(&mut Plan), zh: &str, en: &str| {
        let mut new = old.clone();
        change(&mut new);
        let (z, e) = (said(&old, &new, Lang::Zh), said(&old, &new, Lang::En));
        assert!(z.iter().any(|t| t.contains(zh)), "{zh}: {z:?}");
        assert!(e.iter().any(|t| t.contains(en)), "{en}: {e:?}");
        assert_eq!(z.len(), e.len());
    };
    let id = |plan: &Plan, f: Function| {
        plan.chart
            .nodes
            .iter()
            .find(|n| n.function == Some(f))
            .unwrap()
            .id
            .clone()
    };
    let tl = id(&old, Function::TeamLeader);
    let qa = id(&old, Function::QaSpecialist);
    check(
        &|p| {
            let parent = p.chart.nodes[0].id.clone();
            p.chart.nodes.push(Node {
                id: NodeId::new("wfm-lead"),
                parent: Some(parent),
                kind: NodeKind::Position,
                name: Text::new("排班主管", "Scheduling lead"),
                rank: None,
                headcount: Headcount {
                    planned: 2,
                    filled: 1,
                },
                function: None,
                collapsed: false,
            })
        },
        "新增岗位“排班主管”",
        "Added the position “Scheduling lead”",
    );
    check(
        &|p| p.chart.nodes.retain(|n| n.id != qa),
        "删除岗位",
        "Removed the position",
    );
    check(
        &|p| {
            p.chart.nodes.iter_mut().find(|n| n.id == tl).unwrap().name =
                Text::new("班组长", "Team lead")
        },
        "改名为“班组长”",
        "is now called “Team lead”",
    );
    check(
        &|p| {
            let root = p.chart.nodes[0].id.clone();
            p.chart
                .nodes
                .iter_mut()
                .find(|n| n.id == qa)
                .unwrap()
                .parent = Some(root)
        },
        "改为隶属",
        "now reports to",
    );
    check(
        &|p| {
            p.chart.nodes.iter_mut().find(|n| n.id == tl).unwrap().rank =
                Some(centerplan::model::Rank(9))
        },
        "的层级由",
        "moved from level",
    );
    check(
        &|p| {
            p.chart
                .nodes
                .iter_mut()
                .find(|n| n.id == tl)
                .unwrap()
                .headcount
                .planned += 2
        },
        "编制由",
        "planned headcount",
    );
    check(
        &|p| {
            p.chart.lines.push(Line {
                from: qa.clone(),
                to: p.chart.nodes[0].id.clone(),
                kind: LineKind::Dotted,
            })
        },
        "的虚线汇报",
        "Added a dotted line",
    );
    check(
        &|p| {
            p.matrix.rows[0].cells[1]
                .duties
                .push(Text::new("复核交接清单", "Check the handover list"))
        },
        "新增职责：复核交接清单",
        "new duty: Check the handover list",
    );
    check(
        &|p| {
            for row in &mut p.matrix.rows {
                row.cells[0].lead = false;
            }
            p.matrix.rows[1].cells[0].lead = true;
        },
        "阶段的牵头人由",
        "phase changed from",
    );
    check(
        &|p| p.job_descriptions[0].duties.remove(0).text.zh.clear(),
        "删除职责",
        "duty removed",
    );
    check(
        &|p| p.kpis[0].target = "95/10".to_owned(),
        "的目标由",
        "changed from",
    );
    check(
        &|p| p.kpis.remove(1).id.clear(),
        "删除 KPI",
        "Removed the KPI",
    );
    check(
        &|p| {
            centerplan::edit::apply(
                p,
                &Edit::SetChapterHidden {
                    id: "05-complaints".to_owned(),
                    hidden: true,
                },
            )
            .unwrap();
        },
        "隐藏章节",
        "Hid the chapter",
    );
    check(
        &|p| {
            centerplan::edit::apply(
                p,
                &Edit::SetChapterText {
                    id: "05-complaints".to_owned(),
                    lang: Lang::Zh,
                    markdown: "# 投诉\n\n新的正文。\n".to_owned(),
                },
            )
            .unwrap();
        },
        "修改章节",
        "Edited the text of the chapter",
    );
    check(
        &|p| p.rules.qa_sample = centerplan::rules::Count(12),
        "由 8",
        "→ 12",
    );
    check(
        &|p| p.name = "新中心".to_owned(),
        "中心名称由",
        "The center's name changed",
    );
    assert_eq!(said(&old, &old, Lang::Zh), Vec::<String>::new());
    assert_eq!(centerplan::diff::to_text(&[], Lang::En), "No changes\n");
}

#[test]
fn diff_markdown_prints_hostile_names_as_text() {
    let old = template(CenterType::Service, "中心");
    let mut new = old.clone();
    new.chart.nodes[1].name = Text::new("# *x* <b>", "# *x* <b>\nline");
    let changes = centerplan::diff::diff(&old, &new);
    let md = centerplan::diff::to_markdown(&changes, Lang::En, "Changes");
    let events: Vec<_> = pulldown_cmark::Parser::new(&md).collect();
    let headings = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })
            )
        })
        .count();
    assert_eq!(headings, 2, "{md}");
    assert!(
        !events.iter().any(|e| matches!(
            e,
            pulldown_cmark::Event::InlineHtml(_) | pulldown_cmark::Event::Html(_)
        )),
        "{md}"
    );
    let text = centerplan::diff::to_text(&changes, Lang::En);
    assert_eq!(text.lines().count(), 2, "one line per change: {text}");
}
