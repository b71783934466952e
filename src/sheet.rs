//! The org chart as the spreadsheets offices keep: XLSX workbooks and CSV files as Excel
//! saves them (UTF-8 with or without a byte-order mark, UTF-16 with one, GBK/GB18030;
//! comma- or tab-separated), read into one [`Table`] of text cells that
//! [`crate::csv_io::import_table`] turns into a chart, and the chart written back as XLSX.
//!
//! **Bounds.** A workbook is a zip archive: its entries' sizes are checked before any is
//! unpacked (a small file must not unpack into gigabytes), and its cells are read one by
//! one, keeping those within [`MAX_SHEET_ROWS`] rows and [`MAX_SHEET_COLUMNS`] columns, so
//! a sheet that claims a million columns costs nothing.

use std::io::Cursor;

use crate::csv_io::{COLUMNS, CsvError};
use crate::limits;
use crate::model::{Lang, OrgChart};

/// Most rows a sheet or CSV may have: one per node, and the header.
pub const MAX_SHEET_ROWS: usize = limits::MAX_NODES + 1;
/// Most columns read; a roster has a dozen.
pub const MAX_SHEET_COLUMNS: usize = 64;
/// Most bytes a workbook's entries may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Most entries a workbook may have.
const MAX_ENTRIES: usize = 10_000;

/// A sheet of text cells: the header and the rows below it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The sheet's name (a workbook), none for a CSV.
    pub sheet: Option<String>,
    /// Every sheet of the workbook, in order (empty for a CSV).
    pub sheets: Vec<String>,
    pub header: Vec<String>,
    /// Each row with its number as the file counts it: the line (CSV) or the row (sheet).
    pub rows: Vec<(u64, Vec<String>)>,
    /// Whether a cell a spreadsheet would run as a formula was written with a leading `'`
    /// (CSV export does so; a workbook's text cells need not).
    pub quoted_formulas: bool,
    /// What the bytes were read as (`UTF-8`, `GB18030`, `UTF-16LE`, `XLSX`).
    pub encoding: &'static str,
}

/// CSV bytes as text: a UTF-8 or UTF-16 byte-order mark is followed; otherwise valid UTF-8
/// is UTF-8, and anything else is read as GB18030 (which holds GBK, what Excel writes for
/// "CSV (逗号分隔)" on a Chinese Windows), refused if that does not fit either.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), CsvError> {
    use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8(rest.to_vec())
            .map(|text| (text, "UTF-8"))
            .map_err(|err| {
                CsvError::Read(format!("not UTF-8 text after its byte-order mark: {err}"))
            });
    }
    for (bom, encoding, name) in [
        (&b"\xff\xfe"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xfe\xff"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(CsvError::Read(format!(
                    "not {name} text after its byte-order mark"
                )));
            }
            return Ok((text.into_owned(), name));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(CsvError::Read(
            "neither UTF-8 nor GBK/GB18030 text (save the sheet as CSV UTF-8 or as XLSX)"
                .to_owned(),
        ));
    }
    Ok((text.into_owned(), "GB18030"))
}

/// The delimiter of a CSV: a tab when the header line has more tabs than commas (Excel's
/// "Unicode text" and pasted tables), else a comma.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// A CSV file's text as a table (see [`decode`] for bytes).
pub fn csv_table(text: &str, encoding: &'static str) -> Result<Table, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Windows line ends (what Excel writes) as plain ones: the reader counts a CRLF row's
    // line one short, so errors would name the row above the bad one.
    let unified;
    let text = if text.contains('\r') {
        unified = text.replace("\r\n", "\n");
        unified.as_str()
    } else {
        text
    };
    if let Some((line, column)) = crate::csv_io::unclosed_quote(text) {
        return Err(CsvError::UnclosedQuote { line, column });
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter(text))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|err| CsvError::Read(err.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| CsvError::Read(err.to_string()))?;
        if rows.len() >= MAX_SHEET_ROWS {
            return Err(CsvError::TooManyRows(MAX_SHEET_ROWS - 1));
        }
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(Table {
        sheet: None,
        sheets: Vec::new(),
        header,
        rows,
        quoted_formulas: true,
        encoding,
    })
}

/// The bytes of a CSV file as a table.
pub fn csv_bytes_table(bytes: &[u8]) -> Result<Table, CsvError> {
    let (text, encoding) = decode(bytes)?;
    csv_table(&text, encoding)
}

/// Whether `bytes` are a zip archive (an XLSX workbook), by their first bytes.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Refuses an archive whose entries would unpack to more than [`MAX_UNPACKED_BYTES`], or
/// that has more than a workbook's share of entries, before anything is unpacked.
fn check_archive(bytes: &[u8]) -> Result<(), CsvError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| CsvError::Read(format!("not a readable XLSX workbook: {err}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(CsvError::Read(format!(
            "the workbook has {} parts, more than {MAX_ENTRIES}",
            archive.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map(|entry| entry.size())
            .map_err(|err| CsvError::Read(format!("not a readable XLSX workbook: {err}")))?;
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(CsvError::Read(format!(
            "the workbook unpacks to {total} bytes, more than the limit of {MAX_UNPACKED_BYTES}"
        )));
    }
    Ok(())
}

/// A number as a person typed it: `5`, not `5.0`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// Sheet `sheet` (the first when `None`) of an XLSX workbook as a table: the first row
/// with any cell is the header. Cells are read as the values Excel shows (a formula's
/// last result, never the formula), numbers as typed (`5`, `2.5`).
pub fn xlsx_table(bytes: &[u8], sheet: Option<&str>) -> Result<Table, CsvError> {
    use calamine::{DataRef, Reader};
    check_archive(bytes)?;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|err| CsvError::Read(format!("not a readable XLSX workbook: {err}")))?;
    let names = workbook.sheet_names().to_vec();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| CsvError::UnknownSheet {
                sheet: wanted.to_owned(),
                sheets: names.clone(),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| CsvError::Read("the workbook has no sheet".to_owned()))?,
    };
    let mut grid: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|err| CsvError::Read(format!("sheet {name}: {err}")))?;
    while let Some(cell) = reader
        .next_cell()
        .map_err(|err| CsvError::Read(format!("sheet {name}: {err}")))?
    {
        let (row, column) = cell.get_position();
        let column = column as usize;
        if column >= MAX_SHEET_COLUMNS {
            continue;
        }
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Int(n) => n.to_string(),
            DataRef::Float(f) => number(*f),
            DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            DataRef::DateTime(d) => number(d.as_f64()),
            DataRef::Error(e) => format!("#{e:?}"),
        };
        if text.is_empty() {
            continue;
        }
        if !grid.contains_key(&row) && grid.len() >= MAX_SHEET_ROWS {
            return Err(CsvError::TooManyRows(MAX_SHEET_ROWS - 1));
        }
        let cells = grid.entry(row).or_default();
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text.trim().to_owned();
    }
    let mut rows = grid.into_iter();
    let header = rows.next().map(|(_, cells)| cells).unwrap_or_default();
    Ok(Table {
        sheet: Some(name),
        sheets: names,
        header,
        rows: rows
            .map(|(row, cells)| (u64::from(row) + 1, cells))
            .collect(),
        quoted_formulas: false,
        encoding: "XLSX",
    })
}

/// A file's bytes as a table: a workbook (sheet `sheet`, else the first) or a CSV.
pub fn table(bytes: &[u8], sheet: Option<&str>) -> Result<Table, CsvError> {
    if is_workbook(bytes) {
        xlsx_table(bytes, sheet)
    } else {
        csv_bytes_table(bytes)
    }
}

/// The width a column needs for `text` in Excel's units (a CJK character counts two).
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if crate::manual::is_wide(c) { 2 } else { 1 })
        .sum()
}

/// The chart as an XLSX workbook of the CSV's columns (headers in `lang`): one sheet, the
/// header row frozen, each column as wide as its widest cell, every cell text (a name
/// starting with `=` is a name, never a formula).
pub fn chart_to_xlsx(chart: &OrgChart, lang: Lang) -> Result<Vec<u8>, CsvError> {
    use rust_xlsxwriter::{Format, Workbook};
    let rows = crate::csv_io::chart_rows(chart);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let fail = |err: rust_xlsxwriter::XlsxError| {
        CsvError::Read(format!("cannot write the workbook: {err}"))
    };
    sheet
        .set_name(match lang {
            Lang::Zh => "组织架构",
            Lang::En => "Org chart",
        })
        .map_err(fail)?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = vec![0; COLUMNS.len()];
    for (column, (en, zh)) in COLUMNS.iter().enumerate() {
        let header = match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        };
        widths[column] = display_width(header);
        sheet
            .write_string_with_format(0, column as u16, header, &bold)
            .map_err(fail)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            widths[column] = widths[column].max(display_width(cell));
            sheet
                .write_string((r + 1) as u32, column as u16, cell)
                .map_err(fail)?;
        }
    }
    for (column, width) in widths.iter().enumerate() {
        sheet
            .set_column_width(column as u16, ((*width).min(60) + 2) as f64)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}
