//! The manual as a Word document: a valid package whose every part parses, Word's heading
//! styles for exactly the headings the PDF's outline has, real tables with a repeated
//! header row, only the TOC and page fields, a chart image of print quality, the same
//! bytes for the same input; and, where LibreOffice is installed, a document it converts.

use std::collections::BTreeMap;
use std::io::Read;

use centerplan::manual::{self, Edition};
use centerplan::model::{CenterType, Lang};
use centerplan::templates::template;

use super::manual::{FONTS, options, pdf_text};
use super::manual_layout::{LAID, Laid};

/// Every part of a package, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("an entry");
        let name = file.name().expect("a UTF-8 entry name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("entry readable");
        parts.insert(name, data);
    }
    parts
}

fn xml(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .expect("UTF-8 XML")
}

/// The paragraphs of `document.xml` with their style and text.
fn paragraphs(document: &str) -> Vec<(String, String)> {
    let tree = roxmltree::Document::parse(document).expect("document.xml parses");
    tree.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name("pStyle"))
                .and_then(|n| n.attributes().find(|a| a.name() == "val"))
                .map(|a| a.value().to_owned())
                .unwrap_or_default();
            let text: String = p
                .descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .collect();
            (style, text)
        })
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .collect()
}

/// Checks what every Word manual must be; returns the document part.
fn check_package(bytes: &[u8], label: &str) -> BTreeMap<String, Vec<u8>> {
    let parts = parts(bytes);
    // Every XML part parses, and every part is declared in the content types.
    let types = xml(&parts, "[Content_Types].xml");
    for (name, data) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = std::str::from_utf8(data).expect("UTF-8");
            roxmltree::Document::parse(text)
                .unwrap_or_else(|err| panic!("{label}: {name} is not well-formed: {err}"));
        }
        if name.ends_with(".xml") && name != "[Content_Types].xml" {
            assert!(
                types.contains(&format!("PartName=\"/{name}\"")),
                "{label}: {name} has no content type"
            );
        }
    }
    // Every relationship points at a part of the package (or outside it, for a link).
    for (name, data) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let text = std::str::from_utf8(data).unwrap();
        let tree = roxmltree::Document::parse(text).unwrap();
        let base = name
            .strip_suffix(".rels")
            .and_then(|n| n.rsplit_once("_rels/"))
            .map_or("", |(dir, _)| dir);
        for rel in tree
            .descendants()
            .filter(|n| n.has_tag_name("Relationship"))
        {
            if rel.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = rel.attribute("Target").unwrap();
            let path = format!("{base}{target}");
            assert!(
                parts.contains_key(&path),
                "{label}: {name} points at {path}, not in the package"
            );
        }
    }
    // Only the contents and page-number fields: no text became a field instruction.
    let document = xml(&parts, "word/document.xml");
    for part in ["word/document.xml", "word/footer1.xml", "word/header1.xml"] {
        let text = xml(&parts, part);
        assert!(
            !text.contains("fldSimple"),
            "{label}: a simple field in {part}"
        );
        let tree = roxmltree::Document::parse(&text).unwrap();
        for instr in tree.descendants().filter(|n| n.has_tag_name("instrText")) {
            let code = instr.text().unwrap_or_default().trim();
            assert!(
                code.starts_with("TOC ") || code == "PAGE" || code == "NUMPAGES",
                "{label}: field {code:?} in {part}"
            );
        }
    }
    assert!(document.contains("w:tblHeader") || !document.contains("<w:tbl>"));
    parts
}

#[test]
fn each_edition_and_language_is_a_word_document_with_the_pdfs_headings_and_tables() {
    // The PDFs laid out once for the layout checks: the hybrid template's four manuals.
    let plan = template(CenterType::Hybrid, "示例客户服务中心");
    let laid = LAID.iter().filter(|l| l.center_type == CenterType::Hybrid);
    for Laid {
        label,
        edition,
        lang,
        pages,
        ..
    } in laid
    {
        let options = options(*edition, *lang);
        let bytes = manual::render_docx(&plan, &options, &FONTS).expect("docx");
        let parts = check_package(&bytes, label);
        let document = xml(&parts, "word/document.xml");

        // The headings Word's navigation pane lists are the PDF outline's.
        let word: Vec<String> = paragraphs(&document)
            .into_iter()
            .filter(|(style, _)| {
                matches!(
                    style.as_str(),
                    "Heading1" | "Heading2" | "Heading3" | "Heading4"
                )
            })
            .map(|(_, text)| squeeze(&text))
            .collect();
        let pdf: Vec<String> = pages
            .headings()
            .into_iter()
            .skip(1) // the contents' title, not in the outline
            .map(|(text, _)| squeeze(&text))
            .collect();
        assert_eq!(word, pdf, "{label}: headings");

        // Every table of the PDF is a Word table whose first row repeats on each page.
        let tree = roxmltree::Document::parse(&document).unwrap();
        let tables: Vec<_> = tree
            .descendants()
            .filter(|n| n.has_tag_name("tbl"))
            .collect();
        assert_eq!(tables.len(), pages.tables().len(), "{label}: tables");
        for (i, table) in tables.iter().enumerate() {
            let first = table
                .children()
                .find(|n| n.has_tag_name("tr"))
                .expect("a row");
            assert!(
                first.descendants().any(|n| n.has_tag_name("tblHeader")),
                "{label}: table {i} has no repeated header row"
            );
            let headers = table
                .descendants()
                .filter(|n| n.has_tag_name("tblHeader"))
                .count();
            assert_eq!(headers, 1, "{label}: table {i}: one header row");
        }

        // The styles Word knows by name, with outline levels.
        let styles = xml(&parts, "word/styles.xml");
        for level in 1..=3 {
            assert!(styles.contains(&format!("<w:name w:val=\"heading {level}\"/>")));
            assert!(styles.contains(&format!("<w:outlineLvl w:val=\"{}\"/>", level - 1)));
        }
        // Chinese text has its font named on every run.
        let runs = tree.descendants().filter(|n| n.has_tag_name("r"));
        for run in runs {
            if run.descendants().any(|n| n.has_tag_name("t")) {
                let fonts = run.descendants().find(|n| n.has_tag_name("rFonts"));
                assert!(
                    fonts.is_some_and(|f| f
                        .attributes()
                        .any(|a| a.name() == "eastAsia" && a.value() == FONTS.family)),
                    "{label}: a run without the East Asian font"
                );
            }
        }
    }
}

#[test]
fn the_chart_is_an_image_of_print_quality_with_its_text_in_the_document() {
    let plan = template(CenterType::Hybrid, "示例客户服务中心");
    let bytes =
        manual::render_docx(&plan, &options(Edition::Manager, Lang::Zh), &FONTS).expect("docx");
    let parts = parts(&bytes);
    let document = xml(&parts, "word/document.xml");
    let tree = roxmltree::Document::parse(&document).unwrap();
    let drawings: Vec<_> = tree
        .descendants()
        .filter(|n| n.has_tag_name("inline"))
        .collect();
    assert!(!drawings.is_empty(), "no chart image");
    for (i, drawing) in drawings.iter().enumerate() {
        let extent = drawing
            .children()
            .find(|n| n.has_tag_name("extent"))
            .unwrap();
        let cx: f64 = extent.attribute("cx").unwrap().parse().unwrap();
        let png = &parts[&format!("word/media/image{}.png", i + 1)];
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let pixels = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let inches = cx / 914_400.0;
        let dpi = f64::from(pixels) / inches;
        assert!(
            dpi >= 200.0,
            "image {}: {dpi:.0} dpi at its printed width",
            i + 1
        );
    }
    // Every box's name is in the document as text: the first image's description.
    let descr = drawings[0]
        .children()
        .find(|n| n.has_tag_name("docPr"))
        .and_then(|n| n.attribute("descr"))
        .unwrap();
    for node in &plan.chart.nodes {
        assert!(
            descr.contains(&node.name.zh),
            "{} not in the alt text",
            node.name.zh
        );
    }
}

#[test]
fn the_same_plan_and_date_give_the_same_word_bytes() {
    let plan = template(CenterType::Outsourced, "示例客户服务中心");
    let options = options(Edition::Csr, Lang::En);
    let first = manual::render_docx(&plan, &options, &FONTS).expect("docx");
    let second = manual::render_docx(&plan, &options, &FONTS).expect("docx");
    assert!(first == second, "two exports differ");
    let other = std::thread::spawn(move || {
        let plan = template(CenterType::Outsourced, "示例客户服务中心");
        manual::render_docx(&plan, &options, &FONTS).expect("docx")
    })
    .join()
    .unwrap();
    assert!(first == other, "an export on another thread differs");
}

#[test]
fn libreoffice_converts_the_word_manual_with_every_heading() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|cmd| {
        std::process::Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let plan = template(CenterType::Hybrid, "示例客户服务中心");
    let options = options(Edition::Manager, Lang::Zh);
    let bytes = manual::render_docx(&plan, &options, &FONTS).expect("docx");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manual.docx");
    std::fs::write(&path, &bytes).unwrap();
    let output = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("soffice runs");
    assert!(output.status.success(), "soffice failed: {output:?}");
    let pdf = std::fs::read(dir.path().join("manual.pdf")).expect("soffice wrote a PDF");
    let text = squeeze(&pdf_text(&pdf));
    let markdown = manual::render_markdown(&plan, &options).unwrap();
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("# ").or_else(|| line.strip_prefix("## ")) {
            assert!(
                text.contains(&squeeze(title)),
                "{title:?} not in LibreOffice's PDF"
            );
        }
    }
}
