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
    /// The text or the plan exceeds one of the [`limits`].
    #[error("plan too large: {0}")]
    Limit(#[from] LimitError),
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
