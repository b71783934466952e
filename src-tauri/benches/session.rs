//! What the app does for a plan of 2,000 positions, without a window: laying out and
//! validating the whole view (opening), one rename (edit, layout, validate), and turning
//! the view into the JSON that crosses to the webview. Run with
//! `cargo bench --workspace --bench session`; the webview's share is measured by
//! `make perf` (ui/e2e/perf.mjs in a real window).
//!
//! And the manual preview of the hybrid template: one page after an edit (the manual laid
//! out again, one page drawn), turning a page (one page drawn from the kept layout), and a
//! keystroke in the chapter editor (the typed text previewed on the page it is printed on).

mod large_plan;

use std::hint::black_box;
use std::time::{Duration, Instant};

use centerplan::edit::Edit;
use centerplan::manual::Edition;
use centerplan::model::{CenterType, Lang, NodeId, Text};
use centerplan::templates::template;
use centerplan_app::chapters::{ChapterDraft, ChapterPageRequest, chapter_page};
use centerplan_app::docs::PreviewCache;
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
    // Opened here, not only in the first bench: a name filter that skips it (`cargo bench
    // -- preview`) must still find a plan for the view and the rename.
    session.open(&file).expect("plan opens");

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
            Edition::Manager,
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
            let view = cache.page(plan, Edition::Manager, Lang::Zh, 2, Some(&fonts));
            assert!(view.expect("preview").typeset);
        })
    });
    c.bench_function("preview: turn a page", |b| {
        b.iter(|| {
            turn += 1;
            let page = u32::try_from(turn % 20).expect("small");
            let view = cache.page(
                plans[0].clone(),
                Edition::Manager,
                Lang::Zh,
                page,
                Some(&fonts),
            );
            black_box(view.expect("preview"))
        })
    });
}

/// A keystroke in the chapter editor on the hybrid plan's manager edition: the text as
/// typed applied to a copy of the plan, the manual laid out again (from the last layout,
/// by the kept typesetter) and the page where the edited heading is printed drawn as SVG —
/// what `preview_chapter` does after the editor's 100 ms pause (`PREVIEW_MS`; the budget
/// from keystroke to page is 300 ms, so this must stay under 200 ms). Keystrokes come the
/// pause apart, so the memo pruning each one starts on a thread of its own runs during the
/// pause, as it does while typing.
fn chapter_preview(c: &mut Criterion) {
    let Some(fonts) = find_fonts() else {
        eprintln!("no Noto Sans CJK: the chapter preview is not measured");
        return;
    };
    let plan = template(CenterType::Hybrid, "综合型客户服务中心");
    let id = "08-scheduling-attendance";
    let source = centerplan::manual::chapter_text(&plan, id, Lang::Zh).expect("built-in text");
    let mut cache = PreviewCache::default();
    let mut turn = 0;
    let mut keystroke = || {
        turn += 1;
        let request = ChapterPageRequest {
            edition: Edition::Manager,
            lang: Lang::Zh,
            chapter: id.to_owned(),
            heading: None,
            draft: Some(ChapterDraft {
                chapter: id.to_owned(),
                lang: Lang::Zh,
                markdown: format!("{source}\n本中心第 {turn} 次修订。\n"),
            }),
        };
        let view = chapter_page(&mut cache, plan.clone(), &request, Some(&fonts));
        let view = view.expect("preview");
        assert!(view.found && view.preview.typeset);
        black_box(view)
    };
    c.bench_function(
        "chapter editor: keystroke to preview page (hybrid, manager)",
        |b| {
            // Keystrokes that ask for a page come at least the editor's pause apart; the
            // pause itself is not measured.
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    keystroke();
                    spent += started.elapsed();
                    std::thread::sleep(EDITOR_PAUSE);
                }
                spent
            })
        },
    );
}

/// The chapter editor's wait after the last keystroke before it asks for the page
/// (`PREVIEW_MS` in ui/src/chapters.ts).
const EDITOR_PAUSE: Duration = Duration::from_millis(100);

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench, preview, chapter_preview
}
criterion_main!(benches);
