//! A plan as plain text: the chart as an indented outline with levels and extra lines,
//! then the responsibility matrix. What `centerplan show` prints, and a readable form for
//! reviewing templates and diffs.

use std::collections::HashMap;
use std::fmt::Write;

use crate::model::{Lang, LineKind, NodeKind, Phase, Plan};
use crate::tree::ChartTree;

struct Words {
    chart: &'static str,
    nodes: &'static str,
    lines: &'static str,
    matrix: &'static str,
    roles: &'static str,
    phases: &'static str,
    lead: &'static str,
    nothing: &'static str,
    raised: &'static str,
    vacant: &'static str,
    assistant: &'static str,
    unit: &'static str,
    dotted: &'static str,
    bypass: &'static str,
    skips: &'static str,
    missing: &'static str,
}

const ZH: Words = Words {
    chart: "组织架构",
    nodes: "个节点",
    lines: "附加汇报线",
    matrix: "项目职责矩阵",
    roles: "个角色",
    phases: "个阶段",
    lead: "牵头",
    nothing: "—",
    raised: "▲ 比同级高半级",
    vacant: "空缺",
    assistant: "助理",
    unit: "部门",
    dotted: "虚线",
    bypass: "越级",
    skips: "越过",
    missing: "（不存在）",
};

const EN: Words = Words {
    chart: "Org chart",
    nodes: "nodes",
    lines: "Extra reporting lines",
    matrix: "Responsibility matrix",
    roles: "roles",
    phases: "phases",
    lead: "lead",
    nothing: "—",
    raised: "▲ half a level above its peers",
    vacant: "vacant",
    assistant: "assistant",
    unit: "unit",
    dotted: "dotted",
    bypass: "bypass",
    skips: "skips",
    missing: "(missing)",
};

/// Deeper nodes are indented as much as nodes at this depth, behind a `…` mark.
const MAX_INDENT_DEPTH: usize = 40;

/// Renders the plan as an outline in `lang`.
pub fn render(plan: &Plan, lang: Lang) -> String {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let mut out = String::new();
    let chart = &plan.chart;
    let _ = writeln!(
        out,
        "{} · {}",
        plan.center_name(lang),
        plan.center_type.name().get(lang)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} ({} {})",
        words.chart,
        chart.nodes.len(),
        words.nodes
    );

    let index = chart.index();
    let tree = ChartTree::with_index(chart, &index);
    let ranks = tree.ranks();
    // How many non-assistant reports of each node sit at each rank, so that "raised"
    // is decided per node without rescanning its siblings (a root with 20,000 direct
    // reports would otherwise take 400 million steps).
    let mut peer_ranks: Vec<HashMap<i32, usize>> = vec![HashMap::new(); chart.nodes.len()];
    for (i, node) in chart.nodes.iter().enumerate() {
        if let Some(p) = tree.declared_parent(i)
            && node.kind != NodeKind::Assistant
        {
            *peer_ranks[p].entry(ranks[i].0).or_default() += 1;
        }
    }
    // Depth-first over the forest with an explicit stack (deep charts must not overflow);
    // a reporting cycle is listed from the node where the tree cut it, as it is drawn.
    let mut stack: Vec<usize> = tree.roots().collect();
    stack.reverse();
    while let Some(i) = stack.pop() {
        let depth = tree.depth(i);
        let node = &chart.nodes[i];
        // Indentation stops growing at a fixed depth: a chart 10,000 levels deep would
        // otherwise print 100 MB of spaces. The level label still tells the depth.
        let indent = "  ".repeat(depth.min(MAX_INDENT_DEPTH));
        let mut line = format!("  {:<6}{indent}", ranks[i].to_string());
        if depth > MAX_INDENT_DEPTH {
            line.push_str("… ");
        }
        if node.kind == NodeKind::Assistant {
            let _ = write!(line, "· {}: ", words.assistant);
        }
        let _ = write!(line, "{} [{}]", node.name.get(lang), node.id);
        if node.kind == NodeKind::Unit {
            let _ = write!(line, " {}", words.unit);
        }
        let headcount = node.headcount;
        if headcount.planned != 0 || headcount.filled != 0 {
            let _ = write!(line, "  {}/{}", headcount.filled, headcount.planned);
            if headcount.vacancies() > 0 {
                let _ = write!(line, " ({} {})", words.vacant, headcount.vacancies());
            }
        }
        // Raised: every peer (non-assistant sibling) sits exactly one step lower.
        let raised = tree.declared_parent(i).is_some_and(|p| {
            let counts = &peer_ranks[p];
            let own = usize::from(node.kind != NodeKind::Assistant);
            let peers = counts.values().sum::<usize>() - own;
            let one_lower = counts.get(&(ranks[i].0 + 1)).copied().unwrap_or(0);
            peers > 0 && one_lower == peers
        });
        if raised {
            let _ = write!(line, "  {}", words.raised);
        }
        let _ = writeln!(out, "{line}");
        // Assistants first (drawn beside the manager), then the other children in order.
        let (assistants, others): (Vec<usize>, Vec<usize>) = tree
            .children(i)
            .partition(|&c| chart.nodes[c].kind == NodeKind::Assistant);
        stack.extend(others.iter().rev().chain(assistants.iter().rev()));
    }

    if !chart.lines.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", words.lines);
        for line in &chart.lines {
            let name = |id| match index.get(id) {
                Some(&i) => format!("{} [{}]", chart.nodes[i].name.get(lang), id),
                None => format!("{id} {}", words.missing),
            };
            let kind = match line.kind {
                LineKind::Dotted => words.dotted,
                LineKind::Bypass => words.bypass,
            };
            let mut text = format!("  {kind:<8}{} → {}", name(&line.from), name(&line.to));
            if let (Some(&from), Some(&to)) = (index.get(&line.from), index.get(&line.to)) {
                let skipped = tree
                    .steps_up(from, to)
                    .map(|s| s.saturating_sub(1))
                    .unwrap_or(0);
                if line.kind == LineKind::Bypass && skipped > 0 {
                    let _ = write!(text, "  ({} {skipped})", words.skips);
                }
            }
            let _ = writeln!(out, "{text}");
        }
    }

    let matrix = &plan.matrix;
    if !matrix.rows.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} ({} {} × {} {})",
            words.matrix,
            matrix.rows.len(),
            words.roles,
            Phase::ALL.len(),
            words.phases
        );
        for phase in Phase::ALL {
            let _ = writeln!(out, "  {}", phase.name().get(lang));
            for row in &matrix.rows {
                let cell = row.cell(phase);
                let role = match index.get(&row.role) {
                    Some(&i) => chart.nodes[i].name.get(lang).to_owned(),
                    None => format!("{} {}", row.role, words.missing),
                };
                let mut head = format!("    {role}");
                let mut marks = Vec::new();
                if cell.lead {
                    marks.push(words.lead.to_owned());
                }
                if let Some(raci) = cell.raci {
                    marks.push(raci.letter().to_string());
                }
                if !marks.is_empty() {
                    let _ = write!(head, " [{}]", marks.join(", "));
                }
                if cell.duties.is_empty() {
                    let _ = writeln!(out, "{head}: {}", words.nothing);
                    continue;
                }
                let _ = writeln!(out, "{head}:");
                for (n, duty) in cell.duties.iter().enumerate() {
                    let _ = writeln!(out, "      {}. {}", n + 1, duty.get(lang));
                }
            }
        }
    }
    out
}
