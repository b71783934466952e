//! The plan's own manual: which chapters it prints, in which order, and the text the user
//! wrote for them.
//!
//! A new plan holds nothing here ([`ManualPlan::is_untouched`]): it prints the built-in
//! chapters in their order, unedited, and so picks up improved built-in text when
//! Centerplan is updated. Once the user reorders, hides, edits or adds a chapter, the plan
//! lists its chapters in print order. A built-in chapter is named by its file slug
//! (`05-complaints`, the same in both languages); its edited text is kept per language with
//! the hash of the built-in template it was edited from ([`builtin_hash`]), so a newer
//! built-in text is noticed (`manual.builtin-changed`) and never silently dropped or
//! applied. A chapter the user added is [`ChapterKind::Custom`].
//!
//! Two facts about the built-in set decide where chapters the list does not name go:
//! a built-in chapter missing from the list (a newer Centerplan added it) prints right
//! after its built-in predecessor, and a listed built-in id this build does not ship prints
//! its edited text where it is listed, or nothing when it has none (validation warns,
//! `manual.unknown-chapter`).
//!
//! Every change is one [`crate::edit::Edit`]; the operations are here ([`apply`]), and
//! after each one the list is normalised: a list that says nothing but the default becomes
//! empty again, so the plan stays small.

use serde::{Deserialize, Serialize};

use super::sources::Sources;
use super::user_text::TextProblem;
use super::{Edition, ManualError, ManualOptions};
use crate::edit::{Applied, Edit, EditError};
use crate::limits;
use crate::model::{Lang, Plan, Text};

/// The plan's manual: empty, or every chapter in print order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ManualPlan {
    #[serde(default)]
    pub chapters: Vec<Chapter>,
}

impl ManualPlan {
    /// True for the manual of a new plan: the built-in chapters in order, unedited.
    pub fn is_untouched(&self) -> bool {
        self.chapters.is_empty()
    }
}

/// One chapter of the plan's manual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Chapter {
    /// A built-in chapter's file slug (`05-complaints`), or a user chapter's own id
    /// (`custom-1`): lower-case letters, digits and hyphens.
    pub id: String,
    /// Not printed in either edition.
    #[serde(default)]
    pub hidden: bool,
    pub kind: ChapterKind,
}

/// Whether a chapter is built in (possibly edited) or the user's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum ChapterKind {
    /// A built-in chapter; in each language either the built-in text or the user's.
    Builtin {
        #[serde(default)]
        edited: EditedTexts,
    },
    /// A chapter the user added: its Markdown in the user syntax, per language.
    Custom { text: Text },
}

impl ChapterKind {
    fn unedited() -> ChapterKind {
        ChapterKind::Builtin {
            edited: EditedTexts::default(),
        }
    }
}

/// A built-in chapter's own text per language; `None` is the built-in text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EditedTexts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub zh: Option<EditedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub en: Option<EditedText>,
}

impl EditedTexts {
    pub fn get(&self, lang: Lang) -> Option<&EditedText> {
        match lang {
            Lang::Zh => self.zh.as_ref(),
            Lang::En => self.en.as_ref(),
        }
    }

    fn slot(&mut self, lang: Lang) -> &mut Option<EditedText> {
        match lang {
            Lang::Zh => &mut self.zh,
            Lang::En => &mut self.en,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_none() && self.en.is_none()
    }
}

/// The user's text of a built-in chapter in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EditedText {
    /// Markdown in the user syntax.
    pub markdown: String,
    /// [`builtin_hash`] of the built-in template the text was edited from (empty when the
    /// chapter was not shipped in that language).
    pub base: String,
}

/// A chapter's state as the chapter list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum ChapterState {
    /// Built in, the built-in text in both languages.
    Builtin,
    /// Built in, with the user's text in at least one language.
    Edited,
    /// Added by the user.
    Custom,
    /// Listed as built in, but this build (or chapter set) does not ship it.
    Missing,
}

/// One row of the chapter list, in print order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChapterEntry {
    pub id: String,
    pub hidden: bool,
    pub state: ChapterState,
    /// The chapter's first `# ` heading in each language, as printed for this plan (a
    /// built-in chapter's in the manager edition); the id when it has none.
    pub title: Text,
    /// The languages with the user's own text (a user chapter: both).
    pub edited: Vec<Lang>,
    /// The edited languages whose built-in text has changed since the user's text was
    /// edited from it.
    pub builtin_changed: Vec<Lang>,
}

/// The lines of the current built-in text beside the user's, for "keep mine" / "take the
/// new text". Only the base's hash is kept, not its text, so the comparison is between the
/// built-in text as this build ships it and the user's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChapterDiff {
    pub hunks: Vec<DiffHunk>,
}

/// A run of changed lines with up to three unchanged lines of context either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiffHunk {
    /// The hunk's first line in the built-in text, 1-based.
    pub builtin_start: usize,
    /// The hunk's first line in the user's text, 1-based.
    pub mine_start: usize,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    pub tag: DiffTag,
    pub text: String,
}

/// Which side a diff line is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum DiffTag {
    /// In both texts.
    Same,
    /// Only in the built-in text.
    Builtin,
    /// Only in the user's text.
    Mine,
}

/// The id of a chapter file: `zh-CN/05-complaints.md` → `05-complaints`.
pub fn chapter_id_of(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    name.strip_suffix(".md").filter(|id| valid_id(id))
}

/// Whether `id` can name a chapter: 1 to 64 lower-case ASCII letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= limits::MAX_CHAPTER_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The hex SHA-256 of the built-in template of `id` in `lang`, `None` when not shipped.
pub fn builtin_hash(id: &str, lang: Lang) -> Option<String> {
    builtin_hash_from(Sources::embedded(), id, lang)
}

/// [`builtin_hash`] in another chapter set.
pub fn builtin_hash_from(sources: &Sources, id: &str, lang: Lang) -> Option<String> {
    sources.chapter_hash(lang, id).map(str::to_owned)
}

/// A listed chapter, or a built-in chapter the list does not name (or the whole built-in
/// set, for an untouched manual).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot<'a> {
    Listed(&'a Chapter),
    Unlisted(&'a str),
}

impl Slot<'_> {
    pub(crate) fn id(&self) -> &str {
        match self {
            Slot::Listed(chapter) => &chapter.id,
            Slot::Unlisted(id) => id,
        }
    }
}

/// Every chapter in print order, hidden ones included: the list, with each built-in
/// chapter it does not name right after its built-in predecessor (first when it has none).
pub(crate) fn print_order<'a>(manual: &'a ManualPlan, builtin: &'a [String]) -> Vec<Slot<'a>> {
    let mut out: Vec<Slot<'a>> = manual.chapters.iter().map(Slot::Listed).collect();
    let mut previous: Option<&str> = None;
    for id in builtin {
        if !out.iter().any(|slot| slot.id() == id) {
            let at = previous
                .and_then(|p| out.iter().position(|slot| slot.id() == p))
                .map_or(0, |i| i + 1);
            out.insert(at, Slot::Unlisted(id));
        }
        previous = Some(id);
    }
    out
}

/// The ids of the plan's chapters in print order, hidden ones included: [`chapter_list`]
/// without the titles, which render each edited chapter.
pub fn chapter_ids(plan: &Plan) -> Vec<String> {
    let builtin = Sources::embedded().chapter_ids();
    print_order(&plan.manual, &builtin)
        .into_iter()
        .map(|slot| slot.id().to_owned())
        .collect()
}

/// The print order as owned chapters, for an edit to change.
fn materialize(manual: &ManualPlan, builtin: &[String]) -> Vec<Chapter> {
    print_order(manual, builtin)
        .into_iter()
        .map(|slot| match slot {
            Slot::Listed(chapter) => chapter.clone(),
            Slot::Unlisted(id) => Chapter {
                id: id.to_owned(),
                hidden: false,
                kind: ChapterKind::unedited(),
            },
        })
        .collect()
}

/// A list that prints exactly the untouched manual becomes empty.
fn normalize(chapters: Vec<Chapter>, builtin: &[String]) -> Vec<Chapter> {
    let default = chapters.len() == builtin.len()
        && chapters.iter().zip(builtin).all(|(chapter, id)| {
            &chapter.id == id
                && !chapter.hidden
                && matches!(&chapter.kind, ChapterKind::Builtin { edited } if edited.is_empty())
        });
    if default { Vec::new() } else { chapters }
}

/// The id `Edit::AddChapter { id: None, .. }` gives the next user chapter: `custom-N`
/// with the smallest N no chapter has.
pub fn fresh_chapter_id(plan: &Plan) -> String {
    let builtin = Sources::embedded().chapter_ids();
    (1..)
        .map(|n| format!("custom-{n}"))
        .find(|id| {
            !plan.manual.chapters.iter().any(|c| &c.id == id) && !builtin.iter().any(|b| b == id)
        })
        .expect("fewer chapters than integers")
}

/// The chapter list of the plan with the built-in chapters.
pub fn chapter_list(plan: &Plan) -> Vec<ChapterEntry> {
    chapter_list_from(plan, Sources::embedded())
}

/// [`chapter_list`] with another chapter set.
pub fn chapter_list_from(plan: &Plan, sources: &Sources) -> Vec<ChapterEntry> {
    let builtin = sources.chapter_ids();
    // One template environment per language and edition, shared by every chapter's title.
    let renderers: Vec<(Lang, super::context::Renderer<'_>)> = Lang::ALL
        .into_iter()
        .flat_map(|lang| Edition::ALL.into_iter().map(move |edition| (lang, edition)))
        .map(|(lang, edition)| {
            let options = ManualOptions {
                edition,
                lang,
                date: super::Date {
                    year: 2000,
                    month: 1,
                    day: 1,
                },
            };
            (lang, super::context::Renderer::new(plan, &options))
        })
        .collect();
    print_order(&plan.manual, &builtin)
        .into_iter()
        .map(|slot| entry(sources, &renderers, slot))
        .collect()
}

fn entry(
    sources: &Sources,
    renderers: &[(Lang, super::context::Renderer<'_>)],
    slot: Slot<'_>,
) -> ChapterEntry {
    let id = slot.id().to_owned();
    let shipped = Lang::ALL
        .into_iter()
        .any(|lang| sources.chapter(lang, &id).is_some());
    let (hidden, state, edited, builtin_changed) = match slot {
        Slot::Unlisted(_) => (false, ChapterState::Builtin, Vec::new(), Vec::new()),
        Slot::Listed(chapter) => match &chapter.kind {
            ChapterKind::Custom { .. } => (
                chapter.hidden,
                ChapterState::Custom,
                Lang::ALL.to_vec(),
                Vec::new(),
            ),
            ChapterKind::Builtin { edited } => {
                let langs: Vec<Lang> = Lang::ALL
                    .into_iter()
                    .filter(|l| edited.get(*l).is_some())
                    .collect();
                let changed = langs
                    .iter()
                    .copied()
                    .filter(|l| {
                        edited.get(*l).is_some_and(|text| {
                            builtin_hash_from(sources, &id, *l)
                                .is_some_and(|hash| hash != text.base)
                        })
                    })
                    .collect();
                let state = match (shipped, langs.is_empty()) {
                    (false, _) => ChapterState::Missing,
                    (true, true) => ChapterState::Builtin,
                    (true, false) => ChapterState::Edited,
                };
                (chapter.hidden, state, langs, changed)
            }
        },
    };
    let title = |lang| chapter_title(renderers, sources, slot, lang).unwrap_or_else(|| id.clone());
    ChapterEntry {
        title: Text::new(title(Lang::Zh), title(Lang::En)),
        id: id.clone(),
        hidden,
        state,
        edited,
        builtin_changed,
    }
}

/// The first heading of a chapter as printed for the plan (the manager edition's, else the
/// CSR edition's), plain text.
fn chapter_title(
    renderers: &[(Lang, super::context::Renderer<'_>)],
    sources: &Sources,
    slot: Slot<'_>,
    lang: Lang,
) -> Option<String> {
    // An unedited built-in chapter whose heading is plain text needs no rendering.
    let unedited = match slot {
        Slot::Unlisted(id) => Some(id),
        Slot::Listed(Chapter {
            id,
            kind: ChapterKind::Builtin { edited },
            ..
        }) if edited.get(lang).is_none() => Some(id.as_str()),
        Slot::Listed(_) => None,
    };
    if let Some(heading) = unedited
        .and_then(|id| sources.chapter(lang, id))
        .and_then(|file| first_heading(&file.text))
        .filter(|heading| !heading.contains(['{', '\\']))
    {
        return Some(heading);
    }
    renderers
        .iter()
        .filter(|(l, _)| *l == lang)
        .find_map(|(_, renderer)| {
            let markdown = renderer.content(sources, slot).ok()??;
            markdown
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .map(|title| unescape(title.trim()))
        })
}

/// Markdown backslash escapes removed: a title as a reader sees it.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(next) = chars.next()
        {
            out.push(next);
            continue;
        }
        out.push(c);
    }
    out
}

/// The text the chapter editor shows for `id` in `lang`, in the user syntax: the user's
/// text, or the built-in chapter as [`builtin_source`] writes it.
pub fn chapter_text(plan: &Plan, id: &str, lang: Lang) -> Result<String, ManualError> {
    chapter_text_from(plan, id, lang, Sources::embedded())
}

/// [`chapter_text`] with another chapter set.
pub fn chapter_text_from(
    plan: &Plan,
    id: &str,
    lang: Lang,
    sources: &Sources,
) -> Result<String, ManualError> {
    if let Some(chapter) = plan.manual.chapters.iter().find(|c| c.id == id) {
        match &chapter.kind {
            ChapterKind::Custom { text } => return Ok(lang_text(text, lang).to_owned()),
            ChapterKind::Builtin { edited } => {
                if let Some(text) = edited.get(lang) {
                    return Ok(text.markdown.clone());
                }
            }
        }
    }
    builtin_source_from(plan, id, lang, sources)
}

/// A user chapter's text in `lang`; the other language's while that one is empty, as
/// everywhere in the product.
pub(crate) fn lang_text(text: &Text, lang: Lang) -> &str {
    text.get(lang)
}

/// The built-in chapter `id` in `lang` rendered for this plan in the user syntax: the
/// text a user edits it from. See [`super::source`].
pub fn builtin_source(plan: &Plan, id: &str, lang: Lang) -> Result<String, ManualError> {
    builtin_source_from(plan, id, lang, Sources::embedded())
}

/// [`builtin_source`] with another chapter set.
pub fn builtin_source_from(
    plan: &Plan,
    id: &str,
    lang: Lang,
    sources: &Sources,
) -> Result<String, ManualError> {
    let file = sources
        .chapter(lang, id)
        .ok_or_else(|| ManualError::UnknownChapter {
            id: id.to_owned(),
            lang: lang.code(),
        })?;
    super::source::builtin_source(plan, lang, file)
}

/// The current built-in text beside the user's text of `id` in `lang`, when the user's
/// text was edited from another built-in text than this build ships; `None` otherwise
/// (unedited, up to date, or not a built-in chapter).
pub fn builtin_change(plan: &Plan, id: &str, lang: Lang) -> Option<ChapterDiff> {
    builtin_change_from(plan, id, lang, Sources::embedded())
}

/// [`builtin_change`] with another chapter set.
pub fn builtin_change_from(
    plan: &Plan,
    id: &str,
    lang: Lang,
    sources: &Sources,
) -> Option<ChapterDiff> {
    let chapter = plan.manual.chapters.iter().find(|c| c.id == id)?;
    let ChapterKind::Builtin { edited } = &chapter.kind else {
        return None;
    };
    let mine = edited.get(lang)?;
    let hash = builtin_hash_from(sources, id, lang)?;
    if hash == mine.base {
        return None;
    }
    let builtin = builtin_source_from(plan, id, lang, sources).ok()?;
    Some(diff(&builtin, &mine.markdown))
}

/// A line diff of `builtin` against `mine`, in hunks with three lines of context.
pub(crate) fn diff(builtin: &str, mine: &str) -> ChapterDiff {
    let text_diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(builtin, mine);
    let hunks = text_diff
        .grouped_ops(3)
        .iter()
        .filter_map(|group| {
            let first = group.first()?;
            let lines = group
                .iter()
                .flat_map(|op| text_diff.iter_changes(op))
                .map(|change| DiffLine {
                    tag: match change.tag() {
                        similar::ChangeTag::Equal => DiffTag::Same,
                        similar::ChangeTag::Delete => DiffTag::Builtin,
                        similar::ChangeTag::Insert => DiffTag::Mine,
                    },
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                })
                .collect();
            Some(DiffHunk {
                builtin_start: first.old_range().start + 1,
                mine_start: first.new_range().start + 1,
                lines,
            })
        })
        .collect();
    ChapterDiff { hunks }
}

/// Two texts the same but for line endings and trailing blank lines.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace("\r\n", "\n").trim_end().to_owned();
    norm(a) == norm(b)
}

/// Lays each `(id, lang, markdown)` over the chapter as [`Edit::SetChapterText`] does, on a
/// copy of a plan that is rendered and then dropped (a chapter library laid over each plan
/// of `export` or `batch`). It does not find out whether a text is the plan's built-in one,
/// which would leave the chapter unedited: finding out renders the built-in chapter in the
/// user syntax (most of a batch's time), and the chapter prints the same either way. On
/// error, the index of the text at fault; the plan is then unchanged.
pub fn overlay_texts<'t>(
    plan: &mut Plan,
    texts: impl IntoIterator<Item = (&'t str, Lang, &'t str)>,
) -> Result<(), (usize, EditError)> {
    let builtin = Sources::embedded().chapter_ids();
    let mut list = materialize(&plan.manual, &builtin);
    for (index, (id, lang, markdown)) in texts.into_iter().enumerate() {
        set_text(&mut list, id, lang, markdown, None).map_err(|err| (index, err))?;
    }
    plan.manual.chapters = normalize(list, &builtin);
    Ok(())
}

/// Sets the text of chapter `id` in `lang` in `list`; a built-in chapter set to `source`
/// (its built-in text in the user syntax, when known) is unedited again.
fn set_text(
    list: &mut [Chapter],
    id: &str,
    lang: Lang,
    markdown: &str,
    source: Option<String>,
) -> Result<(), EditError> {
    within(limits::text(
        "markdown",
        markdown,
        limits::MAX_CHAPTER_BYTES,
    ))?;
    let chapter = list
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| EditError::UnknownChapter(id.to_owned()))?;
    match &mut chapter.kind {
        ChapterKind::Custom { text } => match lang {
            Lang::Zh => text.zh = markdown.to_owned(),
            Lang::En => text.en = markdown.to_owned(),
        },
        ChapterKind::Builtin { edited } => {
            let slot = edited.slot(lang);
            if source.is_some_and(|s| same_text(&s, markdown)) {
                *slot = None;
            } else if slot.as_ref().is_none_or(|t| t.markdown != markdown) {
                *slot = Some(EditedText {
                    markdown: markdown.to_owned(),
                    base: builtin_hash(id, lang).unwrap_or_default(),
                });
            }
        }
    }
    Ok(())
}

/// Applies one chapter edit; the plan is unchanged on error.
pub(crate) fn apply(plan: &mut Plan, edit: &Edit) -> Result<Applied, EditError> {
    let builtin = Sources::embedded().chapter_ids();
    let is_builtin = |id: &str| builtin.iter().any(|b| b == id);
    let mut list = materialize(&plan.manual, &builtin);
    let find = |list: &[Chapter], id: &str| {
        list.iter()
            .position(|c| c.id == id)
            .ok_or_else(|| EditError::UnknownChapter(id.to_owned()))
    };
    match edit {
        Edit::AddChapter { id, index, text } => {
            check_text("text", text)?;
            let id = match id {
                Some(id) => {
                    if !valid_id(id) {
                        return Err(EditError::BadChapterId(id.clone()));
                    }
                    if list.iter().any(|c| &c.id == id) || is_builtin(id) {
                        return Err(EditError::DuplicateChapter(id.clone()));
                    }
                    id.clone()
                }
                None => fresh_chapter_id(plan),
            };
            within(limits::count(
                "chapters",
                list.len() + 1,
                limits::MAX_CHAPTERS,
            ))?;
            let at = index.unwrap_or(list.len());
            if at > list.len() {
                return Err(EditError::BadChapterIndex(at));
            }
            list.insert(
                at,
                Chapter {
                    id,
                    hidden: false,
                    kind: ChapterKind::Custom { text: text.clone() },
                },
            );
        }
        Edit::DeleteChapter { id } => {
            let at = find(&list, id)?;
            if !matches!(list[at].kind, ChapterKind::Custom { .. }) {
                return Err(EditError::BuiltinChapter(id.clone()));
            }
            list.remove(at);
        }
        Edit::MoveChapter { id, index } => {
            let from = find(&list, id)?;
            if *index >= list.len() {
                return Err(EditError::BadChapterIndex(*index));
            }
            let chapter = list.remove(from);
            list.insert(*index, chapter);
        }
        Edit::SetChapterHidden { id, hidden } => {
            let at = find(&list, id)?;
            list[at].hidden = *hidden;
        }
        Edit::SetChapterText { id, lang, markdown } => {
            let source = builtin_source(plan, id, *lang).ok();
            set_text(&mut list, id, *lang, markdown, source)?;
        }
        Edit::RenameChapter { id, lang, title } => {
            within(limits::text("title", title, limits::MAX_NAME_BYTES))?;
            if title.contains(['\n', '\r']) {
                return Err(EditError::BadChapterTitle);
            }
            let at = find(&list, id)?;
            let ChapterKind::Custom { text } = &mut list[at].kind else {
                return Err(EditError::BuiltinChapter(id.clone()));
            };
            let side = match lang {
                Lang::Zh => &mut text.zh,
                Lang::En => &mut text.en,
            };
            let renamed = retitle(side, title.trim());
            within(limits::text(
                "markdown",
                &renamed,
                limits::MAX_CHAPTER_BYTES,
            ))?;
            *side = renamed;
        }
        Edit::ResetChapter { id, lang } | Edit::RebaseChapter { id, lang } => {
            let at = find(&list, id)?;
            let ChapterKind::Builtin { edited } = &mut list[at].kind else {
                return Err(EditError::CustomChapter(id.clone()));
            };
            let langs = match lang {
                Some(lang) => vec![*lang],
                None => Lang::ALL.to_vec(),
            };
            for lang in langs {
                let slot = edited.slot(lang);
                if matches!(edit, Edit::ResetChapter { .. }) {
                    *slot = None;
                } else if let Some(text) = slot {
                    text.base = builtin_hash(id, lang).unwrap_or_default();
                }
            }
        }
        Edit::SetManual { manual } => {
            within(limits::check_manual(manual))?;
            for (i, chapter) in manual.chapters.iter().enumerate() {
                if !valid_id(&chapter.id) {
                    return Err(EditError::BadChapterId(chapter.id.clone()));
                }
                if manual.chapters[..i].iter().any(|c| c.id == chapter.id) {
                    return Err(EditError::DuplicateChapter(chapter.id.clone()));
                }
            }
            list = materialize(manual, &builtin);
        }
        _ => unreachable!("edit::apply routes only chapter edits here"),
    }
    let chapters = normalize(list, &builtin);
    if chapters == plan.manual.chapters {
        return Ok(Applied::Unchanged);
    }
    plan.manual.chapters = chapters;
    Ok(Applied::Changed { select: None })
}

fn within(checked: Result<(), limits::LimitError>) -> Result<(), EditError> {
    checked.map_err(EditError::Limit)
}

fn check_text(field: &str, text: &Text) -> Result<(), EditError> {
    within(limits::both(
        || field.to_owned(),
        text,
        limits::MAX_CHAPTER_BYTES,
    ))
}

/// `markdown` with its first `# ` heading replaced by `# title`, or one put first.
fn retitle(markdown: &str, title: &str) -> String {
    let mut lines: Vec<&str> = markdown.lines().collect();
    let heading = format!("# {title}");
    match lines.iter().position(|l| l.starts_with("# ")) {
        Some(at) => lines[at] = &heading,
        None => lines.insert(0, &heading),
    }
    let mut out = lines.join("\n");
    if markdown.ends_with('\n') || markdown.is_empty() {
        out.push('\n');
    }
    out
}

/// What validation reports about the plan's chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterProblem {
    pub id: String,
    /// The chapter's title in each language, as its text (or the built-in one) has it.
    pub title: Text,
    /// The language of the text at fault; `None` for the chapter as a whole.
    pub lang: Option<Lang>,
    pub kind: ChapterProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChapterProblemKind {
    /// A mistake in the user's text.
    Text(TextProblem),
    /// The user's text was edited from another built-in text than this build ships.
    BuiltinChanged,
    /// The list names a built-in chapter this build does not ship.
    UnknownChapter,
}

/// The problems of the plan's chapters with the built-in chapters, in print order.
/// Hidden chapters print nothing, so only an unknown id is reported for them.
pub fn chapter_problems(plan: &Plan) -> Vec<ChapterProblem> {
    let sources = Sources::embedded();
    let mut out = Vec::new();
    for chapter in &plan.manual.chapters {
        let title = |lang: Lang| {
            let own = match &chapter.kind {
                ChapterKind::Custom { text } => Some(lang_text(text, lang)),
                ChapterKind::Builtin { edited } => edited.get(lang).map(|t| t.markdown.as_str()),
            };
            own.and_then(first_heading)
                .or_else(|| {
                    sources
                        .chapter(lang, &chapter.id)
                        .and_then(|f| first_heading(&f.text))
                })
                .unwrap_or_else(|| chapter.id.clone())
        };
        let titles = Text::new(title(Lang::Zh), title(Lang::En));
        let mut push = |lang: Option<Lang>, kind| {
            out.push(ChapterProblem {
                id: chapter.id.clone(),
                title: titles.clone(),
                lang,
                kind,
            });
        };
        let shipped = Lang::ALL
            .into_iter()
            .any(|lang| sources.chapter(lang, &chapter.id).is_some());
        match &chapter.kind {
            ChapterKind::Builtin { .. } if !shipped => {
                push(None, ChapterProblemKind::UnknownChapter)
            }
            _ => {}
        }
        if chapter.hidden {
            continue;
        }
        for lang in Lang::ALL {
            let text = match &chapter.kind {
                // An empty side prints the other language's text, checked there.
                ChapterKind::Custom { text } => match lang {
                    Lang::Zh => &text.zh,
                    Lang::En => &text.en,
                },
                ChapterKind::Builtin { edited } => match edited.get(lang) {
                    Some(edited) => {
                        if builtin_hash_from(sources, &chapter.id, lang)
                            .is_some_and(|hash| hash != edited.base)
                        {
                            push(Some(lang), ChapterProblemKind::BuiltinChanged);
                        }
                        &edited.markdown
                    }
                    None => continue,
                },
            };
            for problem in super::user_text::problems(plan, lang, text) {
                push(Some(lang), ChapterProblemKind::Text(problem));
            }
        }
    }
    out
}

/// The text of the first `# ` heading, trimmed.
fn first_heading(markdown: &str) -> Option<String> {
    markdown
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn custom(id: &str) -> Chapter {
        Chapter {
            id: id.to_owned(),
            hidden: false,
            kind: ChapterKind::Custom {
                text: Text::new("# 甲", "# A"),
            },
        }
    }

    #[test]
    fn unlisted_builtin_chapters_print_after_their_builtin_predecessor() {
        let builtin = ids(&["00-a", "01-b", "02-c", "03-d"]);
        let manual = ManualPlan {
            chapters: vec![
                custom("custom-1"),
                Chapter {
                    id: "02-c".into(),
                    hidden: false,
                    kind: ChapterKind::unedited(),
                },
                Chapter {
                    id: "01-b".into(),
                    hidden: true,
                    kind: ChapterKind::unedited(),
                },
            ],
        };
        let slots = print_order(&manual, &builtin);
        let order: Vec<&str> = slots.iter().map(|s| s.id()).collect();
        assert_eq!(order, ["00-a", "custom-1", "02-c", "03-d", "01-b"]);
    }

    #[test]
    fn a_list_saying_only_the_default_normalizes_to_empty() {
        let builtin = ids(&["01-b", "02-c"]);
        let list = materialize(&ManualPlan::default(), &builtin);
        assert_eq!(list.len(), 2);
        assert!(normalize(list, &builtin).is_empty());
    }

    #[test]
    fn retitle_replaces_the_first_heading_or_adds_one() {
        assert_eq!(retitle("x\n# Old\n## Sub\n", "New"), "x\n# New\n## Sub\n");
        assert_eq!(retitle("text", "New"), "# New\ntext");
        assert_eq!(retitle("", "New"), "# New\n");
    }

    #[test]
    fn chapter_ids_come_from_file_names() {
        assert_eq!(
            chapter_id_of("zh-CN/05-complaints.md"),
            Some("05-complaints")
        );
        assert_eq!(chapter_id_of("en/Bad Name.md"), None);
        assert!(!valid_id(&"a".repeat(65)));
    }
}
