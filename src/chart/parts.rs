//! How a laid-out box is drawn: where its text, markers and collapse pill go, and the
//! colours of the chart.
//!
//! The SVG writer and the app's canvas both draw from these, so the window shows what
//! the exported SVG and the PDF show, and neither copies the other's numbers.

use super::layout::{ChartLayout, NodeBox, VACANCY_MARKER};
use crate::model::NodeKind;

/// The chart's colours (CSS colour strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub unit_fill: &'static str,
    pub unit_stroke: &'static str,
    pub position_fill: &'static str,
    pub position_stroke: &'static str,
    pub assistant_fill: &'static str,
    pub assistant_stroke: &'static str,
    /// Names.
    pub label: &'static str,
    /// The "filled/planned" line.
    pub headcount: &'static str,
    /// The vacancy ring and the headcount of a box with open seats: violet, apart from the
    /// red of errors and the orange of warnings.
    pub vacancy: &'static str,
    pub solid: &'static str,
    pub dotted: &'static str,
    /// The source draws bypass lines red.
    pub bypass: &'static str,
}

/// The colours every drawing of the chart uses.
pub const PALETTE: Palette = Palette {
    unit_fill: "#e8f0fb",
    unit_stroke: "#2f5d8a",
    position_fill: "#ffffff",
    position_stroke: "#5b6b7b",
    assistant_fill: "#f3f3f3",
    assistant_stroke: "#8a8a8a",
    label: "#1d2733",
    headcount: "#4a5663",
    vacancy: "#7b3fb5",
    solid: "#5b6b7b",
    dotted: "#2f6fb0",
    bypass: "#d62828",
};

impl Palette {
    /// Fill and stroke of a box of `kind`.
    pub fn box_colours(&self, kind: NodeKind) -> (&'static str, &'static str) {
        match kind {
            NodeKind::Unit => (self.unit_fill, self.unit_stroke),
            NodeKind::Position => (self.position_fill, self.position_stroke),
            NodeKind::Assistant => (self.assistant_fill, self.assistant_stroke),
        }
    }
}

/// The corner radius of a box.
pub const CORNER_RADIUS: f32 = 4.0;
/// Padding above the name block and below the headcount line.
const PAD_Y: f32 = 8.0;
/// Stroke width of the vacancy ring.
pub const VACANCY_STROKE: f32 = 1.8;

/// A circle, in chart units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub cx: f32,
    pub cy: f32,
    pub r: f32,
}

/// The "+N" pill on the bottom edge of a collapsed box.
#[derive(Debug, Clone, PartialEq)]
pub struct Pill {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub text: String,
    /// Baseline of `text`, centred at the box's centre x.
    pub baseline: f32,
}

/// Where the parts of one box go. Text is centred at `center_x`.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxParts {
    pub center_x: f32,
    /// Baselines of the name lines, in order.
    pub label_baselines: Vec<f32>,
    pub headcount_baseline: f32,
    /// The vacancy ring in the top right corner, when seats are open.
    pub vacancy: Option<Circle>,
    /// Where a host marks a box that has validation problems (top left corner).
    pub diagnostic: Circle,
    pub collapsed: Option<Pill>,
}

/// The text of a collapsed box's pill: the count it hides, and where it is drawn when a
/// printed page says so ("+12 → 第 3 页").
pub(crate) fn pill_text(hidden: usize, continued_on: Option<&str>) -> String {
    match continued_on {
        Some(reference) => format!("+{hidden} → {reference}"),
        None => format!("+{hidden}"),
    }
}

/// The width of a pill holding `text` at `size`: padding plus an upper estimate of the
/// text (digits and Latin letters about 0.6 em, CJK characters and the arrow 1 em), so
/// the pill never depends on which font draws it.
pub(crate) fn pill_width(text: &str, size: f32) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum();
    12.0 + ems * size
}

impl NodeBox {
    /// Where this box's parts are drawn in `chart`.
    pub fn parts(&self, chart: &ChartLayout) -> BoxParts {
        // The name block is centred in the box above the headcount line.
        let count_height = chart.small_font_size * 1.4;
        let label_area = self.h - 2.0 * PAD_Y - count_height;
        let block = self.label.len() as f32 * chart.line_height;
        let first_centre = self.y + PAD_Y + (label_area - block) / 2.0 + chart.line_height / 2.0;
        let label_baselines = (0..self.label.len())
            .map(|k| first_centre + k as f32 * chart.line_height + chart.font_size * 0.35)
            .collect();
        let headcount_baseline =
            self.y + self.h - PAD_Y - count_height / 2.0 + chart.small_font_size * 0.35;
        let vacancy = self.vacant.then(|| Circle {
            cx: self.right() - VACANCY_MARKER,
            cy: self.y + VACANCY_MARKER,
            r: (VACANCY_MARKER - VACANCY_STROKE) / 2.0,
        });
        let collapsed = self.hidden.map(|hidden| {
            let text = pill_text(hidden, self.continued_on.as_deref());
            let w = pill_width(&text, chart.small_font_size);
            let h = chart.small_font_size * 1.4;
            Pill {
                x: self.center_x() - w / 2.0,
                y: self.bottom() - h / 2.0,
                w,
                h,
                text,
                baseline: self.bottom() + chart.small_font_size * 0.35,
            }
        });
        BoxParts {
            center_x: self.center_x(),
            label_baselines,
            headcount_baseline,
            vacancy,
            diagnostic: Circle {
                cx: self.x + 2.0,
                cy: self.y + 2.0,
                r: 6.0,
            },
            collapsed,
        }
    }
}
