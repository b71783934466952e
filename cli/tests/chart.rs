//! `centerplan chart`, `export-csv` and `import-csv` through the binary.

use centerplan::model::CenterType;
use centerplan::{document, templates};

use crate::support::centerplan;

/// A chart with a reporting cycle, an unknown parent and a bad headcount (lines 3, 5, 6).
const BAD_CSV: &str = include_str!("../../tests/fixtures/bad-chart.csv");

#[test]
fn cli_draws_each_template_as_svg_and_png() {
    let dir = tempfile::tempdir().expect("temp dir");
    for center_type in CenterType::ALL {
        let file = dir.path().join(format!("{center_type}.centerplan"));
        document::save(&templates::template(center_type, "t"), &file).expect("save template");
        let svg = dir.path().join(format!("{center_type}.svg"));
        let out = centerplan(
            &[
                "chart".as_ref(),
                file.as_os_str(),
                "-o".as_ref(),
                svg.as_os_str(),
                "--lang".as_ref(),
                "en".as_ref(),
            ],
            ".",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&svg).expect("svg written");
        assert!(
            text.starts_with("<?xml")
                && text.contains("<text")
                && text.contains("Noto Sans CJK SC")
        );
        let png = dir.path().join(format!("{center_type}.png"));
        let out = centerplan(
            &[
                "chart".as_ref(),
                file.as_os_str(),
                "-o".as_ref(),
                png.as_os_str(),
                "--scale".as_ref(),
                "1".as_ref(),
            ],
            ".",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::read(&png)
                .expect("png written")
                .starts_with(b"\x89PNG")
        );
    }
    // A subtree, and an unknown root.
    let file = dir.path().join("hybrid.centerplan");
    let sub = dir.path().join("sub.svg");
    let out = centerplan(
        &[
            "chart".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            sub.as_os_str(),
            "--root".as_ref(),
            "oversight".as_ref(),
        ],
        ".",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !std::fs::read_to_string(&sub)
            .expect("svg")
            .contains("中心总经理")
    );
    let out = centerplan(
        &[
            "chart".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            sub.as_os_str(),
            "--root".as_ref(),
            "nobody".as_ref(),
        ],
        ".",
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nobody"));
}

#[test]
fn cli_csv_round_trip_and_rejection() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("hybrid.centerplan");
    document::save(&templates::template(CenterType::Hybrid, "t"), &file).expect("save template");
    let csv = dir.path().join("people.csv");
    let out = centerplan(
        &[
            "export-csv".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            csv.as_os_str(),
        ],
        ".",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = dir.path().join("back.centerplan");
    let out = centerplan(
        &[
            "import-csv".as_ref(),
            csv.as_os_str(),
            "-o".as_ref(),
            back.as_os_str(),
        ],
        ".",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = document::open(&file).expect("open original");
    let imported = document::open(&back).expect("open imported");
    assert_eq!(imported.chart.nodes, original.chart.nodes);
    assert_eq!(imported.chart.lines.len(), original.chart.lines.len());

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, BAD_CSV).expect("write bad csv");
    let target = dir.path().join("bad.centerplan");
    let out = centerplan(
        &[
            "import-csv".as_ref(),
            bad.as_os_str(),
            "-o".as_ref(),
            target.as_os_str(),
        ],
        ".",
    );
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [
        "line 3, column reports_to",
        "line 5, column reports_to",
        "line 6, column headcount",
    ] {
        assert!(stderr.contains(line), "{stderr}");
    }
    assert!(!target.exists(), "nothing written");
}
