//! The org chart as a PDF of its own, to print on A4, A3 or A2 (`centerplan chart -o
//! chart.pdf`, the app's chart export).
//!
//! The pages come from [`paginate`] (the split the manual's figures use): each page
//! carries a header (the center, the chart's title, the date, "page n of m"), for a
//! continuation page the path from the top of the chart to where it hangs and the page it
//! comes from, the drawing as vector art with its text kept as text, and a key of exactly
//! the marks that page shows. Every text from the plan reaches the typesetter as a string
//! literal, never as markup.

use crate::chart::{
    AreaChoice, ChartPage, PALETTE, PageArea, PageOptions, Reference, SvgOptions, paginate, to_svg,
};
use crate::fonts::{FontMeasure, FontSet};
use crate::model::{Lang, NodeId, NodeKind, Plan};

use super::generated::Marks;
use super::markdown::{figure_path, string_literal, text_literal};
use super::{Date, ManualError, typeset};

/// A paper size, in portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
pub enum Paper {
    #[default]
    A4,
    A3,
    A2,
}

impl Paper {
    /// The paper a name gives (`A4`, `a3`, …).
    pub fn parse(text: &str) -> Option<Paper> {
        match text.trim().to_ascii_uppercase().as_str() {
            "A4" => Some(Paper::A4),
            "A3" => Some(Paper::A3),
            "A2" => Some(Paper::A2),
            _ => None,
        }
    }

    /// Width and height in points, portrait.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
            Paper::A2 => (1190.55, 1683.78),
        }
    }

    fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
            Paper::A2 => "a2",
        }
    }
}

/// What the chart PDF prints.
#[derive(Debug, Clone)]
pub struct ChartPdfOptions {
    pub lang: Lang,
    pub paper: Paper,
    /// Every page landscape; otherwise each page takes the orientation it prints larger in.
    pub landscape: bool,
    /// Print only the subtree under this node.
    pub root: Option<NodeId>,
    /// The date the header prints.
    pub date: Date,
}

/// The margin on every side.
const MARGIN: f32 = 20.0;
/// What the header (title line and the continuation line) takes above the drawing.
const HEADER: f32 = 28.0;
/// What the key takes below the drawing: three lines of 7.5 pt at most on A4 portrait,
/// two on a landscape page.
const KEY_UPRIGHT: f32 = 40.0;
const KEY_TURNED: f32 = 28.0;
/// Names print at 7 pt or more (labels are laid out at 14 units).
const MIN_SCALE: f32 = 0.5;
/// A small chart prints its names at 14 pt at most.
const MAX_SCALE: f32 = 1.0;
/// A bound on the pages, however large the chart.
const MAX_PAGES: usize = 300;
/// Names in the header's path are cut to this many characters, and the path to this
/// many names, so no plan pushes the header past the room it has.
const PATH_NAME_CHARS: usize = 24;
const PATH_NAMES: usize = 6;

fn page_options(options: &ChartPdfOptions) -> PageOptions {
    let (w, h) = options.paper.size();
    let area = |w: f32, h: f32, key: f32| PageArea {
        width: w - 2.0 * MARGIN,
        height: h - 2.0 * MARGIN - HEADER - key,
    };
    let portrait = area(w, h, KEY_UPRIGHT);
    let landscape = area(h, w, KEY_TURNED);
    PageOptions {
        lang: options.lang,
        root: options.root.clone(),
        subtree_totals: true,
        // Index 0 is always portrait, 1 landscape.
        areas: if options.landscape {
            vec![landscape]
        } else {
            vec![portrait, landscape]
        },
        choice: AreaChoice::Largest,
        min_scale: MIN_SCALE,
        max_scale: MAX_SCALE,
        max_pages: MAX_PAGES,
        reference: Reference::Page,
    }
}

/// The pages [`chart_pdf`] prints, with their layouts: for checking what was printed
/// (every box inside its page, every reference to the right page).
pub fn chart_pages(
    plan: &Plan,
    options: &ChartPdfOptions,
    fonts: &FontSet,
) -> Result<Vec<ChartPage>, ManualError> {
    let measure = FontMeasure::new(fonts).map_err(|err| ManualError::Font {
        which: "regular",
        reason: err.to_string(),
    })?;
    Ok(paginate(&plan.chart, &page_options(options), &measure)?)
}

/// Whether a page of [`chart_pages`] is landscape.
pub fn is_landscape(page: &ChartPage, options: &ChartPdfOptions) -> bool {
    options.landscape || page.area == 1
}

/// The printable area of a page of [`chart_pages`], in points: the drawing fits it.
pub fn page_area(page: &ChartPage, options: &ChartPdfOptions) -> PageArea {
    page_options(options).areas[page.area]
}

/// The chart as a PDF of printed pages (see the module's text).
pub fn chart_pdf(
    plan: &Plan,
    options: &ChartPdfOptions,
    fonts: &FontSet,
) -> Result<Vec<u8>, ManualError> {
    let pages = chart_pages(plan, options, fonts)?;
    let svg_options = SvgOptions {
        font_family: fonts.family.clone(),
    };
    let svgs: Vec<String> = pages
        .iter()
        .map(|p| to_svg(&p.layout, &svg_options))
        .collect();
    let body = markup(plan, options, &pages);
    typeset::standalone_pdf(
        |family| {
            format!(
                "#set document(title: {title})\n#set text(font: {family}, size: 9pt, lang: {lang})\n#set page(paper: {paper}, margin: {MARGIN}pt)\n{body}",
                title = string_literal(&title(plan, options)),
                family = string_literal(family),
                lang = string_literal(options.lang.code()),
                paper = string_literal(options.paper.typst_name()),
            )
        },
        svgs,
        fonts,
        &format!("centerplan-chart/{}", options.lang.code()),
        options.date,
    )
}

fn title(plan: &Plan, options: &ChartPdfOptions) -> String {
    let center = plan.center_name(options.lang).trim();
    let center: String = center.chars().take(80).collect();
    match (options.lang, center.is_empty()) {
        (Lang::Zh, false) => format!("{center} 组织架构图"),
        (Lang::Zh, true) => "组织架构图".to_owned(),
        (Lang::En, false) => format!("{center}: organization chart"),
        (Lang::En, true) => "Organization chart".to_owned(),
    }
}

fn short(name: &str) -> String {
    let name = name.trim();
    if name.chars().count() > PATH_NAME_CHARS {
        let mut cut: String = name.chars().take(PATH_NAME_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        name.to_owned()
    }
}

/// The Typst markup of the pages.
fn markup(plan: &Plan, options: &ChartPdfOptions, pages: &[ChartPage]) -> String {
    let lang = options.lang;
    let chart = &plan.chart;
    let tree = chart.tree();
    let title = title(plan, options);
    let total = pages.len();
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        let number = match lang {
            Lang::Zh => format!("{} · 第 {} / {total} 页", options.date.display(lang), i + 1),
            Lang::En => format!("{} · page {} of {total}", options.date.display(lang), i + 1),
        };
        // Where a continuation page hangs: the names from the top of the chart down to
        // its box, and the page that box is drawn collapsed on.
        let hangs = match (page.root, page.from) {
            (Some(root), Some(from)) => {
                let mut path = vec![root];
                let mut at = root;
                // The effective tree has no cycles: the walk ends at a root.
                while let Some(parent) = tree.parent(at) {
                    path.push(parent);
                    at = parent;
                }
                path.reverse();
                let mut names: Vec<String> = path
                    .iter()
                    .map(|&k| short(chart.nodes[k].name.get(lang)))
                    .collect();
                if names.len() > PATH_NAMES {
                    let tail = names.split_off(names.len() - (PATH_NAMES - 1));
                    names = std::iter::once(names[0].clone())
                        .chain(std::iter::once("…".to_owned()))
                        .chain(tail)
                        .collect();
                }
                let path = names.join(" › ");
                match lang {
                    Lang::Zh => format!("接第 {} 页：{path}", from + 1),
                    Lang::En => format!("Continued from page {}: {path}", from + 1),
                }
            }
            _ => match lang {
                Lang::Zh if total > 1 => "总览：带“+N → 第 P 页”的方框在第 P 页展开".to_owned(),
                Lang::En if total > 1 => {
                    "Overview: a box marked \"+N → page P\" is drawn in full on page P".to_owned()
                }
                _ => String::new(),
            },
        };
        let width = page.layout.width * page.scale;
        out.push_str(&format!(
            "#page(flipped: {flipped})[\n#grid(columns: (1fr, auto), column-gutter: 12pt, text(size: 11pt, weight: \"bold\", {title}), text(size: 8pt, {number}))\n#v(2pt)\n#text(size: 8pt, {hangs})\n#v(1fr)\n#align(center, image({path}, width: {width:.2}pt, height: auto))\n#v(1fr)\n{key}]\n",
            flipped = is_landscape(page, options),
            title = text_literal(&title),
            number = string_literal(&number),
            hangs = text_literal(&hangs),
            path = string_literal(&figure_path(i)),
            key = key(Marks::of(&page.layout), lang),
        ));
    }
    out
}

/// The key under a page: a swatch and a few words for each mark the page shows.
fn key(marks: Marks, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let swatch = |kind: NodeKind| {
        let (fill, stroke) = PALETTE.box_colours(kind);
        format!(
            "box(baseline: 1pt, rect(width: 12pt, height: 7pt, radius: 1.5pt, fill: rgb({}), stroke: 0.6pt + rgb({})))",
            string_literal(fill),
            string_literal(stroke)
        )
    };
    let line = |paint: &str, dashed: bool| {
        format!(
            "box(baseline: -2.5pt, line(length: 16pt, stroke: (paint: rgb({}), thickness: 0.9pt{})))",
            string_literal(paint),
            if dashed { ", dash: \"dashed\"" } else { "" }
        )
    };
    // A collapsed box's count, as the boxes draw it.
    let pill = |text: &str| {
        format!(
            "box(baseline: 1.5pt, rect(radius: 3pt, inset: (x: 3pt, y: 1.5pt), fill: rgb({}), text(size: 6.5pt, fill: white, {})))",
            string_literal(PALETTE.position_stroke),
            string_literal(text)
        )
    };
    let mut items: Vec<(String, &str)> = Vec::new();
    if marks.units {
        items.push((swatch(NodeKind::Unit), if zh { "部门" } else { "unit" }));
    }
    if marks.positions {
        items.push((
            swatch(NodeKind::Position),
            if zh { "岗位" } else { "position" },
        ));
    }
    if marks.assistants {
        items.push((
            swatch(NodeKind::Assistant),
            if zh { "助理岗位" } else { "assistant post" },
        ));
    }
    if marks.headcount {
        items.push((
            format!(
                "text(fill: rgb({}), \"x/y\")",
                string_literal(PALETTE.headcount)
            ),
            match (zh, marks.units) {
                (true, true) => "在岗人数/编制人数，部门方框为全部门合计，“缺 n”为部门内空缺数",
                (true, false) => "在岗人数/编制人数",
                (false, true) => {
                    "people in post / planned headcount, in a unit's box the whole unit's, with \"n open\" its open posts"
                }
                (false, false) => "people in post / planned headcount",
            },
        ));
    }
    if marks.vacancy {
        items.push((
            format!(
                "box(baseline: 0.5pt, circle(radius: 3pt, stroke: 1pt + rgb({})))",
                string_literal(PALETTE.vacancy)
            ),
            if zh {
                "有空缺（在岗少于编制）"
            } else {
                "open seats (fewer in post than planned)"
            },
        ));
    }
    if marks.collapsed {
        items.push((
            pill(if zh {
                "+N → 第 P 页"
            } else {
                "+N → page P"
            }),
            if zh {
                "下面还有 N 个部门和岗位，在第 P 页展开"
            } else {
                "N more units and positions below, drawn in full on page P"
            },
        ));
    }
    let undrawn;
    if marks.undrawn {
        undrawn = if zh {
            format!("下面还有 N 个部门和岗位，超出 {MAX_PAGES} 页的上限，未印出")
        } else {
            format!(
                "N more units and positions below, not printed: past the limit of {MAX_PAGES} pages"
            )
        };
        items.push((pill("+N"), &undrawn));
    }
    if marks.solid {
        items.push((
            line(PALETTE.solid, false),
            if zh {
                "直接汇报"
            } else {
                "direct reporting"
            },
        ));
    }
    if marks.dotted {
        items.push((
            line(PALETTE.dotted, true),
            if zh {
                "虚线汇报（业务指导）"
            } else {
                "dotted-line reporting (functional guidance)"
            },
        ));
    }
    if marks.bypass {
        items.push((
            line(PALETTE.bypass, false),
            if zh {
                "越级汇报"
            } else {
                "bypass reporting"
            },
        ));
    }
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("#block(width: 100%, text(size: 7.5pt)[");
    for (k, (mark, words)) in items.iter().enumerate() {
        if k > 0 {
            out.push_str("#h(10pt, weak: true) ");
        }
        out.push_str(&format!("#box[#{mark} #{}]", string_literal(words)));
    }
    out.push_str("])\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page past the page bound keeps boxes with a bare "+N": the key says why, and a
    /// page without such boxes does not.
    #[test]
    fn the_key_explains_a_count_with_no_page_only_when_one_is_drawn() {
        let referenced = Marks {
            positions: true,
            collapsed: true,
            ..Marks::default()
        };
        let zh = key(referenced, Lang::Zh);
        assert!(
            zh.contains("在第 P 页展开") && !zh.contains("未印出"),
            "{zh}"
        );
        let bare = Marks {
            undrawn: true,
            ..referenced
        };
        let zh = key(bare, Lang::Zh);
        assert!(
            zh.contains(&format!("超出 {MAX_PAGES} 页的上限，未印出")),
            "{zh}"
        );
        let en = key(bare, Lang::En);
        assert!(
            en.contains(&format!("not printed: past the limit of {MAX_PAGES} pages")),
            "{en}"
        );
    }
}
