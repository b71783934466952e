//! The `centerplan` command line. The binary is glue: it parses arguments into options,
//! calls the library, prints or writes what the library returns, and maps failures to the
//! documented exit codes. Each subcommand lives in its own module beside this file (`cli/src/`).
//!
//! Argument definitions and dispatch live here; one module per subcommand.

use std::process::ExitCode;

/// `print!` that ends the command with an output error (exit 4) on a closed pipe or a
/// full disk instead of panicking; `outln!` adds the newline.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::emit(&format!($($arg)*))?
    };
}

macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::emit(&format!("{}\n", format_args!($($arg)*)))?
    };
}

pub mod batch;
pub mod chapters;
pub mod chart;
pub mod csv;
pub mod export;
pub mod fonts;
pub mod kpi;
pub mod matrix;
pub(crate) mod plan;
pub mod release;
pub mod staff;

use clap::{Parser, Subcommand, ValueEnum};

use centerplan::model::Lang;

// Exit codes, documented in `--help` (below) and the README. 0 is success and 2 is
// clap's own code for bad usage.

/// Validation found errors (warnings alone exit 0).
pub const EXIT_INVALID: u8 = 1;
/// An input could not be read: missing, corrupt, wrong format or made by a newer version.
pub const EXIT_INPUT: u8 = 3;
/// An output could not be written.
pub const EXIT_OUTPUT: u8 = 4;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  validation found errors (warnings alone exit 0), or impossible inputs such as
     an unstable queue
  2  bad usage (unknown flag, missing argument)
  3  an input file could not be read (missing, corrupt, wrong format, newer version)
  4  an output file could not be written";

#[derive(Debug, Parser)]
#[command(name = "centerplan", version, about = "Design a customer-service center's organization and produce its operations manual", after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export the operations manual (PDF, Word, HTML or Markdown) of a plan or a template.
    Export(export::ExportArgs),
    /// Export the manuals of many plans at once: every plan × edition × language, in parallel.
    Batch(batch::BatchArgs),
    /// The manual's chapters as files: list them, export them to a folder, import it back.
    Chapters(chapters::ChaptersArgs),
    /// Write the responsibility matrix as CSV, XLSX or Markdown.
    Matrix(matrix::MatrixArgs),
    /// List the four center types and their templates.
    Templates(plan::TemplatesArgs),
    /// Create a plan from a center type's template.
    New(plan::NewArgs),
    /// Print the chart as an outline with levels and lines, then the responsibility matrix.
    Show(plan::ShowArgs),
    /// Check a plan; exit 1 if it has errors.
    Validate(plan::ValidateArgs),
    /// Write a plan as versioned JSON.
    ExportJson(plan::ExportJsonArgs),
    /// Create a plan from JSON written by `export-json`.
    ImportJson(plan::ImportJsonArgs),
    /// Size agents for a service-level target (Erlang C, or Erlang A with --patience)
    Staff(staff::StaffArgs),
    /// Compute a day's KPIs from call statistics
    Kpi(kpi::KpiArgs),
    /// Draw the org chart as SVG or PNG, or print it as a PDF of A4/A3/A2 pages.
    Chart(chart::ChartArgs),
    /// Create a document from a chart kept in a spreadsheet: XLSX, or CSV as Excel saves it.
    ImportSheet(csv::ImportCsvArgs),
    /// Write a document's chart as XLSX (or CSV, by the extension).
    ExportSheet(csv::ExportCsvArgs),
    /// The CSV name of import-sheet (it reads XLSX too).
    ImportCsv(csv::ImportCsvArgs),
    /// The CSV name of export-sheet.
    ExportCsv(csv::ExportCsvArgs),
    /// Release the manual as a version: freeze the plan in the file and add the revision.
    Release(release::ReleaseArgs),
    /// List what changed between two plans, or since a plan's last release.
    Diff(release::DiffArgs),
}

/// A language of the output: `zh` (Simplified Chinese, the default) or `en`.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum LangArg {
    #[default]
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// An error that knows which exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Output(String),
    /// The inputs describe something impossible (e.g. an unstable queue).
    #[error("{0}")]
    Invalid(String),
}

/// Writes `text` to standard output; a closed pipe or a full disk there is an output
/// error (exit 4, one line), never a panic.
pub(crate) fn emit(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|err| CliError::Output(format!("cannot write to standard output: {err}")))
}

/// Writes a command's output file whole or not at all: a temporary file beside it, synced,
/// then renamed over it, so a full disk or a crash leaves the old file (or none), never a
/// truncated one. `-` is standard output. An output that is one of the command's `inputs`
/// is refused: no command writes over what it reads. Exports replace an existing output
/// (`new` and the imports, which create plans, refuse to without `--force`: see
/// [`plan::create`]).
pub(crate) fn write_file(
    output: &std::path::Path,
    bytes: &[u8],
    inputs: &[&std::path::Path],
) -> Result<(), CliError> {
    use std::io::Write;
    if output == std::path::Path::new("-") {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|err| CliError::Output(format!("cannot write to standard output: {err}")));
    }
    refuse_own_input(output, inputs)?;
    if let Ok(target) = output.canonicalize()
        && !std::fs::metadata(&target).is_ok_and(|m| m.is_file())
    {
        return Err(CliError::Output(format!(
            "{}: not a regular file",
            output.display()
        )));
    }
    centerplan::document::write_file(output, bytes).map_err(|err| {
        if centerplan::document::is_read_only(&err) {
            let dir = match output.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => std::path::Path::new("."),
            };
            CliError::Output(format!(
                "cannot write {}: the folder {} is read-only (write to another folder)",
                output.display(),
                dir.display()
            ))
        } else {
            CliError::Output(format!("cannot write {}: {err}", output.display()))
        }
    })
}

/// Refuses an `output` that is one of the command's `inputs` (the same file by another
/// name included): no command writes over what it reads.
pub(crate) fn refuse_own_input(
    output: &std::path::Path,
    inputs: &[&std::path::Path],
) -> Result<(), CliError> {
    if let Ok(target) = output.canonicalize()
        && inputs
            .iter()
            .any(|input| input.canonicalize().is_ok_and(|i| i == target))
    {
        return Err(CliError::Output(format!(
            "{}: the output would overwrite the input; choose another file",
            output.display()
        )));
    }
    Ok(())
}

/// `text` safe to print on a terminal: control characters (escape sequences, newlines)
/// are shown escaped instead of acting.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a text file of at most `limit` bytes: a regular file only (a FIFO or a device is
/// refused before it is read), never more than the limit read, UTF-8 (a BOM is dropped).
/// A file's bytes, at most `limit` of them (a larger file is refused, naming it).
pub(crate) fn read_bytes(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let fail = |what: String| CliError::Input(format!("{}: {what}", path.display()));
    let file = std::fs::File::open(path).map_err(|err| fail(format!("cannot read: {err}")))?;
    let meta = file
        .metadata()
        .map_err(|err| fail(format!("cannot read: {err}")))?;
    if !meta.is_file() {
        return Err(fail("not a regular file".to_owned()));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| fail(format!("cannot read: {err}")))?;
    if bytes.len() as u64 > limit {
        return Err(fail(format!("larger than the limit of {limit} bytes")));
    }
    Ok(bytes)
}

pub(crate) fn read_text(path: &std::path::Path, limit: u64) -> Result<String, CliError> {
    let fail = |what: String| CliError::Input(format!("{}: {what}", path.display()));
    let bytes = read_bytes(path, limit)?;
    let text = String::from_utf8(bytes).map_err(|err| {
        fail(format!(
            "not UTF-8 text (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Export(args) => export::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Chapters(args) => chapters::run(args),
        Command::Matrix(args) => matrix::run(args),
        Command::Templates(args) => plan::templates(args),
        Command::New(args) => plan::new(args),
        Command::Show(args) => plan::show(args),
        Command::Validate(args) => plan::validate_file(args),
        Command::Release(args) => release::release(args),
        Command::Diff(args) => release::diff(args),
        Command::ExportJson(args) => plan::export_json(args),
        Command::ImportJson(args) => plan::import_json(args),
        Command::Staff(args) => staff::run(args),
        Command::Kpi(args) => kpi::run(args),
        Command::Chart(args) => chart::run(args),
        Command::ImportCsv(args) | Command::ImportSheet(args) => csv::run_import(args),
        Command::ExportCsv(args) | Command::ExportSheet(args) => csv::run_export(args),
    }
}

pub fn exit_code_for(err: &anyhow::Error) -> ExitCode {
    let code = match err.downcast_ref::<CliError>() {
        Some(CliError::Output(_)) => EXIT_OUTPUT,
        Some(CliError::Invalid(_)) => EXIT_INVALID,
        _ => EXIT_INPUT,
    };
    ExitCode::from(code)
}

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            // One line, naming the file or field at fault (the errors carry it).
            eprintln!("centerplan: {err:#}");
            exit_code_for(&err)
        }
    }
}
