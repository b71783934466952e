//! The center's rules in the chapter templates: `rule("key")`.
//!
//! `rule("complaint.l4.resolve")` prints the value as [`Rules::reference`] words it
//! ("5 个工作日" / "5 working days"); `.n` is its bare number, `.short` the table form
//! ("30 min"), `.per` a frequency's "per quarter". `rule("shifts")` is the shift table, a
//! list of objects with the parts of [`crate::rules::SHIFT_PARTS`]. A key no rule has
//! is an error (the templates run in strict mode), so a misspelt key in a built-in chapter
//! fails the tests instead of printing a blank.

use std::fmt;
use std::sync::Arc;

use minijinja::value::{Object, Value};
use minijinja::{Error, ErrorKind};

use crate::model::Lang;
use crate::rules::{Printed, Rules, SHIFT_PARTS};

/// One rule's printed value and parts.
#[derive(Debug)]
struct RuleObject(Printed);

impl Object for RuleObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let printed = &self.0;
        match key.as_str()? {
            "n" => printed.number.map(Value::from),
            "short" => Some(Value::from(printed.short.as_str())),
            "per" => printed.per.as_deref().map(Value::from),
            "text" => Some(Value::from(printed.text.as_str())),
            _ => None,
        }
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result
    where
        Self: Sized + 'static,
    {
        f.write_str(&self.0.text)
    }
}

/// The `rule` function for one language's render.
pub(crate) fn function(
    rules: &Rules,
    lang: Lang,
) -> impl Fn(&str) -> Result<Value, Error> + Send + Sync + 'static + use<> {
    let shifts: Value = rules
        .shifts
        .iter()
        .map(|shift| {
            Value::from_pairs(
                SHIFT_PARTS
                    .iter()
                    .map(|part| {
                        let text = shift.part(part, lang).unwrap_or_default();
                        (*part, Value::from(text))
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect::<Vec<_>>()
        .into();
    let rules = rules.clone();
    move |key: &str| {
        if key == "shifts" {
            return Ok(shifts.clone());
        }
        rules
            .printed(key, lang)
            .map(|printed| Value::from_object(RuleObject(printed)))
            .ok_or_else(|| Error::new(ErrorKind::UndefinedError, format!("no rule {key:?}")))
    }
}
