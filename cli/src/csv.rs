//! `centerplan import-csv` and `export-csv`: the chart as a spreadsheet.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use centerplan::csv_io::{chart_to_csv, import_chart};
use centerplan::model::{CenterType, Lang};
use centerplan::{document, templates};

use super::CliError;

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The CSV file: columns id,name,reports_to,dotted_to,kind,rank,headcount (headers in
    /// English or Chinese: 编号,名称,上级,虚线上级,类型,级别,编制), optionally function, collapsed.
    pub csv: PathBuf,
    /// The `.centerplan` document to create.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The center type whose template supplies everything but the chart.
    #[arg(long = "type", default_value = "hybrid", value_parser = parse_type)]
    pub center_type: CenterType,
    /// The center's name; defaults to the CSV file's name.
    #[arg(long)]
    pub name: Option<String>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    /// The `.centerplan` document.
    pub file: PathBuf,
    /// The CSV file to write.
    #[arg(short, long)]
    pub output: PathBuf,
}

fn parse_type(text: &str) -> Result<CenterType, String> {
    CenterType::from_key(text).ok_or_else(|| {
        format!("unknown center type {text:?} (expected outsourced, sales, service or hybrid)")
    })
}

pub fn run_import(args: ImportCsvArgs) -> anyhow::Result<ExitCode> {
    let text = super::read_text(&args.csv, centerplan::limits::MAX_INPUT_BYTES)?;
    let imported = import_chart(&text)
        .map_err(|err| CliError::Input(format!("{}: {err}", args.csv.display())))?;
    let name = args.name.unwrap_or_else(|| {
        args.csv
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    // Said once the plan is written, so that a failure stays a single line.
    let inferred: Vec<String> = imported
        .inferred
        .iter()
        .map(|(id, function)| {
            let name = imported.chart.node(id).map_or("", |n| n.name.get(Lang::Zh));
            format!(
                "  {} {} → {} ({})",
                super::printable(id.as_str()),
                super::printable(name),
                function.key(),
                function.term().zh
            )
        })
        .collect();
    let plan = templates::with_chart(templates::template(args.center_type, &name), imported.chart);
    super::plan::create(&plan, &args.output, args.force, &[&args.csv])?;
    if !inferred.is_empty() {
        eprintln!(
            "{}: no function column; functions inferred from the position names:",
            args.csv.display()
        );
        for line in inferred {
            eprintln!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_export(args: ExportCsvArgs) -> anyhow::Result<ExitCode> {
    let plan = document::open(&args.file)?;
    super::write_file(
        &args.output,
        chart_to_csv(&plan.chart).as_bytes(),
        &[&args.file],
    )?;
    Ok(ExitCode::SUCCESS)
}
