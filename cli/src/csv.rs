//! `centerplan import-sheet` / `export-sheet` (and their CSV names `import-csv` /
//! `export-csv`): the chart as a spreadsheet, XLSX or CSV as Excel writes it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use centerplan::csv_io::{chart_to_csv, import_table};
use centerplan::model::{CenterType, Lang};
use centerplan::{document, templates};

use super::CliError;

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The sheet: XLSX, or CSV (UTF-8, UTF-16 or GBK; comma- or tab-separated). Columns
    /// are recognised from common header names (README: "Spreadsheets"): id/编号/工号,
    /// name/名称/岗位, reports_to/上级/直属上级, headcount/编制 (filled/planned or a
    /// number), filled/在岗, dotted_to, kind, rank, function, collapsed.
    pub csv: PathBuf,
    /// The workbook's sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Which of the file's columns is which field, where the names are not recognised:
    /// `id=工号,name=岗位,reports_to=直属上级,headcount=编制,filled=在岗`.
    #[arg(long, value_parser = parse_map)]
    pub map: Option<ColumnMap>,
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
    /// The file to write: `.xlsx` (a workbook) or `.csv` (UTF-8 with a byte-order mark).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The workbook's header language (a CSV's headers are English).
    #[arg(long, value_enum, default_value_t)]
    pub lang: super::LangArg,
}

/// `--map`: which of the file's columns is which field.
#[derive(Debug, Clone)]
pub struct ColumnMap(pub Vec<(String, String)>);

/// `field=column,field=column`: the map of `--map`.
fn parse_map(text: &str) -> Result<ColumnMap, String> {
    text.split([',', '，'])
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            pair.split_once('=')
                .map(|(field, column)| (field.trim().to_owned(), column.trim().to_owned()))
                .ok_or_else(|| format!("{pair:?} is not field=column (e.g. id=工号)"))
        })
        .collect::<Result<_, _>>()
        .map(ColumnMap)
}

fn parse_type(text: &str) -> Result<CenterType, String> {
    CenterType::from_key(text).ok_or_else(|| {
        format!("unknown center type {text:?} (expected outsourced, sales, service or hybrid)")
    })
}

pub fn run_import(args: ImportCsvArgs) -> anyhow::Result<ExitCode> {
    let bytes = super::read_bytes(&args.csv, centerplan::limits::MAX_INPUT_BYTES)?;
    let fail = |err: centerplan::csv_io::CsvError| {
        CliError::Input(format!("{}: {err}", args.csv.display()))
    };
    let table = centerplan::sheet::table(&bytes, args.sheet.as_deref()).map_err(fail)?;
    let map = args.map.map(|m| m.0).unwrap_or_default();
    let imported = import_table(&table, &map).map_err(fail)?;
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
    if !imported.ignored.is_empty() {
        eprintln!(
            "{}: columns left out (none of the fields; see --map): {}",
            args.csv.display(),
            imported
                .ignored
                .iter()
                .map(|c| super::printable(c))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
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
    let xlsx = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        centerplan::sheet::chart_to_xlsx(&plan.chart, Lang::from(args.lang))
            .map_err(|err| CliError::Output(format!("{}: {err}", args.output.display())))?
    } else {
        chart_to_csv(&plan.chart).into_bytes()
    };
    super::write_file(&args.output, &bytes, &[&args.file])?;
    Ok(ExitCode::SUCCESS)
}
