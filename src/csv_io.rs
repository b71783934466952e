//! The org chart as a spreadsheet: CSV import and export.
//!
//! One row per node, in model order (siblings are drawn in row order). Columns, with the
//! header names accepted in English or Chinese:
//!
//! | column | 中文表头 | content |
//! |---|---|---|
//! | `id` | `编号` | the node's id, unique (required) |
//! | `name` | `名称` | `中文|English`, or one name (put on the Chinese side when it has CJK characters); `\|` and `\\` for a literal `|` or `\` |
//! | `reports_to` | `上级` | the id of the solid-line manager; empty for the top |
//! | `dotted_to` | `虚线上级` | extra lines, `;`-separated ids; `bypass:ID` for a bypass line |
//! | `kind` | `类型` | `unit`/`部门`, `position`/`岗位` (default), `assistant`/`助理` |
//! | `rank` | `级别` | an explicit level as people write it (`1.5`); empty: one below the manager |
//! | `headcount` | `编制` | `filled/planned`, e.g. `5/6`; empty: `0/0` |
//! | `function` | `职能` | optional: the role in the center's design, as a key (`team-leader`) or its zh/en name (`主管`, `team leader`); without the column it is inferred from the name |
//! | `collapsed` | `折叠` | optional: `yes`/`是` hides the node's subtree in the chart |
//!
//! Import checks every row and reports every bad one with its line and column; it
//! returns a chart only when no row is bad, so a caller writes nothing on error.

use std::collections::HashMap;
use std::fmt;

use crate::limits;
use crate::model::{
    Function, Headcount, Line, LineKind, Node, NodeId, NodeKind, OrgChart, Rank, Text,
};
use crate::tree::ChartTree;

/// The columns, in the order export writes them: (English header, Chinese header).
pub const COLUMNS: [(&str, &str); 9] = [
    ("id", "编号"),
    ("name", "名称"),
    ("reports_to", "上级"),
    ("dotted_to", "虚线上级"),
    ("kind", "类型"),
    ("rank", "级别"),
    ("headcount", "编制"),
    ("function", "职能"),
    ("collapsed", "折叠"),
];

const BYPASS_PREFIX: &str = "bypass:";

/// One bad cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line of the file the row starts on (the header is line 1), or its row in a
    /// sheet.
    pub line: u64,
    /// The column's English name.
    pub column: &'static str,
    pub message: String,
    /// In a workbook: the sheet, and the cell's column as the sheet shows it with its
    /// header (`E (编制)`).
    pub sheet: Option<(String, String)>,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some((sheet, column)) => write!(
                f,
                "sheet {sheet}, row {}, column {column}: {}",
                self.line, self.message
            ),
            None => write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            ),
        }
    }
}

/// A sheet's column letter: 0 → A, 25 → Z, 26 → AA.
fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Why a CSV could not become a chart.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("the csv cannot be read: {0}")]
    Read(String),
    #[error("{} bad {} in the csv:\n{}", .0.len(), if .0.len() == 1 { "cell" } else { "cells" }, list(.0))]
    Rows(Vec<RowError>),
    #[error("the csv header names the {0} column twice")]
    DuplicateColumn(&'static str),
    #[error("line {line}, column {column}: a quote opens here and never closes")]
    UnclosedQuote { line: u64, column: usize },
    #[error("more than {0} rows: more than a chart may have")]
    TooManyRows(usize),
    #[error("the workbook has no sheet {sheet:?} (its sheets: {})", .sheets.join(", "))]
    UnknownSheet { sheet: String, sheets: Vec<String> },
    /// A column the header lacks, with the names that would be recognised.
    #[error("the header has no {field} column: name one {} or a Chinese name the README lists (or give --map {field}=COLUMN; the file's columns: {})", english(.accepted), .found.join(", "))]
    Unrecognised {
        field: &'static str,
        accepted: Vec<&'static str>,
        found: Vec<String>,
    },
    #[error("--map {field}={column}: the file has no column {column:?} (its columns: {})", .found.join(", "))]
    MapColumn {
        field: String,
        column: String,
        found: Vec<String>,
    },
    #[error(
        "--map {0}: no such field (fields: id, name, reports_to, dotted_to, kind, rank, headcount, filled, function, collapsed)"
    )]
    MapField(String),
}

impl crate::error::Failure for CsvError {
    fn code(&self) -> &'static str {
        match self {
            CsvError::Read(_) => "csv.read",
            CsvError::Rows(_) => "csv.rows",
            CsvError::DuplicateColumn(_) => "csv.duplicate-column",
            CsvError::UnclosedQuote { .. } => "csv.unclosed-quote",
            CsvError::TooManyRows(_) => "csv.too-many-rows",
            CsvError::UnknownSheet { .. } => "csv.unknown-sheet",
            CsvError::Unrecognised { .. } => "csv.unrecognised-column",
            CsvError::MapColumn { .. } => "csv.map-column",
            CsvError::MapField(_) => "csv.map-field",
        }
    }

    /// Each bad cell is placed by line and column; what is wrong with a cell is stated in
    /// English in both languages (the row checks word it once).
    fn message(&self, lang: crate::model::Lang) -> String {
        if lang == crate::model::Lang::En {
            return self.to_string();
        }
        match self {
            CsvError::Read(detail) => format!("无法读取 CSV（{detail}）"),
            CsvError::Rows(rows) => {
                let cells: Vec<String> = rows
                    .iter()
                    .map(|e| match &e.sheet {
                        Some((sheet, column)) => {
                            format!(
                                "  工作表 {sheet} 第 {} 行 {column} 列：{}",
                                e.line, e.message
                            )
                        }
                        None => format!("  第 {} 行 {} 列：{}", e.line, e.column, e.message),
                    })
                    .collect();
                format!(
                    "CSV 中有 {} 个单元格有误：\n{}",
                    rows.len(),
                    cells.join("\n")
                )
            }
            CsvError::DuplicateColumn(column) => format!("CSV 表头中 {column} 列出现了两次"),
            CsvError::UnclosedQuote { line, column } => {
                format!("第 {line} 行第 {column} 列：引号在此打开，但一直没有闭合")
            }
            CsvError::TooManyRows(n) => format!("超过 {n} 行：组织架构容纳不了这么多节点"),
            CsvError::UnknownSheet { sheet, sheets } => {
                format!("工作簿中没有工作表“{sheet}”（现有：{}）", sheets.join("、"))
            }
            CsvError::Unrecognised {
                field,
                accepted,
                found,
            } => format!(
                "表头中没有 {field} 列：请把列名改为 {} 之一（或用 --map {field}=列名 指定；文件中的列：{}）",
                accepted
                    .iter()
                    .filter(|n| !n.is_ascii())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("、"),
                found.join("、")
            ),
            CsvError::MapColumn {
                field,
                column,
                found,
            } => format!(
                "--map {field}={column}：文件中没有“{column}”列（文件中的列：{}）",
                found.join("、")
            ),
            CsvError::MapField(field) => format!(
                "--map {field}：没有这个字段（可用：id、name、reports_to、dotted_to、kind、rank、headcount、filled、function、collapsed）"
            ),
        }
    }
}

/// Where a quoted field opens without closing, as (line, 1-based column), or `None`.
/// The csv reader would otherwise read the rest of the file into that one field.
pub(crate) fn unclosed_quote(text: &str) -> Option<(u64, usize)> {
    let (mut line, mut column) = (1u64, 1usize);
    let mut open: Option<(u64, usize)> = None;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (open.is_some(), c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
            }
            (true, '"') => open = None,
            (false, '"') if at_field_start => open = Some((line, column)),
            (_, '\n') => {
                line += 1;
                if open.is_none() {
                    column = 1;
                }
            }
            (false, ',' | '\t') => column += 1,
            _ => {}
        }
        at_field_start = open.is_none() && matches!(c, ',' | '\t' | '\n' | '\r');
    }
    open
}

/// The names of `names` without Chinese characters, for the English message.
fn english(names: &[&str]) -> String {
    names
        .iter()
        .filter(|n| n.is_ascii())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(errors: &[RowError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The chart's rows as export writes them, in the order of [`COLUMNS`] (the cells as they
/// are: CSV export neutralizes formulas, a workbook's text cells need not).
pub(crate) fn chart_rows(chart: &OrgChart) -> Vec<[String; 9]> {
    let mut lines_from: HashMap<&NodeId, Vec<String>> = HashMap::new();
    for line in &chart.lines {
        let target = match line.kind {
            LineKind::Dotted => line.to.0.clone(),
            LineKind::Bypass => format!("{BYPASS_PREFIX}{}", line.to),
        };
        lines_from.entry(&line.from).or_default().push(target);
    }
    chart
        .nodes
        .iter()
        .map(|node| {
            let dotted = lines_from
                .get(&node.id)
                .map(|targets| targets.join(";"))
                .unwrap_or_default();
            [
                node.id.0.clone(),
                name_cell(&node.name),
                node.parent.as_ref().map_or("", NodeId::as_str).to_owned(),
                dotted,
                node.kind.key().to_owned(),
                node.rank.map(Rank::level_label).unwrap_or_default(),
                format!("{}/{}", node.headcount.filled, node.headcount.planned),
                node.function.map_or("", Function::key).to_owned(),
                if node.collapsed { "yes" } else { "" }.to_owned(),
            ]
        })
        .collect()
}

/// Writes `chart` as CSV with English headers, starting with a UTF-8 byte-order mark so
/// that Excel on Windows reads it as UTF-8 (not as the system's code page).
pub fn chart_to_csv(chart: &OrgChart) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(COLUMNS.iter().map(|(en, _)| *en));
    for row in chart_rows(chart) {
        let _ = writer.write_record(row.iter().map(|cell| neutralize(cell).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8(bytes).unwrap_or_default())
}

/// First characters that make a spreadsheet read a cell as a formula (CSV injection:
/// `=HYPERLINK(...)`, `+cmd|...`); tab and carriage return are on OWASP's list too.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as export writes it: a cell a spreadsheet would run as a formula gets a leading
/// `'`, which spreadsheets show as text. So that import can undo exactly this, a cell
/// already starting with `'` before a trigger or another `'` gets one more.
fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    let quoted = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_TRIGGERS) || rest.starts_with('\''));
    if cell.starts_with(FORMULA_TRIGGERS) || quoted {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`neutralize`]: drops the `'` it adds, and no other.
fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_TRIGGERS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// The fields import reads, the first nine in the order of [`COLUMNS`], each with the
/// header names it is recognised by (compared without case and spaces), most specific
/// first: a roster from HR names its columns 工号, 岗位, 直属上级, 编制, 在岗.
pub const FIELDS: [(&str, &[&str]); 10] = [
    (
        "id",
        &[
            "id",
            "编号",
            "工号",
            "岗位编号",
            "员工编号",
            "人员编号",
            "编码",
            "代码",
            "code",
            "staff id",
            "employee id",
            "no.",
        ],
    ),
    (
        "name",
        &[
            "name",
            "名称",
            "岗位",
            "岗位名称",
            "职位",
            "职位名称",
            "职务",
            "部门/岗位",
            "position",
            "post",
            "title",
            "job title",
            "姓名",
        ],
    ),
    (
        "reports_to",
        &[
            "reports_to",
            "上级",
            "直属上级",
            "上级编号",
            "直接上级",
            "汇报对象",
            "汇报给",
            "reports to",
            "manager",
            "manager id",
            "supervisor",
            "parent",
        ],
    ),
    (
        "dotted_to",
        &[
            "dotted_to",
            "虚线上级",
            "虚线汇报",
            "dotted to",
            "dotted line",
        ],
    ),
    ("kind", &["kind", "类型", "节点类型", "type"]),
    ("rank", &["rank", "级别", "层级", "level"]),
    (
        "headcount",
        &[
            "headcount",
            "编制",
            "编制人数",
            "定编",
            "定员",
            "planned",
            "planned headcount",
        ],
    ),
    ("function", &["function", "职能", "role"]),
    ("collapsed", &["collapsed", "折叠"]),
    (
        "filled",
        &[
            "filled",
            "在岗",
            "在岗人数",
            "实际人数",
            "现有人数",
            "在职人数",
            "actual",
            "filled headcount",
        ],
    ),
];

/// The field named `key` (`headcount`), as [`FIELDS`] spells it.
pub fn field_index(key: &str) -> Option<usize> {
    FIELDS.iter().position(|(k, _)| *k == key)
}

/// Where each field is in `header`: a `map` entry (field, the file's header) first, else
/// the first header one of the field's names recognises. The unrecognised headers come
/// back too, to tell the user what was left out.
pub fn recognise(
    header: &[String],
    map: &[(String, String)],
) -> Result<([Option<usize>; FIELDS.len()], Vec<String>), CsvError> {
    let norm = |text: &str| text.trim().to_lowercase().replace([' ', '　', '_'], " ");
    let mut position: [Option<usize>; FIELDS.len()] = [None; FIELDS.len()];
    for (field, column) in map {
        let index = field_index(field.trim()).ok_or_else(|| CsvError::MapField(field.clone()))?;
        let at = header
            .iter()
            .position(|h| norm(h) == norm(column))
            .ok_or_else(|| CsvError::MapColumn {
                field: field.clone(),
                column: column.clone(),
                found: header.to_vec(),
            })?;
        position[index] = Some(at);
    }
    for (index, (_, names)) in FIELDS.iter().enumerate() {
        if position[index].is_some() {
            continue;
        }
        // The most specific name wins: a roster with both 岗位 and 姓名 names its nodes
        // by post.
        let taken = |at: usize| position.contains(&Some(at));
        position[index] = names.iter().find_map(|name| {
            header
                .iter()
                .enumerate()
                .find(|(at, h)| !taken(*at) && norm(h) == norm(name))
                .map(|(at, _)| at)
        });
    }
    // Two columns under a field's own names (`reports_to` and `上级`, or the same name
    // twice) are a mistake, not a choice: refused unless the map says which.
    for (key, names) in &FIELDS {
        if map.iter().any(|(f, _)| f.trim() == *key) {
            continue;
        }
        let own = &names[..2];
        let under_own = header
            .iter()
            .filter(|h| own.iter().any(|name| norm(h) == norm(name)))
            .count();
        if under_own > 1 {
            return Err(CsvError::DuplicateColumn(key));
        }
    }
    for required in [0, 1] {
        if position[required].is_none() {
            return Err(CsvError::Unrecognised {
                field: FIELDS[required].0,
                accepted: FIELDS[required].1.to_vec(),
                found: header.to_vec(),
            });
        }
    }
    let ignored = header
        .iter()
        .enumerate()
        .filter(|(at, h)| !position.contains(&Some(*at)) && !h.trim().is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    Ok((position, ignored))
}

/// Reads a chart from CSV text. Every bad cell is reported; a chart comes back only
/// when there are none. Without a function column, each node's function is inferred from
/// its name ([`infer_function`]) and listed in [`ImportedChart::inferred`].
pub fn import_chart(text: &str) -> Result<ImportedChart, CsvError> {
    import_table(&crate::sheet::csv_table(text, "UTF-8")?, &[])
}

/// Reads a chart from a table (a CSV file's, a sheet's: see [`crate::sheet`]), its columns
/// found by [`recognise`] with `map`. Headcount comes as `filled/planned`, or as a number
/// (planned) with the filled column beside it or, without one, filled equal to planned.
/// Every bad cell is reported (with the sheet, row and column of a workbook); a chart comes
/// back only when there are none.
pub fn import_table(
    table: &crate::sheet::Table,
    map: &[(String, String)],
) -> Result<ImportedChart, CsvError> {
    let (position, ignored) = recognise(&table.header, map)?;
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for (line, record) in &table.rows {
        let line = *line;
        let raw = |column: usize| -> &str {
            position[column]
                .and_then(|at| record.get(at))
                .map_or("", String::as_str)
        };
        let cell = |column: usize| {
            let text = raw(column);
            if table.quoted_formulas {
                unneutralize(text).to_owned()
            } else {
                text.to_owned()
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut error = |column: usize, message: String| {
            errors.push(RowError {
                sheet: None,
                line,
                column: FIELDS[column].0,
                message,
            });
        };
        let id = cell(0);
        if id.is_empty() {
            error(0, "the id is empty".to_owned());
        }
        // The limits a plan file is held to (`limits`), per cell, so a roster with one
        // overlong cell is refused naming its line and column, not at save.
        let too_long = |what: &str, bytes: usize, limit: usize| {
            format!("{what} is {bytes} bytes, more than the limit of {limit}")
        };
        for (column, what) in [(0, "the id"), (2, "the manager's id")] {
            let bytes = raw(column).len();
            if bytes > limits::MAX_ID_BYTES {
                error(column, too_long(what, bytes, limits::MAX_ID_BYTES));
            }
        }
        let name = parse_name(&cell(1)).unwrap_or_else(|message| {
            error(1, message);
            Text::default()
        });
        for (side, what) in [
            (&name.zh, "the Chinese name"),
            (&name.en, "the English name"),
        ] {
            if side.len() > limits::MAX_NAME_BYTES {
                error(1, too_long(what, side.len(), limits::MAX_NAME_BYTES));
            }
        }
        let parent = Some(cell(2))
            .filter(|p| !p.is_empty() && p.len() <= limits::MAX_ID_BYTES)
            .map(NodeId);
        let kind = match parse_kind(&cell(4)) {
            Some(kind) => kind,
            None => {
                error(
                    4,
                    format!(
                        "unknown kind {:?} (expected unit, position or assistant)",
                        cell(4)
                    ),
                );
                NodeKind::default()
            }
        };
        let rank_text = cell(5);
        let rank = if rank_text.is_empty() {
            None
        } else {
            let rank = Rank::parse_level(&rank_text);
            if rank.is_none() {
                error(
                    5,
                    format!("{rank_text:?} is not a level (write it like 2 or 1.5)"),
                );
            }
            rank
        };
        let headcount = parse_headcount(&cell(6), position[9].map(|_| cell(9)).as_deref())
            .unwrap_or_else(|(column, message)| {
                error(column, message);
                Headcount::default()
            });
        let function_text = cell(7);
        let function = if function_text.is_empty() {
            None
        } else {
            let function = Function::parse(&function_text);
            if function.is_none() {
                error(
                    7,
                    format!(
                        "unknown function {function_text:?} (a key such as team-leader, or its name such as 主管 or team leader)"
                    ),
                );
            }
            function
        };
        let collapsed = match cell(8).to_lowercase().as_str() {
            "" | "no" | "false" | "0" | "否" => false,
            "yes" | "true" | "1" | "是" => true,
            other => {
                error(8, format!("{other:?} is not yes or no"));
                false
            }
        };
        let mut lines = Vec::new();
        for target in cell(3)
            .split([';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let (kind, to) = match target.strip_prefix(BYPASS_PREFIX) {
                Some(to) => (LineKind::Bypass, to.trim()),
                None => (LineKind::Dotted, target),
            };
            if to.len() > limits::MAX_ID_BYTES {
                error(3, too_long("an id", to.len(), limits::MAX_ID_BYTES));
                continue;
            }

            lines.push(Line {
                from: NodeId(id.clone()),
                to: NodeId::new(to),
                kind,
            });
        }
        let node = Node {
            id: NodeId(id),
            parent,
            kind,
            name,
            rank,
            headcount,
            function,
            collapsed,
        };
        rows.push((line, node, lines));
    }

    // Checks across rows: duplicates, unknown references, cycles.
    let mut index: HashMap<&NodeId, usize> = HashMap::new();
    for (at, (line, node, _)) in rows.iter().enumerate() {
        if node.id.0.is_empty() {
            continue;
        }
        if let Some(&first) = index.get(&node.id) {
            errors.push(RowError {
                sheet: None,
                line: *line,
                column: FIELDS[0].0,
                message: format!("id {} is already used on line {}", node.id, rows[first].0),
            });
        } else {
            index.insert(&node.id, at);
        }
    }
    for (line, node, lines) in &rows {
        if let Some(parent) = &node.parent
            && !index.contains_key(parent)
        {
            errors.push(RowError {
                sheet: None,
                line: *line,
                column: FIELDS[2].0,
                message: format!("reports to {parent}, which is not in the file"),
            });
        }
        for extra in lines {
            if !index.contains_key(&extra.to) {
                errors.push(RowError {
                    sheet: None,
                    line: *line,
                    column: FIELDS[3].0,
                    message: format!("has a line to {}, which is not in the file", extra.to),
                });
            }
        }
    }
    errors.extend(cycles(&rows, &index));
    errors.sort_by_key(|e| e.line);
    if let Some(sheet) = &table.sheet {
        // A workbook's cells are found by sheet, row and column letter.
        for e in &mut errors {
            let at = field_index(e.column).and_then(|f| position[f]).unwrap_or(0);
            let header = table.header.get(at).map_or("", String::as_str);
            e.sheet = Some((sheet.clone(), format!("{} ({header})", column_letter(at))));
        }
    }
    if !errors.is_empty() {
        return Err(CsvError::Rows(errors));
    }
    let mut chart = OrgChart::default();
    let mut inferred = Vec::new();
    let infer = position[7].is_none();
    for (_, mut node, lines) in rows {
        if infer && let Some(function) = infer_function(&node) {
            node.function = Some(function);
            inferred.push((node.id.clone(), function));
        }
        chart.nodes.push(node);
        chart.lines.extend(lines);
    }
    Ok(ImportedChart {
        chart,
        inferred,
        ignored,
    })
}

/// What [`import_chart`] read: the chart, and the functions it inferred from position
/// names because the file had no function column (to tell the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedChart {
    pub chart: OrgChart,
    pub inferred: Vec<(NodeId, Function)>,
    /// The file's columns that are none of [`FIELDS`], left out.
    pub ignored: Vec<String>,
}

/// Reads a chart from CSV text ([`import_chart`] without the inference report).
pub fn chart_from_csv(text: &str) -> Result<OrgChart, CsvError> {
    import_chart(text).map(|imported| imported.chart)
}

/// Name fragments that say what a position does, most specific first: a roster from HR
/// names posts, not functions. (fragment, only for this kind, function.)
const NAME_HINTS: &[(&str, Option<NodeKind>, Function)] = {
    use Function as F;
    use NodeKind::{Assistant, Unit};
    &[
        ("监管部副总", None, F::OversightVp),
        ("监管副总", None, F::OversightVp),
        ("vice president, oversight", None, F::OversightVp),
        ("oversight vp", None, F::OversightVp),
        ("运营部副总", None, F::OperationsVp),
        ("运营副总", None, F::OperationsVp),
        ("vice president, operations", None, F::OperationsVp),
        ("operations vp", None, F::OperationsVp),
        ("助理", Some(Assistant), F::GeneralManagerAssistant),
        ("assistant", Some(Assistant), F::GeneralManagerAssistant),
        ("总经理", None, F::GeneralManager),
        ("中心主任", None, F::GeneralManager),
        ("general manager", None, F::GeneralManager),
        ("center director", None, F::GeneralManager),
        ("质检主管", None, F::QaSupervisor),
        ("质检组长", None, F::QaSupervisor),
        ("qa supervisor", None, F::QaSupervisor),
        ("quality supervisor", None, F::QaSupervisor),
        ("质量管理", Some(Unit), F::QualityManagement),
        ("quality", Some(Unit), F::QualityManagement),
        ("质检", None, F::QaSpecialist),
        ("质量监控", None, F::QaSpecialist),
        ("qa ", None, F::QaSpecialist),
        ("quality", None, F::QaSpecialist),
        ("调查主管", None, F::SurveySupervisor),
        ("survey supervisor", None, F::SurveySupervisor),
        ("调查", None, F::Surveyor),
        ("survey", None, F::Surveyor),
        ("投诉主管", None, F::ComplaintSupervisor),
        ("complaint supervisor", None, F::ComplaintSupervisor),
        ("complaints supervisor", None, F::ComplaintSupervisor),
        ("投诉", None, F::ComplaintSpecialist),
        ("complaint", None, F::ComplaintSpecialist),
        ("排班", None, F::WorkforcePlanner),
        ("预测", None, F::WorkforcePlanner),
        ("workforce", None, F::WorkforcePlanner),
        ("scheduler", None, F::WorkforcePlanner),
        ("报表", None, F::ReportingAnalyst),
        ("reporting", None, F::ReportingAnalyst),
        ("运营分析", None, F::OperationsAnalysis),
        ("operations analy", None, F::OperationsAnalysis),
        ("风险", None, F::RiskProcess),
        ("risk", None, F::RiskProcess),
        ("培训", None, F::Trainer),
        ("trainer", None, F::Trainer),
        ("人力", Some(Unit), F::HrAdmin),
        ("human resources", Some(Unit), F::HrAdmin),
        ("hr", Some(Unit), F::HrAdmin),
        ("人事", None, F::HrSpecialist),
        ("招聘", None, F::HrSpecialist),
        ("hr ", None, F::HrSpecialist),
        ("recruit", None, F::HrSpecialist),
        ("行政", None, F::AdminSpecialist),
        ("administration", None, F::AdminSpecialist),
        ("拓展", None, F::BusinessDevelopment),
        ("business development", None, F::BusinessDevelopment),
        ("外联", Some(Unit), F::ExternalLiaison),
        ("liaison", Some(Unit), F::ExternalLiaison),
        ("二线", None, F::SecondLineSupport),
        ("second-line", None, F::SecondLineSupport),
        ("技术", Some(Unit), F::Technology),
        ("technology", Some(Unit), F::Technology),
        ("监管", Some(Unit), F::Oversight),
        ("oversight", Some(Unit), F::Oversight),
        ("运营经理", None, F::OperationsManager),
        ("现场经理", None, F::OperationsManager),
        ("operations manager", None, F::OperationsManager),
        ("运营", Some(Unit), F::Operations),
        ("operations", Some(Unit), F::Operations),
        ("首席", None, F::LeadCsr),
        ("lead csr", None, F::LeadCsr),
        ("lead agent", None, F::LeadCsr),
        ("资深", None, F::SeniorCsr),
        ("senior csr", None, F::SeniorCsr),
        ("senior agent", None, F::SeniorCsr),
        ("主管", None, F::TeamLeader),
        ("班组长", None, F::TeamLeader),
        ("组长", None, F::TeamLeader),
        ("team leader", None, F::TeamLeader),
        ("supervisor", None, F::TeamLeader),
        ("客服", None, F::Csr),
        ("客户服务代表", None, F::Csr),
        ("座席", None, F::Csr),
        ("坐席", None, F::Csr),
        ("话务员", None, F::Csr),
        ("customer service representative", None, F::Csr),
        ("csr", None, F::Csr),
        ("agent", None, F::Csr),
    ]
};

/// The function a node's name suggests (主管/班组长 → team leader, 质检 → QA specialist, …),
/// from its Chinese name first, then its English one; `None` when nothing fits.
pub fn infer_function(node: &Node) -> Option<Function> {
    for name in [node.name.zh.as_str(), node.name.en.as_str()] {
        // A trailing space lets "hr " and "qa " match a name that ends with the word.
        let name = format!("{} ", name.to_lowercase());
        if let Some((_, _, function)) = NAME_HINTS
            .iter()
            .find(|(hint, kind, _)| kind.is_none_or(|k| k == node.kind) && name.contains(hint))
        {
            return Some(*function);
        }
    }
    None
}

/// One error per reporting cycle, on the line of its first row in the file.
fn cycles(rows: &[(u64, Node, Vec<Line>)], index: &HashMap<&NodeId, usize>) -> Vec<RowError> {
    let tree = ChartTree::build(
        rows.len(),
        |at| {
            let parent = rows[at].1.parent.as_ref();
            parent.and_then(|p| index.get(p).copied())
        },
        |at| rows[at].1.rank,
    );
    tree.cut_nodes()
        .map(|cut| {
            let members: Vec<usize> = tree.cycle(cut).collect();
            let first = members.iter().copied().min().unwrap_or(cut);
            let mut names: Vec<&str> = members.iter().map(|&m| rows[m].1.id.as_str()).collect();
            names.extend(members.first().map(|&m| rows[m].1.id.as_str()));
            RowError {
                sheet: None,
                line: rows[first].0,
                column: FIELDS[2].0,
                message: format!("reporting lines form a cycle: {}", names.join(" → ")),
            }
        })
        .collect()
}

/// A name as its cell: `中文|English`, `|` and `\\` inside a name escaped with a
/// backslash, and a one-language name marked with an empty side wherever reading it back
/// would otherwise guess the wrong language (CJK in an English name, none in a Chinese one).
fn name_cell(name: &Text) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|");
    let wide = |s: &str| s.chars().any(crate::fonts::is_wide);
    match (name.zh.is_empty(), name.en.is_empty()) {
        (false, false) => format!("{}|{}", esc(&name.zh), esc(&name.en)),
        (false, true) if wide(&name.zh) => esc(&name.zh),
        (false, true) => format!("{}|", esc(&name.zh)),
        (true, _) if wide(&name.en) => format!("|{}", esc(&name.en)),
        (true, _) => esc(&name.en),
    }
}

/// Reads a name cell (see [`name_cell`]): more than one unescaped `|` is an error.
fn parse_name(cell: &str) -> Result<Text, String> {
    let mut sides = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ ('|' | '\\')) => sides.last_mut().unwrap().push(next),
                Some(other) => {
                    let side = sides.last_mut().unwrap();
                    side.push('\\');
                    side.push(other);
                }
                None => sides.last_mut().unwrap().push('\\'),
            },
            '|' => sides.push(String::new()),
            c => sides.last_mut().unwrap().push(c),
        }
    }
    match sides.as_slice() {
        [zh, en] => Ok(Text::new(zh.trim(), en.trim())),
        [one] if one.chars().any(crate::fonts::is_wide) => Ok(Text::new(one.as_str(), "")),
        [one] => Ok(Text::new("", one.as_str())),
        _ => Err(format!(
            "{cell:?} has {} `|` separators: write 中文|English, and \\| for a | inside a name",
            sides.len() - 1
        )),
    }
}

fn parse_kind(cell: &str) -> Option<NodeKind> {
    match cell.to_lowercase().as_str() {
        "" => Some(NodeKind::Position),
        "部门" | "单位" => Some(NodeKind::Unit),
        "岗位" | "职位" => Some(NodeKind::Position),
        "助理" => Some(NodeKind::Assistant),
        key => NodeKind::from_key(key),
    }
}

/// The headcount of a row: `filled/planned` in the headcount column, or a plain number
/// there (planned) with `filled` the filled column's number, else equal to planned. The
/// error names the field at fault (6: headcount, 9: filled).
fn parse_headcount(cell: &str, filled: Option<&str>) -> Result<Headcount, (usize, String)> {
    let number = |text: &str| {
        text.trim()
            .parse::<u32>()
            .ok()
            .and_then(|n| i32::try_from(n).ok())
            .filter(|&n| n <= limits::MAX_HEADCOUNT)
    };
    let bad = || {
        (
            6,
            format!(
                "{cell:?} is not a headcount (write filled/planned, e.g. 5/6, or the planned number)"
            ),
        )
    };
    let filled_count = |planned: i32| -> Result<i32, (usize, String)> {
        match filled.map(str::trim) {
            None | Some("") => Ok(planned),
            Some(text) => {
                number(text).ok_or_else(|| (9, format!("{text:?} is not a number of people")))
            }
        }
    };
    if cell.is_empty() {
        return Ok(Headcount {
            planned: 0,
            filled: filled_count(0)?,
        });
    }
    if let Some((f, p)) = cell.split_once(['/', '／']) {
        return match (number(f), number(p)) {
            (Some(filled), Some(planned)) => Ok(Headcount { planned, filled }),
            _ => Err(bad()),
        };
    }
    let planned = number(cell).ok_or_else(bad)?;
    Ok(Headcount {
        planned,
        filled: filled_count(planned)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_name(cell: &str, expected: Text) {
        assert_eq!(parse_name(cell), Ok(expected), "{cell}");
    }

    #[test]
    fn names_split_into_languages() {
        check_name("主管|Team leader", Text::new("主管", "Team leader"));
        check_name("主管", Text::new("主管", ""));
        check_name("Team leader", Text::new("", "Team leader"));
    }

    #[test]
    fn headcounts_read_as_filled_over_planned() {
        assert_eq!(parse_headcount("5/6", None), Ok(Headcount::new(6, 5)));
        assert_eq!(parse_headcount("", None), Ok(Headcount::default()));
        assert!(parse_headcount("five/6", None).is_err());
        assert!(parse_headcount("-1/6", None).is_err());
        // A roster's 编制 is a plain number: planned, filled equal to it unless a filled
        // column says otherwise.
        assert_eq!(parse_headcount("6", None), Ok(Headcount::new(6, 6)));
        assert_eq!(parse_headcount("6", Some("4")), Ok(Headcount::new(6, 4)));
        assert_eq!(parse_headcount("6", Some("")), Ok(Headcount::new(6, 6)));
        assert_eq!(parse_headcount("6", Some("四")).unwrap_err().0, 9);
        assert_eq!(parse_headcount("6/7/8", None).unwrap_err().0, 6);
    }
}
