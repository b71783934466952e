//! Validation: what is wrong with a plan, as a list of diagnostics.
//!
//! A plan that fails validation still loads, saves and renders; the diagnostics tell the
//! user what to fix and point at the node, line or matrix cell at fault. Each diagnostic
//! has a stable `code` (tests, the UI and scripts match on it, never on the message) and a
//! message in both languages. Every walk over the chart is iterative, so a chart 10,000
//! levels deep is checked without overflowing the stack.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::{
    CenterType, Function, Lang, LineKind, Node, NodeId, NodeKind, Phase, Plan, Text,
};
use crate::tree::ChartTree;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// What a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Subject {
    /// The plan as a whole.
    Plan,
    Node {
        id: NodeId,
    },
    /// An extra reporting line, by its position in `chart.lines`.
    Line {
        index: usize,
        from: NodeId,
        to: NodeId,
    },
    /// A whole matrix row (role).
    Role {
        role: NodeId,
    },
    /// One phase column of the matrix.
    Phase {
        phase: Phase,
    },
    /// One matrix cell.
    Cell {
        role: NodeId,
        phase: Phase,
    },
    JobDescription {
        position: NodeId,
    },
    Kpi {
        id: String,
    },
    CareerStep {
        index: usize,
    },
    /// A function of the center's design that the chart lacks.
    Function {
        function: Function,
    },
    /// A chapter of the plan's manual, the language of its text at fault and the line.
    Chapter {
        id: String,
        lang: Option<Lang>,
        line: Option<usize>,
    },
    /// One of the center's rules, by its key (`complaint.l4.resolve`, or `shift.2` for the
    /// second shift, `shifts` for the table).
    Rule {
        key: String,
    },
    /// A field of the document-control record (`approved.date`, `revisions[2].date`,
    /// `version`).
    Control {
        field: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, e.g. `chart.cycle`.
    pub code: &'static str,
    pub message: Text,
    pub subject: Subject,
}

/// Every diagnostic code, so documentation and tests can list them.
pub const CODES: &[&str] = &[
    "chart.empty",
    "chart.no-root",
    "chart.multiple-roots",
    "chart.duplicate-id",
    "chart.unknown-parent",
    "chart.cycle",
    "chart.rank-not-below-parent",
    "chart.negative-headcount",
    "chart.overfilled",
    "chart.span-of-control",
    "chart.duplicate-sibling-name",
    "chart.oversight-not-raised",
    "chart.hybrid-oversight-vp-missing",
    "chart.hybrid-oversight-vp-not-above",
    "line.unknown-endpoint",
    "line.self",
    "line.duplicate",
    "line.bypass-not-skipping",
    "matrix.empty",
    "matrix.unknown-role",
    "matrix.duplicate-role",
    "matrix.no-lead",
    "matrix.multiple-leads",
    "matrix.idle-role",
    "job.unknown-position",
    "kpi.duplicate-id",
    "career.unknown-position",
    "manual.role-unassigned",
    "manual.unknown-role",
    "manual.unknown-kpi",
    "manual.unknown-position",
    "manual.unknown-reference",
    "manual.audience-block",
    "manual.builtin-changed",
    "manual.unknown-chapter",
    "rules.no-shifts",
    "rules.duplicate-shift",
    "rules.shift-too-long",
    "rules.breaks-exceed-shift",
    "rules.shift-outside-hours",
    "rules.service-hours",
    "rules.deadline-order",
    "rules.level-order",
    "control.signoff-order",
    "control.effective-before-approval",
    "control.revision-order",
    "control.version-not-in-history",
];

/// Checks `plan` and returns its diagnostics, errors first, each group in plan order.
pub fn validate(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let tree = Tree::new(plan);
    check_structure(plan, &tree, &mut out);
    check_nodes(plan, &tree, &mut out);
    check_oversight(plan, &tree, &mut out);
    check_lines(plan, &tree, &mut out);
    check_matrix(plan, &tree, &mut out);
    check_references(plan, &tree, &mut out);
    check_manual(plan, &tree, &mut out);
    check_chapters(plan, &mut out);
    check_rules(&plan.rules, &mut out);
    check_control(&plan.control, &mut out);
    // Stable sort: errors before warnings, otherwise the order the checks found them.
    out.sort_by_key(|d| d.severity);
    out
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// The chart's nodes by id and its solid-line tree, resolved once for all checks.
struct Tree<'a> {
    nodes: &'a [Node],
    index: HashMap<&'a NodeId, usize>,
    /// Cycles and missing parents cut; the rank rules skip nodes on or below a cycle,
    /// whose ranks mean nothing.
    forest: ChartTree,
}

impl<'a> Tree<'a> {
    fn new(plan: &'a Plan) -> Tree<'a> {
        let index = plan.chart.index();
        let forest = ChartTree::with_index(&plan.chart, &index);
        Tree {
            nodes: &plan.chart.nodes,
            index,
            forest,
        }
    }

    fn label(&self, i: usize, lang: Lang) -> String {
        let node = &self.nodes[i];
        format!("{} ({})", node.name.get(lang), node.id)
    }

    fn label_text(&self, i: usize) -> (String, String) {
        (self.label(i, Lang::Zh), self.label(i, Lang::En))
    }
}

fn push(
    out: &mut Vec<Diagnostic>,
    severity: Severity,
    code: &'static str,
    subject: Subject,
    zh: String,
    en: String,
) {
    debug_assert!(CODES.contains(&code), "undocumented diagnostic code {code}");
    out.push(Diagnostic {
        severity,
        code,
        message: Text { zh, en },
        subject,
    });
}

fn node_subject(tree: &Tree, i: usize) -> Subject {
    Subject::Node {
        id: tree.nodes[i].id.clone(),
    }
}

fn check_structure(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    if plan.chart.nodes.is_empty() {
        push(
            out,
            Severity::Error,
            "chart.empty",
            Subject::Plan,
            "组织架构图中没有任何节点".into(),
            "the org chart has no nodes".into(),
        );
        return;
    }
    let mut seen = HashSet::new();
    for (i, node) in tree.nodes.iter().enumerate() {
        if !seen.insert(&node.id) {
            push(
                out,
                Severity::Error,
                "chart.duplicate-id",
                node_subject(tree, i),
                format!("节点编号“{}”重复出现", node.id),
                format!("node id `{}` is used more than once", node.id),
            );
        }
        if let Some(parent) = &node.parent
            && !tree.index.contains_key(parent)
        {
            let (zh, en) = tree.label_text(i);
            push(
                out,
                Severity::Error,
                "chart.unknown-parent",
                node_subject(tree, i),
                format!("{zh} 的上级“{parent}”不存在"),
                format!("{en} reports to `{parent}`, which does not exist"),
            );
        }
    }
    let roots: Vec<usize> = (0..tree.nodes.len())
        .filter(|&i| tree.nodes[i].parent.is_none())
        .collect();
    match roots.len() {
        0 => push(
            out,
            Severity::Error,
            "chart.no-root",
            Subject::Plan,
            "组织架构图没有最高节点：每个节点都有上级".into(),
            "the org chart has no root: every node reports to another".into(),
        ),
        1 => {}
        _ => {
            for &i in &roots[1..] {
                let (zh, en) = tree.label_text(i);
                let (root_zh, root_en) = tree.label_text(roots[0]);
                push(
                    out,
                    Severity::Error,
                    "chart.multiple-roots",
                    node_subject(tree, i),
                    format!("{zh} 没有上级，但组织架构图只能有一个最高节点（已有 {root_zh}）"),
                    format!(
                        "{en} has no parent, but the chart can have only one root ({root_en} is the root)"
                    ),
                );
            }
        }
    }
    for i in 0..tree.nodes.len() {
        if tree.forest.on_cycle(i) {
            let (zh, en) = tree.label_text(i);
            push(
                out,
                Severity::Error,
                "chart.cycle",
                node_subject(tree, i),
                format!("{zh} 处在汇报关系的循环中（最终向自己汇报）"),
                format!("{en} is on a reporting cycle (it ends up reporting to itself)"),
            );
        }
    }
}

fn check_nodes(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    let limit = plan.settings.span_of_control_limit as usize;
    for (i, node) in tree.nodes.iter().enumerate() {
        let (zh, en) = tree.label_text(i);
        if let Some(p) = tree.forest.declared_parent(i)
            && !tree.forest.under_cycle(i)
            && tree.forest.rank(i) <= tree.forest.rank(p)
        {
            let (pzh, pen) = tree.label_text(p);
            push(
                out,
                Severity::Error,
                "chart.rank-not-below-parent",
                node_subject(tree, i),
                format!(
                    "{zh} 的层级 {} 不低于其上级 {pzh} 的层级 {}",
                    tree.forest.rank(i),
                    tree.forest.rank(p)
                ),
                format!(
                    "{en} at level {} is not below its parent {pen} at level {}",
                    tree.forest.rank(i),
                    tree.forest.rank(p)
                ),
            );
        }
        let headcount = node.headcount;
        if headcount.planned < 0 || headcount.filled < 0 {
            push(
                out,
                Severity::Error,
                "chart.negative-headcount",
                node_subject(tree, i),
                format!(
                    "{zh} 的编制人数为负数（在岗 {} / 编制 {}）",
                    headcount.filled, headcount.planned
                ),
                format!(
                    "{en} has a negative headcount (filled {} / planned {})",
                    headcount.filled, headcount.planned
                ),
            );
        } else if headcount.filled > headcount.planned {
            push(
                out,
                Severity::Warning,
                "chart.overfilled",
                node_subject(tree, i),
                format!(
                    "{zh} 在岗 {} 人，超出编制 {} 人",
                    headcount.filled, headcount.planned
                ),
                format!(
                    "{en} has {} people filled against {} planned",
                    headcount.filled, headcount.planned
                ),
            );
        }
        let reports: Vec<usize> = tree
            .forest
            .declared_children(i)
            .filter(|&c| tree.nodes[c].kind != NodeKind::Assistant)
            .collect();
        if limit > 0 && reports.len() > limit {
            push(
                out,
                Severity::Warning,
                "chart.span-of-control",
                node_subject(tree, i),
                format!(
                    "{zh} 有 {} 个直接下属，超过管理幅度上限 {limit}",
                    reports.len()
                ),
                format!(
                    "{en} has {} direct reports, more than the span-of-control limit of {limit}",
                    reports.len()
                ),
            );
        }
        let mut names: HashMap<(&str, &str), usize> = HashMap::new();
        for c in tree.forest.declared_children(i) {
            let name = &tree.nodes[c].name;
            if name.is_empty() {
                continue;
            }
            if let Some(&first) = names.get(&(name.zh.as_str(), name.en.as_str())) {
                let (czh, cen) = tree.label_text(c);
                let (fzh, fen) = tree.label_text(first);
                push(
                    out,
                    Severity::Warning,
                    "chart.duplicate-sibling-name",
                    node_subject(tree, c),
                    format!("{czh} 与同级的 {fzh} 同名"),
                    format!("{cen} has the same name as its sibling {fen}"),
                );
            } else {
                names.insert((name.zh.as_str(), name.en.as_str()), c);
            }
        }
    }
}

/// The domain's first principle: the oversight unit sits at least half a level above its
/// peers; in a hybrid center the oversight VP ranks above the operations VP.
fn check_oversight(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    for (i, node) in tree.nodes.iter().enumerate() {
        if !node.function.is_some_and(Function::is_oversight_head) || tree.forest.under_cycle(i) {
            continue;
        }
        let Some(p) = tree.forest.declared_parent(i) else {
            continue;
        };
        let not_raised = tree.forest.declared_children(p).filter(|&s| {
            s != i
                && tree.nodes[s].kind != NodeKind::Assistant
                && tree.forest.rank(s) <= tree.forest.rank(i)
        });
        for peer in not_raised {
            let (zh, en) = tree.label_text(i);
            let (pzh, pen) = tree.label_text(peer);
            push(
                out,
                Severity::Warning,
                "chart.oversight-not-raised",
                node_subject(tree, i),
                format!(
                    "{zh} 应至少比同级的 {pzh} 高半级：监管部门的报告是高层和客户了解中心运营的主要途径，即使同级也应高出半级"
                ),
                format!(
                    "{en} should sit at least half a level above its peer {pen}: executives and clients understand the center through the oversight unit's reports, so even at the same level it ranks half a level higher"
                ),
            );
        }
    }
    if plan.center_type != CenterType::Hybrid {
        return;
    }
    let find = |function| tree.nodes.iter().position(|n| n.function == Some(function));
    match (find(Function::OversightVp), find(Function::OperationsVp)) {
        (None, _) => push(
            out,
            Severity::Warning,
            "chart.hybrid-oversight-vp-missing",
            Subject::Plan,
            "综合型中心应设主管监管部的副总经理，负责跨部门协调与监管".into(),
            "a hybrid center should have a VP in charge of oversight, who coordinates and oversees the units".into(),
        ),
        (Some(vp), Some(ops))
            if !tree.forest.under_cycle(vp)
                && !tree.forest.under_cycle(ops)
                && tree.forest.rank(vp) >= tree.forest.rank(ops) =>
        {
            let (zh, en) = tree.label_text(vp);
            let (ozh, oen) = tree.label_text(ops);
            push(
                out,
                Severity::Error,
                "chart.hybrid-oversight-vp-not-above",
                node_subject(tree, vp),
                format!("综合型中心中，{zh} 的层级必须高于 {ozh}"),
                format!("in a hybrid center {en} must rank above {oen}"),
            );
        }
        _ => {}
    }
}

fn check_lines(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (index, line) in plan.chart.lines.iter().enumerate() {
        let subject = || Subject::Line {
            index,
            from: line.from.clone(),
            to: line.to.clone(),
        };
        let kind_zh = match line.kind {
            LineKind::Dotted => "虚线汇报线",
            LineKind::Bypass => "越级汇报线",
        };
        let (from, to) = match (tree.index.get(&line.from), tree.index.get(&line.to)) {
            (Some(&from), Some(&to)) => (from, to),
            (from, _) => {
                let missing = if from.is_none() { &line.from } else { &line.to };
                push(
                    out,
                    Severity::Error,
                    "line.unknown-endpoint",
                    subject(),
                    format!(
                        "{kind_zh} {} → {} 的端点“{missing}”不存在",
                        line.from, line.to
                    ),
                    format!(
                        "the {} line {} → {} ends at `{missing}`, which does not exist",
                        line.kind.key(),
                        line.from,
                        line.to
                    ),
                );
                continue;
            }
        };
        if from == to {
            push(
                out,
                Severity::Error,
                "line.self",
                subject(),
                format!("{kind_zh}从 {} 连向自身", tree.label(from, Lang::Zh)),
                format!(
                    "the {} line from {} points to itself",
                    line.kind.key(),
                    tree.label(from, Lang::En)
                ),
            );
            continue;
        }
        if !seen.insert((&line.from, &line.to, line.kind)) {
            push(
                out,
                Severity::Warning,
                "line.duplicate",
                subject(),
                format!("{kind_zh} {} → {} 重复", line.from, line.to),
                format!(
                    "the {} line {} → {} is drawn twice",
                    line.kind.key(),
                    line.from,
                    line.to
                ),
            );
        }
        if line.kind == LineKind::Bypass
            && tree.forest.steps_up(from, to).is_none_or(|steps| steps < 2)
        {
            let (fzh, fen) = tree.label_text(from);
            let (tzh, ten) = tree.label_text(to);
            push(
                out,
                Severity::Error,
                "line.bypass-not-skipping",
                subject(),
                format!("越级汇报线 {fzh} → {tzh} 必须越过至少一级：目标应是其间接上级"),
                format!(
                    "the bypass line {fen} → {ten} must skip at least one level: its target must be an indirect superior"
                ),
            );
        }
    }
}

fn check_matrix(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    let matrix = &plan.matrix;
    if matrix.rows.is_empty() {
        push(
            out,
            Severity::Warning,
            "matrix.empty",
            Subject::Plan,
            "职责矩阵为空：尚未规定各角色在项目各阶段的职责".into(),
            "the responsibility matrix is empty: no role has duties in any project phase yet"
                .into(),
        );
        return;
    }
    let role_label = |role: &NodeId, lang: Lang| match tree.index.get(role) {
        Some(&i) => tree.label(i, lang),
        None => format!("`{role}`"),
    };
    let mut seen = HashSet::new();
    for row in &matrix.rows {
        let subject = || Subject::Role {
            role: row.role.clone(),
        };
        if !tree.index.contains_key(&row.role) {
            push(
                out,
                Severity::Error,
                "matrix.unknown-role",
                subject(),
                format!("职责矩阵中的角色“{}”不在组织架构图中", row.role),
                format!("matrix role `{}` is not in the org chart", row.role),
            );
        }
        if !seen.insert(&row.role) {
            push(
                out,
                Severity::Warning,
                "matrix.duplicate-role",
                subject(),
                format!(
                    "角色 {} 在职责矩阵中出现不止一次",
                    role_label(&row.role, Lang::Zh)
                ),
                format!(
                    "role {} appears more than once in the matrix",
                    role_label(&row.role, Lang::En)
                ),
            );
        }
        if row.cells.iter().all(|c| c.duties.is_empty()) {
            push(
                out,
                Severity::Warning,
                "matrix.idle-role",
                subject(),
                format!(
                    "角色 {} 在任何阶段都没有职责",
                    role_label(&row.role, Lang::Zh)
                ),
                format!(
                    "role {} has no duty in any phase",
                    role_label(&row.role, Lang::En)
                ),
            );
        }
    }
    for phase in Phase::ALL {
        let leads: Vec<&NodeId> = matrix.leads(phase).collect();
        let name = phase.name();
        match leads.len() {
            0 => push(
                out,
                Severity::Error,
                "matrix.no-lead",
                Subject::Phase { phase },
                format!("“{}”阶段没有指定牵头角色", name.zh),
                format!("the {} phase has no lead role", name.en.to_lowercase()),
            ),
            1 => {}
            _ => {
                let zh: Vec<String> = leads.iter().map(|r| role_label(r, Lang::Zh)).collect();
                let en: Vec<String> = leads.iter().map(|r| role_label(r, Lang::En)).collect();
                for role in &leads[1..] {
                    push(
                        out,
                        Severity::Error,
                        "matrix.multiple-leads",
                        Subject::Cell {
                            role: (*role).clone(),
                            phase,
                        },
                        format!(
                            "“{}”阶段只能有一个牵头角色，现有：{}",
                            name.zh,
                            zh.join("、")
                        ),
                        format!(
                            "the {} phase must have exactly one lead, it has: {}",
                            name.en.to_lowercase(),
                            en.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

fn check_references(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    for job in &plan.job_descriptions {
        if !tree.index.contains_key(&job.position) {
            push(
                out,
                Severity::Error,
                "job.unknown-position",
                Subject::JobDescription {
                    position: job.position.clone(),
                },
                format!(
                    "岗位说明书所属岗位“{}”不在组织架构图中，手册不印这份说明书",
                    job.position
                ),
                format!(
                    "job description for `{}`: no such position in the org chart, so the manual leaves it out",
                    job.position
                ),
            );
        }
    }
    let mut kpi_ids = HashSet::new();
    for kpi in &plan.kpis {
        if !kpi_ids.insert(kpi.id.as_str()) {
            push(
                out,
                Severity::Error,
                "kpi.duplicate-id",
                Subject::Kpi { id: kpi.id.clone() },
                format!("KPI 编号“{}”重复", kpi.id),
                format!("KPI id `{}` is used more than once", kpi.id),
            );
        }
    }
    for (index, step) in plan.career_path.iter().enumerate() {
        if let Some(position) = &step.position
            && !tree.index.contains_key(position)
        {
            push(
                out,
                Severity::Error,
                "career.unknown-position",
                Subject::CareerStep { index },
                format!(
                    "职业发展路径第 {} 步“{}”对应的岗位“{position}”不在组织架构图中，手册不印这一步",
                    index + 1,
                    step.title.zh
                ),
                format!(
                    "career step {} ({}) refers to `{position}`, which is not in the org chart, so the manual leaves it out",
                    index + 1,
                    step.title.en
                ),
            );
        }
    }
}

/// What the manual's chapters lean on: roles the center's design has but nobody on this
/// chart holds (their duties in the manual fall to nobody), and KPIs or positions a chapter
/// names that the plan lacks. The export never fails for these; it prints what it can and
/// these warnings say so first.
fn check_manual(plan: &Plan, tree: &Tree, out: &mut Vec<Diagnostic>) {
    use crate::manual::roles::{ReferenceKind, builtin_leaned_on};

    let held: HashSet<Function> = plan.chart.nodes.iter().filter_map(|n| n.function).collect();
    let expected = crate::templates::expected_functions(plan.center_type);
    let kpi_ids: HashSet<&str> = plan.kpis.iter().map(|k| k.id.as_str()).collect();
    let has_kpi = |id: &str| {
        kpi_ids.contains(id)
            || crate::manual::KPI_ALIASES
                .iter()
                .any(|(contract, data)| *contract == id && kpi_ids.contains(data))
    };
    for reference in builtin_leaned_on() {
        let key = reference.key.as_str();
        let (zh_list, en_list) = (&reference.zh_chapters, &reference.en_chapters);
        match reference.kind {
            ReferenceKind::Role => match Function::from_key(key) {
                Some(function) if expected.contains(&function) && !held.contains(&function) => {
                    let term = function.term();
                    push(
                        out,
                        Severity::Warning,
                        "manual.role-unassigned",
                        Subject::Function { function },
                        format!(
                            "组织架构图中没有岗位承担“{}”职能：手册{}中由它负责的事项现在无人负责（在检查器中为承担这些工作的岗位设置职能）",
                            term.zh, zh_list
                        ),
                        format!(
                            "no position on the chart has the function \"{}\": what the manual's chapters {} give it to do now falls to nobody (set the function of the position that does it in the inspector)",
                            term.en, en_list
                        ),
                    );
                }
                Some(_) => {}
                None => push(
                    out,
                    Severity::Warning,
                    "manual.unknown-role",
                    Subject::Plan,
                    format!("手册{zh_list}提到未知职能“{key}”"),
                    format!("the manual's chapters {en_list} name an unknown function \"{key}\""),
                ),
            },
            ReferenceKind::Kpi if !has_kpi(key) => {
                let builtin = crate::templates::builtin_kpis().iter().any(|k| k.id == key);
                let (zh_then, en_then) = if builtin {
                    (
                        "，手册按内置定义印出",
                        ", so the manual prints its built-in definition",
                    )
                } else {
                    ("，手册只印出其编号", ", so the manual prints only its id")
                };
                push(
                    out,
                    Severity::Warning,
                    "manual.unknown-kpi",
                    Subject::Kpi { id: key.to_owned() },
                    format!("手册{zh_list}引用的指标“{key}”不在计划的 KPI 表中{zh_then}"),
                    format!(
                        "the manual's chapters {en_list} refer to the KPI \"{key}\", which the plan's KPI list lacks{en_then}"
                    ),
                );
            }
            ReferenceKind::Position if !tree.index.contains_key(&NodeId::new(key)) => push(
                out,
                Severity::Warning,
                "manual.unknown-position",
                Subject::Node {
                    id: NodeId::new(key),
                },
                format!("手册{zh_list}引用的岗位“{key}”不在组织架构图中，手册只印出其编号"),
                format!(
                    "the manual's chapters {en_list} refer to the position \"{key}\", which is not on the chart, so the manual prints only its id"
                ),
            ),
            ReferenceKind::Kpi | ReferenceKind::Position => {}
        }
    }
}

/// The plan's own chapters: references to what the plan lacks, audience block mistakes,
/// built-in texts changed since the user's text was edited from them, and built-in ids this
/// build does not ship. Each names the chapter by its title, the language and the line.
fn check_chapters(plan: &Plan, out: &mut Vec<Diagnostic>) {
    use crate::manual::{ChapterProblemKind, TextProblem};

    for problem in crate::manual::chapter_problems(plan) {
        let (zh_title, en_title) = (&problem.title.zh, &problem.title.en);
        let (zh_where, en_where) = match problem.lang {
            Some(Lang::Zh) => (
                format!("“{zh_title}”（中文）"),
                format!("\"{en_title}\" (Chinese text)"),
            ),
            Some(Lang::En) => (
                format!("“{zh_title}”（英文）"),
                format!("\"{en_title}\" (English text)"),
            ),
            None => (format!("“{zh_title}”"), format!("\"{en_title}\"")),
        };
        let line = match &problem.kind {
            ChapterProblemKind::Text(text) => Some(text.line()),
            _ => None,
        };
        let (code, zh, en) = match &problem.kind {
            ChapterProblemKind::Text(TextProblem::UnknownReference { line, reference }) => (
                "manual.unknown-reference",
                format!(
                    "手册章节{zh_where}第 {line} 行的引用 {reference} 指向方案中没有的内容，按原样印出"
                ),
                format!(
                    "the manual chapter {en_where}, line {line}: {reference} refers to something the plan does not have, so it prints as typed"
                ),
            ),
            ChapterProblemKind::Text(TextProblem::UnclosedBlock { line }) => (
                "manual.audience-block",
                format!(
                    "手册章节{zh_where}第 {line} 行开始的版本块没有用 “:::” 结束，一直延续到章末"
                ),
                format!(
                    "the manual chapter {en_where}, line {line}: the edition block is never closed with \":::\", so it runs to the chapter's end"
                ),
            ),
            ChapterProblemKind::Text(TextProblem::NestedBlock { line }) => (
                "manual.audience-block",
                format!("手册章节{zh_where}第 {line} 行：版本块不能嵌套，此行被忽略"),
                format!(
                    "the manual chapter {en_where}, line {line}: an edition block cannot open inside another, so the line is ignored"
                ),
            ),
            ChapterProblemKind::Text(TextProblem::UnknownAudience { line, word }) => (
                "manual.audience-block",
                format!(
                    "手册章节{zh_where}第 {line} 行：“{word}”不是版本（应为 manager 或 csr），此块在两个版本中都印出"
                ),
                format!(
                    "the manual chapter {en_where}, line {line}: \"{word}\" is not an edition (manager or csr), so the block prints in both"
                ),
            ),
            ChapterProblemKind::Text(TextProblem::StrayClose { line }) => (
                "manual.audience-block",
                format!("手册章节{zh_where}第 {line} 行的 “:::” 没有对应的版本块开头，此行被忽略"),
                format!(
                    "the manual chapter {en_where}, line {line}: \":::\" closes no edition block, so the line is ignored"
                ),
            ),
            ChapterProblemKind::BuiltinChanged => (
                "manual.builtin-changed",
                format!(
                    "手册章节{zh_where}的内置正文在您修改之后有了新版本：请比较后选择保留您的文字或采用新正文"
                ),
                format!(
                    "the manual chapter {en_where} has a new built-in text since yours was edited from it: compare them, then keep yours or take the new text"
                ),
            ),
            ChapterProblemKind::UnknownChapter => (
                "manual.unknown-chapter",
                format!(
                    "手册章节{zh_where}（{}）不是本版 Centerplan 的内置章节：有修改的文字照印，否则略过",
                    problem.id
                ),
                format!(
                    "the manual chapter {en_where} ({}) is not built into this version of Centerplan: its edited text prints, otherwise it is left out",
                    problem.id
                ),
            ),
        };
        push(
            out,
            Severity::Warning,
            code,
            Subject::Chapter {
                id: problem.id.clone(),
                lang: problem.lang,
                line,
            },
            zh,
            en,
        );
    }
}

/// The center's rules, checked for what a reviewer would catch: an empty or ambiguous
/// shift table, shifts the rest rule or their own breaks make impossible, shifts outside
/// the service hours, and deadlines in the wrong order.
/// What a reviewer of a controlled document would catch: sign-offs or the effective date
/// out of order, a revision history going back in time, a version the history lacks.
fn check_control(control: &crate::control::DocumentControl, out: &mut Vec<Diagnostic>) {
    use crate::control::SignoffRole;
    let field = |field: String| Subject::Control { field };
    // Each dated sign-off against the dated ones before it: reviewed after prepared,
    // approved after both.
    let dated: Vec<(SignoffRole, crate::manual::Date)> = control
        .signoffs()
        .into_iter()
        .filter_map(|(role, s)| s.date.map(|d| (role, d)))
        .collect();
    for (i, (role, date)) in dated.iter().enumerate() {
        if let Some((earlier, before)) = dated[..i].iter().find(|(_, d)| d > date) {
            push(
                out,
                Severity::Warning,
                "control.signoff-order",
                field(format!("{}.date", role.key())),
                format!(
                    "“{}”日期 {date} 早于“{}”日期 {before}",
                    role.label().zh,
                    earlier.label().zh
                ),
                format!(
                    "“{}” is dated {date}, before “{}” on {before}",
                    role.label().en,
                    earlier.label().en
                ),
            );
        }
    }
    if let (Some(effective), Some(approved)) = (control.effective, control.approved.date)
        && effective < approved
    {
        push(
            out,
            Severity::Warning,
            "control.effective-before-approval",
            field("effective".to_owned()),
            format!("实施日期 {effective} 早于批准日期 {approved}：手册须先批准再实施"),
            format!(
                "the effective date {effective} is before the approval on {approved}: a manual takes effect only once approved"
            ),
        );
    }
    let mut last: Option<crate::manual::Date> = None;
    for (i, revision) in control.revisions.iter().enumerate() {
        if let Some(date) = revision.date {
            if let Some(previous) = last
                && date < previous
            {
                push(
                    out,
                    Severity::Warning,
                    "control.revision-order",
                    field(format!("revisions[{i}].date")),
                    format!(
                        "修订记录第 {} 条（版本 {}）日期 {date} 早于上一条的 {previous}",
                        i + 1,
                        revision.version
                    ),
                    format!(
                        "revision {} (version {}) is dated {date}, before the one above it ({previous})",
                        i + 1,
                        revision.version
                    ),
                );
            }
            last = Some(date);
        }
    }
    if let Some(latest) = control.revisions.last()
        && !control.version.is_empty()
        && !control
            .revisions
            .iter()
            .any(|r| r.version == control.version)
    {
        push(
            out,
            Severity::Warning,
            "control.version-not-in-history",
            field("version".to_owned()),
            format!(
                "手册版本 {} 不在修订记录中（最新一条为 {}）",
                control.version, latest.version
            ),
            format!(
                "version {} is not in the revision history (its latest entry is {})",
                control.version, latest.version
            ),
        );
    }
}

fn check_rules(rules: &crate::rules::Rules, out: &mut Vec<Diagnostic>) {
    use crate::rules::{Rules, Span};
    let rule = |key: &str| Subject::Rule {
        key: key.to_owned(),
    };
    let label = |key: &str| {
        Rules::spec(key).map_or((key.to_owned(), key.to_owned()), |spec| {
            (spec.label.zh.to_owned(), spec.label.en.to_owned())
        })
    };
    let shown = |span: Span| (span.print(Lang::Zh), span.print(Lang::En));

    if rules.service_close <= rules.service_open {
        push(
            out,
            Severity::Error,
            "rules.service-hours",
            rule("service.close"),
            format!(
                "人工服务结束时间 {} 不晚于开始时间 {}（全天服务请填 00:00–23:59）",
                rules.service_close, rules.service_open
            ),
            format!(
                "the service closes at {}, not after it opens at {} (for round-the-clock service use 00:00–23:59)",
                rules.service_close, rules.service_open
            ),
        );
    }
    if rules.shifts.is_empty() {
        push(
            out,
            Severity::Error,
            "rules.no-shifts",
            rule("shifts"),
            "班次表是空的：“排班与考勤”一章没有班次可印".to_owned(),
            "the shift table is empty: the chapter \"Scheduling and attendance\" has no shifts to print".to_owned(),
        );
    }
    let round_the_clock =
        rules.service_open.minutes() == 0 && rules.service_close.minutes() >= 23 * 60 + 59;
    let (rest_zh, rest_en) = shown(rules.min_rest);
    for (i, shift) in rules.shifts.iter().enumerate() {
        let key = format!("shift.{}", i + 1);
        let (zh, en) = (shift.name.get(Lang::Zh), shift.name.get(Lang::En));
        let same_name = rules.shifts[..i].iter().any(|other| {
            (!shift.name.zh.is_empty() && other.name.zh == shift.name.zh)
                || (!shift.name.en.is_empty() && other.name.en == shift.name.en)
        });
        if same_name {
            push(
                out,
                Severity::Error,
                "rules.duplicate-shift",
                rule(&key),
                format!("班次表中有两个班次都叫“{zh}”"),
                format!("two shifts of the shift table are named \"{en}\""),
            );
        }
        let length = u64::from(shift.length_minutes());
        let hours = |minutes: u64| {
            if minutes.is_multiple_of(60) {
                (
                    format!("{} 小时", minutes / 60),
                    format!("{} hours", minutes / 60),
                )
            } else {
                (format!("{minutes} 分钟"), format!("{minutes} minutes"))
            }
        };
        let (length_zh, length_en) = hours(length);
        if length * 60 + rules.min_rest.nominal_seconds() > 24 * 3600 {
            push(
                out,
                Severity::Error,
                "rules.shift-too-long",
                rule(&key),
                format!(
                    "班次“{zh}”长 {length_zh}，加上两班之间至少 {rest_zh} 的间隔超过一天：连续两天上这个班就违反间隔规则"
                ),
                format!(
                    "the shift \"{en}\" lasts {length_en}; with at least {rest_en} between shifts that is more than a day, so working it two days running breaks the rest rule"
                ),
            );
        }
        let breaks = shift.break_total_minutes();
        if breaks >= length {
            let (breaks_zh, breaks_en) = hours(breaks);
            push(
                out,
                Severity::Error,
                "rules.breaks-exceed-shift",
                rule(&key),
                format!("班次“{zh}”的用餐和小休共 {breaks_zh}，不短于班次本身的 {length_zh}"),
                format!(
                    "the meal and breaks of the shift \"{en}\" add up to {breaks_en}, no shorter than the shift's {length_en}"
                ),
            );
        }
        let outside = if shift.flexible {
            !round_the_clock && length > u64::from(rules.service_minutes())
        } else if shift.crosses_midnight() {
            !round_the_clock
        } else {
            shift.start < rules.service_open || shift.end > rules.service_close
        };
        if outside && rules.service_close > rules.service_open {
            let hours = rules.service_hours();
            let times = (shift.times(Lang::Zh), shift.times(Lang::En));
            push(
                out,
                Severity::Warning,
                "rules.shift-outside-hours",
                rule(&key),
                format!("班次“{zh}”（{}）超出人工服务时间 {hours}", times.0),
                format!(
                    "the shift \"{en}\" ({}) runs outside the service hours {hours}",
                    times.1
                ),
            );
        }
    }

    // Pairs where the first may not be longer than the second.
    let ordered = [
        (
            "complaint.l4.first-contact",
            rules.complaint_l4_first_contact,
            "complaint.l4.resolve",
            rules.complaint_l4_resolve,
        ),
        (
            "call.hold-max",
            rules.hold_max,
            "call.hold-total",
            rules.hold_total,
        ),
        (
            "attendance.away-max",
            rules.away_max,
            "attendance.away-total",
            rules.away_total,
        ),
        (
            "leave.annual-notice",
            rules.annual_leave_notice,
            "leave.annual-notice-peak",
            rules.annual_leave_notice_peak,
        ),
    ];
    for (short_key, short, long_key, long) in ordered {
        if short.nominal_seconds() > long.nominal_seconds() {
            let ((short_zh, short_en), (long_zh, long_en)) = (label(short_key), label(long_key));
            let ((a_zh, a_en), (b_zh, b_en)) = (shown(short), shown(long));
            push(
                out,
                Severity::Error,
                "rules.deadline-order",
                rule(long_key),
                format!("“{long_zh}”（{b_zh}）短于“{short_zh}”（{a_zh}）"),
                format!("\"{long_en}\" ({b_en}) is shorter than \"{short_en}\" ({a_en})"),
            );
        }
    }
    // A higher complaint level may take longer, never less.
    let levels = [
        ("complaint.l2.response", rules.complaint_l2_response),
        ("complaint.l3.response", rules.complaint_l3_response),
        ("complaint.l4.resolve", rules.complaint_l4_resolve),
    ];
    for pair in levels.windows(2) {
        let [(lower_key, lower), (higher_key, higher)] = [pair[0], pair[1]];
        if higher.nominal_seconds() < lower.nominal_seconds() {
            let ((lower_zh, lower_en), (higher_zh, higher_en)) =
                (label(lower_key), label(higher_key));
            let ((a_zh, a_en), (b_zh, b_en)) = (shown(lower), shown(higher));
            push(
                out,
                Severity::Warning,
                "rules.level-order",
                rule(higher_key),
                format!(
                    "“{higher_zh}”（{b_zh}）比低一级的“{lower_zh}”（{a_zh}）还短：级别越高，时限应不短于低一级"
                ),
                format!(
                    "\"{higher_en}\" ({b_en}) is shorter than the level below, \"{lower_en}\" ({a_en}): a higher level should not have less time"
                ),
            );
        }
    }
}
