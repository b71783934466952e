//! Writing a [`ChartLayout`] as a standalone SVG document.
//!
//! Text stays text (`<text>` elements naming the font family), so the SVG is searchable,
//! scales without blur and embeds as a vector image in the PDF manual. Every piece of
//! user text is escaped: names may contain `<`, `&` or quotes.

use std::fmt::{self, Write};

use super::layout::{ChartLayout, NodeBox, RouteKind, VACANCY_MARKER};
use crate::model::NodeKind;

/// How the SVG names its font.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    /// The family the labels were measured with; viewers that have it draw the same text.
    pub font_family: String,
}

impl Default for SvgOptions {
    fn default() -> SvgOptions {
        SvgOptions {
            font_family: "Noto Sans CJK SC".to_owned(),
        }
    }
}

const SOLID: &str = "#5b6b7b";
const DOTTED: &str = "#2f6fb0";
/// The source draws bypass lines red.
const BYPASS: &str = "#d62828";
const VACANCY: &str = "#d62828";
const PAD_Y: f32 = 8.0;

/// A coordinate, written with at most one decimal and no trailing ".0".
struct Num(f32);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        if tenths % 10 == 0 {
            write!(f, "{}", tenths / 10)
        } else {
            write!(f, "{:.1}", tenths as f64 / 10.0)
        }
    }
}

/// Text escaped for XML content and attribute values.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['<', '>', '&', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'&' => "&amp;",
                b'"' => "&quot;",
                _ => "&apos;",
            })?;
            rest = &rest[at + 1..];
        }
        // Control characters other than tab and newline are not allowed in XML 1.0 at all.
        for ch in rest.chars() {
            if ch.is_control() && ch != '\t' && ch != '\n' {
                f.write_char(' ')?;
            } else {
                f.write_char(ch)?;
            }
        }
        Ok(())
    }
}

/// Writes the chart as an SVG document.
pub fn to_svg(chart: &ChartLayout, options: &SvgOptions) -> String {
    let mut out = String::with_capacity(512 + chart.boxes.len() * 420);
    // Writing to a String cannot fail.
    let _ = write_svg(&mut out, chart, options);
    out
}

fn write_svg(out: &mut String, chart: &ChartLayout, options: &SvgOptions) -> fmt::Result {
    let (w, h) = (Num(chart.width), Num(chart.height));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'{}', sans-serif">"#,
        Escaped(&options.font_family)
    )?;
    writeln!(out, "<defs>")?;
    for (id, colour) in [("dotted", DOTTED), ("bypass", BYPASS)] {
        writeln!(
            out,
            r#"<marker id="arrow-{id}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="{colour}"/></marker>"#
        )?;
    }
    writeln!(out, "</defs>")?;
    writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    )?;

    // Lines first, so boxes cover line ends.
    let groups = [
        (
            RouteKind::Solid,
            format!(r#"<g class="solid" fill="none" stroke="{SOLID}" stroke-width="1.5">"#),
        ),
        (
            RouteKind::Dotted,
            format!(
                r#"<g class="dotted" fill="none" stroke="{DOTTED}" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#arrow-dotted)">"#
            ),
        ),
        (
            RouteKind::Bypass,
            format!(
                r#"<g class="bypass" fill="none" stroke="{BYPASS}" stroke-width="2" marker-end="url(#arrow-bypass)">"#
            ),
        ),
    ];
    for (kind, open) in groups {
        let mut routes = chart.routes.iter().filter(|r| r.kind == kind).peekable();
        if routes.peek().is_none() {
            continue;
        }
        writeln!(out, "{open}")?;
        for route in routes {
            out.push_str("<polyline points=\"");
            for (k, (x, y)) in route.points.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                write!(out, "{},{}", Num(*x), Num(*y))?;
            }
            out.push_str("\"/>\n");
        }
        writeln!(out, "</g>")?;
    }

    writeln!(out, r#"<g class="boxes" text-anchor="middle">"#)?;
    for node in &chart.boxes {
        write_box(out, chart, node)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, "</svg>")
}

fn write_box(out: &mut String, chart: &ChartLayout, node: &NodeBox) -> fmt::Result {
    let (fill, stroke) = match node.kind {
        NodeKind::Unit => ("#e8f0fb", "#2f5d8a"),
        NodeKind::Position => ("#ffffff", "#5b6b7b"),
        NodeKind::Assistant => ("#f3f3f3", "#8a8a8a"),
    };
    writeln!(
        out,
        r#"<g class="node {}" data-id="{}">"#,
        node.kind.key(),
        Escaped(node.id.as_str())
    )?;
    writeln!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>"#,
        Num(node.x),
        Num(node.y),
        Num(node.w),
        Num(node.h)
    )?;
    let cx = Num(node.center_x());
    // The name block is centred in the box above the headcount line.
    let count_height = chart.small_font_size * 1.4;
    let label_area = node.h - 2.0 * PAD_Y - count_height;
    let block = node.label.len() as f32 * chart.line_height;
    let first_centre = node.y + PAD_Y + (label_area - block) / 2.0 + chart.line_height / 2.0;
    for (k, line) in node.label.iter().enumerate() {
        let baseline = first_centre + k as f32 * chart.line_height + chart.font_size * 0.35;
        writeln!(
            out,
            r##"<text x="{cx}" y="{}" font-size="{}" font-weight="bold" fill="#1d2733">{}</text>"##,
            Num(baseline),
            Num(chart.font_size),
            Escaped(line)
        )?;
    }
    let count_baseline =
        node.y + node.h - PAD_Y - count_height / 2.0 + chart.small_font_size * 0.35;
    let count_colour = if node.vacant { VACANCY } else { "#4a5663" };
    writeln!(
        out,
        r#"<text x="{cx}" y="{}" font-size="{}" fill="{count_colour}">{}</text>"#,
        Num(count_baseline),
        Num(chart.small_font_size),
        Escaped(&node.headcount)
    )?;
    if node.vacant {
        // A red dot in the top right corner: seats are open.
        writeln!(
            out,
            r#"<circle class="vacancy" cx="{}" cy="{}" r="{}" fill="{VACANCY}"/>"#,
            Num(node.right() - VACANCY_MARKER),
            Num(node.y + VACANCY_MARKER),
            Num(VACANCY_MARKER / 2.0)
        )?;
    }
    if let Some(hidden) = node.hidden {
        let text = format!("+{hidden}");
        let pill_w = 12.0 + text.len() as f32 * chart.small_font_size * 0.6;
        let pill_h = chart.small_font_size * 1.4;
        writeln!(
            out,
            r#"<rect class="collapsed" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{stroke}"/>"#,
            Num(node.center_x() - pill_w / 2.0),
            Num(node.bottom() - pill_h / 2.0),
            Num(pill_w),
            Num(pill_h),
            Num(pill_h / 2.0)
        )?;
        writeln!(
            out,
            r##"<text x="{cx}" y="{}" font-size="{}" fill="#ffffff">{text}</text>"##,
            Num(node.bottom() + chart.small_font_size * 0.35),
            Num(chart.small_font_size)
        )?;
    }
    writeln!(out, "</g>")
}
