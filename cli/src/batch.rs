//! `centerplan batch`: the manuals of many plans at once, for consultants who keep one
//! plan per client center. Every plan × edition × language becomes one file named
//! `<plan>-<edition>-<lang>.<ext>` in the output folder, typeset in parallel with the
//! fonts loaded once. A plan that cannot be read or a file that cannot be written is
//! reported naming it and the others still go out; the exit code tells that some failed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;
use rayon::prelude::*;

use centerplan::manual::{Date, Edition, ManualOptions};
use centerplan::model::{Lang, Plan};

use super::export::{
    EditionArg, ManualFormat, ManualLangArg, Target, load_plan, parse_date, today,
};
use super::{CliError, EXIT_INPUT, EXIT_OUTPUT};

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Plans (`.centerplan` documents or JSON exports of them) and folders, whose
    /// `.centerplan` files are all taken.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The folder the manuals are written to (created if missing).
    #[arg(long)]
    pub out_dir: PathBuf,
    /// The editions to write (repeat or separate with commas) [default: manager,csr].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub edition: Vec<EditionArg>,
    /// The languages to write (repeat or separate with commas) [default: zh].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub lang: Vec<ManualLangArg>,
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: ManualFormat,
    /// The date printed on the covers and stamped in the PDFs (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// How many manuals to typeset at once [default: the number of CPUs].
    #[arg(long)]
    pub jobs: Option<usize>,
    /// A chapter library for every plan, as for `export`: read once, and a bad file stops
    /// the batch before anything is written.
    #[arg(long, value_name = "DIR")]
    pub chapters: Option<PathBuf>,
    /// For chapter authors: chapter templates laid over the built-in ones (as for `export`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// One manual to write.
struct Job<'a> {
    plan: &'a Plan,
    options: ManualOptions,
    output: PathBuf,
}

/// The name a plan's manuals start with: its file name without the extension.
fn stem_of(file: &Path) -> String {
    file.file_stem()
        .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// The `.centerplan` files a folder holds, in name order.
fn plans_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| CliError::Input(format!("cannot read {}: {err}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("centerplan"))
        })
        .collect();
    if files.is_empty() {
        return Err(CliError::Input(format!("{} holds no .centerplan file", dir.display())).into());
    }
    files.sort();
    Ok(files)
}

/// The input files, folders expanded; each file once.
fn input_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            files.extend(plans_in(input)?);
        } else {
            files.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.clone())));
    Ok(files)
}

pub fn run(args: BatchArgs) -> anyhow::Result<ExitCode> {
    let editions = if args.edition.is_empty() {
        Edition::ALL.to_vec()
    } else {
        args.edition.iter().map(|e| Edition::from(*e)).collect()
    };
    let langs: Vec<Lang> = if args.lang.is_empty() {
        vec![Lang::Zh]
    } else {
        args.lang.iter().map(|l| Lang::from(*l)).collect()
    };
    let date = args.date.unwrap_or_else(today);
    let files = input_files(&args.inputs)?;

    // Two plans with the same name would write over each other's manuals: refuse before
    // any work, naming both.
    let mut stems: BTreeMap<String, &Path> = BTreeMap::new();
    for file in &files {
        if let Some(other) = stems.insert(stem_of(file), file) {
            return Err(CliError::Input(format!(
                "{} and {} would write the same manuals ({}-…): rename one",
                other.display(),
                file.display(),
                stem_of(file)
            ))
            .into());
        }
    }

    // The library and the templates are read once, before any output.
    let library = match &args.chapters {
        Some(dir) => Some(super::chapters::Library::read(dir)?),
        None => None,
    };
    let sources = super::export::load_templates(args.templates.as_deref())?;
    let fonts;
    let target = match args.format {
        ManualFormat::Md => Target::Md,
        ManualFormat::Html => Target::Html,
        ManualFormat::Pdf => {
            fonts = super::fonts::load_fonts()?;
            Target::Pdf(&fonts)
        }
        ManualFormat::Docx => {
            fonts = super::fonts::load_fonts()?;
            Target::Docx(&fonts)
        }
    };
    let mut failed_inputs = 0;
    let mut plans = Vec::new();
    for file in &files {
        match load_plan(file) {
            Ok(plan) => plans.push((file, plan)),
            Err(err) => {
                failed_inputs += 1;
                eprintln!("{err:#}");
            }
        }
    }
    // Every plan gets the library before any manual is written: a library file that is
    // bad for one plan stops the batch with nothing written.
    if let Some(library) = &library {
        for (file, plan) in &mut plans {
            library.apply(plan, Some(file))?;
        }
    }
    std::fs::create_dir_all(&args.out_dir).map_err(|err| {
        CliError::Output(format!("cannot create {}: {err}", args.out_dir.display()))
    })?;
    let mut jobs = Vec::new();
    for (file, plan) in &plans {
        let stem = stem_of(file);
        for &edition in &editions {
            for &lang in &langs {
                let name = format!(
                    "{stem}-{}-{}.{}",
                    edition.key(),
                    lang.code(),
                    target.extension()
                );
                jobs.push(Job {
                    plan,
                    options: ManualOptions {
                        edition,
                        lang,
                        date,
                    },
                    output: args.out_dir.join(name),
                });
            }
        }
    }

    let threads = args.jobs.unwrap_or(0).min(64);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| CliError::Invalid(format!("--jobs {threads}: {err}")))?;
    let done = AtomicUsize::new(0);
    let total = jobs.len();
    let failures: Vec<anyhow::Error> = pool.install(|| {
        jobs.par_iter()
            .filter_map(|job| {
                let result = target
                    .render(job.plan, &job.options, &sources)
                    .and_then(|bytes| Ok(super::write_file(&job.output, &bytes, &[])?));
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                match result {
                    Ok(()) => {
                        // Progress only: a closed pipe is reported by the summary below.
                        let _ = super::emit(&format!("[{n}/{total}] {}\n", job.output.display()));
                        None
                    }
                    Err(err) => Some(err.context(format!("{}", job.output.display()))),
                }
            })
            .collect()
    });
    for err in &failures {
        eprintln!("{err:#}");
    }
    let written = total - failures.len();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let unread = if failed_inputs > 0 {
        format!(
            "; {} could not be read",
            plural(failed_inputs, "plan", "plans")
        )
    } else {
        String::new()
    };
    outln!(
        "{written} of {} written to {} from {}{unread}",
        plural(total, "manual", "manuals"),
        args.out_dir.display(),
        plural(plans.len(), "plan", "plans"),
    );
    let unwritable = failures
        .iter()
        .any(|err| matches!(err.downcast_ref::<CliError>(), Some(CliError::Output(_))));
    Ok(if unwritable {
        ExitCode::from(EXIT_OUTPUT)
    } else if failed_inputs > 0 || !failures.is_empty() {
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}
