//! Hostile text through every path: every field of a plan set to each string of the
//! corpus, then the document, JSON, validation, outline and every exporter in
//! [`exporters`]. Round trips must be exact, exports must escape or neutralize the text,
//! and nothing may panic.
//!
//! New exports join by adding one entry to [`exporters`]: the manual's Markdown, HTML,
//! Typst/PDF and the matrix CSV/XLSX when they land.

mod corpus;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_svg};
use centerplan::csv_io::{chart_from_csv, chart_to_csv};
use centerplan::fonts::SimpleMeasure;
use centerplan::model::{CenterType, Lang, Line, LineKind, NodeId, Plan, Text};
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

/// One export of a plan. `run` returns the output as text (or a clear error); `check`
/// asserts that the hostile `value` came out as itself, escaped or neutralized.
struct Exporter {
    name: &'static str,
    run: fn(&Plan) -> Result<String, String>,
    check: fn(plan: &Plan, output: &str, value: &str),
}

/// Every export of a plan. The manual's Markdown, HTML and Typst/PDF, the matrix CSV and
/// XLSX, and the chart's PNG join this list as they land.
fn exporters() -> Vec<Exporter> {
    vec![
        Exporter {
            name: "chart-svg",
            run: |plan| {
                let laid = layout(&plan.chart, &LayoutOptions::default(), &SimpleMeasure)
                    .map_err(|err| err.to_string())?;
                Ok(to_svg(&laid, &SvgOptions::default()))
            },
            check: |_, svg, _| {
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
            },
        },
        Exporter {
            name: "chart-csv",
            run: |plan| Ok(chart_to_csv(&plan.chart)),
            check: |plan, csv, _| {
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
                // What the CSV carries comes back as it was.
                let back = chart_from_csv(csv);
                if let Ok(back) = back {
                    assert_eq!(back.nodes.len(), plan.chart.nodes.len());
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
                    Ok(output) => (exporter.check)(&plan, &output, &value),
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
        // A one-language name without CJK comes back on the English side.
        assert_eq!(back.nodes[1].name.get(Lang::Zh), name);
    };
    check("=1+1", ",'=1+1,");
    check("+SUM(A1)", ",'+SUM(A1),");
    check("-2", ",'-2,");
    check("@cmd", ",'@cmd,");
    check("'=already", ",''=already,");
    check("''x", ",'''x,");
    check("'plain", ",'plain,");
    check("客服=1", ",客服=1,");
}
