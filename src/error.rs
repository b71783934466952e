//! One trait for every error the core returns: a stable code and a message in both
//! product languages.
//!
//! Each module keeps its own `thiserror` enum, with variants a caller can match; each enum
//! implements [`Failure`], so a host shows any of them the same way. The app forwards
//! `code()` and both messages to the UI (which matches on the code, never on text); the
//! CLI prints the English [`Display`](std::fmt::Display) line, which may carry more
//! developer detail (a chapter file and line) than the message meant for the screen.
//!
//! **Invariants** (tested below for every variant of every enum): a code is
//! `module.kind` in lowercase kebab case and never reworded once published; both messages
//! are non-empty, lowercase-first where the language has case, without a trailing dot,
//! and say what went wrong in the user's terms and where to fix it (a file, a field, a
//! node, a chapter).

use std::io;

use crate::model::{Lang, Text};

/// An error a host can show: a stable code and a message in zh-CN and English.
pub trait Failure: std::error::Error {
    /// A stable identifier such as `document.not-sqlite`, for the UI and for scripts.
    fn code(&self) -> &'static str;

    /// What went wrong and where to fix it, in `lang`.
    fn message(&self, lang: Lang) -> String;

    /// Both messages.
    fn text(&self) -> Text {
        Text::new(self.message(Lang::Zh), self.message(Lang::En))
    }
}

/// Whether `code` has the shape every code has: `module.kind`, lowercase letters, digits
/// and single hyphens (`document.not-sqlite`, `staffing.out-of-range`).
pub fn is_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let words = |part: &str| {
        !part.is_empty()
            && part.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    let (Some(module), Some(kind), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    words(module) && words(kind) && module.bytes().all(|b| b.is_ascii_lowercase())
}

/// An operating-system failure in the user's terms, in `lang`: the common kinds in words,
/// the rest as the system states them (English only, the system's own words).
pub fn io_reason(err: &io::Error, lang: Lang) -> String {
    use io::ErrorKind;
    let (zh, en) = match err.kind() {
        ErrorKind::NotFound => ("文件或文件夹不存在", "no such file or folder"),
        ErrorKind::PermissionDenied => ("没有访问权限", "permission denied"),
        ErrorKind::AlreadyExists => ("文件已存在", "the file exists already"),
        ErrorKind::StorageFull => ("磁盘已满", "the disk is full"),
        ErrorKind::ReadOnlyFilesystem => ("磁盘为只读", "the disk is read-only"),
        ErrorKind::IsADirectory => ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        ErrorKind::InvalidData => (
            "文件内容不是有效的 UTF-8 文本",
            "the file is not valid UTF-8 text",
        ),
        ErrorKind::FileTooLarge => ("文件太大", "the file is too large"),
        _ => {
            let system = lowercase_first(&err.to_string());
            return match lang {
                Lang::Zh => format!("系统错误（{system}）"),
                Lang::En => system,
            };
        }
    };
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// System messages start with a capital ("Permission denied"); ours are lowercase.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::chart::{LayoutError, PngError};
    use crate::csv_io::{CsvError, RowError};
    use crate::document::{DocumentError, Operation};
    use crate::edit::{EditError, Named};
    use crate::fonts::FontError;
    use crate::interchange::JsonError;
    use crate::limits::LimitError;
    use crate::manual::{ManualError, TemplateFault};
    use crate::model::NodeId;
    use crate::staffing::StaffingError;

    /// Checks one sample of each variant of an enum: `variant` numbers them with an
    /// exhaustive match (a new variant does not compile until it is numbered here), and
    /// every number must have a sample whose code and both messages are well formed.
    fn check<E: Failure>(samples: &[E], variant: fn(&E) -> usize, variants: usize) {
        let mut seen = vec![false; variants];
        for sample in samples {
            seen[variant(sample)] = true;
            let code = sample.code();
            assert!(is_code(code), "{code} is not module.kind in kebab case");
            for lang in Lang::ALL {
                let message = sample.message(lang);
                assert!(!message.trim().is_empty(), "{code}: empty {lang:?} message");
                assert!(
                    !message.ends_with('.'),
                    "{code}: {message:?} ends with a dot"
                );
                assert!(
                    !message.ends_with('。'),
                    "{code}: {message:?} ends with a dot"
                );
                // The messages meant for the screen carry no chapter template's file name
                // and no Rust source location.
                assert!(!message.contains(".md"), "{code}: {message}");
                assert!(!message.contains(".rs:"), "{code}: {message}");
            }
            let zh = sample.message(Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: the Chinese message has no Chinese: {zh}"
            );
            let en = sample.message(Lang::En);
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: the English message has Chinese: {en}"
            );
            assert_eq!(sample.text(), Text::new(zh, en));
        }
        let missing: Vec<usize> = (0..variants).filter(|&i| !seen[i]).collect();
        assert!(missing.is_empty(), "no sample of variants {missing:?}");
        // Codes are one per variant.
        let mut codes: Vec<&str> = samples.iter().map(Failure::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), variants, "{codes:?}");
    }

    fn path() -> PathBuf {
        PathBuf::from("/plans/north.centerplan")
    }

    fn limit() -> LimitError {
        LimitError::TooLong {
            field: "plan.name".to_owned(),
            found: 5000,
            limit: 4096,
        }
    }

    fn text(zh: &str, en: &str) -> Text {
        Text::new(zh, en)
    }

    #[test]
    fn every_document_error_has_a_code_and_both_messages() {
        let denied = || io::Error::from(io::ErrorKind::PermissionDenied);
        check(
            &[
                DocumentError::NotFound { path: path() },
                DocumentError::Io {
                    path: path(),
                    operation: Operation::Save,
                    source: denied(),
                },
                DocumentError::Empty { path: path() },
                DocumentError::NotSqlite { path: path() },
                DocumentError::NotCenterplan {
                    path: path(),
                    application_id: 7,
                },
                DocumentError::NewerVersion {
                    path: path(),
                    found: 9,
                    supported: 2,
                },
                DocumentError::Corrupt {
                    path: path(),
                    detail: "database disk image is malformed".to_owned(),
                },
                DocumentError::BadField {
                    path: path(),
                    table: "nodes",
                    row: 3,
                    column: "kind",
                    message: "unknown kind".to_owned(),
                },
                DocumentError::Write {
                    path: path(),
                    detail: "database or disk is full".to_owned(),
                },
                DocumentError::ForeignSchema {
                    path: path(),
                    object: "view nodes".to_owned(),
                    detail: "is not ours".to_owned(),
                },
                DocumentError::Limit {
                    path: path(),
                    operation: Operation::Open,
                    source: limit(),
                },
                DocumentError::Locked { path: path() },
                DocumentError::HotJournal { path: path() },
                DocumentError::ReadOnly {
                    path: path(),
                    directory: PathBuf::from("/plans"),
                },
                DocumentError::Exists { path: path() },
            ],
            |e| match e {
                DocumentError::NotFound { .. } => 0,
                DocumentError::Io { .. } => 1,
                DocumentError::Empty { .. } => 2,
                DocumentError::NotSqlite { .. } => 3,
                DocumentError::NotCenterplan { .. } => 4,
                DocumentError::NewerVersion { .. } => 5,
                DocumentError::Corrupt { .. } => 6,
                DocumentError::BadField { .. } => 7,
                DocumentError::Write { .. } => 8,
                DocumentError::ForeignSchema { .. } => 9,
                DocumentError::Limit { .. } => 10,
                DocumentError::Locked { .. } => 11,
                DocumentError::HotJournal { .. } => 12,
                DocumentError::ReadOnly { .. } => 13,
                DocumentError::Exists { .. } => 14,
            },
            15,
        );
    }

    #[test]
    fn every_edit_error_has_a_code_and_both_messages() {
        let id = || NodeId::new("qa");
        let named = || Named {
            id: id(),
            name: Text::new("质检专员", "QA specialist"),
        };
        check(
            &[
                EditError::UnknownNode(id()),
                EditError::Cycle {
                    id: named(),
                    new_parent: Named {
                        id: NodeId::new("csr"),
                        name: Text::default(),
                    },
                },
                EditError::SelfLine(named()),
                EditError::DuplicateLine {
                    from: named(),
                    to: named(),
                    kind: "dotted",
                },
                EditError::UnknownLine(4),
                EditError::NegativeHeadcount(named()),
                EditError::DuplicateRow(named()),
                EditError::UnknownRow(id()),
                EditError::BadRowIndex(9),
                EditError::UnknownJob(id()),
                EditError::UnknownKpi("fcr".to_owned()),
                EditError::EmptyKpiId,
                EditError::OutOfRange {
                    field: "rank",
                    value: 900,
                    min: -400,
                    max: 400,
                },
                EditError::NameTooLong(5000),
                EditError::Limit(limit()),
                EditError::UnknownChapter("custom-9".to_owned()),
                EditError::BuiltinChapter("05-complaints".to_owned()),
                EditError::CustomChapter("custom-1".to_owned()),
                EditError::DuplicateChapter("custom-1".to_owned()),
                EditError::BadChapterId("Bad Id".to_owned()),
                EditError::BadChapterIndex(99),
                EditError::BadChapterTitle,
                EditError::EmptyVersion,
                EditError::Released("1.1".to_owned()),
            ],
            |e| match e {
                EditError::UnknownNode(_) => 0,
                EditError::Cycle { .. } => 1,
                EditError::SelfLine(_) => 2,
                EditError::DuplicateLine { .. } => 3,
                EditError::UnknownLine(_) => 4,
                EditError::NegativeHeadcount(_) => 5,
                EditError::DuplicateRow(_) => 6,
                EditError::UnknownRow(_) => 7,
                EditError::BadRowIndex(_) => 8,
                EditError::UnknownJob(_) => 9,
                EditError::UnknownKpi(_) => 10,
                EditError::EmptyKpiId => 11,
                EditError::OutOfRange { .. } => 12,
                EditError::NameTooLong(_) => 13,
                EditError::Limit(_) => 14,
                EditError::UnknownChapter(_) => 15,
                EditError::BuiltinChapter(_) => 16,
                EditError::CustomChapter(_) => 17,
                EditError::DuplicateChapter(_) => 18,
                EditError::BadChapterId(_) => 19,
                EditError::BadChapterIndex(_) => 20,
                EditError::BadChapterTitle => 21,
                EditError::EmptyVersion => 22,
                EditError::Released(_) => 23,
            },
            24,
        );
    }

    #[test]
    fn every_logo_error_has_a_code_and_both_messages() {
        use crate::control::LogoError;
        check(
            &[
                LogoError::TooLarge { found: 900_000 },
                LogoError::UnknownFormat,
                LogoError::Unreadable {
                    format: "PNG",
                    reason: "bad chunk".to_owned(),
                },
                LogoError::BadSize {
                    width: 9000,
                    height: 10,
                },
                LogoError::File {
                    path: "/tmp/logo.png".to_owned(),
                    reason: "cannot read: not found".to_owned(),
                    code: "logo.read",
                    zh: "无法读取：找不到文件".to_owned(),
                },
            ],
            |e| match e {
                LogoError::TooLarge { .. } => 0,
                LogoError::UnknownFormat => 1,
                LogoError::Unreadable { .. } => 2,
                LogoError::BadSize { .. } => 3,
                LogoError::File { .. } => 4,
            },
            5,
        );
    }

    #[test]
    fn every_staffing_error_has_a_code_and_both_messages() {
        check(
            &[
                StaffingError::Unstable {
                    traffic: 12.5,
                    agents: 12,
                },
                StaffingError::OutOfRange {
                    field: "aht",
                    message: text("必须大于 0，实际为 0", "must be above 0, got 0"),
                },
                StaffingError::Unreachable { limit: 30 },
                StaffingError::Forecast {
                    line: 3,
                    column: 2,
                    message: text("calls `x` 不是不小于 0 的数", "calls `x` is not a number"),
                },
                StaffingError::Inconsistent {
                    field: "answered",
                    message: text("接通 5 通，超过来电 4 通", "5 answered exceeds 4 offered"),
                },
                StaffingError::Proposal {
                    message: text("节点 `x` 不在编制建议中", "node `x` is not in the proposal"),
                },
            ],
            |e| match e {
                StaffingError::Unstable { .. } => 0,
                StaffingError::OutOfRange { .. } => 1,
                StaffingError::Unreachable { .. } => 2,
                StaffingError::Forecast { .. } => 3,
                StaffingError::Inconsistent { .. } => 4,
                StaffingError::Proposal { .. } => 5,
            },
            6,
        );
    }

    #[test]
    fn every_json_and_limit_error_has_a_code_and_both_messages() {
        let syntax = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        check(
            &[
                JsonError::Syntax(syntax),
                JsonError::WrongFormat {
                    found: "other".to_owned(),
                },
                JsonError::NewerVersion { found: 9 },
                JsonError::Field {
                    path: "plan.chart.nodes[0].kind".to_owned(),
                    message: "unknown variant `x`".to_owned(),
                },
                JsonError::Limit(limit()),
            ],
            |e| match e {
                JsonError::Syntax(_) => 0,
                JsonError::WrongFormat { .. } => 1,
                JsonError::NewerVersion { .. } => 2,
                JsonError::Field { .. } => 3,
                JsonError::Limit(_) => 4,
            },
            5,
        );
        let field = || "plan.chart.nodes".to_owned();
        check(
            &[
                limit(),
                LimitError::TooMany {
                    field: field(),
                    found: 9,
                    limit: 8,
                },
                LimitError::TooDeep {
                    field: field(),
                    found: 9,
                    limit: 8,
                },
                LimitError::OutOfRange {
                    field: field(),
                    found: "9".to_owned(),
                    min: "0".to_owned(),
                    max: "8".to_owned(),
                },
                LimitError::InputTooLarge {
                    field: "forecast".to_owned(),
                    found: 9,
                    limit: 8,
                },
            ],
            |e| match e {
                LimitError::TooLong { .. } => 0,
                LimitError::TooMany { .. } => 1,
                LimitError::TooDeep { .. } => 2,
                LimitError::OutOfRange { .. } => 3,
                LimitError::InputTooLarge { .. } => 4,
            },
            5,
        );
    }

    #[test]
    fn every_manual_error_names_the_chapter_not_its_template() {
        let template = |fault| ManualError::Template {
            file: "manuals/en/07-quality-monitoring.md".to_owned(),
            line: 12,
            message: "undefined value (in `{{ role(\"x\") }}`)".to_owned(),
            chapter: "Quality monitoring".to_owned(),
            fault,
        };
        check(
            &[
                template(TemplateFault::Reference),
                ManualError::NoChapters {
                    lang: "en",
                    dir: "en",
                },
                ManualError::Font {
                    which: "fallback",
                    reason: "bad table".to_owned(),
                },
                ManualError::Typeset("unknown font".to_owned()),
                ManualError::TooLong {
                    bytes: 9_000_000,
                    limit: 8_000_000,
                },
                ManualError::UnknownChapter {
                    id: "05-complaints".to_owned(),
                    lang: "en",
                },
                ManualError::Package("invalid zip".to_owned()),
                ManualError::Chart(crate::chart::LayoutError::UnknownRoot("ops".into())),
            ],
            |e| match e {
                ManualError::Template { .. } => 0,
                ManualError::NoChapters { .. } => 1,
                ManualError::Font { .. } => 2,
                ManualError::Typeset(_) => 3,
                ManualError::TooLong { .. } => 4,
                ManualError::UnknownChapter { .. } => 5,
                ManualError::Package(_) => 6,
                ManualError::Chart(_) => 7,
            },
            8,
        );
        for fault in [
            TemplateFault::Syntax,
            TemplateFault::Reference,
            TemplateFault::TooMuchWork,
            TemplateFault::Other,
        ] {
            let err = template(fault);
            for lang in Lang::ALL {
                let message = err.message(lang);
                assert!(message.contains("Quality monitoring"), "{message}");
                assert!(message.contains("12"), "{message}");
                assert!(!message.contains(".md"), "{message}");
                assert!(!message.contains("undefined"), "{message}");
            }
            // The CLI's line keeps the file and the engine's words for chapter authors.
            assert!(err.to_string().contains("07-quality-monitoring.md:12"));
        }
    }

    #[test]
    fn every_chart_csv_and_font_error_has_a_code_and_both_messages() {
        check(
            &[
                PngError::Svg("parse error".to_owned()),
                PngError::TooLarge {
                    width: 40_000,
                    height: 900,
                },
                PngError::BadScale(0.0),
                PngError::Encode("zlib".to_owned()),
            ],
            |e| match e {
                PngError::Svg(_) => 0,
                PngError::TooLarge { .. } => 1,
                PngError::BadScale(_) => 2,
                PngError::Encode(_) => 3,
            },
            4,
        );
        check(
            &[LayoutError::UnknownRoot(NodeId::new("x"))],
            |e| match e {
                LayoutError::UnknownRoot(_) => 0,
            },
            1,
        );
        check(
            &[
                CsvError::Read("invalid utf-8".to_owned()),
                CsvError::Unrecognised {
                    field: "name",
                    accepted: vec!["name", "名称"],
                    found: vec!["staff".to_owned()],
                },
                CsvError::Rows(vec![RowError {
                    sheet: None,
                    line: 3,
                    column: "headcount",
                    message: "not a number".to_owned(),
                }]),
                CsvError::DuplicateColumn("id"),
                CsvError::UnclosedQuote { line: 2, column: 5 },
                CsvError::TooManyRows(20_000),
                CsvError::UnknownSheet {
                    sheet: "People".to_owned(),
                    sheets: vec!["Sheet1".to_owned()],
                },
                CsvError::MapColumn {
                    field: "id".to_owned(),
                    column: "staff no".to_owned(),
                    found: vec!["code".to_owned()],
                },
                CsvError::MapField("boss".to_owned()),
            ],
            |e| match e {
                CsvError::Read(_) => 0,
                CsvError::Unrecognised { .. } => 1,
                CsvError::Rows(_) => 2,
                CsvError::DuplicateColumn(_) => 3,
                CsvError::UnclosedQuote { .. } => 4,
                CsvError::TooManyRows(_) => 5,
                CsvError::UnknownSheet { .. } => 6,
                CsvError::MapColumn { .. } => 7,
                CsvError::MapField(_) => 8,
            },
            9,
        );
        check(
            &[
                FontError::Read {
                    path: PathBuf::from("/fonts/x.ttc"),
                    source: io::Error::from(io::ErrorKind::NotFound),
                },
                FontError::Unreadable {
                    style: "bold",
                    index: 2,
                    message: "bad table".to_owned(),
                },
            ],
            |e| match e {
                FontError::Read { .. } => 0,
                FontError::Unreadable { .. } => 1,
            },
            2,
        );
    }

    #[test]
    fn codes_are_module_dot_kind_in_kebab_case() {
        for good in ["document.not-sqlite", "chart.png-too-large", "edit.cycle"] {
            assert!(is_code(good), "{good}");
        }
        for bad in [
            "document",
            "Document.empty",
            "document.",
            "document.not_sqlite",
            "document.not--sqlite",
            "a.b.c",
            "2d.x",
        ] {
            assert!(!is_code(bad), "{bad}");
        }
    }

    #[test]
    fn system_failures_are_worded_in_both_languages() {
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(io_reason(&full, Lang::Zh), "磁盘已满");
        assert_eq!(io_reason(&full, Lang::En), "the disk is full");
        let other = io::Error::other("Broken thing");
        assert_eq!(io_reason(&other, Lang::En), "broken thing");
        assert_eq!(io_reason(&other, Lang::Zh), "系统错误（broken thing）");
    }
}
