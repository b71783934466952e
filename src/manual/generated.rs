//! The content the engine writes from the plan: job descriptions, the responsibility
//! matrix, the KPI table, the career path, reporting lines and the org chart.
//!
//! Each builder returns Markdown in which every plan value has gone through
//! [`escape`], so a duty reading `**x** <b>` or `# 1` prints as typed.

use std::collections::HashMap;
use std::fmt::Write;

use crate::chart::{
    AreaChoice, ChartLayout, PageArea, PageOptions, Reference, RouteKind, SvgOptions, paginate,
    to_svg,
};
use crate::fonts::{FontMeasure, FontSet};
use crate::model::{Audience, LineKind, NodeId, NodeKind, Phase, Plan};
use crate::model::{Lang, Node};

use super::Edition;

/// The fenced-code info string that marks the org chart in the resolved Markdown. The
/// PDF replaces the block with the vector figure; Markdown and HTML readers see the
/// chart as an indented outline.
pub(crate) const ORG_CHART_INFO: &str = "org-chart";

/// A character of plan text as one line of a document shows it: line breaks and tabs
/// become spaces; NUL, ESC and the other controls, which a reader's terminal or editor
/// would act on, the replacement mark.
pub(crate) fn one_line(c: char) -> char {
    match c {
        '\n' | '\r' | '\t' => ' ',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

/// Escapes text for CommonMark so it reads back as the same literal text: inline
/// syntax characters get a backslash, line breaks become spaces (a value is one line),
/// other control characters become U+FFFD,
/// and a leading `-`, `+`, `=` or `1.` cannot start a list or heading underline.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut leading_digits = true;
    for (i, c) in text.chars().enumerate() {
        match c {
            c if c.is_control() => out.push(one_line(c)),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits && i > 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        leading_digits &= c.is_ascii_digit();
    }
    out
}

struct Words {
    role: &'static str,
    reports_to: &'static str,
    headcount: &'static str,
    duties: &'static str,
    lead: &'static str,
    separator: &'static str,
    kpi: &'static str,
    definition: &'static str,
    formula: &'static str,
    target: &'static str,
    meaning: &'static str,
    one_of: &'static str,
    colon: &'static str,
    bypass: &'static str,
    dotted: &'static str,
    consists_of: &'static str,
    list_separator: &'static str,
    /// Between names when one of them holds `list_separator` itself.
    list_separator_strong: &'static str,
    period: &'static str,
}

const ZH: Words = Words {
    role: "角色",
    reports_to: "汇报对象",
    headcount: "编制",
    duties: "主要职责",
    lead: "牵头",
    separator: "；",
    kpi: "指标",
    definition: "定义",
    formula: "计算方法",
    target: "目标",
    meaning: "含义",
    one_of: "以下方向任选其一：",
    colon: "：",
    bypass: "越级汇报",
    dotted: "虚线汇报（业务指导）",
    consists_of: "下设",
    list_separator: "、",
    list_separator_strong: "、",
    period: "。",
};

const EN: Words = Words {
    role: "Role",
    reports_to: "Reports to",
    headcount: "Headcount",
    duties: "Main duties",
    lead: "Lead",
    separator: "; ",
    kpi: "Indicator",
    definition: "Definition",
    formula: "How it is computed",
    target: "Target",
    meaning: "What it means",
    one_of: "One of these directions:",
    colon: ": ",
    bypass: "bypass reporting",
    dotted: "dotted-line reporting (functional guidance)",
    consists_of: "comprises",
    list_separator: ", ",
    list_separator_strong: "; ",
    period: ".",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn shows(audience: Audience, edition: Edition) -> bool {
    match audience {
        Audience::Both => true,
        Audience::Manager => edition == Edition::Manager,
        Audience::Csr => edition == Edition::Csr,
    }
}

/// Looks nodes up by id and names them in one language.
struct Names<'a> {
    nodes: HashMap<&'a NodeId, &'a Node>,
    lang: Lang,
}

impl<'a> Names<'a> {
    fn new(plan: &'a Plan, lang: Lang) -> Names<'a> {
        let mut nodes = HashMap::new();
        for node in &plan.chart.nodes {
            nodes.entry(&node.id).or_insert(node);
        }
        Names { nodes, lang }
    }

    fn node(&self, id: &NodeId) -> Option<&'a Node> {
        self.nodes.get(id).copied()
    }

    /// The node's name, or its id where the chart lacks it (validation reports that).
    fn name(&self, id: &NodeId) -> String {
        match self.node(id) {
            Some(node) => escape(node.name.get(self.lang)),
            None => escape(id.as_str()),
        }
    }
}

/// One `##` section per position that has a job description, in chart order.
pub(crate) fn job_descriptions(plan: &Plan, lang: Lang, edition: Edition) -> String {
    let w = words(lang);
    let names = Names::new(plan, lang);
    let mut out = String::new();
    for node in &plan.chart.nodes {
        let Some(jd) = plan
            .job_descriptions
            .iter()
            .find(|jd| jd.position == node.id)
        else {
            continue;
        };
        let _ = writeln!(out, "## {}\n", escape(node.name.get(lang)));
        let summary = jd.summary.get(lang);
        if !summary.is_empty() {
            let _ = writeln!(out, "{}\n", escape(summary));
        }
        if let Some(parent) = &node.parent {
            let _ = writeln!(
                out,
                "- **{}**{}{}",
                w.reports_to,
                w.colon,
                names.name(parent)
            );
        }
        if edition == Edition::Manager {
            let count = node.headcount;
            let headcount = match lang {
                Lang::Zh => format!("计划 {} 人，在岗 {} 人", count.planned, count.filled),
                Lang::En => format!("{} planned, {} filled", count.planned, count.filled),
            };
            let _ = writeln!(out, "- **{}**{}{}", w.headcount, w.colon, headcount);
        }
        let duties: Vec<_> = jd
            .duties
            .iter()
            .filter(|d| shows(d.audience, edition))
            .collect();
        if !duties.is_empty() {
            let _ = writeln!(out, "\n**{}**\n", w.duties);
            for (i, duty) in duties.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, escape(duty.text.get(lang)));
            }
        }
        out.push('\n');
    }
    out
}

/// The per-phase responsibility matrix as a table: one row per role, one column per
/// phase, each cell the lead mark, the RACI letter and the duties.
/// With `chart_roles_only` (the manual), a row whose role is not on the chart is left out
/// (validation reports it); the matrix export keeps every row, named by its id.
pub(crate) fn responsibility_matrix(plan: &Plan, lang: Lang, chart_roles_only: bool) -> String {
    let w = words(lang);
    let names = Names::new(plan, lang);
    let mut out = format!("| {} |", w.role);
    for phase in Phase::ALL {
        let _ = write!(out, " {} |", phase.name().get(lang));
    }
    out.push_str("\n|---|---|---|---|---|\n");
    let rows = plan.matrix.rows.iter();
    for row in rows.filter(|r| !chart_roles_only || names.node(&r.role).is_some()) {
        let _ = write!(out, "| **{}** |", names.name(&row.role));
        for phase in Phase::ALL {
            let cell = row.cell(phase);
            let mut parts = Vec::new();
            if cell.lead {
                parts.push(format!("**{}**", w.lead));
            }
            if let Some(raci) = cell.raci {
                parts.push(format!("({})", raci.letter()));
            }
            let duties: Vec<String> = cell
                .duties
                .iter()
                .map(|d| escape(d.get(lang).trim_end_matches(['。', '；', ';', '.'])))
                .collect();
            if !duties.is_empty() {
                parts.push(duties.join(w.separator));
            }
            let text = if parts.is_empty() {
                "—".to_owned()
            } else {
                parts.join(" ")
            };
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    out
}

/// The KPI table: definition, formula and target for managers; name and meaning for
/// agents.
pub(crate) fn kpi_table(plan: &Plan, lang: Lang, edition: Edition) -> String {
    let w = words(lang);
    let mut out = match edition {
        Edition::Manager => format!(
            "| {} | {} | {} | {} |\n|---|---|---|---|\n",
            w.kpi, w.definition, w.formula, w.target
        ),
        Edition::Csr => format!("| {} | {} |\n|---|---|\n", w.kpi, w.meaning),
    };
    for kpi in plan.kpis.iter().filter(|k| shows(k.audience, edition)) {
        let name = escape(kpi.name.get(lang));
        let definition = escape(kpi.definition.get(lang));
        match edition {
            Edition::Manager => {
                let formula = escape(kpi.formula.get(lang));
                let target = if kpi.target.is_empty() {
                    "—".to_owned()
                } else {
                    escape(&kpi.target)
                };
                let formula = if formula.is_empty() {
                    "—".to_owned()
                } else {
                    formula
                };
                let _ = writeln!(out, "| {name} | {definition} | {formula} | {target} |");
            }
            Edition::Csr => {
                let _ = writeln!(out, "| {name} | {definition} |");
            }
        }
    }
    out
}

/// The career path as an ordered list of stages; steps sharing a stage are listed as
/// alternatives under it.
pub(crate) fn career_path(plan: &Plan, lang: Lang) -> String {
    let w = words(lang);
    // A step tied to a position the chart no longer has is left out (validation reports it).
    let names = Names::new(plan, lang);
    let path: Vec<&crate::model::CareerStep> = plan
        .career_path
        .iter()
        .filter(|s| s.position.as_ref().is_none_or(|p| names.node(p).is_some()))
        .collect();
    let mut stages: Vec<u32> = path.iter().map(|s| s.stage).collect();
    stages.sort_unstable();
    stages.dedup();
    let mut out = String::new();
    for (i, stage) in stages.iter().enumerate() {
        let steps: Vec<_> = path.iter().filter(|s| s.stage == *stage).collect();
        let describe = |step: &crate::model::CareerStep| {
            let requirements = step.requirements.get(lang);
            if requirements.is_empty() {
                format!("**{}**", escape(step.title.get(lang)))
            } else {
                format!(
                    "**{}**{}{}",
                    escape(step.title.get(lang)),
                    w.colon,
                    escape(requirements)
                )
            }
        };
        if let [step] = steps.as_slice() {
            let _ = writeln!(out, "{}. {}", i + 1, describe(step));
        } else {
            let _ = writeln!(out, "{}. {}", i + 1, w.one_of);
            for step in steps {
                let _ = writeln!(out, "   - {}", describe(step));
            }
        }
    }
    out
}

/// Names in a sentence. A name may hold the separator itself (the English post
/// "Vice president, oversight"): then the stronger one (semicolons) keeps the names apart.
fn list(names: &[String], w: &Words) -> String {
    let plain = w.list_separator.trim();
    if names.iter().any(|n| n.contains(plain)) {
        names.join(w.list_separator_strong)
    } else {
        names.join(w.list_separator)
    }
}

/// The chart's reporting lines in words: who reports to whom and what each unit
/// comprises, then the extra (bypass and dotted) lines.
pub(crate) fn reporting_lines(plan: &Plan, lang: Lang) -> String {
    let w = words(lang);
    let names = Names::new(plan, lang);
    let tree = plan.chart.tree();
    let mut out = String::new();
    for (i, node) in plan.chart.nodes.iter().enumerate() {
        let children: Vec<String> = tree
            .declared_children(i)
            .map(|c| names.name(&plan.chart.nodes[c].id))
            .collect();
        if children.is_empty() {
            continue;
        }
        let name = names.name(&node.id);
        let sentence = match (&node.parent, lang) {
            (Some(parent), Lang::Zh) => format!(
                "{name}向{}汇报，{}{}",
                names.name(parent),
                w.consists_of,
                list(&children, w)
            ),
            (Some(parent), Lang::En) => format!(
                "{name} reports to {} and {} {}",
                names.name(parent),
                w.consists_of,
                list(&children, w)
            ),
            (None, _) => format!(
                "{name}{}{}",
                match lang {
                    Lang::Zh => "直接领导",
                    Lang::En => " directly leads ",
                },
                list(&children, w)
            ),
        };
        let _ = writeln!(out, "- {sentence}{}", w.period);
    }
    for line in &plan.chart.lines {
        let (from, to) = (names.name(&line.from), names.name(&line.to));
        let kind = match line.kind {
            LineKind::Bypass => w.bypass,
            LineKind::Dotted => w.dotted,
        };
        let sentence = match lang {
            Lang::Zh => format!("{from} → {to}：{kind}"),
            Lang::En => format!("{from} → {to}: {kind}"),
        };
        let _ = writeln!(out, "- {sentence}{}", w.period);
    }
    out
}

/// The org chart in the resolved Markdown: a fenced block holding the chart as an
/// indented outline (two spaces per level), marked with [`ORG_CHART_INFO`], and after a
/// blank line what the numbers in it are. The PDF draws the chart instead, with a legend
/// of its own ([`chart_legend`]).
pub(crate) fn org_chart_block(plan: &Plan, lang: Lang) -> String {
    let mut outline = org_chart_outline(plan, lang);
    outline.push_str(match lang {
        Lang::Zh => "\n（括号中的数字是计划编制人数）\n",
        Lang::En => "\n(the number in brackets is the planned headcount)\n",
    });
    // The fence must be longer than any backtick run inside, or a name could close it.
    let longest = outline.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{ORG_CHART_INFO}\n{outline}{fence}\n")
}

fn org_chart_outline(plan: &Plan, lang: Lang) -> String {
    let chart = &plan.chart;
    let tree = chart.tree();
    let mut out = String::new();
    // The forest's pre-order: every node once, a reporting cycle from where it was cut.
    for i in tree.pre_order() {
        let node = &chart.nodes[i];
        let name: String = node.name.get(lang).chars().map(one_line).collect();
        let indent = "  ".repeat(tree.depth(i).min(40));
        // Units show no count of their own: their people are the positions below.
        match node.headcount.planned {
            0 => writeln!(out, "{indent}{name}"),
            planned => writeln!(out, "{indent}{name} ({planned})"),
        }
        .unwrap_or_default();
    }
    out
}

/// What a drawing of the chart shows, so its legend explains exactly that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    pub units: bool,
    pub positions: bool,
    pub assistants: bool,
    /// The "filled/planned" line of each box (manager edition only).
    pub headcount: bool,
    /// The ring of a box with open seats (manager edition only).
    pub vacancy: bool,
    /// A "+N → 图 k" pill: a box whose reports are drawn in a figure of their own.
    pub collapsed: bool,
    /// A bare "+N" pill: a box whose reports are not drawn at all, the chart needing more
    /// figures (or pages) than a document takes.
    pub undrawn: bool,
    pub solid: bool,
    pub dotted: bool,
    pub bypass: bool,
}

impl Marks {
    pub(crate) fn of(laid: &ChartLayout) -> Marks {
        let kind = |kind: NodeKind| laid.boxes.iter().any(|b| b.kind == kind);
        let route = |kind: RouteKind| laid.routes.iter().any(|r| r.kind == kind);
        Marks {
            units: kind(NodeKind::Unit),
            positions: kind(NodeKind::Position),
            assistants: kind(NodeKind::Assistant),
            headcount: laid.boxes.iter().any(|b| !b.headcount.is_empty()),
            vacancy: laid.boxes.iter().any(|b| b.vacant),
            collapsed: laid
                .boxes
                .iter()
                .any(|b| b.hidden.is_some() && b.continued_on.is_some()),
            undrawn: laid
                .boxes
                .iter()
                .any(|b| b.hidden.is_some() && b.continued_on.is_none()),
            solid: route(RouteKind::Solid),
            dotted: route(RouteKind::Dotted),
            bypass: route(RouteKind::Bypass),
        }
    }

    pub(crate) fn union(self, other: Marks) -> Marks {
        Marks {
            units: self.units || other.units,
            positions: self.positions || other.positions,
            assistants: self.assistants || other.assistants,
            headcount: self.headcount || other.headcount,
            vacancy: self.vacancy || other.vacancy,
            collapsed: self.collapsed || other.collapsed,
            undrawn: self.undrawn || other.undrawn,
            solid: self.solid || other.solid,
            dotted: self.dotted || other.dotted,
            bypass: self.bypass || other.bypass,
        }
    }
}

/// The legend under the chart: one sentence naming each mark the figures show, and
/// nothing they do not. The CSR edition's chart has no headcount or vacancy marks, and
/// its legend describes the extra lines without the managers' terms for them.
pub(crate) fn chart_legend(marks: Marks, lang: Lang, edition: Edition) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let zh = lang == Lang::Zh;
    let mut boxes = Vec::new();
    if marks.units {
        boxes.push(if zh {
            "蓝底方框是部门"
        } else {
            "a blue box is a unit"
        });
    }
    if marks.positions {
        boxes.push(if zh {
            "白底方框是岗位"
        } else {
            "a white box is a position"
        });
    }
    if marks.assistants {
        boxes.push(if zh {
            "灰底方框是助理岗位"
        } else {
            "a grey box is an assistant post"
        });
    }
    let boxes = boxes.join(if zh { "，" } else { ", " });
    if !boxes.is_empty() {
        parts.push(&boxes);
    }
    if marks.headcount {
        // The printed chart gives each unit its whole department (`subtree_totals`).
        parts.push(match (zh, marks.units) {
            (true, true) => "方框下行的“x/y”是在岗人数/计划编制人数，部门方框中为整个部门的合计，“缺 n”是部门内的空缺数",
            (true, false) => "方框下行的“x/y”是在岗人数/计划编制人数",
            (false, true) => "\"x/y\" under a name is the people in post / the planned headcount, in a unit's box the whole unit's, with \"n open\" its open posts",
            (false, false) => "\"x/y\" under a name is the people in post / the planned headcount",
        });
    }
    if marks.vacancy {
        parts.push(if zh {
            "右上角的紫色圆圈表示有空缺（在岗人数少于编制），该方框的“x/y”也印成紫色"
        } else {
            "a purple ring in the top right corner marks open seats (fewer in post than planned), and the box's \"x/y\" is purple too"
        });
    }
    if marks.collapsed {
        parts.push(if zh {
            "方框下缘的“+N → 图 k”表示它下面还有 N 个部门和岗位，画在以它为顶端的图 k 中"
        } else {
            "\"+N → fig. k\" on a box's lower edge means N more units and positions below it, drawn in figure k, which starts from that box"
        });
    }
    let undrawn;
    if marks.undrawn {
        undrawn = if zh {
            format!(
                "只有“+N”而没有图号的方框下面还有 N 个部门和岗位，本手册未画出：组织架构图超过了 {MAX_FIGURES} 幅图的上限"
            )
        } else {
            format!(
                "a box with \"+N\" and no figure number has N more units and positions below it that this manual does not draw: the chart exceeds the limit of {MAX_FIGURES} figures"
            )
        };
        parts.push(&undrawn);
    }
    if marks.solid {
        parts.push(if zh {
            "实线是直接汇报关系"
        } else {
            "a solid line is a direct reporting line"
        });
    }
    let lines;
    match edition {
        Edition::Manager => {
            if marks.dotted {
                parts.push(if zh {
                    "蓝色虚线箭头是虚线汇报（业务指导），指向汇报对象"
                } else {
                    "a dashed blue arrow is dotted-line reporting (functional guidance), pointing to the post reported to"
                });
            }
            if marks.bypass {
                parts.push(if zh {
                    "红色箭头是越级汇报，指向汇报对象"
                } else {
                    "a red arrow is bypass reporting, pointing to the post reported to"
                });
            }
        }
        Edition::Csr => {
            let which = match (marks.dotted, marks.bypass, zh) {
                (true, true, true) => "蓝色虚线箭头和红色箭头",
                (true, false, true) => "蓝色虚线箭头",
                (false, true, true) => "红色箭头",
                (true, true, false) => "the dashed blue arrows and the red arrows",
                (true, false, false) => "the dashed blue arrows",
                (false, true, false) => "the red arrows",
                (false, false, _) => "",
            };
            if !which.is_empty() {
                lines = if zh {
                    format!("{which}连接的是在直线之外配合工作的管理岗位，不改变你的汇报对象")
                } else {
                    format!(
                        "{which} link managers who work together outside the solid lines; they do not change whom you report to"
                    )
                };
                parts.push(&lines);
            }
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    if zh {
        format!("图例：{}。", parts.join("；"))
    } else {
        format!("Key: {}.", parts.join("; "))
    }
}

/// One org chart drawing for the PDF: an SVG document and the width to print it at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub svg: String,
    /// Printed width in points, chosen so the drawing fits the page's text area.
    pub width_pt: f32,
    /// The drawing's own width and height (the SVG's units), for drawing it to pixels.
    pub size: (f32, f32),
    /// Printed turned a quarter, on a page of its own: a chart too wide for the page
    /// upright but readable across its length.
    pub turned: bool,
    pub marks: Marks,
    /// "图 2　运营三部（接图 1 中的同名方框）": set when the chart takes several figures.
    pub caption: Option<String>,
}

/// The manual's org chart: its figures, in order, and the legend printed under them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ChartFigures {
    pub figures: Vec<Figure>,
    pub legend: String,
}

/// The A4 text area an upright figure must fit (page minus margins, a heading and the
/// caption line).
const UPRIGHT: (f32, f32) = (466.0, 585.0);
/// The text area of a page turned a quarter (its height across, its width down), less
/// the float's clearance and the caption line.
const TURNED: (f32, f32) = (660.0, 446.0);
/// Labels are laid out at 14 px; below this scale they print under 7 pt and a chart is
/// split by subtree instead of shrunk further.
const FIGURE_MIN_SCALE: f32 = 0.5;
/// Small charts are not blown up beyond this scale (14 px → 10.5 pt).
const FIGURE_MAX_SCALE: f32 = 0.75;
/// A bound on the figures a chart may take, however large it is: the 2,000 positions of
/// `make perf` take 95. A box past it keeps a bare "+N", which the legend explains.
pub(crate) const MAX_FIGURES: usize = 300;

/// The org chart as vector figures from the shared layout and pagination (the same
/// geometry and split as the app and `centerplan chart`): the whole chart upright when it
/// fits the page at 7 pt labels or more, else turned on a page of its own when it fits
/// that way. A chart too large for either is split by subtree ([`paginate`]): an overview
/// with the big subtrees collapsed, each collapsed box naming the figure it continues in
/// ("+12 → 图 3"), then one figure per subtree, captioned with where it hangs. The CSR
/// edition's boxes carry no headcount or vacancy marks. Empty if the fonts cannot measure
/// text: the PDF then prints the outline of [`org_chart_block`].
pub(crate) fn org_chart_figures(
    plan: &Plan,
    lang: Lang,
    edition: Edition,
    fonts: &FontSet,
) -> ChartFigures {
    let Ok(measure) = FontMeasure::new(fonts) else {
        return ChartFigures::default();
    };
    let svg_options = SvgOptions {
        font_family: fonts.family.clone(),
    };
    let options = PageOptions {
        lang,
        root: None,
        // A unit's box gives its whole department's headcount and open posts: the printed
        // chart is where a director reads the center's headcount.
        subtree_totals: true,
        areas: vec![
            PageArea {
                width: UPRIGHT.0,
                height: UPRIGHT.1,
            },
            PageArea {
                width: TURNED.0,
                height: TURNED.1,
            },
        ],
        choice: AreaChoice::First,
        min_scale: FIGURE_MIN_SCALE,
        max_scale: FIGURE_MAX_SCALE,
        max_pages: MAX_FIGURES,
        reference: Reference::Figure,
    };
    let Ok(pages) = paginate(&plan.chart, &options, &measure) else {
        return ChartFigures::default();
    };
    let several = pages.len() > 1;
    let figures: Vec<Figure> = pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut laid = page.layout;
            if edition == Edition::Csr {
                // An agent's chart shows who is where, not how many seats are open.
                for node in &mut laid.boxes {
                    node.headcount.clear();
                    node.vacant = false;
                }
            }
            let caption = several.then(|| {
                let name = page
                    .root
                    .map(|r| plan.chart.nodes[r].name.get(lang).trim().to_owned());
                match (name, page.from, lang) {
                    (Some(name), Some(from), Lang::Zh) => {
                        format!("图 {}　{name}（接图 {} 中的同名方框）", i + 1, from + 1)
                    }
                    (Some(name), Some(from), Lang::En) => format!(
                        "Figure {}. {name} (continues the box of that name in figure {})",
                        i + 1,
                        from + 1
                    ),
                    (_, _, Lang::Zh) => format!("图 {}　组织架构总览", i + 1),
                    (_, _, Lang::En) => format!("Figure {}. Overview of the organization", i + 1),
                }
            });
            Figure {
                width_pt: laid.width * page.scale,
                size: (laid.width, laid.height),
                svg: to_svg(&laid, &svg_options),
                turned: page.area == 1,
                marks: Marks::of(&laid),
                caption,
            }
        })
        .collect();
    let marks = figures
        .iter()
        .fold(Marks::default(), |all, f| all.union(f.marks));
    let legend = if figures.is_empty() {
        String::new()
    } else {
        chart_legend(marks, lang, edition)
    };
    ChartFigures { figures, legend }
}

/// The lines of a form to write on, as the forms appendix draws them (`blank`): wide
/// enough for a name, a date, a signature.
const NAME_BLANK: &str = "＿＿＿＿＿＿";
const DATE_BLANK: &str = "＿＿＿＿＿";
const SIGN_BLANK: &str = "＿＿＿＿＿＿＿＿";

/// The distribution record's signature table: one numbered line per person the edition is
/// for ([`crate::control::readers`]), the post filled in, at most
/// [`crate::control::MAX_RECORD_LINES`] lines (a note says to copy the page past that).
pub(crate) fn distribution_record(plan: &Plan, lang: Lang, edition: Edition) -> String {
    let (number, name, post, date, signature) = match lang {
        Lang::Zh => ("序号", "姓名", "岗位", "签收日期", "签名"),
        Lang::En => ("No.", "Name", "Post", "Date received", "Signature"),
    };
    let mut out =
        format!("| {number} | {name} | {post} | {date} | {signature} |\n|---|---|---|---|---|\n");
    let readers = crate::control::readers(plan, edition, lang);
    let total: u64 = readers.iter().map(|(_, n)| n).sum();
    let mut line = 0u64;
    'posts: for (post, count) in &readers {
        let post = escape(post);
        for _ in 0..*count {
            if line == crate::control::MAX_RECORD_LINES {
                break 'posts;
            }
            line += 1;
            let _ = writeln!(
                out,
                "| {line} | {NAME_BLANK} | {post} | {DATE_BLANK} | {SIGN_BLANK} |"
            );
        }
    }
    // No position for this edition on the chart: blank lines to fill in by hand.
    while line < 10 && total == 0 {
        line += 1;
        let _ = writeln!(
            out,
            "| {line} | {NAME_BLANK} | {NAME_BLANK} | {DATE_BLANK} | {SIGN_BLANK} |"
        );
    }
    if total > crate::control::MAX_RECORD_LINES {
        let _ = match lang {
            Lang::Zh => write!(
                out,
                "\n本表列出前 {} 行；本版适用 {total} 人，请复印本页续签。\n",
                crate::control::MAX_RECORD_LINES
            ),
            Lang::En => write!(
                out,
                "\nThis table has the first {} lines; the edition is for {total} people: copy this page for the rest.\n",
                crate::control::MAX_RECORD_LINES
            ),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(escape(input), expected);
    }

    /// The hybrid chart's English post names "Vice president, oversight" and "Vice
    /// president, operations" ran together with the list's commas into one list of four.
    #[test]
    fn english_reporting_lines_keep_names_with_commas_apart() {
        let plan = crate::templates::template(crate::model::CenterType::Hybrid, "x");
        let en = reporting_lines(&plan, Lang::En);
        assert!(
            en.contains(
                "directly leads Assistant to the general manager; Vice president, oversight; Vice president, operations."
            ),
            "{en}"
        );
        // A list without a comma in any name keeps commas, and Chinese keeps 、.
        assert!(
            en.contains(
                "Operations analysis manager, Quality management team, HR and administration team."
            ),
            "{en}"
        );
        let zh = reporting_lines(&plan, Lang::Zh);
        assert!(zh.contains("、") && !zh.contains("; "), "{zh}");
    }

    #[test]
    fn the_chart_legend_names_only_the_marks_drawn() {
        #[track_caller]
        fn check(marks: Marks, lang: Lang, edition: Edition, expected: &str) {
            assert_eq!(chart_legend(marks, lang, edition), expected);
        }
        let plain = Marks {
            positions: true,
            solid: true,
            ..Marks::default()
        };
        check(
            plain,
            Lang::Zh,
            Edition::Manager,
            "图例：白底方框是岗位；实线是直接汇报关系。",
        );
        let all = Marks {
            units: true,
            positions: true,
            assistants: true,
            headcount: true,
            vacancy: true,
            collapsed: true,
            undrawn: false,
            solid: true,
            dotted: true,
            bypass: true,
        };
        check(
            all,
            Lang::En,
            Edition::Manager,
            "Key: a blue box is a unit, a white box is a position, a grey box is an assistant post; \
             \"x/y\" under a name is the people in post / the planned headcount, in a unit's box \
             the whole unit's, with \"n open\" its open posts; a purple ring in \
             the top right corner marks open seats (fewer in post than planned), and the box's \
             \"x/y\" is purple too; \"+N → fig. k\" on a box's lower edge means N more units and \
             positions below it, drawn in figure k, which starts from that box; a solid line is a \
             direct reporting line; a dashed blue arrow is dotted-line reporting (functional \
             guidance), pointing to the post reported to; a red arrow is bypass reporting, \
             pointing to the post reported to.",
        );
        // An agent's chart has no headcount marks, and its extra lines are told without
        // the managers' terms.
        let csr = Marks {
            headcount: false,
            vacancy: false,
            ..all
        };
        check(
            csr,
            Lang::Zh,
            Edition::Csr,
            "图例：蓝底方框是部门，白底方框是岗位，灰底方框是助理岗位；方框下缘的“+N → 图 k”表示它下面还有 N 个部门和岗位，画在以它为顶端的图 k 中；实线是直接汇报关系；蓝色虚线箭头和红色箭头连接的是在直线之外配合工作的管理岗位，不改变你的汇报对象。",
        );
        check(Marks::default(), Lang::En, Edition::Csr, "");
    }

    #[test]
    fn escaping_keeps_text_literal_and_readable() {
        check("中心 A", "中心 A");
        check("**bold** <b>", "\\*\\*bold\\*\\* \\<b\\>");
        check("# 1", "\\# 1");
        check("- item", "\\- item");
        check("a - b", "a - b");
        check("1. first", "1\\. first");
        check("v1.2", "v1.2");
        check("a\nb", "a b");
        check("$x$ 85/30", "$x$ 85/30");
        check("a|b", "a\\|b");
    }

    #[test]
    fn a_box_left_without_a_figure_is_explained_by_the_legend() {
        let marks = Marks {
            positions: true,
            undrawn: true,
            ..Marks::default()
        };
        assert_eq!(
            chart_legend(marks, Lang::Zh, Edition::Csr),
            format!(
                "图例：白底方框是岗位；只有“+N”而没有图号的方框下面还有 N 个部门和岗位，本手册未画出：组织架构图超过了 {MAX_FIGURES} 幅图的上限。"
            )
        );
        assert!(
            chart_legend(marks, Lang::En, Edition::Manager)
                .contains("a box with \"+N\" and no figure number")
        );
    }

    /// On the 2,000 positions of `make perf`, the manual stopped at 40 figures and left
    /// 13 unit boxes with a bare "+104" pointing at no figure.
    #[test]
    fn a_large_chart_leaves_no_collapsed_box_without_its_figure() {
        let dirs = crate::fonts::font_dirs(
            std::env::var_os("CENTERPLAN_FONT_DIR").map(std::path::PathBuf::from),
        );
        let fonts = crate::fonts::load_noto_cjk(&dirs)
            .expect("fonts readable")
            .expect("Noto Sans CJK is not installed: run scripts/setup-debian.sh");
        // 1 + 12 departments × (1 + 6 teams × (1 + 26 posts)) = 2,017 boxes.
        let mut plan = crate::templates::template(crate::model::CenterType::Outsourced, "x");
        let mut chart = crate::model::OrgChart::default();
        let text = |s: &str| crate::model::Text::new(s, s);
        chart.nodes.push(crate::model::Node::new(
            "top",
            None,
            crate::model::NodeKind::Position,
            text("中心总经理"),
        ));
        for d in 0..12 {
            let dept = format!("d{d}");
            chart.nodes.push(crate::model::Node::new(
                &dept,
                Some("top"),
                crate::model::NodeKind::Unit,
                text(&format!("运营{d}部")),
            ));
            for t in 0..6 {
                let team = format!("{dept}t{t}");
                chart.nodes.push(crate::model::Node::new(
                    &team,
                    Some(&dept),
                    crate::model::NodeKind::Unit,
                    text(&format!("运营{d}部{t}组")),
                ));
                for p in 0..26 {
                    chart.nodes.push(crate::model::Node::new(
                        &format!("{team}p{p}"),
                        Some(&team),
                        crate::model::NodeKind::Position,
                        text(&format!("客户服务代表{p}")),
                    ));
                }
            }
        }
        plan.chart = chart;
        let figures = org_chart_figures(&plan, Lang::Zh, Edition::Manager, &fonts);
        assert!(figures.figures.len() > 40, "{}", figures.figures.len());
        for (k, figure) in figures.figures.iter().enumerate() {
            assert!(!figure.marks.undrawn, "figure {} has a bare count", k + 1);
        }
        assert!(!figures.legend.contains("没有图号"), "{}", figures.legend);
    }
}
