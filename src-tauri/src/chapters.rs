//! What the chapters tab and the rules form are sent, and the chapter editor's preview.
//!
//! The chapter list, its diagnostics and the center's rules travel with every
//! [`PlanView`](crate::view::PlanView), so an undo or redo redraws them like the rest. The
//! text of one chapter in one language (and the built-in change beside it) is asked for
//! when a chapter is selected, since a built-in chapter's text is rendered for the plan.
//! The preview of the chapter being edited typesets the text as typed, on a copy of the
//! plan, before it is committed: the page follows the keyboard while the plan's history
//! keeps one step per pause in typing.

use centerplan::control::{DocumentControl, Logo, LogoFormat};
use centerplan::edit::{self, Edit};
use centerplan::fonts::FontSet;
use centerplan::manual::{self, ChapterDiff, ChapterEntry};
use centerplan::model::{Lang, Plan, Text};
use centerplan::rules::{Frequency, Label, RuleGroup, RuleSpec, Rules, SpanUnit};
use centerplan::validate::{Diagnostic, Severity, Subject};
use serde::Serialize;
use ts_rs::TS;

use crate::docs::{PreviewCache, PreviewView};
use crate::error::AppError;

/// A diagnostic of one chapter: which chapter, which language's text and which line
/// (from 1), when the core knows them.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChapterDiagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    pub chapter: String,
    pub lang: Option<Lang>,
    pub line: Option<usize>,
}

/// A diagnostic of the center's rules, by the rule's key (`complaint.l4.resolve`;
/// `shift.N` for the shift table's row N, from 1; `shifts` for the table).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleDiagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    pub key: String,
}

/// A diagnostic of the document-control record, by the field it names
/// (`approved.date`, `revisions[2].date`, `version`).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlDiagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    pub field: String,
}

/// The plan's logo as the form shows it: what it is, and a fingerprint of its bytes so
/// the UI asks for the picture (`logo_url`) only when it changed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogoView {
    pub format: LogoFormat,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
    pub fingerprint: u32,
}

impl LogoView {
    pub fn of(logo: &Logo) -> LogoView {
        let (width, height) = logo.size();
        LogoView {
            format: logo.format(),
            width,
            height,
            bytes: u32::try_from(logo.bytes().len()).unwrap_or(u32::MAX),
            fingerprint: logo.fingerprint(),
        }
    }
}

/// The plan's manual as the chapters tab, the rules form and the document-control form
/// draw it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ManualView {
    /// Every chapter in print order, hidden ones included.
    pub chapters: Vec<ChapterEntry>,
    pub chapter_diagnostics: Vec<ChapterDiagnostic>,
    pub rules: Rules,
    pub rule_diagnostics: Vec<RuleDiagnostic>,
    pub control: DocumentControl,
    pub control_diagnostics: Vec<ControlDiagnostic>,
    pub logo: Option<LogoView>,
    /// The released versions, oldest first.
    pub releases: Vec<ReleaseView>,
    /// Whether the exported manual is marked as a draft (under control, and changed since
    /// its last release or never released).
    pub draft: bool,
}

/// A released version as the form lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseView {
    pub version: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// What the release dialog starts from: the version a release would likely have and the
/// changes since the last release, with a summary drafted from them.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseDraft {
    pub version: String,
    pub summary: Text,
    pub changes: Vec<Text>,
    /// The version the changes are counted from, none before the first release.
    pub since: Option<String>,
}

/// The release dialog's starting point for `plan`.
pub fn release_draft(plan: &Plan) -> ReleaseDraft {
    use centerplan::control;
    let last = plan.releases.last();
    let changes = last
        .map(|release| centerplan::diff::diff(&release.plan, &control::content(plan)))
        .unwrap_or_default();
    let summary = match last {
        None => Text::new("首次发布", "First release"),
        Some(_) => Text::new(
            centerplan::diff::summary(&changes, Lang::Zh),
            centerplan::diff::summary(&changes, Lang::En),
        ),
    };
    ReleaseDraft {
        version: control::next_version(plan),
        summary,
        changes: changes.into_iter().map(|c| c.text).collect(),
        since: last.map(|r| r.version.clone()),
    }
}

/// The manual's part of the plan's view, from the plan's validation.
pub fn manual_view(plan: &Plan, diagnostics: &[Diagnostic]) -> ManualView {
    let mut chapter_diagnostics = Vec::new();
    let mut rule_diagnostics = Vec::new();
    let mut control_diagnostics = Vec::new();
    for d in diagnostics {
        match &d.subject {
            Subject::Chapter { id, lang, line } => chapter_diagnostics.push(ChapterDiagnostic {
                code: d.code.to_owned(),
                severity: d.severity,
                message: d.message.clone(),
                chapter: id.clone(),
                lang: *lang,
                line: *line,
            }),
            Subject::Rule { key } => rule_diagnostics.push(RuleDiagnostic {
                code: d.code.to_owned(),
                severity: d.severity,
                message: d.message.clone(),
                key: key.clone(),
            }),
            Subject::Control { field } => control_diagnostics.push(ControlDiagnostic {
                code: d.code.to_owned(),
                severity: d.severity,
                message: d.message.clone(),
                field: field.clone(),
            }),
            _ => {}
        }
    }
    ManualView {
        chapters: manual::chapter_list(plan),
        chapter_diagnostics,
        rules: plan.rules.clone(),
        rule_diagnostics,
        control: plan.control.clone(),
        control_diagnostics,
        logo: plan.logo.as_ref().map(LogoView::of),
        releases: plan
            .releases
            .iter()
            .map(|r| ReleaseView {
                version: r.version.clone(),
                date: r.date.to_string(),
            })
            .collect(),
        draft: centerplan::control::is_draft(plan),
    }
}

/// One chapter's text in one language, as the editor shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChapterTextView {
    pub id: String,
    pub lang: Lang,
    /// The user's text, or the built-in text rendered for this plan in the user syntax.
    pub markdown: String,
    /// For an edited built-in chapter whose built-in text changed since it was edited:
    /// the current built-in text against the user's.
    pub builtin_change: Option<ChapterDiff>,
}

pub fn chapter_text(plan: &Plan, id: &str, lang: Lang) -> Result<ChapterTextView, AppError> {
    Ok(ChapterTextView {
        id: id.to_owned(),
        lang,
        markdown: manual::chapter_text(plan, id, lang)?,
        builtin_change: manual::builtin_change(plan, id, lang),
    })
}

/// The text being typed in the chapter editor, not yet committed to the plan.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChapterDraft {
    pub chapter: String,
    pub lang: Lang,
    pub markdown: String,
}

/// Which page of the manual the chapter editor's preview shows.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChapterPageRequest {
    pub edition: manual::Edition,
    pub lang: Lang,
    /// The chapter being edited: the page shown is where it starts …
    pub chapter: String,
    /// … or, when given, where its heading of this text (the one above the cursor) is.
    pub heading: Option<String>,
    /// The uncommitted text, previewed as if committed.
    pub draft: Option<ChapterDraft>,
}

/// The preview beside the chapter editor.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChapterPreview {
    pub preview: PreviewView,
    /// Whether the chapter is printed in this edition at all (a hidden chapter, or one all
    /// of whose text is for the other edition, is not): the page shown is then the nearest.
    pub found: bool,
}

/// The plan as it would be with `draft` committed; the plan itself when there is none or
/// it changes nothing. A draft the core would refuse (too long) is refused here alike.
pub fn with_draft(mut plan: Plan, draft: Option<&ChapterDraft>) -> Result<Plan, AppError> {
    if let Some(draft) = draft {
        let edit = Edit::SetChapterText {
            id: draft.chapter.clone(),
            lang: draft.lang,
            markdown: draft.markdown.clone(),
        };
        edit::apply(&mut plan, &edit)?;
    }
    Ok(plan)
}

/// The page of the chapter editor's preview: the manual of `plan` (with the draft) laid
/// out, and the page where the chapter, or its heading `request.heading`, is printed.
pub fn chapter_page(
    cache: &mut PreviewCache,
    plan: Plan,
    request: &ChapterPageRequest,
    fonts: Option<&FontSet>,
) -> Result<ChapterPreview, AppError> {
    let plan = with_draft(plan, request.draft.as_ref())?;
    let list = manual::chapter_list(&plan);
    let lang = request.lang;
    let position = list.iter().position(|c| c.id == request.chapter);
    let title = |c: &ChapterEntry| c.title.get(lang).to_owned();
    // The chapter's own title (none when hidden), and the titles of the chapters after it:
    // a chapter this edition leaves out shows where the next one starts.
    let own_title = position
        .map(|at| &list[at])
        .filter(|c| !c.hidden)
        .map(title);
    let next_titles: Vec<String> = position
        .map(|at| {
            list[at + 1..]
                .iter()
                .filter(|c| !c.hidden)
                .map(title)
                .collect()
        })
        .unwrap_or_default();
    let heading = request.heading.clone();
    let (preview, found) = cache.page_where(plan, request.edition, lang, fonts, move |pages| {
        let headings = pages.headings();
        let starts = |title: &str| {
            headings
                .iter()
                .position(|(text, _)| text.trim() == title.trim())
        };
        let Some(start) = own_title.as_deref().and_then(starts) else {
            let next = next_titles.iter().find_map(|title| starts(title));
            return (next.map(|i| headings[i].1), false);
        };
        let below = heading.as_deref().and_then(|wanted| {
            headings[start..]
                .iter()
                // Headings from the next chapter's title on belong to another chapter.
                .take_while(|(text, _)| {
                    next_titles
                        .first()
                        .is_none_or(|next| text.trim() != next.trim())
                })
                .find(|(text, _)| text.trim() == wanted.trim())
        });
        (Some(below.unwrap_or(&headings[start]).1), true)
    })?;
    Ok(ChapterPreview { preview, found })
}

/// The rules form as the UI lays it out: the core's table of rules, with the names of
/// its groups, units and frequencies.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RulesSpecView {
    pub rules: Vec<RuleSpec>,
    /// The form's sections in order, with their headings (the shift table is the
    /// schedule's).
    pub groups: Vec<Choice<RuleGroup>>,
    /// The units a span may be given in, with their names, for the form's unit picker.
    pub span_units: Vec<Choice<SpanUnit>>,
    pub frequencies: Vec<Choice<Frequency>>,
    /// The defaults, for "reset to default" and the shift table's new row.
    pub defaults: Rules,
}

/// A value of a closed set with its names.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Choice<T> {
    pub value: T,
    pub name: Text,
}

fn label_text(label: Label) -> Text {
    Text::new(label.zh, label.en)
}

/// A unit's name on the form's unit picker. The match has no catch-all, so a new unit
/// does not compile without its name.
fn span_unit_name(unit: SpanUnit) -> Text {
    let (zh, en) = match unit {
        SpanUnit::Seconds => ("秒", "seconds"),
        SpanUnit::Minutes => ("分钟", "minutes"),
        SpanUnit::Hours => ("小时", "hours"),
        SpanUnit::WorkingHours => ("个工作小时", "working hours"),
        SpanUnit::Days => ("天", "days"),
        SpanUnit::WorkingDays => ("个工作日", "working days"),
        SpanUnit::Weeks => ("周", "weeks"),
        SpanUnit::Months => ("个月", "months"),
        SpanUnit::Years => ("年", "years"),
    };
    Text::new(zh, en)
}

fn frequency_name(frequency: Frequency) -> Text {
    let (zh, en) = match frequency {
        Frequency::Weekly => ("每周", "weekly"),
        Frequency::Monthly => ("每月", "monthly"),
        Frequency::Quarterly => ("每季度", "quarterly"),
        Frequency::HalfYearly => ("每半年", "every half year"),
        Frequency::Yearly => ("每年", "yearly"),
    };
    Text::new(zh, en)
}

pub fn rules_spec() -> RulesSpecView {
    let specs = centerplan::rules::RULE_SPECS;
    // The groups in the order the table first uses them.
    let mut groups: Vec<RuleGroup> = Vec::new();
    for spec in specs {
        if !groups.contains(&spec.group) {
            groups.push(spec.group);
        }
    }
    RulesSpecView {
        rules: specs.to_vec(),
        groups: groups
            .into_iter()
            .map(|value| Choice {
                value,
                name: label_text(value.label()),
            })
            .collect(),
        span_units: SpanUnit::ALL
            .into_iter()
            .map(|value| Choice {
                value,
                name: span_unit_name(value),
            })
            .collect(),
        frequencies: Frequency::ALL
            .into_iter()
            .map(|value| Choice {
                value,
                name: frequency_name(value),
            })
            .collect(),
        defaults: Rules::default(),
    }
}
