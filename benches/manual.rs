//! Manual export speed: the hybrid template's manager edition, and a generated manual of
//! about 200 pages. Targets: < 500 ms and < 1.5 s, PDF < 3 MB (printed once per run); the
//! hybrid manager edition as Word (`manual/docx`) < 300 ms.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use centerplan::manual::{self, Date, Edition, ManualOptions, SourceFile, Sources};
use centerplan::model::{CenterType, Lang};
use centerplan::templates::template;

mod support;
use support::fonts;

/// Forty chapters of Chinese prose, lists and tables: about 200 A4 pages.
fn long_sources() -> Sources {
    const PARAGRAPH: &str = "班组长每天上线前检查系统和知识库公告，确认当天的排班和话务预测；\
        通话中先问候、再确认客户身份，倾听并复述问题，给出解决办法或按规定开具工单，\
        结束前确认客户没有其他问题。话后工作要在规定时间内完成记录，\
        质检专员按月抽查录音并反馈，服务水平目标为 85/30，放弃率不超过 5%。";
    let mut files = Vec::new();
    for chapter in 0..40 {
        let mut text = format!("# 第 {chapter} 部分的运营规范\n\n");
        for section in 0..5 {
            text.push_str(&format!("## 规范 {section}\n\n"));
            for _ in 0..4 {
                text.push_str(PARAGRAPH);
                text.push_str("\n\n");
            }
            text.push_str("1. 接听\n2. 确认身份\n3. 解决问题\n4. 话后工作\n\n");
            text.push_str("| 指标 | 目标 | 说明 |\n|---|---|---|\n");
            for row in 0..6 {
                text.push_str(&format!("| 指标 {row} | 85/30 | {PARAGRAPH} |\n"));
            }
            text.push('\n');
        }
        files.push(SourceFile::new(format!("zh-CN/{chapter:02}-part.md"), text));
    }
    Sources::new(files)
}

fn bench(c: &mut Criterion) {
    let fonts = fonts();
    let plan = template(CenterType::Hybrid, "示例综合型客户服务中心");
    let options = ManualOptions {
        edition: Edition::Manager,
        lang: Lang::Zh,
        date: Date::new(2026, 3, 5).unwrap(),
    };
    let long = long_sources();

    let hybrid = manual::render_pdf(&plan, &options, &fonts).unwrap();
    let generated = manual::render_pdf_from(&plan, &options, &fonts, &long).unwrap();
    eprintln!(
        "hybrid manager edition: {} KB; generated manual: {} KB",
        hybrid.len() / 1024,
        generated.len() / 1024
    );
    if let Some(dir) = std::env::var_os("CENTERPLAN_BENCH_OUT") {
        // For a page count: `pdfinfo $CENTERPLAN_BENCH_OUT/generated.pdf`.
        std::fs::write(Path::new(&dir).join("hybrid.pdf"), &hybrid).unwrap();
        std::fs::write(Path::new(&dir).join("generated.pdf"), &generated).unwrap();
    }

    let mut group = c.benchmark_group("manual");
    group.sample_size(10);
    group.bench_function("hybrid manager edition", |b| {
        b.iter(|| manual::render_pdf(&plan, &options, &fonts).unwrap())
    });
    group.bench_function("generated 200 pages", |b| {
        b.iter(|| manual::render_pdf_from(&plan, &options, &fonts, &long).unwrap())
    });
    // Cold: Typst's memo cache emptied first, as in a one-shot CLI export.
    group.bench_function("hybrid manager edition, cold", |b| {
        b.iter(|| {
            comemo::evict(0);
            manual::render_pdf(&plan, &options, &fonts).unwrap()
        })
    });
    group.bench_function("generated 200 pages, cold", |b| {
        b.iter(|| {
            comemo::evict(0);
            manual::render_pdf_from(&plan, &options, &fonts, &long).unwrap()
        })
    });
    // Word: resolving the text, drawing the chart's images, writing the package.
    group.bench_function("docx hybrid manager edition", |b| {
        b.iter(|| manual::render_docx(&plan, &options, &fonts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
