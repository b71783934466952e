//! Golden files: rendered text (resolved Markdown, SVG) checked against a reviewed copy in
//! `tests/golden/`. `UPDATE_GOLDEN=1` rewrites the copies; review their diff before keeping it.

use std::path::{Path, PathBuf};

/// Checks `actual` against `tests/golden/NAME`, or writes it there under `UPDATE_GOLDEN`.
/// A difference is reported at its first differing line, with both versions of that line.
pub fn check(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("tests/golden")).expect("create tests/golden");
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (create it with UPDATE_GOLDEN=1)", path.display()));
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(actual.lines().count().min(expected.lines().count()));
        panic!(
            "{} differs at line {} (review, then UPDATE_GOLDEN=1 to accept):\n  got:      {:?}\n  expected: {:?}",
            path.display(),
            line + 1,
            actual.lines().nth(line),
            expected.lines().nth(line)
        );
    }
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}
