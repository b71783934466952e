//! The one error type the UI receives: a stable code and a message in both languages.
//!
//! Every core error converts into it, keeping the core's own code (`document.corrupt`,
//! `edit.cycle`, ...) so the UI and the end-to-end test match on codes, never on text.

use centerplan::edit::EditError;
use centerplan::model::Text;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct AppError {
    /// Stable identifier, e.g. `document.not-sqlite`.
    pub code: String,
    #[ts(type = "{ zh: string, en: string }")]
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

impl From<EditError> for AppError {
    fn from(err: EditError) -> AppError {
        AppError {
            code: err.code().to_owned(),
            message: err.message(),
        }
    }
}
