//! Shared support of the CLI's tests: the one way to run the `centerplan` binary and read
//! what it did.

// Each test module uses the helpers it needs; the others would warn as dead code.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

/// The binary under test, for a test that needs the process itself (stdin, a pipe, a race).
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_centerplan"))
}

/// Runs `centerplan ARGS` in `dir` and returns its exit status and output.
pub fn centerplan<S: AsRef<OsStr>>(args: &[S], dir: impl AsRef<Path>) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Runs and expects exit code `code`, showing the command and its output when it differs.
pub fn run<S: AsRef<OsStr>>(args: &[S], dir: impl AsRef<Path>, code: i32) -> Output {
    let output = centerplan(args, dir);
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
    assert_eq!(
        output.status.code(),
        Some(code),
        "centerplan {shown:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
