//! The responsibility matrix as a spreadsheet or a Markdown table, for `centerplan matrix`.
//!
//! The cells are the same as the manual's appendix, in plain text. CSV cells that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
//! return) get a leading apostrophe, the usual defence against CSV injection.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::generated;
use crate::model::{Lang, Phase, Plan};

/// The matrix as rows of plain-text cells; the first row is the header.
pub fn table(plan: &Plan, lang: Lang) -> Vec<Vec<String>> {
    let (role, lead, separator) = match lang {
        Lang::Zh => ("角色", "牵头", "；"),
        Lang::En => ("Role", "Lead", "; "),
    };
    let mut rows = Vec::with_capacity(plan.matrix.rows.len() + 1);
    let mut header = vec![role.to_owned()];
    header.extend(Phase::ALL.iter().map(|p| p.name().get(lang).to_owned()));
    rows.push(header);
    for row in &plan.matrix.rows {
        let name = plan
            .chart
            .node(&row.role)
            .map_or(row.role.as_str(), |n| n.name.get(lang));
        let mut cells = vec![name.to_owned()];
        for phase in Phase::ALL {
            let cell = row.cell(phase);
            let mut parts = Vec::new();
            if cell.lead {
                parts.push(format!("[{lead}]"));
            }
            if let Some(raci) = cell.raci {
                parts.push(format!("({})", raci.letter()));
            }
            let duties: Vec<&str> = cell.duties.iter().map(|d| d.get(lang)).collect();
            if !duties.is_empty() {
                parts.push(duties.join(separator));
            }
            cells.push(if parts.is_empty() {
                "—".to_owned()
            } else {
                parts.join(" ")
            });
        }
        rows.push(cells);
    }
    rows
}

/// Neutralizes a cell a spreadsheet would evaluate as a formula.
fn neutralize(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// RFC 4180 CSV with a UTF-8 byte-order mark, which Excel needs to read Chinese.
pub fn to_csv(plan: &Plan, lang: Lang) -> String {
    let mut out = String::from('\u{feff}');
    for row in table(plan, lang) {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                let cell = neutralize(cell);
                if cell.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The matrix as a Markdown table, exactly as the manual's appendix prints it.
pub fn to_markdown(plan: &Plan, lang: Lang) -> String {
    generated::responsibility_matrix(plan, lang, false)
}

/// The matrix as an XLSX workbook: a bold, frozen header row and wrapped cells.
pub fn to_xlsx(plan: &Plan, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match lang {
        Lang::Zh => "职责矩阵",
        Lang::En => "Responsibility matrix",
    })?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (r, row) in table(plan, lang).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let format = if r == 0 || c == 0 { &header } else { &body };
            // Written as strings, never formulas, whatever the text starts with.
            sheet.write_string_with_format(r as u32, c as u16, cell, format)?;
        }
    }
    sheet.set_column_width(0, 18)?;
    for c in 1..=Phase::ALL.len() as u16 {
        sheet.set_column_width(c, 40)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralized() {
        for (input, expected) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("a=b", "a=b"),
            ("运营经理", "运营经理"),
        ] {
            assert_eq!(neutralize(input), expected);
        }
    }
}
