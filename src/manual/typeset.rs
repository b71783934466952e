//! Typesetting with Typst, used as a library: the only module that knows Typst.
//!
//! [`ManualWorld`] serves one in-memory main file (preamble plus the body from
//! [`super::markdown`]), the org chart figures as virtual SVG files, and the host's fonts;
//! nothing is read from disk. The date comes from the caller and fixes the PDF's
//! timestamp, so the same input gives the same bytes.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::context::lang_name;
use super::generated::Figure;
use super::markdown::{figure_path, string_literal, text_literal};
use super::{Date, Edition, ManualError};
use crate::fonts::{FontFace, FontSet};
use crate::model::Lang;

/// What the cover, the running header and the document metadata print.
pub(crate) struct Cover<'a> {
    pub center_name: &'a str,
    pub edition: Edition,
    pub lang: Lang,
    pub date: Date,
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

struct ManualWorld {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for ManualWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
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

fn words(lang: Lang) -> (&'static str, &'static str, &'static str, &'static str) {
    // (manual title, contents title, "page N of M" before, between, after) packed below.
    match lang {
        Lang::Zh => ("运营手册", "目录", "第 ", " 页 / 共 "),
        Lang::En => ("Operations manual", "Contents", "Page ", " of "),
    }
}

/// The document preamble: page set-up, cover, table of contents.
fn preamble(cover: &Cover<'_>, family: &str) -> String {
    let lang = cover.lang;
    let (manual, contents, page_before, page_between) = words(lang);
    let page_after = match lang {
        Lang::Zh => " 页",
        Lang::En => "",
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
    format!(
        r##"#set document(title: {title}, author: {name}, date: datetime(year: {year}, month: {month}, day: {day}))
#set text(font: {family}, size: 10.5pt, lang: "{text_lang}", region: "{region}")
#set par(justify: true, leading: 0.85em, spacing: 1.3em)
#set page(
  paper: "a4",
  margin: (x: 2.2cm, top: 2.8cm, bottom: 2.4cm),
  header: context {{
    if here().page() > 1 {{
      set text(size: 8.5pt, fill: luma(90))
      grid(columns: (1fr, auto), align(left, {printed_name}), align(right, {edition}))
      v(-0.6em)
      line(length: 100%, stroke: 0.4pt + luma(150))
    }}
  }},
  footer: context {{
    if here().page() > 1 {{
      set text(size: 8.5pt, fill: luma(90))
      align(center, {page_before} + str(here().page()) + {page_between} + str(counter(page).final().first()) + {page_after})
    }}
  }},
)
#set heading(numbering: "1.1")
#show heading: set text(weight: "bold", hyphenate: false)
#show heading.where(level: 1): it => {{
  pagebreak(weak: true)
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
#let org-chart-figure(path, width) = block(breakable: false, width: 100%, align(center, image(path, width: width, height: auto)))

#page(header: none, footer: none)[
  #set text(hyphenate: false)
  #v(5cm)
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
  ]
]

#outline(title: {contents}, depth: 2, indent: auto)
#pagebreak(weak: true)
"##,
        year = date.year,
        month = date.month,
        day = date.day,
        family = string_literal(family),
        page_before = string_literal(page_before),
        page_between = string_literal(page_between),
        page_after = string_literal(page_after),
        contents = string_literal(contents),
        manual_lit = string_literal(manual),
        lang_lit = string_literal(lang_name(lang)),
        date_lit = string_literal(&date.display(lang)),
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

/// Lays the body (Typst markup) out under the cover and table of contents.
fn compile(
    cover: &Cover<'_>,
    body: &str,
    figures: &[Figure],
    fonts_in: &FontSet,
) -> Result<PagedDocument, ManualError> {
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
    let book = FontBook::from_fonts(&fonts);

    let mut text = preamble(cover, &family);
    text.push_str(body);
    let main = Source::new(file_id("/main.typ"), text);
    let files = figures
        .iter()
        .enumerate()
        .map(|(i, figure)| {
            (
                file_id(&figure_path(i)),
                Bytes::from_string(figure.svg.clone()),
            )
        })
        .collect();
    let date = cover.date;
    let today = Datetime::from_ymd(date.year, date.month, date.day)
        .ok_or_else(|| ManualError::Typeset(format!("invalid date {date}")))?;
    let world = ManualWorld {
        book: LazyHash::new(book),
        fonts,
        main,
        files,
        today,
    };

    typst::compile(&world)
        .output
        .map_err(|errors| ManualError::Typeset(diagnostics(&errors)))
}

/// Typesets the body under the cover and table of contents and returns the PDF bytes.
pub(crate) fn pdf(
    cover: &Cover<'_>,
    body: &str,
    figures: &[Figure],
    fonts: &FontSet,
) -> Result<Vec<u8>, ManualError> {
    let document = compile(cover, body, figures, fonts)?;
    let date = cover.date;
    let timestamp =
        Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(format!(
            "centerplan-manual/{}/{}",
            cover.edition.key(),
            cover.lang.code()
        )),
        creator: Smart::Custom(Some("Centerplan".to_owned())),
        timestamp,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options)
        .map_err(|errors| ManualError::Typeset(diagnostics(&errors)))?;
    // Typst memoizes across compilations; drop what the last few renders did not reuse
    // so a long-running app does not keep every manual's layout in memory.
    comemo::evict(4);
    Ok(bytes)
}

/// A manual laid out into pages, kept so single pages can be drawn on demand: a preview
/// typesets once per edit and then draws only the page on screen.
pub struct Pages {
    document: PagedDocument,
}

impl Pages {
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
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("count", &self.count())
            .finish()
    }
}

/// Typesets like [`pdf`], keeping the laid-out pages instead of writing a file.
pub(crate) fn pages(
    cover: &Cover<'_>,
    body: &str,
    figures: &[Figure],
    fonts: &FontSet,
) -> Result<Pages, ManualError> {
    let document = compile(cover, body, figures, fonts)?;
    comemo::evict(4);
    Ok(Pages { document })
}
