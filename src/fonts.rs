//! Fonts as the host hands them to the core.
//!
//! The core never searches the disk for fonts: the CLI or the desktop app finds the font
//! files and passes their bytes in a [`FontSet`]. Charts measure labels and the manual
//! typesets text with the same faces, so a label's box fits its text in every output.

use std::sync::Arc;

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

/// The faces the product draws with: a CJK family that also covers Latin text,
/// in regular and bold.
#[derive(Clone, Debug)]
pub struct FontSet {
    /// The family name as the font declares it, e.g. "Noto Sans CJK SC"; SVG output
    /// names it so a viewer with the font installed shows the same text.
    pub family: String,
    pub regular: FontFace,
    pub bold: FontFace,
}
