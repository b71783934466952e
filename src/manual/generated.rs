//! The content the engine writes from the plan: job descriptions, the responsibility
//! matrix, the KPI table, the career path, reporting lines and the org chart.
//!
//! Each builder returns Markdown in which every plan value has gone through
//! [`escape`], so a duty reading `**x** <b>` or `# 1` prints as typed.

use std::collections::HashMap;
use std::fmt::Write;

use crate::chart::{ChartLayout, LayoutOptions, SvgOptions, layout, to_svg};
use crate::fonts::{FontMeasure, FontSet};
use crate::model::{Audience, LineKind, NodeId, NodeKind, OrgChart, Phase, Plan};
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

/// The chart's reporting lines in words: who reports to whom and what each unit
/// comprises, then the extra (bypass and dotted) lines.
pub(crate) fn reporting_lines(plan: &Plan, lang: Lang) -> String {
    let w = words(lang);
    let names = Names::new(plan, lang);
    let mut out = String::new();
    for node in &plan.chart.nodes {
        let children: Vec<String> = plan
            .chart
            .nodes
            .iter()
            .filter(|c| c.parent.as_ref() == Some(&node.id))
            .map(|c| names.name(&c.id))
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
                children.join(w.list_separator)
            ),
            (Some(parent), Lang::En) => format!(
                "{name} reports to {} and {} {}",
                names.name(parent),
                w.consists_of,
                children.join(w.list_separator)
            ),
            (None, _) => format!(
                "{name}{}{}",
                match lang {
                    Lang::Zh => "直接领导",
                    Lang::En => " directly leads ",
                },
                children.join(w.list_separator)
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
/// indented outline (two spaces per level), marked with [`ORG_CHART_INFO`].
pub(crate) fn org_chart_block(plan: &Plan, lang: Lang) -> String {
    let outline = org_chart_outline(plan, lang);
    // The fence must be longer than any backtick run inside, or a name could close it.
    let longest = outline.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{ORG_CHART_INFO}\n{outline}{fence}\n")
}

fn org_chart_outline(plan: &Plan, lang: Lang) -> String {
    let chart = &plan.chart;
    let index = chart.index();
    let mut children: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, node) in chart.nodes.iter().enumerate() {
        let parent = node.parent.as_ref().and_then(|p| index.get(p)).copied();
        children.entry(parent).or_default().push(i);
    }
    let mut out = String::new();
    let mut visited = vec![false; chart.nodes.len()];
    // Depth-first with an explicit stack: a chart thousands deep must not overflow.
    let mut stack: Vec<(usize, usize)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|&r| (r, 0)).collect())
        .unwrap_or_default();
    let emit = |stack: &mut Vec<(usize, usize)>, visited: &mut Vec<bool>, out: &mut String| {
        while let Some((i, depth)) = stack.pop() {
            if std::mem::replace(&mut visited[i], true) {
                continue;
            }
            let node = &chart.nodes[i];
            let name: String = node.name.get(lang).chars().map(one_line).collect();
            let indent = "  ".repeat(depth.min(40));
            // Units show no count of their own: their people are the positions below.
            match node.headcount.planned {
                0 => writeln!(out, "{indent}{name}"),
                planned => writeln!(out, "{indent}{name} ({planned})"),
            }
            .unwrap_or_default();
            if let Some(kids) = children.get(&Some(i)) {
                stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
            }
        }
    };
    emit(&mut stack, &mut visited, &mut out);
    // Nodes on a cycle have no root above them; list them too rather than drop them.
    for i in 0..chart.nodes.len() {
        if !visited[i] {
            stack.push((i, 0));
            emit(&mut stack, &mut visited, &mut out);
        }
    }
    out
}

/// One org chart drawing for the PDF: an SVG document and the width to print it at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub svg: String,
    /// Printed width in points, chosen so the drawing fits the page's text area.
    pub width_pt: f32,
}

/// The A4 text area the manual's figures must fit (page minus margins and a heading).
const FIGURE_MAX_WIDTH_PT: f32 = 466.0;
const FIGURE_MAX_HEIGHT_PT: f32 = 600.0;
/// Labels are laid out at 14 px; below this scale they print under 7 pt and a chart is
/// split by subtree instead of shrunk further.
const FIGURE_MIN_SCALE: f32 = 0.5;
/// Small charts are not blown up beyond this scale (14 px → 10.5 pt).
const FIGURE_MAX_SCALE: f32 = 0.75;
/// A bound on the pages a chart may take, however wide it is.
const MAX_FIGURES: usize = 40;

/// The org chart as vector figures from the shared layout (the same geometry as the
/// app and `centerplan chart`). A chart too large for one page at a readable size is
/// split by subtree: first an overview with the large subtrees collapsed (each showing
/// its "+N" count), then one figure per subtree, itself split again while too large.
/// Empty if the fonts cannot measure text: the PDF then prints the outline of
/// [`org_chart_block`].
pub(crate) fn org_chart_figures(plan: &Plan, lang: Lang, fonts: &FontSet) -> Vec<Figure> {
    let Ok(measure) = FontMeasure::new(fonts) else {
        return Vec::new();
    };
    let svg_options = SvgOptions {
        font_family: fonts.family.clone(),
    };
    let draw = |chart: &OrgChart, root: Option<NodeId>| -> Option<(ChartLayout, f32)> {
        // Try the wide form first and the compact one (leaf teams stacked) if it is too wide.
        let mut best = None;
        for compact in [false, true] {
            let options = LayoutOptions {
                lang,
                compact,
                root: root.clone(),
                ..LayoutOptions::default()
            };
            let laid = layout(chart, &options, &measure).ok()?;
            let scale = (FIGURE_MAX_WIDTH_PT / laid.width)
                .min(FIGURE_MAX_HEIGHT_PT / laid.height)
                .min(FIGURE_MAX_SCALE);
            let better = best
                .as_ref()
                .is_none_or(|(_, best_scale): &(ChartLayout, f32)| scale > *best_scale);
            if better {
                best = Some((laid, scale));
            }
            if scale >= FIGURE_MIN_SCALE {
                break;
            }
        }
        best
    };
    let figure = |(laid, scale): (ChartLayout, f32)| Figure {
        width_pt: laid.width * scale,
        svg: to_svg(&laid, &svg_options),
    };

    let chart = &plan.chart;
    let index = chart.index();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, node) in chart.nodes.iter().enumerate() {
        if let Some(&parent) = node.parent.as_ref().and_then(|p| index.get(p)) {
            children.entry(parent).or_default().push(i);
        }
    }
    let has_reports = |i: usize| {
        children.get(&i).is_some_and(|kids| {
            kids.iter()
                .any(|&k| chart.nodes[k].kind != NodeKind::Assistant)
        })
    };

    let mut figures = Vec::new();
    // Subtrees still to draw: None is the whole chart.
    let mut pending: Vec<Option<usize>> = vec![None];
    while let Some(subtree) = pending.pop() {
        if figures.len() >= MAX_FIGURES {
            break;
        }
        let root_id = subtree.map(|i| chart.nodes[i].id.clone());
        let Some((laid, scale)) = draw(chart, root_id.clone()) else {
            continue;
        };
        let splittable: Vec<usize> = match subtree {
            Some(i) => children.get(&i).cloned().unwrap_or_default(),
            None => chart
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.parent.is_none())
                .flat_map(|(i, _)| children.get(&i).cloned().unwrap_or_default())
                .collect(),
        }
        .into_iter()
        .filter(|&k| has_reports(k) && !chart.nodes[k].collapsed)
        .collect();
        if scale >= FIGURE_MIN_SCALE || splittable.is_empty() {
            figures.push(figure((laid, scale)));
            continue;
        }
        // Too large: an overview with the next level collapsed, then each of its subtrees.
        let mut overview = chart.clone();
        for &k in &splittable {
            overview.nodes[k].collapsed = true;
        }
        if let Some(drawn) = draw(&overview, root_id) {
            figures.push(figure(drawn));
        }
        pending.extend(splittable.into_iter().rev().map(Some));
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(escape(input), expected);
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
}
