//! Routing of dotted and bypass lines between boxes already placed.
//!
//! Boxes sit in rows a half level apart; between two rows lies a **band** that holds no
//! box (band `k` is the gap above row `k`), where the solid lines run their horizontal
//! **bus** at mid height. A dotted or bypass line leaves its reporter vertically, runs
//! along one band and enters the box that receives the report vertically, so it crosses
//! no box but its own two. Of the bands both ends can reach without passing through a
//! box, it takes the one where its run lies along the least length of other buses (a line
//! laid beside a bus across other teams reads as one long bar), then the one nearest the
//! receiver. When no band is reachable from both ends, it goes out to a channel of its
//! own beside the tree and along it.
//!
//! Each run gets its own height within a band, on the side of the band away from the box
//! it enters, so the last segment is long enough to carry an arrowhead the reader sees.
//!
//! Cost: boxes and buses are indexed by row once (a counting pass and an adaptive sort of
//! rows that are nearly in order already); each line then looks at a bounded number of
//! rows, so routing stays linear in the size of the chart.

use std::collections::{HashMap, HashSet};

use super::layout::{NodeBox, Route, RouteKind};
use crate::model::{NodeId, OrgChart};

/// The horizontal part of the solid lines from one manager to the reports below it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bus {
    /// The band the bus runs in.
    pub band: i32,
    pub x0: f32,
    pub x1: f32,
}

/// Spacing of the channels beside the tree.
const LANE_GAP: f32 = 10.0;
/// Heights within a band, as fractions of the gap from its top, for runs that enter their
/// box from above (the run keeps to the top of the band) and from below. The solid bus
/// runs at one half.
const UPPER_SLOTS: [f32; 3] = [0.2, 0.1, 0.3];
const LOWER_SLOTS: [f32; 3] = [0.8, 0.9, 0.7];
/// How far up or down a line looks for a band it can reach, in rows.
const MAX_REACH: i32 = 64;
/// How much a unit of length laid along another bus costs, against a unit of length of
/// vertical line.
const ALONG_BUS_COST: f32 = 4.0;
/// Clearance kept between a vertical line and the side of a box it passes.
const CLEARANCE: f32 = 2.0;

/// Boxes of each row, sorted by x, and buses of each band.
struct Rows {
    /// Spans of the boxes in row `r`: `spans[start[r]..start[r + 1]]`.
    start: Vec<usize>,
    spans: Vec<(f32, f32)>,
    /// Buses in band `k`: `buses[bus_start[k]..bus_start[k + 1]]`.
    bus_start: Vec<usize>,
    buses: Vec<(f32, f32)>,
}

impl Rows {
    fn new(boxes: &[NodeBox], buses: &[Bus]) -> Rows {
        let rows = boxes.iter().map(|b| b.row + 1).max().unwrap_or(0).max(0) as usize;
        let (start, spans) = bucket(
            rows,
            boxes.iter().map(|b| (b.row as usize, (b.x, b.right()))),
        );
        let (bus_start, buses) = bucket(
            rows + 1,
            buses
                .iter()
                .filter(|bus| bus.band >= 0 && (bus.band as usize) <= rows)
                .map(|bus| (bus.band as usize, (bus.x0.min(bus.x1), bus.x0.max(bus.x1)))),
        );
        Rows {
            start,
            spans,
            bus_start,
            buses,
        }
    }

    fn count(&self) -> i32 {
        (self.start.len() - 1) as i32
    }

    /// Whether a vertical line at `x` through row `row` would touch a box.
    fn blocked(&self, row: i32, x: f32) -> bool {
        if row < 0 || row >= self.count() {
            return false;
        }
        let spans = &self.spans[self.start[row as usize]..self.start[row as usize + 1]];
        let at = spans.partition_point(|&(_, right)| right + CLEARANCE <= x);
        spans.get(at).is_some_and(|&(left, _)| left - CLEARANCE < x)
    }

    /// Length of `[x0, x1]` lying along buses of band `band`.
    fn along_buses(&self, band: i32, x0: f32, x1: f32) -> f32 {
        if band < 0 || band as usize + 1 >= self.bus_start.len() {
            return 0.0;
        }
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        self.buses[self.bus_start[band as usize]..self.bus_start[band as usize + 1]]
            .iter()
            .map(|&(b0, b1)| (x1.min(b1) - x0.max(b0)).max(0.0))
            .sum()
    }

    /// The bands a vertical line at `x` can reach from the box in row `row` without
    /// passing through another box: from the band above the box upwards and from the one
    /// below it downwards, as one closed range.
    fn reach(&self, row: i32, x: f32) -> (i32, i32) {
        let mut up = row;
        while up > 0 && row - up < MAX_REACH && !self.blocked(up - 1, x) {
            up -= 1;
        }
        let mut down = row + 1;
        while down < self.count() && down - row < MAX_REACH && !self.blocked(down, x) {
            down += 1;
        }
        (up, down)
    }
}

/// Groups `(key, value)` pairs by key (`0..keys`) into offsets and values, each group
/// sorted by its value's first coordinate.
fn bucket(
    keys: usize,
    items: impl Iterator<Item = (usize, (f32, f32))> + Clone,
) -> (Vec<usize>, Vec<(f32, f32)>) {
    let mut start = vec![0usize; keys + 1];
    for (key, _) in items.clone() {
        start[key + 1] += 1;
    }
    for k in 0..keys {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut values = vec![(0.0, 0.0); start[keys]];
    for (key, value) in items {
        values[fill[key]] = value;
        fill[key] += 1;
    }
    for k in 0..keys {
        // Boxes come in pre-order, which is left to right within a row but for stacked
        // teams and assistants: nearly sorted, which the stable sort handles in one pass.
        values[start[k]..start[k + 1]].sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    (start, values)
}

/// Dotted and bypass lines. A line to or from a hidden node is drawn to the collapsed box
/// that stands for it, once per pair of boxes and kind (carrying the first plan line it
/// draws); a line whose two ends fold into the same box, or whose end lies outside the
/// subtree drawn, is not drawn.
pub(super) fn extra_routes(
    chart: &OrgChart,
    index: &HashMap<&NodeId, usize>,
    boxes: &[NodeBox],
    shown_as: &[usize],
    buses: &[Bus],
    half_level: f32,
    v_gap: f32,
) -> Vec<Route> {
    if chart.lines.is_empty() || boxes.is_empty() {
        return Vec::new();
    }
    let rows = Rows::new(boxes, buses);
    let left_edge = boxes.iter().map(|b| b.x).fold(f32::INFINITY, f32::min);
    let right_edge = boxes
        .iter()
        .map(NodeBox::right)
        .fold(f32::NEG_INFINITY, f32::max);
    let first_row_y = boxes[0].y - boxes[0].row as f32 * half_level;
    // How many runs each band holds on each side, for their heights; runs of one kind
    // to one box share a height, so they join like the branches of a bus instead of
    // lying side by side.
    let mut band_use: HashMap<(i32, bool), usize> = HashMap::new();
    let mut shared: HashMap<(i32, usize, RouteKind), f32> = HashMap::new();
    let mut band_y = |band: i32, upper: bool, to: usize, kind: RouteKind| -> f32 {
        *shared.entry((band, to, kind)).or_insert_with(|| {
            let used = band_use.entry((band, upper)).or_insert(0);
            let slots = if upper { &UPPER_SLOTS } else { &LOWER_SLOTS };
            let slot = slots[*used % slots.len()];
            *used += 1;
            first_row_y + band as f32 * half_level - v_gap + slot * v_gap
        })
    };
    let (mut left_lanes, mut right_lanes) = (0usize, 0usize);
    let mut routes = Vec::new();
    let mut drawn: HashSet<(usize, usize, RouteKind)> = HashSet::new();
    for (line_index, line) in chart.lines.iter().enumerate() {
        let (Some(&from), Some(&to)) = (index.get(&line.from), index.get(&line.to)) else {
            continue;
        };
        let (from, to) = (shown_as[from], shown_as[to]);
        if from == to || from == usize::MAX || to == usize::MAX {
            continue;
        }
        let kind = RouteKind::from(line.kind);
        if !drawn.insert((from, to, kind)) {
            continue;
        }
        let (a, b) = (&boxes[from], &boxes[to]);
        // Ends sit a quarter of the box off centre, clear of the solid lines that meet
        // boxes in the middle.
        let (exit_x, entry_x) = (a.x + a.w * 0.75, b.x + b.w * 0.25);
        // Where a vertical from each box meets band `k`: its top edge for bands above it.
        let exit_edge = |k: i32| if k <= a.row { a.y } else { a.bottom() };
        let entry_edge = |k: i32| if k <= b.row { b.y } else { b.bottom() };
        let band_mid = |k: i32| first_row_y + k as f32 * half_level - v_gap / 2.0;
        let (a_up, a_down) = rows.reach(a.row, exit_x);
        let (b_up, b_down) = rows.reach(b.row, entry_x);
        // Bands inside the drawing: not above the top row or below the bottom one.
        let low = a_up.max(b_up).max(1);
        let high = a_down.min(b_down).min(rows.count() - 1);
        let mut best: Option<(f32, i32)> = None;
        for k in low..=high {
            let y = band_mid(k);
            let entry = (entry_edge(k) - y).abs();
            let cost = ALONG_BUS_COST * rows.along_buses(k, exit_x, entry_x)
                + (exit_edge(k) - y).abs()
                + 1.5 * entry;
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, k));
            }
        }
        let points = if let Some((_, k)) = best {
            let y = band_y(k, k <= b.row, to, kind);
            vec![
                (exit_x, exit_edge(k)),
                (exit_x, y),
                (entry_x, y),
                (entry_x, entry_edge(k)),
            ]
        } else {
            // Out to a channel beside the tree: from the band next to the reporter to the
            // band next to the receiver.
            let exit_band = if b.row <= a.row { a.row } else { a.row + 1 };
            let entry_band = if b.row < a.row { b.row + 1 } else { b.row };
            let middle = (exit_x + entry_x) / 2.0;
            let channel = if middle - left_edge <= right_edge - middle {
                left_lanes += 1;
                left_edge - left_lanes as f32 * LANE_GAP
            } else {
                right_lanes += 1;
                right_edge + right_lanes as f32 * LANE_GAP
            };
            let exit_y = band_y(exit_band, exit_band <= a.row, usize::MAX - from, kind);
            let entry_y = band_y(entry_band, entry_band <= b.row, to, kind);
            vec![
                (exit_x, exit_edge(exit_band)),
                (exit_x, exit_y),
                (channel, exit_y),
                (channel, entry_y),
                (entry_x, entry_y),
                (entry_x, entry_edge(entry_band)),
            ]
        };
        routes.push(Route {
            kind,
            from,
            to,
            points,
            line: Some(line_index),
        });
    }
    routes
}
