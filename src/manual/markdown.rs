//! Resolved Markdown to Typst markup (for the PDF) and to a standalone HTML page.
//!
//! The Typst side emits structure as Typst function calls and every piece of text as a
//! string literal (`#"..."`), so nothing a chapter or a plan says is ever interpreted as
//! Typst markup. Raw HTML in the Markdown is not allowed by the chapter contract and
//! prints as literal text in both outputs.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use pulldown_cmark::{CowStr, TagEnd};

use super::generated::{ChartFigures, ORG_CHART_INFO};
use crate::model::Lang;

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// A Typst string literal holding `text` exactly.
pub(crate) fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs of text without a break opportunity longer than this many grapheme clusters get
/// one about every [`BREAK_EVERY`] clusters: no real word is this long, so prose is
/// untouched, while a pasted URL, an id or a hostile name of hundreds of letters wraps.
const LONGEST_RUN: usize = 24;
/// How far apart the added break opportunities are: twelve of the widest Latin letters
/// at the cover's 26 pt fit its line, and at the body's size a narrow table column.
const BREAK_EVERY: usize = 12;
/// A zero-width space: a line may break after it, and nothing is drawn.
const ZERO_WIDTH_SPACE: char = '\u{200b}';

/// Whether a line may break before `c` anyway: at a space (not a no-break one), after a
/// zero-width space, and around a CJK ideograph (not CJK punctuation, which must not
/// start a line).
fn breaks_anyway(c: char) -> bool {
    (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
        || c == ZERO_WIDTH_SPACE
        || (crate::fonts::is_wide(c) && !is_punctuation(c))
}

/// Punctuation a line should not start with, where an added break waits a little.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// `text` with a zero-width space about every [`BREAK_EVERY`] grapheme clusters inside
/// each run of more than [`LONGEST_RUN`] clusters with no break opportunity of its own
/// (see [`breaks_anyway`]). Every piece of plan or chapter text passes through here on
/// its way to the typesetter ([`text_literal`]), so no line it lays out holds an
/// unbreakable run wider than the line: handed a one-megabyte run, Typst's line breaker
/// grew past 20 GB. A break is put off past punctuation (for at most another
/// [`BREAK_EVERY`] clusters), and clusters are never split, so an emoji sequence or a
/// letter with its accents stays whole.
pub(crate) fn breakable(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    let opens = |cluster: &str| cluster.chars().next().is_some_and(breaks_anyway);
    // Most text has no long run: look before copying it.
    let mut run = 0;
    let long = text.graphemes(true).any(|cluster| {
        run = if opens(cluster) { 0 } else { run + 1 };
        run > LONGEST_RUN
    });
    if !long {
        return std::borrow::Cow::Borrowed(text);
    }
    let clusters: Vec<&str> = text.graphemes(true).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    while start < clusters.len() {
        // One run up to the next cluster that opens a break, then that cluster.
        let end = clusters[start..]
            .iter()
            .position(|c| opens(c))
            .map_or(clusters.len(), |at| start + at);
        let run = &clusters[start..end];
        let mut since_break = 0;
        for cluster in run {
            let punctuation = cluster.chars().next().is_some_and(is_punctuation);
            if run.len() > LONGEST_RUN
                && (since_break >= 2 * BREAK_EVERY || (since_break >= BREAK_EVERY && !punctuation))
            {
                out.push(ZERO_WIDTH_SPACE);
                since_break = 0;
            }
            out.push_str(cluster);
            since_break += 1;
        }
        if let Some(cluster) = clusters.get(end) {
            out.push_str(cluster);
        }
        start = end + 1;
    }
    std::borrow::Cow::Owned(out)
}

/// A Typst string literal of text the manual prints: [`string_literal`] of
/// [`breakable`] text. Everything that is read rather than looked up (paths, font
/// names, link targets) goes through [`string_literal`] alone.
pub(crate) fn text_literal(text: &str) -> String {
    string_literal(&breakable(text))
}

/// Whether a line break between two characters should vanish: Chinese and Japanese
/// text has no spaces between words, so a soft break there must not become one.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A table being gathered from the Markdown events, its cells in the output's form (Typst
/// markup, Word XML), with their display widths for sizing columns: the PDF's and the Word
/// document's converters gather tables the same way.
pub(crate) struct Table {
    pub alignments: Vec<Alignment>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The display width of each column's widest cell (capped at 60).
    pub widths: Vec<usize>,
    /// The display width of the longest cell of each body row (uncapped), to tell rows
    /// that may be kept whole from rows that must be free to break.
    pub row_sizes: Vec<usize>,
    /// The display width of all cells together.
    pub total: usize,
    pub in_header: bool,
}

impl Table {
    pub(crate) fn new(alignments: Vec<Alignment>) -> Table {
        Table {
            widths: vec![0; alignments.len()],
            alignments,
            header: Vec::new(),
            rows: Vec::new(),
            row_sizes: Vec::new(),
            total: 0,
            in_header: false,
        }
    }

    pub(crate) fn start_row(&mut self) {
        self.rows.push(Vec::new());
        self.row_sizes.push(0);
    }

    /// The column the next cell goes in.
    pub(crate) fn column(&self) -> usize {
        if self.in_header {
            self.header.len()
        } else {
            self.rows.last().map_or(0, Vec::len)
        }
    }

    /// Adds the next cell, of display width `width`, to the header or the current row.
    pub(crate) fn push_cell(&mut self, cell: String, width: usize) {
        let column = self.column();
        if let Some(w) = self.widths.get_mut(column) {
            *w = (*w).max(width.min(60));
        }
        self.total += width;
        if self.in_header {
            self.header.push(cell);
        } else if let Some(row) = self.rows.last_mut() {
            row.push(cell);
            if let Some(size) = self.row_sizes.last_mut() {
                *size = (*size).max(width);
            }
        }
    }
}

/// Whether `event` opens a chapter (a level-1 heading), and if so whether that chapter is
/// an appendix, from the heading's first text (`next`).
pub(crate) fn opens_chapter(event: &Event<'_>, next: Option<&Event<'_>>) -> Option<bool> {
    matches!(
        event,
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })
    )
    .then(|| matches!(next, Some(Event::Text(title)) if is_appendix_title(title)))
}

struct Converter<'f> {
    /// Output buffers: the bottom one is the document; tables and code blocks push one.
    buffers: Vec<String>,
    text: String,
    last_char: Option<char>,
    pending_soft_break: bool,
    tables: Vec<Table>,
    cell_width: usize,
    code: Option<(String, String)>,
    chart: &'f ChartFigures,
    /// How many tables have been written: each table's rows are marked with its number.
    tables_written: usize,
    /// Inside an appendix (from its `#` heading to the next chapter's): its headings are
    /// not numbered, so the appendices do not read as further chapters.
    in_appendix: bool,
}

impl Converter<'_> {
    fn out(&mut self) -> &mut String {
        self.buffers
            .last_mut()
            .expect("the document buffer is never popped")
    }

    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let literal = text_literal(&self.text);
            self.text.clear();
            let out = self.out();
            out.push('#');
            out.push_str(&literal);
        }
    }

    /// Markup that is not text: flushes pending text first.
    fn markup(&mut self, markup: &str) {
        self.flush_text();
        self.pending_soft_break = false;
        self.out().push_str(markup);
    }

    fn text(&mut self, text: &str) {
        let Some(first) = text.chars().next() else {
            return;
        };
        if std::mem::take(&mut self.pending_soft_break)
            && !(self.last_char.is_some_and(is_cjk) && is_cjk(first))
        {
            self.text.push(' ');
        }
        self.text.push_str(text);
        self.last_char = text.chars().next_back();
        self.cell_width += text
            .chars()
            .map(|c| if is_cjk(c) { 2 } else { 1 })
            .sum::<usize>();
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&text);
                } else {
                    self.text(&text);
                }
            }
            Event::Code(code) => {
                let literal = text_literal(&code);
                self.markup(&format!("#raw({literal})"));
                self.cell_width += code.chars().count();
            }
            // Raw HTML is not part of the chapter contract: show it as typed.
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html),
            Event::SoftBreak => {
                self.flush_text();
                self.pending_soft_break = true;
            }
            Event::HardBreak => self.markup("#linebreak()"),
            Event::Rule => self.markup("\n#line(length: 100%)\n"),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::FootnoteReference(text) => self.text(&text),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.markup(""),
            Tag::Heading { level, .. } => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                let numbering = if self.in_appendix {
                    ", numbering: none"
                } else {
                    ""
                };
                // A chapter begins where the preamble's `chapter-break` decides.
                let before = if level == 1 { "\n#chapter-break()" } else { "" };
                self.markup(&format!("{before}\n#heading(level: {level}{numbering})["));
            }
            Tag::BlockQuote(_) => self.markup("\n#quote(block: true)["),
            Tag::CodeBlock(kind) => {
                self.flush_text();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => self.markup("\n"),
            Tag::List(Some(start)) => self.markup(&format!("\n#enum(start: {start}, ")),
            Tag::List(None) => self.markup("\n#list("),
            Tag::Item => self.markup("["),
            Tag::Table(alignments) => {
                self.flush_text();
                self.tables.push(Table::new(alignments));
            }
            Tag::TableHead => {
                if let Some(table) = self.tables.last_mut() {
                    table.in_header = true;
                }
            }
            Tag::TableRow => {
                if let Some(table) = self.tables.last_mut() {
                    table.start_row();
                }
            }
            Tag::TableCell => {
                self.flush_text();
                self.buffers.push(String::new());
                self.cell_width = 0;
                self.last_char = None;
            }
            Tag::Emphasis => self.markup("#emph["),
            Tag::Strong => self.markup("#strong["),
            Tag::Strikethrough => self.markup("#strike["),
            Tag::Link { dest_url, .. } => {
                let literal = string_literal(&dest_url);
                self.markup(&format!("#link({literal})["));
            }
            // The contract has no images; print the alt text only.
            Tag::Image { .. } => self.flush_text(),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => self.flush_text(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.markup("\n\n"),
            TagEnd::Heading(_) => self.markup("]\n"),
            TagEnd::BlockQuote(_) => self.markup("]\n"),
            TagEnd::CodeBlock => {
                let (info, code) = self.code.take().unwrap_or_default();
                let markup = if info.trim() == ORG_CHART_INFO {
                    org_chart(&code, self.chart)
                } else {
                    format!("\n#raw(block: true, {})\n", text_literal(&code))
                };
                self.markup(&markup);
            }
            TagEnd::HtmlBlock => self.markup("\n\n"),
            TagEnd::List(_) => self.markup(")\n"),
            TagEnd::Item => self.markup("],"),
            TagEnd::TableCell => {
                self.flush_text();
                let cell = self.buffers.pop().unwrap_or_default();
                let width = self.cell_width;
                if let Some(table) = self.tables.last_mut() {
                    table.push_cell(cell, width);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = self.tables.last_mut() {
                    table.in_header = false;
                }
            }
            TagEnd::TableRow => {}
            TagEnd::Table => {
                if let Some(table) = self.tables.pop() {
                    let markup = table_markup(&table, self.tables_written);
                    self.tables_written += 1;
                    self.markup(&markup);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                self.markup("]")
            }
            TagEnd::Image => self.flush_text(),
            TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
            | TagEnd::Superscript
            | TagEnd::Subscript => self.flush_text(),
        }
    }
}

/// Body rows whose longest cell is at most this display width (a CJK character counts
/// two; about 200 Chinese characters) are kept whole on one page, and the first two and
/// the last two rows of a table are kept together. A longer row may break across pages,
/// so a row taller than a page is never pushed past the bottom of one.
pub(crate) const KEEP_ROW_WIDTH: usize = 400;

/// How the rows of a table are bound together: the cell each body row gets in the
/// table's last, zero-width column (`None` where a row above spans it). An unbreakable
/// cell spanning two rows keeps them on one page; Typst already moves a header that
/// would be alone at the foot of a page.
fn row_bindings(row_sizes: &[usize]) -> Vec<Option<&'static str>> {
    let count = row_sizes.len();
    let keep = |r: usize| row_sizes[r] <= KEEP_ROW_WIDTH;
    let mut cells: Vec<Option<&'static str>> = (0..count)
        .map(|r| Some(if keep(r) { "keep-rows(1)" } else { "free-row" }))
        .collect();
    let mut bind = |first: usize, rows: usize, spec: &'static str| {
        if (first..first + rows).all(keep) {
            cells[first] = Some(spec);
            for cell in &mut cells[first + 1..first + rows] {
                *cell = None;
            }
        }
    };
    match count {
        0 | 1 => {}
        2 => bind(0, 2, "keep-rows(2)"),
        3 => bind(0, 3, "keep-rows(3)"),
        _ => {
            bind(0, 2, "keep-rows(2)");
            bind(count - 2, 2, "keep-rows(2)");
        }
    }
    cells
}

/// A table whose columns share the width by how much text they hold; short columns
/// (names, targets) take only what they need. The header row repeats on every page, a
/// page break never leaves the header or a single row behind (see [`row_bindings`]),
/// and a table shorter than half a page never breaks at all (`manual-table` in the
/// preamble). Each row's first cell carries an invisible marker with the table's
/// `number`, so tests can see where the rows were printed.
fn table_markup(table: &Table, number: usize) -> String {
    // A shared column gets at least a sixth of the shared width, so a short column of
    // long words ("Complaint", "Special complaint") beside wordy ones is not squeezed
    // until its words run into the next column.
    let shared: usize = table.widths.iter().filter(|&&w| w > 16).sum();
    let floor = (shared / 6).max(12);
    let columns: Vec<String> = table
        .widths
        .iter()
        .map(|&w| {
            if w <= 16 {
                "auto".to_owned()
            } else {
                format!("{}fr", w.max(floor))
            }
        })
        .collect();
    let aligns: Vec<&str> = table
        .alignments
        .iter()
        .map(|a| match a {
            Alignment::Center => "center",
            Alignment::Right => "right",
            Alignment::None | Alignment::Left => "left",
        })
        .collect();
    let mut out = format!(
        "\n#manual-table(table(columns: ({}, 0pt), align: ({}, left), ",
        columns.join(", "),
        aligns.join(", ")
    );
    let count = table.widths.len();
    let empty = String::new();
    let row = |out: &mut String, cells: &[String], mark: &str| {
        for i in 0..count {
            let cell = cells.get(i).unwrap_or(&empty);
            if i == 0 {
                out.push_str(&format!("[#{mark}({number}){cell}],"));
            } else {
                out.push_str(&format!("[{cell}],"));
            }
        }
    };
    out.push_str("table.header(");
    row(&mut out, &table.header, "header-mark");
    out.push_str("free-row,),\n");
    for (cells, binding) in table.rows.iter().zip(row_bindings(&table.row_sizes)) {
        row(&mut out, cells, "row-mark");
        if let Some(binding) = binding {
            out.push_str(binding);
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("))\n");
    out
}

/// The org chart: the vector figures and their legend when there are some (a figure
/// too wide for the page upright is turned on a page of its own, and the text says
/// where), else the outline from the resolved Markdown, indented as a tree.
fn org_chart(outline: &str, chart: &ChartFigures) -> String {
    if !chart.figures.is_empty() {
        let mut out = String::new();
        let mut after_turned = false;
        for (i, figure) in chart.figures.iter().enumerate() {
            let function = if figure.turned {
                "turned-chart-figure"
            } else if after_turned {
                "org-chart-float"
            } else {
                "org-chart-figure"
            };
            after_turned |= figure.turned;
            let caption = figure
                .caption
                .as_deref()
                .map_or_else(|| "none".to_owned(), text_literal);
            out.push_str(&format!(
                "\n#{function}({}, {:.1}pt, {caption})\n",
                string_literal(&figure_path(i)),
                figure.width_pt
            ));
            // The legend (and where a turned chart is) under the first figure, the one
            // the reader meets first.
            if i == 0 {
                if chart.figures.iter().any(|f| f.turned) {
                    out.push_str("\n#turned-chart-pages()\n");
                }
                if !chart.legend.is_empty() {
                    out.push_str(&format!("\n#{}\n\n", text_literal(&chart.legend)));
                }
            }
        }
        return out;
    }
    let mut out = String::from("\n#block(breakable: true)[\n");
    for line in outline.lines() {
        let name = line.trim_start_matches(' ');
        let depth = (line.len() - name.len()) / 2;
        out.push_str(&format!(
            "#pad(left: {}em)[#{}]\n",
            depth * 2,
            text_literal(name)
        ));
    }
    out.push_str("]\n");
    out
}

/// The virtual path the typesetter serves the `index`th chart figure from.
pub(crate) fn figure_path(index: usize) -> String {
    format!("/org-chart-{index}.svg")
}

/// Whether a chapter title names an appendix: "附录：…" or "Appendix: …" (the form the
/// built-in appendices and the chapter contract use), also "附录 A" or "Appendix B …".
fn is_appendix_title(title: &str) -> bool {
    let title = title.trim_start();
    if title.starts_with("附录") {
        return true;
    }
    let mut chars = title.chars();
    let word: String = chars.by_ref().take(8).collect();
    word.eq_ignore_ascii_case("appendix") && chars.next().is_none_or(|c| !c.is_alphabetic())
}

/// Converts resolved Markdown into the Typst markup of the manual's body.
pub(crate) fn to_typst(markdown: &str, chart: &ChartFigures) -> String {
    let mut converter = Converter {
        buffers: vec![String::with_capacity(markdown.len() * 2)],
        text: String::new(),
        last_char: None,
        pending_soft_break: false,
        tables: Vec::new(),
        cell_width: 0,
        code: None,
        chart,
        tables_written: 0,
        in_appendix: false,
    };
    let mut events = Parser::new_ext(markdown, options()).peekable();
    while let Some(event) = events.next() {
        if let Some(appendix) = opens_chapter(&event, events.peek()) {
            converter.in_appendix = appendix;
        }
        converter.event(event);
    }
    converter.flush_text();
    converter.buffers.swap_remove(0)
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape(&mut out, text);
    out
}

fn pulldown_cmark_escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(super::generated::one_line(c)),
        }
    }
}

/// A standalone HTML page of the resolved Markdown. Raw HTML in the Markdown is shown
/// as text, never passed through.
/// The control matter of an HTML manual: the logo above the title, then the
/// document-control tables ([`crate::control::ControlPage`]), all text escaped.
pub(crate) struct HtmlControl<'a> {
    pub matter: crate::control::Matter<'a>,
    pub edition: super::Edition,
}

impl HtmlControl<'_> {
    fn logo(&self) -> String {
        self.matter
            .logo
            .map(|logo| {
                format!(
                    "<p class=\"logo\"><img src=\"{}\" alt=\"\" style=\"max-width: 12rem; max-height: 5rem\"></p>\n",
                    logo.data_url()
                )
            })
            .unwrap_or_default()
    }

    /// The draft mark: a banner on top and the word across the window behind the text.
    fn draft(&self, lang: Lang) -> String {
        if !self.matter.draft {
            return String::new();
        }
        let word = super::typeset::draft_word(lang);
        let note = match lang {
            Lang::Zh => "草稿：本手册与最近一次发布的版本不同，尚未发布。",
            Lang::En => {
                "Draft: this manual differs from its last released version and is not released."
            }
        };
        format!(
            "<div class=\"draft-mark\" aria-hidden=\"true\">{word}</div>\n<p class=\"draft-note\">{}</p>\n",
            escape_html(note)
        )
    }

    fn page(&self, lang: Lang) -> String {
        let Some(control) = self.matter.control else {
            return String::new();
        };
        let page = crate::control::ControlPage::new(control, self.edition, lang);
        let row = |cells: &[String], tag: &str| {
            let cells: String = cells
                .iter()
                .map(|c| format!("<{tag}>{}</{tag}>", escape_html(c)))
                .collect();
            format!("<tr>{cells}</tr>\n")
        };
        let mut out = format!(
            "<section class=\"document-control\">\n<h2>{}</h2>\n<table>\n",
            escape_html(&page.title)
        );
        for [label, value] in &page.details {
            out.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                escape_html(label),
                escape_html(value)
            ));
        }
        out.push_str("</table>\n<table>\n");
        out.push_str(&row(&page.signoff_header, "th"));
        for signoff in &page.signoffs {
            out.push_str(&row(signoff, "td"));
        }
        out.push_str(&format!(
            "</table>\n<h3>{}</h3>\n",
            escape_html(&page.revisions_title)
        ));
        if page.revisions.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", escape_html(&page.no_revisions)));
        } else {
            out.push_str("<table>\n");
            out.push_str(&row(&page.revision_header, "th"));
            for revision in &page.revisions {
                out.push_str(&row(revision, "td"));
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
        out
    }
}

pub(crate) fn to_html(
    markdown: &str,
    title: &str,
    lang: Lang,
    control: &HtmlControl<'_>,
) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            // Only web and mail links: a `javascript:` URL is not a link.
            let safe = ["http://", "https://", "mailto:", "#"]
                .iter()
                .any(|p| dest_url.to_ascii_lowercase().starts_with(p));
            Event::Start(Tag::Link {
                link_type,
                dest_url: if safe { dest_url } else { CowStr::from("#") },
                title,
                id,
            })
        }
        other => other,
    });
    let mut body = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut body, events);
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #bbb; padding: .3rem .5rem; vertical-align: top; }}
th {{ background: #eee; }}
pre {{ background: #f6f6f6; padding: .8rem; overflow-x: auto; }}
.draft-mark {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 9rem; font-weight: bold; color: rgba(180, 0, 0, .1); transform: rotate(-35deg); pointer-events: none; z-index: -1; }}
.draft-note {{ border: 1px solid #d9a; background: #fdf0f0; padding: .4rem .8rem; }}
</style>
</head>
<body>
{draft}{logo}<h1 class="title">{title}</h1>
{control_page}{body}</body>
</html>
"#,
        title = escape_html(title),
        logo = control.logo(),
        draft = control.draft(lang),
        control_page = control.page(lang),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(markdown: &str, expected: expect_test::Expect) {
        expected.assert_eq(&to_typst(markdown, &ChartFigures::default()));
    }

    #[test]
    fn text_reaches_typst_as_string_literals() {
        check(
            "# Title $x$\n\nA #b `c` <script>\\\" ok\n",
            expect_test::expect![[r##"

                #chapter-break()
                #heading(level: 1)[#"Title $x$"]
                #"A #b "#raw("c")#" <script>\" ok"

            "##]],
        );
    }

    #[test]
    fn soft_breaks_vanish_between_chinese_characters() {
        check(
            "中文\n换行 and\nEnglish",
            expect_test::expect![[r##"
                #"中文"#"换行 and"#" English"

            "##]],
        );
    }

    #[test]
    fn tables_have_a_repeating_header() {
        check(
            "| a | b |\n|---|:-:|\n| 1 | **2** |\n",
            expect_test::expect![[r##"

                #manual-table(table(columns: (auto, auto, 0pt), align: (left, center, left), table.header([#header-mark(0)#"a"],[#"b"],free-row,),
                [#row-mark(0)#"1"],[#strong[#"2"]],keep-rows(1),
                ))
            "##]],
        );
    }

    #[test]
    fn rows_are_bound_at_both_ends_of_a_table_and_long_rows_stay_free() {
        #[track_caller]
        fn check(sizes: &[usize], expected: &[Option<&str>]) {
            assert_eq!(row_bindings(sizes), expected, "{sizes:?}");
        }
        let (one, two, three) = (
            Some("keep-rows(1)"),
            Some("keep-rows(2)"),
            Some("keep-rows(3)"),
        );
        let long = KEEP_ROW_WIDTH + 1;
        check(&[], &[]);
        check(&[10], &[one]);
        // A short table is one group; a longer one keeps its first and last two rows
        // together, each row whole.
        check(&[10, 10], &[two, None]);
        check(&[10, 10, 10], &[three, None, None]);
        check(&[10; 5], &[two, None, one, two, None]);
        // A row too long to keep whole may break, and is bound to no other.
        check(&[10, long, 10, 10], &[one, Some("free-row"), two, None]);
        check(&[10, 10, 10, long], &[two, None, one, Some("free-row")]);
        check(&[long, 10, 10], &[Some("free-row"), one, one]);
    }

    #[test]
    fn appendices_are_not_numbered() {
        let typst = to_typst(
            "# Rules\n\n## Breaks\n\n# Appendix: forms\n\n## Leave\n\n# 附录：术语表\n\n# Appendixes of note\n",
            &ChartFigures::default(),
        );
        let headings: Vec<&str> = typst
            .lines()
            .filter(|l| l.starts_with("#heading"))
            .collect();
        assert_eq!(
            headings,
            [
                "#heading(level: 1)[#\"Rules\"]",
                "#heading(level: 2)[#\"Breaks\"]",
                "#heading(level: 1, numbering: none)[#\"Appendix: forms\"]",
                "#heading(level: 2, numbering: none)[#\"Leave\"]",
                "#heading(level: 1, numbering: none)[#\"附录：术语表\"]",
                "#heading(level: 1)[#\"Appendixes of note\"]",
            ]
        );
    }

    #[test]
    fn a_short_column_of_long_words_keeps_a_sixth_of_the_shared_width() {
        // Regression: "Special complaint" got 17fr beside two 60fr columns (widths are
        // capped at 60) and its words ran into the next column in the English manual.
        let long = "word ".repeat(24);
        let markdown = format!(
            "| Type | What | How |\n|---|---|---|\n| Special complaint | {long} | {} |\n",
            &long[..100]
        );
        let typst = to_typst(&markdown, &ChartFigures::default());
        assert!(
            typst.contains("table(columns: (22fr, 60fr, 60fr, 0pt)"),
            "{typst}"
        );
    }

    #[test]
    fn long_runs_get_break_opportunities_and_words_do_not() {
        #[track_caller]
        fn check(input: &str, expected: &str) {
            assert_eq!(breakable(input).replace('\u{200b}', "|"), expected);
        }
        // Prose, Chinese and words up to the longest run are left alone.
        check(
            "a customer service representative",
            "a customer service representative",
        );
        check("internationalization", "internationalization");
        check(&"客".repeat(60), &"客".repeat(60));
        check(&"x".repeat(24), &"x".repeat(24));
        // A longer run breaks every twelve clusters, counted afresh after a space or a
        // CJK character.
        check(&"x".repeat(25), "xxxxxxxxxxxx|xxxxxxxxxxxx|x");
        check(
            &format!("{} 客{}", "a".repeat(26), "b".repeat(30)),
            "aaaaaaaaaaaa|aaaaaaaaaaaa|aa 客bbbbbbbbbbbb|bbbbbbbbbbbb|bbbbbb",
        );
        // A no-break space is no break: the run goes on through it.
        check(
            &format!("{}\u{a0}{}", "a".repeat(12), "a".repeat(13)),
            "aaaaaaaaaaaa|\u{a0}aaaaaaaaaaa|aa",
        );
        // A break waits past punctuation, and never splits a cluster.
        check(
            &format!("{}.....{}", "a".repeat(11), "a".repeat(20)),
            "aaaaaaaaaaa.....|aaaaaaaaaaaa|aaaaaaaa",
        );
        let family = "👨‍👩‍👧‍👦";
        let broken = breakable(&family.repeat(30)).into_owned();
        assert_eq!(broken.replace('\u{200b}', ""), family.repeat(30));
        assert!(
            broken
                .split('\u{200b}')
                .all(|piece| piece.len() % family.len() == 0)
        );
        assert_eq!(broken.matches('\u{200b}').count(), 2);
        // A megabyte run, as a hostile file once held, in linear time.
        let huge = breakable(&"x".repeat(1 << 20)).into_owned();
        assert_eq!(huge.matches('\u{200b}').count(), (1 << 20) / 12);
        // CJK punctuation runs get breaks too: a line may not otherwise break inside them.
        check(
            &"。".repeat(30),
            &format!("{}|{}", "。".repeat(24), "。".repeat(6)),
        );
    }

    #[test]
    fn every_text_reaches_typst_breakable() {
        let long = "W".repeat(40);
        let typst = to_typst(
            &format!("# {long}\n\n{long} `{long}`\n\n| {long} |\n|---|\n| {long} |\n"),
            &ChartFigures::default(),
        );
        let broken = breakable(&long).into_owned();
        assert_eq!(typst.matches(&broken).count(), 5, "{typst}");
        assert!(!typst.contains(&long), "{typst}");
    }

    #[test]
    fn html_is_escaped_in_the_page() {
        let page = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))",
            "<t>",
            Lang::En,
            &HtmlControl {
                matter: crate::control::Matter::default(),
                edition: super::super::Edition::Manager,
            },
        );
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("javascript:"));
        assert!(page.contains("<title>&lt;t&gt;</title>"));
    }
}
