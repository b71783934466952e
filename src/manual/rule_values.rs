//! The center's rules in the chapter templates: `rule("key")`.
//!
//! `rule("complaint.l4.resolve")` prints the value as [`Rules::reference`] words it
//! ("5 个工作日" / "5 working days"); `.n` is its bare number, `.short` the table form
//! ("30 min"), `.per` a frequency's "per quarter". `rule("shifts")` is the shift table, a
//! list of objects with the parts of [`crate::rules::SHIFT_PARTS`] and the times of a day
//! on the shift ([`crate::rules::ShiftDay`]: `arrive`, `read`, `briefing`, `wrap_up`) and
//! one break's and the meal's length (`break_each`, `meal_length`, empty when none). A key no rule has
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
/// One break's and the meal's length in words ("15 分钟" / "15 minutes"), empty when the
/// shift has none: the day's table names them.
fn lengths(shift: &crate::rules::Shift, lang: Lang) -> [(&'static str, Value); 2] {
    use crate::rules::{Span, SpanUnit};
    let words = |minutes: u32, any: bool| {
        if any && minutes > 0 {
            Span::new(minutes, SpanUnit::Minutes).print(lang)
        } else {
            String::new()
        }
    };
    [
        (
            "break_each",
            Value::from(words(shift.break_minutes, shift.breaks > 0)),
        ),
        ("meal_length", Value::from(words(shift.meal_minutes, true))),
    ]
}

pub(crate) fn function(
    rules: &Rules,
    lang: Lang,
) -> impl Fn(&str) -> Result<Value, Error> + Send + Sync + 'static + use<> {
    let shifts: Value = rules
        .shifts
        .iter()
        .map(|shift| {
            let day = rules.shift_day(shift);
            let times = [
                ("arrive", day.arrive),
                ("read", day.read),
                ("briefing", day.briefing),
                ("wrap_up", day.wrap_up),
            ];
            Value::from_pairs(
                SHIFT_PARTS
                    .iter()
                    .map(|part| {
                        let text = shift.part(part, lang).unwrap_or_default();
                        (*part, Value::from(text))
                    })
                    .chain(times.map(|(part, time)| (part, Value::from(time.to_string()))))
                    .chain(lengths(shift, lang))
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
