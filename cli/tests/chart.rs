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

/// `export-sheet` to XLSX and `import-sheet` back through the binary; a roster with a bad
/// cell writes nothing and names the sheet, row and column; `--map` names what the
/// recognition does not know.
#[test]
fn cli_sheet_round_trip_map_and_rejection() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sales.centerplan");
    document::save(&templates::template(CenterType::Sales, "t"), &file).expect("save template");
    let run = |args: &[&str]| {
        let out = centerplan(
            &args.iter().map(std::ffi::OsStr::new).collect::<Vec<_>>(),
            dir.path(),
        );
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(
        run(&["export-sheet", "sales.centerplan", "-o", "people.xlsx"]).0,
        Some(0)
    );
    assert_eq!(
        run(&[
            "import-sheet",
            "people.xlsx",
            "--type",
            "sales",
            "-o",
            "back.centerplan"
        ])
        .0,
        Some(0)
    );
    let original = document::open(&file).expect("open original");
    let back = document::open(&dir.path().join("back.centerplan")).expect("open imported");
    assert_eq!(back.chart.nodes, original.chart.nodes);
    // A CSV export opens in Excel as UTF-8.
    assert_eq!(
        run(&["export-sheet", "sales.centerplan", "-o", "people.csv"]).0,
        Some(0)
    );
    assert!(
        std::fs::read(dir.path().join("people.csv"))
            .unwrap()
            .starts_with(b"\xef\xbb\xbf")
    );
    // A roster saved by Excel as GBK, with its own header names, through --map.
    let roster = "人员代码,职称,汇报上级,核定人数,在岗\r\ngm,总经理,,1,1\r\ntl,主管,gm,3,2\r\ncsr,客服,tl,20,18\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(roster);
    std::fs::write(dir.path().join("roster.csv"), &gbk).unwrap();
    let (code, err) = run(&["import-sheet", "roster.csv", "-o", "r.centerplan"]);
    assert_eq!(code, Some(3));
    assert!(
        err.contains("no id column") && err.contains("人员代码"),
        "{err}"
    );
    assert!(!dir.path().join("r.centerplan").exists());
    let (code, err) = run(&[
        "import-sheet",
        "roster.csv",
        "--map",
        "id=人员代码,name=职称,reports_to=汇报上级,headcount=核定人数",
        "-o",
        "r.centerplan",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let plan = document::open(&dir.path().join("r.centerplan")).unwrap();
    let csr = plan.chart.node(&"csr".into()).unwrap();
    assert_eq!((csr.headcount.planned, csr.headcount.filled), (20, 18));
    // A bad number in a workbook: nothing written, the cell named.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("人员").unwrap();
    for (r, row) in [
        ["工号", "岗位", "直属上级", "编制"],
        ["gm", "总经理", "", "一"],
    ]
    .iter()
    .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(dir.path().join("bad.xlsx")).unwrap();
    let (code, err) = run(&["import-sheet", "bad.xlsx", "-o", "bad.centerplan"]);
    assert_eq!(code, Some(3));
    assert!(err.contains("sheet 人员, row 2, column D (编制)"), "{err}");
    assert!(!dir.path().join("bad.centerplan").exists());
}
