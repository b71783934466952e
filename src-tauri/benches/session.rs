//! What the app does for a plan of 2,000 positions, without a window: laying out and
//! validating the whole view (opening), one rename (edit, layout, validate), and turning
//! the view into the JSON that crosses to the webview. Run with
//! `cargo bench -p centerplan-app --bench session`; the webview's share is measured by
//! `make perf` (ui/e2e/perf.mjs in a real window).

mod large_plan;

use std::hint::black_box;

use centerplan::edit::Edit;
use centerplan::model::{NodeId, Text};
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
