//! What the app does for a plan of 2,000 positions, without a window: laying out and
//! validating the whole view (opening), one rename (edit, layout, validate), and turning
//! the view into the JSON that crosses to the webview. Run with
//! `cargo bench -p centerplan-app --bench session`; the webview's share is measured by
//! `make perf` (ui/e2e/perf.mjs in a real window).
//!
//! And the manual preview of the hybrid template: one page after an edit (the manual laid
//! out again, one page drawn) and turning a page (one page drawn from the kept layout).

mod large_plan;

use std::hint::black_box;

use centerplan::edit::Edit;
use centerplan::model::{CenterType, Lang, NodeId, Text};
use centerplan::templates::template;
use centerplan_app::docs::{EditionKey, PreviewCache};
use centerplan_app::fonts::find_fonts;
use centerplan_app::prefs::AppDirs;
use centerplan_app::session::Session;
use criterion::{Criterion, criterion_group, criterion_main};

const SIZE: usize = 2000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("large.centerplan");
    centerplan_app::bridge::save(&large_plan::large_plan(SIZE), &file).expect("plan saves");
    let mut session = Session::new(AppDirs::under(dir.path()), find_fonts());

    c.bench_function("open 2,000 positions", |b| {
        b.iter(|| black_box(session.open(&file).expect("plan opens")))
    });
    let view = session.view().expect("view");
    let json = serde_json::to_string(&view).expect("view serializes");
    eprintln!(
        "view of {} nodes: {} bytes of JSON",
        view.nodes.len(),
        json.len()
    );
    c.bench_function("view to JSON", |b| {
        b.iter(|| black_box(serde_json::to_string(&view).expect("view serializes")))
    });
    let id = NodeId::new(large_plan::RENAMED);
    let mut turn = 0;
    c.bench_function("rename on 2,000 positions", |b| {
        b.iter(|| {
            turn += 1;
            let name = Text::new(format!("运营部 {turn}"), format!("Operations {turn}"));
            let edit = Edit::Rename {
                id: id.clone(),
                name,
            };
            black_box(session.edit(&edit).expect("rename applies"))
        })
    });
}

fn preview(c: &mut Criterion) {
    let Some(fonts) = find_fonts() else {
        eprintln!("no Noto Sans CJK: the preview is not measured");
        return;
    };
    let plans = ["改名前", "改名后"].map(|name| template(CenterType::Hybrid, name));
    let mut cache = PreviewCache::default();
    let first = cache
        .page(
            plans[0].clone(),
            EditionKey::Manager,
            Lang::Zh,
            0,
            Some(&fonts),
        )
        .expect("preview");
    eprintln!(
        "preview: {} pages, page 1 is {} bytes of SVG",
        first.page_count,
        first.svg.len()
    );
    let mut turn = 0;
    c.bench_function("preview after an edit (layout + one page)", |b| {
        b.iter(|| {
            turn += 1;
            let plan = plans[turn % 2].clone();
            let view = cache.page(plan, EditionKey::Manager, Lang::Zh, 2, Some(&fonts));
            assert!(view.expect("preview").typeset);
        })
    });
    c.bench_function("preview: turn a page", |b| {
        b.iter(|| {
            turn += 1;
            let page = u32::try_from(turn % 20).expect("small");
            let view = cache.page(
                plans[0].clone(),
                EditionKey::Manager,
                Lang::Zh,
                page,
                Some(&fonts),
            );
            black_box(view.expect("preview"))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench, preview
}
criterion_main!(benches);
