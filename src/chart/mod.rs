//! The org chart engine: layout, SVG and PNG.
//!
//! One layout feeds every output (the app, SVG files, the PDF manual), so they always
//! agree. [`layout`] turns a chart into positioned boxes and routed lines using text
//! widths from a [`crate::fonts::TextMeasure`] the host provides; [`to_svg`] writes them
//! as a standalone SVG with text kept as text; [`to_png`] rasterizes that SVG with resvg
//! and the fonts the host hands in. [`paginate`] splits a chart too large for one
//! printed page into readable pages by subtree.

mod layout;
mod pages;
mod parts;
mod png;
mod route;
mod svg;

pub use layout::{
    ChartLayout, LayoutError, LayoutOptions, MAX_LABEL_LINES, NodeBox, Route, RouteKind,
    VACANCY_MARKER, layout,
};
pub use pages::{AreaChoice, ChartPage, PageArea, PageOptions, Reference, paginate};
pub use parts::{BoxParts, CORNER_RADIUS, Circle, PALETTE, Palette, Pill, VACANCY_STROKE};
pub(crate) use png::usvg_options as png_options;
pub use png::{MAX_PNG_SIDE, PngError, to_png};
pub use svg::{ARROW_SIZE, SvgOptions, to_svg};
