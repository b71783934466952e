//! Filling the chapter templates: the minijinja environment and the plan context.
//!
//! Undefined values are errors (strict mode), so a misspelt placeholder fails the export
//! with the template file and line instead of printing a blank. Every string a template
//! prints is Markdown-escaped by the formatter; only the engine's generated Markdown
//! (marked safe) goes through untouched.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use minijinja::value::{Rest, Value};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};

use super::chapters::{Chapter, ChapterKind, Slot, print_order};
use super::generated::{self, escape};
use super::roles::RoleIndex;
use super::sources::Sources;
use super::user_text;
use super::{Edition, ManualError, ManualOptions};
use crate::model::{Kpi, Lang, Plan};

/// KPI ids the chapter contract names differently from the templates' data; both
/// spellings resolve.
pub(crate) const KPI_ALIASES: [(&str, &str); 2] = [
    ("talk-time", "average-talk-time"),
    ("wait-time", "waiting-time"),
];

/// The work one chapter may do: about one unit per template instruction and per 64 bytes
/// it outputs. A chapter that loops away (nested `range` loops, runaway recursion) fails
/// with an error naming its file and line after a second or two instead of running for
/// hours; the built-in chapters need a tiny fraction of it, and even a plan at the size
/// [`limits`](crate::limits) allow (64 MiB of text, printed a few times over) stays well
/// below it.
const TEMPLATE_FUEL: u64 = 20_000_000;

/// The most Markdown one user chapter may resolve to: sixteen times what a PDF is typeset
/// from, far above any real chapter, and a bound on the memory and time a text that
/// repeats a large generated block can take.
pub(crate) const USER_CHAPTER_BYTES: usize = 16 * crate::limits::MAX_MANUAL_BYTES;

/// Renders every chapter the plan prints in the options' language, in its order, into one
/// Markdown document: built-in templates through the template engine, the user's texts
/// through [`user_text`]. Hidden chapters, and chapters that render to nothing (the other
/// edition's), are dropped.
pub(crate) fn render(
    plan: &Plan,
    options: &ManualOptions,
    sources: &Sources,
) -> Result<String, ManualError> {
    let lang = options.lang;
    if sources.chapters(lang).next().is_none() {
        return Err(ManualError::NoChapters {
            lang: lang.code(),
            dir: Sources::lang_dir(lang),
        });
    }
    let renderer = Renderer::new(plan, options);
    let builtin = sources.chapter_ids();
    let mut out = String::new();
    for slot in print_order(&plan.manual, &builtin) {
        let Some(markdown) = renderer.slot(sources, slot)? else {
            continue;
        };
        if markdown.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&markdown);
    }
    out.push('\n');
    Ok(collapse_blank_lines(&out))
}

/// The template environment and context of one edition and language, for any number of
/// chapters.
pub(crate) struct Renderer<'p> {
    pub(crate) plan: &'p Plan,
    pub(crate) options: ManualOptions,
    pub(crate) env: Environment<'static>,
    pub(crate) context: Value,
    /// What each reference of the user's texts printed (by its expression): a chapter
    /// library names the same roles and KPIs in chapter after chapter.
    resolved: Mutex<HashMap<String, Option<String>>>,
}

impl<'p> Renderer<'p> {
    pub(crate) fn new(plan: &'p Plan, options: &ManualOptions) -> Renderer<'p> {
        Renderer {
            plan,
            options: *options,
            env: environment(plan, options),
            context: template_context(plan, options),
            resolved: Mutex::default(),
        }
    }

    /// What `slot` prints: a hidden chapter nothing, any other its [`Renderer::content`].
    pub(crate) fn slot(
        &self,
        sources: &Sources,
        slot: Slot<'_>,
    ) -> Result<Option<String>, ManualError> {
        match slot {
            Slot::Listed(chapter) if chapter.hidden => Ok(None),
            _ => self.content(sources, slot),
        }
    }

    /// A chapter's Markdown, trimmed, hidden or not: a built-in chapter's template (or the
    /// user's text in this language), a user chapter's text; `None` for a built-in chapter
    /// the set lacks in this language.
    pub(crate) fn content(
        &self,
        sources: &Sources,
        slot: Slot<'_>,
    ) -> Result<Option<String>, ManualError> {
        let lang = self.options.lang;
        let user = |text: &str| Ok(Some(self.user(text)?.trim().to_owned()));
        match slot {
            Slot::Listed(Chapter {
                kind: ChapterKind::Custom { text },
                ..
            }) => user(super::chapters::lang_text(text, lang)),
            Slot::Listed(Chapter {
                id,
                kind: ChapterKind::Builtin { edited },
                ..
            }) => match edited.get(lang) {
                Some(text) => user(&text.markdown),
                None => self.builtin(sources, id),
            },
            Slot::Unlisted(id) => self.builtin(sources, id),
        }
    }

    fn builtin(&self, sources: &Sources, id: &str) -> Result<Option<String>, ManualError> {
        match sources.chapter(self.options.lang, id) {
            Some(file) => self.template(&file.path, &file.text).map(Some),
            None => Ok(None),
        }
    }

    /// A chapter template rendered, trimmed.
    pub(crate) fn template(&self, path: &str, text: &str) -> Result<String, ManualError> {
        let name = format!("manuals/{path}");
        let markdown = self
            .env
            .render_named_str(&name, text, &self.context)
            .map_err(|err| template_error(&name, text, &err))?;
        Ok(markdown.trim().to_owned())
    }

    /// A user's chapter text rendered: blocks of the other edition dropped, references
    /// resolved with this environment, each value Markdown-escaped as a template prints it.
    ///
    /// A chapter resolving to more than [`USER_CHAPTER_BYTES`] (a text repeating a large
    /// generated block thousands of times) is refused as too long.
    pub(crate) fn user(&self, text: &str) -> Result<String, ManualError> {
        user_text::render(
            text,
            self.options.edition,
            USER_CHAPTER_BYTES,
            |reference| {
                if !reference.exists(self.plan, self.options.lang) {
                    return None;
                }
                let expression = reference.expression();
                let mut resolved = self.resolved.lock().unwrap_or_else(|err| err.into_inner());
                if let Some(printed) = resolved.get(&expression) {
                    return printed.clone();
                }
                let value = self.value(&expression).map(|value| printed(&value));
                resolved.insert(expression, value.clone());
                value
            },
        )
        .map_err(|bytes| ManualError::TooLong {
            bytes,
            limit: USER_CHAPTER_BYTES,
        })
    }

    /// The value of a template expression in this environment; `None` when it fails or is
    /// undefined or none.
    pub(crate) fn value(&self, expression: &str) -> Option<Value> {
        let value = self
            .env
            .compile_expression_owned(expression.to_owned())
            .ok()?
            .eval(&self.context)
            .ok()?;
        (!value.is_undefined() && !value.is_none()).then_some(value)
    }
}

/// A value as the formatter prints it into a template: escaped unless marked safe.
pub(crate) fn printed(value: &Value) -> String {
    if value.is_safe() {
        value.to_string()
    } else {
        escape(&value.to_string())
    }
}

/// The context the chapter templates render in.
pub(crate) fn template_context(plan: &Plan, options: &ManualOptions) -> Value {
    let lang = options.lang;
    let center_type_name = plan.center_type.name();
    let center_description = plan.center_type.description();
    minijinja::context! {
        edition => options.edition.key(),
        lang => lang.code(),
        center => Value::from_pairs([
            ("name", plan.center_name(lang)),
            ("type", plan.center_type.key()),
            ("type_name", center_type_name.get(lang)),
            ("type_description", center_description.get(lang)),
        ]),
        staffing => super::staffing::context(plan),
        control => control_context(plan, options),
    }
}

/// What the chapters know of the document control: whether the plan is under it, the
/// number, version and effective date as printed, and whom the edition is for.
fn control_context(plan: &Plan, options: &ManualOptions) -> Value {
    let lang = options.lang;
    let control = &plan.control;
    let readers = crate::control::readers(plan, options.edition, lang);
    let total: u64 = readers.iter().map(|(_, n)| n).sum();
    // A few posts are named with their headcount; more are counted (the table lists them).
    let posts: Vec<String> = if readers.len() <= 4 {
        readers
            .iter()
            .map(|(name, n)| match lang {
                Lang::Zh => format!("{name} {n} 人"),
                Lang::En => format!("{name}: {n}"),
            })
            .collect()
    } else {
        vec![match lang {
            Lang::Zh => format!("分属 {} 个岗位", readers.len()),
            Lang::En => format!("in {} posts", readers.len()),
        }]
    };
    Value::from_pairs([
        (
            "controlled",
            Value::from(crate::control::is_controlled(plan)),
        ),
        ("number", Value::from(control.number.as_str())),
        ("version", Value::from(control.version.as_str())),
        (
            "effective",
            Value::from(
                control
                    .effective
                    .map(|d| d.display(lang))
                    .unwrap_or_default(),
            ),
        ),
        ("readers", Value::from(total)),
        (
            "reader_posts",
            Value::from(posts.join(match lang {
                Lang::Zh => "、",
                Lang::En => "; ",
            })),
        ),
    ])
}

pub(crate) fn environment<'source>(plan: &Plan, options: &ManualOptions) -> Environment<'source> {
    let (lang, edition) = (options.lang, options.edition);
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    // Block tags on their own line leave no blank line behind, so an edition block
    // inside a table or list does not split it.
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    env.set_formatter(|out, _state, value| {
        let text = if value.is_safe() {
            value.to_string()
        } else {
            escape(&value.to_string())
        };
        out.write_str(&text)
            .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "formatting failed"))
    });

    let kpis: Arc<BTreeMap<String, Value>> = Arc::new(
        plan.kpis
            .iter()
            .rev() // the first KPI with an id wins
            .map(|kpi| (kpi.id.clone(), kpi_value(kpi, lang)))
            .collect(),
    );
    // A KPI the plan has deleted prints its built-in definition, and an id nobody knows
    // prints as itself: validation (`manual.unknown-kpi`) has warned, and the export goes on.
    let builtin: Arc<BTreeMap<String, Value>> = Arc::new(
        crate::templates::builtin_kpis()
            .iter()
            .map(|kpi| (kpi.id.clone(), kpi_value(kpi, lang)))
            .collect(),
    );
    env.add_function("kpi", move |id: &str| -> Value {
        let alias = KPI_ALIASES
            .iter()
            .find(|(contract, _)| *contract == id)
            .map(|(_, data)| *data);
        let find = |map: &BTreeMap<String, Value>| {
            map.get(id)
                .or_else(|| alias.and_then(|a| map.get(a)))
                .cloned()
        };
        find(&kpis).or_else(|| find(&builtin)).unwrap_or_else(|| {
            Value::from_pairs([
                ("id", id),
                ("name", id),
                ("definition", ""),
                ("formula", ""),
                ("target", ""),
            ])
        })
    });

    let roles = Arc::new(RoleIndex::new(plan, lang));
    {
        let roles = Arc::clone(&roles);
        env.add_function("role", move |keys: Rest<String>| -> Value {
            Value::from_object(roles.role(&keys))
        });
    }
    {
        let roles = Arc::clone(&roles);
        env.add_function("has", move |keys: Rest<String>| -> bool {
            keys.iter().all(|k| roles.holds(k))
        });
    }
    env.add_function("has_any", move |keys: Rest<String>| -> bool {
        keys.iter().any(|k| roles.holds(k))
    });

    let positions: Arc<BTreeMap<String, Value>> = Arc::new(
        plan.chart
            .nodes
            .iter()
            .rev() // the first node with an id wins, as in the model's index
            .map(|node| {
                let count = node.headcount;
                let value = Value::from_pairs([
                    ("id", Value::from(node.id.as_str())),
                    ("name", Value::from(node.name.get(lang))),
                    ("headcount_planned", Value::from(count.planned)),
                    ("headcount_filled", Value::from(count.filled)),
                    ("vacancies", Value::from(count.vacancies())),
                ]);
                (node.id.as_str().to_owned(), value)
            })
            .collect(),
    );
    // For user chapters: a node id the chart lacks prints as itself (validation has warned
    // with `manual.unknown-position`). The built-in chapters name roles by function.
    env.add_function("position", move |id: &str| -> Value {
        positions.get(id).cloned().unwrap_or_else(|| {
            Value::from_pairs([
                ("id", Value::from(id)),
                ("name", Value::from(id)),
                ("headcount_planned", Value::from(0)),
                ("headcount_filled", Value::from(0)),
                ("vacancies", Value::from(0)),
            ])
        })
    });

    // The center's rules (`rule("key")`), as `crate::rules` prints them.
    env.add_function("rule", super::rule_values::function(&plan.rules, lang));

    // The generated blocks only depend on the plan, language and edition: each is built
    // the first time a chapter calls it, once per environment. Most environments never
    // call one (chapter titles, a built-in chapter turned into the editor's text).
    type Block = fn(&Plan, Lang, Edition) -> String;
    let blocks: [(&str, Block); 7] = [
        ("distribution_record", generated::distribution_record),
        ("org_chart", |plan, lang, _| {
            generated::org_chart_block(plan, lang)
        }),
        ("job_descriptions", generated::job_descriptions),
        ("responsibility_matrix", |plan, lang, _| {
            generated::responsibility_matrix(plan, lang, true)
        }),
        ("kpi_table", generated::kpi_table),
        ("career_path", |plan, lang, _| {
            generated::career_path(plan, lang)
        }),
        ("reporting_lines", |plan, lang, _| {
            generated::reporting_lines(plan, lang)
        }),
    ];
    let shared = Arc::new(plan.clone());
    for (name, build) in blocks {
        let plan = Arc::clone(&shared);
        let block = OnceLock::new();
        env.add_function(name, move || {
            block
                .get_or_init(|| {
                    // Blank lines around a block keep it from merging into a neighbouring
                    // paragraph.
                    let markdown = build(&plan, lang, edition);
                    Value::from_safe_string(format!("\n\n{markdown}\n"))
                })
                .clone()
        });
    }
    env
}

fn kpi_value(kpi: &Kpi, lang: Lang) -> Value {
    Value::from_pairs([
        ("id", kpi.id.as_str()),
        ("name", kpi.name.get(lang)),
        ("definition", kpi.definition.get(lang)),
        ("formula", kpi.formula.get(lang)),
        ("target", kpi.target.as_str()),
    ])
}

/// Runs of blank lines (left by edition blocks and generated content) become one: the
/// resolved Markdown is also a deliverable people read.
fn collapse_blank_lines(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank_run = 0;
    for line in markdown.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn template_error(file: &str, source: &str, err: &minijinja::Error) -> ManualError {
    let line = err.line().unwrap_or(0);
    let mut message = err.kind().to_string();
    if let Some(detail) = err.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    if let Some(text) = line.checked_sub(1).and_then(|i| source.lines().nth(i)) {
        message.push_str(&format!(" (in `{}`)", text.trim()));
    }
    use super::TemplateFault;
    let fault = match err.kind() {
        ErrorKind::SyntaxError | ErrorKind::BadEscape => TemplateFault::Syntax,
        ErrorKind::UndefinedError
        | ErrorKind::UnknownFunction
        | ErrorKind::UnknownFilter
        | ErrorKind::UnknownTest
        | ErrorKind::UnknownMethod
        | ErrorKind::MissingArgument
        | ErrorKind::TooManyArguments
        | ErrorKind::InvalidOperation => TemplateFault::Reference,
        ErrorKind::OutOfFuel => TemplateFault::TooMuchWork,
        _ => TemplateFault::Other,
    };
    // A reader knows a chapter by its title, its first heading; a chapter without one by
    // its file name.
    let chapter = source
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|title| title.trim().to_owned())
        .filter(|title| !title.is_empty() && !title.contains("{{"))
        .unwrap_or_else(|| {
            let name = err.name().unwrap_or(file);
            name.rsplit('/').next().unwrap_or(name).to_owned()
        });
    ManualError::Template {
        file: err.name().unwrap_or(file).to_owned(),
        line,
        message,
        chapter,
        fault,
    }
}

/// The language's name as the cover prints it.
pub(crate) fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "简体中文",
        Lang::En => "English",
    }
}
