//! Rasterizing the chart SVG to PNG with resvg.
//!
//! resvg gets only the fonts of the [`FontSet`] (no system font search), so the PNG looks
//! the same on every machine and Chinese labels render with the CJK face.

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use crate::fonts::FontSet;

/// The largest PNG side we render, in pixels; beyond it memory use explodes.
pub const MAX_PNG_SIDE: u32 = 16_384;

/// The chart could not be rendered as PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the chart svg cannot be read: {0}")]
    Svg(String),
    #[error(
        "the chart is too large for png at this scale ({width}×{height} pixels, at most {MAX_PNG_SIDE} a side): use svg or a smaller --scale"
    )]
    TooLarge { width: u64, height: u64 },
    #[error("scale must be a positive number, not {0}")]
    BadScale(f32),
    #[error("cannot encode png: {0}")]
    Encode(String),
}

impl crate::error::Failure for PngError {
    fn code(&self) -> &'static str {
        match self {
            PngError::Svg(_) => "chart.png-svg",
            PngError::TooLarge { .. } => "chart.png-too-large",
            PngError::BadScale(_) => "chart.png-bad-scale",
            PngError::Encode(_) => "chart.png-encode",
        }
    }

    /// In the user's terms: the drawing, its size, and what to export instead. The
    /// rasterizer's own wording (a defect, never the user's input) is left to the CLI.
    fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang;
        match (self, lang) {
            (PngError::Svg(_) | PngError::Encode(_), Lang::Zh) => {
                "无法把组织架构图转成 PNG（请改为导出 SVG）".to_owned()
            }
            (PngError::Svg(_) | PngError::Encode(_), Lang::En) => {
                "the org chart cannot be turned into a PNG (export it as SVG instead)".to_owned()
            }
            (PngError::TooLarge { width, height }, Lang::Zh) => format!(
                "组织架构图太大，无法以此比例导出 PNG（{width}×{height} 像素，每边最多 {MAX_PNG_SIDE}）：请改为导出 SVG，或折叠部分分支"
            ),
            (PngError::TooLarge { width, height }, Lang::En) => format!(
                "the org chart is too large for a PNG at this scale ({width}×{height} pixels, at most {MAX_PNG_SIDE} a side): export it as SVG, or collapse some branches"
            ),
            (PngError::BadScale(scale), Lang::Zh) => format!("缩放比例必须为正数，不能是 {scale}"),
            (PngError::BadScale(_), Lang::En) => self.to_string(),
        }
    }
}

/// usvg's options with only the faces of `fonts` (no system font search): what every
/// drawing of an SVG with text (the chart, an SVG logo) uses.
pub(crate) fn usvg_options(fonts: &FontSet) -> usvg::Options<'static> {
    let mut database = usvg::fontdb::Database::new();
    for face in [&fonts.regular, &fonts.bold]
        .into_iter()
        .chain(&fonts.fallback)
    {
        database.load_font_source(usvg::fontdb::Source::Binary(face.data.clone()));
    }
    // An SVG naming a generic family (a logo's `sans-serif`) gets the manual's face.
    database.set_sans_serif_family(fonts.family.clone());
    database.set_serif_family(fonts.family.clone());
    usvg::Options {
        font_family: fonts.family.clone(),
        languages: vec!["zh-CN".to_owned(), "en".to_owned()],
        fontdb: Arc::new(database),
        ..usvg::Options::default()
    }
}

/// Renders `svg` (as written by [`crate::chart::to_svg`]) at `scale` pixels per unit.
pub fn to_png(svg: &str, fonts: &FontSet, scale: f32) -> Result<Vec<u8>, PngError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PngError::BadScale(scale));
    }
    let options = usvg_options(fonts);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|err| PngError::Svg(err.to_string()))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(scale)).ceil() as u64;
    let height = (f64::from(size.height()) * f64::from(scale)).ceil() as u64;
    if width > u64::from(MAX_PNG_SIDE)
        || height > u64::from(MAX_PNG_SIDE)
        || width == 0
        || height == 0
    {
        return Err(PngError::TooLarge { width, height });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or(PngError::TooLarge { width, height })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|err| PngError::Encode(err.to_string()))
}
