//! The text a user writes for a chapter: Markdown with audience blocks and references,
//! read line by line, never through the template engine.
//!
//! - An audience block is a line `::: manager` or `::: csr` (or `::: 经理版` / `::: 管理版`,
//!   `::: 客户服务代表版` / `::: 员工版`) opening it and a line `:::` closing it; what lies
//!   outside every block is in both editions. The other edition's blocks are dropped here,
//!   before any Markdown is parsed, so nothing of them reaches the table of contents.
//! - A reference `{{ … }}` follows a small grammar ([`parse_reference`]): `center.name`,
//!   `role("key", …)`, `position("id").planned`, `kpi("id").target`, `rule("key")`,
//!   `staffing.<field>` and the generated blocks such as `org_chart()`. It is resolved by
//!   the same template environment the built-in chapters use, so both print a role or a
//!   KPI alike, and the value is Markdown-escaped. Anything else between `{{` and `}}`,
//!   and a reference to something the plan lacks, prints as typed (validation reports the
//!   latter with the chapter, language and line).
//!
//! Since the template engine never sees this text, a `{%`, `{#` or `{{` a user types is
//! text, and a user chapter can do no more work than a few lookups per reference.

use crate::model::{Function, Lang, Plan};

use super::Edition;
use super::generated::escape;

/// Whom a line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    Both,
    Only(Edition),
}

/// A mistake in a user chapter, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// An audience block opened on `line` is never closed: it runs to the chapter's end.
    UnclosedBlock { line: usize },
    /// An audience block opened on `line` inside another one (the line is ignored).
    NestedBlock { line: usize },
    /// `::: word` names no edition: the block is printed in both.
    UnknownAudience { line: usize, word: String },
    /// A `:::` on `line` closes no block (the line is ignored).
    StrayClose { line: usize },
    /// A well-formed reference on `line` to something the plan does not have; printed as
    /// typed.
    UnknownReference { line: usize, reference: String },
}

impl TextProblem {
    pub fn line(&self) -> usize {
        match self {
            TextProblem::UnclosedBlock { line }
            | TextProblem::NestedBlock { line }
            | TextProblem::UnknownAudience { line, .. }
            | TextProblem::StrayClose { line }
            | TextProblem::UnknownReference { line, .. } => *line,
        }
    }
}

/// The words an audience block may open with.
fn audience_word(word: &str) -> Option<Edition> {
    match word.to_lowercase().as_str() {
        "manager" | "经理版" | "管理版" => Some(Edition::Manager),
        "csr" | "客户服务代表版" | "员工版" => Some(Edition::Csr),
        _ => None,
    }
}

/// Each line (1-based number, text) with its audience; the block markers dropped.
fn audience_lines<'t>(
    text: &'t str,
    problems: &mut Vec<TextProblem>,
) -> Vec<(usize, &'t str, Audience)> {
    let mut out = Vec::new();
    // The open block: its line and audience.
    let mut open: Option<(usize, Audience)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if let Some(rest) = line.trim().strip_prefix(":::") {
            let word = rest.trim();
            if word.is_empty() {
                if open.take().is_none() {
                    problems.push(TextProblem::StrayClose { line: number });
                }
                continue;
            }
            // `:::word` without a space is as plain as `::: word`.
            if open.is_some() {
                problems.push(TextProblem::NestedBlock { line: number });
                continue;
            }
            let audience = match audience_word(word) {
                Some(edition) => Audience::Only(edition),
                None => {
                    problems.push(TextProblem::UnknownAudience {
                        line: number,
                        word: word.to_owned(),
                    });
                    Audience::Both
                }
            };
            open = Some((number, audience));
            continue;
        }
        let audience = open.map_or(Audience::Both, |(_, audience)| audience);
        out.push((number, line, audience));
    }
    if let Some((line, _)) = open {
        problems.push(TextProblem::UnclosedBlock { line });
    }
    out
}

/// What a reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// `center.name`, `center.type_name`, `center.type_description`.
    Center(String),
    /// `staffing.<field>`.
    Staffing(String),
    /// `role("a", "b")`: the first held of the functions.
    Role(Vec<String>),
    Position(String),
    Kpi(String),
    Rule(String),
    /// A generated block: `org_chart()` and the others.
    Block(&'static str),
}

/// A reference of the grammar, with its optional attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub target: Target,
    pub attr: Option<String>,
}

/// What the text between `{{` and `}}` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    Known(Reference),
    /// Shaped like a reference (`name.field`, `call("arg")`), but no reference the grammar
    /// has: a misspelling to report.
    Unknown,
}

const BLOCKS: [&str; 7] = [
    "org_chart",
    "distribution_record",
    "job_descriptions",
    "responsibility_matrix",
    "kpi_table",
    "career_path",
    "reporting_lines",
];

/// Parses the inside of `{{ … }}`; `None` when it is not shaped like a reference at all
/// (it prints as typed, and nobody is told).
pub(crate) fn parse_reference(inner: &str) -> Option<Parsed> {
    let mut cursor = Cursor {
        text: inner.trim(),
        at: 0,
    };
    let name = cursor.ident()?;
    let args = if cursor.eat('(') {
        let mut args = Vec::new();
        cursor.spaces();
        if !cursor.eat(')') {
            loop {
                cursor.spaces();
                args.push(cursor.string()?);
                cursor.spaces();
                if cursor.eat(')') {
                    break;
                }
                if !cursor.eat(',') {
                    return None;
                }
            }
        }
        Some(args)
    } else {
        None
    };
    let attr = if cursor.eat('.') {
        Some(cursor.ident()?.to_owned())
    } else {
        None
    };
    if cursor.at != cursor.text.len() {
        return None;
    }
    let attr_in = |allowed: &[&str]| attr.as_deref().is_none_or(|a| allowed.contains(&a));
    let known = |target| {
        Some(Parsed::Known(Reference {
            target,
            attr: attr.clone(),
        }))
    };
    match (name, args) {
        ("center", None) => match attr.as_deref() {
            Some(field @ ("name" | "type_name" | "type_description")) => {
                Some(Parsed::Known(Reference {
                    target: Target::Center(field.to_owned()),
                    attr: None,
                }))
            }
            _ => Some(Parsed::Unknown),
        },
        ("staffing", None) => attr.map(|field| {
            Parsed::Known(Reference {
                target: Target::Staffing(field),
                attr: None,
            })
        }),
        (_, None) if attr.is_none() => None,
        (_, None) => Some(Parsed::Unknown),
        ("role", Some(args))
            if !args.is_empty() && attr_in(&["name", "planned", "filled", "vacancies"]) =>
        {
            known(Target::Role(args))
        }
        ("position", Some(mut args))
            if args.len() == 1 && attr_in(&["name", "planned", "filled", "vacancies"]) =>
        {
            known(Target::Position(args.remove(0)))
        }
        ("kpi", Some(mut args))
            if args.len() == 1 && attr_in(&["name", "definition", "formula", "target"]) =>
        {
            known(Target::Kpi(args.remove(0)))
        }
        ("rule", Some(mut args)) if args.len() == 1 => known(Target::Rule(args.remove(0))),
        (block, Some(args)) if args.is_empty() && attr.is_none() => {
            match BLOCKS.iter().find(|b| **b == block) {
                Some(block) => known(Target::Block(block)),
                None => Some(Parsed::Unknown),
            }
        }
        _ => Some(Parsed::Unknown),
    }
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 || rest.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        self.at += len;
        Some(&rest[..len])
    }

    fn string(&mut self) -> Option<String> {
        let rest = self.rest();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let len = rest[1..].find(quote)?;
        let value = &rest[1..1 + len];
        if value.contains('\\') {
            return None;
        }
        self.at += len + 2;
        Some(value.to_owned())
    }
}

fn quoted(args: &[String]) -> String {
    args.iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Reference {
    /// The reference as a user writes it, `{{ kpi("aht").target }}`.
    pub(crate) fn source(&self) -> String {
        format!("{{{{ {} }}}}", self.spelling())
    }

    fn spelling(&self) -> String {
        let call = match &self.target {
            Target::Center(field) => return format!("center.{field}"),
            Target::Staffing(field) => return format!("staffing.{field}"),
            Target::Role(keys) => format!("role({})", quoted(keys)),
            Target::Position(id) => format!("position({})", quoted(std::slice::from_ref(id))),
            Target::Kpi(id) => format!("kpi({})", quoted(std::slice::from_ref(id))),
            Target::Rule(key) => format!("rule({})", quoted(std::slice::from_ref(key))),
            Target::Block(name) => format!("{name}()"),
        };
        match &self.attr {
            Some(attr) => format!("{call}.{attr}"),
            None => call,
        }
    }

    /// The template expression that computes the reference's value.
    pub(crate) fn expression(&self) -> String {
        match (&self.target, self.attr.as_deref()) {
            (Target::Position(id), attr) => {
                let field = match attr {
                    Some("planned") => "headcount_planned",
                    Some("filled") => "headcount_filled",
                    Some("vacancies") => "vacancies",
                    _ => "name",
                };
                format!("position({}).{field}", quoted(std::slice::from_ref(id)))
            }
            (Target::Kpi(id), None) => format!("kpi({}).name", quoted(std::slice::from_ref(id))),
            _ => self.spelling(),
        }
    }

    /// Whether the plan has what the reference names (in `lang`, for a rule).
    pub(crate) fn exists(&self, plan: &Plan, lang: Lang) -> bool {
        match &self.target {
            Target::Center(_) | Target::Block(_) => true,
            Target::Staffing(field) => {
                let staffing = super::staffing::context(plan);
                staffing
                    .get_attr(field)
                    .is_ok_and(|v| !v.is_none() && !v.is_undefined())
            }
            Target::Role(keys) => keys.iter().all(|k| Function::from_key(k).is_some()),
            Target::Position(id) => plan.chart.nodes.iter().any(|n| n.id.as_str() == id),
            Target::Kpi(id) => {
                let alias = super::KPI_ALIASES
                    .iter()
                    .find(|(contract, _)| contract == id)
                    .map(|(_, data)| *data);
                let known = |kpis: &[crate::model::Kpi]| {
                    kpis.iter()
                        .any(|k| &k.id == id || alias.is_some_and(|a| k.id == a))
                };
                known(&plan.kpis) || known(crate::templates::builtin_kpis())
            }
            Target::Rule(key) => plan.rules.reference(key, lang).is_some(),
        }
    }
}

/// One piece of a line: text as typed, or a reference.
enum Piece<'a> {
    Text(&'a str),
    /// The reference, its text as typed (`{{ … }}`), and whether it is one of the grammar.
    Reference(&'a str, Option<Parsed>),
}

/// The pieces of one line, `{{ … }}` spans split out.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = line[at..].find("{{").map(|i| i + at) {
        let Some(close) = line[open + 2..].find("}}").map(|i| i + open + 2) else {
            break;
        };
        if open > at {
            out.push(Piece::Text(&line[at..open]));
        }
        out.push(Piece::Reference(
            &line[open..close + 2],
            parse_reference(&line[open + 2..close]),
        ));
        at = close + 2;
    }
    if at < line.len() {
        out.push(Piece::Text(&line[at..]));
    }
    out
}

/// A user's text as Markdown: `<` and `&` escaped, since raw HTML and entities are not
/// constructs of the user syntax (a `<script>` typed prints as itself in every output,
/// also the Markdown one); the rest is the user's Markdown.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c == '<' || c == '&' {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The chapter's Markdown for `edition`: the other edition's blocks dropped, references
/// resolved by `resolve` (`None`: print the reference as typed).
///
/// The output is bounded: a text can repeat a large generated block thousands of times, so
/// past `max_bytes` of output it stops with `Err` (the output's length so far).
pub(crate) fn render(
    text: &str,
    edition: Edition,
    max_bytes: usize,
    mut resolve: impl FnMut(&Reference) -> Option<String>,
) -> Result<String, usize> {
    let mut problems = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (_, line, audience) in audience_lines(text, &mut problems) {
        if matches!(audience, Audience::Only(e) if e != edition) {
            continue;
        }
        if out.len() > max_bytes {
            return Err(out.len());
        }
        for piece in pieces(line) {
            if out.len() > max_bytes {
                return Err(out.len());
            }
            match piece {
                Piece::Text(text) => push_text(&mut out, text),
                Piece::Reference(typed, Some(Parsed::Known(reference))) => {
                    match resolve(&reference) {
                        Some(value) => out.push_str(&value),
                        None => out.push_str(&escape(typed)),
                    }
                }
                Piece::Reference(typed, _) => out.push_str(&escape(typed)),
            }
        }
        out.push('\n');
    }
    if out.len() > max_bytes {
        return Err(out.len());
    }
    Ok(out)
}

/// The mistakes of a user chapter in `lang`: audience blocks, and references to what the
/// plan does not have.
pub fn problems(plan: &Plan, lang: Lang, text: &str) -> Vec<TextProblem> {
    ReadText::new(text).problems(plan, lang)
}

/// A user text read once: its audience-block mistakes and its references by line. Checking
/// it against a plan ([`ReadText::problems`]) then only looks the references up, so a
/// chapter library checked against every plan of a batch is read once, not once per plan.
#[derive(Debug, Clone)]
pub struct ReadText {
    /// The block mistakes, which do not depend on the plan.
    blocks: Vec<TextProblem>,
    /// Each `{{ … }}` shaped like a reference: its line, the text as typed, and the
    /// reference (`None`: shaped like one, but not of the grammar).
    references: Vec<(usize, String, Option<Reference>)>,
}

impl ReadText {
    pub fn new(text: &str) -> ReadText {
        let mut blocks = Vec::new();
        let mut references = Vec::new();
        for (number, line, _) in audience_lines(text, &mut blocks) {
            for piece in pieces(line) {
                match piece {
                    Piece::Reference(typed, Some(Parsed::Unknown)) => {
                        references.push((number, typed.to_owned(), None));
                    }
                    Piece::Reference(typed, Some(Parsed::Known(reference))) => {
                        references.push((number, typed.to_owned(), Some(reference)));
                    }
                    _ => {}
                }
            }
        }
        ReadText { blocks, references }
    }

    /// The text's mistakes in `lang` against `plan`, by line.
    pub fn problems(&self, plan: &Plan, lang: Lang) -> Vec<TextProblem> {
        let mut problems = self.blocks.clone();
        for (number, typed, reference) in &self.references {
            if !reference.as_ref().is_some_and(|r| r.exists(plan, lang)) {
                problems.push(TextProblem::UnknownReference {
                    line: *number,
                    reference: typed.clone(),
                });
            }
        }
        problems.sort_by_key(TextProblem::line);
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(inner: &str, expected: Option<&str>) {
        let got = match parse_reference(inner) {
            None => None,
            Some(Parsed::Unknown) => Some("unknown".to_owned()),
            Some(Parsed::Known(r)) => Some(r.source()),
        };
        assert_eq!(got.as_deref(), expected, "{inner}");
    }

    #[test]
    fn the_reference_grammar() {
        check(" center.name ", Some("{{ center.name }}"));
        check(
            "role('csr', \"team-leader\").name",
            Some("{{ role(\"csr\", \"team-leader\").name }}"),
        );
        check(
            "position(\"qa\").planned",
            Some("{{ position(\"qa\").planned }}"),
        );
        check("kpi(\"aht\")", Some("{{ kpi(\"aht\") }}"));
        check("org_chart()", Some("{{ org_chart() }}"));
        check("staffing.agents", Some("{{ staffing.agents }}"));
        check("rule(\"qa.sample\")", Some("{{ rule(\"qa.sample\") }}"));
        check("center.nope", Some("unknown"));
        check("postion(\"qa\")", Some("unknown"));
        check("kpi(\"a\", \"b\")", Some("unknown"));
        check("role(\"csr\").salary", Some("unknown"));
        check("hello", None);
        check("1 + 2", None);
        check("role(x)", None);
        check("kpi(\"a\\\"\")", None);
        check("", None);
    }

    #[test]
    fn audience_blocks_are_filtered_line_by_line() {
        let text = "both\n::: manager\nm\n:::\n::: 员工版\nc\n:::\nend";
        let lines = |edition| render(text, edition, 1_000, |_| None).unwrap();
        assert_eq!(lines(Edition::Manager), "both\nm\nend\n");
        assert_eq!(lines(Edition::Csr), "both\nc\nend\n");
    }

    #[test]
    fn a_text_repeating_a_large_block_stops_at_its_bound() {
        let text = "{{ org_chart() }}\n".repeat(1_000);
        let big = "x".repeat(10_000);
        let out = render(&text, Edition::Manager, 100_000, |_| Some(big.clone()));
        assert!(
            matches!(out, Err(len) if (100_000..=110_001).contains(&len)),
            "{out:?}"
        );
    }

    #[test]
    fn block_mistakes_are_named_by_line() {
        let mut problems = Vec::new();
        audience_lines(":::\n::: manager\n::: csr\n:::\n::: boss\nx", &mut problems);
        assert_eq!(
            problems,
            [
                TextProblem::StrayClose { line: 1 },
                TextProblem::NestedBlock { line: 3 },
                TextProblem::UnknownAudience {
                    line: 5,
                    word: "boss".into()
                },
                TextProblem::UnclosedBlock { line: 5 },
            ]
        );
    }

    #[test]
    fn unresolved_and_foreign_braces_print_as_typed() {
        let out = render(
            "{% raw %} {{ kpi(\"no_such\") }} {{ 1 + 1 }} {{ center.name }}",
            Edition::Manager,
            1_000,
            |r| (r.target == Target::Center("name".into())).then(|| "C".to_owned()),
        )
        .unwrap();
        assert_eq!(out, "{% raw %} {{ kpi(\"no\\_such\") }} {{ 1 + 1 }} C\n");
    }
}
