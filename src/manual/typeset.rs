//! Typesetting with Typst, used as a library: the only module that knows Typst.
//!
//! [`ManualWorld`] serves one in-memory main file (preamble plus the body from
//! [`super::markdown`]), the org chart figures as virtual SVG files, and the host's fonts;
//! nothing is read from disk. The date comes from the caller and fixes the PDF's
//! timestamp, so the same input gives the same bytes.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult, SourceDiagnostic, SourceResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::layout::FrameItem;
use typst::syntax::{FileId, RootedPath, Source, Span, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::{PagedDocument, PagedIntrospector};
use typst_pdf::{PdfOptions, Timestamp};

use super::context::lang_name;
use super::generated::Figure;
use super::markdown::{figure_path, string_literal, text_literal};
use super::{Date, Edition, ManualError};
use crate::control::{ControlPage, DocumentControl, Logo, Matter};
use crate::fonts::{FontFace, FontSet};
use crate::model::Lang;

/// What the cover, the running header and the document metadata print.
pub(crate) struct Cover<'a> {
    pub center_name: &'a str,
    pub edition: Edition,
    pub lang: Lang,
    pub date: Date,
    /// The document control the manual prints (cover lines, the control page, the
    /// footer line, the logo, the draft watermark on every page).
    pub matter: Matter<'a>,
}

/// The watermark's word.
pub(crate) fn draft_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "草稿",
        Lang::En => "DRAFT",
    }
}

/// The path the typesetter reads the logo from.
fn logo_path(logo: &Logo) -> String {
    format!("/logo.{}", logo.format().key())
}

/// A Typst table of `header` and `rows` (text cells) with `columns`; `header` repeats
/// on every page the table runs onto.
fn control_table<R: AsRef<[String]>>(
    columns: &str,
    header: Option<&[String]>,
    rows: &[R],
) -> String {
    let cell = |text: &str| format!("[#{}]", text_literal(text));
    let mut out = format!("#table(columns: {columns},\n");
    if let Some(header) = header {
        let cells: Vec<String> = header.iter().map(|h| cell(h)).collect();
        out.push_str(&format!("  table.header({}),\n", cells.join(", ")));
    }
    for row in rows {
        let cells: Vec<String> = row.as_ref().iter().map(|c| cell(c)).collect();
        out.push_str(&format!("  {},\n", cells.join(", ")));
    }
    out.push_str(")\n");
    out
}

/// The document-control page (after the cover): the details, the sign-offs with a blank
/// for each signature, the revision history.
fn control_page(control: &DocumentControl, edition: Edition, lang: Lang) -> String {
    let page = ControlPage::new(control, edition, lang);
    let mut out = String::new();
    out.push_str(&format!(
        "#block(below: 1.2em, text(size: 18pt, weight: \"bold\", {}))\n",
        text_literal(&page.title)
    ));
    out.push_str("#[\n#show table.cell.where(y: 0): set text(weight: \"regular\")\n#show table.cell.where(x: 0): set text(weight: \"bold\")\n#set table(fill: (x, y) => if x == 0 { luma(232) })\n");
    out.push_str(&control_table("(auto, 1fr)", None, &page.details));
    out.push_str("]\n#v(1.2em)\n#[\n#set table.cell(inset: (x: 5pt, y: 9pt))\n");
    out.push_str(&control_table(
        "(auto, 1fr, 1.3fr, auto, 1.2fr)",
        Some(&page.signoff_header),
        &page.signoffs,
    ));
    out.push_str("]\n");
    out.push_str(&format!(
        "#block(above: 1.6em, below: 0.8em, text(size: 13.5pt, weight: \"bold\", {}))\n",
        text_literal(&page.revisions_title)
    ));
    if page.revisions.is_empty() {
        out.push_str(&format!("#{}\n", text_literal(&page.no_revisions)));
    } else {
        out.push_str(&control_table(
            "(auto, auto, auto, 1fr)",
            Some(&page.revision_header),
            &page.revisions,
        ));
    }
    out.push_str("#pagebreak(weak: true)\n");
    out
}

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Font bytes shared with the host without copying them.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("the engine's own paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

struct ManualWorld<'f> {
    book: &'f LazyHash<FontBook>,
    fonts: &'f [Font],
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for ManualWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Loads one face, checking it is there and covers Chinese: a font without CJK glyphs
/// would print tofu boxes.
fn load_font(face: &FontFace, which: &'static str) -> Result<Font, ManualError> {
    let bytes = Bytes::new(SharedBytes(face.data.clone()));
    let font = Font::new(bytes, face.index).ok_or_else(|| ManualError::Font {
        which,
        reason: format!(
            "no font face at index {} in its {} bytes",
            face.index,
            face.data.len()
        ),
    })?;
    for sample in ['中', 'A'] {
        if !font.info().coverage.contains(sample as u32) {
            return Err(ManualError::Font {
                which,
                reason: format!(
                    "the face {} has no glyph for {sample:?}",
                    font.info().family
                ),
            });
        }
    }
    Ok(font)
}

/// The words every edition prints: the manual's title, the contents' title, and the page
/// footer's "page N of M" (before N, between, after M). The Word document prints the same.
pub(crate) struct Words {
    pub manual: &'static str,
    pub contents: &'static str,
    pub page_before: &'static str,
    pub page_between: &'static str,
    pub page_after: &'static str,
}

pub(crate) fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            manual: "运营手册",
            contents: "目录",
            page_before: "第 ",
            page_between: " 页 / 共 ",
            page_after: " 页",
        },
        Lang::En => Words {
            manual: "Operations manual",
            contents: "Contents",
            page_before: "Page ",
            page_between: " of ",
            page_after: "",
        },
    }
}

/// The A4 page in points, and its margins (2.2 cm at the sides, 2.8 cm at the top for the
/// running header, 2.4 cm at the foot for the page number).
pub(crate) const PAGE_WIDTH_PT: f64 = 595.28;
pub(crate) const PAGE_HEIGHT_PT: f64 = 841.89;
pub(crate) const SIDE_MARGIN_PT: f64 = 62.36;
pub(crate) const TOP_MARGIN_PT: f64 = 79.37;
pub(crate) const BOTTOM_MARGIN_PT: f64 = 68.03;
/// The text area of a page.
const TEXT_WIDTH_PT: f64 = PAGE_WIDTH_PT - 2.0 * SIDE_MARGIN_PT;
const TEXT_HEIGHT_PT: f64 = PAGE_HEIGHT_PT - TOP_MARGIN_PT - BOTTOM_MARGIN_PT;
/// A chapter starts on a new page when the page so far is filled at least this far down
/// its text area; otherwise it follows on the same page. Above a quarter, so no page
/// a chapter break leaves behind is less than a quarter full.
const CHAPTER_BREAK_FILL: f64 = 0.3;
/// The labels of the invisible markers in the first cell of every table row (body and
/// header), whose value is the table's number in the manual.
const ROW_LABEL: &str = "manual-table-row";
const HEADER_LABEL: &str = "manual-table-header";
/// The label of an invisible marker after the body: found once a layout has been made.
const END_LABEL: &str = "manual-end";
/// The label of the empty block that marks where a page ends before each chapter.
const CHAPTER_LABEL: &str = "manual-chapter-break";

/// The document preamble: page set-up, cover, table of contents.
fn preamble(cover: &Cover<'_>, family: &str) -> String {
    let lang = cover.lang;
    let Words {
        manual,
        contents,
        page_before,
        page_between,
        page_after,
    } = words(lang);
    // Where a chart turned on its own page is: before one page, before several, between
    // them, after.
    let turned = match lang {
        Lang::Zh => ("组织图横排印在第 ", "组织图横排印在第 ", "、", " 页。"),
        Lang::En => (
            "The org chart is printed sideways on page ",
            "The org chart is printed sideways on pages ",
            ", ",
            ".",
        ),
    };
    let (text_lang, region) = match lang {
        Lang::Zh => ("zh", "cn"),
        Lang::En => ("en", "gb"),
    };
    // The name as metadata, and as printed on the cover and in every running header.
    let name = string_literal(cover.center_name);
    let printed_name = text_literal(cover.center_name);
    let edition = string_literal(cover.edition.title(lang));
    let title = string_literal(&format!("{} {}", cover.center_name, manual));
    let date = cover.date;
    let logo = cover.matter.logo.map(logo_path);
    let header_left = match &logo {
        Some(path) => format!(
            "box(height: 1.2em, baseline: 25%, image({}, height: 1.2em)) + h(0.6em) + {printed_name}",
            string_literal(path)
        ),
        None => printed_name.clone(),
    };
    let footer_line = cover
        .matter
        .control
        .map(|c| crate::control::footer_line(c, lang))
        .unwrap_or_default();
    let footer = if footer_line.is_empty() {
        "align(center, number)".to_owned()
    } else {
        format!(
            "grid(columns: (1fr, auto), align(left, {}), align(right, number))",
            text_literal(&footer_line)
        )
    };
    let cover_top = match &logo {
        Some(path) => format!(
            "#v(2cm)\n  #align(center, box(width: 6cm, height: 2.4cm, image({}, width: 100%, height: 100%, fit: \"contain\")))\n  #v(0.6cm)",
            string_literal(path)
        ),
        None => "#v(5cm)".to_owned(),
    };
    let label = cover
        .matter
        .control
        .map(|c| c.confidentiality.label().get(lang).to_owned())
        .unwrap_or_default();
    let cover_top = if label.is_empty() {
        cover_top
    } else {
        format!(
            "#place(top + right, dy: -1cm, text(size: 12pt, weight: \"bold\", {}))\n  {cover_top}",
            text_literal(&label)
        )
    };
    let cover_control = match cover
        .matter
        .control
        .map(|c| crate::control::cover_line(c, lang))
    {
        Some(line) if !line.is_empty() => {
            format!("#v(0.3cm)\n    #text(size: 11pt, {})", text_literal(&line))
        }
        _ => String::new(),
    };
    let control_page_markup = cover
        .matter
        .control
        .map(|c| control_page(c, cover.edition, lang))
        .unwrap_or_default();
    format!(
        r##"#set document(title: {title}, author: {name}, date: datetime(year: {year}, month: {month}, day: {day}))
#set text(font: {family}, size: 10.5pt, lang: "{text_lang}", region: "{region}")
#set par(justify: true, leading: 0.85em, spacing: 1.3em)
#set page(
  paper: "a4",
  margin: (x: {margin_x}, top: {margin_top}, bottom: {margin_bottom}),{background}
  header: context {{
    if here().page() > 1 {{
      set text(size: 8.5pt, fill: luma(90))
      grid(columns: (1fr, auto), align(left, {header_left}), align(right, {edition}))
      v(-0.6em)
      line(length: 100%, stroke: 0.4pt + luma(150))
    }}
  }},
  footer: context {{
    if here().page() > 1 {{
      set text(size: 8.5pt, fill: luma(90))
      let number = {page_before} + str(here().page()) + {page_between} + str(counter(page).final().first()) + {page_after}
      {footer}
    }}
  }},
)
#set heading(numbering: "1.1")
#show heading: set text(weight: "bold", hyphenate: false)
// Before every chapter's heading (see `markdown`), not in the heading's show rule: a
// heading's location is where its show rule's output starts, so a page break inside it
// would leave the heading, for the contents and the preview, on the page before the one
// it is printed on.
#let chapter-break() = {{
  // A chart floated to a page of its own is printed before the next chapter begins.
  place.flush()
  // A chapter starts on a new page, unless what stands on the page so far fills less
  // than {chapter_break_percent}% of it: then it follows on that page below a wider gap, rather than
  // leaving the page nearly empty. Where the page so far ends is marked by an empty
  // block: unlike the position of the decision itself, it stays on this page whether the
  // chapter breaks or not. Until a first layout has placed the end marker, positions are
  // unknown and every chapter breaks, the common case, so later layouts only correct the
  // few that follow a short page, and the layout converges.
  block(height: 0pt, above: 0pt, below: 0pt)[#metadata(none)<{chapter_label}>]
  context {{
    let ends = query(selector(<{chapter_label}>).before(here()))
    let known = query(<{end_label}>).len() > 0 and ends.len() > 0
    if not known or ends.last().location().position().y > {chapter_break_y} {{
      pagebreak(weak: true)
    }} else {{
      v(2em)
    }}
  }}
}}
#show heading.where(level: 1): it => {{
  v(1.5em)
  set text(size: 18pt)
  it
  v(0.8em)
}}
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#set list(indent: 0.6em)
#set enum(indent: 0.6em)
#set table(stroke: 0.5pt + luma(150), inset: (x: 5pt, y: 4pt), fill: (x, y) => if y == 0 {{ luma(232) }})
#show table: set text(size: 9pt)
#show table: set par(justify: false)
#show table.cell.where(y: 0): set text(weight: "bold")
// Tables from the body (see `markdown::table_markup`): one shorter than half the text
// area never breaks; rows are bound through the last, zero-width column.
#let manual-table(body) = context {{
  let height = measure(body, width: {text_width}).height
  block(breakable: height > {text_height} / 2, body)
}}
#let keep-rows(rows) = table.cell(rowspan: rows, breakable: false, inset: 0pt)[]
#let free-row = table.cell(inset: 0pt)[]
#let row-mark(table) = [#metadata(table)<{row_label}>]
#let header-mark(table) = [#metadata(table)<{header_label}>]
// A chart figure with its caption (none when the chart takes one figure).
#let chart-image(path, width, caption) = {{
  image(path, width: width, height: auto)
  if caption != none {{ v(0.3em); text(size: 9pt, caption) }}
}}
#let org-chart-figure(path, width, caption) = block(breakable: false, width: 100%, align(center, chart-image(path, width, caption)))
// A chart wider than the page upright: turned a quarter, floated to a page of its own so
// the text goes on filling the page it is called from.
#let turned-chart-figure(path, width, caption) = place(top + center, float: true, [#metadata(none)<turned-chart>#rotate(-90deg, reflow: true, align(center, chart-image(path, width, caption)))])
// An upright figure after a turned one floats too, so the figures keep their order.
#let org-chart-float(path, width, caption) = place(auto, float: true, clearance: 1.5em, org-chart-figure(path, width, caption))
#let turned-chart-pages() = context {{
  let pages = query(<turned-chart>).map(m => str(m.location().page())).dedup()
  if pages.len() == 1 [#{turned_one}#pages.first()#{turned_after}]
  else if pages.len() > 1 [#{turned_many}#pages.join({turned_between})#{turned_after}]
}}

#page(header: none, footer: none)[
  #set text(hyphenate: false)
  {cover_top}
  #align(center)[
    #text(size: 26pt, weight: "bold", {printed_name})
    #v(1.2cm)
    #text(size: 20pt, {manual_lit})
    #v(0.6cm)
    #text(size: 16pt, {edition})
    #v(6cm)
    #text(size: 11pt, {lang_lit})
    #v(0.3cm)
    #text(size: 11pt, {date_lit})
    {cover_control}
  ]
]
{control_page}
// Numbers in a column as wide as the widest at each level, titles aligned beside them; an
// unnumbered entry (an appendix) aligns its title with the numbered ones.
#show outline.entry: it => it.indented(if it.prefix() == none {{ box() }} else {{ it.prefix() }}, it.inner(), gap: 0.8em)
#outline(title: {contents}, depth: 2, indent: auto)
#pagebreak(weak: true)
"##,
        year = date.year,
        month = date.month,
        day = date.day,
        header_left = header_left,
        background = if cover.matter.draft {
            format!(
                "\n  background: rotate(-45deg, text(size: 110pt, weight: \"bold\", fill: rgb(180, 0, 0, 28), {})),",
                string_literal(draft_word(lang))
            )
        } else {
            String::new()
        },
        footer = footer,
        cover_top = cover_top,
        cover_control = cover_control,
        control_page = control_page_markup,
        family = string_literal(family),
        page_before = string_literal(page_before),
        page_between = string_literal(page_between),
        page_after = string_literal(page_after),
        contents = string_literal(contents),
        manual_lit = string_literal(manual),
        lang_lit = string_literal(lang_name(lang)),
        date_lit = string_literal(&date.display(lang)),
        chapter_break_percent = CHAPTER_BREAK_FILL * 100.0,
        chapter_break_y = format_args!(
            "{:.1}pt",
            TOP_MARGIN_PT + CHAPTER_BREAK_FILL * TEXT_HEIGHT_PT
        ),
        text_width = format_args!("{:.1}pt", TEXT_WIDTH_PT),
        text_height = format_args!("{:.1}pt", TEXT_HEIGHT_PT),
        margin_x = format_args!("{SIDE_MARGIN_PT:.2}pt"),
        margin_top = format_args!("{TOP_MARGIN_PT:.2}pt"),
        margin_bottom = format_args!("{BOTTOM_MARGIN_PT:.2}pt"),
        turned_one = string_literal(turned.0),
        turned_many = string_literal(turned.1),
        turned_between = string_literal(turned.2),
        turned_after = string_literal(turned.3),
        end_label = END_LABEL,
        chapter_label = CHAPTER_LABEL,
        row_label = ROW_LABEL,
        header_label = HEADER_LABEL,
    )
}

fn diagnostics(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Refuses a manual whose text (the resolved Markdown) is longer than
/// [`crate::limits::MAX_MANUAL_BYTES`], before anything is drawn or laid out: the
/// typesetter's time and memory grow with it. A plan's text is bounded field by field at
/// the door; this bounds all of it together, however the counts multiply.
pub(crate) fn check_length(markdown: &str) -> Result<(), ManualError> {
    let limit = crate::limits::MAX_MANUAL_BYTES;
    if markdown.len() > limit {
        return Err(ManualError::TooLong {
            bytes: markdown.len(),
            limit,
        });
    }
    Ok(())
}

/// The host's faces as Typst fonts, with their book: made once per font set and kept by a
/// [`Typesetter`], since making them hashes every byte of every face.
struct LoadedFonts {
    /// Which faces these are: each face's data (by address) and index. The fonts hold the
    /// data, so no other face can come to that address while they are kept.
    key: Vec<(usize, u32)>,
    family: String,
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

fn font_key(set: &FontSet) -> Vec<(usize, u32)> {
    std::iter::once(&set.regular)
        .chain(std::iter::once(&set.bold))
        .chain(&set.fallback)
        .map(|face| (Arc::as_ptr(&face.data) as usize, face.index))
        .collect()
}

fn load_fonts(fonts_in: &FontSet, key: Vec<(usize, u32)>) -> Result<LoadedFonts, ManualError> {
    let regular = load_font(&fonts_in.regular, "regular")?;
    let bold = load_font(&fonts_in.bold, "bold")?;
    let family = regular.info().family.clone();
    let mut fonts = vec![regular, bold];
    // Typst falls back to any face in the book that has a glyph the family lacks.
    for (i, face) in fonts_in.fallback.iter().enumerate() {
        let bytes = Bytes::new(SharedBytes(face.data.clone()));
        let font = Font::new(bytes, face.index).ok_or_else(|| ManualError::Font {
            which: "fallback",
            reason: format!(
                "no font face at index {} in fallback font {}",
                face.index,
                i + 1
            ),
        })?;
        fonts.push(font);
    }
    let book = LazyHash::new(FontBook::from_fonts(&fonts));
    Ok(LoadedFonts {
        key,
        family,
        fonts,
        book,
    })
}

/// A typesetting session kept between layouts of one manual, as the app's preview keeps
/// it: the fonts stay loaded and the main file is edited in place rather than made anew, so
/// the parts of the markup an edit leaves alone keep their identity and Typst's memoized
/// layout of them (a page run per chapter) is reused. Typing in one chapter then lays out
/// that chapter's pages, not the whole manual. A fresh typesetter gives the same pages as a
/// kept one.
#[derive(Default)]
pub struct Typesetter {
    fonts: Option<LoadedFonts>,
    main: Option<Source>,
    /// What the last layout found where (headings, page numbers, the chapter markers), and
    /// for which edition and language: the next layout of the same manual starts from it.
    seed: Option<((Edition, Lang), Arc<PagedIntrospector>)>,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("fonts_loaded", &self.fonts.is_some())
            .field("has_source", &self.main.is_some())
            .finish()
    }
}

/// How many times [`layout`] lays a manual out before it gives up on settling. Typst stops
/// at five, but a manual's chapter breaks settle one after another: a chapter that follows
/// a short page instead of starting a new one moves every later chapter up, and a later
/// one may then follow a short page in turn, which the next layout finds. A decision only
/// moves what comes after it, so the layout settles within one run per chapter break
/// that changes; the runs after the first reuse the unchanged chapters' layout.
const MAX_LAYOUTS: usize = 30;

/// What `typst::compile` does for a paged document, except that the first layout may start
/// from `seed`, what an earlier layout of (nearly) the same manual found: page numbers,
/// the table of contents and the chapter breaks are then right from the first layout, and
/// a small edit settles after one layout instead of four. Lays out until what the layout
/// asked of the document's structure is what it produced, as Typst does (at most
/// `MAX_ITERS` times); the flag says whether it settled (else the last layout is returned,
/// as Typst returns it).
fn layout(
    world: &ManualWorld<'_>,
    seed: Option<&PagedIntrospector>,
) -> SourceResult<(PagedDocument, bool)> {
    use comemo::Track;
    use typst::engine::{Engine, Route, Sink, Traced};
    use typst::foundations::{StyleChain, Target, TargetElem};
    use typst::introspection::{EmptyIntrospector, Introspector};
    use typst::utils::Protected;

    let world: &dyn World = world;
    let world = world.track();
    let traced = Traced::default();
    let traced = traced.track();
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = base.chain(&target);
    let main = world.source(world.main()).map_err(|err| {
        typst::ecow::eco_vec![SourceDiagnostic::error(Span::detached(), err.to_string())]
    })?;
    let mut sink = Sink::new();
    let content = typst_eval::eval(
        world,
        library,
        traced,
        sink.track_mut(),
        Route::default().track(),
        &main,
    )?
    .content();

    let empty = EmptyIntrospector;
    let mut last: Option<PagedDocument> = None;
    for run in 1..=MAX_LAYOUTS {
        let introspector: &dyn Introspector = match (&last, seed) {
            (Some(document), _) => document.introspector().as_ref(),
            (None, Some(seed)) => seed,
            (None, None) => &empty,
        };
        let constraint = comemo::Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(introspector.track_with(&constraint)),
            traced,
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = typst_layout::layout_document(&mut engine, &content, styles)?;
        let produced: &dyn Introspector = document.introspector().as_ref();
        let settled = constraint.validate(produced);
        if settled || run == MAX_LAYOUTS {
            sink.extend_from_sink(subsink);
            let delayed = sink.delayed();
            if !delayed.is_empty() {
                return Err(delayed);
            }
            return Ok((document, settled));
        }
        last = Some(document);
    }
    unreachable!("the last run returns")
}

impl Typesetter {
    /// Lays the body (Typst markup) out under the cover and table of contents.
    fn compile(
        &mut self,
        cover: &Cover<'_>,
        body: &str,
        figures: &[Figure],
        fonts_in: &FontSet,
    ) -> Result<PagedDocument, ManualError> {
        let key = font_key(fonts_in);
        let fonts = match self.fonts.take() {
            Some(loaded) if loaded.key == key => loaded,
            _ => load_fonts(fonts_in, key)?,
        };
        let fonts = self.fonts.insert(fonts);

        let mut text = preamble(cover, &fonts.family);
        text.push_str(body);
        text.push_str(&format!("\n#metadata(none)<{END_LABEL}>\n"));
        let main = match self.main.take() {
            // Reparsed where the text changed only: the rest keeps its spans.
            Some(mut source) => {
                source.replace(&text);
                source
            }
            None => Source::new(file_id("/main.typ"), text),
        };
        let main = self.main.insert(main).clone();
        let mut files: HashMap<FileId, Bytes> = figures
            .iter()
            .enumerate()
            .map(|(i, figure)| {
                (
                    file_id(&figure_path(i)),
                    Bytes::from_string(figure.svg.clone()),
                )
            })
            .collect();
        if let Some(logo) = cover.matter.logo {
            files.insert(file_id(&logo_path(logo)), Bytes::new(logo.bytes().to_vec()));
        }
        let date = cover.date;
        let today = Datetime::from_ymd(date.year, date.month, date.day)
            .ok_or_else(|| ManualError::Typeset(format!("invalid date {date}")))?;
        let world = ManualWorld {
            book: &fonts.book,
            fonts: &fonts.fonts,
            main,
            files,
            today,
        };

        let manual = (cover.edition, cover.lang);
        let seed = self
            .seed
            .take()
            .filter(|(key, _)| *key == manual)
            .map(|(_, seed)| seed);
        let document = match layout(&world, seed.as_deref()) {
            // Started from the last layout and did not settle: as Typst starts, from nothing.
            Ok((_, false)) if seed.is_some() => layout(&world, None),
            done => done,
        }
        .map(|(document, _)| document)
        .map_err(|errors| ManualError::Typeset(diagnostics(&errors)));
        if let Ok(document) = &document {
            self.seed = Some((manual, Arc::clone(document.introspector())));
        }
        document
    }

    /// Typesets like [`pdf`], keeping the laid-out pages instead of writing a file.
    pub(crate) fn pages(
        &mut self,
        cover: &Cover<'_>,
        body: &str,
        figures: &[Figure],
        fonts: &FontSet,
    ) -> Result<Pages, ManualError> {
        let document = self.compile(cover, body, figures, fonts)?;
        Ok(Pages {
            document,
            edition: cover.edition,
            lang: cover.lang,
            date: cover.date,
        })
    }
}

/// Typesets the body under the cover and table of contents and returns the PDF bytes.
pub(crate) fn pdf(
    cover: &Cover<'_>,
    body: &str,
    figures: &[Figure],
    fonts: &FontSet,
) -> Result<Vec<u8>, ManualError> {
    let document = Typesetter::default().compile(cover, body, figures, fonts);
    forget_old_layouts();
    write_pdf(&document?, cover)
}

/// Drops what Typst memoized in the last few layouts and has not used since, so a
/// long-running program does not keep every manual's layout in memory. It walks the whole
/// cache (tens of milliseconds after a manual): a one-off layout ([`pdf`],
/// [`super::typeset`]) calls it when done; a host keeping a [`Typesetter`] for a preview
/// calls it after showing the page, off the path of the next keystroke.
pub fn forget_old_layouts() {
    comemo::evict(4);
}

/// The PDF of a laid-out manual, identified and dated from its cover.
fn write_pdf(document: &PagedDocument, cover: &Cover<'_>) -> Result<Vec<u8>, ManualError> {
    let ident = format!(
        "centerplan-manual/{}/{}",
        cover.edition.key(),
        cover.lang.code()
    );
    pdf_bytes(document, ident, cover.date)
}

/// The PDF of laid-out pages, identified as `ident` and dated `date` (so the same input
/// gives the same bytes).
fn pdf_bytes(document: &PagedDocument, ident: String, date: Date) -> Result<Vec<u8>, ManualError> {
    let timestamp =
        Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("Centerplan".to_owned())),
        timestamp,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| ManualError::Typeset(diagnostics(&errors)))
}

/// A manual laid out into pages, kept so single pages can be drawn on demand: a preview
/// typesets once per edit and then draws only the page on screen.
pub struct Pages {
    document: PagedDocument,
    /// What the PDF of these pages is identified and dated by.
    edition: Edition,
    lang: Lang,
    date: Date,
}

impl Pages {
    /// The PDF of these pages, byte for byte what [`super::render_pdf`] writes for the same
    /// plan and options, without laying the manual out again.
    pub fn pdf(&self) -> Result<Vec<u8>, ManualError> {
        let cover = Cover {
            center_name: "",
            edition: self.edition,
            lang: self.lang,
            date: self.date,
            matter: Matter::default(),
        };
        write_pdf(&self.document, &cover)
    }

    /// How many pages the manual has.
    pub fn count(&self) -> usize {
        self.document.pages().len()
    }

    /// Page `index` (from 0) as a standalone SVG document, glyphs as paths, so a webview
    /// shows it without the fonts; `None` past the last page.
    pub fn svg(&self, index: usize) -> Option<String> {
        let page = self.document.pages().get(index)?;
        Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
    }

    /// Every heading of the manual, as plain text, with the page (from 0) it is printed
    /// on, in document order: the app's chapter editor shows the page where the chapter
    /// being edited starts.
    pub fn headings(&self) -> Vec<(String, usize)> {
        use typst::foundations::{NativeElement, Selector};
        use typst::introspection::Introspector;
        let introspector = self.document.introspector();
        introspector
            .query(&Selector::Elem(typst::model::HeadingElem::ELEM, None))
            .iter()
            .filter_map(|heading| {
                let page = introspector.page(heading.location()?)?;
                // The body only: the heading's own plain text starts with its supplement.
                let body = heading.to_packed::<typst::model::HeadingElem>()?;
                Some((body.body.plain_text().to_string(), page.get() - 1))
            })
            .collect()
    }
}

/// Where one table of the manual was printed: the page (from 0) of its header row and of
/// each of its body rows, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePages {
    pub header: usize,
    pub rows: Vec<usize>,
}

impl Pages {
    /// How far down its text area the content of page `index` reaches: 0 for an empty
    /// page, 1 for one filled to the bottom margin (the running header and the page number
    /// do not count). `None` past the last page. For checking the layout: no page should
    /// be left nearly empty.
    pub fn fill(&self, index: usize) -> Option<f64> {
        use typst::layout::{Abs, Transform};
        let page = self.document.pages().get(index)?;
        let height = page.frame.height();
        let top = Abs::pt(TOP_MARGIN_PT);
        let bottom = height - Abs::pt(BOTTOM_MARGIN_PT);
        let mut lowest: Option<Abs> = None;
        // Depth-first over the page's frames with an explicit stack.
        let mut stack = vec![(&page.frame, Transform::identity())];
        while let Some((frame, ts)) = stack.pop() {
            for (pos, item) in frame.items() {
                let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
                let rect = match item {
                    FrameItem::Group(group) => {
                        stack.push((&group.frame, ts.pre_concat(group.transform)));
                        continue;
                    }
                    FrameItem::Text(text) => text.bbox(),
                    FrameItem::Shape(shape, _) => shape.bbox(true),
                    FrameItem::Image(_, size, _) => {
                        typst::layout::Rect::new(typst::layout::Point::zero(), size.to_point())
                    }
                    FrameItem::Link(..) | FrameItem::Tag(_) => continue,
                };
                let corners = [
                    rect.min,
                    rect.max,
                    typst::layout::Point::new(rect.min.x, rect.max.y),
                    typst::layout::Point::new(rect.max.x, rect.min.y),
                ]
                .map(|corner| corner.transform(ts).y);
                let (min, max) = corners
                    .iter()
                    .fold((Abs::inf(), -Abs::inf()), |(lo, hi), &y| {
                        (lo.min(y), hi.max(y))
                    });
                // Only what lies within the text area: not the header above, nor the
                // page number below.
                let slack = Abs::pt(1.0);
                if min >= top - slack && max <= bottom + slack {
                    lowest = Some(lowest.map_or(max, |l| l.max(max)));
                }
            }
        }
        let area = (bottom - top).to_pt();
        Some(lowest.map_or(0.0, |l| ((l - top).to_pt() / area).clamp(0.0, 1.0)))
    }

    /// Where every table of the body was printed, in document order, from the invisible
    /// markers in the first cell of each row (see `markdown::table_markup`).
    pub fn tables(&self) -> Vec<TablePages> {
        use typst::foundations::{Label, Selector, Value};
        use typst::introspection::{Introspector, MetadataElem};
        use typst::utils::PicoStr;
        let introspector = self.document.introspector();
        let marks = |name: &str| -> Vec<(i64, usize)> {
            let Some(label) = Label::new(PicoStr::intern(name)) else {
                return Vec::new();
            };
            introspector
                .query(&Selector::Label(label))
                .iter()
                .filter_map(|mark| {
                    let Value::Int(table) = mark.to_packed::<MetadataElem>()?.value else {
                        return None;
                    };
                    let page = introspector.page(mark.location()?)?;
                    Some((table, page.get() - 1))
                })
                .collect()
        };
        let mut tables: Vec<(i64, TablePages)> = Vec::new();
        for (table, page) in marks(HEADER_LABEL) {
            // A repeated header is the same element again: keep where it first stands.
            if !tables.iter().any(|(t, _)| *t == table) {
                tables.push((
                    table,
                    TablePages {
                        header: page,
                        rows: Vec::new(),
                    },
                ));
            }
        }
        for (table, page) in marks(ROW_LABEL) {
            if let Some((_, pages)) = tables.iter_mut().find(|(t, _)| *t == table) {
                pages.rows.push(page);
            }
        }
        tables.sort_by_key(|(t, _)| *t);
        tables.into_iter().map(|(_, pages)| pages).collect()
    }
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("count", &self.count())
            .finish()
    }
}

/// Typesets a document of its own (no manual preamble, cover or contents): `markup` with
/// `svgs` served at [`figure_path`], in the host's fonts (`family` names the main one in
/// the markup's `#set text`). Returns the PDF identified as `ident` and dated `date`.
pub(crate) fn standalone_pdf(
    markup: impl FnOnce(&str) -> String,
    svgs: Vec<String>,
    fonts_in: &FontSet,
    ident: &str,
    date: Date,
) -> Result<Vec<u8>, ManualError> {
    let fonts = load_fonts(fonts_in, font_key(fonts_in))?;
    let text = markup(&fonts.family);
    let files: HashMap<FileId, Bytes> = svgs
        .into_iter()
        .enumerate()
        .map(|(i, svg)| (file_id(&figure_path(i)), Bytes::from_string(svg)))
        .collect();
    let today = Datetime::from_ymd(date.year, date.month, date.day)
        .ok_or_else(|| ManualError::Typeset(format!("invalid date {date}")))?;
    let world = ManualWorld {
        book: &fonts.book,
        fonts: &fonts.fonts,
        main: Source::new(file_id("/main.typ"), text),
        files,
        today,
    };
    let (document, _) =
        layout(&world, None).map_err(|errors| ManualError::Typeset(diagnostics(&errors)))?;
    forget_old_layouts();
    pdf_bytes(&document, ident.to_owned(), date)
}
