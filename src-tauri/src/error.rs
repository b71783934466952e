//! The one error type the UI receives: a stable code and a message in both languages.
//!
//! Every core error converts into it through the core's [`Failure`] trait, keeping the
//! core's own code (`document.corrupt`, `edit.cycle`, ...) and both of its messages, so the
//! UI and the end-to-end test match on codes, never on text. The few codes made here
//! (`app.*`, `export.*`) are the host's own failures: no plan open, a file it writes.

use centerplan::error::{Failure, io_reason};
use centerplan::model::{Lang, Text};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppError {
    /// Stable identifier, e.g. `document.not-sqlite`.
    pub code: String,
    pub message: Text,
}

impl AppError {
    pub fn new(code: &str, zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError {
            code: code.to_owned(),
            message: Text::new(zh, en),
        }
    }

    /// No plan is open, so there is nothing to edit, save or export.
    pub fn no_plan() -> AppError {
        AppError::new("app.no-plan", "没有打开的方案", "no plan is open")
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message.en)
    }
}

impl std::error::Error for AppError {}

/// Every core error, with its own code and both of its messages: the app invents no code
/// for a core failure and translates nothing.
impl<E: Failure> From<E> for AppError {
    fn from(err: E) -> AppError {
        AppError {
            code: err.code().to_owned(),
            message: err.text(),
        }
    }
}

/// An operating-system failure on a file the app writes for the user (an export), in the
/// core's words for it.
pub fn write_error(path: &std::path::Path, err: &std::io::Error) -> AppError {
    let file = path.display();
    AppError::new(
        "export.write",
        format!("无法写入 {file}：{}", io_reason(err, Lang::Zh)),
        format!("cannot write {file}: {}", io_reason(err, Lang::En)),
    )
}
