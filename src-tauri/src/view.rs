//! What the UI is sent: a plan flattened for drawing and editing, with its validation
//! diagnostics and its chart layout.
//!
//! These types exist for the boundary only; their TypeScript twins under
//! `ui/src/bindings/` are generated from them by ts-rs (`cargo test -p centerplan-app`
//! regenerates them, and `bindings_are_up_to_date` fails when the committed ones are stale).

use centerplan::chart::RouteKind;
use centerplan::model::{CenterType, Function, Lang, LineKind, NodeKind, Plan, Text};
use centerplan::validate::{Diagnostic, Severity, Subject};
use serde::Serialize;
use ts_rs::TS;

/// A center type for the start screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CenterTypeInfo {
    pub key: CenterType,
    pub name: Text,
    pub description: Text,
}

impl CenterTypeInfo {
    pub fn all() -> Vec<CenterTypeInfo> {
        CenterType::ALL
            .into_iter()
            .map(|t| CenterTypeInfo {
                key: t,
                name: t.name(),
                description: t.description(),
            })
            .collect()
    }
}

/// A function (the role a node plays in the center's design) for the inspector's picker.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FunctionInfo {
    pub key: Function,
    /// The canonical name as a picker lists it ("质检专员", "QA specialist", "Team leader").
    pub name: Text,
}

impl FunctionInfo {
    /// Every function, in the core's order ([`Function::TABLE`]).
    pub fn all() -> Vec<FunctionInfo> {
        Function::ALL
            .iter()
            .map(|&function| {
                let term = function.term();
                FunctionInfo {
                    key: function,
                    name: Text::new(term.zh, capitalized(&term.en)),
                }
            })
            .collect()
    }
}

/// The running-text term as a label: the first letter upper-cased ("team leader" →
/// "Team leader"; "QA specialist" stays).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    pub id: String,
    pub parent: Option<String>,
    pub kind: NodeKind,
    pub name: Text,
    /// The explicit rank in half levels, if set.
    pub rank: Option<i32>,
    /// The rank the chart uses (explicit or one level below the parent).
    pub effective_rank: i32,
    /// The level as people say it: "1", "2.5".
    pub level: String,
    pub planned: i32,
    pub filled: i32,
    /// The role the node plays in the center's design, if tagged.
    pub function: Option<Function>,
    pub collapsed: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct LineView {
    /// Position in the plan's list of extra lines; what `delete-line` takes.
    pub index: usize,
    pub from: String,
    pub to: String,
    pub kind: LineKind,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DiagnosticView {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    /// The chart nodes the diagnostic is about, for markers on the chart.
    pub nodes: Vec<String>,
    /// The function the diagnostic is about (a role the chart lacks); no node holds it.
    pub function: Option<Function>,
}

impl DiagnosticView {
    fn from_core(diagnostic: &Diagnostic) -> DiagnosticView {
        let nodes = match &diagnostic.subject {
            Subject::Node { id } => vec![id.to_string()],
            Subject::Line { from, to, .. } => vec![from.to_string(), to.to_string()],
            Subject::Role { role } | Subject::Cell { role, .. } => vec![role.to_string()],
            Subject::JobDescription { position } => vec![position.to_string()],
            // A function no node holds: listed, but there is no box to mark.
            Subject::Function { .. } => Vec::new(),
            _ => Vec::new(),
        };
        let function = match &diagnostic.subject {
            Subject::Function { function } => Some(*function),
            _ => None,
        };
        DiagnosticView {
            code: diagnostic.code.to_owned(),
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            nodes,
            function,
        }
    }
}

/// A circle of a box's drawing, in chart units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct CircleView {
    pub cx: f32,
    pub cy: f32,
    pub r: f32,
}

impl From<centerplan::chart::Circle> for CircleView {
    fn from(c: centerplan::chart::Circle) -> CircleView {
        CircleView {
            cx: c.cx,
            cy: c.cy,
            r: c.r,
        }
    }
}

/// The "+N" pill of a collapsed box.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PillView {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub text: String,
    pub baseline: f32,
}

/// A positioned box of the chart, in chart units (pixels at zoom 1), with where its
/// parts are drawn (the core's `NodeBox::parts`, as the SVG export draws them).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoxView {
    pub id: String,
    pub kind: NodeKind,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The wrapped name lines.
    pub label: Vec<String>,
    /// "filled/planned".
    pub headcount: String,
    pub vacant: bool,
    /// How many descendants a collapsed node hides.
    pub hidden: Option<u32>,
    /// The x the name and headcount are centred at.
    pub center_x: f32,
    /// Baselines of the name lines.
    pub label_baselines: Vec<f32>,
    pub headcount_baseline: f32,
    /// The vacancy ring, when seats are open.
    pub vacancy: Option<CircleView>,
    /// Where the error or warning marker goes.
    pub diagnostic: CircleView,
    /// The "+N" pill, when collapsed.
    pub collapsed: Option<PillView>,
}

/// A routed line: an orthogonal polyline between two boxes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RouteView {
    pub kind: RouteKind,
    pub from: String,
    pub to: String,
    pub points: Vec<[f32; 2]>,
    /// For dotted and bypass lines, the index of the plan's line it draws (the core's
    /// `Route::line`; for a line folded into a collapsed box, the first such line).
    pub line: Option<usize>,
}

/// The chart's colours, from the core (`centerplan::chart::PALETTE`), as CSS colours.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaletteView {
    pub unit_fill: String,
    pub unit_stroke: String,
    pub position_fill: String,
    pub position_stroke: String,
    pub assistant_fill: String,
    pub assistant_stroke: String,
    pub label: String,
    pub headcount: String,
    pub vacancy: String,
    pub solid: String,
    pub dotted: String,
    pub bypass: String,
}

impl From<centerplan::chart::Palette> for PaletteView {
    fn from(p: centerplan::chart::Palette) -> PaletteView {
        PaletteView {
            unit_fill: p.unit_fill.to_owned(),
            unit_stroke: p.unit_stroke.to_owned(),
            position_fill: p.position_fill.to_owned(),
            position_stroke: p.position_stroke.to_owned(),
            assistant_fill: p.assistant_fill.to_owned(),
            assistant_stroke: p.assistant_stroke.to_owned(),
            label: p.label.to_owned(),
            headcount: p.headcount.to_owned(),
            vacancy: p.vacancy.to_owned(),
            solid: p.solid.to_owned(),
            dotted: p.dotted.to_owned(),
            bypass: p.bypass.to_owned(),
        }
    }
}

/// The chart geometry from the core layout engine, the same as SVG and PDF use.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartView {
    pub width: f32,
    pub height: f32,
    pub half_level: f32,
    pub font_size: f32,
    pub small_font_size: f32,
    pub line_height: f32,
    /// Corner radius of the boxes, length of the arrowheads and stroke of the vacancy ring.
    pub corner_radius: f32,
    pub arrow_size: f32,
    pub vacancy_stroke: f32,
    pub palette: PaletteView,
    pub boxes: Vec<BoxView>,
    pub routes: Vec<RouteView>,
}

/// Everything the editor shows of the open plan.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub name: String,
    /// The center's English name; empty when none was given.
    pub name_en: String,
    pub center_type: CenterType,
    /// The document's path, or none for a plan never saved.
    pub path: Option<String>,
    /// The file name shown in the title ("未命名" handled by the UI when none).
    pub file_name: Option<String>,
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub nodes: Vec<NodeView>,
    pub lines: Vec<LineView>,
    pub diagnostics: Vec<DiagnosticView>,
    pub chart: ChartView,
    /// The node to select after the last edit (a new or moved node).
    pub select: Option<String>,
    /// The matrix, job descriptions and KPIs.
    pub docs: crate::docs::DocsView,
    /// The manual's chapters and the center's rules.
    pub manual: crate::chapters::ManualView,
}

/// The plan's nodes, lines and diagnostics as the UI sees them.
pub fn plan_parts(
    plan: &Plan,
    diagnostics: &[Diagnostic],
) -> (Vec<NodeView>, Vec<LineView>, Vec<DiagnosticView>) {
    let ranks = plan.chart.effective_ranks();
    let nodes = plan
        .chart
        .nodes
        .iter()
        .zip(&ranks)
        .map(|(node, rank)| NodeView {
            id: node.id.to_string(),
            parent: node.parent.as_ref().map(ToString::to_string),
            kind: node.kind,
            name: node.name.clone(),
            rank: node.rank.map(|r| r.0),
            effective_rank: rank.0,
            level: rank.level_label(),
            planned: node.headcount.planned,
            filled: node.headcount.filled,
            function: node.function,
            collapsed: node.collapsed,
        })
        .collect();
    let lines = plan
        .chart
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| LineView {
            index,
            from: line.from.to_string(),
            to: line.to.to_string(),
            kind: line.kind,
        })
        .collect();
    let diagnostics = diagnostics.iter().map(DiagnosticView::from_core).collect();
    (nodes, lines, diagnostics)
}

/// The language of the chart labels for a UI language code.
pub fn lang_of(code: &str) -> Lang {
    Lang::parse(code).unwrap_or_default()
}
