//! The printed chart (`centerplan chart -o chart.pdf`): the whole chart on one page when
//! it is readable there, else split by subtree with every collapsed box naming the page
//! it continues on; names at 7 pt or more, no box past its page, every name in the text.

use std::collections::HashSet;
use std::sync::LazyLock;

use centerplan::chart::ChartPage;
use centerplan::manual::{self, ChartPdfOptions, Date, Paper};
use centerplan::model::{CenterType, Lang, Plan};
use centerplan::templates::template;

use super::manual::{FONTS, pdf_text};

#[path = "../benches/support/generated.rs"]
#[allow(dead_code)]
mod generated;

fn options(lang: Lang, paper: Paper) -> ChartPdfOptions {
    ChartPdfOptions {
        lang,
        paper,
        landscape: false,
        root: None,
        date: Date::new(2026, 12, 4).expect("date"),
    }
}

/// The 2,000-position plan of `make perf`.
static LARGE: LazyLock<Plan> = LazyLock::new(|| {
    let mut plan = template(CenterType::Outsourced, "大型外包中心");
    plan.chart = generated::generated(2000);
    plan
});

/// The checks every paginated chart passes: each page readable and inside its area, each
/// continuation page hanging from a collapsed box of an earlier page that names it, and
/// every node drawn exactly once as a full box (or as the top of its own page).
fn check_pages(plan: &Plan, options: &ChartPdfOptions, pages: &[ChartPage]) {
    assert!(!pages.is_empty());
    let mut drawn: HashSet<usize> = HashSet::new();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.scale >= 0.5,
            "page {}: names print at {} pt",
            i + 1,
            14.0 * page.scale
        );
        let area = manual::page_area(page, options);
        assert!(
            page.layout.width * page.scale <= area.width + 0.01
                && page.layout.height * page.scale <= area.height + 0.01,
            "page {} is {}×{} pt in an area of {}×{}",
            i + 1,
            page.layout.width * page.scale,
            page.layout.height * page.scale,
            area.width,
            area.height
        );
        for b in &page.layout.boxes {
            assert!(b.x >= 0.0 && b.y >= 0.0, "page {}: {} outside", i + 1, b.id);
            assert!(
                b.right() <= page.layout.width && b.bottom() <= page.layout.height,
                "page {}: {} outside",
                i + 1,
                b.id
            );
            // A page's top box is also the collapsed box on the page it hangs from.
            if b.hidden.is_none() {
                assert!(drawn.insert(b.node), "page {}: {} drawn twice", i + 1, b.id);
            } else {
                let reference = b.continued_on.as_deref().expect("a reference");
                let (_, to) = page
                    .continues
                    .iter()
                    .find(|(node, _)| *node == b.node)
                    .expect("listed");
                assert_eq!(
                    reference,
                    match options.lang {
                        Lang::Zh => format!("第 {} 页", to + 1),
                        Lang::En => format!("page {}", to + 1),
                    }
                );
                assert_eq!(pages[*to].root, Some(b.node), "{} continues there", b.id);
                assert_eq!(pages[*to].from, Some(i));
                assert!(*to > i);
            }
        }
    }
    assert_eq!(
        drawn.len(),
        plan.chart.nodes.len(),
        "every node drawn in full once"
    );
}

#[test]
fn the_2000_position_chart_prints_readable_a3_pages_that_reference_each_other() {
    for lang in Lang::ALL {
        let options = options(lang, Paper::A3);
        let pages = manual::chart_pages(&LARGE, &options, &FONTS).expect("pages");
        check_pages(&LARGE, &options, &pages);
        assert!(pages.len() > 1);
        let pdf = manual::chart_pdf(&LARGE, &options, &FONTS).expect("pdf");
        let text = pdf_text(&pdf);
        let printed: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(printed.len(), pages.len(), "one PDF page per chart page");
        let squashed: Vec<String> = printed
            .iter()
            .map(|p| p.split_whitespace().collect())
            .collect();
        for (i, page) in pages.iter().enumerate() {
            let on_page = &squashed[i];
            for b in &page.layout.boxes {
                let name: String = b.label.concat().split_whitespace().collect();
                assert!(
                    on_page.contains(&name),
                    "page {}: {name} not in the text",
                    i + 1
                );
            }
            for &(_, to) in &page.continues {
                let reference: String = match lang {
                    Lang::Zh => format!("→第{}页", to + 1),
                    Lang::En => format!("→page{}", to + 1),
                };
                assert!(on_page.contains(&reference), "page {}: {reference}", i + 1);
            }
            if let Some(from) = page.from {
                let back: String = match lang {
                    Lang::Zh => format!("接第{}页", from + 1),
                    Lang::En => format!("Continuedfrompage{}", from + 1),
                };
                assert!(on_page.contains(&back), "page {}: {back}", i + 1);
            }
        }
    }
}

#[test]
fn every_template_chart_prints_on_readable_a4_pages() {
    let mut split = Vec::new();
    for center_type in CenterType::ALL {
        let plan = template(center_type, "示例客户服务中心");
        for lang in Lang::ALL {
            let options = options(lang, Paper::A4);
            let pages = manual::chart_pages(&plan, &options, &FONTS).expect("pages");
            check_pages(&plan, &options, &pages);
            // Every template fits one A4 page: the hybrid one's 31 boxes the largest, but
            // in English, where most of its names take two lines, it takes an overview
            // and two pages.
            let expected = match (center_type, lang) {
                (CenterType::Hybrid, Lang::En) => 3,
                _ => 1,
            };
            if pages.len() != expected {
                split.push(format!(
                    "{center_type} {lang:?}: {:?}",
                    pages
                        .iter()
                        .map(|p| (p.layout.width, p.layout.height, p.scale))
                        .collect::<Vec<_>>()
                ));
            }
            let pdf = manual::chart_pdf(&plan, &options, &FONTS).expect("pdf");
            let text = pdf_text(&pdf);
            assert_eq!(
                text.matches('\u{c}').count(),
                pages.len(),
                "{center_type} {lang:?}"
            );
        }
    }
    assert!(split.is_empty(), "split over more pages: {split:#?}");
}

#[test]
fn landscape_and_root_are_kept_and_an_unknown_root_is_named() {
    let plan = template(CenterType::Hybrid, "x");
    let mut options = options(Lang::En, Paper::A4);
    options.landscape = true;
    let pages = manual::chart_pages(&plan, &options, &FONTS).expect("pages");
    assert!(pages.iter().all(|p| manual::is_landscape(p, &options)));
    check_pages(&plan, &options, &pages);
    options.root = Some("nope".into());
    let err = manual::chart_pdf(&plan, &options, &FONTS).expect_err("unknown root");
    assert!(err.to_string().contains("nope"), "{err}");
}
