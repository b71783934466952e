//! A built-in chapter as the text a user edits it from: the template rendered for this plan
//! in the user syntax of [`super::user_text`].
//!
//! The template is rendered once per edition with the plan's real values wherever the
//! template *decides* something (`has(...)` guards, `center.type`, the staffing figures it
//! compares), so the text reads right for the current chart, while everything it *prints*
//! from the plan stays a reference and so stays bound to the chart:
//!
//! - a print tag whose expression is a reference of the user grammar (`{{ kpi("aht").target }}`,
//!   `{{ center.name }}`, `{{ org_chart() }}`, `{{ rule("qa.sample") }}`) prints that
//!   reference as text;
//! - `role(...)` returns a value that prints as its reference (also inside the lists and
//!   sentences templates build from roles) but answers tests (`|string is endingwith`,
//!   truthiness) with the role's real name;
//! - the one idiom that cuts a value apart, `{{ x[:1]|upper }}{{ x[1:] }}` (a capital at a
//!   table cell's start), prints the resolved text, capitalised: the grammar has no
//!   capitalised reference.
//!
//! The two editions' texts are then line-diffed ([`similar`], patience) into shared lines
//! and `::: manager` / `::: csr` blocks. Rendering the result through the user path prints
//! what the template prints, edition by edition (tested for every built-in chapter).

use std::fmt;
use std::sync::Arc;

use minijinja::value::{Object, Rest, Value};

use super::context::Renderer;
use super::roles::RoleIndex;
use super::sources::SourceFile;
use super::user_text::{Parsed, Target, parse_reference};
use super::{Date, Edition, ManualError, ManualOptions};
use crate::model::{Lang, Plan};

/// `file` (a built-in chapter of `lang`) in the user syntax, for this plan.
pub(crate) fn builtin_source(
    plan: &Plan,
    lang: Lang,
    file: &SourceFile,
) -> Result<String, ManualError> {
    let mut references = Vec::new();
    let template = rewrite(&file.text, &mut references);
    let references = Arc::new(references);
    let mut editions = Vec::with_capacity(2);
    for edition in Edition::ALL {
        let options = ManualOptions {
            edition,
            lang,
            date: Date {
                year: 2000,
                month: 1,
                day: 1,
            },
        };
        let mut renderer = Renderer::new(plan, &options);
        in_source_mode(&mut renderer, plan, lang, Arc::clone(&references));
        editions.push(renderer.template(&file.path, &template)?);
    }
    Ok(merge_editions(&editions[0], &editions[1]))
}

/// The template with every print tag that is a user reference replaced by
/// `{{ __ref(N) }}` (`references[N]` its user spelling), and the capitalising idiom by
/// `{{ __capfirst(x) }}`.
fn rewrite(template: &str, references: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open + 2..].find("}}") else {
            break;
        };
        let close = open + 2 + len;
        let inner = rest[open + 2..close].trim();
        out.push_str(&rest[..open]);
        let after = &rest[close + 2..];
        if let Some(var) = inner.strip_suffix("[:1]|upper")
            && is_path(var)
            && let Some(tail) = after.strip_prefix("{{")
            && let Some(end) = tail.find("}}")
            && tail[..end].trim() == format!("{var}[1:]")
        {
            out.push_str(&format!("{{{{ __capfirst({var}) }}}}"));
            rest = &tail[end + 2..];
            continue;
        }
        match parse_reference(inner) {
            Some(Parsed::Known(reference)) => {
                out.push_str(&format!("{{{{ __ref({}) }}}}", references.len()));
                references.push(reference.source());
            }
            _ => out.push_str(&rest[open..close + 2]),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn is_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// Puts the source-mode functions into a renderer's environment.
fn in_source_mode(
    renderer: &mut Renderer<'_>,
    plan: &Plan,
    lang: Lang,
    references: Arc<Vec<String>>,
) {
    let env = &mut renderer.env;
    let roles = Arc::new(RoleIndex::new(plan, lang));
    {
        let roles = Arc::clone(&roles);
        env.add_function("role", move |keys: Rest<String>| -> Value {
            let real = Value::from_object(roles.role(&keys));
            Value::from_object(RoleReference {
                keys: keys.0,
                attr: None,
                real,
            })
        });
    }
    env.add_function("__ref", move |index: usize| -> Value {
        Value::from_safe_string(references.get(index).cloned().unwrap_or_default())
    });
    // A test on a role's text sees its real name.
    env.add_filter("string", |value: Value| -> Value {
        if let Some(role) = value.downcast_object_ref::<RoleReference>() {
            return Value::from(role.real.to_string());
        }
        if value.as_str().is_some() {
            value
        } else {
            Value::from(value.to_string())
        }
    });
    env.add_function("__capfirst", move |value: Value| -> Value {
        let text = match value.downcast_object_ref::<RoleReference>() {
            Some(role) => role.real.to_string(),
            None => resolve_roles(&value.to_string(), &roles),
        };
        let mut chars = text.chars();
        let capitalised: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        Value::from(capitalised)
    });
}

/// `text` with each role reference in it replaced by the role's real text, unescaped (as
/// the template would have joined it).
fn resolve_roles(text: &str, roles: &RoleIndex) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open + 2..].find("}}") else {
            break;
        };
        let close = open + 2 + len;
        out.push_str(&rest[..open]);
        match parse_reference(&rest[open + 2..close]) {
            Some(Parsed::Known(reference)) if matches!(reference.target, Target::Role(_)) => {
                let Target::Role(keys) = reference.target else {
                    unreachable!()
                };
                let real = Value::from_object(roles.role(&keys));
                let value = match reference.attr {
                    Some(attr) => real.get_attr(&attr).unwrap_or_default(),
                    None => real,
                };
                out.push_str(&value.to_string());
            }
            _ => out.push_str(&rest[open..close + 2]),
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// What `role(...)` is in source mode: prints as its reference, tests as the role.
#[derive(Debug)]
struct RoleReference {
    keys: Vec<String>,
    attr: Option<String>,
    real: Value,
}

impl Object for RoleReference {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let name = key.as_str()?;
        let real = self.real.get_attr(name).ok()?;
        if self.attr.is_none() && matches!(name, "name" | "planned" | "filled" | "vacancies") {
            return Some(Value::from_object(RoleReference {
                keys: self.keys.clone(),
                attr: Some(name.to_owned()),
                real,
            }));
        }
        Some(real)
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.real.is_true()
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result
    where
        Self: Sized + 'static,
    {
        let keys: Vec<String> = self.keys.iter().map(|k| format!("\"{k}\"")).collect();
        match &self.attr {
            Some(attr) => write!(f, "{{{{ role({}).{attr} }}}}", keys.join(", ")),
            None => write!(f, "{{{{ role({}) }}}}", keys.join(", ")),
        }
    }
}

/// The manager and CSR texts as one: shared lines as they are, the rest in audience
/// blocks.
pub(crate) fn merge_editions(manager: &str, csr: &str) -> String {
    let manager_lines: Vec<&str> = manager.lines().collect();
    let csr_lines: Vec<&str> = csr.lines().collect();
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&manager_lines, &csr_lines);
    let mut out = String::with_capacity(manager.len() + csr.len() / 4);
    let block = |edition: Edition, lines: &[&str], out: &mut String| {
        if lines.is_empty() {
            return;
        }
        out.push_str("::: ");
        out.push_str(edition.key());
        out.push('\n');
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(":::\n");
    };
    for op in diff.ops() {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            for line in &manager_lines[old] {
                out.push_str(line);
                out.push('\n');
            }
        } else {
            block(Edition::Manager, &manager_lines[old], &mut out);
            block(Edition::Csr, &csr_lines[new], &mut out);
        }
    }
    out
}
