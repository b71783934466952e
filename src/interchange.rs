//! JSON interchange: a plan as a versioned JSON document.
//!
//! The envelope carries a format name and a schema version so that a file from a newer
//! Centerplan is refused with a clear error instead of being half understood.

use serde::{Deserialize, Serialize};

use crate::limits::{self, LimitError};
use crate::model::Plan;

/// The JSON schema version this build writes and reads.
pub const JSON_VERSION: u32 = 1;
const FORMAT_NAME: &str = "centerplan";

#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    #[error("not a Centerplan JSON file: {0}")]
    Syntax(#[source] serde_json::Error),
    #[error("not a Centerplan JSON file: field `format` is {found:?}, expected \"centerplan\"")]
    WrongFormat { found: String },
    #[error(
        "made by a newer Centerplan: JSON version {found}, this build reads up to {JSON_VERSION}"
    )]
    NewerVersion { found: u32 },
    #[error("invalid plan at {path}: {message}")]
    Field { path: String, message: String },
    /// The text or the plan exceeds one of the [`limits`]: too large, or a value out of
    /// its range (worded as an invalid field, not as a size).
    #[error("{}", limit_detail(.0))]
    Limit(#[from] LimitError),
}

fn limit_detail(limit: &LimitError) -> String {
    match limit {
        LimitError::OutOfRange { .. } => format!("invalid plan at {limit}"),
        _ => format!("plan too large: {limit}"),
    }
}

impl crate::error::Failure for JsonError {
    fn code(&self) -> &'static str {
        match self {
            JsonError::Syntax(_) => "json.syntax",
            JsonError::WrongFormat { .. } => "json.wrong-format",
            JsonError::NewerVersion { .. } => "json.newer-version",
            JsonError::Field { .. } => "json.field",
            JsonError::Limit(_) => "json.limit",
        }
    }

    /// A syntax error is placed by line and column, not in serde's words.
    fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang;
        match (self, lang) {
            (JsonError::Syntax(err), Lang::Zh) => format!(
                "不是 Centerplan JSON 文件：第 {} 行第 {} 列不是有效的 JSON",
                err.line(),
                err.column()
            ),
            (JsonError::Syntax(err), Lang::En) => format!(
                "not a Centerplan JSON file: invalid JSON at line {}, column {}",
                err.line(),
                err.column()
            ),
            (JsonError::Limit(limit @ LimitError::OutOfRange { .. }), Lang::Zh) => format!(
                "方案数据有误：{}",
                crate::error::Failure::message(limit, Lang::Zh)
            ),
            (JsonError::Limit(limit), lang) => match lang {
                Lang::Zh => format!(
                    "方案超出大小上限：{}",
                    crate::error::Failure::message(limit, lang)
                ),
                Lang::En => self.to_string(),
            },
            (_, Lang::En) => self.to_string(),
            (JsonError::WrongFormat { found }, Lang::Zh) => format!(
                "不是 Centerplan JSON 文件：字段 `format` 为 {found:?}，应为 \"centerplan\""
            ),
            (JsonError::NewerVersion { found }, Lang::Zh) => format!(
                "该文件由更新版本的 Centerplan 创建：JSON 版本 {found}，本版本最高读取 {JSON_VERSION}，请升级后再打开"
            ),
            (JsonError::Field { path, message }, Lang::Zh) => {
                format!("方案数据在 {path} 处有误（{message}）")
            }
        }
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    version: u32,
    plan: &'a Plan,
}

#[derive(Deserialize)]
struct EnvelopeHead {
    format: Option<String>,
    version: Option<u32>,
}

/// Serializes `plan` as pretty-printed JSON inside the versioned envelope.
pub fn to_json(plan: &Plan) -> String {
    let envelope = EnvelopeOut {
        format: FORMAT_NAME,
        version: JSON_VERSION,
        plan,
    };
    // Serializing plain data with string keys cannot fail.
    serde_json::to_string_pretty(&envelope).expect("a plan always serializes") + "\n"
}

/// Parses a plan from JSON, checking the envelope first so that a newer version gets a
/// version error rather than a confusing field error. Field errors name the JSON path.
/// The text and the plan must be within [`limits`].
pub fn from_json(text: &str) -> Result<Plan, JsonError> {
    limits::check_input_size("JSON text", text.len() as u64)?;
    let head: EnvelopeHead = serde_json::from_str(text).map_err(JsonError::Syntax)?;
    match head.format.as_deref() {
        Some(FORMAT_NAME) => {}
        other => {
            return Err(JsonError::WrongFormat {
                found: other.unwrap_or("(missing)").to_owned(),
            });
        }
    }
    let version = head.version.ok_or_else(|| JsonError::Field {
        path: "version".to_owned(),
        message: "missing field `version`".to_owned(),
    })?;
    if version > JSON_VERSION {
        return Err(JsonError::NewerVersion { found: version });
    }
    #[derive(Deserialize)]
    struct Envelope {
        plan: serde_json::Value,
    }
    let envelope: Envelope = serde_json::from_str(text).map_err(JsonError::Syntax)?;
    let plan = plan_from_value(envelope.plan)?;
    limits::check_plan(&plan)?;
    Ok(plan)
}

/// Deserializes a bare plan value (no envelope), naming the path of a bad field.
pub fn plan_from_value(value: serde_json::Value) -> Result<Plan, JsonError> {
    serde_path_to_error::deserialize(value).map_err(|err| JsonError::Field {
        path: format!("plan.{}", err.path()),
        message: err.inner().to_string(),
    })
}
