//! Editing a plan: the operations the chart editor offers, their undo/redo history, and
//! the naming of recovery copies.
//!
//! Every operation is a pure function over a [`Plan`]: [`apply`] checks the request,
//! changes the plan and reports what it did, or refuses with an [`EditError`] and leaves
//! the plan untouched. The desktop app calls these through its commands and the tests call
//! them directly, so what the user can do in the window is tested without one.
//!
//! The [`Editor`] keeps the history as whole-plan snapshots rather than inverse
//! operations: a plan of 2,000 positions clones in well under a millisecond, and a
//! snapshot cannot drift from the operation that made it, which inverse operations (a
//! deleted subtree with its lines, matrix rows and job descriptions) easily do.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::limits;
use crate::model::{
    Audience, CenterType, Duty, Function, Headcount, JobDescription, Kpi, Lang, Line, LineKind,
    MatrixRow, Node, NodeId, NodeKind, OrgChart, Phase, Plan, Raci, Rank, Staffing, Text,
};

/// One change the user asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum Edit {
    /// Renames the plan (the center's name on the manual's cover).
    RenamePlan {
        name: String,
    },
    /// Sets the center's English name, for the English manual (empty: none, the English
    /// manual prints the Chinese name).
    RenamePlanEn {
        name: String,
    },
    /// Changes the center type. Only the type changes: the chart, matrix, job descriptions
    /// and KPIs stay as they are; the manual's type-dependent passages and the checks for
    /// the roles the type's design expects follow the new type. Nothing is added or deleted.
    SetCenterType {
        center_type: CenterType,
    },
    /// Renames a node in both languages.
    Rename {
        id: NodeId,
        name: Text,
    },
    SetKind {
        id: NodeId,
        kind: NodeKind,
    },
    /// Sets (or clears, with `None`) the function a node has in the center's design: what
    /// the manual's chapters and the validation rules find it by.
    SetFunction {
        id: NodeId,
        function: Option<Function>,
    },
    /// Sets an explicit rank in half-level steps, or `None` to sit one level below the
    /// parent again.
    SetRank {
        id: NodeId,
        rank: Option<Rank>,
    },
    SetHeadcount {
        id: NodeId,
        planned: i32,
        filled: i32,
    },
    /// Adds a position (or unit) under `parent`, after its existing reports.
    AddChild {
        parent: NodeId,
        kind: NodeKind,
        name: Text,
    },
    /// Adds an assistant post beside `manager`.
    AddAssistant {
        manager: NodeId,
        name: Text,
    },
    /// Deletes a node with everything under it, and what refers to them.
    DeleteSubtree {
        id: NodeId,
    },
    /// Re-parents a node (with its subtree) under `new_parent`; refused if that would
    /// make a reporting cycle.
    Move {
        id: NodeId,
        new_parent: NodeId,
    },
    /// Draws a dotted or bypass line from the reporter `from` to `to`.
    AddLine {
        from: NodeId,
        to: NodeId,
        kind: LineKind,
    },
    /// Deletes the extra line at `index` in `chart.lines`.
    DeleteLine {
        index: usize,
    },
    SetCollapsed {
        id: NodeId,
        collapsed: bool,
    },
    /// Adds a matrix row for `role` (a chart node) at `index`, or at the end when none.
    AddMatrixRow {
        role: NodeId,
        index: Option<usize>,
    },
    /// Removes the matrix row of `role`.
    RemoveMatrixRow {
        role: NodeId,
    },
    /// Moves the matrix row of `role` to position `index`.
    MoveMatrixRow {
        role: NodeId,
        index: usize,
    },
    /// Replaces the ordered duties of one cell: editing, adding, removing and reordering
    /// duties are all this one step, so each is undone in one step too.
    SetCellDuties {
        role: NodeId,
        phase: Phase,
        duties: Vec<Text>,
    },
    /// Sets or clears the RACI letter of one cell.
    SetRaci {
        role: NodeId,
        phase: Phase,
        raci: Option<Raci>,
    },
    /// Makes `role` the one lead of `phase`, taking the lead from any other row.
    SetLead {
        role: NodeId,
        phase: Phase,
    },
    /// Replaces the summary and duties of a position's job description, creating it when
    /// the position has none.
    SetJobDescription {
        position: NodeId,
        summary: Text,
        duties: Vec<Duty>,
    },
    /// Removes a position's job description.
    RemoveJobDescription {
        position: NodeId,
    },
    /// Replaces the KPI with the same id, or appends it when no KPI has that id.
    SetKpi {
        kpi: Kpi,
    },
    /// Adds a KPI with a fresh id and the given name, after the others.
    AddKpi {
        name: Text,
    },
    RemoveKpi {
        id: String,
    },
    /// Records a staffing sizing in the plan (or clears it with `None`) and sets the
    /// planned headcount of the positions the user accepted from its proposal, as one
    /// step: undo restores the sizing and the headcount together.
    ///
    /// Not in the UI's bindings: the staffing panel records a sizing through the app's
    /// `accept_staffing` command, which sizes the inputs itself and makes this edit, and
    /// [`Staffing`] keeps the file format's snake_case names, not the UI's camelCase.
    #[cfg_attr(feature = "ts", ts(skip))]
    SetStaffing {
        staffing: Option<Box<Staffing>>,
        planned: Vec<PlannedHeadcount>,
    },
    /// Adds a chapter of the user's own at `index` of the chapter list (`None`: last),
    /// with the id given, or a fresh `custom-N` ([`crate::manual::fresh_chapter_id`]).
    AddChapter {
        id: Option<String>,
        index: Option<usize>,
        text: Text,
    },
    /// Deletes a user chapter (a built-in one is hidden instead).
    DeleteChapter {
        id: String,
    },
    /// Moves a chapter to `index` of the chapter list.
    MoveChapter {
        id: String,
        index: usize,
    },
    SetChapterHidden {
        id: String,
        hidden: bool,
    },
    /// Sets a chapter's text in one language. A built-in chapter's text equal to its
    /// built-in text ([`crate::manual::builtin_source`]) makes it unedited again.
    SetChapterText {
        id: String,
        lang: Lang,
        markdown: String,
    },
    /// Renames a user chapter in one language: rewrites its first `# ` heading.
    RenameChapter {
        id: String,
        lang: Lang,
        title: String,
    },
    /// Gives a built-in chapter its built-in text again, in one language or both.
    ResetChapter {
        id: String,
        lang: Option<Lang>,
    },
    /// Keeps the user's text of a built-in chapter and records that it was checked against
    /// the current built-in text ("keep mine"): `manual.builtin-changed` goes.
    RebaseChapter {
        id: String,
        lang: Option<Lang>,
    },
    /// Replaces the plan's whole manual (an import of chapter files) as one step.
    SetManual {
        manual: crate::manual::ManualPlan,
    },
    /// Replaces the center's rules (the rules form's whole table) as one step. A value out
    /// of its range is refused naming the field (`rules.complaintL4Resolve.amount`);
    /// contradictions between rules are validation's to report.
    SetRules {
        rules: Box<crate::rules::Rules>,
    },
    /// Replaces the document-control record (the form's number, version, dates, sign-offs
    /// and revision history) as one step. A field over its limit is refused naming it
    /// (`control.approved.name`); an approval dated before the preparation and the like
    /// are validation's to report.
    SetControl {
        control: Box<crate::control::DocumentControl>,
    },
    /// Sets the logo (checked when it was made: [`crate::control::Logo::new`]) or removes
    /// it (`None`).
    SetLogo {
        // ts(as): a Logo crosses as its LogoData (format, base64), checked on the way in.
        #[cfg_attr(feature = "ts", ts(as = "Option<crate::control::LogoData>"))]
        logo: Option<crate::control::Logo>,
    },
    /// Replaces the org chart with one read from a spreadsheet, as one step: the matrix
    /// rows, job descriptions and career steps follow their roles to the new chart's ids
    /// by function ([`crate::templates::with_chart`]); everything else stays. The app
    /// makes it from a file (the UI never sends a chart).
    #[cfg_attr(feature = "ts", ts(skip))]
    ReplaceChart {
        chart: Box<OrgChart>,
    },
    /// Releases the manual as `version` on `date`: freezes the plan's content as that
    /// release, appends a revision entry (by `author`, the preparer when empty, saying
    /// `summary`) and makes `version` the manual's. The watermark goes until the plan
    /// changes again.
    Release {
        version: String,
        date: crate::manual::Date,
        summary: Text,
        author: String,
    },
}

/// A position's new planned headcount, as part of [`Edit::SetStaffing`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedHeadcount {
    pub id: NodeId,
    pub planned: i32,
}

/// A node an edit refusal speaks of: its id, and its name as the chart had it, so the
/// message names the box the user sees rather than an id they never typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: NodeId,
    pub name: Text,
}

impl Named {
    /// `id` with its name on `chart` (none when the chart has no such node).
    pub fn on(chart: &OrgChart, id: &NodeId) -> Named {
        let name = chart.node(id).map(|n| n.name.clone()).unwrap_or_default();
        Named {
            id: id.clone(),
            name,
        }
    }

    /// The name in `lang` in quotation marks, the other language's when it has none, the
    /// id when the node has no name at all.
    pub fn label(&self, lang: Lang) -> String {
        let name = self.name.get(lang);
        let other = match lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        let name = if name.is_empty() {
            self.name.get(other)
        } else {
            name
        };
        match (name.is_empty(), lang) {
            (true, _) => self.id.to_string(),
            (false, Lang::Zh) => format!("“{name}”"),
            (false, Lang::En) => format!("\"{name}\""),
        }
    }
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label(Lang::En))
    }
}

/// Why an edit was refused. The plan is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no node with id {0}")]
    UnknownNode(NodeId),
    #[error("cannot move {id} under {new_parent}: it reports to {id} already, a cycle")]
    Cycle { id: Named, new_parent: Named },
    #[error("a line cannot start and end at {0}")]
    SelfLine(Named),
    #[error("a {kind} line from {from} to {to} exists already")]
    DuplicateLine {
        from: Named,
        to: Named,
        kind: &'static str,
    },
    #[error("no line at index {0}")]
    UnknownLine(usize),
    #[error("headcount of {0} cannot be negative")]
    NegativeHeadcount(Named),
    #[error("the matrix has a row for {0} already")]
    DuplicateRow(Named),
    #[error("the matrix has no row for {0}")]
    UnknownRow(NodeId),
    #[error("no matrix row position {0}")]
    BadRowIndex(usize),
    #[error("no job description for {0}")]
    UnknownJob(NodeId),
    #[error("no kpi with id {0}")]
    UnknownKpi(String),
    #[error("a kpi id cannot be empty")]
    EmptyKpiId,
    #[error("no chapter with id {0}")]
    UnknownChapter(String),
    #[error("chapter {0} is built in: hide it instead, and edit its text to rename it")]
    BuiltinChapter(String),
    #[error("chapter {0} is the user's own: it has no built-in text")]
    CustomChapter(String),
    #[error("a chapter with id {0} exists already")]
    DuplicateChapter(String),
    #[error("chapter id {0:?} is not 1 to 64 lower-case letters, digits and hyphens")]
    BadChapterId(String),
    #[error("no chapter list position {0}")]
    BadChapterIndex(usize),
    #[error("a chapter title is one line")]
    BadChapterTitle,
    #[error("a release needs a version number")]
    EmptyVersion,
    #[error("version {0} was released already: give the new release another number")]
    Released(String),
    #[error("{field} {value} is outside the allowed range {min} to {max}")]
    OutOfRange {
        field: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    #[error("the center's name is {0} bytes, more than the {max} a cover line holds", max = crate::limits::MAX_PLAN_NAME_BYTES)]
    NameTooLong(usize),
    /// A text longer than its field's limit, or more entries than a list may hold; the
    /// field is named as in the request (`name.zh`, `duties[3].text.en`).
    #[error("{0}")]
    Limit(crate::limits::LimitError),
}

impl crate::error::Failure for EditError {
    fn code(&self) -> &'static str {
        match self {
            EditError::UnknownNode(_) => "edit.unknown-node",
            EditError::Cycle { .. } => "edit.cycle",
            EditError::SelfLine(_) => "edit.self-line",
            EditError::DuplicateLine { .. } => "edit.duplicate-line",
            EditError::UnknownLine(_) => "edit.unknown-line",
            EditError::NegativeHeadcount(_) => "edit.negative-headcount",
            EditError::OutOfRange { .. } => "edit.out-of-range",
            EditError::NameTooLong(_) => "edit.name-too-long",
            EditError::Limit(crate::limits::LimitError::TooLong { .. }) => "edit.text-too-long",
            EditError::Limit(crate::limits::LimitError::TooMany { .. }) => "edit.too-many",
            EditError::Limit(_) => "edit.out-of-range",
            EditError::DuplicateRow(_) => "edit.duplicate-row",
            EditError::UnknownRow(_) => "edit.unknown-row",
            EditError::BadRowIndex(_) => "edit.bad-row-index",
            EditError::UnknownJob(_) => "edit.unknown-job",
            EditError::UnknownKpi(_) => "edit.unknown-kpi",
            EditError::EmptyKpiId => "edit.empty-kpi-id",
            EditError::UnknownChapter(_) => "edit.unknown-chapter",
            EditError::BuiltinChapter(_) => "edit.builtin-chapter",
            EditError::CustomChapter(_) => "edit.custom-chapter",
            EditError::DuplicateChapter(_) => "edit.duplicate-chapter",
            EditError::BadChapterId(_) => "edit.bad-chapter-id",
            EditError::BadChapterIndex(_) => "edit.bad-chapter-index",
            EditError::BadChapterTitle => "edit.bad-chapter-title",
            EditError::EmptyVersion => "edit.empty-version",
            EditError::Released(_) => "edit.released",
        }
    }

    fn message(&self, lang: crate::model::Lang) -> String {
        if lang == crate::model::Lang::En {
            return self.to_string();
        }
        match self {
            EditError::Limit(err) => crate::error::Failure::message(err, lang),
            EditError::UnknownNode(id) => format!("找不到节点 {id}"),
            EditError::Cycle { id, new_parent } => {
                let (id, new_parent) = (id.label(lang), new_parent.label(lang));
                format!(
                    "不能把 {id} 移到 {new_parent} 之下：{new_parent} 本身向 {id} 汇报，会形成汇报环"
                )
            }
            EditError::SelfLine(id) => format!("汇报线不能从 {} 连回自身", id.label(lang)),
            EditError::DuplicateLine { from, to, .. } => {
                format!(
                    "从 {} 到 {} 的同类汇报线已经存在",
                    from.label(lang),
                    to.label(lang)
                )
            }
            EditError::UnknownLine(index) => format!("第 {index} 条汇报线不存在"),
            EditError::NegativeHeadcount(id) => {
                format!("{} 的编制人数不能为负数", id.label(lang))
            }
            EditError::DuplicateRow(id) => format!("职责矩阵中已有 {} 这一行", id.label(lang)),
            EditError::UnknownRow(id) => format!("职责矩阵中没有 {id} 这一行"),
            EditError::BadRowIndex(index) => format!("职责矩阵没有第 {index} 行"),
            EditError::UnknownJob(id) => format!("{id} 没有岗位说明书"),
            EditError::UnknownKpi(id) => format!("找不到编号为 {id} 的 KPI"),
            EditError::EmptyKpiId => "KPI 编号不能为空".to_owned(),
            EditError::UnknownChapter(id) => format!("找不到编号为 {id} 的章节"),
            EditError::BuiltinChapter(id) => {
                format!("章节 {id} 是内置章节：可以隐藏它；改名请编辑其正文")
            }
            EditError::CustomChapter(id) => format!("章节 {id} 是用户自己的章节，没有内置正文"),
            EditError::DuplicateChapter(id) => format!("编号为 {id} 的章节已经存在"),
            EditError::BadChapterId(id) => {
                format!("章节编号 “{id}” 不是 1 至 64 个小写字母、数字或连字符")
            }
            EditError::BadChapterIndex(index) => format!("章节列表没有第 {index} 个位置"),
            EditError::BadChapterTitle => "章节标题只能有一行".to_owned(),
            EditError::EmptyVersion => "发布需要填写版本号".to_owned(),
            EditError::Released(version) => {
                format!("版本 {version} 已经发布过：新的发布请用另一个版本号")
            }
            EditError::OutOfRange {
                field,
                value,
                min,
                max,
            } => format!("{field} 的值 {value} 超出允许范围 {min} 至 {max}"),
            EditError::NameTooLong(bytes) => format!(
                "中心名称有 {bytes} 字节，超过封面一行能容纳的 {} 字节",
                crate::limits::MAX_PLAN_NAME_BYTES
            ),
        }
    }
}

/// What an applied edit did, so the UI can select the right node afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The plan changed; the node to select next, if any (a new node, a moved one).
    Changed { select: Option<NodeId> },
    /// The request asked for what the plan already was; nothing to record.
    Unchanged,
}

/// Refuses a value past ±`max` (the limits a file is held to, so an edit never makes a
/// plan that cannot be saved).
fn in_range(field: &'static str, value: i32, max: i32) -> Result<(), EditError> {
    if (-max..=max).contains(&value) {
        Ok(())
    } else {
        Err(EditError::OutOfRange {
            field,
            value: i64::from(value),
            min: i64::from(-max),
            max: i64::from(max),
        })
    }
}

/// Applies `edit` to `plan`. On error the plan is left exactly as it was.
pub fn apply(plan: &mut Plan, edit: &Edit) -> Result<Applied, EditError> {
    let chart = &mut plan.chart;
    let changed = |select: Option<&NodeId>| {
        Ok(Applied::Changed {
            select: select.cloned(),
        })
    };
    match edit {
        Edit::RenamePlan { name } => {
            if &plan.name == name {
                return Ok(Applied::Unchanged);
            }
            if name.len() > crate::limits::MAX_PLAN_NAME_BYTES {
                return Err(EditError::NameTooLong(name.len()));
            }
            plan.name = name.clone();
            changed(None)
        }
        Edit::RenamePlanEn { name } => {
            if &plan.name_en == name {
                return Ok(Applied::Unchanged);
            }
            if name.len() > crate::limits::MAX_PLAN_NAME_BYTES {
                return Err(EditError::NameTooLong(name.len()));
            }
            plan.name_en = name.clone();
            changed(None)
        }
        Edit::SetCenterType { center_type } => {
            if plan.center_type == *center_type {
                return Ok(Applied::Unchanged);
            }
            plan.center_type = *center_type;
            changed(None)
        }
        Edit::Rename { id, name } => {
            check_name(name)?;
            let node = node_mut(chart, id)?;
            if &node.name == name {
                return Ok(Applied::Unchanged);
            }
            node.name = name.clone();
            changed(Some(id))
        }
        Edit::SetKind { id, kind } => {
            let node = node_mut(chart, id)?;
            if node.kind == *kind {
                return Ok(Applied::Unchanged);
            }
            node.kind = *kind;
            changed(Some(id))
        }
        Edit::SetFunction { id, function } => {
            let node = node_mut(chart, id)?;
            if node.function == *function {
                return Ok(Applied::Unchanged);
            }
            node.function = *function;
            changed(Some(id))
        }
        Edit::SetRank { id, rank } => {
            let node = node_mut(chart, id)?;
            if let Some(Rank(value)) = rank {
                in_range("rank", *value, crate::limits::MAX_RANK)?;
            }
            if node.rank == *rank {
                return Ok(Applied::Unchanged);
            }
            node.rank = *rank;
            changed(Some(id))
        }
        Edit::SetHeadcount {
            id,
            planned,
            filled,
        } => {
            in_range("planned", *planned, crate::limits::MAX_HEADCOUNT)?;
            in_range("filled", *filled, crate::limits::MAX_HEADCOUNT)?;
            if *planned < 0 || *filled < 0 {
                return Err(EditError::NegativeHeadcount(Named::on(chart, id)));
            }
            let node = node_mut(chart, id)?;
            let headcount = Headcount::new(*planned, *filled);
            if node.headcount == headcount {
                return Ok(Applied::Unchanged);
            }
            node.headcount = headcount;
            changed(Some(id))
        }
        Edit::AddChild { parent, kind, name } => {
            check_name(name)?;
            let id = add_node(plan, parent, *kind, name)?;
            changed(Some(&id))
        }
        Edit::AddAssistant { manager, name } => {
            check_name(name)?;
            let id = add_node(plan, manager, NodeKind::Assistant, name)?;
            changed(Some(&id))
        }
        Edit::DeleteSubtree { id } => {
            let parent = delete_subtree(plan, id)?;
            changed(parent.as_ref())
        }
        Edit::Move { id, new_parent } => move_node(plan, id, new_parent),
        Edit::AddLine { from, to, kind } => {
            node_mut(chart, from)?;
            node_mut(chart, to)?;
            if from == to {
                return Err(EditError::SelfLine(Named::on(chart, from)));
            }
            let line = Line {
                from: from.clone(),
                to: to.clone(),
                kind: *kind,
            };
            if chart.lines.contains(&line) {
                return Err(EditError::DuplicateLine {
                    from: Named::on(chart, from),
                    to: Named::on(chart, to),
                    kind: kind.key(),
                });
            }
            chart.lines.push(line);
            changed(Some(from))
        }
        Edit::DeleteLine { index } => {
            if *index >= chart.lines.len() {
                return Err(EditError::UnknownLine(*index));
            }
            chart.lines.remove(*index);
            changed(None)
        }
        Edit::SetCollapsed { id, collapsed } => {
            let node = node_mut(chart, id)?;
            if node.collapsed == *collapsed {
                return Ok(Applied::Unchanged);
            }
            node.collapsed = *collapsed;
            changed(Some(id))
        }
        Edit::SetControl { control } => {
            crate::limits::check_control(control, "control").map_err(EditError::Limit)?;
            if plan.control == **control {
                return Ok(Applied::Unchanged);
            }
            plan.control = (**control).clone();
            changed(None)
        }
        Edit::SetLogo { logo } => {
            if plan.logo == *logo {
                return Ok(Applied::Unchanged);
            }
            plan.logo = logo.clone();
            changed(None)
        }
        Edit::ReplaceChart { chart: new_chart } => {
            let replaced = crate::templates::with_chart(plan.clone(), (**new_chart).clone());
            crate::limits::check_plan(&replaced).map_err(EditError::Limit)?;
            if replaced == *plan {
                return Ok(Applied::Unchanged);
            }
            *plan = replaced;
            changed(None)
        }
        Edit::Release {
            version,
            date,
            summary,
            author,
        } => {
            use crate::control::{
                MAX_NUMBER_BYTES, MAX_RELEASES, MAX_REVISIONS, Release, Revision,
            };
            let version = version.trim();
            if version.is_empty() {
                return Err(EditError::EmptyVersion);
            }
            if plan.releases.iter().any(|r| r.version == version) {
                return Err(EditError::Released(version.to_owned()));
            }
            let check = || -> Result<(), crate::limits::LimitError> {
                crate::limits::text("version", version, MAX_NUMBER_BYTES)?;
                crate::limits::text("author", author, crate::limits::MAX_NAME_BYTES)?;
                crate::limits::text(
                    "summary.zh",
                    &summary.zh,
                    crate::limits::MAX_PARAGRAPH_BYTES,
                )?;
                crate::limits::text(
                    "summary.en",
                    &summary.en,
                    crate::limits::MAX_PARAGRAPH_BYTES,
                )?;
                crate::limits::count("releases", plan.releases.len() + 1, MAX_RELEASES)?;
                crate::limits::count("revisions", plan.control.revisions.len() + 1, MAX_REVISIONS)
            };
            check().map_err(EditError::Limit)?;
            let author = match author.trim() {
                "" => plan.control.prepared.name.clone(),
                name => name.to_owned(),
            };
            let content = std::sync::Arc::new(crate::control::content(plan));
            plan.control.version = version.to_owned();
            plan.control.revisions.push(Revision {
                version: version.to_owned(),
                date: Some(*date),
                author,
                summary: Text::new(summary.zh.trim(), summary.en.trim()),
            });
            plan.releases.push(Release {
                version: version.to_owned(),
                date: *date,
                plan: content,
            });
            changed(None)
        }
        Edit::SetRules { rules } => {
            crate::limits::check_rules(rules, "rules").map_err(EditError::Limit)?;
            if plan.rules == **rules {
                return Ok(Applied::Unchanged);
            }
            plan.rules = (**rules).clone();
            changed(None)
        }
        Edit::SetStaffing { staffing, planned } => {
            // Every id and count is checked before anything changes.
            if let Some(staffing) = staffing {
                crate::limits::check_staffing(staffing).map_err(EditError::Limit)?;
            }
            for entry in planned {
                if entry.planned < 0 {
                    return Err(EditError::NegativeHeadcount(Named::on(chart, &entry.id)));
                }
                node_mut(chart, &entry.id)?;
            }
            let staffing = staffing.as_deref();
            let same_headcount = planned.iter().all(|entry| {
                chart
                    .node(&entry.id)
                    .is_some_and(|n| n.headcount.planned == entry.planned)
            });
            if plan.staffing.as_ref() == staffing && same_headcount {
                return Ok(Applied::Unchanged);
            }
            for entry in planned {
                node_mut(&mut plan.chart, &entry.id)?.headcount.planned = entry.planned;
            }
            plan.staffing = staffing.cloned();
            changed(None)
        }
        Edit::AddMatrixRow { .. }
        | Edit::RemoveMatrixRow { .. }
        | Edit::MoveMatrixRow { .. }
        | Edit::SetCellDuties { .. }
        | Edit::SetRaci { .. }
        | Edit::SetLead { .. } => apply_matrix(plan, edit),
        Edit::SetJobDescription { .. }
        | Edit::RemoveJobDescription { .. }
        | Edit::SetKpi { .. }
        | Edit::AddKpi { .. }
        | Edit::RemoveKpi { .. } => apply_documents(plan, edit),
        Edit::AddChapter { .. }
        | Edit::DeleteChapter { .. }
        | Edit::MoveChapter { .. }
        | Edit::SetChapterHidden { .. }
        | Edit::SetChapterText { .. }
        | Edit::RenameChapter { .. }
        | Edit::ResetChapter { .. }
        | Edit::RebaseChapter { .. }
        | Edit::SetManual { .. } => crate::manual::apply_chapter_edit(plan, edit),
    }
}

/// Whether a change happened: `Changed` selecting nothing, or `Unchanged`.
fn changed_if(changed: bool) -> Result<Applied, EditError> {
    Ok(if changed {
        Applied::Changed { select: None }
    } else {
        Applied::Unchanged
    })
}

fn row_index(plan: &Plan, role: &NodeId) -> Result<usize, EditError> {
    plan.matrix
        .rows
        .iter()
        .position(|r| &r.role == role)
        .ok_or_else(|| EditError::UnknownRow(role.clone()))
}

/// The matrix operations. Rows refer to chart nodes; a row whose node is gone (from an
/// imported file) can still be edited and removed, only new rows must name a node.
fn apply_matrix(plan: &mut Plan, edit: &Edit) -> Result<Applied, EditError> {
    match edit {
        Edit::AddMatrixRow { role, index } => {
            if plan.chart.node(role).is_none() {
                return Err(EditError::UnknownNode(role.clone()));
            }
            if plan.matrix.rows.iter().any(|r| &r.role == role) {
                return Err(EditError::DuplicateRow(Named::on(&plan.chart, role)));
            }
            let rows = &mut plan.matrix.rows;
            let at = index.unwrap_or(rows.len());
            if at > rows.len() {
                return Err(EditError::BadRowIndex(at));
            }
            rows.insert(at, MatrixRow::new(role.as_str()));
            changed_if(true)
        }
        Edit::RemoveMatrixRow { role } => {
            let at = row_index(plan, role)?;
            plan.matrix.rows.remove(at);
            changed_if(true)
        }
        Edit::MoveMatrixRow { role, index } => {
            let from = row_index(plan, role)?;
            let rows = &mut plan.matrix.rows;
            if *index >= rows.len() {
                return Err(EditError::BadRowIndex(*index));
            }
            let row = rows.remove(from);
            rows.insert(*index, row);
            changed_if(from != *index)
        }
        Edit::SetCellDuties {
            role,
            phase,
            duties,
        } => {
            within(limits::count("duties", duties.len(), limits::MAX_DUTIES))?;
            for (d, duty) in duties.iter().enumerate() {
                within(limits::both(
                    || format!("duties[{d}]"),
                    duty,
                    limits::MAX_DUTY_BYTES,
                ))?;
            }
            let at = row_index(plan, role)?;
            let cell = plan.matrix.rows[at].cell_mut(*phase);
            let changed = &cell.duties != duties;
            cell.duties = duties.clone();
            changed_if(changed)
        }
        Edit::SetRaci { role, phase, raci } => {
            let at = row_index(plan, role)?;
            let cell = plan.matrix.rows[at].cell_mut(*phase);
            let changed = cell.raci != *raci;
            cell.raci = *raci;
            changed_if(changed)
        }
        Edit::SetLead { role, phase } => {
            let at = row_index(plan, role)?;
            let mut changed = false;
            for (i, row) in plan.matrix.rows.iter_mut().enumerate() {
                let cell = row.cell_mut(*phase);
                let lead = i == at;
                changed |= cell.lead != lead;
                cell.lead = lead;
            }
            changed_if(changed)
        }
        _ => unreachable!("apply routes only matrix edits here"),
    }
}

/// A node's new name within [`limits::MAX_NAME_BYTES`] in each language.
fn check_name(name: &Text) -> Result<(), EditError> {
    within(limits::both(
        || "name".to_owned(),
        name,
        limits::MAX_NAME_BYTES,
    ))
}

/// A limit's verdict as an edit's: the plan an edit makes must pass the limits a file
/// is held to, so that it can always be saved and exported.
fn within(checked: Result<(), limits::LimitError>) -> Result<(), EditError> {
    checked.map_err(EditError::Limit)
}

/// Job descriptions and KPIs.
fn apply_documents(plan: &mut Plan, edit: &Edit) -> Result<Applied, EditError> {
    match edit {
        Edit::SetJobDescription {
            position,
            summary,
            duties,
        } => {
            within(limits::both(
                || "summary".to_owned(),
                summary,
                limits::MAX_PARAGRAPH_BYTES,
            ))?;
            within(limits::count("duties", duties.len(), limits::MAX_DUTIES))?;
            for (d, duty) in duties.iter().enumerate() {
                within(limits::both(
                    || format!("duties[{d}].text"),
                    &duty.text,
                    limits::MAX_DUTY_BYTES,
                ))?;
            }
            if let Some(job) = plan
                .job_descriptions
                .iter_mut()
                .find(|j| &j.position == position)
            {
                let changed = &job.summary != summary || &job.duties != duties;
                job.summary = summary.clone();
                job.duties = duties.clone();
                return changed_if(changed);
            }
            if plan.chart.node(position).is_none() {
                return Err(EditError::UnknownNode(position.clone()));
            }
            plan.job_descriptions.push(JobDescription {
                position: position.clone(),
                summary: summary.clone(),
                duties: duties.clone(),
            });
            changed_if(true)
        }
        Edit::RemoveJobDescription { position } => {
            let before = plan.job_descriptions.len();
            plan.job_descriptions.retain(|j| &j.position != position);
            if plan.job_descriptions.len() == before {
                return Err(EditError::UnknownJob(position.clone()));
            }
            changed_if(true)
        }
        Edit::SetKpi { kpi } => {
            if kpi.id.trim().is_empty() {
                return Err(EditError::EmptyKpiId);
            }
            within(limits::text("kpi.id", &kpi.id, limits::MAX_ID_BYTES))?;
            let texts = [
                ("kpi.name", &kpi.name, limits::MAX_NAME_BYTES),
                (
                    "kpi.definition",
                    &kpi.definition,
                    limits::MAX_PARAGRAPH_BYTES,
                ),
                ("kpi.formula", &kpi.formula, limits::MAX_PARAGRAPH_BYTES),
            ];
            for (field, value, limit) in texts {
                within(limits::both(|| field.to_owned(), value, limit))?;
            }
            within(limits::text(
                "kpi.target",
                &kpi.target,
                limits::MAX_NAME_BYTES,
            ))?;
            match plan.kpis.iter_mut().find(|k| k.id == kpi.id) {
                Some(existing) => {
                    let changed = existing != kpi;
                    *existing = kpi.clone();
                    changed_if(changed)
                }
                None => {
                    plan.kpis.push(kpi.clone());
                    changed_if(true)
                }
            }
        }
        Edit::AddKpi { name } => {
            within(limits::both(
                || "name".to_owned(),
                name,
                limits::MAX_NAME_BYTES,
            ))?;
            let id = (plan.kpis.len() + 1..)
                .map(|k| format!("kpi-{k}"))
                .find(|id| !plan.kpis.iter().any(|k| &k.id == id))
                .expect("an unbounded range always yields a free id");
            plan.kpis.push(Kpi {
                id,
                name: name.clone(),
                definition: Text::default(),
                formula: Text::default(),
                target: String::new(),
                audience: Audience::Both,
            });
            changed_if(true)
        }
        Edit::RemoveKpi { id } => {
            let before = plan.kpis.len();
            plan.kpis.retain(|k| &k.id != id);
            if plan.kpis.len() == before {
                return Err(EditError::UnknownKpi(id.clone()));
            }
            changed_if(true)
        }
        _ => unreachable!("apply routes only job description and kpi edits here"),
    }
}

fn node_mut<'a>(
    chart: &'a mut crate::model::OrgChart,
    id: &NodeId,
) -> Result<&'a mut Node, EditError> {
    chart
        .node_mut(id)
        .ok_or_else(|| EditError::UnknownNode(id.clone()))
}

/// An id not used in `plan`, derived from `base` (`base`, `base-2`, `base-3`, ...).
pub fn fresh_id(plan: &Plan, base: &str) -> NodeId {
    let taken: std::collections::HashSet<&str> =
        plan.chart.nodes.iter().map(|n| n.id.as_str()).collect();
    if !taken.contains(base) {
        return NodeId::new(base);
    }
    (2..)
        .map(|k| format!("{base}-{k}"))
        .find(|candidate| !taken.contains(candidate.as_str()))
        .map(NodeId)
        .expect("an unbounded range always yields a free id")
}

fn add_node(
    plan: &mut Plan,
    parent: &NodeId,
    kind: NodeKind,
    name: &Text,
) -> Result<NodeId, EditError> {
    let Some(parent_index) = plan.chart.nodes.iter().position(|n| &n.id == parent) else {
        return Err(EditError::UnknownNode(parent.clone()));
    };
    // Ids derive from the parent's, so they grow with depth: deep down, where one more
    // step could pass the id limit, a new id starts afresh from the kind alone.
    let mut base = format!("{parent}-{}", kind.key());
    if base.len() + 8 > limits::MAX_ID_BYTES {
        base = kind.key().to_owned();
    }
    let id = fresh_id(plan, &base);
    let node = Node::new(id.as_str(), Some(parent.as_str()), kind, name.clone());
    // After the parent's last descendant, so siblings keep their order and the new node
    // is drawn last among them.
    let last = plan.chart.tree().declared_subtree(parent_index).max();
    let insert_at = last.unwrap_or(parent_index) + 1;
    plan.chart.nodes.insert(insert_at, node);
    Ok(id)
}

/// Removes `id` and its subtree, the extra lines touching them, their matrix rows and job
/// descriptions, and the career steps that are those positions. Returns the deleted node's parent.
fn delete_subtree(plan: &mut Plan, id: &NodeId) -> Result<Option<NodeId>, EditError> {
    let Some(root) = plan.chart.nodes.iter().position(|n| &n.id == id) else {
        return Err(EditError::UnknownNode(id.clone()));
    };
    let parent = plan.chart.nodes[root].parent.clone();
    let mut doomed = vec![false; plan.chart.nodes.len()];
    for i in plan.chart.tree().declared_subtree(root) {
        doomed[i] = true;
    }
    let removed: std::collections::HashSet<NodeId> = plan
        .chart
        .nodes
        .iter()
        .zip(&doomed)
        .filter(|(_, doomed)| **doomed)
        .map(|(n, _)| n.id.clone())
        .collect();
    let mut keep = doomed.iter().map(|d| !d);
    plan.chart.nodes.retain(|_| keep.next().unwrap_or(true));
    plan.chart
        .lines
        .retain(|l| !removed.contains(&l.from) && !removed.contains(&l.to));
    plan.matrix.rows.retain(|r| !removed.contains(&r.role));
    plan.job_descriptions
        .retain(|j| !removed.contains(&j.position));
    // A career step that is a deleted position goes with it, as its job description does.
    plan.career_path
        .retain(|s| !s.position.as_ref().is_some_and(|p| removed.contains(p)));
    Ok(parent.filter(|p| !removed.contains(p)))
}

/// Whether `candidate` is `id` or lies below it on solid lines (on a cycle, anywhere on
/// it or below it: [`crate::tree::ChartTree::declared_subtree`]).
pub fn is_in_subtree(plan: &Plan, id: &NodeId, candidate: &NodeId) -> bool {
    let Some(root) = plan.chart.nodes.iter().position(|n| &n.id == id) else {
        return false;
    };
    plan.chart
        .tree()
        .declared_subtree(root)
        .any(|i| &plan.chart.nodes[i].id == candidate)
}

fn move_node(plan: &mut Plan, id: &NodeId, new_parent: &NodeId) -> Result<Applied, EditError> {
    let Some(index) = plan.chart.nodes.iter().position(|n| &n.id == id) else {
        return Err(EditError::UnknownNode(id.clone()));
    };
    if plan.chart.node(new_parent).is_none() {
        return Err(EditError::UnknownNode(new_parent.clone()));
    }
    let tree = plan.chart.tree();
    let moved: Vec<usize> = tree.declared_subtree(index).collect();
    if moved.iter().any(|&i| &plan.chart.nodes[i].id == new_parent) {
        return Err(EditError::Cycle {
            id: Named::on(&plan.chart, id),
            new_parent: Named::on(&plan.chart, new_parent),
        });
    }
    if plan.chart.nodes[index].parent.as_ref() == Some(new_parent) {
        return Ok(Applied::Unchanged);
    }
    // Explicit ranks in the moved subtree keep their distance from the subtree's parent:
    // an oversight unit half a level up stays half a level up under its new manager.
    let ranks = tree.ranks();
    let by_id = plan.chart.index();
    let old_parent_rank = plan.chart.nodes[index]
        .parent
        .as_ref()
        .and_then(|p| by_id.get(p))
        .map(|&i| ranks[i]);
    let new_parent_rank = ranks[by_id[new_parent]];
    let shift = old_parent_rank.map_or(0, |old| new_parent_rank.0.saturating_sub(old.0));
    for i in moved {
        if let Some(rank) = &mut plan.chart.nodes[i].rank {
            rank.0 = rank
                .0
                .saturating_add(shift)
                .clamp(-crate::limits::MAX_RANK, crate::limits::MAX_RANK);
        }
    }
    plan.chart.nodes[index].parent = Some(new_parent.clone());
    Ok(Applied::Changed {
        select: Some(id.clone()),
    })
}

/// A plan being edited, with its undo/redo history and whether it has unsaved changes.
#[derive(Debug, Clone)]
pub struct Editor {
    plan: Plan,
    undo: Vec<(Plan, u64)>,
    redo: Vec<(Plan, u64)>,
    /// Bumped by every change; each plan state has its own number, so undoing back to
    /// the saved state counts as saved again.
    revision: u64,
    next_revision: u64,
    saved_revision: Option<u64>,
}

/// How many steps the history keeps; older steps are forgotten.
pub const HISTORY_LIMIT: usize = 200;

impl Editor {
    /// Starts editing a plan that matches its file on disk (or a new plan, `saved` false).
    pub fn new(plan: Plan, saved: bool) -> Editor {
        Editor {
            plan,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            next_revision: 1,
            saved_revision: saved.then_some(0),
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Applies an edit and records it for undo (unless it changed nothing).
    pub fn apply(&mut self, edit: &Edit) -> Result<Applied, EditError> {
        let before = self.plan.clone();
        let applied = apply(&mut self.plan, edit)?;
        if let Applied::Changed { .. } = applied {
            self.undo.push((before, self.revision));
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
            self.redo.clear();
            self.revision = self.next_revision;
            self.next_revision += 1;
        }
        Ok(applied)
    }

    /// Steps back one edit; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some((plan, revision)) = self.undo.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.plan, plan);
        self.redo.push((current, self.revision));
        self.revision = revision;
        true
    }

    /// Re-applies the last undone edit; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some((plan, revision)) = self.redo.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.plan, plan);
        self.undo.push((current, self.revision));
        self.revision = revision;
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether the plan differs from what was last saved (always true for a new plan).
    pub fn is_dirty(&self) -> bool {
        self.saved_revision != Some(self.revision)
    }

    /// Records that the current state has been written to disk.
    pub fn mark_saved(&mut self) {
        self.saved_revision = Some(self.revision);
    }

    /// A number identifying the current state, so an autosave can skip a state it wrote.
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

/// The file name of the recovery copy of a document: one per document path, so two
/// windows or two files never overwrite each other's copy, and `untitled` for a plan
/// not saved yet. The name hashes the path with FNV-1a, which is stable across builds
/// and platforms (std's hasher is not).
pub fn recovery_file_name(document: Option<&Path>) -> String {
    match document {
        None => "recovery-untitled.json".to_owned(),
        Some(path) => {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in path.to_string_lossy().as_bytes() {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem: String = stem
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .take(40)
                .collect();
            format!("recovery-{stem}-{hash:016x}.json")
        }
    }
}

/// A recovery copy: the plan as JSON interchange and the document it belongs to.
#[derive(Debug, Serialize, Deserialize)]
struct RecoveryFile {
    /// The document's path, or none for a plan never saved.
    document: Option<std::path::PathBuf>,
    /// The plan in the versioned JSON interchange format.
    plan: serde_json::Value,
}

/// Serializes a recovery copy of `plan`, remembering which document it belongs to.
pub fn recovery_to_json(plan: &Plan, document: Option<&Path>) -> String {
    let interchange: serde_json::Value = serde_json::from_str(&crate::interchange::to_json(plan))
        .expect("interchange output is valid JSON");
    serde_json::to_string(&RecoveryFile {
        document: document.map(Path::to_path_buf),
        plan: interchange,
    })
    .expect("a recovery copy always serializes")
}

/// Reads a recovery copy back: the plan and the document it belongs to.
pub fn recovery_from_json(
    text: &str,
) -> Result<(Plan, Option<std::path::PathBuf>), crate::interchange::JsonError> {
    let file: RecoveryFile =
        serde_json::from_str(text).map_err(crate::interchange::JsonError::Syntax)?;
    let plan = crate::interchange::from_json(&file.plan.to_string())?;
    Ok((plan, file.document))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Failure;
    use crate::model::{CenterType, Function};
    use crate::templates::template;

    fn hybrid() -> Plan {
        template(CenterType::Hybrid, "测试中心")
    }

    fn id(s: &str) -> NodeId {
        NodeId::new(s)
    }

    fn function_id(plan: &Plan, function: Function) -> NodeId {
        plan.chart
            .find_function(function)
            .expect("template tags it")
            .id
            .clone()
    }

    /// Applies `edit` to a fresh hybrid plan and compares the outcome with `expected`:
    /// `Ok(())` for a change, or the refusal's code.
    fn check(edit: Edit, expected: Result<(), &str>) {
        let mut plan = hybrid();
        let before = plan.clone();
        let outcome = apply(&mut plan, &edit);
        match (outcome, expected) {
            (Ok(Applied::Changed { .. }), Ok(())) => assert_ne!(plan, before, "{edit:?}"),
            (Err(err), Err(code)) => {
                assert_eq!(err.code(), code, "{edit:?}");
                assert_eq!(plan, before, "a refused edit left changes: {edit:?}");
            }
            (outcome, expected) => panic!("{edit:?}: got {outcome:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn edits_are_applied_or_refused_with_a_code() {
        let plan = hybrid();
        let gm = function_id(&plan, Function::GeneralManager);
        let ops = function_id(&plan, Function::Operations);
        let name = Text::new("新岗位", "New post");
        check(
            Edit::Rename {
                id: ops.clone(),
                name: name.clone(),
            },
            Ok(()),
        );
        check(
            Edit::Rename {
                id: id("nobody"),
                name: name.clone(),
            },
            Err("edit.unknown-node"),
        );
        check(
            Edit::SetRank {
                id: ops.clone(),
                rank: Some(Rank(3)),
            },
            Ok(()),
        );
        check(
            Edit::SetHeadcount {
                id: ops.clone(),
                planned: 5,
                filled: 3,
            },
            Ok(()),
        );
        check(
            Edit::SetHeadcount {
                id: ops.clone(),
                planned: -1,
                filled: 0,
            },
            Err("edit.negative-headcount"),
        );
        check(
            Edit::AddChild {
                parent: ops.clone(),
                kind: NodeKind::Position,
                name: name.clone(),
            },
            Ok(()),
        );
        check(
            Edit::AddAssistant {
                manager: gm.clone(),
                name: name.clone(),
            },
            Ok(()),
        );
        check(Edit::DeleteSubtree { id: ops.clone() }, Ok(()));
        check(
            Edit::Move {
                id: gm.clone(),
                new_parent: ops.clone(),
            },
            Err("edit.cycle"),
        );
        check(
            Edit::Move {
                id: ops.clone(),
                new_parent: ops.clone(),
            },
            Err("edit.cycle"),
        );
        check(
            Edit::AddLine {
                from: ops.clone(),
                to: ops.clone(),
                kind: LineKind::Dotted,
            },
            Err("edit.self-line"),
        );
        check(
            Edit::AddLine {
                from: ops.clone(),
                to: gm.clone(),
                kind: LineKind::Dotted,
            },
            Ok(()),
        );
        check(Edit::DeleteLine { index: 0 }, Ok(()));
        check(Edit::DeleteLine { index: 999 }, Err("edit.unknown-line"));
        check(
            Edit::SetCollapsed {
                id: gm,
                collapsed: true,
            },
            Ok(()),
        );
    }

    #[test]
    fn deleting_a_subtree_removes_what_refers_to_it() {
        let mut plan = hybrid();
        let analysis = function_id(&plan, Function::OperationsAnalysis);
        let oversight = plan.chart.node(&analysis).unwrap().parent.clone().unwrap();
        assert!(
            plan.chart.lines.iter().any(|l| l.from == analysis),
            "the bypass line"
        );
        let applied = apply(
            &mut plan,
            &Edit::DeleteSubtree {
                id: oversight.clone(),
            },
        )
        .unwrap();
        assert!(plan.chart.node(&analysis).is_none());
        assert!(plan.chart.node(&oversight).is_none());
        assert!(
            !plan
                .chart
                .lines
                .iter()
                .any(|l| l.from == analysis || l.to == analysis)
        );
        assert!(!plan.matrix.rows.iter().any(|r| r.role == analysis));
        assert!(!plan.job_descriptions.iter().any(|j| j.position == analysis));
        assert!(matches!(applied, Applied::Changed { select: Some(_) }));
        // Nothing left refers to a missing node.
        let unknown: Vec<_> = crate::validate::validate(&plan)
            .into_iter()
            .filter(|d| d.code.contains("unknown"))
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn moving_keeps_a_raised_unit_half_a_level_up() {
        let mut plan = hybrid();
        let analysis = function_id(&plan, Function::OperationsAnalysis);
        let ops = function_id(&plan, Function::Operations);
        let before_ranks = plan.chart.effective_ranks();
        let index = plan.chart.index();
        let ops_rank = before_ranks[index[&ops]];
        apply(
            &mut plan,
            &Edit::Move {
                id: analysis.clone(),
                new_parent: ops.clone(),
            },
        )
        .unwrap();
        let ranks = plan.chart.effective_ranks();
        let index = plan.chart.index();
        assert_eq!(
            plan.chart.node(&analysis).unwrap().parent,
            Some(ops.clone())
        );
        assert!(
            ranks[index[&analysis]] > ops_rank,
            "still below its new manager"
        );
        // Moving under its current parent again is no change.
        assert_eq!(
            apply(
                &mut plan,
                &Edit::Move {
                    id: analysis,
                    new_parent: ops
                }
            ),
            Ok(Applied::Unchanged)
        );
    }

    #[test]
    fn a_new_child_gets_a_fresh_id_and_lands_after_its_siblings() {
        let mut plan = hybrid();
        let ops = function_id(&plan, Function::Operations);
        let name = Text::new("班组", "Team");
        let edit = Edit::AddChild {
            parent: ops.clone(),
            kind: NodeKind::Unit,
            name,
        };
        let Applied::Changed {
            select: Some(first),
        } = apply(&mut plan, &edit).unwrap()
        else {
            panic!("no new node")
        };
        let Applied::Changed {
            select: Some(second),
        } = apply(&mut plan, &edit).unwrap()
        else {
            panic!("no new node")
        };
        assert_ne!(first, second);
        let order: Vec<&NodeId> = plan
            .chart
            .nodes
            .iter()
            .filter(|n| n.parent.as_ref() == Some(&ops))
            .map(|n| &n.id)
            .collect();
        assert_eq!(order[order.len() - 2..], [&first, &second]);
    }

    #[test]
    fn undo_and_redo_walk_the_history_and_track_unsaved_changes() {
        let plan = hybrid();
        let ops = function_id(&plan, Function::Operations);
        let original = plan.clone();
        let mut editor = Editor::new(plan, true);
        assert!(!editor.is_dirty() && !editor.can_undo());
        let rename = Edit::Rename {
            id: ops.clone(),
            name: Text::new("运营一部", "Ops 1"),
        };
        editor.apply(&rename).unwrap();
        assert!(editor.is_dirty());
        // An edit that changes nothing is not a step.
        editor.apply(&rename).unwrap();
        assert!(editor.undo());
        assert_eq!(editor.plan(), &original);
        assert!(!editor.is_dirty(), "back at the saved state");
        assert!(!editor.undo());
        assert!(editor.redo());
        assert_eq!(editor.plan().chart.node(&ops).unwrap().name.en, "Ops 1");
        editor.mark_saved();
        assert!(!editor.is_dirty());
        assert!(editor.undo());
        assert!(editor.is_dirty(), "the saved state is the renamed one");
        // A new edit after an undo drops the redo branch.
        editor
            .apply(&Edit::SetCollapsed {
                id: ops,
                collapsed: true,
            })
            .unwrap();
        assert!(!editor.can_redo());
        // A refused edit leaves history alone.
        let steps_before = editor.can_undo();
        assert!(editor.apply(&Edit::DeleteLine { index: 999 }).is_err());
        assert_eq!(editor.can_undo(), steps_before);
    }

    #[test]
    fn a_new_plan_is_unsaved_and_history_is_bounded() {
        let plan = hybrid();
        let ops = function_id(&plan, Function::Operations);
        let mut editor = Editor::new(plan, false);
        assert!(editor.is_dirty());
        for planned in 1..=(HISTORY_LIMIT as i32 + 10) {
            editor
                .apply(&Edit::SetHeadcount {
                    id: ops.clone(),
                    planned,
                    filled: 0,
                })
                .unwrap();
        }
        let mut steps = 0;
        while editor.undo() {
            steps += 1;
        }
        assert_eq!(steps, HISTORY_LIMIT);
    }

    /// The center's English name and its type are each one undoable step; the English
    /// name is held to the cover line like the Chinese one.
    #[test]
    fn a_refused_edit_names_the_boxes_the_user_sees_not_their_ids() {
        // Before, "a dotted line from n17 to n4 exists already": ids the user never typed.
        let mut plan = hybrid();
        let csr = function_id(&plan, Function::Csr);
        let qa = function_id(&plan, Function::QaSpecialist);
        let add = Edit::AddLine {
            from: csr.clone(),
            to: qa.clone(),
            kind: LineKind::Dotted,
        };
        apply(&mut plan, &add).unwrap();
        let err = apply(&mut plan, &add).unwrap_err();
        let name = |id: &NodeId| plan.chart.node(id).unwrap().name.clone();
        let (csr_name, qa_name) = (name(&csr), name(&qa));
        let zh = err.message(Lang::Zh);
        let en = err.message(Lang::En);
        assert!(
            zh.contains(&format!("“{}”", csr_name.zh)) && zh.contains(&qa_name.zh),
            "{zh}"
        );
        assert!(
            en.contains(&format!("\"{}\"", csr_name.en)) && en.contains(&qa_name.en),
            "{en}"
        );
        assert!(
            !zh.contains(csr.as_str()) && !en.contains(csr.as_str()),
            "{zh} / {en}"
        );

        let gm = plan
            .chart
            .nodes
            .iter()
            .find(|n| n.parent.is_none())
            .unwrap()
            .id
            .clone();
        let err = apply(
            &mut plan,
            &Edit::Move {
                id: gm.clone(),
                new_parent: csr.clone(),
            },
        )
        .unwrap_err();
        assert!(err.message(Lang::En).contains(&csr_name.en), "{err}");
        // A node without a name is named by its id.
        let named = Named {
            id: id("n9"),
            name: Text::default(),
        };
        assert_eq!(named.label(Lang::Zh), "n9");
    }

    #[test]
    fn the_center_is_renamed_in_english_and_retyped_in_single_steps() {
        let plan = hybrid();
        let mut editor = Editor::new(plan.clone(), true);
        let rename = Edit::RenamePlanEn {
            name: "North China Service Center".into(),
        };
        assert!(matches!(
            editor.apply(&rename).unwrap(),
            Applied::Changed { .. }
        ));
        assert_eq!(editor.apply(&rename).unwrap(), Applied::Unchanged);
        assert_eq!(editor.plan().name_en, "North China Service Center");
        assert_eq!(editor.plan().name, plan.name, "the Chinese name stays");

        let retype = Edit::SetCenterType {
            center_type: CenterType::Service,
        };
        editor.apply(&retype).unwrap();
        assert_eq!(editor.plan().center_type, CenterType::Service);
        // Changing the type deletes nothing the user made.
        assert_eq!(editor.plan().chart, plan.chart);
        assert_eq!(editor.plan().matrix, plan.matrix);
        assert_eq!(editor.plan().job_descriptions, plan.job_descriptions);
        assert_eq!(editor.plan().kpis, plan.kpis);

        assert!(editor.undo());
        assert_eq!(editor.plan().center_type, CenterType::Hybrid);
        assert!(editor.undo());
        assert_eq!(editor.plan(), &plan);
        assert!(!editor.is_dirty());

        let too_long = "x".repeat(crate::limits::MAX_PLAN_NAME_BYTES + 1);
        check(
            Edit::RenamePlanEn { name: too_long },
            Err("edit.name-too-long"),
        );
    }

    fn duty(zh: &str) -> Text {
        Text::new(zh, "")
    }

    #[test]
    fn matrix_edits_are_applied_or_refused_with_a_code() {
        let plan = hybrid();
        let first = plan.matrix.rows[0].role.clone();
        let gm_assistant = id("gm-assistant");
        let in_matrix = |n: &NodeId| plan.matrix.rows.iter().any(|r| &r.role == n);
        let outside = plan
            .chart
            .nodes
            .iter()
            .map(|n| n.id.clone())
            .find(|n| !in_matrix(n))
            .expect("a node without a row");
        let add = |role: &NodeId, index| Edit::AddMatrixRow {
            role: role.clone(),
            index,
        };
        check(add(&outside, None), Ok(()));
        check(add(&outside, Some(0)), Ok(()));
        check(add(&outside, Some(999)), Err("edit.bad-row-index"));
        check(add(&first, None), Err("edit.duplicate-row"));
        check(add(&id("nobody"), None), Err("edit.unknown-node"));
        check(
            Edit::RemoveMatrixRow {
                role: first.clone(),
            },
            Ok(()),
        );
        check(
            Edit::RemoveMatrixRow {
                role: gm_assistant.clone(),
            },
            if in_matrix(&gm_assistant) {
                Ok(())
            } else {
                Err("edit.unknown-row")
            },
        );
        check(
            Edit::MoveMatrixRow {
                role: first.clone(),
                index: 2,
            },
            Ok(()),
        );
        check(
            Edit::MoveMatrixRow {
                role: first.clone(),
                index: 99,
            },
            Err("edit.bad-row-index"),
        );
        check(
            Edit::SetCellDuties {
                role: first.clone(),
                phase: Phase::Intake,
                duties: vec![duty("评估新项目")],
            },
            Ok(()),
        );
        check(
            Edit::SetCellDuties {
                role: outside.clone(),
                phase: Phase::Intake,
                duties: vec![],
            },
            Err("edit.unknown-row"),
        );
        check(
            Edit::SetRaci {
                role: first.clone(),
                phase: Phase::Close,
                raci: Some(Raci::Informed),
            },
            Ok(()),
        );
        check(
            Edit::SetJobDescription {
                position: outside.clone(),
                summary: duty("概述"),
                duties: vec![Duty {
                    text: duty("职责"),
                    audience: Audience::Csr,
                }],
            },
            Ok(()),
        );
        check(
            Edit::SetJobDescription {
                position: id("nobody"),
                summary: Text::default(),
                duties: vec![],
            },
            Err("edit.unknown-node"),
        );
        check(
            Edit::RemoveJobDescription {
                position: id("nobody"),
            },
            Err("edit.unknown-job"),
        );
        check(
            Edit::AddKpi {
                name: duty("首次解决率"),
            },
            Ok(()),
        );
        check(
            Edit::RemoveKpi {
                id: "nothing".into(),
            },
            Err("edit.unknown-kpi"),
        );
        let mut kpi = plan.kpis[0].clone();
        kpi.target = "90/20".into();
        check(Edit::SetKpi { kpi: kpi.clone() }, Ok(()));
        kpi.id = " ".into();
        check(Edit::SetKpi { kpi }, Err("edit.empty-kpi-id"));
    }

    #[test]
    fn setting_a_lead_moves_it_and_undo_puts_it_back() {
        let plan = hybrid();
        let leads =
            |plan: &Plan| -> Vec<NodeId> { plan.matrix.leads(Phase::Intake).cloned().collect() };
        let before = leads(&plan);
        assert_eq!(before.len(), 1, "the template has one intake lead");
        let other = plan
            .matrix
            .rows
            .iter()
            .map(|r| r.role.clone())
            .find(|r| r != &before[0])
            .unwrap();
        let mut editor = Editor::new(plan, true);
        let set = Edit::SetLead {
            role: other.clone(),
            phase: Phase::Intake,
        };
        editor.apply(&set).unwrap();
        assert_eq!(leads(editor.plan()), std::slice::from_ref(&other));
        // Leading already: nothing to record.
        assert_eq!(editor.apply(&set), Ok(Applied::Unchanged));
        let no_lead_errors = crate::validate::validate(editor.plan())
            .iter()
            .all(|d| !d.code.contains("lead"));
        assert!(no_lead_errors, "still one lead per phase");
        assert!(editor.undo());
        assert_eq!(leads(editor.plan()), before);
        assert!(!editor.can_undo());
        assert!(editor.redo());
        assert_eq!(leads(editor.plan()), [other]);
    }

    #[test]
    fn cell_duties_edit_reorder_and_undo_in_single_steps() {
        let plan = hybrid();
        let role = plan.matrix.rows[1].role.clone();
        let original = plan.matrix.rows[1].cell(Phase::Running).duties.clone();
        let mut editor = Editor::new(plan, true);
        let set = |duties: Vec<Text>| Edit::SetCellDuties {
            role: role.clone(),
            phase: Phase::Running,
            duties,
        };
        let mut edited = original.clone();
        edited.push(Text::new("每周复盘", "Weekly review"));
        editor.apply(&set(edited.clone())).unwrap();
        let mut reordered = edited.clone();
        reordered.reverse();
        editor.apply(&set(reordered.clone())).unwrap();
        let cell = |e: &Editor| e.plan().matrix.rows[1].cell(Phase::Running).duties.clone();
        assert_eq!(cell(&editor), reordered);
        assert!(editor.undo());
        assert_eq!(cell(&editor), edited);
        assert!(editor.undo());
        assert_eq!(cell(&editor), original);
        assert!(editor.redo() && editor.redo());
        assert_eq!(cell(&editor), reordered);
    }

    #[test]
    fn removing_a_row_shows_up_as_a_missing_lead_until_undone() {
        let plan = hybrid();
        let lead = plan.matrix.leads(Phase::Start).next().unwrap().clone();
        let mut editor = Editor::new(plan, true);
        editor
            .apply(&Edit::RemoveMatrixRow { role: lead.clone() })
            .unwrap();
        let codes: Vec<&str> = crate::validate::validate(editor.plan())
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(codes.contains(&"matrix.no-lead"), "{codes:?}");
        editor.undo();
        assert!(editor.plan().matrix.rows.iter().any(|r| r.role == lead));
    }

    #[test]
    fn added_kpis_get_fresh_ids() {
        let mut plan = hybrid();
        let count = plan.kpis.len();
        let add = Edit::AddKpi {
            name: Text::new("新指标", "New KPI"),
        };
        apply(&mut plan, &add).unwrap();
        apply(&mut plan, &add).unwrap();
        let ids: std::collections::HashSet<&str> =
            plan.kpis.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids.len(), count + 2);
    }

    #[test]
    fn recovery_names_are_stable_distinct_and_safe() {
        let a = recovery_file_name(Some(Path::new("/home/li/华北 中心.centerplan")));
        let b = recovery_file_name(Some(Path::new("/home/wang/华北 中心.centerplan")));
        assert_ne!(a, b);
        assert_eq!(
            a,
            recovery_file_name(Some(Path::new("/home/li/华北 中心.centerplan")))
        );
        assert!(
            a.starts_with("recovery-华北_中心-") && a.ends_with(".json"),
            "{a}"
        );
        assert!(!a.contains('/') && !a.contains(' '));
        assert_eq!(recovery_file_name(None), "recovery-untitled.json");
    }

    #[test]
    fn a_recovery_copy_round_trips() {
        let plan = hybrid();
        let path = Path::new("/tmp/north.centerplan");
        let text = recovery_to_json(&plan, Some(path));
        let (back, document) = recovery_from_json(&text).unwrap();
        assert_eq!(back, plan);
        assert_eq!(document.as_deref(), Some(path));
        assert!(recovery_from_json("{not json").is_err());
    }
}
