//! The spreadsheet import dialog's preview: a file read as the CLI's `import-sheet` reads
//! it, with the columns the core recognised (or the user chose), the first rows as they
//! would be imported, and every bad cell, before anything changes.

use std::path::Path;

use centerplan::csv_io::{self, CsvError, FIELDS};
use centerplan::limits;
use centerplan::model::Lang;
use centerplan::sheet;
use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;

/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 8;

/// One field and the file's column it is read from (its index in `header`), if any.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldColumn {
    pub field: String,
    pub column: Option<u32>,
}

/// What the dialog shows of a file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetPreview {
    /// A workbook's sheets (empty for a CSV), and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// What the bytes were read as (`XLSX`, `UTF-8`, `GB18030`, `UTF-16LE`).
    pub encoding: String,
    pub header: Vec<String>,
    /// Every field with its column; empty when the columns could not be found at all.
    pub fields: Vec<FieldColumn>,
    /// The first rows as the file has them.
    pub rows: Vec<Vec<String>>,
    pub row_count: u32,
    /// Every problem, one line each in the UI's language pair: bad cells (sheet, row,
    /// column), a column missing; empty when the file imports.
    pub errors: Vec<centerplan::model::Text>,
    /// The file's columns that are none of the fields.
    pub ignored: Vec<String>,
}

/// A file's bytes, bounded by the input limit.
fn read(path: &Path) -> Result<Vec<u8>, AppError> {
    use std::io::Read;
    let fail = |err: std::io::Error| {
        AppError::new(
            "sheet.read",
            format!(
                "无法读取 {}：{}",
                path.display(),
                centerplan::error::io_reason(&err, Lang::Zh)
            ),
            format!(
                "cannot read {}: {}",
                path.display(),
                centerplan::error::io_reason(&err, Lang::En)
            ),
        )
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limits::MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(fail)?;
    limits::check_input_size(&path.display().to_string(), bytes.len() as u64)?;
    Ok(bytes)
}

/// The problems of an import, one line each, in both languages.
fn problems(err: &CsvError) -> Vec<centerplan::model::Text> {
    use centerplan::error::Failure;
    match err {
        CsvError::Rows(rows) => rows
            .iter()
            .map(|row| {
                let one = CsvError::Rows(vec![row.clone()]);
                let zh = one.message(Lang::Zh);
                let en = row.to_string();
                centerplan::model::Text::new(
                    zh.lines().last().unwrap_or_default().trim().to_owned(),
                    en,
                )
            })
            .collect(),
        other => vec![other.text()],
    }
}

/// Reads `path` (sheet `sheet` of a workbook) with `map` and says what an import would do.
pub fn preview(
    path: &Path,
    sheet: Option<&str>,
    map: &[(String, String)],
) -> Result<SheetPreview, AppError> {
    let table = sheet::table(&read(path)?, sheet)?;
    let (fields, ignored) = match csv_io::recognise(&table.header, map) {
        Ok((position, ignored)) => (
            FIELDS
                .iter()
                .zip(position)
                .map(|((field, _), column)| FieldColumn {
                    field: (*field).to_owned(),
                    column: column.and_then(|c| u32::try_from(c).ok()),
                })
                .collect(),
            ignored,
        ),
        Err(_) => (Vec::new(), Vec::new()),
    };
    let errors = match csv_io::import_table(&table, map) {
        Ok(_) => Vec::new(),
        Err(err) => problems(&err),
    };
    Ok(SheetPreview {
        sheets: table.sheets.clone(),
        sheet: table.sheet.clone(),
        encoding: table.encoding.to_owned(),
        header: table.header.clone(),
        fields,
        rows: table
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(_, r)| r.clone())
            .collect(),
        row_count: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        errors,
        ignored,
    })
}

/// The chart of `path` with `map`, or why not.
pub fn chart(
    path: &Path,
    sheet: Option<&str>,
    map: &[(String, String)],
) -> Result<centerplan::model::OrgChart, AppError> {
    let bytes = read(path)?;
    let table = sheet::table(&bytes, sheet)?;
    Ok(csv_io::import_table(&table, map)?.chart)
}
