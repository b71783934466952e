//! The org chart engine: geometry over the four templates and hand-built charts, the
//! SVG golden files and CSV import/export (the `chart`, `import-csv` and `export-csv`
//! commands are tested through the binary in `cli/tests/chart.rs`).

use centerplan::chart::{
    ChartLayout, LayoutOptions, NodeBox, RouteKind, SvgOptions, layout, to_svg,
};
use centerplan::csv_io::{CsvError, chart_from_csv, chart_to_csv};
use centerplan::fonts::SimpleMeasure;
use centerplan::model::{
    CenterType, Function, Headcount, Lang, Line, LineKind, Node, NodeKind, OrgChart, Rank, Text,
};
use centerplan::templates;

fn lay(chart: &OrgChart, options: &LayoutOptions) -> ChartLayout {
    layout(chart, options, &SimpleMeasure).expect("chart lays out")
}

fn overlaps(a: &NodeBox, b: &NodeBox) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Whether the segment from `p` to `q` (horizontal or vertical) passes through the
/// inside of `b` (touching its edge does not count).
fn segment_enters(p: (f32, f32), q: (f32, f32), b: &NodeBox) -> bool {
    let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
    let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
    x0 < b.right() - 0.01 && x1 > b.x + 0.01 && y0 < b.bottom() - 0.01 && y1 > b.y + 0.01
}

/// Every geometric promise of the layout, checked on one chart.
fn check_geometry(chart: &OrgChart, laid: &ChartLayout) {
    for (k, a) in laid.boxes.iter().enumerate() {
        for b in &laid.boxes[k + 1..] {
            assert!(!overlaps(a, b), "{} overlaps {}", a.id, b.id);
        }
        assert!(
            a.x >= 0.0 && a.right() <= laid.width && a.bottom() <= laid.height,
            "{} inside bounds",
            a.id
        );
    }
    for route in &laid.routes {
        for pair in route.points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            assert!(
                p.0 == q.0 || p.1 == q.1,
                "{:?} line is orthogonal",
                route.kind
            );
            for (k, b) in laid.boxes.iter().enumerate() {
                if k != route.from && k != route.to {
                    assert!(
                        !segment_enters(p, q, b),
                        "{:?} line crosses {}",
                        route.kind,
                        b.id
                    );
                }
            }
        }
    }
    // Solid lines join each shown manager to each shown report.
    for route in laid.routes.iter().filter(|r| r.kind == RouteKind::Solid) {
        let (parent, child) = (&laid.boxes[route.from], &laid.boxes[route.to]);
        assert!(child.y > parent.y, "{} below {}", child.id, parent.id);
        if chart.nodes[child.node].kind == NodeKind::Assistant {
            // Beside the manager: in the half level under it, next to its trunk, above the other reports.
            assert_eq!(
                child.y,
                parent.y + laid.half_level,
                "{} half a level under its manager",
                child.id
            );
            let trunk = parent.center_x();
            assert!(
                child.x > trunk || child.right() < trunk,
                "{} beside the trunk",
                child.id
            );
            for other in laid
                .routes
                .iter()
                .filter(|r| r.kind == RouteKind::Solid && r.from == route.from)
            {
                let sibling = &laid.boxes[other.to];
                if chart.nodes[sibling.node].kind != NodeKind::Assistant {
                    assert!(
                        sibling.y > child.bottom(),
                        "{} above {}",
                        child.id,
                        sibling.id
                    );
                }
            }
        }
    }
}

fn oversight_head(chart: &OrgChart) -> &Node {
    chart
        .nodes
        .iter()
        .find(|n| n.function.is_some_and(Function::is_oversight_head))
        .expect("an oversight head")
}

#[test]
fn templates_lay_out_without_overlaps_and_with_oversight_half_a_level_up() {
    for center_type in CenterType::ALL {
        let plan = templates::template(center_type, "t");
        for lang in Lang::ALL {
            for compact in [false, true] {
                let laid = lay(
                    &plan.chart,
                    &LayoutOptions {
                        lang,
                        compact,
                        ..LayoutOptions::default()
                    },
                );
                assert_eq!(laid.boxes.len(), plan.chart.nodes.len(), "{center_type}");
                let solid = laid
                    .routes
                    .iter()
                    .filter(|r| r.kind == RouteKind::Solid)
                    .count();
                assert_eq!(
                    solid,
                    plan.chart.nodes.len() - 1,
                    "{center_type}: one solid line per report"
                );
                check_geometry(&plan.chart, &laid);
                let head = oversight_head(&plan.chart);
                let head_box = laid.find(head.id.as_str()).expect("oversight drawn");
                let peers: Vec<&NodeBox> = laid
                    .boxes
                    .iter()
                    .filter(|b| {
                        let node = &plan.chart.nodes[b.node];
                        node.parent == head.parent
                            && node.id != head.id
                            && node.kind != NodeKind::Assistant
                    })
                    .collect();
                assert!(
                    !peers.is_empty(),
                    "{center_type}: the oversight head has peers"
                );
                for peer in peers {
                    assert_eq!(
                        head_box.y,
                        peer.y - laid.half_level,
                        "{center_type}: {} vs {}",
                        head.id,
                        peer.id
                    );
                }
                let bypass = laid
                    .routes
                    .iter()
                    .filter(|r| r.kind == RouteKind::Bypass)
                    .count();
                let expected = plan
                    .chart
                    .lines
                    .iter()
                    .filter(|l| l.kind == LineKind::Bypass)
                    .count();
                assert_eq!(bypass, expected, "{center_type}: every bypass line drawn");
            }
        }
    }
}

#[test]
fn template_svgs_match_golden_files() {
    for center_type in CenterType::ALL {
        let plan = templates::template(center_type, "t");
        let svg = to_svg(
            &lay(&plan.chart, &LayoutOptions::default()),
            &SvgOptions::default(),
        );
        crate::support::golden::check(&format!("chart-{center_type}.svg"), &svg);
    }
}

fn node(id: &str, parent: Option<&str>, kind: NodeKind) -> Node {
    Node::new(
        id,
        parent,
        kind,
        Text::new(format!("岗位{id}"), format!("Post {id}")),
    )
}

#[test]
fn invalid_charts_lay_out_with_extra_roots() {
    let mut chart = OrgChart::default();
    chart.nodes.push(node("gm", None, NodeKind::Position));
    chart.nodes.push(node("a", Some("b"), NodeKind::Position));
    chart.nodes.push(node("b", Some("a"), NodeKind::Position));
    chart
        .nodes
        .push(node("self", Some("self"), NodeKind::Position));
    chart
        .nodes
        .push(node("orphan", Some("nobody"), NodeKind::Unit));
    chart
        .nodes
        .push(node("x", Some("orphan"), NodeKind::Position));
    chart.nodes.push(node("gm", None, NodeKind::Position)); // a duplicate id
    chart.lines.push(Line {
        from: "x".into(),
        to: "ghost".into(),
        kind: LineKind::Dotted,
    });
    chart.lines.push(Line {
        from: "x".into(),
        to: "x".into(),
        kind: LineKind::Bypass,
    });
    let laid = lay(&chart, &LayoutOptions::default());
    assert_eq!(laid.boxes.len(), chart.nodes.len());
    check_geometry(&chart, &laid);
    assert!(
        laid.routes.iter().all(|r| r.kind == RouteKind::Solid),
        "lines to missing nodes are skipped"
    );
}

#[test]
fn names_with_markup_characters_are_escaped() {
    let mut chart = OrgChart::default();
    chart.nodes.push(Node::new(
        "a<&>",
        None,
        NodeKind::Unit,
        Text::new("研发 <R&D> \"一部\"", "R&D 'one'"),
    ));
    let svg = to_svg(
        &lay(&chart, &LayoutOptions::default()),
        &SvgOptions {
            font_family: "A&B".into(),
        },
    );
    assert!(
        svg.contains("研发 &lt;R&amp;D&gt; &quot;一部&quot;"),
        "{svg}"
    );
    assert!(svg.contains("data-id=\"a&lt;&amp;&gt;\""));
    assert!(svg.contains("font-family=\"'A&amp;B', sans-serif\""));
    assert!(!svg.contains("<R&D>"));
}

/// A manager with `teams` team leaders, each with `agents` agents.
fn center(teams: usize, agents: usize) -> OrgChart {
    let mut chart = OrgChart::default();
    chart.nodes.push(node("gm", None, NodeKind::Position));
    for t in 0..teams {
        let lead = format!("lead{t}");
        chart
            .nodes
            .push(node(&lead, Some("gm"), NodeKind::Position));
        for a in 0..agents {
            chart.nodes.push(node(
                &format!("agent{t}-{a}"),
                Some(&lead),
                NodeKind::Position,
            ));
        }
    }
    chart
}

#[test]
fn compact_stacks_leaf_teams_in_two_columns() {
    let chart = center(3, 6);
    let wide = lay(&chart, &LayoutOptions::default());
    let compact = lay(
        &chart,
        &LayoutOptions {
            compact: true,
            ..LayoutOptions::default()
        },
    );
    check_geometry(&chart, &compact);
    assert!(
        compact.width < wide.width / 2.0,
        "{} vs {}",
        compact.width,
        wide.width
    );
    let lead = compact.find("lead0").expect("lead");
    let rows: std::collections::BTreeSet<i32> = (0..6)
        .map(|a| compact.find(&format!("agent0-{a}")).expect("agent").row)
        .collect();
    assert_eq!(rows.len(), 3, "six agents in three rows of two");
    assert_eq!(*rows.iter().next().expect("a row"), lead.row + 2);
}

#[test]
fn collapsed_nodes_hide_their_subtree_and_count_it() {
    let mut chart = center(2, 3);
    chart.node_mut(&"lead1".into()).expect("lead1").collapsed = true;
    let laid = lay(&chart, &LayoutOptions::default());
    assert_eq!(laid.boxes.len(), 1 + 2 + 3);
    assert_eq!(laid.find("lead1").expect("lead1").hidden, Some(3));
    assert_eq!(laid.find("lead0").expect("lead0").hidden, None);
    assert!(laid.find("agent1-0").is_none());
    let svg = to_svg(&laid, &SvgOptions::default());
    assert!(svg.contains(">+3</text>"));
}

#[test]
fn a_subtree_is_drawn_from_the_root_asked_for() {
    let chart = center(2, 3);
    let options = LayoutOptions {
        root: Some("lead1".into()),
        ..LayoutOptions::default()
    };
    let laid = lay(&chart, &options);
    let ids: Vec<&str> = laid.boxes.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["lead1", "agent1-0", "agent1-1", "agent1-2"]);
    assert_eq!(laid.boxes[0].row, 0);
    let missing = LayoutOptions {
        root: Some("nobody".into()),
        ..LayoutOptions::default()
    };
    assert!(layout(&chart, &missing, &SimpleMeasure).is_err());
}

#[test]
fn boxes_show_headcount_and_vacancies() {
    let mut chart = center(1, 2);
    chart.nodes[2].headcount = Headcount::new(6, 5);
    chart.nodes[3].headcount = Headcount::new(3, 3);
    let laid = lay(
        &chart,
        &LayoutOptions {
            lang: Lang::En,
            ..LayoutOptions::default()
        },
    );
    let short = laid.find("agent0-0").expect("agent");
    assert_eq!((short.headcount.as_str(), short.vacant), ("5/6", true));
    assert_eq!(short.label, ["Post agent0-0"]);
    let full = laid.find("agent0-1").expect("agent");
    assert_eq!((full.headcount.as_str(), full.vacant), ("3/3", false));
}

#[test]
fn a_chart_ten_thousand_levels_deep_lays_out() {
    let mut chart = OrgChart::default();
    chart.nodes.push(node("n0", None, NodeKind::Position));
    for i in 1..10_000 {
        chart.nodes.push(node(
            &format!("n{i}"),
            Some(&format!("n{}", i - 1)),
            NodeKind::Position,
        ));
    }
    chart.lines.push(Line {
        from: "n9999".into(),
        to: "n0".into(),
        kind: LineKind::Bypass,
    });
    let laid = lay(&chart, &LayoutOptions::default());
    assert_eq!(laid.boxes.len(), 10_000);
    let (top, bottom) = (&laid.boxes[0], &laid.boxes[9_999]);
    assert_eq!(bottom.y - top.y, 2.0 * 9_999.0 * laid.half_level);
    assert_eq!(laid.routes.len(), 10_000);
}

#[test]
fn csv_round_trip_keeps_the_hybrid_chart() {
    let plan = templates::template(CenterType::Hybrid, "t");
    let csv = chart_to_csv(&plan.chart);
    let back = chart_from_csv(&csv).expect("exported csv imports");
    assert_eq!(back.nodes, plan.chart.nodes);
    // Lines come back grouped by their reporter's row.
    let order = |chart: &OrgChart| {
        let mut lines = chart.lines.clone();
        lines.sort_by_key(|l| {
            (
                chart.nodes.iter().position(|n| n.id == l.from),
                l.to.clone(),
            )
        });
        lines
    };
    assert_eq!(order(&back), order(&plan.chart));
}

#[test]
fn csv_with_chinese_headers_and_single_names_imports() {
    let csv = "\u{feff}编号,名称,上级,虚线上级,类型,级别,编制\n\
               gm,总经理|General manager,,,岗位,1,1/1\n\
               qa,质检部,gm,,部门,1.5,\n\
               agent,Agent,qa,bypass:gm,,,3/5\n";
    let chart = chart_from_csv(csv).expect("imports");
    assert_eq!(chart.nodes[1].name, Text::new("质检部", ""));
    assert_eq!(chart.nodes[1].rank, Some(Rank(1)));
    assert_eq!(chart.nodes[1].kind, NodeKind::Unit);
    assert_eq!(chart.nodes[2].name, Text::new("", "Agent"));
    assert_eq!(chart.nodes[2].headcount, Headcount::new(5, 3));
    assert_eq!(
        chart.lines,
        [Line {
            from: "agent".into(),
            to: "gm".into(),
            kind: LineKind::Bypass
        }]
    );
}

/// A chart with a reporting cycle, an unknown parent and a bad headcount (lines 3, 5, 6);
/// the CLI's tests feed the same file to `import-csv`.
const BAD_CSV: &str = include_str!("fixtures/bad-chart.csv");

#[test]
fn csv_with_a_cycle_an_unknown_parent_and_a_bad_number_gets_three_errors() {
    let Err(CsvError::Rows(errors)) = chart_from_csv(BAD_CSV) else {
        panic!("expected row errors")
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        found,
        [(3, "reports_to"), (5, "reports_to"), (6, "headcount")]
    );
    expect_test::expect![[r#"
        3 bad cells in the csv:
          line 3, column reports_to: reporting lines form a cycle: a → b → a
          line 5, column reports_to: reports to nobody, which is not in the file
          line 6, column headcount: "x/2" is not a headcount (write filled/planned, e.g. 5/6, or the planned number)"#]]
    .assert_eq(&CsvError::Rows(errors).to_string());
}

#[test]
fn lines_into_a_collapsed_subtree_attach_to_the_collapsed_box() {
    let mut chart = center(2, 3);
    // Two lines from inside lead1's team to lead0, one bypass out of lead0's team, and a
    // line between two agents of the same team.
    for (from, to, kind) in [
        ("agent1-0", "lead0", LineKind::Dotted),
        ("agent1-1", "lead0", LineKind::Dotted),
        ("agent0-0", "agent1-2", LineKind::Bypass),
        ("agent1-0", "agent1-2", LineKind::Dotted),
    ] {
        chart.lines.push(Line {
            from: from.into(),
            to: to.into(),
            kind,
        });
    }
    let open = lay(&chart, &LayoutOptions::default());
    let count = |laid: &ChartLayout, kind| laid.routes.iter().filter(|r| r.kind == kind).count();
    assert_eq!(count(&open, RouteKind::Dotted), 3);
    assert_eq!(count(&open, RouteKind::Bypass), 1);

    chart.node_mut(&"lead1".into()).expect("lead1").collapsed = true;
    let folded = lay(&chart, &LayoutOptions::default());
    check_geometry(&chart, &folded);
    let index = |id: &str| {
        folded
            .boxes
            .iter()
            .position(|b| b.id.as_str() == id)
            .expect(id)
    };
    let extra: Vec<(usize, usize, RouteKind)> = folded
        .routes
        .iter()
        .filter(|r| r.kind != RouteKind::Solid)
        .map(|r| (r.from, r.to, r.kind))
        .collect();
    // The two dotted lines fold into one from the collapsed lead; the bypass ends at it;
    // the line inside the folded team is not drawn.
    assert_eq!(
        extra,
        [
            (index("lead1"), index("lead0"), RouteKind::Dotted),
            (index("agent0-0"), index("lead1"), RouteKind::Bypass),
        ]
    );
}

#[test]
fn emoji_in_labels_are_drawn_in_the_png() {
    use centerplan::chart::to_png;
    use centerplan::fonts::{FontMeasure, FontSet, font_dirs, load_noto_cjk};
    let fonts = load_noto_cjk(&font_dirs(
        std::env::var_os("CENTERPLAN_FONT_DIR").map(Into::into),
    ))
    .expect("fonts readable")
    .expect("Noto Sans CJK installed");
    let mut chart = OrgChart::default();
    chart.nodes.push(node("star", None, NodeKind::Position));
    chart.nodes[0].name = Text::new("客服之星 ⭐😀", "Service star ⭐😀");
    let draw = |fonts: &FontSet| {
        let measure = FontMeasure::new(fonts).expect("fonts parse");
        let laid = layout(&chart, &LayoutOptions::default(), &measure).expect("layout");
        let png = to_png(&to_svg(&laid, &SvgOptions::default()), fonts, 1.0).expect("png");
        (laid.boxes[0].w, crate::manual::yellow_pixels(&png))
    };
    let (width, yellow) = draw(&fonts);
    let (narrower, none) = draw(&FontSet {
        fallback: Vec::new(),
        ..fonts.clone()
    });
    assert!(yellow > 20, "{yellow} yellow pixels");
    assert_eq!(none, 0);
    // The box is measured with the emoji face's advances, as it is drawn.
    assert!(width >= narrower, "{width} vs {narrower}");
}

#[test]
fn csv_an_unclosed_quote_is_an_error_with_its_line_and_column() {
    // The csv reader used to read the rest of the file into the quoted field, silently.
    let text = "id,name,reports_to\ngm,总经理,\nops,\"运营部,gm\ncsr,客服,ops\n";
    match chart_from_csv(text) {
        Err(err @ CsvError::UnclosedQuote { line: 3, column: 2 }) => {
            assert_eq!(
                err.to_string(),
                "line 3, column 2: a quote opens here and never closes"
            );
        }
        other => panic!("{other:?}"),
    }
    // A quote inside an unquoted field, and doubled quotes, are fine.
    let fine = "id,name,reports_to\ngm,\"总经理 \"\"老王\"\"\",\nops,5\" 屏,gm\n";
    assert!(chart_from_csv(fine).is_ok(), "{:?}", chart_from_csv(fine));
}

#[test]
fn csv_a_duplicate_header_is_an_error() {
    let text = "id,name,上级,reports_to\ngm,总经理,,\n";
    assert!(matches!(
        chart_from_csv(text),
        Err(CsvError::DuplicateColumn("reports_to"))
    ));
}

#[test]
fn csv_a_pipe_or_backslash_in_a_name_round_trips_and_stray_pipes_are_errors() {
    let mut plan = templates::template(CenterType::Hybrid, "x");
    plan.chart.nodes[0].name = Text::new("总经理|CEO\\办", "GM | CEO \\ office");
    plan.chart.nodes[1].name = Text::new("", "Assistant 助理");
    plan.chart.nodes[2].name = Text::new("VP", "");
    let back = chart_from_csv(&chart_to_csv(&plan.chart)).expect("imports");
    for (a, b) in plan.chart.nodes.iter().zip(&back.nodes) {
        assert_eq!(a.name, b.name);
    }
    let err = chart_from_csv("id,name\ngm,a|b|c\n").unwrap_err();
    assert!(err.to_string().contains("line 2, column name"), "{err}");
}

#[test]
fn routes_carry_the_index_of_the_plan_line_they_draw() {
    let plan = templates::template(CenterType::Hybrid, "t");
    let laid = lay(&plan.chart, &LayoutOptions::default());
    for route in &laid.routes {
        match route.kind {
            RouteKind::Solid => assert_eq!(route.line, None),
            kind => {
                let line = &plan.chart.lines[route.line.expect("an extra line has its index")];
                assert_eq!(RouteKind::from(line.kind), kind);
                assert_eq!(line.from, laid.boxes[route.from].id);
                assert_eq!(line.to, laid.boxes[route.to].id);
            }
        }
    }
    // Into a collapsed team the route ends at the collapsed box, which its endpoints
    // alone no longer name: the index still says which line it is (the first of those
    // folded together).
    let mut chart = center(2, 3);
    for (from, to) in [("lead0", "agent1-0"), ("agent1-1", "lead0")] {
        chart.lines.push(Line {
            from: from.into(),
            to: to.into(),
            kind: LineKind::Dotted,
        });
    }
    chart.node_mut(&"lead1".into()).expect("lead1").collapsed = true;
    let folded = lay(&chart, &LayoutOptions::default());
    let lines: Vec<(&str, &str, Option<usize>)> = folded
        .routes
        .iter()
        .filter(|r| r.kind != RouteKind::Solid)
        .map(|r| {
            (
                folded.boxes[r.from].id.as_str(),
                folded.boxes[r.to].id.as_str(),
                r.line,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [("lead0", "lead1", Some(0)), ("lead1", "lead0", Some(1))]
    );
}

/// Horizontal segments of `route`, as (y, x0, x1).
fn horizontals(route: &centerplan::chart::Route) -> Vec<(f32, f32, f32)> {
    route
        .points
        .windows(2)
        .filter(|pair| pair[0].1 == pair[1].1 && pair[0].0 != pair[1].0)
        .map(|pair| {
            (
                pair[0].1,
                pair[0].0.min(pair[1].0),
                pair[0].0.max(pair[1].0),
            )
        })
        .collect()
}

#[test]
fn dotted_and_bypass_lines_do_not_run_along_the_buses_of_other_teams() {
    // The hybrid template's two dotted lines ran beside the solid buses of three teams
    // and its bypass along the oversight unit's bus: one long bar at "fit" zoom.
    for center_type in CenterType::ALL {
        let plan = templates::template(center_type, "t");
        for lang in Lang::ALL {
            let laid = lay(
                &plan.chart,
                &LayoutOptions {
                    lang,
                    ..LayoutOptions::default()
                },
            );
            let buses: Vec<(f32, f32, f32)> = laid
                .routes
                .iter()
                .filter(|r| r.kind == RouteKind::Solid)
                .flat_map(horizontals)
                .collect();
            for route in laid.routes.iter().filter(|r| r.kind != RouteKind::Solid) {
                let along: f32 = horizontals(route)
                    .iter()
                    .flat_map(|&(y, x0, x1)| {
                        buses
                            .iter()
                            .filter(move |bus| (bus.0 - y).abs() < 12.0)
                            .map(move |bus| (x1.min(bus.2) - x0.max(bus.1)).max(0.0))
                    })
                    .sum();
                assert!(
                    along <= 60.0,
                    "{center_type} {lang:?}: the {:?} line from {} to {} runs {along} along solid buses",
                    route.kind,
                    laid.boxes[route.from].id,
                    laid.boxes[route.to].id
                );
            }
        }
    }
}

#[test]
fn dotted_and_bypass_lines_end_visibly_in_the_box_they_point_at() {
    use centerplan::chart::ARROW_SIZE;
    for center_type in CenterType::ALL {
        let plan = templates::template(center_type, "t");
        for compact in [false, true] {
            let laid = lay(
                &plan.chart,
                &LayoutOptions {
                    compact,
                    lang: Lang::En,
                    ..LayoutOptions::default()
                },
            );
            for route in laid.routes.iter().filter(|r| r.kind != RouteKind::Solid) {
                let to = &laid.boxes[route.to];
                let (end, before) = (
                    route.points[route.points.len() - 1],
                    route.points[route.points.len() - 2],
                );
                // The last segment is vertical, ends on the receiver's top or bottom edge,
                // and is long enough to show the arrowhead and some line before it.
                assert_eq!(end.0, before.0, "{center_type}: ends vertically");
                assert!(
                    end.0 > to.x && end.0 < to.right(),
                    "{center_type}: ends at the box"
                );
                assert!(
                    end.1 == to.y || end.1 == to.bottom(),
                    "{center_type}: on its edge"
                );
                assert!(
                    (end.1 - before.1).abs() >= 2.0 * ARROW_SIZE,
                    "{center_type}: a last segment of {} cannot show its arrowhead",
                    (end.1 - before.1).abs()
                );
                // No other line ends there or runs over the last segment.
                for other in laid.routes.iter().filter(|r| !std::ptr::eq(*r, route)) {
                    for pair in other.points.windows(2) {
                        let vertical = pair[0].0 == pair[1].0 && pair[0].0 == end.0;
                        let (y0, y1) = (pair[0].1.min(pair[1].1), pair[0].1.max(pair[1].1));
                        let overlaps = y0 < end.1.max(before.1) && y1 > end.1.min(before.1);
                        assert!(
                            !(vertical && overlaps)
                                || (other.to == route.to && other.kind == route.kind),
                            "{center_type}: another line covers the end of the line into {}",
                            to.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn english_names_are_not_cut_with_an_ellipsis() {
    // "Business development manager" was drawn as "Business development…".
    for center_type in CenterType::ALL {
        let plan = templates::template(center_type, "t");
        let laid = lay(
            &plan.chart,
            &LayoutOptions {
                lang: Lang::En,
                ..LayoutOptions::default()
            },
        );
        check_geometry(&plan.chart, &laid);
        for b in &laid.boxes {
            let name = plan.chart.nodes[b.node].name.get(Lang::En);
            assert!(
                b.label.len() <= centerplan::chart::MAX_LABEL_LINES,
                "{}",
                b.id
            );
            assert_eq!(
                b.label.join(" "),
                name.split_whitespace().collect::<Vec<_>>().join(" "),
                "{center_type}: {} is drawn whole",
                b.id
            );
        }
    }
    // A name far too long for any box is still cut, so the box stays bounded.
    let mut chart = OrgChart::default();
    chart.nodes.push(node("gm", None, NodeKind::Position));
    chart.nodes[0].name = Text::new("", "word ".repeat(500));
    let laid = lay(
        &chart,
        &LayoutOptions {
            lang: Lang::En,
            ..LayoutOptions::default()
        },
    );
    assert!(laid.boxes[0].label[1].ends_with('…'));
    assert!(laid.boxes[0].w <= 3.0 * LayoutOptions::default().max_text_width + 64.0);
}

#[test]
fn box_parts_lie_inside_their_box() {
    let mut chart = center(1, 2);
    chart.nodes[2].headcount = Headcount::new(6, 5);
    let laid = lay(&chart, &LayoutOptions::default());
    for b in &laid.boxes {
        let parts = b.parts(&laid);
        assert_eq!(parts.label_baselines.len(), b.label.len());
        for &y in parts
            .label_baselines
            .iter()
            .chain([&parts.headcount_baseline])
        {
            assert!(y > b.y && y < b.bottom(), "{}: text inside the box", b.id);
        }
        assert!(
            parts
                .label_baselines
                .iter()
                .all(|&y| y < parts.headcount_baseline)
        );
        assert_eq!(parts.vacancy.is_some(), b.vacant);
        if let Some(ring) = parts.vacancy {
            assert!(ring.cx + ring.r < b.right() && ring.cy - ring.r > b.y);
            // Apart from the corner where the app marks errors and warnings.
            assert!(ring.cx - ring.r > parts.diagnostic.cx + parts.diagnostic.r);
        }
    }
    let svg = to_svg(&laid, &SvgOptions::default());
    assert!(svg.contains(r#"class="vacancy""#) && svg.contains(r#"fill="none""#));
}

/// With subtree totals (the manual's printed chart, `chart --totals`), a unit's box gives
/// its whole department: its own headcount and everyone under it, and the open posts.
#[test]
fn subtree_totals_give_a_units_whole_headcount_and_open_posts() {
    let mut chart = OrgChart::default();
    let mut push = |id: &str, parent: Option<&str>, kind: NodeKind, planned: i32, filled: i32| {
        let mut node = Node::new(id, parent, kind, Text::new(id, id));
        node.headcount = Headcount::new(planned, filled);
        chart.nodes.push(node);
    };
    push("gm", None, NodeKind::Position, 1, 1);
    push("ops", Some("gm"), NodeKind::Unit, 1, 1);
    push("tl", Some("ops"), NodeKind::Position, 2, 2);
    push("csr", Some("tl"), NodeKind::Position, 20, 17);
    let measure = SimpleMeasure;
    let shown = |totals: bool, lang| {
        let options = LayoutOptions {
            lang,
            subtree_totals: totals,
            ..LayoutOptions::default()
        };
        let laid = layout(&chart, &options, &measure).unwrap();
        let unit = laid.boxes.iter().find(|b| b.id.as_str() == "ops").unwrap();
        (
            unit.headcount.clone(),
            laid.boxes
                .iter()
                .find(|b| b.id.as_str() == "csr")
                .unwrap()
                .headcount
                .clone(),
        )
    };
    assert_eq!(
        shown(false, Lang::Zh),
        ("1/1".to_owned(), "17/20".to_owned())
    );
    assert_eq!(
        shown(true, Lang::Zh),
        ("20/23 · 缺 3".to_owned(), "17/20".to_owned())
    );
    assert_eq!(shown(true, Lang::En).0, "20/23 · 3 open");
}
