//! Layout and SVG of generated charts of 100, 1,000 and 10,000 positions.
//!
//! Targets on the team's 2-core machine: layout of 10,000 under 10 ms, SVG of 10,000
//! under 100 ms, growing linearly. Run with `cargo bench --bench chart`.

use std::hint::black_box;
use std::sync::Arc;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_svg};
use centerplan::fonts::{FontFace, FontMeasure, FontSet, SimpleMeasure, TextMeasure};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/generated.rs"]
mod generated;
use generated::generated;

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
