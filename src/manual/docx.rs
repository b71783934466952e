//! Resolved Markdown to a Word document (`.docx`, WordprocessingML), from the same
//! edition-filtered text the PDF is typeset from.
//!
//! The package is written here, part by part, over the `zip` crate (already in the build
//! through rust_xlsxwriter). docx-rs was weighed and left: its paragraph and image ids come
//! from thread-local and process-wide counters (two exports in one process give different
//! bytes), and it has no repeated table header row, no language tag, no alt text and no
//! `updateFields`, and writes control characters through into a broken part.
//!
//! What Word gets:
//! - real heading styles (`heading 1`–`heading 4`, which Word shows as 标题 1 / Heading 1),
//!   numbered through one outline list as the PDF numbers them (appendices unnumbered), so
//!   the navigation pane, outline numbering and a TOC field work; the TOC field after the
//!   cover carries the entries as its cached result and is marked for update on open;
//! - lists as Word lists (each ordered list numbered from its own start), tables as
//!   `w:tbl` with the header row repeated on every page and column widths shared by how
//!   much text each column holds, a page break before every chapter;
//! - the org chart figures as PNG at [`FIGURE_DPI`] at their printed size (a turned one on
//!   a landscape page of its own) after the legend, the first carrying the whole chart's
//!   outline as alt text;
//! - a running header (center, edition) and a footer with PAGE and NUMPAGES fields, A4;
//!   the manual's font named on every run for every script, with a Windows font Word
//!   substitutes when it is not installed.
//!
//! Invariant: text from the plan and the chapters reaches the XML only through [`escape`]
//! (or [`attr`]), never as a field instruction, so it prints as typed; characters XML
//! cannot hold become U+FFFD. The bytes depend only on the input: same plan, options and
//! date → same file.

use std::io::Write;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::generated::{ChartFigures, Figure, ORG_CHART_INFO};
use super::markdown::{KEEP_ROW_WIDTH, Table, is_cjk, opens_chapter, options as markdown_options};
use super::typeset::{
    BOTTOM_MARGIN_PT, PAGE_HEIGHT_PT, PAGE_WIDTH_PT, SIDE_MARGIN_PT, TOP_MARGIN_PT, words,
};
use super::{Date, Edition, ManualError};
use crate::control::{ControlPage, DocumentControl, Logo, Matter};
use crate::fonts::FontSet;
use crate::model::Lang;

/// The resolution of the chart images at the size they are printed.
pub const FIGURE_DPI: f32 = 220.0;

/// Points in twentieths of a point (twips), Word's unit of length.
const fn twips(pt: f64) -> u32 {
    (pt * 20.0 + 0.5) as u32
}

/// The PDF's A4 page and margins, in twips.
const PAGE_W: u32 = twips(PAGE_WIDTH_PT);
const PAGE_H: u32 = twips(PAGE_HEIGHT_PT);
const MARGIN_SIDE: u32 = twips(SIDE_MARGIN_PT);
const MARGIN_TOP: u32 = twips(TOP_MARGIN_PT);
const MARGIN_BOTTOM: u32 = twips(BOTTOM_MARGIN_PT);
const TEXT_W: u32 = PAGE_W - 2 * MARGIN_SIDE;
/// English Metric Units per point (drawing sizes).
const EMU_PER_PT: f32 = 12_700.0;
/// A table whose cells hold less text than this (display width, a CJK character counts
/// two) is kept on one page, as the PDF keeps a table shorter than half a page.
const KEEP_TABLE_WIDTH: usize = 1_600;

/// What a Word document is made from: the cover's facts, the resolved Markdown and the
/// chart figures.
pub(crate) struct DocxInput<'a> {
    /// The document's title (its properties), as the HTML page's.
    pub title: &'a str,
    pub center_name: &'a str,
    pub edition: Edition,
    pub lang: Lang,
    pub date: Date,
    pub markdown: &'a str,
    pub chart: &'a ChartFigures,
    pub fonts: &'a FontSet,
    /// The document control to print (see [`Matter`]).
    pub matter: Matter<'a>,
}

/// The draft watermark as Word draws one (a VML text path behind the page's text, which
/// Word and LibreOffice both show as a watermark), in the header's paragraph.
fn watermark_run(family: &str, lang: Lang) -> String {
    let word = super::typeset::draft_word(lang);
    let family = attr(family);
    format!(
        "<w:r><w:rPr><w:noProof/></w:rPr><w:pict><v:shapetype id=\"_x0000_t136\" coordsize=\"21600,21600\" o:spt=\"136\" adj=\"10800\" path=\"m@7,l@8,m@5,21600l@6,21600e\"><v:formulas><v:f eqn=\"sum #0 0 10800\"/><v:f eqn=\"prod #0 2 1\"/><v:f eqn=\"sum 21600 0 @1\"/><v:f eqn=\"sum 0 0 @2\"/><v:f eqn=\"sum 21600 0 @3\"/><v:f eqn=\"if @0 @3 0\"/><v:f eqn=\"if @0 21600 @1\"/><v:f eqn=\"if @0 0 @2\"/><v:f eqn=\"if @0 @4 21600\"/><v:f eqn=\"mid @5 @6\"/><v:f eqn=\"mid @8 @5\"/><v:f eqn=\"mid @7 @8\"/><v:f eqn=\"mid @6 @7\"/><v:f eqn=\"sum @6 0 @5\"/></v:formulas><v:path textpathok=\"t\" o:connecttype=\"custom\" o:connectlocs=\"@9,0;@10,10800;@11,21600;@12,10800\" o:connectangles=\"270,180,90,0\"/><v:textpath on=\"t\" fitshape=\"t\"/><o:lock v:ext=\"edit\" text=\"t\" shapetype=\"t\"/></v:shapetype><v:shape id=\"PowerPlusWaterMarkObject1\" o:spid=\"_x0000_s1025\" type=\"#_x0000_t136\" style=\"position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin\" o:allowincell=\"f\" fillcolor=\"#f0c8c8\" stroked=\"f\"><v:fill opacity=\".45\"/><v:textpath style=\"font-family:&quot;{family}&quot;;font-size:1pt\" string=\"{word}\"/></v:shape></w:pict></w:r>"
    )
}

/// The width an SVG logo is drawn at for Word, in pixels (about 300 dpi at 5 cm).
const LOGO_PIXELS: u32 = 600;
/// The `wp:docPr` id of the logo in the running header: apart from the body's, which
/// count the images from 1.
const HEADER_LOGO_ID: usize = 1_000_000;

/// An inline picture of image relationship `rel`, `cx` × `cy` EMU.
fn drawing_xml(rel: &str, id: usize, name: &str, descr: &str, cx: u64, cy: u64) -> String {
    let name = attr(name);
    format!(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"{name}\" descr=\"{descr}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"{name}\" descr=\"{descr}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
}

/// The logo's printed size in EMU: as large as fits `width` × `height` points.
fn logo_extent(logo: &Logo, width: f32, height: f32) -> (u64, u64) {
    let aspect = logo.aspect() as f32;
    let w = width.min(height / aspect.max(f32::EPSILON));
    let cx = (w * EMU_PER_PT).round() as u64;
    let cy = (w * aspect * EMU_PER_PT).round() as u64;
    (cx, cy)
}

/// A table of text cells for the control page: `widths` in twips, the header (if any)
/// repeated on every page and shaded, `label_column`: the first column shaded and bold.
fn control_table_xml<R: AsRef<[String]>>(
    fonts: &str,
    widths: &[u32],
    header: Option<&[String]>,
    rows: &[R],
    label_column: bool,
    row_height: u32,
) -> String {
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"ManualTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>",
    );
    for w in widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let mut row = |cells: &[String], header: bool| {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            out.push_str("<w:tblHeader/>");
        } else if row_height > 0 {
            out.push_str(&format!("<w:trHeight w:val=\"{row_height}\"/>"));
        }
        out.push_str("</w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let shaded = header || (label_column && i == 0);
            let bold = if shaded { "<w:b/><w:bCs/>" } else { "" };
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
            ));
            if shaded {
                out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8E8E8\"/>");
            }
            out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>");
            let text = cells.get(i).map(String::as_str).unwrap_or_default();
            if !text.is_empty() {
                out.push_str(&format!(
                    "<w:r><w:rPr>{fonts}{bold}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    attr(text)
                ));
            }
            out.push_str("</w:p></w:tc>");
        }
        out.push_str("</w:tr>");
    };
    if let Some(header) = header {
        row(header, true);
    }
    for cells in rows {
        row(cells.as_ref(), false);
    }
    out.push_str("</w:tbl>");
    out
}

/// The document-control page as Word paragraphs and tables, ending in a page break.
fn control_page_xml(
    fonts: &str,
    control: &DocumentControl,
    edition: Edition,
    lang: Lang,
) -> String {
    let page = ControlPage::new(control, edition, lang);
    let title = |text: &str, size: u32, before: u32| {
        format!(
            "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"{before}\" w:after=\"200\"/></w:pPr><w:r><w:rPr>{fonts}<w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            attr(text)
        )
    };
    let spacer = "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"120\"/></w:pPr></w:p>";
    let mut out = title(&page.title, 36, 0);
    let label_w = TEXT_W / 4;
    out.push_str(&control_table_xml(
        fonts,
        &[label_w, TEXT_W - label_w],
        None,
        &page.details,
        true,
        0,
    ));
    out.push_str(spacer);
    let fifth = TEXT_W / 10;
    let sign_widths = [
        fifth * 2 - fifth / 2,
        fifth * 2,
        fifth * 2 + fifth / 2,
        fifth * 2 - fifth / 2,
        TEXT_W - fifth * 8 + fifth / 2,
    ];
    out.push_str(&control_table_xml(
        fonts,
        &sign_widths,
        Some(&page.signoff_header),
        &page.signoffs,
        true,
        560,
    ));
    out.push_str(&title(&page.revisions_title, 27, 360));
    if page.revisions.is_empty() {
        out.push_str(&format!(
            "<w:p><w:r><w:rPr>{fonts}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            attr(&page.no_revisions)
        ));
    } else {
        let rev_widths = [
            fifth + fifth / 2,
            fifth * 2,
            fifth * 2 - fifth / 2,
            TEXT_W - fifth * 5,
        ];
        out.push_str(&control_table_xml(
            fonts,
            &rev_widths,
            Some(&page.revision_header),
            &page.revisions,
            false,
            0,
        ));
    }
    out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    out
}

/// `text` as XML character data: markup characters escaped, characters XML 1.0 cannot
/// hold (most C0 controls, lone surrogates cannot occur in a `str`, U+FFFE/U+FFFF) as
/// U+FFFD, tabs and line ends as spaces.
pub(crate) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
}

/// [`escape`] into a new string, for an attribute value.
fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(&mut out, text);
    out
}

/// The `w:rFonts` every run carries: the manual's font for every script (Chinese text
/// takes the East Asian slot; in a Chinese manual, so do the characters both scripts
/// share, such as quotation marks).
fn run_fonts(family: &str, lang: Lang) -> String {
    let family = attr(family);
    let hint = match lang {
        Lang::Zh => " w:hint=\"eastAsia\"",
        Lang::En => "",
    };
    format!(
        "<w:rFonts w:ascii=\"{family}\" w:hAnsi=\"{family}\" w:eastAsia=\"{family}\" w:cs=\"{family}\"{hint}/>"
    )
}

/// Whether `url` may become a hyperlink: web and mail addresses only.
fn safe_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The numbering definitions (`w:num` ids): 1 numbers the headings, 2 the bullets; each
/// ordered list gets its own from 3 on.
const NUM_HEADINGS: u32 = 1;
const NUM_BULLETS: u32 = 2;
/// Deepest list level Word is given (its nine levels, from 0).
const MAX_LIST_LEVEL: usize = 8;

#[derive(Default)]
struct Inline {
    bold: u32,
    italic: u32,
    strike: u32,
}

struct List {
    num: u32,
    /// Whether the item's first paragraph (which carries the number) was written.
    numbered: bool,
}

struct Writer<'a> {
    input: &'a DocxInput<'a>,
    /// The `w:rFonts` of every run ([`run_fonts`]), made once.
    fonts: &'a str,
    /// Output buffers: the bottom one is the document body; a table cell pushes one.
    buffers: Vec<String>,
    /// The open paragraph's properties and runs.
    para: Option<(String, String)>,
    inline: Inline,
    lists: Vec<List>,
    /// Each ordered list's start, by its `w:num` (from 3).
    ordered: Vec<u64>,
    tables: Vec<Table>,
    cell_width: usize,
    quote: usize,
    code: Option<(String, String)>,
    heading: Option<u8>,
    in_appendix: bool,
    /// Level-1 and level-2 headings with their numbers, for the contents' cached entries.
    contents: Vec<(u8, String, String)>,
    heading_text: String,
    counters: [u32; 4],
    links: Vec<String>,
    /// Whether each open link became a hyperlink (else its text is plain).
    open_links: Vec<bool>,
    /// The chart images (PNG) and their drawing ids.
    images: Vec<Vec<u8>>,
    last_char: Option<char>,
    pending_soft_break: bool,
    /// Sections ended so far (a turned chart ends one before and after it).
    sections: usize,
}

impl<'a> Writer<'a> {
    fn out(&mut self) -> &mut String {
        self.buffers
            .last_mut()
            .expect("the body buffer is never popped")
    }

    /// A run's properties: `style` (a character style reference, which comes first), the
    /// fonts, and the open emphasis.
    fn run_properties(&self, style: &str) -> String {
        let mut rpr = format!("<w:rPr>{style}{}", self.fonts);
        if self.inline.bold > 0 || self.heading.is_none() && self.in_header_cell() {
            rpr.push_str("<w:b/><w:bCs/>");
        }
        if self.inline.italic > 0 {
            rpr.push_str("<w:i/><w:iCs/>");
        }
        if self.inline.strike > 0 {
            rpr.push_str("<w:strike/>");
        }
        rpr.push_str("</w:rPr>");
        rpr
    }

    /// Opens a paragraph with the properties of where it stands, unless one is open.
    fn ensure_open(&mut self) {
        if self.para.is_none() {
            let ppr = self.context_ppr();
            self.open(ppr);
        }
    }

    /// Adds a run of `text` in character style `style` (or none) to the open paragraph,
    /// after a space when `space`.
    fn push_run(&mut self, style: &str, space: bool, text: &str) {
        let rpr = self.run_properties(style);
        if let Some((_, runs)) = &mut self.para {
            runs.push_str("<w:r>");
            runs.push_str(&rpr);
            runs.push_str("<w:t xml:space=\"preserve\">");
            if space {
                runs.push(' ');
            }
            escape(runs, text);
            runs.push_str("</w:t></w:r>");
        }
    }

    fn in_header_cell(&self) -> bool {
        self.tables.last().is_some_and(|t| t.in_header) && self.buffers.len() > 1
    }

    /// Opens a paragraph with `ppr` (its properties' XML) unless one is open.
    fn open(&mut self, ppr: String) {
        if self.para.is_none() {
            self.para = Some((ppr, String::new()));
            self.last_char = None;
            self.pending_soft_break = false;
        }
    }

    /// The properties a paragraph opened here gets: in a list item, a quote, a cell.
    fn context_ppr(&mut self) -> String {
        if let Some(level) = self.lists.len().checked_sub(1) {
            let level = level.min(MAX_LIST_LEVEL);
            let list = self.lists.last_mut().expect("a list");
            if !list.numbered {
                list.numbered = true;
                return format!(
                    "<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{}\"/></w:numPr>",
                    list.num
                );
            }
            return format!(
                "<w:pStyle w:val=\"ListParagraph\"/><w:ind w:left=\"{}\"/>",
                360 * (level + 1) + 360
            );
        }
        if self.quote > 0 {
            return "<w:pStyle w:val=\"Quote\"/>".to_owned();
        }
        if let Some(table) = self.tables.last() {
            let jc = match table.alignments.get(table.column()) {
                Some(Alignment::Center) => "center",
                Some(Alignment::Right) => "right",
                _ => "left",
            };
            return format!("<w:pStyle w:val=\"TableText\"/><w:jc w:val=\"{jc}\"/>");
        }
        String::new()
    }

    fn close(&mut self) {
        if let Some((ppr, runs)) = self.para.take() {
            let out = self.out();
            out.push_str("<w:p>");
            if !ppr.is_empty() {
                out.push_str("<w:pPr>");
                out.push_str(&ppr);
                out.push_str("</w:pPr>");
            }
            out.push_str(&runs);
            out.push_str("</w:p>");
        }
    }

    fn text(&mut self, text: &str) {
        let Some(first) = text.chars().next() else {
            return;
        };
        self.ensure_open();
        let space = std::mem::take(&mut self.pending_soft_break)
            && !(self.last_char.is_some_and(is_cjk) && is_cjk(first));
        self.last_char = text.chars().next_back();
        self.cell_width += text
            .chars()
            .map(|c| if is_cjk(c) { 2 } else { 1 })
            .sum::<usize>();
        if self.heading.is_some() {
            if space {
                self.heading_text.push(' ');
            }
            self.heading_text.push_str(text);
        }
        self.push_run("", space, text);
    }

    fn code_span(&mut self, code: &str) {
        self.ensure_open();
        self.pending_soft_break = false;
        self.cell_width += code.chars().count();
        self.push_run(CODE_STYLE, false, code);
    }

    fn raw_run(&mut self, xml: &str) {
        self.ensure_open();
        if let Some((_, runs)) = &mut self.para {
            runs.push_str(xml);
        }
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
            Event::Code(code) => self.code_span(&code),
            // Raw HTML is not part of the chapter contract: shown as typed.
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&html);
                } else {
                    self.text(&html);
                }
            }
            Event::SoftBreak => self.pending_soft_break = true,
            Event::HardBreak => self.raw_run("<w:r><w:br/></w:r>"),
            Event::Rule => {
                self.close();
                self.out().push_str("<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"969696\"/></w:pBdr></w:pPr></w:p>");
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::FootnoteReference(text) => self.text(&text),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.close();
                let ppr = self.context_ppr();
                self.open(ppr);
            }
            Tag::Heading { level, .. } => {
                self.close();
                let level: u8 = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                let number = if self.in_appendix {
                    String::new()
                } else {
                    let index = usize::from(level - 1);
                    self.counters[index] += 1;
                    for deeper in &mut self.counters[index + 1..] {
                        *deeper = 0;
                    }
                    self.counters[..=index]
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(".")
                };
                self.heading = Some(level);
                self.heading_text.clear();
                let mut ppr = format!("<w:pStyle w:val=\"Heading{level}\"/>");
                if self.in_appendix {
                    ppr.push_str("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr>");
                }
                self.contents.push((level, number, String::new()));
                self.open(ppr);
            }
            Tag::BlockQuote(_) => {
                self.close();
                self.quote += 1;
            }
            Tag::CodeBlock(kind) => {
                self.close();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => self.close(),
            Tag::List(start) => {
                self.close();
                let num = match start {
                    Some(start) => {
                        self.ordered.push(start);
                        3 + u32::try_from(self.ordered.len() - 1).unwrap_or(u32::MAX - 3)
                    }
                    None => NUM_BULLETS,
                };
                self.lists.push(List {
                    num,
                    numbered: true,
                });
            }
            Tag::Item => {
                self.close();
                if let Some(list) = self.lists.last_mut() {
                    list.numbered = false;
                }
            }
            Tag::Table(alignments) => {
                self.close();
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
                self.close();
                self.buffers.push(String::new());
                self.cell_width = 0;
            }
            Tag::Emphasis => self.inline.italic += 1,
            Tag::Strong => self.inline.bold += 1,
            Tag::Strikethrough => self.inline.strike += 1,
            Tag::Link { dest_url, .. } => {
                let safe = safe_link(&dest_url);
                if safe {
                    self.links.push(dest_url.to_string());
                    let id = self.links.len();
                    self.raw_run(&format!(
                        "<w:hyperlink r:id=\"rIdLink{id}\" w:history=\"1\">"
                    ));
                }
                self.open_links.push(safe);
            }
            // The contract has no images; the alt text prints.
            Tag::Image { .. } => {}
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.close(),
            TagEnd::Heading(_) => {
                // An empty heading still needs its paragraph, for the outline.
                if self.para.is_none() {
                    let ppr = format!("<w:pStyle w:val=\"Heading{}\"/>", self.heading.unwrap_or(1));
                    self.open(ppr);
                }
                self.close();
                if let Some(entry) = self.contents.last_mut() {
                    entry.2 = std::mem::take(&mut self.heading_text);
                }
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.close();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                let (info, code) = self.code.take().unwrap_or_default();
                if info.trim() == ORG_CHART_INFO && !self.input.chart.figures.is_empty() {
                    self.org_chart(&code);
                } else {
                    self.code_block(&code);
                }
            }
            TagEnd::HtmlBlock => self.close(),
            TagEnd::List(_) => {
                self.close();
                self.lists.pop();
            }
            TagEnd::Item => self.close(),
            TagEnd::TableCell => {
                self.close();
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
                    let xml = table_xml(&table);
                    self.out().push_str(&xml);
                }
            }
            TagEnd::Emphasis => self.inline.italic = self.inline.italic.saturating_sub(1),
            TagEnd::Strong => self.inline.bold = self.inline.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.inline.strike = self.inline.strike.saturating_sub(1),
            TagEnd::Link => {
                if self.open_links.pop() == Some(true) {
                    self.raw_run("</w:hyperlink>");
                }
            }
            TagEnd::Image
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    fn code_block(&mut self, code: &str) {
        for line in code.lines() {
            self.open("<w:pStyle w:val=\"Code\"/>".to_owned());
            self.push_run(CODE_STYLE, false, line);
            self.close();
        }
    }

    /// A figure's caption ("图 2　运营三部（接图 1 中的同名方框）"), when it has one.
    fn caption(&mut self, figure: &Figure) {
        if let Some(caption) = &figure.caption {
            self.open("<w:pStyle w:val=\"Figure\"/>".to_owned());
            self.text(caption);
            self.close();
        }
    }

    /// The chart's figures as images, the legend under the first; `outline` (every box,
    /// indented as the tree) is the first image's alt text, so the chart's text is in the
    /// document.
    fn org_chart(&mut self, outline: &str) {
        let chart = self.input.chart;
        let description: String = outline
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        // The legend before the figures, not under the first as in the PDF: a turned
        // figure starts a landscape page, which would leave the legend alone on the next.
        if !chart.legend.is_empty() {
            self.close();
            self.open(String::new());
            self.text(&chart.legend.clone());
            self.close();
        }
        for (i, figure) in chart.figures.iter().enumerate() {
            let Some(png) = figure_png(figure, self.input.fonts) else {
                continue;
            };
            self.images.push(png);
            let id = self.images.len();
            let (width, height) = figure.size;
            let printed = printed_width(figure);
            let cx = (printed * EMU_PER_PT).round() as u64;
            let cy = (printed * height / width.max(1.0) * EMU_PER_PT).round() as u64;
            let descr = if i == 0 {
                attr(&description)
            } else {
                attr(match self.input.lang {
                    Lang::Zh => "组织图（续）",
                    Lang::En => "Org chart (continued)",
                })
            };
            let drawing = drawing_xml(
                &format!("rIdImage{id}"),
                id,
                &format!("org-chart-{id}.png"),
                &descr,
                cx,
                cy,
            );
            self.close();
            if figure.turned {
                // A landscape page of its own: the portrait section ends before it.
                let portrait = section_properties(false, self.sections == 0);
                self.out()
                    .push_str(&format!("<w:p><w:pPr>{portrait}</w:pPr></w:p>"));
                let landscape = section_properties(true, false);
                self.sections += 2;
                self.out().push_str(&format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr>{drawing}</w:p>"
                ));
                self.caption(figure);
                self.out()
                    .push_str(&format!("<w:p><w:pPr>{landscape}</w:pPr></w:p>"));
            } else {
                self.out().push_str(&format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr>{drawing}</w:p>"
                ));
                self.caption(figure);
            }
        }
    }
}

/// The width a figure is printed at: the PDF's, made smaller where the figure would be
/// taller than the Word page's text area (a landscape page has less height than the PDF
/// gives a turned figure).
fn printed_width(figure: &Figure) -> f32 {
    let (width, height) = figure.size;
    // The text area's height less the figure paragraph's spacing, in points.
    let page_height = if figure.turned { PAGE_W } else { PAGE_H };
    let text_height = (page_height - MARGIN_TOP - MARGIN_BOTTOM) as f32 / 20.0 - 24.0;
    let text_width = if figure.turned {
        PAGE_H - 2 * MARGIN_SIDE
    } else {
        TEXT_W
    } as f32
        / 20.0;
    let aspect = height / width.max(1.0);
    figure
        .width_pt
        .min(text_width)
        .min(text_height / aspect.max(f32::EPSILON))
}

/// The figure as PNG at [`FIGURE_DPI`] at its printed width (less when that would pass
/// the PNG size bound); `None` if it cannot be drawn.
fn figure_png(figure: &Figure, fonts: &FontSet) -> Option<Vec<u8>> {
    let (width, height) = figure.size;
    if !(width > 0.0 && height > 0.0) {
        return None;
    }
    let pixels = printed_width(figure) / 72.0 * FIGURE_DPI;
    let most = crate::chart::MAX_PNG_SIDE as f32 - 1.0;
    let scale = (pixels / width).min(most / width).min(most / height);
    crate::chart::to_png(&figure.svg, fonts, scale).ok()
}

/// A table: widths shared by how much text each column holds (a short column takes what
/// it needs), the header row repeated on every page and kept with the first body row,
/// short rows never split, a short table kept on one page.
fn table_xml(table: &Table) -> String {
    let grid = column_widths(&table.widths);
    let keep_whole = table.total <= KEEP_TABLE_WIDTH;
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"ManualTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for w in &grid {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let rows = table.rows.len();
    let row = |out: &mut String, cells: &[String], header: bool, keep_next: bool, whole: bool| {
        out.push_str("<w:tr>");
        let mut trpr = String::new();
        if whole {
            trpr.push_str("<w:cantSplit/>");
        }
        if header {
            trpr.push_str("<w:tblHeader/>");
        }
        if !trpr.is_empty() {
            out.push_str(&format!("<w:trPr>{trpr}</w:trPr>"));
        }
        for (i, w) in grid.iter().enumerate() {
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
            ));
            if header {
                out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8E8E8\"/>");
            }
            out.push_str("</w:tcPr>");
            let cell = cells.get(i).map(String::as_str).unwrap_or_default();
            let cell = if cell.is_empty() {
                "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>"
            } else {
                cell
            };
            if keep_next {
                out.push_str(&cell.replace(
                    "<w:pStyle w:val=\"TableText\"/>",
                    "<w:pStyle w:val=\"TableText\"/><w:keepNext/>",
                ));
            } else {
                out.push_str(cell);
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    };
    row(&mut out, &table.header, true, true, true);
    for (r, cells) in table.rows.iter().enumerate() {
        let short = table.row_sizes.get(r).is_none_or(|&s| s <= KEEP_ROW_WIDTH);
        // The first body row stays with the header; a short table stays whole.
        let keep_next = (r == 0 || keep_whole) && r + 1 < rows;
        row(&mut out, cells, false, keep_next, short);
    }
    out.push_str("</w:tbl><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr></w:p>");
    out
}

/// Column widths in twips from each column's widest cell (display width, capped): a
/// short column (at most 16, a name or a target) gets what its text needs, the others
/// share the rest by how much they hold, each at least a sixth of the shared part, as the
/// PDF's columns do. The widths fill the text width.
fn column_widths(widths: &[usize]) -> Vec<u32> {
    /// A display-width unit at the table's 9 pt (a CJK character is two), and a cell's
    /// side margins, in twips.
    const UNIT: u32 = 95;
    const MARGINS: u32 = 260;
    let widths = if widths.is_empty() { &[0][..] } else { widths };
    let short = |w: usize| w <= 16;
    let fixed: Vec<u32> = widths
        .iter()
        .map(|&w| u32::try_from(w.max(2)).unwrap_or(16) * UNIT + MARGINS)
        .collect();
    let shared: usize = widths.iter().copied().filter(|&w| !short(w)).sum();
    let fixed_total: u32 = widths
        .iter()
        .zip(&fixed)
        .filter(|(w, _)| short(**w))
        .map(|(_, f)| f)
        .sum();
    if shared == 0 || fixed_total >= TEXT_W * 2 / 3 {
        // Only short columns (or too many to give each its need): all by their need.
        let total: u64 = fixed.iter().map(|&f| u64::from(f)).sum::<u64>().max(1);
        return fixed
            .iter()
            .map(|&f| (u64::from(TEXT_W) * u64::from(f) / total) as u32)
            .collect();
    }
    let floor = (shared / 6).max(12);
    let weights: Vec<u64> = widths
        .iter()
        .map(|&w| if short(w) { 0 } else { w.max(floor) as u64 })
        .collect();
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let rest = u64::from(TEXT_W - fixed_total);
    widths
        .iter()
        .zip(fixed)
        .zip(weights)
        .map(|((&w, f), weight)| {
            if short(w) {
                f
            } else {
                (rest * weight / sum) as u32
            }
        })
        .collect()
}

/// A section's page set-up: A4 portrait or landscape, the running header and footer.
/// `first`: the first section, whose first page (the cover) has neither.
fn section_properties(landscape: bool, first: bool) -> String {
    let (w, h, orient) = if landscape {
        (PAGE_H, PAGE_W, " w:orient=\"landscape\"")
    } else {
        (PAGE_W, PAGE_H, "")
    };
    // The first section's first page (the cover) has a header of its own: empty, or the
    // draft watermark alone.
    let (title_page, first_header) = if first {
        (
            "<w:titlePg/>",
            "<w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/>",
        )
    } else {
        ("", "")
    };
    format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>{first_header}<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/><w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_SIDE}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_SIDE}\" w:header=\"850\" w:footer=\"680\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>{title_page}<w:docGrid w:linePitch=\"312\"/></w:sectPr>"
    )
}

const NS: &str = "xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The character style of code.
const CODE_STYLE: &str = "<w:rStyle w:val=\"CodeChar\"/>";

/// What the contents say until Word fills in their page numbers.
fn contents_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（打开文档时更新域即可显示页码：在目录上单击右键，选择“更新域”。）",
        Lang::En => {
            "(Update fields to show the page numbers: right-click the contents and choose Update Field.)"
        }
    }
}

/// The Word document of the manual.
pub(crate) fn write(input: &DocxInput<'_>) -> Result<Vec<u8>, ManualError> {
    let lang = input.lang;
    let fonts = run_fonts(&input.fonts.family, lang);
    let mut writer = Writer {
        input,
        fonts: &fonts,
        buffers: vec![String::with_capacity(input.markdown.len() * 4)],
        para: None,
        inline: Inline::default(),
        lists: Vec::new(),
        ordered: Vec::new(),
        tables: Vec::new(),
        cell_width: 0,
        quote: 0,
        code: None,
        heading: None,
        in_appendix: false,
        contents: Vec::new(),
        heading_text: String::new(),
        counters: [0; 4],
        links: Vec::new(),
        open_links: Vec::new(),
        images: Vec::new(),
        last_char: None,
        pending_soft_break: false,
        sections: 0,
    };
    // The logo is the first image, so the cover and the header can name it.
    let logo = input
        .matter
        .logo
        .and_then(|logo| logo.png(LOGO_PIXELS, input.fonts).map(|png| (logo, png)))
        .map(|(logo, png)| {
            writer.images.push(png);
            (logo, writer.images.len())
        });
    let mut events = Parser::new_ext(input.markdown, markdown_options()).peekable();
    while let Some(event) = events.next() {
        if let Some(appendix) = opens_chapter(&event, events.peek()) {
            writer.in_appendix = appendix;
        }
        writer.event(event);
    }
    writer.close();
    let body = writer.buffers.swap_remove(0);

    let words = words(lang);
    let mut document = format!("{XML_HEAD}<w:document {NS}><w:body>");
    // The cover.
    let cover_line = |text: &str, size: u32, bold: bool, before: u32| {
        let b = if bold { "<w:b/><w:bCs/>" } else { "" };
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Cover\"/><w:spacing w:before=\"{before}\" w:after=\"0\"/></w:pPr><w:r><w:rPr>{fonts}{b}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            attr(text)
        )
    };
    let mut name_before = 2_835;
    if let Some(control) = input.matter.control {
        let label = control.confidentiality.label();
        if !label.is_empty() {
            document.push_str(&format!(
                "<w:p><w:pPr><w:jc w:val=\"right\"/><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr><w:r><w:rPr>{fonts}<w:b/><w:bCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                attr(label.get(lang))
            ));
        }
    }
    if let Some((logo, id)) = logo {
        let (cx, cy) = logo_extent(logo, 170.0, 68.0);
        document.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Cover\"/><w:spacing w:before=\"1134\" w:after=\"0\"/></w:pPr>{}</w:p>",
            drawing_xml(&format!("rIdImage{id}"), id, "logo", "", cx, cy)
        ));
        name_before = 567;
    }
    document.push_str(&cover_line(input.center_name, 52, true, name_before));
    document.push_str(&cover_line(words.manual, 40, false, 680));
    document.push_str(&cover_line(input.edition.title(lang), 32, false, 340));
    document.push_str(&cover_line(
        super::context::lang_name(lang),
        22,
        false,
        3_402,
    ));
    document.push_str(&cover_line(&input.date.display(lang), 22, false, 170));
    if let Some(control) = input.matter.control {
        let line = crate::control::cover_line(control, lang);
        if !line.is_empty() {
            document.push_str(&cover_line(&line, 22, false, 170));
        }
    }
    document.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    if let Some(control) = input.matter.control {
        document.push_str(&control_page_xml(&fonts, control, input.edition, lang));
    }
    // The contents: a TOC field whose cached result lists the entries (Word fills in the
    // page numbers when it updates the field, which it offers on open).
    document.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr><w:r><w:rPr>{fonts}</w:rPr><w:t>{}</w:t></w:r></w:p>",
        attr(words.contents)
    ));
    document.push_str("<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r></w:p>");
    for (level, number, title) in writer.contents.iter().filter(|(level, ..)| *level <= 2) {
        let entry = if number.is_empty() {
            title.clone()
        } else {
            format!("{number}  {title}")
        };
        document.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"TOC{level}\"/></w:pPr><w:r><w:rPr>{fonts}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            attr(&entry)
        ));
    }
    document.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"TOCNote\"/></w:pPr><w:r><w:rPr>{fonts}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        attr(contents_note(lang))
    ));
    document.push_str(&body);
    document.push_str(&section_properties(false, writer.sections == 0));
    document.push_str("</w:body></w:document>");

    let parts = Parts {
        input,
        fonts: &fonts,
        logo,
        document,
        links: &writer.links,
        images: &writer.images,
        ordered: &writer.ordered,
    };
    parts.package()
}

struct Parts<'a> {
    input: &'a DocxInput<'a>,
    /// The `w:rFonts` of every run.
    fonts: &'a str,
    /// The logo and its image number, when it is printed.
    logo: Option<(&'a Logo, usize)>,
    document: String,
    links: &'a [String],
    images: &'a [Vec<u8>],
    ordered: &'a [u64],
}

impl Parts<'_> {
    fn package(&self) -> Result<Vec<u8>, ManualError> {
        use zip::write::SimpleFileOptions;
        let date = self.input.date;
        let time = zip::DateTime::from_date_and_time(
            u16::try_from(date.year.clamp(1980, 2107)).unwrap_or(1980),
            date.month,
            date.day,
            0,
            0,
            0,
        )
        .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(time)
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let fail = |err: &dyn std::fmt::Display| ManualError::Package(err.to_string());
        let mut part = |name: &str, bytes: &[u8]| -> Result<(), ManualError> {
            zip.start_file(name, options).map_err(|e| fail(&e))?;
            zip.write_all(bytes).map_err(|e| fail(&e))
        };
        part("[Content_Types].xml", self.content_types().as_bytes())?;
        part("_rels/.rels", ROOT_RELS.as_bytes())?;
        part("docProps/core.xml", self.core().as_bytes())?;
        part("docProps/app.xml", APP.as_bytes())?;
        part("word/document.xml", self.document.as_bytes())?;
        part(
            "word/_rels/document.xml.rels",
            self.document_rels().as_bytes(),
        )?;
        part("word/styles.xml", self.styles().as_bytes())?;
        part("word/numbering.xml", self.numbering().as_bytes())?;
        part("word/settings.xml", self.settings().as_bytes())?;
        part("word/fontTable.xml", self.font_table().as_bytes())?;
        part("word/header1.xml", self.header().as_bytes())?;
        part("word/header2.xml", self.first_header().as_bytes())?;
        if let Some((_, id)) = self.logo {
            part(
                "word/_rels/header1.xml.rels",
                format!(
                    "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdLogo\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image{id}.png\"/></Relationships>"
                )
                .as_bytes(),
            )?;
        }
        part("word/footer1.xml", self.footer().as_bytes())?;
        for (i, png) in self.images.iter().enumerate() {
            part(&format!("word/media/image{}.png", i + 1), png)?;
        }
        let cursor = zip.finish().map_err(|e| fail(&e))?;
        Ok(cursor.into_inner())
    }

    fn content_types(&self) -> String {
        let png = if self.images.is_empty() {
            ""
        } else {
            "<Default Extension=\"png\" ContentType=\"image/png\"/>"
        };
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
        format!(
            "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>{png}<Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"{main}.numbering+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"{main}.fontTable+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"{main}.header+xml\"/><Override PartName=\"/word/header2.xml\" ContentType=\"{main}.header+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
        )
    }

    fn document_rels(&self) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let mut out = format!(
            "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"{base}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdNumbering\" Type=\"{base}/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rIdSettings\" Type=\"{base}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFonts\" Type=\"{base}/fontTable\" Target=\"fontTable.xml\"/><Relationship Id=\"rIdHeader\" Type=\"{base}/header\" Target=\"header1.xml\"/><Relationship Id=\"rIdHeaderFirst\" Type=\"{base}/header\" Target=\"header2.xml\"/><Relationship Id=\"rIdFooter\" Type=\"{base}/footer\" Target=\"footer1.xml\"/>"
        );
        for i in 1..=self.images.len() {
            out.push_str(&format!(
                "<Relationship Id=\"rIdImage{i}\" Type=\"{base}/image\" Target=\"media/image{i}.png\"/>"
            ));
        }
        for (i, url) in self.links.iter().enumerate() {
            out.push_str(&format!(
                "<Relationship Id=\"rIdLink{}\" Type=\"{base}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
                i + 1,
                attr(url)
            ));
        }
        out.push_str("</Relationships>");
        out
    }

    fn core(&self) -> String {
        let input = self.input;
        let date = format!("{}T00:00:00Z", input.date);
        format!(
            "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
            attr(input.title),
            attr(input.center_name),
            lang_tag(input.lang)
        )
    }

    fn styles(&self) -> String {
        let family = attr(&self.input.fonts.family);
        let lang = lang_tag(self.input.lang);
        let fonts = format!(
            "<w:rFonts w:ascii=\"{family}\" w:hAnsi=\"{family}\" w:eastAsia=\"{family}\" w:cs=\"{family}\"/>"
        );
        let heading = |level: u32, size: u32, before: u32, after: u32| {
            let break_before = if level == 1 {
                "<w:pageBreakBefore/>"
            } else {
                ""
            };
            format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{break_before}<w:numPr><w:ilvl w:val=\"{}\"/><w:numId w:val=\"{NUM_HEADINGS}\"/></w:numPr><w:spacing w:before=\"{before}\" w:after=\"{after}\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
                level - 1,
                level - 1
            )
        };
        let toc = |level: u32| {
            format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"TOC{level}\"><w:name w:val=\"toc {level}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{TEXT_W}\"/></w:tabs><w:spacing w:before=\"0\" w:after=\"60\"/><w:ind w:left=\"{}\"/><w:jc w:val=\"left\"/></w:pPr></w:style>",
                (level - 1) * 420
            )
        };
        let mut out = format!(
            "{XML_HEAD}<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"{lang}\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        );
        out.push_str("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>");
        out.push_str("<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>");
        for (level, size, before, after) in [
            (1, 36, 240, 240),
            (2, 27, 280, 120),
            (3, 23, 240, 100),
            (4, 21, 200, 80),
        ] {
            out.push_str(&heading(level, size, before, after));
        }
        out.push_str(&toc(1));
        out.push_str(&toc(2));
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"240\" w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"TOCNote\"><w:name w:val=\"Contents note\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:color w:val=\"5A5A5A\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Cover\"><w:name w:val=\"Cover\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/><w:pPr><w:spacing w:after=\"80\"/><w:ind w:left=\"720\"/></w:pPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"29\"/><w:qFormat/><w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"12\" w:space=\"8\" w:color=\"A0A0A0\"/></w:pBdr><w:ind w:left=\"567\" w:right=\"567\"/></w:pPr><w:rPr><w:color w:val=\"404040\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"264\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Figure\"><w:name w:val=\"Figure\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"120\"/><w:jc w:val=\"center\"/></w:pPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Code\"><w:name w:val=\"HTML Preformatted\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"284\"/><w:jc w:val=\"left\"/></w:pPr></w:style>");
        out.push_str("<w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"HTML Code\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F0F0F0\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:color w:val=\"1F4E99\"/><w:u w:val=\"single\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"");
        out.push_str(&TEXT_W.to_string());
        out.push_str("\"/></w:tabs><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:color w:val=\"5A5A5A\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:color w:val=\"5A5A5A\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/></w:rPr></w:style>");
        out.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
        out.push_str("<w:style w:type=\"table\" w:styleId=\"ManualTable\"><w:name w:val=\"Manual Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"969696\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"969696\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"969696\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"969696\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"969696\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"969696\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"100\" w:type=\"dxa\"/><w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"100\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
        out.push_str("</w:styles>");
        out
    }

    fn numbering(&self) -> String {
        let mut out = format!("{XML_HEAD}<w:numbering {NS}>");
        // 1: bullets, 2: decimal lists, 3: the headings' outline numbers.
        out.push_str(
            "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>",
        );
        for level in 0..=MAX_LIST_LEVEL {
            let bullet = ["•", "◦", "▪"][level % 3];
            out.push_str(&format!(
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"{bullet}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                360 * (level + 1) + 360
            ));
        }
        out.push_str("</w:abstractNum><w:abstractNum w:abstractNumId=\"2\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
        for level in 0..=MAX_LIST_LEVEL {
            let format = ["decimal", "lowerLetter", "lowerRoman"][level % 3];
            out.push_str(&format!(
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"%{}.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                level + 1,
                360 * (level + 1) + 360
            ));
        }
        out.push_str("</w:abstractNum><w:abstractNum w:abstractNumId=\"3\"><w:multiLevelType w:val=\"multilevel\"/>");
        for level in 0..4usize {
            let text: Vec<String> = (1..=level + 1).map(|l| format!("%{l}")).collect();
            out.push_str(&format!(
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:pStyle w:val=\"Heading{}\"/><w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/><w:suff w:val=\"space\"/><w:pPr><w:ind w:left=\"0\" w:firstLine=\"0\"/></w:pPr></w:lvl>",
                level + 1,
                text.join(".")
            ));
        }
        out.push_str("</w:abstractNum>");
        out.push_str(&format!(
            "<w:num w:numId=\"{NUM_HEADINGS}\"><w:abstractNumId w:val=\"3\"/></w:num><w:num w:numId=\"{NUM_BULLETS}\"><w:abstractNumId w:val=\"1\"/></w:num>"
        ));
        for (i, start) in self.ordered.iter().enumerate() {
            let start = (*start).min(u64::from(u32::MAX / 2));
            out.push_str(&format!(
                "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"2\"/>",
                i + 3
            ));
            for level in 0..=MAX_LIST_LEVEL {
                out.push_str(&format!(
                    "<w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride>"
                ));
            }
            out.push_str("</w:num>");
        }
        out.push_str("</w:numbering>");
        out
    }

    fn settings(&self) -> String {
        format!(
            "{XML_HEAD}<w:settings {NS}><w:updateFields w:val=\"true\"/><w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{}\" w:eastAsia=\"zh-CN\"/></w:settings>",
            lang_tag(self.input.lang)
        )
    }

    /// The manual's font, with the Chinese font every Windows has as the one Word
    /// substitutes when it is missing.
    fn font_table(&self) -> String {
        let family = attr(&self.input.fonts.family);
        format!(
            "{XML_HEAD}<w:fonts {NS}><w:font w:name=\"{family}\"><w:altName w:val=\"微软雅黑\"/><w:charset w:val=\"86\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"微软雅黑\"><w:altName w:val=\"Microsoft YaHei\"/><w:charset w:val=\"86\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
        )
    }

    fn header(&self) -> String {
        let input = self.input;
        let fonts = self.fonts;
        let logo = self
            .logo
            .map(|(logo, _)| {
                let (cx, cy) = logo_extent(logo, 60.0, 12.0);
                format!(
                    "{}<w:r><w:t xml:space=\"preserve\">  </w:t></w:r>",
                    drawing_xml("rIdLogo", HEADER_LOGO_ID, "logo", "", cx, cy)
                )
            })
            .unwrap_or_default();
        let watermark = self.watermark();
        format!(
            "{XML_HEAD}<w:hdr {NS}><w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"969696\"/></w:pBdr></w:pPr>{watermark}{logo}<w:r><w:rPr>{fonts}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:rPr>{fonts}</w:rPr><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:hdr>",
            attr(input.center_name),
            attr(input.edition.title(input.lang))
        )
    }

    fn watermark(&self) -> String {
        if self.input.matter.draft {
            watermark_run(&self.input.fonts.family, self.input.lang)
        } else {
            String::new()
        }
    }

    /// The cover's header: nothing but the watermark of a draft.
    fn first_header(&self) -> String {
        format!(
            "{XML_HEAD}<w:hdr {NS}><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>{}</w:p></w:hdr>",
            self.watermark()
        )
    }

    fn footer(&self) -> String {
        let fonts = self.fonts;
        let field = |name: &str| {
            format!(
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {name} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:rPr>{fonts}</w:rPr><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            )
        };
        let text = |t: &str| {
            format!(
                "<w:r><w:rPr>{fonts}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                attr(t)
            )
        };
        let words = words(self.input.lang);
        let line = self
            .input
            .matter
            .control
            .map(|c| crate::control::footer_line(c, self.input.lang))
            .unwrap_or_default();
        let (align, lead) = if line.is_empty() {
            (String::new(), String::new())
        } else {
            // A right tab stop at the margin (Word and LibreOffice both honour it).
            (
                format!(
                    "<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_W}\"/></w:tabs><w:jc w:val=\"left\"/>"
                ),
                format!("{}<w:r><w:tab/></w:r>", text(&line)),
            )
        };
        format!(
            "{XML_HEAD}<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{align}</w:pPr>{lead}{}{}{}{}{}</w:p></w:ftr>",
            text(words.page_before),
            field("PAGE"),
            text(words.page_between),
            field("NUMPAGES"),
            text(words.page_after)
        )
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-GB",
    }
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Centerplan</Application></Properties>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_xml_cannot_hold_is_replaced_and_markup_escaped() {
        let mut out = String::new();
        escape(&mut out, "a<b>&\"c\u{1}\u{b}\u{ffff}\td");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c\u{fffd}\u{fffd}\u{fffd} d");
    }

    #[test]
    fn short_columns_get_what_their_text_needs_and_the_widths_fill_the_page() {
        // "Week 1" beside two wordy columns keeps room for its words.
        let grid = column_widths(&[10, 60, 50]);
        assert!(grid[0] >= 10 * 95 + 260, "{grid:?}");
        let total: u32 = grid.iter().sum();
        assert!(total <= TEXT_W && total + 3 >= TEXT_W, "{grid:?}");
        assert!(grid[1] > grid[2], "{grid:?}");
        // Only short columns: shared by need.
        let grid = column_widths(&[4, 8]);
        assert!(grid[1] > grid[0], "{grid:?}");
        assert!(grid.iter().sum::<u32>() + 2 >= TEXT_W, "{grid:?}");
    }

    #[test]
    fn only_web_and_mail_links_become_hyperlinks() {
        assert!(safe_link("https://example.com"));
        assert!(safe_link("MAILTO:a@b.c"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link("file:///etc/passwd"));
        assert!(!safe_link("#top"));
    }
}
