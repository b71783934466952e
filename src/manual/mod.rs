//! The operations manual: one source, two editions, three outputs.
//!
//! The chapters under `manuals/<lang>/` are minijinja templates that render to Markdown
//! ([`sources`]). Rendering fills them from the plan and drops the other edition's blocks
//! ([`context`]) *before* anything is laid out, so excluded text can never reach the table
//! of contents. The resolved Markdown is then either returned as is, turned into a
//! standalone HTML page, or converted to Typst markup ([`markdown`]) and typeset to PDF
//! ([`typeset`], the only module that knows Typst).
//!
//! Invariant: text from the plan or the chapters is data, never markup. Plan values are
//! Markdown-escaped when they enter a template, and every piece of Markdown text reaches
//! Typst as a string literal, so a `#`, `$` or `<script>` prints as itself.

mod chapters;
mod chart_print;
mod context;
mod docx;
mod generated;
mod markdown;
pub mod matrix;
pub mod roles;
mod rule_values;
mod source;
mod sources;
mod staffing;
mod typeset;
mod user_text;

use std::fmt;

use crate::fonts::FontSet;
use crate::model::{Lang, Plan};

pub(crate) use chapters::apply as apply_chapter_edit;
pub use chapters::{
    Chapter, ChapterDiff, ChapterEntry, ChapterKind, ChapterProblem, ChapterProblemKind,
    ChapterState, DiffHunk, DiffLine, DiffTag, EditedText, EditedTexts, ManualPlan, builtin_change,
    builtin_change_from, builtin_hash, builtin_hash_from, builtin_source, builtin_source_from,
    chapter_id_of, chapter_ids, chapter_list, chapter_list_from, chapter_problems, chapter_text,
    chapter_text_from, fresh_chapter_id, overlay_texts, valid_id,
};
pub use chart_print::{ChartPdfOptions, Paper, chart_pages, chart_pdf, is_landscape, page_area};
pub(crate) use context::KPI_ALIASES;
pub use sources::{SourceFile, Sources};
pub use typeset::{Pages, TablePages, Typesetter, forget_old_layouts};
pub use user_text::{ReadText, TextProblem, problems as text_problems};

/// Whether `c` takes two columns (CJK), as tables size their columns.
pub(crate) use markdown::is_cjk as is_wide;

/// `text` as Markdown that prints it literally (every construct character escaped), as
/// the manual prints plan text.
pub fn escape_markdown(text: &str) -> String {
    generated::escape(text)
}

/// Which edition of the manual to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// 经理版: everything, including targets, formulas, the matrix and management chapters.
    Manager,
    /// 客户服务代表版: what an agent needs for the working day.
    Csr,
}

impl Edition {
    pub const ALL: [Edition; 2] = [Edition::Manager, Edition::Csr];

    /// The key chapters compare against: `manager` or `csr`.
    pub fn key(self) -> &'static str {
        match self {
            Edition::Manager => "manager",
            Edition::Csr => "csr",
        }
    }

    pub fn from_key(key: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|e| e.key() == key)
    }

    /// The edition's name as printed on the cover and in the running header.
    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Edition::Manager, Lang::Zh) => "经理版",
            (Edition::Csr, Lang::Zh) => "客户服务代表版",
            (Edition::Manager, Lang::En) => "Manager edition",
            (Edition::Csr, Lang::En) => "CSR edition",
        }
    }
}

/// A calendar date, passed in by the host: the manual never reads the clock, so the same
/// plan, options and date give the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
// ts(as): serialized as a `YYYY-MM-DD` string.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "String"))]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid calendar date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days).contains(&day) && (1..=9999).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// The UTC date of `time`, a reading of the host's clock (the manual never reads it
    /// itself); 1970-01-01 for times before it.
    pub fn from_system_time(time: std::time::SystemTime) -> Date {
        let days = time
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 86_400);
        Date::from_unix_days(i64::try_from(days).unwrap_or(0))
    }

    /// The date `days` days after 1970-01-01 (what a host computes from its clock), by
    /// Howard Hinnant's civil-from-days algorithm; 1970-01-01 for dates it cannot name.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days.max(0) + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).unwrap_or(1970);
        Date::new(year, month, day).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next()?;
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// The date as the cover prints it: `2026年3月5日` or `5 March 2026`.
    pub fn display(self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match lang {
            Lang::Zh => format!("{}年{}月{}日", self.year, self.month, self.day),
            Lang::En => format!(
                "{} {} {}",
                self.day,
                MONTHS[usize::from(self.month - 1)],
                self.year
            ),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a date as YYYY-MM-DD, found {text:?}"))
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What to produce: which edition, in which language, dated when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManualOptions {
    pub edition: Edition,
    pub lang: Lang,
    pub date: Date,
}

/// Why a manual could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ManualError {
    /// A chapter template does not parse, or names a placeholder or function that does
    /// not exist.
    #[error("{file}:{line}: {message}")]
    Template {
        file: String,
        line: usize,
        message: String,
        /// The chapter's title (its first heading), how a reader knows it.
        chapter: String,
        fault: TemplateFault,
    },
    /// The source set has no chapter for the language.
    #[error("no manual chapters for language {lang} (looked in manuals/{dir}/)")]
    NoChapters {
        lang: &'static str,
        dir: &'static str,
    },
    /// A font handed in by the host cannot be read.
    #[error("font {which} cannot be read: {reason}")]
    Font { which: &'static str, reason: String },
    /// The typesetter rejected the document; a defect of the engine, since every text
    /// reaches it as data.
    #[error("typesetting failed: {0}")]
    Typeset(String),
    /// The plan makes a manual longer than the typesetter is given
    /// ([`crate::limits::MAX_MANUAL_BYTES`]).
    #[error(
        "the manual's text is {bytes} bytes, more than the {limit} a PDF is typeset from: shorten the plan's texts, or export Markdown or HTML"
    )]
    TooLong { bytes: usize, limit: usize },
    /// The Word document's package could not be written; a defect, since it is written
    /// to memory.
    #[error("the Word document cannot be written: {0}")]
    Package(String),
    /// The chapter set has no built-in chapter with this id in the language.
    #[error("no built-in chapter {id} in language {lang}")]
    UnknownChapter { id: String, lang: &'static str },
    /// The chart cannot be drawn as asked (a `--root` the plan does not have).
    #[error(transparent)]
    Chart(#[from] crate::chart::LayoutError),
}

/// What kind of mistake a chapter template made, for a message in the reader's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFault {
    /// The template does not parse.
    Syntax,
    /// It names a placeholder, function or argument that does not exist.
    Reference,
    /// It needs more work than its bound (minijinja fuel): a plan with enormous text.
    TooMuchWork,
    /// Anything else the template engine refused.
    Other,
}

impl crate::error::Failure for ManualError {
    fn code(&self) -> &'static str {
        match self {
            ManualError::Template { .. } => "manual.template",
            ManualError::NoChapters { .. } => "manual.no-chapters",
            ManualError::Font { .. } => "manual.font",
            ManualError::Typeset(_) => "manual.typeset",
            ManualError::TooLong { .. } => "manual.too-long",
            ManualError::UnknownChapter { .. } => "manual.unknown-chapter",
            ManualError::Package(_) => "manual.package",
            ManualError::Chart(err) => crate::error::Failure::code(err),
        }
    }

    /// Names the chapter by its title and line, never the template's path or the
    /// engine's wording (the CLI's line keeps those for whoever writes chapters).
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                ManualError::Template {
                    line,
                    chapter,
                    fault,
                    ..
                },
                lang,
            ) => {
                let (zh, en) = match fault {
                    TemplateFault::Syntax => {
                        ("章节模板的写法有误", "the chapter's template is malformed")
                    }
                    TemplateFault::Reference => (
                        "章节引用了方案中不存在的内容",
                        "the chapter refers to something the plan does not have",
                    ),
                    TemplateFault::TooMuchWork => (
                        "方案文字过多，生成此章超出工作量上限（请缩短过长的名称或说明）",
                        "the plan's text is too long for this chapter (shorten very long names or descriptions)",
                    ),
                    TemplateFault::Other => ("章节模板出错", "the chapter's template failed"),
                };
                match lang {
                    Lang::Zh => format!("手册章节“{chapter}”第 {line} 行无法生成：{zh}"),
                    Lang::En => {
                        format!("the manual chapter \"{chapter}\" fails at line {line}: {en}")
                    }
                }
            }
            (ManualError::NoChapters { lang: code, dir }, Lang::Zh) => {
                format!("没有语言 {code} 的手册章节（在 manuals/{dir}/ 中查找）")
            }
            (ManualError::NoChapters { .. }, Lang::En) => self.to_string(),
            (ManualError::Font { which, .. }, Lang::Zh) => {
                format!("手册的{which}字体无法读取（请重新安装 fonts-noto-cjk）")
            }
            (ManualError::Font { which, .. }, Lang::En) => {
                format!("the manual's {which} font cannot be read (reinstall fonts-noto-cjk)")
            }
            (ManualError::Typeset(_), Lang::Zh) => {
                "手册排版失败（这是 Centerplan 的缺陷，请报告）".to_owned()
            }
            (ManualError::TooLong { bytes, limit }, Lang::Zh) => format!(
                "手册正文有 {bytes} 字节，超过排版 PDF 的上限 {limit} 字节：请缩短方案中的文字，或导出 Markdown 或 HTML"
            ),
            (ManualError::TooLong { .. }, Lang::En) => self.to_string(),
            (ManualError::UnknownChapter { id, lang: code }, Lang::Zh) => {
                format!("没有语言 {code} 的内置章节 {id}")
            }
            (ManualError::UnknownChapter { .. }, Lang::En) => self.to_string(),
            (ManualError::Package(_), Lang::Zh) => {
                "Word 文档无法写出（这是 Centerplan 的缺陷，请报告）".to_owned()
            }
            (ManualError::Package(_), Lang::En) => {
                "the Word document cannot be written (a defect of Centerplan: please report it)"
                    .to_owned()
            }
            (ManualError::Chart(err), lang) => crate::error::Failure::message(err, lang),
            (ManualError::Typeset(_), Lang::En) => {
                "the manual cannot be typeset (a defect of Centerplan: please report it)".to_owned()
            }
        }
    }
}

/// The manual's Markdown for one edition and language: templates filled from the plan,
/// the other edition's blocks removed. Uses the chapters built into the binary.
pub fn render_markdown(plan: &Plan, options: &ManualOptions) -> Result<String, ManualError> {
    render_markdown_from(plan, options, Sources::embedded())
}

/// [`render_markdown`] with another set of chapter sources.
pub fn render_markdown_from(
    plan: &Plan,
    options: &ManualOptions,
    sources: &Sources,
) -> Result<String, ManualError> {
    context::render(plan, options, sources)
}

/// A standalone HTML page of the manual, for intranets and wikis. All text is escaped.
pub fn render_html(plan: &Plan, options: &ManualOptions) -> Result<String, ManualError> {
    render_html_from(plan, options, Sources::embedded())
}

/// [`render_html`] with another set of chapter sources.
pub fn render_html_from(
    plan: &Plan,
    options: &ManualOptions,
    sources: &Sources,
) -> Result<String, ManualError> {
    let resolved = render_markdown_from(plan, options, sources)?;
    Ok(markdown::to_html(
        &resolved,
        &title(plan, options),
        options.lang,
        &markdown::HtmlControl {
            matter: crate::control::Matter::of(plan),
            edition: options.edition,
        },
    ))
}

/// The manual as PDF bytes, typeset with the host's fonts.
pub fn render_pdf(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
) -> Result<Vec<u8>, ManualError> {
    render_pdf_from(plan, options, fonts, Sources::embedded())
}

/// The manual laid out into pages with the host's fonts, the same layout as
/// [`render_pdf`] page for page, for an on-screen preview that draws one page at a time.
pub fn typeset(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
) -> Result<Pages, ManualError> {
    let pages = typeset_with(&mut Typesetter::default(), plan, options, fonts);
    forget_old_layouts();
    pages
}

/// [`typeset`] through a kept [`Typesetter`]: the same pages, and after a small edit of a
/// plan typeset before, much sooner (only the pages the edit touches are laid out again,
/// once). Leaves Typst's memo cache as it is: call [`forget_old_layouts`] when idle.
pub fn typeset_with(
    typesetter: &mut Typesetter,
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
) -> Result<Pages, ManualError> {
    let (body, chart) = typst_body(plan, options, fonts, Sources::embedded())?;
    typesetter.pages(&cover(plan, options), &body, &chart.figures, fonts)
}

/// Every page of the manual as a standalone SVG document; see [`typeset`] to draw only
/// the pages needed.
pub fn render_svg_pages(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
) -> Result<Vec<String>, ManualError> {
    let pages = typeset(plan, options, fonts)?;
    Ok((0..pages.count()).filter_map(|i| pages.svg(i)).collect())
}

fn cover<'a>(plan: &'a Plan, options: &ManualOptions) -> typeset::Cover<'a> {
    typeset::Cover {
        center_name: plan.center_name(options.lang),
        edition: options.edition,
        lang: options.lang,
        date: options.date,
        matter: crate::control::Matter::of(plan),
    }
}

/// [`render_pdf`] with another set of chapter sources.
pub fn render_pdf_from(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
    sources: &Sources,
) -> Result<Vec<u8>, ManualError> {
    let (body, chart) = typst_body(plan, options, fonts, sources)?;
    typeset::pdf(&cover(plan, options), &body, &chart.figures, fonts)
}

/// The manual as a Word document (`.docx` bytes): the same resolved, edition-filtered
/// text as the PDF, with Word's heading styles, lists and tables, the org chart as images
/// drawn with the host's fonts. See the `docx` module.
pub fn render_docx(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
) -> Result<Vec<u8>, ManualError> {
    render_docx_from(plan, options, fonts, Sources::embedded())
}

/// [`render_docx`] with another set of chapter sources.
pub fn render_docx_from(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
    sources: &Sources,
) -> Result<Vec<u8>, ManualError> {
    let resolved = render_markdown_from(plan, options, sources)?;
    let chart = generated::org_chart_figures(plan, options.lang, options.edition, fonts);
    docx::write(&docx::DocxInput {
        title: &title(plan, options),
        center_name: plan.center_name(options.lang),
        edition: options.edition,
        lang: options.lang,
        date: options.date,
        markdown: &resolved,
        chart: &chart,
        fonts,
        matter: crate::control::Matter::of(plan),
    })
}

/// The Typst markup of the manual's body and the org chart figures it places, drawn with
/// the host's fonts: what both the PDF and the on-screen pages are typeset from.
fn typst_body(
    plan: &Plan,
    options: &ManualOptions,
    fonts: &FontSet,
    sources: &Sources,
) -> Result<(String, generated::ChartFigures), ManualError> {
    let resolved = render_markdown_from(plan, options, sources)?;
    typeset::check_length(&resolved)?;
    let chart = generated::org_chart_figures(plan, options.lang, options.edition, fonts);
    let body = markdown::to_typst(&resolved, &chart);
    Ok((body, chart))
}

/// The Typst markup of the manual's body as [`render_pdf_from`] hands it to the
/// typesetter, with the org chart as its outline instead of drawn figures (so no fonts are
/// needed). The page layout, by far the slowest step, is left out: for checking the
/// markup the plan and chapters produce (tests, fuzzing).
pub fn render_typst_body_from(
    plan: &Plan,
    options: &ManualOptions,
    sources: &Sources,
) -> Result<String, ManualError> {
    let resolved = render_markdown_from(plan, options, sources)?;
    Ok(markdown::to_typst(
        &resolved,
        &generated::ChartFigures::default(),
    ))
}

fn title(plan: &Plan, options: &ManualOptions) -> String {
    match options.lang {
        Lang::Zh => format!(
            "{}运营手册（{}）",
            plan.center_name(Lang::Zh),
            options.edition.title(Lang::Zh)
        ),
        Lang::En => format!(
            "{} operations manual ({})",
            plan.center_name(Lang::En),
            options.edition.title(Lang::En)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn unix_days_name_the_calendar_date() {
        for (days, expected) in [
            (0, "1970-01-01"),
            (59, "1970-03-01"),
            (11_016, "2000-02-29"),
            (20_415, "2025-11-23"),
            (-5, "1970-01-01"),
        ] {
            assert_eq!(Date::from_unix_days(days).to_string(), expected, "{days}");
        }
    }
}
