//! `centerplan matrix`: the responsibility matrix as CSV, XLSX or a Markdown table.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use centerplan::manual::matrix;
use centerplan::model::Lang;

use super::CliError;
use super::export::{ManualLangArg, load_plan};

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// The plan: a `.centerplan` document or a JSON export of one.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub lang: ManualLangArg,
    /// The file to write: `.csv`, `.xlsx` or `.md`.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: MatrixArgs) -> anyhow::Result<ExitCode> {
    let plan = load_plan(&args.file)?;
    let lang = Lang::from(args.lang);
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("csv") => matrix::to_csv(&plan, lang).into_bytes(),
        Some("md") => matrix::to_markdown(&plan, lang).into_bytes(),
        Some("xlsx") => matrix::to_xlsx(&plan, lang)
            .map_err(|err| CliError::Output(format!("{}: {err}", args.output.display())))?,
        _ => {
            return Err(CliError::Output(format!(
                "{}: the matrix is written as .csv, .xlsx or .md",
                args.output.display()
            ))
            .into());
        }
    };
    super::write_file(&args.output, &bytes, &[&args.file])?;
    Ok(ExitCode::SUCCESS)
}
