//! The `centerplan` command line. The binary is glue: it parses arguments into options,
//! calls the library, prints or writes what the library returns, and maps failures to the
//! documented exit codes. Each subcommand lives in its own module under `src/cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // One line, naming the file or field at fault (the errors carry it).
            eprintln!("centerplan: {err:#}");
            cli::exit_code_for(&err)
        }
    }
}
