//! Roles by function: how the chapters name the people of the chart, and what they lean on.
//!
//! A chapter never names a role by a literal word or a node id. It calls `role("qa-specialist")`
//! (the name of whoever holds that [`Function`] in this plan's chart), guards each passage
//! that needs a role with `has(...)` / `has_any(...)`, and so reads right for any chart: a
//! renamed position prints its new name, a deleted one drops or rewords the passages that
//! needed it, and a chart imported with HR ids (`E1024`) works as soon as its nodes carry
//! functions. [`references`] finds, without rendering, which roles, KPIs and positions a
//! chapter leans on, so validation can warn before an export.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use minijinja::value::{Object, Value};

use super::sources::Sources;
use crate::model::{Function, Lang, Plan};

/// The running-text form of a chart name: a trailing gloss in brackets ("主管（班组长）" →
/// "主管") is dropped, and in English a capitalised first word is lower-cased
/// ("Operations manager" → "operations manager"; "QA specialist" stays).
pub fn running_text(name: &str, lang: Lang) -> String {
    let mut name = name.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if name.ends_with(close)
            && let Some(at) = name.rfind(open)
            && at > 0
        {
            name = name[..at].trim_end();
        }
    }
    if lang == Lang::En {
        let mut chars = name.chars();
        if let (Some(first), Some(second)) = (chars.next(), chars.next())
            && first.is_uppercase()
            && second.is_lowercase()
        {
            return first
                .to_lowercase()
                .chain(name[first.len_utf8()..].chars())
                .collect();
        }
    }
    name.to_owned()
}

/// The chart form of a canonical term: its first letter capitalised (English only).
fn chart_form(term: &str) -> String {
    let mut chars = term.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the chart says about one function.
#[derive(Debug, Clone, Default)]
struct Holders {
    /// The name of the one node holding it, when exactly one does.
    single: Option<String>,
    count: usize,
    planned: i64,
    filled: i64,
    vacancies: i64,
}

/// The chart's functions, resolved once per render.
pub(crate) struct RoleIndex {
    lang: Lang,
    holders: BTreeMap<Function, Holders>,
}

impl RoleIndex {
    pub(crate) fn new(plan: &Plan, lang: Lang) -> RoleIndex {
        let mut holders: BTreeMap<Function, Holders> = BTreeMap::new();
        for node in &plan.chart.nodes {
            let Some(function) = node.function else {
                continue;
            };
            let entry = holders.entry(function).or_default();
            entry.count += 1;
            entry.single = (entry.count == 1).then(|| node.name.get(lang).to_owned());
            entry.planned += i64::from(node.headcount.planned);
            entry.filled += i64::from(node.headcount.filled);
            entry.vacancies += i64::from(node.headcount.vacancies());
        }
        RoleIndex { lang, holders }
    }

    /// Whether some node holds the function a key names (an unknown key: no).
    pub(crate) fn holds(&self, key: &str) -> bool {
        Function::from_key(key).is_some_and(|f| self.holders.contains_key(&f))
    }

    /// The role of the first held key among `keys`, or of the first key when none is.
    pub(crate) fn role(&self, keys: &[String]) -> RoleValue {
        let key = keys
            .iter()
            .find(|k| self.holds(k))
            .or_else(|| keys.first())
            .map_or("", String::as_str);
        let lang = self.lang;
        let Some(function) = Function::from_key(key) else {
            // Only a user's chapter can name an unknown key; validation reports it.
            return RoleValue {
                term: key.to_owned(),
                name: key.to_owned(),
                ..RoleValue::default()
            };
        };
        let canonical = function.term().get(lang).to_owned();
        let holders = self.holders.get(&function).cloned().unwrap_or_default();
        let (term, name) = match (&holders.single, holders.count) {
            (Some(name), 1) => (running_text(name, lang), name.clone()),
            _ if lang == Lang::En => (canonical.clone(), chart_form(&canonical)),
            _ => (canonical.clone(), canonical.clone()),
        };
        RoleValue {
            term,
            name,
            held: holders.count > 0,
            count: holders.count,
            planned: holders.planned,
            filled: holders.filled,
            vacancies: holders.vacancies,
        }
    }
}

/// What `role(...)` returns to a template: prints as the running-text form, with the
/// chart form and headcounts as attributes, true when the chart holds the role.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleValue {
    term: String,
    name: String,
    held: bool,
    count: usize,
    planned: i64,
    filled: i64,
    vacancies: i64,
}

impl Object for RoleValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let value = match key.as_str()? {
            "name" => Value::from(self.name.as_str()),
            "term" => Value::from(self.term.as_str()),
            "exists" => Value::from(self.held),
            "count" => Value::from(self.count),
            "planned" => Value::from(self.planned),
            "filled" => Value::from(self.filled),
            "vacancies" => Value::from(self.vacancies),
            _ => return None,
        };
        Some(value)
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.held
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result
    where
        Self: Sized + 'static,
    {
        f.write_str(&self.term)
    }
}

/// What a chapter refers to in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReferenceKind {
    /// A function, through `role(...)`, `has(...)` or `has_any(...)`.
    Role,
    /// A KPI id, through `kpi(...)`.
    Kpi,
    /// A node id, through `position(...)`.
    Position,
}

/// One plan element a chapter names, with the chapter's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub key: String,
    pub line: usize,
}

/// The references of one chapter template, found by reading its calls (string-literal
/// arguments of `role`, `has`, `has_any`, `kpi` and `position`), without rendering.
pub fn references(source: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for (number, line) in source.lines().enumerate() {
        let bytes = line.as_bytes();
        let mut at = 0;
        while let Some(open) = line[at..].find('(').map(|i| i + at) {
            at = open + 1;
            let start = line[..open]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let kind = match &line[start..open] {
                "role" | "has" | "has_any" => ReferenceKind::Role,
                "kpi" => ReferenceKind::Kpi,
                "position" => ReferenceKind::Position,
                _ => continue,
            };
            // Arguments: string literals separated by commas, up to anything else.
            let mut i = open + 1;
            loop {
                while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b',') {
                    i += 1;
                }
                let Some(&quote) = bytes.get(i).filter(|b| **b == b'"' || **b == b'\'') else {
                    break;
                };
                let Some(len) = line[i + 1..].find(quote as char) else {
                    break;
                };
                out.push(Reference {
                    kind,
                    key: line[i + 1..i + 1 + len].to_owned(),
                    line: number + 1,
                });
                i += len + 2;
            }
        }
    }
    out
}

/// One chapter's title (its first `# ` heading) and references.
#[derive(Debug, Clone)]
pub struct ChapterReferences {
    pub path: String,
    pub title: String,
    pub references: Vec<Reference>,
}

/// The references of every chapter of `lang` in `sources`.
pub fn chapter_references(sources: &Sources, lang: Lang) -> Vec<ChapterReferences> {
    sources
        .chapters(lang)
        .map(|chapter| ChapterReferences {
            path: chapter.path.clone(),
            title: chapter
                .text
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .unwrap_or(&chapter.path)
                .trim()
                .to_owned(),
            references: references(&chapter.text),
        })
        .collect()
}

/// [`chapter_references`] of the built-in chapters, both languages (zh, en), read once.
pub fn builtin_references() -> &'static [Vec<ChapterReferences>; 2] {
    static REFS: LazyLock<[Vec<ChapterReferences>; 2]> = LazyLock::new(|| {
        [
            chapter_references(Sources::embedded(), Lang::Zh),
            chapter_references(Sources::embedded(), Lang::En),
        ]
    });
    &REFS
}

/// One plan element the built-in chapters lean on, with the chapters that do, as the
/// diagnostics print them (`“组织结构与岗位职责”、“质量监控”` / `"Organization…", "Quality…"`).
#[derive(Debug, Clone)]
pub struct LeanedOn {
    pub kind: ReferenceKind,
    pub key: String,
    pub zh_chapters: String,
    pub en_chapters: String,
}

/// Every distinct element the built-in chapters refer to, in first-use order: worked out
/// once, since validation consults it on every edit.
pub fn builtin_leaned_on() -> &'static [LeanedOn] {
    static LEANED: LazyLock<Vec<LeanedOn>> = LazyLock::new(|| {
        let [zh, en] = builtin_references();
        // Straight quotes in English: the app's CJK font draws curly ones full width.
        let titles = |chapters: &[ChapterReferences], kind: ReferenceKind, key: &str, lang| {
            let (open, close, sep) = match lang {
                Lang::Zh => ("“", "”", "、"),
                Lang::En => ("\"", "\"", ", "),
            };
            chapters
                .iter()
                .filter(|c| c.references.iter().any(|r| r.kind == kind && r.key == key))
                .map(|c| format!("{open}{}{close}", c.title))
                .collect::<Vec<_>>()
                .join(sep)
        };
        let mut seen = std::collections::HashSet::new();
        zh.iter()
            .chain(en)
            .flat_map(|c| &c.references)
            .filter(|r| seen.insert((r.kind, r.key.as_str())))
            .map(|r| LeanedOn {
                kind: r.kind,
                key: r.key.clone(),
                zh_chapters: titles(zh, r.kind, &r.key, Lang::Zh),
                en_chapters: titles(en, r.kind, &r.key, Lang::En),
            })
            .collect()
    });
    &LEANED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_text_drops_glosses_and_lowercases_capitalised_words() {
        assert_eq!(running_text("主管（班组长）", Lang::Zh), "主管");
        assert_eq!(
            running_text("Operations manager", Lang::En),
            "operations manager"
        );
        assert_eq!(running_text("QA specialist", Lang::En), "QA specialist");
        assert_eq!(
            running_text("Team leader (day shift)", Lang::En),
            "team leader"
        );
        assert_eq!(running_text("（空）", Lang::Zh), "（空）");
        assert_eq!(running_text("", Lang::En), "");
    }

    #[test]
    fn references_read_every_string_argument_of_the_calls() {
        let refs = references(
            "x {{ role(\"qa-specialist\", 'team-leader').name }}\n\
             {% if has_any(\"trainer\") and not has(\"csr\") %}{{ kpi(\"aht\").target }}\n\
             {{ position(\"gm\") }} {{ whole(\"no\") }} {{ parole(\"no\") }} {{ role(x) }}",
        );
        let found: Vec<_> = refs
            .iter()
            .map(|r| (r.kind, r.key.as_str(), r.line))
            .collect();
        assert_eq!(
            found,
            [
                (ReferenceKind::Role, "qa-specialist", 1),
                (ReferenceKind::Role, "team-leader", 1),
                (ReferenceKind::Role, "trainer", 2),
                (ReferenceKind::Role, "csr", 2),
                (ReferenceKind::Kpi, "aht", 2),
                (ReferenceKind::Position, "gm", 3),
            ]
        );
    }
}
