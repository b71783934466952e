//! Fonts as the host hands them to the core.
//!
//! The core never searches the disk for fonts: the CLI or the desktop app finds the font
//! files and passes their bytes in a [`FontSet`]. Charts measure labels and the manual
//! typesets text with the same faces, so a label's box fits its text in every output.
//! [`load_noto_cjk`] is the hosts' shared way to find them, in the directories the host
//! passes ([`font_dirs`]); layout and typesetting never call it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Noto Sans CJK collections hold JP, KR, SC, TC, HK faces in this order; SC is index 2.
const NOTO_CJK_SC_INDEX: u32 = 2;
/// Where Debian's `fonts-noto-cjk` and `fonts-noto-color-emoji` (and some other
/// distributions) install Noto Sans CJK and Noto Color Emoji.
const SYSTEM_FONT_DIRS: [&str; 4] = [
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/noto",
];
/// The emoji face: Noto Color Emoji (OFL), a fallback for what the CJK face lacks.
const EMOJI_FONT: &str = "NotoColorEmoji.ttf";

/// The directories to look for fonts in: the host's override (`$CENTERPLAN_FONT_DIR`, read
/// by the host) first, then the system's.
pub fn font_dirs(override_dir: Option<PathBuf>) -> Vec<PathBuf> {
    override_dir
        .into_iter()
        .chain(SYSTEM_FONT_DIRS.iter().map(PathBuf::from))
        .collect()
}

/// Noto Sans CJK SC (regular and bold) from the first of `dirs` that holds both, as a
/// collection (`NotoSansCJK-*.ttc`) or as single files (`NotoSansSC-*.ttf`), with Noto
/// Color Emoji as the fallback face when one of `dirs` has it (without it emoji print as
/// empty boxes, so hosts install it, but its absence is not an error). `Ok(None)` when no
/// directory has the CJK faces; an error when a file is there but cannot be read.
pub fn load_noto_cjk(dirs: &[PathBuf]) -> Result<Option<FontSet>, FontError> {
    let Some(mut fonts) = load_cjk_faces(dirs)? else {
        return Ok(None);
    };
    if let Some(emoji) = dirs
        .iter()
        .map(|dir| dir.join(EMOJI_FONT))
        .find(|p| p.is_file())
    {
        fonts.fallback.push(read_face(&emoji, 0)?);
    }
    Ok(Some(fonts))
}

fn load_cjk_faces(dirs: &[PathBuf]) -> Result<Option<FontSet>, FontError> {
    for dir in dirs {
        let candidates = [
            (
                "NotoSansCJK-Regular.ttc",
                "NotoSansCJK-Bold.ttc",
                NOTO_CJK_SC_INDEX,
            ),
            ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", 0),
        ];
        for (regular, bold, index) in candidates {
            let (regular, bold) = (dir.join(regular), dir.join(bold));
            if regular.is_file() && bold.is_file() {
                return Ok(Some(FontSet {
                    family: "Noto Sans CJK SC".to_owned(),
                    regular: read_face(&regular, index)?,
                    bold: read_face(&bold, index)?,
                    fallback: Vec::new(),
                }));
            }
        }
    }
    Ok(None)
}

fn read_face(path: &Path, index: u32) -> Result<FontFace, FontError> {
    let data = std::fs::read(path).map_err(|source| FontError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(FontFace {
        data: Arc::new(data),
        index,
    })
}

/// One font face: the bytes of a TrueType/OpenType file or collection, and the index of
/// the face within a collection (`.ttc`), 0 for a plain font file.
#[derive(Clone)]
pub struct FontFace {
    pub data: Arc<Vec<u8>>,
    pub index: u32,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FontFace({} bytes, index {})",
            self.data.len(),
            self.index
        )
    }
}

/// The faces the product draws with: a CJK family that also covers Latin text, in
/// regular and bold, and fallback faces for what it lacks (emoji).
#[derive(Clone, Debug)]
pub struct FontSet {
    /// The family name as the font declares it, e.g. "Noto Sans CJK SC"; SVG output
    /// names it so a viewer with the font installed shows the same text.
    pub family: String,
    pub regular: FontFace,
    pub bold: FontFace,
    /// Faces tried, in order, for characters the family has no glyph for; may be empty.
    pub fallback: Vec<FontFace>,
}

/// Measures the width of a line of text, so the chart can size boxes to their labels.
///
/// The host provides it: the CLI and the app measure with the real fonts
/// ([`FontMeasure`]), tests with the deterministic [`SimpleMeasure`].
pub trait TextMeasure {
    /// The advance width of `text` on one line, in the same unit as `font_size`.
    fn text_width(&self, text: &str, font_size: f32, bold: bool) -> f32;
}

/// Whether a character is drawn full width (one em) in CJK typography.
pub fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A deterministic stand-in for real font metrics: wide (CJK) characters are one em,
/// every other character 0.55 em. Tests use it so geometry does not depend on a font file.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimpleMeasure;

impl TextMeasure for SimpleMeasure {
    fn text_width(&self, text: &str, font_size: f32, _bold: bool) -> f32 {
        text.chars()
            .map(|ch| if is_wide(ch) { 1.0 } else { 0.55 })
            .sum::<f32>()
            * font_size
    }
}

/// Text measurement with the glyph advances of a [`FontSet`].
///
/// Advances are read with skrifa (the font reader resvg uses, so measured and rendered
/// widths agree) and cached per character, because a chart of 10,000 boxes repeats the
/// same few hundred characters.
pub struct FontMeasure {
    regular: FontFace,
    bold: FontFace,
    fallback: Vec<FontFace>,
    /// Advances in ems, behind a mutex so the measure can be shared between threads (the
    /// desktop app lays out off the UI thread).
    cache: std::sync::Mutex<AdvanceCache>,
}

/// Advances of characters already looked up: a direct table for the Basic Multilingual
/// Plane (every CJK ideograph in common use; a lookup is one index, no hashing) and a map
/// for the rest. NaN marks a character not looked up yet.
struct AdvanceCache {
    plane: [Vec<f32>; 2],
    astral: std::collections::HashMap<(char, bool), f32>,
}

impl AdvanceCache {
    fn get(&self, ch: char, bold: bool) -> Option<f32> {
        let code = ch as usize;
        if code < 0x10000 {
            Some(self.plane[usize::from(bold)][code]).filter(|advance| !advance.is_nan())
        } else {
            self.astral.get(&(ch, bold)).copied()
        }
    }

    fn insert(&mut self, ch: char, bold: bool, advance: f32) {
        let code = ch as usize;
        if code < 0x10000 {
            self.plane[usize::from(bold)][code] = advance;
        } else {
            self.astral.insert((ch, bold), advance);
        }
    }
}

/// A font in a [`FontSet`] could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read font {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the {style} font (face {index}): {message}")]
    Unreadable {
        style: &'static str,
        index: u32,
        message: String,
    },
}

impl crate::error::Failure for FontError {
    fn code(&self) -> &'static str {
        match self {
            FontError::Read { .. } => "font.read",
            FontError::Unreadable { .. } => "font.unreadable",
        }
    }

    /// Where to fix it: the font file, or the installed fonts (the package that holds
    /// Noto Sans CJK).
    fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang;
        match (self, lang) {
            (FontError::Read { path, source }, Lang::Zh) => format!(
                "无法读取字体文件 {}：{}",
                path.display(),
                crate::error::io_reason(source, lang)
            ),
            (FontError::Read { path, source }, Lang::En) => format!(
                "cannot read font {}: {}",
                path.display(),
                crate::error::io_reason(source, lang)
            ),
            (FontError::Unreadable { style, index, .. }, lang) => {
                let (zh_style, en_style) = match *style {
                    "bold" => ("粗体", "bold"),
                    _ => ("常规", "regular"),
                };
                match lang {
                    Lang::Zh => format!(
                        "{zh_style}字体（第 {index} 个字形集）已损坏，无法读取（请重新安装 fonts-noto-cjk）"
                    ),
                    Lang::En => format!(
                        "the {en_style} font (face {index}) is damaged and cannot be read (reinstall fonts-noto-cjk)"
                    ),
                }
            }
        }
    }
}

impl FontMeasure {
    /// Checks that both faces parse, so a broken font is reported once, here, rather
    /// than measured as zero width.
    pub fn new(fonts: &FontSet) -> Result<FontMeasure, FontError> {
        for (style, face) in [("regular", &fonts.regular), ("bold", &fonts.bold)] {
            skrifa::FontRef::from_index(&face.data, face.index).map_err(|err| {
                FontError::Unreadable {
                    style,
                    index: face.index,
                    message: err.to_string(),
                }
            })?;
        }
        Ok(FontMeasure {
            regular: fonts.regular.clone(),
            bold: fonts.bold.clone(),
            fallback: fonts.fallback.clone(),
            cache: std::sync::Mutex::new(AdvanceCache {
                plane: [vec![f32::NAN; 0x10000], vec![f32::NAN; 0x10000]],
                astral: std::collections::HashMap::new(),
            }),
        })
    }

    /// Advances in ems of the characters missing from the cache: from `face` when it has
    /// the glyph, else from the first fallback face that has it (as the renderers fall
    /// back), else the main face's "missing glyph" box.
    fn read_advances(&self, face: &FontFace, chars: &[char]) -> Vec<f32> {
        use skrifa::MetadataProvider;
        use skrifa::instance::{LocationRef, Size};
        let faces: Vec<skrifa::FontRef<'_>> = std::iter::once(face)
            .chain(&self.fallback)
            .filter_map(|face| skrifa::FontRef::from_index(&face.data, face.index).ok())
            .collect();
        // Size 1.0 gives advances in ems directly.
        let metrics: Vec<_> = faces
            .iter()
            .map(|font| {
                (
                    font.charmap(),
                    font.glyph_metrics(Size::new(1.0), LocationRef::default()),
                )
            })
            .collect();
        let notdef = metrics
            .first()
            .and_then(|(_, metrics)| metrics.advance_width(skrifa::GlyphId::NOTDEF))
            .unwrap_or(0.5);
        chars
            .iter()
            .map(|&ch| {
                metrics
                    .iter()
                    .find_map(|(charmap, metrics)| {
                        charmap
                            .map(ch)
                            .and_then(|glyph| metrics.advance_width(glyph))
                    })
                    .unwrap_or(notdef)
            })
            .collect()
    }
}

impl TextMeasure for FontMeasure {
    fn text_width(&self, text: &str, font_size: f32, bold: bool) -> f32 {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut ems = 0.0;
        let mut missing: Vec<char> = Vec::new();
        for ch in text.chars() {
            match cache.get(ch, bold) {
                Some(advance) => ems += advance,
                None => missing.push(ch),
            }
        }
        if !missing.is_empty() {
            missing.sort_unstable();
            missing.dedup();
            let face = if bold { &self.bold } else { &self.regular };
            for (ch, advance) in missing.iter().zip(self.read_advances(face, &missing)) {
                cache.insert(*ch, bold, advance);
            }
            ems = text
                .chars()
                .map(|ch| cache.get(ch, bold).unwrap_or(0.0))
                .sum();
        }
        ems * font_size
    }
}
