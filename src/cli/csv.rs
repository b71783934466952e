//! `centerplan import-csv` and `export-csv`: the chart as a spreadsheet.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use centerplan::csv_io::{chart_from_csv, chart_to_csv};
use centerplan::model::{CenterType, NodeId, Plan};
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
    let text = std::fs::read_to_string(&args.csv)
        .map_err(|err| CliError::Input(format!("cannot read {}: {err}", args.csv.display())))?;
    let chart = chart_from_csv(&text)
        .map_err(|err| CliError::Input(format!("{}: {err}", args.csv.display())))?;
    if args.output.exists() && !args.force {
        return Err(CliError::Output(format!(
            "{} exists (use --force to replace it)",
            args.output.display()
        ))
        .into());
    }
    let name = args.name.unwrap_or_else(|| {
        args.csv
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let plan = plan_with_chart(templates::template(args.center_type, &name), chart);
    document::save(&plan, &args.output)?;
    Ok(ExitCode::SUCCESS)
}

/// The template's plan with the imported chart; the template's matrix rows, job
/// descriptions and career steps that name nodes the chart lacks are dropped, since
/// they would describe posts the center does not have.
fn plan_with_chart(mut plan: Plan, chart: centerplan::model::OrgChart) -> Plan {
    let has = |id: &NodeId| chart.node(id).is_some();
    plan.matrix.rows.retain(|row| has(&row.role));
    plan.job_descriptions.retain(|job| has(&job.position));
    for step in &mut plan.career_path {
        if step.position.as_ref().is_some_and(|id| !has(id)) {
            step.position = None;
        }
    }
    plan.chart = chart;
    plan
}

pub fn run_export(args: ExportCsvArgs) -> anyhow::Result<ExitCode> {
    let plan = document::open(&args.file)?;
    std::fs::write(&args.output, chart_to_csv(&plan.chart)).map_err(|err| {
        CliError::Output(format!("cannot write {}: {err}", args.output.display()))
    })?;
    Ok(ExitCode::SUCCESS)
}
