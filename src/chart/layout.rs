//! From an [`OrgChart`] to positioned boxes and routed lines.
//!
//! The vertical position of a box comes from its rank, in half-level steps: row `r` is at
//! `r × half_level`. A box is shorter than one half level, so the oversight unit can sit
//! exactly half a level above its peers and still clear its parent. The horizontal
//! position comes from a tidy-tree pass over rows (not depths, because rows and depths
//! differ as soon as one unit is half a level up): every subtree keeps a contour, the
//! leftmost and rightmost x it occupies in each row; siblings are pushed right until
//! their contours are `h_gap` apart in every shared row, and the parent is centred over
//! its first and last child. Contours are merged into the deepest one and only the shared
//! rows are touched, which makes the whole pass linear in the number of boxes (each row
//! of a contour is merged once, as in the long-path decomposition argument).
//!
//! Nothing recurses over depth: traversals use explicit stacks and pre-order lists, so a
//! chart 10,000 levels deep lays out like a wide one.
//!
//! Invalid charts lay out too: a node whose parent is missing, or whose parent chain
//! loops, becomes an extra root, by the one rule of [`ChartTree`].

use super::route::Bus;

use crate::fonts::TextMeasure;
use crate::model::{Headcount, Lang, LineKind, NodeId, NodeKind, OrgChart, Rank};
use crate::tree::{ChartTree, Indices};

/// What to draw and how big.
#[derive(Debug, Clone)]
pub struct LayoutOptions {
    /// The language of the labels.
    pub lang: Lang,
    /// Stack leaf children vertically in two columns (teams of agents) instead of a row.
    pub compact: bool,
    /// Draw only the subtree under this node.
    pub root: Option<NodeId>,
    /// Font size of the names; the headcount line uses [`LayoutOptions::small_font_size`].
    pub font_size: f32,
    pub small_font_size: f32,
    /// Names wider than this wrap (at most [`MAX_LABEL_LINES`] lines).
    pub max_text_width: f32,
    /// Horizontal space between neighbouring subtrees.
    pub h_gap: f32,
    /// Vertical space between the bottom of one row of boxes and the top of the next.
    pub v_gap: f32,
    /// Every unit's box shows the headcount of its whole subtree (its own and everyone
    /// under it, hidden or not) and, where posts are open, how many ("22/24 · 缺 2"); off,
    /// a unit shows its own headcount, or its subtree's when it has none of its own.
    pub subtree_totals: bool,
    /// Every collapsed box is made wide enough for its "+N" count followed by a reference
    /// as wide as this one ("第 999 页"): printed pages say where a collapsed subtree
    /// continues (see [`NodeBox::continued_on`]), and the reference must not change the
    /// geometry the pagination measured.
    pub reserve_reference: Option<String>,
    /// With `compact`, leaf reports are stacked even when their ranks differ (in tree
    /// order, from the highest row their ranks allow): for printed pages, where a row of
    /// many collapsed units would otherwise be too wide to read.
    pub stack_any_rank: bool,
    /// Empty space left around the drawing on every side.
    pub margin: f32,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            lang: Lang::Zh,
            compact: false,
            root: None,
            font_size: 14.0,
            small_font_size: 12.0,
            max_text_width: 150.0,
            h_gap: 20.0,
            v_gap: 30.0,
            subtree_totals: false,
            reserve_reference: None,
            stack_any_rank: false,
            margin: 24.0,
        }
    }
}

/// Names longer than this many lines are cut with an ellipsis.
pub const MAX_LABEL_LINES: usize = 2;
const PAD_X: f32 = 12.0;
const PAD_Y: f32 = 8.0;
const MIN_TEXT_WIDTH: f32 = 64.0;
/// Horizontal distance from a manager's trunk to an assistant box.
const ASSISTANT_GAP: f32 = 16.0;
/// Horizontal distance from the spine of a compact stack to its boxes.
const STACK_GAP: f32 = 14.0;
/// Room left between a collapsed box's pill and the box's sides.
const PILL_CLEARANCE: f32 = 8.0;
/// The diameter of the vacancy marker drawn before the headcount.
pub const VACANCY_MARKER: f32 = 8.0;
/// Relative ranks further apart than this many half levels are drawn this far apart,
/// so a typo like rank 10,000 cannot make the drawing (and its contours) huge.
const MAX_RANK_STEP: i32 = 64;

/// One positioned box. Coordinates are in the chart's units (pixels at scale 1), with the
/// origin at the top left of the drawing and y growing down.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub id: NodeId,
    /// Index of the node in [`OrgChart::nodes`].
    pub node: usize,
    pub kind: NodeKind,
    /// The node's effective rank (explicit or derived from its parent).
    pub rank: Rank,
    /// The row the box is drawn in, in half levels from the top row.
    pub row: i32,
    /// Left, top, width, height.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The name in the chosen language, wrapped.
    pub label: Vec<String>,
    /// "filled/planned".
    pub headcount: String,
    /// Fewer people than planned.
    pub vacant: bool,
    /// How many descendants a collapsed node hides (`None` when it is not collapsed).
    pub hidden: Option<usize>,
    /// Where the hidden subtree is drawn ("第 3 页", "fig. 2"), printed after the count;
    /// set by the pagination of printed charts, never by [`layout`].
    pub continued_on: Option<String>,
}

impl NodeBox {
    pub fn center_x(&self) -> f32 {
        self.x + self.w / 2.0
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }
}

/// The style of a routed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum RouteKind {
    /// The solid reporting line from a manager to a direct report or assistant.
    Solid,
    /// A matrix line, drawn dashed.
    Dotted,
    /// A line past the chain of command, drawn in red.
    Bypass,
}

impl From<LineKind> for RouteKind {
    fn from(kind: LineKind) -> RouteKind {
        match kind {
            LineKind::Dotted => RouteKind::Dotted,
            LineKind::Bypass => RouteKind::Bypass,
        }
    }
}

/// An orthogonal polyline between two boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub kind: RouteKind,
    /// Box indices (into [`ChartLayout::boxes`]): for solid lines the manager and the
    /// report; for dotted and bypass lines the reporter and who receives the report.
    pub from: usize,
    pub to: usize,
    pub points: Vec<(f32, f32)>,
    /// For dotted and bypass lines, the index in [`OrgChart::lines`] of the plan line it
    /// draws (the first one, where several fold into one route at a collapsed box).
    pub line: Option<usize>,
}

/// A laid-out chart: what the SVG writer, the PDF and the app draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLayout {
    /// Boxes in pre-order (a manager before its reports).
    pub boxes: Vec<NodeBox>,
    pub routes: Vec<Route>,
    pub width: f32,
    pub height: f32,
    /// The height of one half level: the y distance between consecutive rows.
    pub half_level: f32,
    pub font_size: f32,
    pub small_font_size: f32,
    /// Baseline-to-baseline distance of label lines.
    pub line_height: f32,
}

impl ChartLayout {
    /// The box of a node, by id.
    pub fn find(&self, id: &str) -> Option<&NodeBox> {
        self.boxes.iter().find(|b| b.id.as_str() == id)
    }
}

/// The chart cannot be laid out as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("no node with id {0} to draw the chart from (--root)")]
    UnknownRoot(NodeId),
}

impl crate::error::Failure for LayoutError {
    fn code(&self) -> &'static str {
        match self {
            LayoutError::UnknownRoot(_) => "chart.unknown-root",
        }
    }

    fn message(&self, lang: crate::model::Lang) -> String {
        match (self, lang) {
            (LayoutError::UnknownRoot(id), crate::model::Lang::Zh) => {
                format!("没有编号为 {id} 的节点，无法从它开始绘制组织架构图（--root）")
            }
            (LayoutError::UnknownRoot(_), crate::model::Lang::En) => self.to_string(),
        }
    }
}

/// A subtree's outline: for each row from its top row down, the leftmost and rightmost x
/// it occupies, relative to a frame origin, plus `dx` (a lazy shift of every value).
/// Stored bottom row first, so adding rows above the top is a push.
struct Contour {
    rows: Vec<(f32, f32)>,
    dx: f32,
}

impl Contour {
    fn len(&self) -> usize {
        self.rows.len()
    }

    /// Row `i` counted from the top, with the shift applied.
    fn get(&self, i: usize) -> (f32, f32) {
        let (left, right) = self.rows[self.rows.len() - 1 - i];
        (left + self.dx, right + self.dx)
    }

    /// Adds a row above the current top, in frame coordinates.
    fn push_top(&mut self, left: f32, right: f32) {
        self.rows.push((left - self.dx, right - self.dx));
    }

    /// The shift to apply to `right` (in its own frame) so it clears `self` by `gap` in
    /// every row both have; both must start at the same top row.
    fn separation(&self, right: &Contour, gap: f32) -> f32 {
        let mut shift = f32::NEG_INFINITY;
        for i in 0..self.len().min(right.len()) {
            shift = shift.max(self.get(i).1 - right.get(i).0 + gap);
        }
        shift
    }

    /// Merges `right`, already shifted into this frame, into this contour: shared rows
    /// take this one's left and `right`'s right; the deeper contour's vector is reused so
    /// only the shared rows cost anything.
    fn merge(mut self, mut right: Contour) -> Contour {
        let shared = self.len().min(right.len());
        if right.len() > self.len() {
            for i in 0..shared {
                let (left, _) = self.get(i);
                let at = right.rows.len() - 1 - i;
                right.rows[at].0 = left - right.dx;
            }
            right
        } else {
            for i in 0..shared {
                let (_, r) = right.get(i);
                let at = self.rows.len() - 1 - i;
                self.rows[at].1 = r - self.dx;
            }
            self
        }
    }
}

/// Per-node working data.
#[derive(Clone, Default)]
struct Work {
    visible: bool,
    /// Drawn beside the manager rather than below.
    beside: bool,
    /// Stacked in the compact two-column form under its manager.
    stacked: bool,
    row: i32,
    w: f32,
    /// x of the centre relative to the manager's centre (or to the forest origin for roots).
    rel_x: f32,
    x: f32,
    label: Vec<String>,
    headcount: String,
}

/// Lays out `chart` with labels measured by `measure`.
pub fn layout(
    chart: &OrgChart,
    options: &LayoutOptions,
    measure: &dyn TextMeasure,
) -> Result<ChartLayout, LayoutError> {
    let n = chart.nodes.len();
    let index = chart.index();
    let forest = ChartTree::with_index(chart, &index);
    let ranks = forest.ranks();
    let shown_headcount = shown_headcounts(chart, &forest, options.subtree_totals);

    let roots: Vec<usize> = match &options.root {
        Some(id) => {
            let &root = index
                .get(id)
                .ok_or_else(|| LayoutError::UnknownRoot(id.clone()))?;
            vec![root]
        }
        None => forest.roots().collect(),
    };

    // Visible nodes in pre-order; a collapsed node's descendants stay hidden.
    let mut work = vec![Work::default(); n];
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        work[i].visible = true;
        order.push(i);
        if !chart.nodes[i].collapsed {
            stack.extend(forest.children(i).rev());
        }
    }
    // The reports shown under a visible node: all its children unless it is collapsed.
    let in_view = |i: usize| -> Indices<'_> {
        if chart.nodes[i].collapsed {
            Indices::default()
        } else {
            forest.children(i)
        }
    };
    let mut is_root = vec![false; n];
    for &r in &roots {
        is_root[r] = true;
    }

    // Labels and widths.
    let line_height = (options.font_size * 1.3).round();
    let mut max_lines = 1;
    for &i in &order {
        let node = &chart.nodes[i];
        let label = fit_label(node.name.get(options.lang), options, measure);
        let count = shown_headcount[i];
        let open = count.planned.saturating_sub(count.filled);
        let headcount = if options.subtree_totals && node.kind == NodeKind::Unit && open > 0 {
            match options.lang {
                Lang::Zh => format!("{}/{} · 缺 {open}", count.filled, count.planned),
                Lang::En => format!("{}/{} · {open} open", count.filled, count.planned),
            }
        } else {
            format!("{}/{}", count.filled, count.planned)
        };
        let mut text_width = label
            .iter()
            .map(|line| measure.text_width(line, options.font_size, true))
            .fold(0.0, f32::max);
        let mut count_width = measure.text_width(&headcount, options.small_font_size, false);
        if count.filled < count.planned {
            count_width += VACANCY_MARKER + 4.0;
        }
        text_width = text_width.max(count_width).max(MIN_TEXT_WIDTH);
        if node.collapsed {
            // The pill on the lower edge stays inside the box, so pills of neighbours
            // never touch.
            let pill = super::parts::pill_width(
                &super::parts::pill_text(
                    forest.descendant_count(i),
                    options.reserve_reference.as_deref(),
                ),
                options.small_font_size,
            );
            text_width = text_width.max(pill + PILL_CLEARANCE - 2.0 * PAD_X);
        }
        max_lines = max_lines.max(label.len());
        work[i].w = (text_width + 2.0 * PAD_X).ceil();
        work[i].label = label;
        work[i].headcount = headcount;
    }
    let box_h = 2.0 * PAD_Y + max_lines as f32 * line_height + options.small_font_size * 1.4;
    let box_h = box_h.ceil();
    let half_level = box_h + options.v_gap;

    // Which children hang beside their manager (leaf assistants) and which stack. The
    // per-manager lists below reuse one buffer each, so no loop allocates per node.
    let mut regular: Vec<usize> = Vec::new();
    let mut has_beside = vec![false; n];
    for &i in &order {
        let kids = in_view(i);
        for c in kids.clone() {
            let leaf = in_view(c).is_empty();
            if chart.nodes[c].kind == NodeKind::Assistant && leaf {
                work[c].beside = true;
                has_beside[i] = true;
            }
        }
        if options.compact {
            regular.clear();
            regular.extend(kids.filter(|&c| !work[c].beside));
            let all_leaves = regular.iter().all(|&c| in_view(c).is_empty());
            let same_rank = options.stack_any_rank
                || regular
                    .windows(2)
                    .all(|pair| ranks[pair[0]] == ranks[pair[1]]);
            if regular.len() >= 2 && all_leaves && same_rank {
                for &c in &regular {
                    work[c].stacked = true;
                }
            }
        }
    }

    // Rows: roots at their rank, every group of siblings shifted as one so their relative
    // half-level offsets survive, and pushed below the manager (and its assistants).
    if let Some(top) = roots.iter().map(|&r| ranks[r].0).min() {
        for &r in &roots {
            work[r].row = (ranks[r].0 - top).min(MAX_RANK_STEP);
        }
    }
    for &i in &order {
        let row = work[i].row;
        let kids = in_view(i);
        regular.clear();
        regular.extend(kids.clone().filter(|&c| !work[c].beside));
        let lowest_allowed = row + if has_beside[i] { 2 } else { 1 };
        let base = |c: usize| row + (ranks[c].0 - ranks[i].0).clamp(-MAX_RANK_STEP, MAX_RANK_STEP);
        let shift = regular
            .iter()
            .map(|&c| lowest_allowed - base(c))
            .max()
            .unwrap_or(0)
            .max(0);
        // A stack starts at the highest row its reports' ranks allow (they share one rank
        // unless `stack_any_rank`).
        let stack_top = regular.iter().map(|&c| base(c)).min().unwrap_or(row + 1) + shift;
        let mut stacked = 0;
        for c in kids {
            work[c].row = if work[c].beside {
                row + 1
            } else if work[c].stacked {
                stacked += 1;
                stack_top + (stacked - 1) / 2
            } else {
                base(c) + shift
            };
        }
    }

    // Horizontal placement, children before managers.
    let gap = options.h_gap;
    let mut contours: Vec<Option<Contour>> = (0..n).map(|_| None).collect();
    let mut beside: Vec<usize> = Vec::new();
    for &i in order.iter().rev() {
        let kids = in_view(i);
        regular.clear();
        regular.extend(kids.clone().filter(|&c| !work[c].beside));
        let half_w = work[i].w / 2.0;
        let row = work[i].row;
        let (mut contour, top_of_children) = if regular.is_empty() {
            (
                Contour {
                    rows: Vec::new(),
                    dx: 0.0,
                },
                row + 1 + i32::from(has_beside[i]),
            )
        } else if work[regular[0]].stacked {
            stack_children(&regular, &mut work)
        } else {
            let group_top = regular
                .iter()
                .map(|&c| work[c].row)
                .min()
                .unwrap_or(row + 1);
            let mut merged: Option<Contour> = None;
            let mut positions = Vec::with_capacity(regular.len());
            for &c in &regular {
                let mut child = contours[c].take().unwrap_or(Contour {
                    rows: Vec::new(),
                    dx: 0.0,
                });
                // The drop from the bus to a lower child is reserved too, so no neighbour
                // slides under the bus onto the line.
                let child_half = work[c].w / 2.0;
                for _ in group_top..work[c].row {
                    child.push_top(-child_half, child_half);
                }
                merged = Some(match merged {
                    None => {
                        positions.push(0.0);
                        child
                    }
                    Some(acc) => {
                        let shift = acc.separation(&child, gap);
                        positions.push(shift);
                        child.dx += shift;
                        acc.merge(child)
                    }
                });
            }
            let mid = (positions[0] + positions[positions.len() - 1]) / 2.0;
            for (&c, &pos) in regular.iter().zip(&positions) {
                work[c].rel_x = pos - mid;
            }
            let mut merged = merged.unwrap_or(Contour {
                rows: Vec::new(),
                dx: 0.0,
            });
            merged.dx -= mid;
            (merged, group_top)
        };
        // The manager's own rows: its box, then its trunk down to the children, with the
        // assistants beside the trunk in the row below the box.
        let (mut beside_left, mut beside_right) = (-half_w, half_w);
        let (mut next_left, mut next_right) = (-ASSISTANT_GAP, ASSISTANT_GAP);
        beside.clear();
        beside.extend(kids.filter(|&c| work[c].beside));
        for (k, &c) in beside.iter().enumerate() {
            let w = work[c].w;
            if k % 2 == 0 {
                work[c].rel_x = next_right + w / 2.0;
                next_right += w + gap;
                beside_right = beside_right.max(next_right - gap);
            } else {
                work[c].rel_x = next_left - w / 2.0;
                next_left -= w + gap;
                beside_left = beside_left.min(next_left + gap);
            }
        }
        for r in (row..top_of_children).rev() {
            if r == row + 1 && has_beside[i] {
                contour.push_top(beside_left, beside_right);
            } else {
                contour.push_top(-half_w, half_w);
            }
        }
        contours[i] = Some(contour);
    }

    // Roots side by side, aligned at the top row as siblings are.
    let mut forest_contour: Option<Contour> = None;
    let top_row = roots.iter().map(|&r| work[r].row).min().unwrap_or(0);
    for &r in &roots {
        let mut contour = contours[r].take().unwrap_or(Contour {
            rows: Vec::new(),
            dx: 0.0,
        });
        let half = work[r].w / 2.0;
        for _ in top_row..work[r].row {
            contour.push_top(-half, half);
        }
        forest_contour = Some(match forest_contour {
            None => {
                work[r].rel_x = 0.0;
                contour
            }
            Some(acc) => {
                let shift = acc.separation(&contour, gap * 2.0);
                work[r].rel_x = shift;
                contour.dx += shift;
                acc.merge(contour)
            }
        });
    }

    // Absolute positions, managers before reports.
    for &i in &order {
        let base = match forest.parent(i) {
            Some(p) if !is_root[i] => work[p].x,
            _ => 0.0,
        };
        work[i].x = base + work[i].rel_x;
    }
    let min_row = order.iter().map(|&i| work[i].row).min().unwrap_or(0);

    let mut box_of = vec![usize::MAX; n];
    let mut boxes = Vec::with_capacity(order.len());
    for &i in &order {
        let node = &chart.nodes[i];
        let w = &work[i];
        box_of[i] = boxes.len();
        boxes.push(NodeBox {
            id: node.id.clone(),
            node: i,
            kind: node.kind,
            rank: ranks[i],
            row: w.row - min_row,
            x: w.x - w.w / 2.0,
            y: options.margin + (w.row - min_row) as f32 * half_level,
            w: w.w,
            h: box_h,
            label: std::mem::take(&mut work[i].label),
            headcount: std::mem::take(&mut work[i].headcount),
            vacant: shown_headcount[i].filled < shown_headcount[i].planned,
            hidden: node.collapsed.then(|| forest.descendant_count(i)),
            continued_on: None,
        });
    }

    let (mut routes, buses) = solid_routes(&boxes, &order, &forest, &work, &box_of, options.v_gap);
    // A line to or from a node inside a collapsed subtree attaches to the collapsed box
    // that stands for it, so collapsing never hides that a reporting line exists.
    let mut shown_as = vec![usize::MAX; n];
    let mut stack: Vec<usize> = roots.clone();
    while let Some(i) = stack.pop() {
        shown_as[i] = if box_of[i] != usize::MAX {
            box_of[i]
        } else {
            forest.parent(i).map_or(usize::MAX, |p| shown_as[p])
        };
        stack.extend(forest.children(i));
    }
    routes.extend(super::route::extra_routes(
        chart,
        &index,
        &boxes,
        &shown_as,
        &buses,
        half_level,
        options.v_gap,
    ));

    // Move everything so the leftmost box or channel is one margin from the edge.
    let min_x = boxes
        .iter()
        .map(|b| b.x)
        .chain(routes.iter().flat_map(|r| r.points.iter().map(|p| p.0)))
        .fold(f32::INFINITY, f32::min);
    let shift = if min_x.is_finite() {
        options.margin - min_x
    } else {
        0.0
    };
    for b in &mut boxes {
        b.x += shift;
    }
    for route in &mut routes {
        for point in &mut route.points {
            point.0 += shift;
        }
    }
    let max_x = boxes
        .iter()
        .map(NodeBox::right)
        .chain(routes.iter().flat_map(|r| r.points.iter().map(|p| p.0)))
        .fold(0.0, f32::max);
    let max_y = boxes
        .iter()
        .map(NodeBox::bottom)
        .chain(routes.iter().flat_map(|r| r.points.iter().map(|p| p.1)))
        .fold(0.0, f32::max);
    Ok(ChartLayout {
        boxes,
        routes,
        width: (max_x + options.margin).ceil(),
        height: (max_y + options.margin).ceil(),
        half_level,
        font_size: options.font_size,
        small_font_size: options.small_font_size,
        line_height,
    })
}

/// The headcount each box shows: its own, except that a unit with none of its own (a
/// department rather than a post), or every unit with `subtree_totals`, shows the total of
/// it and everyone under it, hidden or not.
fn shown_headcounts(chart: &OrgChart, forest: &ChartTree, subtree_totals: bool) -> Vec<Headcount> {
    let mut totals: Vec<Headcount> = chart.nodes.iter().map(|node| node.headcount).collect();
    for i in forest.pre_order().rev() {
        if let Some(p) = forest.parent(i) {
            totals[p].planned = totals[p].planned.saturating_add(totals[i].planned);
            totals[p].filled = totals[p].filled.saturating_add(totals[i].filled);
        }
    }
    chart
        .nodes
        .iter()
        .zip(totals)
        .map(|(node, total)| {
            let own = node.headcount;
            if node.kind == NodeKind::Unit && (subtree_totals || own == Headcount::default()) {
                total
            } else {
                own
            }
        })
        .collect()
}

/// Places leaf children in two columns on either side of a spine under the manager
/// (first child right, second left, and so on down), one row each pair. Returns their
/// contour and its top row.
fn stack_children(regular: &[usize], work: &mut [Work]) -> (Contour, i32) {
    let top = work[regular[0]].row;
    let pairs = regular.len().div_ceil(2);
    let mut rows = vec![(-1.0f32, 1.0f32); pairs];
    for (k, &c) in regular.iter().enumerate() {
        let w = work[c].w;
        let pair = k / 2;
        if k % 2 == 0 {
            work[c].rel_x = STACK_GAP + w / 2.0;
            rows[pair].1 = STACK_GAP + w;
        } else {
            work[c].rel_x = -STACK_GAP - w / 2.0;
            rows[pair].0 = -STACK_GAP - w;
        }
    }
    rows.reverse();
    (Contour { rows, dx: 0.0 }, top)
}

/// The solid lines: trunk, bus and drop for reports below; trunk and stub for assistants
/// and stacked reports. Also returns each manager's bus, which the other lines keep off.
fn solid_routes(
    boxes: &[NodeBox],
    order: &[usize],
    forest: &ChartTree,
    work: &[Work],
    box_of: &[usize],
    v_gap: f32,
) -> (Vec<Route>, Vec<Bus>) {
    let mut routes = Vec::with_capacity(boxes.len());
    let mut buses = Vec::new();
    let mut below: Vec<usize> = Vec::new();
    for &i in order {
        let manager = &boxes[box_of[i]];
        let cx = manager.center_x();
        below.clear();
        below.extend(
            forest
                .children(i)
                .filter(|&c| work[c].visible && !work[c].beside && !work[c].stacked),
        );
        let bus_y = below
            .iter()
            .map(|&c| boxes[box_of[c]].y)
            .fold(f32::INFINITY, f32::min)
            - v_gap / 2.0;
        if !below.is_empty() {
            let band = below
                .iter()
                .map(|&c| boxes[box_of[c]].row)
                .min()
                .unwrap_or(0);
            let (x0, x1) = below
                .iter()
                .map(|&c| boxes[box_of[c]].center_x())
                .fold((cx, cx), |(lo, hi), x| (lo.min(x), hi.max(x)));
            if x1 > x0 {
                buses.push(Bus { band, x0, x1 });
            }
        }
        for c in forest.children(i) {
            if !work[c].visible {
                continue;
            }
            let report = &boxes[box_of[c]];
            let points = if work[c].beside || work[c].stacked {
                let mid_y = report.y + report.h / 2.0;
                let edge = if report.center_x() > cx {
                    report.x
                } else {
                    report.right()
                };
                vec![(cx, manager.bottom()), (cx, mid_y), (edge, mid_y)]
            } else {
                let rx = report.center_x();
                let mut points = vec![(cx, manager.bottom()), (cx, bus_y)];
                if rx != cx {
                    points.push((rx, bus_y));
                }
                points.push((rx, report.y));
                points
            };
            routes.push(Route {
                kind: RouteKind::Solid,
                from: box_of[i],
                to: box_of[c],
                points,
                line: None,
            });
        }
    }
    (routes, buses)
}

/// How much wider than [`LayoutOptions::max_text_width`] a box may grow so that a long
/// name keeps every word instead of ending in "…".
const MAX_LABEL_WIDEN: f32 = 3.0;

/// A name in at most [`MAX_LABEL_LINES`] lines with nothing cut off: when it does not fit
/// at the usual width its box grows (up to [`MAX_LABEL_WIDEN`] times); only a name too
/// long even for that (hostile input, not a post's name) is cut.
fn fit_label(text: &str, options: &LayoutOptions, measure: &dyn TextMeasure) -> Vec<String> {
    let whole = |lines: &[String]| {
        lines
            .iter()
            .flat_map(|line| line.chars())
            .filter(|c| !c.is_whitespace())
            .eq(text.chars().filter(|c| !c.is_whitespace()))
    };
    let lines = wrap_label(text, options, measure);
    // Only a cut name ends its last allowed line in "…"; most names need no second look.
    let maybe_cut = lines.len() == MAX_LABEL_LINES && lines[MAX_LABEL_LINES - 1].ends_with('…');
    if !maybe_cut || whole(&lines) {
        return lines;
    }
    let total = measure.text_width(text.trim(), options.font_size, true);
    let widest = options.max_text_width * MAX_LABEL_WIDEN;
    if total > widest * MAX_LABEL_LINES as f32 {
        return lines;
    }
    let mut wider = options.clone();
    wider.max_text_width = (total / MAX_LABEL_LINES as f32).max(options.max_text_width);
    loop {
        let lines = wrap_label(text, &wider, measure);
        if whole(&lines) || wider.max_text_width >= widest {
            return lines;
        }
        wider.max_text_width = (wider.max_text_width * 1.1).min(widest);
    }
}

/// Splits a name into at most [`MAX_LABEL_LINES`] lines no wider than the maximum: CJK
/// text breaks between any two characters, other text at spaces (a word too long for a
/// line is broken where it must).
fn wrap_label(text: &str, options: &LayoutOptions, measure: &dyn TextMeasure) -> Vec<String> {
    let size = options.font_size;
    let max = options.max_text_width;
    let text = text.trim();
    if measure.text_width(text, size, true) <= max {
        return vec![text.to_owned()];
    }
    let width = |t: &str| measure.text_width(t, size, true);
    // Tokens: words, single CJK characters and single spaces; a word wider than a line
    // is cut into pieces that fit.
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        let mut piece = String::new();
        for ch in word.chars() {
            piece.push(ch);
            if piece.chars().count() > 1 && width(&piece) > max {
                piece.pop();
                tokens.push(std::mem::replace(&mut piece, ch.to_string()));
            }
        }
        tokens.push(piece);
        word.clear();
    };
    for ch in text.chars() {
        if ch.is_whitespace() {
            flush(&mut word, &mut tokens);
            tokens.push(" ".to_owned());
        } else if crate::fonts::is_wide(ch) {
            flush(&mut word, &mut tokens);
            tokens.push(ch.to_string());
        } else {
            word.push(ch);
        }
    }
    flush(&mut word, &mut tokens);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens {
        if token == " " {
            if !line.is_empty() && !line.ends_with(' ') {
                line.push(' ');
            }
            continue;
        }
        let candidate = format!("{line}{token}");
        if line.trim().is_empty() || width(candidate.trim_end()) <= max {
            line = candidate;
        } else {
            lines.push(line.trim_end().to_owned());
            line = token;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    if lines.len() > MAX_LABEL_LINES {
        lines.truncate(MAX_LABEL_LINES);
        let last = lines.last_mut().expect("at least one line");
        while !last.is_empty() && measure.text_width(&format!("{last}…"), size, true) > max {
            last.pop();
        }
        last.push('…');
    }
    lines
}
