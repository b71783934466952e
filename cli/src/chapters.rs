//! `centerplan chapters list|export|import`: a plan's manual chapters as files, for a
//! consultant to edit in any editor or keep under version control.
//!
//! The folder's shape: `DIR/zh-CN/NN-slug.md` and `DIR/en/NN-slug.md`, one file per
//! chapter that prints and language, in the user syntax the app's chapter editor shows
//! (Markdown, `::: manager` … `:::` blocks, `{{ position("…") }}` references). `NN` is the
//! print position (`01`, `02`, …); the slug names the chapter: a built-in chapter's id
//! without its number (`05-complaints` → `complaints`, so the name does not carry two
//! numbers), a user chapter's id (`custom-1`). A built-in chapter that is not edited is
//! written as the text the user would start editing from (`manual::chapter_text`), so a
//! file left as exported keeps the chapter built in and picking up improved built-in text.
//!
//! Import reads the folder back through the plan's edits (`edit::apply`), never writing
//! the model itself: a file whose text differs makes that chapter edited in that language
//! (the same text again makes it built in), a new slug adds a user chapter, the positions
//! give the order, and a chapter with no file in either language is hidden (its text is
//! kept: import never deletes a chapter, and a file put back shows it again). A language
//! without a file keeps its text. Every file is checked first (name, UTF-8, size, audience
//! blocks and references, with its line); one bad file and nothing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use centerplan::edit::{self, Edit};
use centerplan::manual::{
    self, ChapterEntry, ChapterKind, ChapterState, Sources, TextProblem, valid_id,
};
use centerplan::model::{Lang, Plan, Text};
use centerplan::{interchange, limits};

use super::CliError;
use super::export::load_plan;
use super::plan::FormatArg;

#[derive(Debug, Args)]
pub struct ChaptersArgs {
    #[command(subcommand)]
    pub command: ChaptersCommand,
}

#[derive(Debug, Subcommand)]
pub enum ChaptersCommand {
    /// List the plan's chapters in print order: state and title in each language.
    List(ListArgs),
    /// Write every chapter that prints as DIR/<zh-CN|en>/NN-slug.md (NN: print position).
    Export(ExportArgs),
    /// Read a folder written by `chapters export` back into the plan; nothing is written
    /// if any file is bad.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The plan (`.centerplan`, or a JSON export of one).
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The plan (`.centerplan`, or a JSON export of one).
    pub file: PathBuf,
    /// The folder to write (created if missing; must be empty unless --force).
    #[arg(long)]
    pub dir: PathBuf,
    /// Write into a folder that is not empty: its chapter files (`zh-CN/*.md`, `en/*.md`)
    /// are replaced by the plan's, other files are left alone.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The plan to update (`.centerplan`, or a JSON export of one), written in place.
    pub file: PathBuf,
    /// The folder written by `chapters export` (and edited since).
    #[arg(long)]
    pub dir: PathBuf,
}

pub fn run(args: ChaptersArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ChaptersCommand::List(args) => list(args),
        ChaptersCommand::Export(args) => export(args),
        ChaptersCommand::Import(args) => import(args),
    }
}

fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let plan = load_plan(&args.file)?;
    let entries = manual::chapter_list(&plan);
    match args.format {
        FormatArg::Json => {
            outln!("{}", serde_json::to_string_pretty(&entries)?);
        }
        FormatArg::Text => {
            let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
            let states: Vec<String> = entries.iter().map(state_words).collect();
            let state_width = states.iter().map(String::len).max().unwrap_or(0);
            for (i, (entry, state)) in entries.iter().zip(&states).enumerate() {
                outln!(
                    "{:>3}  {:width$}  {:state_width$}  {} | {}",
                    i + 1,
                    entry.id,
                    state,
                    entry.title.zh,
                    entry.title.en
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `built-in`, `edited zh en`, `custom`, `missing`, then `hidden` and a changed built-in
/// text when they apply.
fn state_words(entry: &ChapterEntry) -> String {
    let langs = |langs: &[Lang]| {
        langs
            .iter()
            .map(|l| match l {
                Lang::Zh => "zh",
                Lang::En => "en",
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut words = match entry.state {
        ChapterState::Builtin => "built-in".to_owned(),
        ChapterState::Edited => format!("edited {}", langs(&entry.edited)),
        ChapterState::Custom => "custom".to_owned(),
        ChapterState::Missing => "missing".to_owned(),
    };
    if entry.hidden {
        words.push_str(", hidden");
    }
    if !entry.builtin_changed.is_empty() {
        words.push_str(&format!(
            ", built-in text changed ({})",
            langs(&entry.builtin_changed)
        ));
    }
    words
}

/// A built-in chapter's id without its number: `05-complaints` → `complaints`.
fn strip_number(id: &str) -> &str {
    let rest = id.trim_start_matches(|c: char| c.is_ascii_digit());
    match rest.strip_prefix('-') {
        Some(slug) if rest.len() < id.len() && !slug.is_empty() => slug,
        _ => id,
    }
}

/// The slug a chapter's files are named with (see the module docs): a built-in chapter's
/// id without its number, unless a listed chapter has that as its id (then the whole id).
fn slug_of<'a>(id: &'a str, builtin: bool, ids: &[&str]) -> &'a str {
    let short = strip_number(id);
    if builtin && !ids.contains(&short) {
        short
    } else {
        id
    }
}

/// What a chapter's file holds in `lang`, or `None` when it has none there: a user
/// chapter's own side (an empty side has no file, unless both are empty), a built-in
/// chapter's text as the editor shows it (none when it is not shipped in `lang`).
fn exported_text(plan: &Plan, entry: &ChapterEntry, lang: Lang) -> Option<String> {
    let listed = plan.manual.chapters.iter().find(|c| c.id == entry.id);
    if let Some(ChapterKind::Custom { text }) = listed.map(|c| &c.kind) {
        let side = match lang {
            Lang::Zh => &text.zh,
            Lang::En => &text.en,
        };
        let keep = !side.is_empty() || (text.is_empty() && lang == Lang::Zh);
        return keep.then(|| side.clone());
    }
    manual::chapter_text(plan, &entry.id, lang).ok()
}

fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let plan = load_plan(&args.file)?;
    let dir = &args.dir;
    let output = |what: String| CliError::Output(format!("{}: {what}", dir.display()));
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() && !args.force {
                return Err(output(
                    "the folder is not empty (use --force to replace its chapter files)".into(),
                )
                .into());
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(output(format!("cannot read: {err}")).into()),
    }
    let entries: Vec<ChapterEntry> = manual::chapter_list(&plan)
        .into_iter()
        .filter(|e| !e.hidden)
        .collect();
    let ids: Vec<&str> = plan.manual.chapters.iter().map(|c| c.id.as_str()).collect();
    let digits = entries.len().to_string().len().max(2);
    let mut written: Vec<PathBuf> = Vec::new();
    let mut position = 0;
    for entry in &entries {
        let texts: Vec<(Lang, String)> = Lang::ALL
            .into_iter()
            .filter_map(|lang| exported_text(&plan, entry, lang).map(|text| (lang, text)))
            .collect();
        if texts.is_empty() {
            // A listed built-in chapter this build does not ship, without text of its
            // own: it prints nothing, so it has no place in the folder either.
            continue;
        }
        position += 1;
        let builtin = entry.state != ChapterState::Custom;
        let name = format!(
            "{position:0digits$}-{}.md",
            slug_of(&entry.id, builtin, &ids)
        );
        for (lang, text) in texts {
            let lang_dir = dir.join(Sources::lang_dir(lang));
            std::fs::create_dir_all(&lang_dir)
                .map_err(|err| output(format!("cannot create {}: {err}", lang_dir.display())))?;
            let path = lang_dir.join(&name);
            super::write_file(&path, text.as_bytes(), &[&args.file])?;
            written.push(path);
        }
    }
    // Chapter files of an earlier export that this one did not write (a chapter moved,
    // hidden or gone) would come back on import: they go.
    for lang in Lang::ALL {
        let lang_dir = dir.join(Sources::lang_dir(lang));
        let Ok(entries) = std::fs::read_dir(&lang_dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let stale = entry.file_type().is_ok_and(|t| t.is_file())
                && path.extension().is_some_and(|e| e == "md")
                && !written.contains(&path);
            if stale {
                std::fs::remove_file(&path)
                    .map_err(|err| output(format!("cannot remove {}: {err}", path.display())))?;
            }
        }
    }
    outln!(
        "{} chapters written to {} ({} files)",
        position,
        dir.display(),
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// One chapter file as read from the folder.
struct ChapterFile {
    path: PathBuf,
    /// The print position, from the name's number.
    position: u64,
    /// The name without the number and `.md`.
    slug: String,
    text: String,
    /// The text read once for its checks: a library is checked against every plan.
    read: manual::ReadText,
}

/// `NN-slug.md` → (NN, slug).
fn parse_name(name: &str) -> Option<(u64, &str)> {
    let stem = name.strip_suffix(".md")?;
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let slug = stem[digits..].strip_prefix('-')?;
    if digits == 0 || slug.is_empty() {
        return None;
    }
    Some((stem[..digits].parse().ok()?, slug))
}

/// Reads a chapter file: UTF-8 (a bad byte is named by its line), within the chapter size
/// limit, without a byte-order mark.
fn read_chapter(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let limit = limits::MAX_CHAPTER_BYTES as u64;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|err| format!("{}: cannot read: {err}", path.display()))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{}: longer than a chapter may be ({limit} bytes)",
            path.display()
        ));
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        format!("{}:{line}: not UTF-8 text", path.display())
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// The chapter files of `dir` per language, each problem as a line naming the file.
fn read_folder(dir: &Path) -> Result<Vec<(Lang, Vec<ChapterFile>)>, Vec<String>> {
    let mut files: Vec<(Lang, Vec<ChapterFile>)> = Vec::new();
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let lang_dir = dir.join(Sources::lang_dir(lang));
        let entries = match std::fs::read_dir(&lang_dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                problems.push(format!("{}: cannot read: {err}", lang_dir.display()));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        let mut lang_files = Vec::new();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let Some((position, slug)) = name.as_deref().and_then(parse_name) else {
                problems.push(format!(
                    "{}: not a chapter file name (NN-slug.md, e.g. 03-complaints.md)",
                    path.display()
                ));
                continue;
            };
            let slug = slug.to_owned();
            match read_chapter(&path) {
                Ok(text) => lang_files.push(ChapterFile {
                    path,
                    position,
                    slug,
                    read: manual::ReadText::new(&text),
                    text,
                }),
                Err(problem) => problems.push(problem),
            }
        }
        files.push((lang, lang_files));
    }
    if problems.is_empty() && files.iter().all(|(_, files)| files.is_empty()) {
        problems.push(format!(
            "{}: no chapter files in zh-CN/ or en/ (files named NN-slug.md)",
            dir.display()
        ));
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// A user-text mistake as one line after `path:line: `; `plan` names the plan a reference
/// is looked up in ("the plan", or its file when a library serves many).
fn describe(problem: &TextProblem, plan: &str) -> String {
    match problem {
        TextProblem::UnclosedBlock { .. } => {
            "the audience block opened here is never closed (end it with a line `:::`)".into()
        }
        TextProblem::NestedBlock { .. } => {
            "an audience block cannot open inside another one (close the first with `:::`)".into()
        }
        TextProblem::UnknownAudience { word, .. } => {
            format!("`::: {word}` names no edition (write `::: manager` or `::: csr`)")
        }
        TextProblem::StrayClose { .. } => "this `:::` closes no audience block".into(),
        TextProblem::UnknownReference { reference, .. } => {
            format!("{reference} refers to nothing in {plan}")
        }
    }
}

/// The chapters the folder holds: id → its file in each language that has one.
type Found<'a> = BTreeMap<String, Vec<(Lang, &'a ChapterFile)>>;

/// A chapter's file in `lang`.
fn file_in<'a>(langs: &[(Lang, &'a ChapterFile)], lang: Lang) -> Option<&'a ChapterFile> {
    langs
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, file)| *file)
}

/// Which chapter each file is (see the module docs), every conflict as a problem.
fn match_files<'a>(
    plan: &Plan,
    files: &'a [(Lang, Vec<ChapterFile>)],
    problems: &mut Vec<String>,
) -> Found<'a> {
    // The ids only: the full list renders every edited chapter's title.
    let listed = manual::chapter_ids(plan);
    let builtin = Sources::embedded().chapter_ids();
    let is_listed = |id: &str| listed.iter().any(|e| e == id);
    let mut found: Found<'a> = BTreeMap::new();
    for (lang, files) in files {
        for file in files {
            let id = if is_listed(&file.slug) || builtin.contains(&file.slug) {
                file.slug.clone()
            } else if let Some(id) = builtin.iter().find(|b| strip_number(b) == file.slug) {
                id.clone()
            } else if valid_id(&file.slug) {
                file.slug.clone()
            } else {
                problems.push(format!(
                    "{}: {:?} cannot name a chapter (lower-case letters, digits and hyphens, \
                     at most {} bytes)",
                    file.path.display(),
                    file.slug,
                    limits::MAX_CHAPTER_ID_BYTES
                ));
                continue;
            };
            let langs = found.entry(id).or_default();
            if let Some(other) = file_in(langs, *lang) {
                problems.push(format!(
                    "{}: the same chapter as {}",
                    file.path.display(),
                    other.path.display()
                ));
                continue;
            }
            langs.push((*lang, file));
        }
    }
    for langs in found.values() {
        if let (Some(zh), Some(en)) = (file_in(langs, Lang::Zh), file_in(langs, Lang::En))
            && zh.position != en.position
        {
            problems.push(format!(
                "{}: at position {}, but {} puts the chapter at {}",
                en.path.display(),
                en.position,
                zh.path.display(),
                zh.position
            ));
        }
    }
    found
}

/// The files of a chapter folder matched to `plan`'s chapters (`match_files`) and checked,
/// every problem as `path[:line]: …`. Only text that changes is checked: a file left as
/// exported is the chapter as it is. The one reading of a folder that `chapters import`
/// and a chapter library (`Library`) share; `plan_name` as for `describe`.
/// `unchanged_are_fine`: whether a file holding the chapter's current text is let through
/// unchecked (an import: the plan has it already); a library laid over a plan checks every
/// file, which costs less than finding out which are current.
fn check_folder<'a>(
    plan: &Plan,
    files: &'a [(Lang, Vec<ChapterFile>)],
    plan_name: &str,
    unchanged_are_fine: bool,
) -> Result<Found<'a>, Vec<String>> {
    let mut problems = Vec::new();
    let found = match_files(plan, files, &mut problems);
    for (id, langs) in &found {
        for (lang, file) in langs {
            if unchanged_are_fine
                && current_text(plan, id, *lang).as_deref() == Some(file.text.as_str())
            {
                continue;
            }
            for problem in file.read.problems(plan, *lang) {
                problems.push(format!(
                    "{}:{}: {}",
                    file.path.display(),
                    problem.line(),
                    describe(&problem, plan_name)
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// A consultant's chapter library (`export --chapters DIR`, `batch --chapters DIR`): a
/// folder of the shape `chapters export` writes, read once and laid over each plan's
/// in-memory copy before it is rendered (the plan file is never written).
///
/// Per language, a file whose slug is a built-in chapter replaces that chapter's text
/// unless the plan has its own edited text for it there (the plan's own text wins); a new
/// slug adds a chapter at its number's print position (a slug that is already one of the
/// plan's own chapters is the plan's: it wins). The library only replaces or adds: a
/// chapter it has no file for, the plan's order and its hidden chapters stay as the plan
/// has them.
pub struct Library {
    files: Vec<(Lang, Vec<ChapterFile>)>,
}

impl Library {
    /// Reads every file of `dir` (names, UTF-8, size), as `chapters import` does.
    pub fn read(dir: &Path) -> Result<Library, CliError> {
        Ok(Library {
            files: read_folder(dir).map_err(report)?,
        })
    }

    /// The edits that lay the library over `plan`, each with the file it comes from; every
    /// bad file as a problem (checked against this plan, named `plan_name`).
    fn edits(&self, plan: &Plan, plan_name: &str) -> Result<Vec<(Edit, PathBuf)>, Vec<String>> {
        let found = check_folder(plan, &self.files, plan_name, false)?;
        let listed = manual::chapter_ids(plan);
        let mut edits = Vec::new();
        let mut added = Vec::new();
        for (id, langs) in &found {
            let kind = plan
                .manual
                .chapters
                .iter()
                .find(|c| &c.id == id)
                .map(|c| &c.kind);
            let edited = match kind {
                // The plan's own chapter of that name.
                Some(ChapterKind::Custom { .. }) => continue,
                Some(ChapterKind::Builtin { edited }) => Some(edited),
                None if listed.contains(id) => None,
                None => {
                    added.push((id, langs));
                    continue;
                }
            };
            for (lang, file) in langs {
                // The plan's own text wins. Any other is laid over (`apply`), the same as
                // the built-in text or not: it prints the same either way.
                let own = edited.is_some_and(|e| e.get(*lang).is_some());
                if !own {
                    edits.push((
                        Edit::SetChapterText {
                            id: id.clone(),
                            lang: *lang,
                            markdown: file.text.clone(),
                        },
                        file.path.clone(),
                    ));
                }
            }
        }
        // New chapters by their number, each at that print position (or last).
        added.sort_by_key(|(id, langs)| (langs[0].1.position, id.as_str()));
        for (count, (id, langs)) in (listed.len()..).zip(added) {
            let side = |lang| {
                file_in(langs, lang)
                    .map(|f| f.text.clone())
                    .unwrap_or_default()
            };
            let (_, first) = langs[0];
            let index = usize::try_from(first.position.saturating_sub(1))
                .unwrap_or(usize::MAX)
                .min(count);
            edits.push((
                Edit::AddChapter {
                    id: Some(id.clone()),
                    index: Some(index),
                    text: Text::new(side(Lang::Zh), side(Lang::En)),
                },
                first.path.clone(),
            ));
        }
        Ok(edits)
    }

    /// Lays the library over `plan` (see the type's docs); a bad file is an input error,
    /// `path:line: …`. `plan_file` names the plan in a reference's error (a batch).
    pub fn apply(&self, plan: &mut Plan, plan_file: Option<&Path>) -> Result<(), CliError> {
        let name = plan_file.map_or_else(|| "the plan".to_owned(), |f| f.display().to_string());
        let edits = self.edits(plan, &name).map_err(report)?;
        let at_fault = |path: &Path, err: &dyn std::fmt::Display| {
            CliError::Input(format!("{}: {err}", path.display()))
        };
        // The texts laid over at once (one copy of the chapter list, not one per file); the
        // added chapters after them.
        let (texts, others): (Vec<_>, Vec<_>) = edits
            .iter()
            .partition(|(edit, _)| matches!(edit, Edit::SetChapterText { .. }));
        let overlays = texts.iter().filter_map(|(edit, _)| match edit {
            Edit::SetChapterText { id, lang, markdown } => {
                Some((id.as_str(), *lang, markdown.as_str()))
            }
            _ => None,
        });
        manual::overlay_texts(plan, overlays)
            .map_err(|(index, err)| at_fault(&texts[index].1, &err))?;
        for (edit, path) in others {
            edit::apply(plan, edit).map_err(|err| at_fault(path, &err))?;
        }
        Ok(())
    }
}

/// The text a chapter has now in `lang`, as its exported file would hold it.
fn current_text(plan: &Plan, id: &str, lang: Lang) -> Option<String> {
    match plan
        .manual
        .chapters
        .iter()
        .find(|c| c.id == id)
        .map(|c| &c.kind)
    {
        Some(ChapterKind::Custom { text }) => Some(match lang {
            Lang::Zh => text.zh.clone(),
            Lang::En => text.en.clone(),
        }),
        _ => manual::chapter_text(plan, id, lang).ok(),
    }
}

/// The edits that make `plan`'s chapters what the folder says, in the order to apply them;
/// each with the file it comes from for its error.
fn edits_for(plan: &Plan, found: &Found<'_>) -> Vec<(Edit, PathBuf)> {
    let listed = manual::chapter_list(plan);
    let mut edits = Vec::new();
    // Texts, and the new user chapters (at the end; the order comes last).
    for (id, langs) in found {
        let path = |lang: Option<Lang>| {
            lang.and_then(|l| file_in(langs, l))
                .or_else(|| langs.first().map(|(_, f)| *f))
                .map(|f| f.path.clone())
                .unwrap_or_default()
        };
        if !listed.iter().any(|e| &e.id == id) {
            let side = |lang| {
                file_in(langs, lang)
                    .map(|f| f.text.clone())
                    .unwrap_or_default()
            };
            edits.push((
                Edit::AddChapter {
                    id: Some(id.clone()),
                    index: None,
                    text: Text::new(side(Lang::Zh), side(Lang::En)),
                },
                path(None),
            ));
            continue;
        }
        for (lang, file) in langs {
            if current_text(plan, id, *lang).as_deref() != Some(file.text.as_str()) {
                edits.push((
                    Edit::SetChapterText {
                        id: id.clone(),
                        lang: *lang,
                        markdown: file.text.clone(),
                    },
                    path(Some(*lang)),
                ));
            }
        }
    }
    // Shown when a file has it, hidden when none has (a listed built-in chapter this
    // build does not ship and without text prints nothing either way: left as it is).
    for entry in &listed {
        let has_file = found.contains_key(&entry.id);
        let hide = !has_file && !entry.hidden && entry.state != ChapterState::Missing;
        if hide || (has_file && entry.hidden) {
            edits.push((
                Edit::SetChapterHidden {
                    id: entry.id.clone(),
                    hidden: hide,
                },
                PathBuf::new(),
            ));
        }
    }
    edits
}

/// The print order the folder asks for: the chapters with files by their number (then
/// name), each chapter without a file kept right after the one it follows now.
fn target_order(plan: &Plan, found: &Found<'_>) -> Vec<String> {
    let current: Vec<String> = manual::chapter_list(plan)
        .into_iter()
        .map(|e| e.id)
        .collect();
    let key = |id: &String| {
        let (_, file) = found[id].first().expect("a found chapter has a file");
        (file.position, file.slug.clone())
    };
    let mut with_files: Vec<&String> = current
        .iter()
        .filter(|id| found.contains_key(*id))
        .collect();
    with_files.sort_by_key(|id| key(id));
    // Chapters without a file, by the chapter with a file they follow (None: first).
    let mut followers: BTreeMap<Option<&String>, Vec<&String>> = BTreeMap::new();
    let mut anchor: Option<&String> = None;
    for id in &current {
        if found.contains_key(id) {
            anchor = Some(id);
        } else {
            followers.entry(anchor).or_default().push(id);
        }
    }
    let mut order: Vec<String> = Vec::with_capacity(current.len());
    let anchors = std::iter::once(None).chain(with_files.into_iter().map(Some));
    for anchor in anchors {
        order.extend(anchor.cloned());
        for id in followers.remove(&anchor).unwrap_or_default() {
            order.push(id.clone());
        }
    }
    order
}

fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let original = load_plan(&args.file)?;
    let files = read_folder(&args.dir).map_err(report)?;
    let found = check_folder(&original, &files, "the plan", true).map_err(report)?;
    let mut plan = original.clone();
    for (edit, path) in edits_for(&original, &found) {
        let at = if path.as_os_str().is_empty() {
            args.dir.clone()
        } else {
            path
        };
        edit::apply(&mut plan, &edit)
            .map_err(|err| CliError::Input(format!("{}: {err}", at.display())))?;
    }
    for (index, id) in target_order(&plan, &found).into_iter().enumerate() {
        let now = manual::chapter_list(&plan).iter().position(|e| e.id == id);
        if now != Some(index) {
            edit::apply(&mut plan, &Edit::MoveChapter { id, index })
                .map_err(|err| CliError::Input(format!("{}: {err}", args.dir.display())))?;
        }
    }
    if plan.manual == original.manual {
        outln!(
            "{}: the chapters are as in {}; nothing to write",
            args.dir.display(),
            args.file.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    save(&plan, &args.file)?;
    let before = manual::chapter_list(&original);
    let after = manual::chapter_list(&plan);
    for entry in &after {
        let old = before.iter().find(|e| e.id == entry.id);
        let change = match old {
            None => Some("added".to_owned()),
            Some(old) if old.hidden != entry.hidden => {
                Some(if entry.hidden { "hidden" } else { "shown" }.to_owned())
            }
            Some(old) if old.state != entry.state || old.edited != entry.edited => {
                Some(state_words(entry))
            }
            _ => None,
        };
        if let Some(change) = change {
            outln!("{}: {change}", entry.id);
        }
    }
    // The chapters both lists have, in each one's order.
    let kept = |list: &[ChapterEntry], other: &[ChapterEntry]| -> Vec<String> {
        list.iter()
            .filter(|e| other.iter().any(|o| o.id == e.id))
            .map(|e| e.id.clone())
            .collect()
    };
    if kept(&before, &after) != kept(&after, &before) {
        outln!("the print order changed");
    }
    Ok(ExitCode::SUCCESS)
}

/// Bad files as one error: one line for one, a count and a line each for more.
fn report(problems: Vec<String>) -> CliError {
    if problems.len() == 1 {
        return CliError::Input(format!("{}; nothing written", problems[0]));
    }
    CliError::Input(format!(
        "{} bad chapter files, nothing written:\n  {}",
        problems.len(),
        problems.join("\n  ")
    ))
}

/// Writes the plan back where it came from, whole or not at all.
pub(crate) fn save(plan: &Plan, file: &Path) -> Result<(), CliError> {
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        super::write_file(file, interchange::to_json(plan).as_bytes(), &[])
    } else {
        super::plan::save(plan, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_into_position_and_slug() {
        assert_eq!(parse_name("03-complaints.md"), Some((3, "complaints")));
        assert_eq!(
            parse_name("120-05-complaints.md"),
            Some((120, "05-complaints"))
        );
        for bad in [
            "complaints.md",
            "03complaints.md",
            "03-.md",
            "-x.md",
            "03-x.txt",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn built_in_slugs_drop_their_number_unless_a_chapter_owns_the_short_name() {
        assert_eq!(strip_number("05-complaints"), "complaints");
        assert_eq!(strip_number("custom-1"), "custom-1");
        assert_eq!(strip_number("05"), "05");
        assert_eq!(slug_of("05-complaints", true, &[]), "complaints");
        assert_eq!(
            slug_of("05-complaints", true, &["complaints"]),
            "05-complaints"
        );
        assert_eq!(slug_of("12-house", false, &[]), "12-house");
    }
}
