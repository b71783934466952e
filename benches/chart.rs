//! Layout and SVG of generated charts of 100, 1,000 and 10,000 positions.
//!
//! Targets on the team's 2-core machine: layout of 10,000 under 10 ms, SVG of 10,000
//! under 100 ms, growing linearly. Run with `cargo bench --bench chart`.

use std::hint::black_box;
use std::sync::Arc;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_svg};
use centerplan::fonts::{FontFace, FontMeasure, FontSet, SimpleMeasure, TextMeasure};
use centerplan::model::{Headcount, Line, LineKind, Node, NodeKind, OrgChart, Rank, Text};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// A center of `size` positions shaped like a real one: a general manager, units of
/// managers, team leaders with teams of about a dozen agents, an oversight unit half a
/// level up, an assistant and a few dotted and bypass lines.
fn generated(size: usize) -> OrgChart {
    let mut chart = OrgChart::default();
    let mut push = |id: String, parent: Option<String>, kind: NodeKind, name: Text| {
        let mut node = Node::new(&id, parent.as_deref(), kind, name);
        node.headcount = Headcount::new(3, 2 + (chart.nodes.len() % 2) as i32);
        chart.nodes.push(node);
    };
    push(
        "gm".into(),
        None,
        NodeKind::Position,
        Text::new("中心总经理", "General manager"),
    );
    push(
        "assistant".into(),
        Some("gm".into()),
        NodeKind::Assistant,
        Text::new("总经理助理", "Assistant"),
    );
    let mut managers = Vec::new();
    let mut count = 2;
    let mut unit = 0;
    while count < size {
        let manager = format!("unit{unit}");
        push(
            manager.clone(),
            Some("gm".into()),
            NodeKind::Unit,
            Text::new(format!("运营{unit}部"), format!("Operations {unit}")),
        );
        managers.push(manager.clone());
        count += 1;
        for team in 0..8 {
            if count >= size {
                break;
            }
            let lead = format!("{manager}-lead{team}");
            push(
                lead.clone(),
                Some(manager.clone()),
                NodeKind::Position,
                Text::new("主管（班组长）", "Team leader"),
            );
            count += 1;
            for agent in 0..12 {
                if count >= size {
                    break;
                }
                push(
                    format!("{lead}-agent{agent}"),
                    Some(lead.clone()),
                    NodeKind::Position,
                    Text::new("客户服务代表", "Customer service representative"),
                );
                count += 1;
            }
        }
        unit += 1;
    }
    if let Some(first) = chart.nodes.iter_mut().find(|n| n.id.as_str() == "unit0") {
        first.rank = Some(Rank(1));
    }
    for pair in managers.windows(2).step_by(3) {
        chart.lines.push(Line {
            from: format!("{}-lead0", pair[1]).as_str().into(),
            to: pair[0].as_str().into(),
            kind: LineKind::Dotted,
        });
    }
    if managers.len() > 1 {
        chart.lines.push(Line {
            from: "unit1-lead1".into(),
            to: "gm".into(),
            kind: LineKind::Bypass,
        });
    }
    chart
}

/// Noto Sans CJK SC when this machine has it (the real cost of measuring), otherwise the
/// deterministic stand-in.
fn measure() -> Box<dyn TextMeasure> {
    let dir = "/usr/share/fonts/opentype/noto";
    let read = |file: &str| std::fs::read(format!("{dir}/{file}")).ok();
    if let (Some(regular), Some(bold)) = (
        read("NotoSansCJK-Regular.ttc"),
        read("NotoSansCJK-Bold.ttc"),
    ) {
        let fonts = FontSet {
            family: "Noto Sans CJK SC".into(),
            regular: FontFace {
                data: Arc::new(regular),
                index: 2,
            },
            bold: FontFace {
                data: Arc::new(bold),
                index: 2,
            },
            fallback: Vec::new(),
        };
        if let Ok(measure) = FontMeasure::new(&fonts) {
            return Box::new(measure);
        }
    }
    Box::new(SimpleMeasure)
}

fn bench_chart(c: &mut Criterion) {
    let measure = measure();
    let options = LayoutOptions::default();
    let mut group = c.benchmark_group("chart");
    for size in [100, 1_000, 10_000] {
        let chart = generated(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("layout", size), &chart, |b, chart| {
            b.iter(|| layout(black_box(chart), &options, measure.as_ref()).expect("lays out"))
        });
        let laid = layout(&chart, &options, measure.as_ref()).expect("lays out");
        group.bench_with_input(BenchmarkId::new("svg", size), &laid, |b, laid| {
            b.iter(|| to_svg(black_box(laid), &SvgOptions::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_chart);
criterion_main!(benches);
