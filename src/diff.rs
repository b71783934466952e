//! What changed between two plans, in the words a reviewer of the manual reads: positions
//! and units added, removed, renamed, moved, re-ranked; headcount; reporting lines; the
//! matrix's leads and duties; job-description duties; KPIs and their targets; chapters;
//! the center's rules. `centerplan diff` prints it, and a release's revision summary is
//! drafted from it.
//!
//! **API boundary.** [`diff`] returns [`Change`]s, each in both languages and filed under
//! an [`Area`]; [`to_text`], [`to_markdown`] and [`summary`] print them. Nodes, matrix
//! rows, job descriptions and KPIs are matched by id, lines by their ends and kind,
//! duties by their text, chapters by id.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Lang, NodeKind, Plan, Text};

/// Where a change is, for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Center,
    Chart,
    Lines,
    Matrix,
    Jobs,
    Kpis,
    Chapters,
    Rules,
}

impl Area {
    pub const ALL: [Area; 8] = [
        Area::Center,
        Area::Chart,
        Area::Lines,
        Area::Matrix,
        Area::Jobs,
        Area::Kpis,
        Area::Chapters,
        Area::Rules,
    ];

    pub fn title(self) -> Text {
        match self {
            Area::Center => Text::new("中心", "Center"),
            Area::Chart => Text::new("组织架构与编制", "Org chart and headcount"),
            Area::Lines => Text::new("汇报线", "Reporting lines"),
            Area::Matrix => Text::new("职责矩阵", "Responsibility matrix"),
            Area::Jobs => Text::new("岗位说明书", "Job descriptions"),
            Area::Kpis => Text::new("KPI", "KPIs"),
            Area::Chapters => Text::new("手册章节", "Manual chapters"),
            Area::Rules => Text::new("中心规则", "Center rules"),
        }
    }
}

/// One change, said in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub area: Area,
    pub text: Text,
}

/// Collects changes of one area.
struct Out {
    area: Area,
    changes: Vec<Change>,
}

impl Out {
    fn push(&mut self, zh: String, en: String) {
        self.changes.push(Change {
            area: self.area,
            text: Text { zh, en },
        });
    }
}

/// A name in quotation marks, per language (the other language's when one is empty).
fn quoted(name: &Text) -> (String, String) {
    (
        format!("“{}”", name.get(Lang::Zh)),
        format!("“{}”", name.get(Lang::En)),
    )
}

fn kind_word(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Unit => ("单位", "unit"),
        NodeKind::Position => ("岗位", "position"),
        NodeKind::Assistant => ("助理岗位", "assistant post"),
    }
}

/// Every change from `old` to `new`, area by area in the order of [`Area::ALL`].
pub fn diff(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut all = Vec::new();
    for area in Area::ALL {
        let mut out = Out {
            area,
            changes: Vec::new(),
        };
        match area {
            Area::Center => center(old, new, &mut out),
            Area::Chart => chart(old, new, &mut out),
            Area::Lines => lines(old, new, &mut out),
            Area::Matrix => matrix(old, new, &mut out),
            Area::Jobs => jobs(old, new, &mut out),
            Area::Kpis => kpis(old, new, &mut out),
            Area::Chapters => chapters(old, new, &mut out),
            Area::Rules => rules(old, new, &mut out),
        }
        all.extend(out.changes);
    }
    all
}

fn center(old: &Plan, new: &Plan, out: &mut Out) {
    if old.name != new.name {
        out.push(
            format!("中心名称由“{}”改为“{}”", old.name, new.name),
            format!(
                "The center's name changed from “{}” to “{}”",
                old.name, new.name
            ),
        );
    }
    if old.name_en != new.name_en {
        out.push(
            format!("中心英文名称由“{}”改为“{}”", old.name_en, new.name_en),
            format!(
                "The center's English name changed from “{}” to “{}”",
                old.name_en, new.name_en
            ),
        );
    }
    if old.center_type != new.center_type {
        let (a, b) = (old.center_type.name(), new.center_type.name());
        out.push(
            format!("中心类型由{}改为{}", a.zh, b.zh),
            format!("The center type changed from {} to {}", a.en, b.en),
        );
    }
}

/// A node's name by id in `plan` (its id when it has none there).
fn node_name(plan: &Plan, id: &crate::model::NodeId) -> Text {
    plan.chart
        .node(id)
        .map(|n| n.name.clone())
        .unwrap_or_else(|| Text::new(id.as_str(), id.as_str()))
}

fn chart(old: &Plan, new: &Plan, out: &mut Out) {
    let old_ranks = old.chart.effective_ranks();
    let new_ranks = new.chart.effective_ranks();
    let old_index = old.chart.index();
    let new_index = new.chart.index();
    for (i, node) in new.chart.nodes.iter().enumerate() {
        let (zh, en) = quoted(&node.name);
        let (kind_zh, kind_en) = kind_word(node.kind);
        let Some(&j) = old_index.get(&node.id) else {
            let under = node.parent.as_ref().map(|p| quoted(&node_name(new, p)));
            let count = node.headcount;
            match under {
                Some((pz, pe)) => out.push(
                    format!("新增{kind_zh}{zh}（隶属{pz}，编制 {} 人）", count.planned),
                    format!(
                        "Added the {kind_en} {en} under {pe} ({} planned)",
                        count.planned
                    ),
                ),
                None => out.push(
                    format!("新增{kind_zh}{zh}（编制 {} 人）", count.planned),
                    format!("Added the {kind_en} {en} ({} planned)", count.planned),
                ),
            }
            continue;
        };
        let before = &old.chart.nodes[j];
        if before.name != node.name {
            let (oz, oe) = quoted(&before.name);
            // Said in each language as it reads there: a name changed in one language only
            // is named in the other as it is.
            let zh_text = if before.name.zh == node.name.zh {
                format!(
                    "{kind_zh}{zh}的英文名称由“{}”改为“{}”",
                    before.name.en, node.name.en
                )
            } else {
                format!("{kind_zh}{oz}改名为{zh}")
            };
            let en_text = if before.name.en == node.name.en {
                format!(
                    "The {kind_en} {en} has a new Chinese name: “{}” (before: “{}”)",
                    node.name.zh, before.name.zh
                )
            } else {
                format!("The {kind_en} {oe} is now called {en}")
            };
            out.push(zh_text, en_text);
        }
        if before.kind != node.kind {
            let (from_zh, from_en) = kind_word(before.kind);
            out.push(
                format!("{zh}由{from_zh}改为{kind_zh}"),
                format!("{en} changed from a {from_en} to a {kind_en}"),
            );
        }
        if before.parent != node.parent {
            let name = |plan: &Plan, parent: &Option<crate::model::NodeId>| {
                parent
                    .as_ref()
                    .map(|p| quoted(&node_name(plan, p)))
                    .unwrap_or_else(|| ("（无上级）".to_owned(), "(no one)".to_owned()))
            };
            let (fz, fe) = name(old, &before.parent);
            let (tz, te) = name(new, &node.parent);
            out.push(
                format!("{zh}改为隶属{tz}（原隶属{fz}）"),
                format!("{en} now reports to {te} (before: {fe})"),
            );
        } else if old_ranks[j] != new_ranks[i] {
            out.push(
                format!("{zh}的层级由 {} 改为 {}", old_ranks[j], new_ranks[i]),
                format!("{en} moved from level {} to {}", old_ranks[j], new_ranks[i]),
            );
        }
        let (a, b) = (before.headcount, node.headcount);
        if a != b {
            out.push(
                format!(
                    "{zh}编制由 {} 人改为 {} 人，在岗由 {} 人改为 {} 人",
                    a.planned, b.planned, a.filled, b.filled
                ),
                format!(
                    "{en}: planned headcount {} → {}, filled {} → {}",
                    a.planned, b.planned, a.filled, b.filled
                ),
            );
        }
    }
    for node in &old.chart.nodes {
        if !new_index.contains_key(&node.id) {
            let (zh, en) = quoted(&node.name);
            let (kind_zh, kind_en) = kind_word(node.kind);
            out.push(
                format!("删除{kind_zh}{zh}"),
                format!("Removed the {kind_en} {en}"),
            );
        }
    }
}

fn lines(old: &Plan, new: &Plan, out: &mut Out) {
    let key = |line: &crate::model::Line| (line.from.clone(), line.to.clone(), line.kind.key());
    let set = |plan: &Plan| -> BTreeSet<_> { plan.chart.lines.iter().map(key).collect() };
    let (before, after) = (set(old), set(new));
    let word = |kind: &str| match crate::model::LineKind::from_key(kind) {
        Some(crate::model::LineKind::Bypass) => ("越级汇报", "bypass line"),
        _ => ("虚线汇报", "dotted line"),
    };
    for (plan, from, to, kind, added) in after
        .difference(&before)
        .map(|(f, t, k)| (new, f, t, *k, true))
        .chain(
            before
                .difference(&after)
                .map(|(f, t, k)| (old, f, t, *k, false)),
        )
    {
        let (fz, fe) = quoted(&node_name(plan, from));
        let (tz, te) = quoted(&node_name(plan, to));
        let (kz, ke) = word(kind);
        if added {
            out.push(
                format!("新增{fz}到{tz}的{kz}"),
                format!("Added a {ke} from {fe} to {te}"),
            );
        } else {
            out.push(
                format!("删除{fz}到{tz}的{kz}"),
                format!("Removed the {ke} from {fe} to {te}"),
            );
        }
    }
}

/// Duties added and removed between two lists, by their Chinese text (the English when
/// that is empty).
fn duty_changes<'a>(before: &'a [Text], after: &'a [Text]) -> (Vec<&'a Text>, Vec<&'a Text>) {
    let key = |t: &Text| t.get(Lang::Zh).to_owned();
    let had: BTreeSet<String> = before.iter().map(key).collect();
    let has: BTreeSet<String> = after.iter().map(key).collect();
    (
        after.iter().filter(|t| !had.contains(&key(t))).collect(),
        before.iter().filter(|t| !has.contains(&key(t))).collect(),
    )
}

fn matrix(old: &Plan, new: &Plan, out: &mut Out) {
    use crate::model::Phase;
    fn by_role(plan: &Plan) -> BTreeMap<crate::model::NodeId, &crate::model::MatrixRow> {
        plan.matrix
            .rows
            .iter()
            .rev()
            .map(|r| (r.role.clone(), r))
            .collect()
    }
    let (before, after) = (by_role(old), by_role(new));
    for phase in Phase::ALL {
        let lead = |plan: &Plan| {
            plan.matrix
                .rows
                .iter()
                .find(|r| r.cell(phase).lead)
                .map(|r| r.role.clone())
        };
        let (a, b) = (lead(old), lead(new));
        if a != b {
            let name = |plan: &Plan, id: &Option<crate::model::NodeId>| {
                id.as_ref()
                    .map(|id| quoted(&node_name(plan, id)))
                    .unwrap_or_else(|| ("（无）".to_owned(), "(none)".to_owned()))
            };
            let ((az, ae), (bz, be)) = (name(old, &a), name(new, &b));
            let phase_name = phase.name();
            out.push(
                format!("“{}”阶段的牵头人由{az}改为{bz}", phase_name.zh),
                format!(
                    "The lead of the {} phase changed from {ae} to {be}",
                    phase_name.en
                ),
            );
        }
    }
    for (role, row) in &after {
        let (zh, en) = quoted(&node_name(new, role));
        let Some(previous) = before.get(role) else {
            out.push(
                format!("职责矩阵新增{zh}一行"),
                format!("Added {en} to the matrix"),
            );
            continue;
        };
        for phase in Phase::ALL {
            let (added, removed) =
                duty_changes(&previous.cell(phase).duties, &row.cell(phase).duties);
            let p = phase.name();
            for duty in added {
                out.push(
                    format!("{zh}在“{}”阶段新增职责：{}", p.zh, duty.get(Lang::Zh)),
                    format!("{en}, {} phase, new duty: {}", p.en, duty.get(Lang::En)),
                );
            }
            for duty in removed {
                out.push(
                    format!("{zh}在“{}”阶段删除职责：{}", p.zh, duty.get(Lang::Zh)),
                    format!("{en}, {} phase, duty removed: {}", p.en, duty.get(Lang::En)),
                );
            }
        }
    }
    for role in before.keys() {
        if !after.contains_key(role) {
            let (zh, en) = quoted(&node_name(old, role));
            out.push(
                format!("职责矩阵删除{zh}一行"),
                format!("Removed {en} from the matrix"),
            );
        }
    }
}

fn jobs(old: &Plan, new: &Plan, out: &mut Out) {
    fn by_position(plan: &Plan) -> BTreeMap<crate::model::NodeId, &crate::model::JobDescription> {
        plan.job_descriptions
            .iter()
            .rev()
            .map(|j| (j.position.clone(), j))
            .collect()
    }
    let (before, after) = (by_position(old), by_position(new));
    for (position, job) in &after {
        let (zh, en) = quoted(&node_name(new, position));
        let Some(previous) = before.get(position) else {
            out.push(
                format!("新增{zh}的岗位说明书"),
                format!("Added the job description of {en}"),
            );
            continue;
        };
        if previous.summary != job.summary {
            out.push(
                format!("{zh}的岗位概述已修改"),
                format!("The summary of {en}'s job description changed"),
            );
        }
        let texts = |j: &crate::model::JobDescription| -> Vec<Text> {
            j.duties.iter().map(|d| d.text.clone()).collect()
        };
        let (a, b) = (texts(previous), texts(job));
        let (added, removed) = duty_changes(&a, &b);
        for duty in added {
            out.push(
                format!("{zh}新增职责：{}", duty.get(Lang::Zh)),
                format!("{en}, new duty: {}", duty.get(Lang::En)),
            );
        }
        for duty in removed {
            out.push(
                format!("{zh}删除职责：{}", duty.get(Lang::Zh)),
                format!("{en}, duty removed: {}", duty.get(Lang::En)),
            );
        }
    }
    for position in before.keys() {
        if !after.contains_key(position) {
            let (zh, en) = quoted(&node_name(old, position));
            out.push(
                format!("删除{zh}的岗位说明书"),
                format!("Removed the job description of {en}"),
            );
        }
    }
}

fn kpis(old: &Plan, new: &Plan, out: &mut Out) {
    fn by_id(plan: &Plan) -> BTreeMap<String, &crate::model::Kpi> {
        plan.kpis.iter().rev().map(|k| (k.id.clone(), k)).collect()
    }
    let (before, after) = (by_id(old), by_id(new));
    for kpi in &new.kpis {
        let (zh, en) = quoted(&kpi.name);
        let Some(previous) = before.get(&kpi.id) else {
            out.push(
                format!("新增 KPI {zh}（目标 {}）", kpi.target),
                format!("Added the KPI {en} (target {})", kpi.target),
            );
            continue;
        };
        if previous.name != kpi.name {
            let (oz, oe) = quoted(&previous.name);
            out.push(
                format!("KPI {oz}改名为{zh}"),
                format!("The KPI {oe} is now called {en}"),
            );
        }
        if previous.target != kpi.target {
            // Chinese puts spaces around a number, not around （无）.
            let shown = |target: &str, none: &str| {
                if target.is_empty() {
                    none.to_owned()
                } else if none.starts_with('（') {
                    format!(" {target} ")
                } else {
                    target.to_owned()
                }
            };
            out.push(
                format!(
                    "KPI {zh}的目标由{}改为{}",
                    shown(&previous.target, "（无）"),
                    shown(&kpi.target, "（无）")
                ),
                format!(
                    "The target of {en} changed from {} to {}",
                    shown(&previous.target, "(none)"),
                    shown(&kpi.target, "(none)")
                ),
            );
        }
        if previous.definition != kpi.definition || previous.formula != kpi.formula {
            out.push(
                format!("KPI {zh}的定义或计算方法已修改"),
                format!("The definition or formula of {en} changed"),
            );
        }
    }
    for kpi in &old.kpis {
        if !after.contains_key(&kpi.id) {
            let (zh, en) = quoted(&kpi.name);
            out.push(format!("删除 KPI {zh}"), format!("Removed the KPI {en}"));
        }
    }
}

fn chapters(old: &Plan, new: &Plan, out: &mut Out) {
    use crate::manual::{ChapterEntry, chapter_list};
    if old.manual == new.manual {
        return;
    }
    let (before, after) = (chapter_list(old), chapter_list(new));
    let find = |list: &[ChapterEntry], id: &str| list.iter().position(|e| e.id == id);
    let text_of = |plan: &Plan, id: &str| {
        plan.manual
            .chapters
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.kind.clone())
    };
    for entry in &after {
        let (zh, en) = quoted(&entry.title);
        let Some(i) = find(&before, &entry.id) else {
            out.push(format!("新增章节{zh}"), format!("Added the chapter {en}"));
            continue;
        };
        let previous = &before[i];
        if previous.hidden != entry.hidden {
            if entry.hidden {
                out.push(format!("隐藏章节{zh}"), format!("Hid the chapter {en}"));
            } else {
                out.push(
                    format!("恢复显示章节{zh}"),
                    format!("Showed the chapter {en} again"),
                );
            }
        }
        if text_of(old, &entry.id) != text_of(new, &entry.id) {
            out.push(
                format!("修改章节{zh}的正文"),
                format!("Edited the text of the chapter {en}"),
            );
        }
    }
    for entry in &before {
        if find(&after, &entry.id).is_none() {
            let (zh, en) = quoted(&entry.title);
            out.push(format!("删除章节{zh}"), format!("Removed the chapter {en}"));
        }
    }
    let order =
        |list: &[ChapterEntry]| -> Vec<String> { list.iter().map(|e| e.id.clone()).collect() };
    let common = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|id| b.contains(id)).cloned().collect()
    };
    let (a, b) = (order(&before), order(&after));
    if common(&a, &b) != common(&b, &a) {
        out.push(
            "调整了章节顺序".to_owned(),
            "Changed the order of the chapters".to_owned(),
        );
    }
}

fn rules(old: &Plan, new: &Plan, out: &mut Out) {
    if old.rules == new.rules {
        return;
    }
    for spec in crate::rules::RULE_SPECS {
        let value = |plan: &Plan, lang| plan.rules.reference(spec.key, lang).unwrap_or_default();
        let (a, b) = (value(old, Lang::Zh), value(new, Lang::Zh));
        if a != b {
            out.push(
                format!("“{}”由 {a} 改为 {b}", spec.label.zh),
                format!(
                    "{}: {} → {}",
                    spec.label.en,
                    value(old, Lang::En),
                    value(new, Lang::En)
                ),
            );
        }
    }
    if old.rules.shifts != new.rules.shifts {
        out.push(
            "修改了班次表".to_owned(),
            "Changed the shift table".to_owned(),
        );
    }
}

/// The changes as plain lines, one per change, under each area's title; "no changes"
/// when there are none.
pub fn to_text(changes: &[Change], lang: Lang) -> String {
    if changes.is_empty() {
        return match lang {
            Lang::Zh => "没有变化\n".to_owned(),
            Lang::En => "No changes\n".to_owned(),
        };
    }
    let mut out = String::new();
    for area in Area::ALL {
        let mine: Vec<&Change> = changes.iter().filter(|c| c.area == area).collect();
        if mine.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(area.title().get(lang));
        out.push('\n');
        for change in mine {
            out.push_str("  ");
            out.push_str(&one_line(change.text.get(lang)));
            out.push('\n');
        }
    }
    out
}

/// A text on one line: line breaks a user typed become spaces.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

/// The changes as Markdown: a heading `title`, then a section per area with a bullet per
/// change (the text escaped, so a user's `*` or `#` prints as typed).
pub fn to_markdown(changes: &[Change], lang: Lang, title: &str) -> String {
    let escape = crate::manual::escape_markdown;
    let mut out = format!("# {}\n", escape(&one_line(title)));
    if changes.is_empty() {
        out.push('\n');
        out.push_str(match lang {
            Lang::Zh => "没有变化。\n",
            Lang::En => "No changes.\n",
        });
        return out;
    }
    for area in Area::ALL {
        let mine: Vec<&Change> = changes.iter().filter(|c| c.area == area).collect();
        if mine.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", area.title().get(lang)));
        for change in mine {
            out.push_str(&format!("- {}\n", escape(&one_line(change.text.get(lang)))));
        }
    }
    out
}

/// A revision summary drafted from the changes: the first few in one line, and how many
/// more there are.
pub fn summary(changes: &[Change], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let (sep, rest) = match lang {
        Lang::Zh => ("；", format!("等 {} 项修改", changes.len())),
        Lang::En => (
            "; ",
            format!("and {} more", changes.len().saturating_sub(SHOWN)),
        ),
    };
    let mut text = changes
        .iter()
        .take(SHOWN)
        .map(|c| one_line(c.text.get(lang)))
        .collect::<Vec<_>>()
        .join(sep);
    if changes.len() > SHOWN {
        text.push_str(sep);
        text.push_str(&rest);
    }
    text
}
