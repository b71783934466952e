//! A chart split over printed pages: the whole chart on one page when it is readable
//! there, else an overview with the big subtrees collapsed and one page per subtree.
//!
//! Both printed forms use it: the chart PDF (`centerplan chart -o chart.pdf`, the app's
//! export) with paper pages, and the manual with its figures. A page is readable when its
//! names print at `min_scale` or more (labels are laid out at 14 px, so 0.5 is 7 pt). The
//! split is by subtree, never across a box: an overview collapsed at the deepest level
//! that still fits, its smallest collapsed subtrees opened again while it still fits,
//! then each remaining collapsed subtree on a page of its own, from that box down, split
//! again while too large. Every collapsed box names the page (or figure) its subtree is
//! drawn on, and every continuation page knows which page it hangs from.

use super::layout::{ChartLayout, LayoutError, LayoutOptions, layout};
use crate::fonts::TextMeasure;
use crate::model::{Lang, NodeId, NodeKind, OrgChart};

/// A space a page of the chart may take, in points: what is left of the paper for the
/// drawing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageArea {
    pub width: f32,
    pub height: f32,
}

/// Which of several areas a page takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaChoice {
    /// The first that is readable (the manual: upright unless only turned is readable).
    First,
    /// The one that prints largest (the chart PDF: landscape when that fits better).
    Largest,
}

/// What a collapsed box's reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// A page of the same PDF: "第 3 页" / "page 3".
    Page,
    /// A figure of the manual: "图 3" / "fig. 3".
    Figure,
}

impl Reference {
    /// The reference to the `number`th page or figure (1-based), as a box prints it.
    pub fn text(self, number: usize, lang: Lang) -> String {
        match (self, lang) {
            (Reference::Page, Lang::Zh) => format!("第 {number} 页"),
            (Reference::Page, Lang::En) => format!("page {number}"),
            (Reference::Figure, Lang::Zh) => format!("图 {number}"),
            (Reference::Figure, Lang::En) => format!("fig. {number}"),
        }
    }
}

/// How to paginate.
#[derive(Debug, Clone)]
pub struct PageOptions {
    pub lang: Lang,
    /// Draw only the subtree under this node.
    pub root: Option<NodeId>,
    /// Unit boxes show their whole subtree's headcount (see [`LayoutOptions`]).
    pub subtree_totals: bool,
    /// The areas a page may take (at least one), in order of preference.
    pub areas: Vec<PageArea>,
    pub choice: AreaChoice,
    /// The smallest scale (points per chart unit) a page is readable at.
    pub min_scale: f32,
    /// Small charts are not blown up beyond this.
    pub max_scale: f32,
    /// A bound on the pages, however large the chart; subtrees past it stay collapsed
    /// with their count only.
    pub max_pages: usize,
    pub reference: Reference,
}

/// One page of a paginated chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPage {
    /// The drawing, its collapsed boxes carrying their references
    /// ([`super::NodeBox::continued_on`]).
    pub layout: ChartLayout,
    /// Points per chart unit: the drawing prints `layout.width × scale` wide.
    pub scale: f32,
    /// The index in [`PageOptions::areas`] of the area it takes.
    pub area: usize,
    /// The node (index in [`OrgChart::nodes`]) the page starts from; `None` for the first
    /// page, which starts where the chart does.
    pub root: Option<usize>,
    /// The page (index) where this page's root is drawn collapsed.
    pub from: Option<usize>,
    /// The collapsed boxes of this page (node index) and the page (index) each continues on.
    pub continues: Vec<(usize, usize)>,
}

/// Printed pages are drawn tighter than the screen (a page has no scroll bar): names
/// wrap sooner, neighbouring subtrees and rows stand closer, and the drawing keeps only
/// a little empty space of its own, the page's margin framing it. With these, every
/// template's chart prints on one A4 page at 7 pt in Chinese, and every one but the
/// hybrid center's (whose English names take two lines) in English.
const PRINT_TEXT_WIDTH: f32 = 130.0;
const PRINT_H_GAP: f32 = 10.0;
const PRINT_V_GAP: f32 = 18.0;
const PRINT_MARGIN: f32 = 6.0;

/// A layout and the area it prints in, at what scale.
struct Drawn {
    layout: ChartLayout,
    scale: f32,
    area: usize,
}

/// Splits `chart` into readable pages (see the module's text). Collapse flags the user
/// set on screen are ignored: a printed chart shows everyone. Errors only for an unknown
/// [`PageOptions::root`].
pub fn paginate(
    chart: &OrgChart,
    options: &PageOptions,
    measure: &dyn TextMeasure,
) -> Result<Vec<ChartPage>, LayoutError> {
    let mut chart = chart.clone();
    for node in &mut chart.nodes {
        node.collapsed = false;
    }
    let chart = &chart;
    let index = chart.index();
    let start = match &options.root {
        Some(id) => Some(
            *index
                .get(id)
                .ok_or_else(|| LayoutError::UnknownRoot(id.clone()))?,
        ),
        None => None,
    };
    let tree = chart.tree();
    let placeholder = options
        .reference
        .text(options.max_pages.max(1), options.lang);

    // The chart from `root` in both forms (rows, and leaf teams stacked), as large as one
    // of the areas allows: the wide form where it is readable, else the larger.
    let draw = |chart: &OrgChart, root: Option<usize>| -> Option<Drawn> {
        let root = root.or(start).map(|i| chart.nodes[i].id.clone());
        let mut forms = Vec::with_capacity(2);
        for compact in [false, true] {
            let laid_options = LayoutOptions {
                lang: options.lang,
                compact,
                root: root.clone(),
                subtree_totals: options.subtree_totals,
                reserve_reference: Some(placeholder.clone()),
                stack_any_rank: compact,
                h_gap: PRINT_H_GAP,
                margin: PRINT_MARGIN,
                v_gap: PRINT_V_GAP,
                max_text_width: PRINT_TEXT_WIDTH,
                ..LayoutOptions::default()
            };
            forms.push(layout(chart, &laid_options, measure).ok()?);
        }
        let scale = |laid: &ChartLayout, area: &PageArea| {
            (area.width / laid.width)
                .min(area.height / laid.height)
                .min(options.max_scale)
        };
        // Per area, the form it takes.
        let mut best: Option<(usize, usize, f32)> = None;
        for (a, area) in options.areas.iter().enumerate() {
            let wide = scale(&forms[0], area);
            let compact = scale(&forms[1], area);
            let (form, s) = if wide >= options.min_scale || wide >= compact {
                (0, wide)
            } else {
                (1, compact)
            };
            let better = match (options.choice, best) {
                (_, None) => true,
                (AreaChoice::First, Some((_, _, b))) => b < options.min_scale && s > b,
                (AreaChoice::Largest, Some((_, _, b))) => s > b,
            };
            if better {
                best = Some((a, form, s));
            }
        }
        let (area, form, scale) = best?;
        Some(Drawn {
            layout: forms.swap_remove(form),
            scale,
            area,
        })
    };
    let readable = |drawn: Option<Drawn>| drawn.filter(|d| d.scale >= options.min_scale);
    let has_reports = |i: usize| {
        tree.children(i)
            .any(|k| chart.nodes[k].kind != NodeKind::Assistant)
    };

    let mut pages: Vec<ChartPage> = Vec::new();
    // Subtrees still to draw, with the page they hang from: None is the whole chart.
    let mut pending: Vec<(Option<usize>, Option<usize>)> = vec![(None, None)];
    while let Some((subtree, from)) = pending.pop() {
        if pages.len() >= options.max_pages {
            break;
        }
        let page = |drawn: Drawn| ChartPage {
            layout: drawn.layout,
            scale: drawn.scale,
            area: drawn.area,
            root: subtree,
            from,
            continues: Vec::new(),
        };
        if let Some(drawn) = readable(draw(chart, subtree)) {
            pages.push(page(drawn));
            continue;
        }
        // Too large: collapse the boxes with reports at one depth below the top, as deep
        // as the overview still fits, and draw each of them on its own afterwards.
        let mut level: Vec<usize> = match subtree.or(start) {
            Some(i) => tree.children(i).collect(),
            None => tree.roots().flat_map(|r| tree.children(r)).collect(),
        };
        let mut chosen: Option<(Drawn, Vec<usize>)> = None;
        while !level.is_empty() {
            let splittable: Vec<usize> =
                level.iter().copied().filter(|&k| has_reports(k)).collect();
            if splittable.is_empty() {
                break;
            }
            let mut overview = chart.clone();
            for &k in &splittable {
                overview.nodes[k].collapsed = true;
            }
            let drawn = draw(&overview, subtree);
            let fits = drawn.as_ref().is_some_and(|d| d.scale >= options.min_scale);
            match (fits, chosen.is_some()) {
                (true, _) => chosen = drawn.map(|d| (d, splittable)),
                // Deeper only draws more: stop at the first depth that does not fit,
                // unless nothing has fitted yet (then the shallowest is drawn small).
                (false, true) => break,
                (false, false) => {
                    chosen = drawn.map(|d| (d, splittable));
                    break;
                }
            }
            level = level.iter().flat_map(|&k| tree.children(k)).collect();
        }
        match chosen {
            Some((mut drawn, mut collapsed)) => {
                // Open the collapsed boxes again, the smallest first, while the overview
                // still fits: a small team is drawn in place, not on a page of its own.
                if drawn.scale >= options.min_scale {
                    let mut smallest = collapsed.clone();
                    smallest.sort_by_key(|&k| tree.descendant_count(k));
                    for k in smallest {
                        let mut overview = chart.clone();
                        for &other in collapsed.iter().filter(|&&c| c != k) {
                            overview.nodes[other].collapsed = true;
                        }
                        if let Some(larger) = readable(draw(&overview, subtree)) {
                            drawn = larger;
                            collapsed.retain(|&c| c != k);
                        }
                    }
                }
                // The subtrees in the order their boxes are drawn, left to right.
                let order: std::collections::HashMap<usize, usize> = drawn
                    .layout
                    .boxes
                    .iter()
                    .enumerate()
                    .map(|(b, node)| (node.node, b))
                    .collect();
                collapsed.sort_by_key(|k| order.get(k).copied().unwrap_or(usize::MAX));
                let at = pages.len();
                pages.push(page(drawn));
                pending.extend(collapsed.into_iter().rev().map(|k| (Some(k), Some(at))));
            }
            // Nothing to split (one very wide team): drawn as small as it must be.
            None => {
                if let Some(drawn) = draw(chart, subtree) {
                    pages.push(page(drawn));
                }
            }
        }
    }

    // Each collapsed box names the page its subtree is drawn on.
    for at in 0..pages.len() {
        let (Some(root), Some(from)) = (pages[at].root, pages[at].from) else {
            continue;
        };
        let text = options.reference.text(at + 1, options.lang);
        let parent = &mut pages[from];
        if let Some(node) = parent.layout.boxes.iter_mut().find(|b| b.node == root) {
            node.continued_on = Some(text);
        }
        parent.continues.push((root, at));
    }
    Ok(pages)
}
