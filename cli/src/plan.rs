//! Plan subcommands: `templates`, `new`, `show`, `validate`, `export-json`, `import-json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use centerplan::model::{CenterType, Lang, Plan};
use centerplan::validate::{Diagnostic, Severity, validate};
use centerplan::{document, interchange, outline, templates};

use super::{CliError, EXIT_INVALID, LangArg};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TypeArg {
    Outsourced,
    Sales,
    Service,
    Hybrid,
}

impl From<TypeArg> for CenterType {
    fn from(arg: TypeArg) -> CenterType {
        match arg {
            TypeArg::Outsourced => CenterType::Outsourced,
            TypeArg::Sales => CenterType::Sales,
            TypeArg::Service => CenterType::Service,
            TypeArg::Hybrid => CenterType::Hybrid,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum FormatArg {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The center type whose template the plan starts from.
    #[arg(long = "type", value_enum)]
    pub center_type: TypeArg,
    /// The center's name, printed on the manual's cover.
    #[arg(long)]
    pub name: String,
    /// The `.centerplan` file to create.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A `.centerplan` file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A `.centerplan` file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct ExportJsonArgs {
    /// A `.centerplan` file.
    pub file: PathBuf,
    /// The JSON file to write (`-` for standard output).
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportJsonArgs {
    /// A JSON file written by `export-json` (or by hand, to the same schema).
    pub input: PathBuf,
    /// The `.centerplan` file to create.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn templates(args: TemplatesArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::from(args.lang);
    for center_type in CenterType::ALL {
        let plan = templates::template(center_type, "");
        let positions = plan.chart.nodes.len();
        let headcount: i32 = plan
            .chart
            .nodes
            .iter()
            .map(|n| n.headcount.planned.max(0))
            .sum();
        let summary = match lang {
            Lang::Zh => format!(
                "{positions} 个节点，编制 {headcount} 人，职责矩阵 {} 个角色",
                plan.matrix.rows.len()
            ),
            Lang::En => format!(
                "{positions} nodes, {headcount} planned staff, {} matrix roles",
                plan.matrix.rows.len()
            ),
        };
        outln!(
            "{:<11} {}  ({summary})",
            center_type.key(),
            center_type.name().get(lang)
        );
        outln!("            {}", center_type.description().get(lang));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn new(args: NewArgs) -> anyhow::Result<ExitCode> {
    let plan = templates::template(args.center_type.into(), &args.name);
    create(&plan, &args.output, args.force, &[])?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let plan = open(&args.file)?;
    // Names are the file's: shown, never obeyed as terminal escape sequences.
    let outline = outline::render(&plan, args.lang.into());
    let shown: Vec<String> = outline.lines().map(super::printable).collect();
    out!("{}\n", shown.join("\n"));
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Report<'a> {
    file: String,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn validate_file(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let plan = open(&args.file)?;
    let diagnostics = validate(&plan);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let lang = Lang::from(args.lang);
    match args.format {
        FormatArg::Json => {
            let report = Report {
                file: args.file.display().to_string(),
                errors,
                warnings,
                diagnostics: &diagnostics,
            };
            outln!("{}", serde_json::to_string_pretty(&report)?);
        }
        FormatArg::Text => {
            for diagnostic in &diagnostics {
                outln!(
                    "{}[{}]: {}",
                    diagnostic.severity.label(lang),
                    diagnostic.code,
                    super::printable(diagnostic.message.get(lang))
                );
            }
            let file = args.file.display();
            match lang {
                Lang::Zh => outln!("{file}：{errors} 个错误，{warnings} 个警告"),
                Lang::En => outln!("{file}: {errors} errors, {warnings} warnings"),
            }
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn export_json(args: ExportJsonArgs) -> anyhow::Result<ExitCode> {
    let plan = open(&args.file)?;
    let json = interchange::to_json(&plan);
    super::write_file(&args.output, json.as_bytes(), &[&args.file])?;
    Ok(ExitCode::SUCCESS)
}

pub fn import_json(args: ImportJsonArgs) -> anyhow::Result<ExitCode> {
    let text = super::read_text(&args.input, centerplan::limits::MAX_INPUT_BYTES)?;
    let plan = interchange::from_json(&text)
        .map_err(|err| CliError::Input(format!("cannot import {}: {err}", args.input.display())))?;
    create(&plan, &args.output, args.force, &[&args.input])?;
    Ok(ExitCode::SUCCESS)
}

/// Opens a `.centerplan` document; the error names the file.
pub fn open(path: &Path) -> Result<Plan, CliError> {
    document::open(path).map_err(|err| CliError::Input(err.to_string()))
}

/// Saves a `.centerplan` document; the error names the file.
pub fn save(plan: &Plan, path: &Path) -> Result<(), CliError> {
    document::save(plan, path).map_err(|err| CliError::Output(err.to_string()))
}

/// Writes a plan that a command creates (`new`, `import-json`, `import-csv`): only if
/// nothing is at `path` unless `force` (then it is replaced), never over one of the
/// command's `inputs`. The "only if nothing is there" is the atomic publishing of the
/// file itself ([`document::create`]), not a check before it: two commands racing for
/// one path cannot both succeed.
pub fn create(plan: &Plan, path: &Path, force: bool, inputs: &[&Path]) -> Result<(), CliError> {
    super::refuse_own_input(path, inputs)?;
    if force {
        return save(plan, path);
    }
    document::create(plan, path).map_err(|err| match err {
        document::DocumentError::Exists { .. } => {
            CliError::Output(format!("{err} (pass --force to replace it)"))
        }
        err => CliError::Output(err.to_string()),
    })
}
