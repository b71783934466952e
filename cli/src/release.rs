//! `centerplan release` and `centerplan diff`: the manual as a controlled document.
//!
//! `release` freezes the plan's content as a version in the file itself and appends the
//! revision entry (one `Edit::Release`, so the app's undo and the CLI do the same thing);
//! `diff` says what changed between two plans, or since a file's last release.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use centerplan::diff;
use centerplan::edit::{self, Edit};
use centerplan::manual::Date;
use centerplan::model::{Lang, Plan, Text};

use super::export::{load_plan, parse_date, today};
use super::{CliError, LangArg};

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The plan to release (`.centerplan` or `.json`); it is written back in place.
    pub file: PathBuf,
    /// The version number of this release, e.g. 1.1 (each number is released once).
    #[arg(long)]
    pub version: String,
    /// What changed, for the revision history (default: drafted from what changed since
    /// the last release).
    #[arg(long)]
    pub summary: Option<String>,
    /// The summary in English (default: the same as --summary when that is given, else
    /// drafted in English).
    #[arg(long)]
    pub summary_en: Option<String>,
    /// Who made the revision (default: the preparer named in the document control).
    #[arg(long, default_value = "")]
    pub author: String,
    /// The release date (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
}

/// How `diff` prints.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older plan (or, with --since-release, the plan to compare with its last release).
    pub old: PathBuf,
    /// The newer plan.
    #[arg(required_unless_present = "since_release")]
    pub new: Option<PathBuf>,
    /// Compare OLD with its own last release instead of with a second file.
    #[arg(long, conflicts_with = "new")]
    pub since_release: bool,
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
}

/// The content `plan` was last released with, naming the file when it has none.
fn last_release<'p>(
    plan: &'p Plan,
    file: &Path,
) -> Result<&'p centerplan::control::Release, CliError> {
    plan.releases.last().ok_or_else(|| {
        CliError::Input(format!(
            "{}: never released (release it first: centerplan release {} --version 1.0)",
            file.display(),
            file.display()
        ))
    })
}

pub fn release(args: ReleaseArgs) -> anyhow::Result<ExitCode> {
    let mut plan = load_plan(&args.file)?;
    let changes = match plan.releases.last() {
        Some(last) => diff::diff(&last.plan, &centerplan::control::content(&plan)),
        None => Vec::new(),
    };
    let drafted = |lang: Lang| {
        if plan.releases.is_empty() {
            match lang {
                Lang::Zh => "首次发布".to_owned(),
                Lang::En => "First release".to_owned(),
            }
        } else {
            diff::summary(&changes, lang)
        }
    };
    let summary = match (&args.summary, &args.summary_en) {
        (Some(zh), Some(en)) => Text::new(zh.trim(), en.trim()),
        (Some(one), None) => Text::new(one.trim(), ""),
        (None, Some(en)) => Text::new(drafted(Lang::Zh), en.trim()),
        (None, None) => Text::new(drafted(Lang::Zh), drafted(Lang::En)),
    };
    let version = args.version.trim().to_owned();
    let edit = Edit::Release {
        version: version.clone(),
        date: args.date.unwrap_or_else(today),
        summary,
        author: args.author.clone(),
    };
    edit::apply(&mut plan, &edit)
        .map_err(|err| CliError::Invalid(format!("{}: {err}", args.file.display())))?;
    super::chapters::save(&plan, &args.file)?;
    let changed = if plan.releases.len() == 1 {
        "the first release".to_owned()
    } else {
        format!(
            "{} {} since {}",
            changes.len(),
            if changes.len() == 1 {
                "change"
            } else {
                "changes"
            },
            plan.releases[plan.releases.len() - 2].version
        )
    };
    outln!(
        "{}: released version {version} ({changed})",
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn diff(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::from(args.lang);
    let first = load_plan(&args.old)?;
    let (old, new, title) = match &args.new {
        Some(path) => {
            let second = load_plan(path)?;
            let title = match lang {
                Lang::Zh => format!("{} 与 {} 的差异", args.old.display(), path.display()),
                Lang::En => format!("Changes from {} to {}", args.old.display(), path.display()),
            };
            (
                centerplan::control::content(&first),
                centerplan::control::content(&second),
                title,
            )
        }
        None => {
            let release = last_release(&first, &args.old)?;
            let title = match lang {
                Lang::Zh => format!(
                    "{} 自版本 {} 发布以来的修改",
                    args.old.display(),
                    release.version
                ),
                Lang::En => format!(
                    "Changes to {} since version {} was released",
                    args.old.display(),
                    release.version
                ),
            };
            (
                (*release.plan).clone(),
                centerplan::control::content(&first),
                title,
            )
        }
    };
    let changes = diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Text => diff::to_text(&changes, lang),
        DiffFormat::Md => diff::to_markdown(&changes, lang, &title),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&changes).expect("changes serialize");
            json.push('\n');
            json
        }
    };
    super::emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
