//! The one error type the UI receives: a stable code and a message in both languages.
//!
//! Every core error converts into it, keeping the core's own code (`document.corrupt`,
//! `edit.cycle`, ...) so the UI and the end-to-end test match on codes, never on text.

use centerplan::edit::EditError;
use centerplan::model::Text;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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

impl From<centerplan::document::DocumentError> for AppError {
    /// The core's English message as is; the Chinese one is chosen by the stable code,
    /// naming the same file.
    fn from(err: centerplan::document::DocumentError) -> AppError {
        use centerplan::document::Operation;
        let file = err.path().display().to_string();
        let zh = match err.code() {
            "document.not-found" => format!("无法打开 {file}：文件不存在"),
            "document.empty" => format!("无法打开 {file}：文件是空的"),
            "document.not-sqlite" | "document.not-centerplan" => {
                format!("无法打开 {file}：这不是 Centerplan 方案文件")
            }
            "document.newer-version" => {
                format!("无法打开 {file}：该文件由更新版本的 Centerplan 创建，请升级后再打开")
            }
            "document.foreign-schema" => {
                format!(
                    "无法打开 {file}：文件中含有不属于 Centerplan 的数据库结构，出于安全不予读取（{err}）"
                )
            }
            "document.corrupt" | "document.bad-field" => {
                format!("无法打开 {file}：文件已损坏（{err}）")
            }
            _ if err.operation() == Operation::Save => format!("无法保存 {file}：{err}"),
            _ => format!("无法打开 {file}：{err}"),
        };
        AppError {
            code: err.code().to_owned(),
            message: Text::new(zh, err.to_string()),
        }
    }
}
