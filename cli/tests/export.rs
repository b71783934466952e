//! `centerplan export` and `centerplan matrix` through the binary: the output format
//! follows the file's extension, and spreadsheet cells never run as formulas.

use centerplan::model::{CenterType, Text};
use centerplan::templates::template;

use crate::support::centerplan;

#[test]
fn export_writes_each_format_from_the_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (out, starts_with) in [
        ("m.md", "# "),
        ("m.html", "<!DOCTYPE html>"),
        ("m.pdf", "%PDF-"),
        ("m.docx", "PK\x03\x04"),
    ] {
        let output = centerplan(
            &[
                "export",
                "--template",
                "hybrid",
                "--edition",
                "csr",
                "--lang",
                "en",
                "--date",
                "2026-03-05",
                "-o",
                out,
            ],
            dir.path(),
        );
        assert!(
            output.status.success(),
            "{out}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let bytes = std::fs::read(dir.path().join(out)).expect("written");
        assert!(bytes.starts_with(starts_with.as_bytes()), "{out}");
    }
    let output = centerplan(
        &[
            "export",
            "--template",
            "hybrid",
            "--edition",
            "csr",
            "-o",
            "m.txt",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--format pdf|docx|html|md"));
}

#[cfg(unix)]
#[test]
fn an_export_keeps_the_permissions_of_the_file_it_replaces_and_is_not_private() {
    // Regression: exports were written through a temp file, which tempfile creates 0600,
    // so every exported manual was readable by its owner only.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |out: &str| {
        let args = [
            "export",
            "--template",
            "hybrid",
            "--edition",
            "csr",
            "--date",
            "2026-03-05",
            "-o",
            out,
        ];
        let output = centerplan(&args, dir.path());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let replaced = dir.path().join("shared.md");
    std::fs::write(&replaced, "old").unwrap();
    std::fs::set_permissions(&replaced, std::fs::Permissions::from_mode(0o640)).unwrap();
    run("shared.md");
    let mode = std::fs::metadata(&replaced).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // A new file: what the umask leaves of 0666, never the temp file's 0600 unless the
    // umask itself says so.
    run("new.md");
    let mode = std::fs::metadata(dir.path().join("new.md"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    let umask_mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, umask_mode,
        "a new export gets the mode a new file gets"
    );
}

#[test]
fn batch_writes_word_manuals_named_as_the_pdfs_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("clients")).unwrap();
    let plan = template(CenterType::Sales, "华南客户服务中心");
    centerplan::document::save(&plan, &dir.path().join("clients/south.centerplan")).unwrap();
    let output = centerplan(
        &[
            "batch",
            "clients",
            "--out-dir",
            "out",
            "--edition",
            "csr",
            "--lang",
            "zh",
            "--format",
            "docx",
            "--date",
            "2026-03-05",
        ],
        dir.path(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(dir.path().join("out/south-csr-zh.docx")).expect("written");
    assert!(bytes.starts_with(b"PK\x03\x04"));
}

#[test]
fn matrix_exports_neutralize_formulas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut plan = template(CenterType::Hybrid, "示例综合型客户服务中心");
    plan.matrix.rows[0].cells[0] = centerplan::model::Cell {
        duties: vec![Text::new("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")")],
        ..Default::default()
    };
    let json = centerplan::interchange::to_json(&plan);
    std::fs::write(dir.path().join("plan.json"), json).expect("plan written");
    for out in ["m.csv", "m.xlsx", "m.md"] {
        let output = centerplan(&["matrix", "plan.json", "-o", out], dir.path());
        assert!(
            output.status.success(),
            "{out}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let csv = std::fs::read_to_string(dir.path().join("m.csv")).expect("csv");
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(csv.contains("项目引入"));
    let xlsx = std::fs::read(dir.path().join("m.xlsx")).expect("xlsx");
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");
    let md = std::fs::read_to_string(dir.path().join("m.md")).expect("md");
    assert!(md.starts_with("| 角色 | 项目引入 |"), "{md}");
}
