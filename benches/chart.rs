//! Layout and SVG of generated charts of 100, 1,000 and 10,000 positions, and the printed
//! chart of 2,000 (`centerplan chart -o chart.pdf --paper A3`): its pagination, and the
//! whole PDF.
//!
//! Targets on the team's 2-core machine: layout of 10,000 under 10 ms, SVG of 10,000
//! under 100 ms, growing linearly; the paginated PDF of 2,000 under 1 s. Run with
//! `cargo bench --bench chart`.

use std::hint::black_box;
use std::sync::Arc;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_svg};
use centerplan::fonts::{FontFace, FontMeasure, FontSet, SimpleMeasure, TextMeasure};
use centerplan::manual;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/generated.rs"]
mod generated;
use generated::generated;
#[path = "support/mod.rs"]
mod support;

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

fn bench_chart_pdf(c: &mut Criterion) {
    let fonts = support::fonts();
    let mut plan =
        centerplan::templates::template(centerplan::model::CenterType::Outsourced, "大型外包中心");
    plan.chart = generated(2_000);
    let options = manual::ChartPdfOptions {
        lang: centerplan::model::Lang::Zh,
        paper: manual::Paper::A3,
        landscape: false,
        root: None,
        date: manual::Date::new(2026, 12, 4).expect("date"),
    };
    let mut group = c.benchmark_group("chart_pdf");
    group.sample_size(10);
    group.bench_function("paginate/2000/A3", |b| {
        b.iter(|| manual::chart_pages(black_box(&plan), &options, &fonts).expect("pages"))
    });
    group.bench_function("pdf/2000/A3", |b| {
        b.iter(|| manual::chart_pdf(black_box(&plan), &options, &fonts).expect("pdf"))
    });
    group.finish();
}

criterion_group!(benches, bench_chart, bench_chart_pdf);
criterion_main!(benches);
