//! Spreadsheets as Chinese offices keep them (issue 20 items 1 and 2): XLSX workbooks and
//! CSV files as Excel saves them, with the headers of a real roster, read into the same
//! chart; every bad cell named by sheet, row and column; the chart back out as XLSX.

use centerplan::csv_io::{CsvError, chart_to_csv, import_table};
use centerplan::model::{CenterType, Headcount, OrgChart};
use centerplan::sheet::{self, Table};
use centerplan::templates::template;
use rust_xlsxwriter::Workbook;

/// A roster as HR keeps it: 工号, 姓名, 岗位, 直属上级, 编制, 在岗 (two headcount columns,
/// a plain number each).
const ROSTER: [[&str; 6]; 5] = [
    ["工号", "姓名", "岗位", "直属上级", "编制", "在岗"],
    ["gm", "陈静", "中心总经理", "", "1", "1"],
    ["ops", "王芳", "运营经理", "gm", "1", "1"],
    ["tl", "", "主管", "ops", "4", "3"],
    ["csr", "", "客户服务代表", "tl", "40", "36"],
];

fn workbook(rows: &[Vec<String>], sheet: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Numbers as numbers, as a roster has them.
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r as u32, c as u16, cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn roster() -> Vec<Vec<String>> {
    ROSTER
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

fn csv_text(rows: &[Vec<String>], separator: &str) -> String {
    rows.iter()
        .map(|r| r.join(separator))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

fn chart(table: &Table) -> OrgChart {
    import_table(table, &[]).unwrap().chart
}

/// The chart with its extra lines in a fixed order: a sheet lists them by the node they
/// start from, and their order means nothing.
fn ordered(mut chart: OrgChart) -> OrgChart {
    chart
        .lines
        .sort_by(|a, b| (&a.from, &a.to, a.kind.key()).cmp(&(&b.from, &b.to, b.kind.key())));
    chart
}

#[test]
fn gbk_utf16_tab_separated_and_xlsx_rosters_give_the_same_chart() {
    let text = csv_text(&roster(), ",");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut utf16 = vec![0xff, 0xfe];
    for unit in csv_text(&roster(), "\t").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(text.as_bytes());
    let tables = [
        (sheet::table(&gbk, None).unwrap(), "GB18030"),
        (sheet::table(&utf16, None).unwrap(), "UTF-16LE"),
        (sheet::table(&bom, None).unwrap(), "UTF-8"),
        (
            sheet::table(csv_text(&roster(), "\t").as_bytes(), None).unwrap(),
            "UTF-8",
        ),
        (
            sheet::table(&workbook(&roster(), "人员"), None).unwrap(),
            "XLSX",
        ),
    ];
    let expected = chart(&tables[0].0);
    assert_eq!(expected.nodes.len(), 4);
    let tl = expected.node(&"tl".into()).unwrap();
    // 岗位 names the node (not 姓名), and two plain-number columns give planned and filled.
    assert_eq!(tl.name.zh, "主管");
    assert_eq!(tl.headcount, Headcount::new(4, 3));
    for (table, encoding) in &tables {
        assert_eq!(table.encoding, *encoding);
        assert_eq!(&chart(table), &expected, "{encoding}");
    }
    let imported = import_table(&tables[4].0, &[]).unwrap();
    assert_eq!(
        imported.ignored,
        vec!["姓名".to_owned()],
        "the people's names are left out"
    );
}

#[test]
fn a_map_names_columns_the_recognition_does_not_know() {
    let mut rows = roster();
    rows[0] = ["人员代码", "姓名", "职称", "汇报上级", "核定人数", "在岗"]
        .map(str::to_owned)
        .to_vec();
    let table = sheet::table(&workbook(&rows, "Sheet1"), None).unwrap();
    match import_table(&table, &[]).unwrap_err() {
        CsvError::Unrecognised {
            field, accepted, ..
        } => {
            assert_eq!(field, "id");
            assert!(accepted.contains(&"工号"));
        }
        other => panic!("{other}"),
    }
    let map: Vec<(String, String)> = [
        ("id", "人员代码"),
        ("name", "职称"),
        ("reports_to", "汇报上级"),
        ("headcount", "核定人数"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .to_vec();
    let imported = import_table(&table, &map).unwrap();
    assert_eq!(
        imported.chart,
        chart(&sheet::table(&workbook(&roster(), "x"), None).unwrap())
    );
    let bad = [("boss".to_owned(), "x".to_owned())];
    assert!(matches!(
        import_table(&table, &bad),
        Err(CsvError::MapField(_))
    ));
    let missing = [("id".to_owned(), "编号".to_owned())];
    assert!(matches!(
        import_table(&table, &missing),
        Err(CsvError::MapColumn { .. })
    ));
}

#[test]
fn a_bad_sheet_gets_every_error_with_sheet_row_and_column() {
    let mut rows = roster();
    rows[2][3] = "nobody".to_owned(); // an unknown parent
    rows[3][3] = "csr".to_owned(); // tl reports to csr, csr to tl: a cycle
    rows[4][4] = "四".to_owned(); // a bad number
    let table = sheet::table(&workbook(&rows, "人员"), None).unwrap();
    let CsvError::Rows(errors) = import_table(&table, &[]).unwrap_err() else {
        panic!("expected bad cells");
    };
    let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{said:?}");
    assert!(
        said.iter()
            .any(|e| e.starts_with("sheet 人员, row 3, column D (直属上级): reports to nobody")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|e| e.starts_with("sheet 人员, row 5, column E (编制):")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|e| e.contains("column D (直属上级)") && e.contains("cycle")),
        "{said:?}"
    );
    // An unknown sheet names the ones there are.
    let err = sheet::table(&workbook(&roster(), "人员"), Some("Sheet9")).unwrap_err();
    assert!(err.to_string().contains("人员"), "{err}");
}

#[test]
fn a_chart_goes_to_xlsx_and_back_unchanged() {
    for center_type in CenterType::ALL {
        let plan = template(center_type, "中心");
        for lang in centerplan::model::Lang::ALL {
            let bytes = sheet::chart_to_xlsx(&plan.chart, lang).unwrap();
            let table = sheet::table(&bytes, None).unwrap();
            assert_eq!(
                ordered(chart(&table)),
                ordered(plan.chart.clone()),
                "{center_type:?} {lang:?}"
            );
        }
    }
}

#[test]
fn csv_export_starts_with_a_byte_order_mark_and_reads_back() {
    let plan = template(CenterType::Hybrid, "中心");
    let csv = chart_to_csv(&plan.chart);
    assert!(csv.as_bytes().starts_with(b"\xef\xbb\xbf"));
    assert_eq!(
        ordered(chart(&sheet::table(csv.as_bytes(), None).unwrap())),
        ordered(plan.chart)
    );
}

#[test]
fn hostile_cells_stay_text_in_and_out() {
    let mut rows = roster();
    rows[3][2] = "=HYPERLINK(\"http://x\",\"点我\")".to_owned();
    rows[4][2] = "+cmd|' /C calc'!A0".to_owned();
    let table = sheet::table(&workbook(&rows, "人员"), None).unwrap();
    let chart = chart(&table);
    assert_eq!(chart.nodes[2].name.zh, "=HYPERLINK(\"http://x\",\"点我\")");
    // Out again as a workbook: text cells, never formulas.
    let bytes = sheet::chart_to_xlsx(&chart, centerplan::model::Lang::Zh).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(!xml.contains("<f>"), "a formula in the sheet: {xml}");
    assert_eq!(
        sheet::table(&bytes, None).map(|t| self::chart(&t)).unwrap(),
        chart
    );
    // A cell as long as Excel allows (32,767 characters), or a 1 MB one in a CSV, is
    // refused by row and column, not read into a node.
    let mut long = roster();
    long[2][2] = "长".repeat(32_000);
    let table = sheet::table(&workbook(&long, "人员"), None).unwrap();
    let CsvError::Rows(errors) = import_table(&table, &[]).unwrap_err() else {
        panic!("expected a bad cell");
    };
    assert!(
        errors[0]
            .to_string()
            .starts_with("sheet 人员, row 3, column C (岗位)"),
        "{}",
        errors[0]
    );
    long[2][2] = "长".repeat(350_000);
    let table = sheet::table(csv_text(&long, ",").as_bytes(), None).unwrap();
    let CsvError::Rows(errors) = import_table(&table, &[]).unwrap_err() else {
        panic!("expected a bad cell");
    };
    assert!(
        errors[0].to_string().starts_with("line 3, column name"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_sheet_claiming_far_cells_or_too_many_rows_is_bounded() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["id", "name"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "a").unwrap();
    ws.write_string(1, 1, "A").unwrap();
    // Far out: column XFD and row 1,000,000 — skipped or refused, never allocated.
    ws.write_string(1, 16_383, "far").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let table = sheet::table(&bytes, None).unwrap();
    assert_eq!(table.rows.len(), 1);
    assert!(table.rows[0].1.len() <= sheet::MAX_SHEET_COLUMNS);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "id").unwrap();
    for r in 1..=(sheet::MAX_SHEET_ROWS as u32 + 1) {
        ws.write_number(r, 0, f64::from(r)).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    assert!(matches!(
        sheet::table(&bytes, None),
        Err(CsvError::TooManyRows(_))
    ));
    // Bytes that only start like a workbook.
    assert!(matches!(
        sheet::table(b"PK\x03\x04garbage", None),
        Err(CsvError::Read(_))
    ));
    // Neither UTF-8 nor GBK.
    assert!(matches!(
        sheet::table(b"id,name\n\xff\xff\xff,x\n", None),
        Err(CsvError::Read(_))
    ));
}

/// Regression: on Windows line ends (CRLF, what Excel writes) the CSV reader counted one
/// line short for every row after the first, so errors named the row above the bad one.
#[test]
fn csv_lines_are_counted_right_with_windows_line_ends() {
    for end in ["\n", "\r\n"] {
        let text = ["id,name", "a,A", "b,B", "c,\"two", "lines\"", ",D", "e,E"].join(end);
        let table = sheet::table(text.as_bytes(), None).unwrap();
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![2, 3, 4, 6, 7], "{end:?}");
        let CsvError::Rows(errors) = import_table(&table, &[]).unwrap_err() else {
            panic!("expected a bad cell");
        };
        assert_eq!(errors[0].line, 6, "{end:?}: {}", errors[0]);
    }
}
