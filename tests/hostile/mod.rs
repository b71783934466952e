//! Hostile text through every path: every field of a plan set to each string of the
//! corpus, then the document, JSON, validation, outline and every exporter in
//! [`exporters`]. Round trips must be exact, exports must escape or neutralize the text,
//! and nothing may panic.
//!
//! New exports join by adding one entry to [`exporters`]. The two slow ones run less
//! often: the chart PNG once per hostile string (with the string in every field at once,
//! [`every_hostile_string_draws_as_a_png`]) and the manual PDF once, with every string
//! of the corpus in one plan ([`one_pdf_holds_every_hostile_string`]).

mod corpus;

use std::io::Read;
use std::sync::LazyLock;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_png, to_svg};
use centerplan::csv_io::{chart_from_csv, chart_to_csv};
use centerplan::fonts::{self, FontMeasure, FontSet, SimpleMeasure};
use centerplan::manual::{self, Date, Edition, ManualOptions, Sources, matrix};
use centerplan::model::{CenterType, Lang, Line, LineKind, Node, NodeId, NodeKind, Plan, Text};
use centerplan::{document, interchange, outline, templates, validate};

/// A plan field that text can be put in, by its JSON path.
type Setter = fn(&mut Plan, &str);

fn fields() -> Vec<(&'static str, Setter)> {
    vec![
        ("name", |p, v| p.name = v.to_owned()),
        ("chart.nodes[1].id", |p, v| {
            p.chart.nodes[1].id = NodeId::new(v)
        }),
        ("chart.nodes[1].parent", |p, v| {
            p.chart.nodes[1].parent = Some(NodeId::new(v))
        }),
        ("chart.nodes[1].name.zh", |p, v| {
            p.chart.nodes[1].name.zh = v.to_owned()
        }),
        ("chart.nodes[2].name.en", |p, v| {
            p.chart.nodes[2].name.en = v.to_owned()
        }),
        ("chart.lines[0].from", |p, v| {
            p.chart.lines.push(Line {
                from: NodeId::new(v),
                to: p.chart.nodes[0].id.clone(),
                kind: LineKind::Dotted,
            })
        }),
        ("matrix.rows[0].role", |p, v| {
            p.matrix.rows[0].role = NodeId::new(v)
        }),
        ("matrix.rows[0].cells[2].duties[0].zh", |p, v| {
            p.matrix.rows[0].cells[2]
                .duties
                .insert(0, Text::new(v, "duty"))
        }),
        ("job_descriptions[0].position", |p, v| {
            p.job_descriptions[0].position = NodeId::new(v)
        }),
        ("job_descriptions[0].summary.en", |p, v| {
            p.job_descriptions[0].summary.en = v.to_owned()
        }),
        ("job_descriptions[0].duties[0].text.zh", |p, v| {
            p.job_descriptions[0].duties[0].text.zh = v.to_owned()
        }),
        ("kpis[0].id", |p, v| p.kpis[0].id = v.to_owned()),
        ("kpis[0].name.zh", |p, v| p.kpis[0].name.zh = v.to_owned()),
        ("kpis[0].definition.en", |p, v| {
            p.kpis[0].definition.en = v.to_owned()
        }),
        ("kpis[0].formula.zh", |p, v| {
            p.kpis[0].formula.zh = v.to_owned()
        }),
        ("kpis[0].target", |p, v| p.kpis[0].target = v.to_owned()),
        ("career_path[0].title.en", |p, v| {
            p.career_path[0].title.en = v.to_owned()
        }),
        ("career_path[0].position", |p, v| {
            p.career_path[0].position = Some(NodeId::new(v))
        }),
        ("career_path[0].requirements.zh", |p, v| {
            p.career_path[0].requirements.zh = v.to_owned()
        }),
    ]
}

/// The limit (`centerplan::limits`) of a field of [`fields`], in bytes.
fn field_limit(field: &str) -> usize {
    use centerplan::limits::*;
    let last = field
        .rsplit(['.', ']'])
        .find(|part| !matches!(*part, "" | "zh" | "en"));
    match last.unwrap_or(field) {
        "name" if field == "name" => MAX_PLAN_NAME_BYTES,
        "name" | "title" | "target" => MAX_NAME_BYTES,
        "id" | "parent" | "from" | "role" | "position" => MAX_ID_BYTES,
        "summary" | "definition" | "formula" | "requirements" => MAX_PARAGRAPH_BYTES,
        _ if field.contains("duties") => MAX_DUTY_BYTES,
        other => panic!("no limit known for {field} ({other})"),
    }
}

/// One export of a plan. `run` returns the output as text (or a clear error); `check`
/// asserts that the hostile `value`, put in `field`, came out as itself, escaped or
/// neutralized.
struct Exporter {
    name: &'static str,
    run: fn(&Plan) -> Result<String, String>,
    check: fn(plan: &Plan, output: &str, value: &str, field: &str),
}

/// Strings no export has reason to escape: each must come out exactly as it went in,
/// in every export that shows the field.
const VERBATIM: [&str; 3] = [
    "👩‍💼📞✅🏳️‍🌈👨‍👩‍👧‍👦🇨🇳",
    "堃 喆 昇 珺 镕 赟 𠀀𪚥",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwe",
];

fn manual_options(edition: Edition, lang: Lang) -> ManualOptions {
    ManualOptions {
        edition,
        lang,
        date: Date::new(2026, 3, 5).unwrap(),
    }
}

/// Cells of a CSV export (the byte-order mark dropped): none may start like a formula.
fn assert_no_formula_cells(csv: &str) {
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:.60?}"
            );
        }
    }
}

/// HTML whose only markup is ours: the hostile strings' tags are escaped (their `onerror=`
/// is then plain text), and no link runs script.
fn assert_no_foreign_markup(html: &str) {
    let lower = html.to_ascii_lowercase();
    for foreign in ["<script", "<img", "<svg", "href=\"javascript:"] {
        assert!(!lower.contains(foreign), "{foreign} in the HTML");
    }
}

/// The XML parts of an XLSX workbook that hold its cells, and the text of every cell.
fn xlsx_cell_text(bytes: &[u8]) -> Result<String, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|err| err.to_string())?;
    let mut text = String::new();
    for part in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
        let mut xml = String::new();
        match archive.by_name(part) {
            Ok(mut file) => file
                .read_to_string(&mut xml)
                .map_err(|err| err.to_string())?,
            Err(zip::result::ZipError::FileNotFound) => continue,
            Err(err) => return Err(err.to_string()),
        };
        let tree = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|err| panic!("{part} is not well-formed XML: {err}"));
        for node in tree.descendants() {
            // Cells are written as strings, never as formulas.
            assert_ne!(node.tag_name().name(), "f", "a formula in {part}");
            if node.tag_name().name() == "t" {
                text.push_str(node.text().unwrap_or_default());
                text.push('\n');
            }
        }
    }
    Ok(text)
}

/// Every export of a plan, except the two slow ones (PNG and PDF, tested below).
fn exporters() -> Vec<Exporter> {
    vec![
        Exporter {
            name: "chart-svg",
            run: |plan| {
                let laid = layout(&plan.chart, &LayoutOptions::default(), &SimpleMeasure)
                    .map_err(|err| err.to_string())?;
                Ok(to_svg(&laid, &SvgOptions::default()))
            },
            check: |_, svg, value, field| {
                // Well-formed XML whose only markup is ours: no script, no event handler,
                // no DTD (entities), whatever the text held.
                let tree = roxmltree::Document::parse(svg)
                    .unwrap_or_else(|err| panic!("the SVG is not well-formed XML: {err}"));
                for node in tree.descendants().filter(|n| n.is_element()) {
                    assert_ne!(node.tag_name().name(), "script");
                    for attribute in node.attributes() {
                        assert!(!attribute.name().starts_with("on"), "{}", attribute.name());
                    }
                }
                // The chart draws the Chinese names by default, wrapped over lines; a
                // word far wider than a box is cut short with an ellipsis.
                let fits = value.chars().count() < 30;
                if VERBATIM.contains(&value) && fits && field == "chart.nodes[1].name.zh" {
                    let text: String = tree
                        .descendants()
                        .filter(|n| n.is_text())
                        .filter_map(|n| n.text())
                        .collect();
                    let squeeze = |t: &str| t.replace(char::is_whitespace, "");
                    assert!(
                        squeeze(&text).contains(&squeeze(value)),
                        "{value} not in the SVG"
                    );
                }
            },
        },
        Exporter {
            name: "chart-csv",
            run: |plan| Ok(chart_to_csv(&plan.chart)),
            check: |plan, csv, _, _| {
                assert_no_formula_cells(csv);
                // What the CSV carries comes back as it was.
                let back = chart_from_csv(csv);
                if let Ok(back) = back {
                    assert_eq!(back.nodes.len(), plan.chart.nodes.len());
                }
            },
        },
        Exporter {
            name: "json",
            run: |plan| Ok(interchange::to_json(plan)),
            check: |_, json, value, _| {
                if VERBATIM.contains(&value) {
                    assert!(json.contains(value), "{value} not in the JSON");
                }
            },
        },
        Exporter {
            name: "manual-markdown",
            run: |plan| {
                manual::render_markdown(plan, &manual_options(Edition::Manager, Lang::Zh))
                    .map_err(|err| err.to_string())
            },
            check: |_, markdown, value, field| {
                if VERBATIM.contains(&value) && field == "name" {
                    assert!(markdown.contains(value), "{value} not in the Markdown");
                }
            },
        },
        Exporter {
            name: "manual-html",
            run: |plan| {
                manual::render_html(plan, &manual_options(Edition::Manager, Lang::En))
                    .map_err(|err| err.to_string())
            },
            check: |_, html, value, field| {
                assert_no_foreign_markup(html);
                if VERBATIM.contains(&value) && field == "name" {
                    assert!(html.contains(value), "{value} not in the HTML");
                }
            },
        },
        Exporter {
            name: "manual-typst",
            run: |plan| {
                let options = manual_options(Edition::Csr, Lang::Zh);
                manual::render_typst_body_from(plan, &options, Sources::embedded())
                    .map_err(|err| err.to_string())
            },
            check: |_, body, _, _| {
                // Text reaches Typst as string literals: the markup parses whatever it says.
                let (errors, _) = typst::syntax::parse(body).errors_and_warnings();
                assert!(
                    errors.is_empty(),
                    "the Typst markup does not parse: {errors:?}"
                );
            },
        },
        Exporter {
            name: "matrix-csv",
            run: |plan| Ok(matrix::to_csv(plan, Lang::Zh)),
            check: |plan, csv, _, _| {
                assert_no_formula_cells(csv);
                let rows = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(csv.as_bytes())
                    .records()
                    .count();
                assert_eq!(rows, plan.matrix.rows.len() + 1);
            },
        },
        Exporter {
            name: "matrix-markdown",
            run: |plan| Ok(matrix::to_markdown(plan, Lang::En)),
            check: |plan, markdown, _, _| {
                // One table line per row: no value breaks the table apart.
                let lines = markdown.lines().filter(|l| l.starts_with('|')).count();
                assert_eq!(lines, plan.matrix.rows.len() + 2, "{markdown:.400}");
            },
        },
        Exporter {
            name: "matrix-xlsx",
            // Cells over Excel's 32,767 characters are refused with the library's error.
            run: |plan| {
                let bytes = matrix::to_xlsx(plan, Lang::Zh).map_err(|err| err.to_string())?;
                xlsx_cell_text(&bytes)
            },
            check: |_, cells, value, field| {
                if VERBATIM.contains(&value) && field.starts_with("matrix.rows[0].cells") {
                    assert!(cells.contains(value), "{value} not in the workbook");
                }
            },
        },
    ]
}

fn base() -> Plan {
    templates::template(CenterType::Hybrid, "hostile")
}

#[test]
fn every_field_holds_every_hostile_string_through_every_path() {
    let mut failures = Vec::new();
    for (value_name, value) in corpus::strings() {
        for (field, set) in fields() {
            let mut plan = base();
            set(&mut plan, &value);
            let label = format!("{value_name} in {field}");
            // Each field is held to a limit set by where the manual prints it (the center's
            // name, printed on every page, once grew the PDF export past 20 GB): a longer
            // value is refused at the door naming the field.
            if value.len() > field_limit(field) {
                let named = field.rsplit(']').next().unwrap_or(field);
                let err = document::to_bytes(&plan).expect_err(&label).to_string();
                assert!(
                    err.contains("plan.") && err.contains(named),
                    "{label}: {err}"
                );
                let err = interchange::from_json(&interchange::to_json(&plan)).expect_err(&label);
                assert!(err.to_string().contains(named), "{label}: {err}");
                continue;
            }

            let bytes = document::to_bytes(&plan).unwrap_or_else(|err| panic!("{label}: {err}"));
            let opened =
                document::from_bytes(&bytes).unwrap_or_else(|err| panic!("{label}: {err}"));
            if opened != plan {
                failures.push(format!("{label}: document round trip changed the plan"));
            }
            let json = interchange::to_json(&plan);
            match interchange::from_json(&json) {
                Ok(back) if back == plan => {}
                Ok(_) => failures.push(format!("{label}: JSON round trip changed the plan")),
                Err(err) => failures.push(format!("{label}: JSON refused: {err}")),
            }
            validate::validate(&plan);
            for lang in Lang::ALL {
                let text = outline::render(&plan, lang);
                if field == "name" && !text.contains(&value) {
                    failures.push(format!("{label}: the outline does not show it"));
                }
            }
            for exporter in exporters() {
                match (exporter.run)(&plan) {
                    Ok(output) => (exporter.check)(&plan, &output, &value, field),
                    Err(err) => assert!(
                        !err.is_empty() && !err.contains("panicked"),
                        "{label}: {}: {err:?}",
                        exporter.name
                    ),
                }
            }
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralized_and_read_back_as_they_were() {
    let check = |name: &str, exported_cell: &str| {
        let mut chart = base().chart;
        chart.nodes[1].name = Text::new(name, "");
        let csv = chart_to_csv(&chart);
        let row = csv.lines().nth(2).unwrap();
        assert!(row.contains(exported_cell), "{name:?}: {row}");
        let back = chart_from_csv(&csv).unwrap();
        // A Chinese-side name without CJK is marked `name|`, so it comes back on its side.
        assert_eq!(back.nodes[1].name.get(Lang::Zh), name);
    };
    check("=1+1", ",'=1+1|,");
    check("+SUM(A1)", ",'+SUM(A1)|,");
    check("-2", ",'-2|,");
    check("@cmd", ",'@cmd|,");
    check("'=already", ",''=already|,");
    check("''x", ",'''x|,");
    check("'plain", ",'plain|,");
    check("客服=1", ",客服=1,");
}

/// Noto Sans CJK as the hosts find it (`$CENTERPLAN_FONT_DIR`, then the system's).
static FONTS: LazyLock<FontSet> = LazyLock::new(|| {
    let dirs = fonts::font_dirs(std::env::var_os("CENTERPLAN_FONT_DIR").map(Into::into));
    fonts::load_noto_cjk(&dirs)
        .expect("fonts readable")
        .expect("Noto Sans CJK is not installed: run scripts/setup-debian.sh")
});

/// A plan with `value` in every field of [`fields`] at once.
fn everywhere(value: &str) -> Plan {
    let mut plan = base();
    for (_, set) in fields() {
        set(&mut plan, value);
    }
    plan
}

#[test]
fn every_hostile_string_draws_as_a_png() {
    let measure = FontMeasure::new(&FONTS).unwrap();
    for (name, value) in corpus::strings() {
        let plan = everywhere(&value);
        let laid = layout(&plan.chart, &LayoutOptions::default(), &measure)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let svg = to_svg(&laid, &SvgOptions::default());
        let png = to_png(&svg, &FONTS, 1.0).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
    }
}

#[test]
fn one_pdf_holds_every_hostile_string() {
    let plan = every_string_in_one_plan();
    let pdf = manual::render_pdf(&plan, &manual_options(Edition::Manager, Lang::Zh), &FONTS)
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn one_word_manual_holds_every_hostile_string_as_text() {
    // Every part well-formed, no field but the TOC and page numbers, and each short
    // string (a position's name) in the document's text as typed.
    let plan = every_string_in_one_plan();
    let bytes = manual::render_docx(&plan, &manual_options(Edition::Manager, Lang::Zh), &FONTS)
        .unwrap_or_else(|err| panic!("{err}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a package");
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml).unwrap();
        let tree = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|err| panic!("{name} is not well-formed XML: {err}"));
        for node in tree.descendants() {
            assert!(!node.has_tag_name("fldSimple"), "a field in {name}");
            if node.has_tag_name("instrText") {
                let code = node.text().unwrap_or_default().trim();
                assert!(
                    code.starts_with("TOC ") || code == "PAGE" || code == "NUMPAGES",
                    "field {code:?} in {name}"
                );
            }
            if name == "word/document.xml" && node.has_tag_name("t") {
                text.push_str(node.text().unwrap_or_default());
            }
        }
    }
    let mut checked = 0;
    for value in corpus::strings().into_iter().map(|(_, v)| v) {
        let printable = value
            .chars()
            .all(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'));
        // Markup of every kind (XML, Word fields, Markdown, templates) comes out as typed;
        // whitespace runs and control characters are the only changes.
        let plain = printable && !value.contains(char::is_whitespace) && value.len() < 200;
        if plain || VERBATIM.contains(&value.as_str()) {
            assert!(text.contains(&value), "{value:?} not in the Word text");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} strings checked");
}

/// Each string of the corpus as the name of a position of its own, a matrix duty and a
/// job duty, and as many of the short ones as fit in the center's name on the cover. The
/// megabyte strings are cut to each field's limit: the door refuses them whole.
fn every_string_in_one_plan() -> Plan {
    let mut plan = base();
    let root = plan.chart.nodes[0].id.clone();
    let cut = |value: &str, limit: usize| {
        let mut end = value.len().min(limit);
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        value[..end].to_owned()
    };
    let strings: Vec<String> = corpus::strings().into_iter().map(|(_, v)| v).collect();
    for (k, value) in strings.iter().enumerate() {
        let name = cut(value, centerplan::limits::MAX_NAME_BYTES);
        plan.chart.nodes.push(Node::new(
            &format!("hostile-{k}"),
            Some(root.as_str()),
            NodeKind::Position,
            Text::new(name.as_str(), name.as_str()),
        ));
        let duty_text = cut(value, centerplan::limits::MAX_DUTY_BYTES);
        let text = Text::new(duty_text.as_str(), duty_text.as_str());
        plan.matrix.rows[0].cells[k % 4].duties.push(text.clone());
        let mut duty = plan.job_descriptions[0].duties[0].clone();
        duty.text = text;
        plan.job_descriptions[0].duties.push(duty);
    }
    plan.name = String::new();
    for value in &strings {
        if plan.name.len() + value.len() <= centerplan::limits::MAX_PLAN_NAME_BYTES {
            plan.name.push_str(value);
        }
    }
    centerplan::limits::check_plan(&plan).unwrap();
    plan
}
