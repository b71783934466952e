//! Argument definitions and dispatch. One module per subcommand.

use std::process::ExitCode;

pub mod export;
pub mod fonts;
pub mod matrix;

use clap::{Parser, Subcommand};

/// Exit codes, documented in `--help` and the README.
pub const EXIT_OK: u8 = 0;
/// Validation found errors (warnings alone exit 0).
pub const EXIT_INVALID: u8 = 1;
/// Bad usage: unknown flag, missing argument (clap's own code).
pub const EXIT_USAGE: u8 = 2;
/// An input could not be read: missing, corrupt, wrong format or made by a newer version.
pub const EXIT_INPUT: u8 = 3;
/// An output could not be written.
pub const EXIT_OUTPUT: u8 = 4;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  validation found errors (warnings alone exit 0)
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
    /// Export the operations manual (PDF, HTML or Markdown) of a plan or a template.
    Export(export::ExportArgs),
    /// Write the responsibility matrix as CSV, XLSX or Markdown.
    Matrix(matrix::MatrixArgs),
}

/// An error that knows which exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Output(String),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Export(args) => export::run(args),
        Command::Matrix(args) => matrix::run(args),
    }
}

pub fn exit_code_for(err: &anyhow::Error) -> ExitCode {
    let code = match err.downcast_ref::<CliError>() {
        Some(CliError::Output(_)) => EXIT_OUTPUT,
        _ => EXIT_INPUT,
    };
    ExitCode::from(code)
}
