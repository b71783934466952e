//! Writing a [`ChartLayout`] as a standalone SVG document.
//!
//! Text stays text (`<text>` elements naming the font family), so the SVG is searchable,
//! scales without blur and embeds as a vector image in the PDF manual. Every piece of
//! user text is escaped: names may contain `<`, `&` or quotes.

use std::fmt::{self, Write};

use super::layout::{ChartLayout, NodeBox, RouteKind};
use super::parts::{CORNER_RADIUS, PALETTE, VACANCY_STROKE};

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

/// The arrowhead at the receiving end of dotted and bypass lines, in chart units: as long
/// as it is wide, whatever the stroke width.
pub const ARROW_SIZE: f32 = 9.0;

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
    for (id, colour) in [("dotted", PALETTE.dotted), ("bypass", PALETTE.bypass)] {
        writeln!(
            out,
            r#"<marker id="arrow-{id}" viewBox="0 0 8 8" refX="7" refY="4" markerUnits="userSpaceOnUse" markerWidth="{size}" markerHeight="{size}" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="{colour}"/></marker>"#,
            size = Num(ARROW_SIZE)
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
            format!(
                r#"<g class="solid" fill="none" stroke="{}" stroke-width="1.5">"#,
                PALETTE.solid
            ),
        ),
        (
            RouteKind::Dotted,
            format!(
                r#"<g class="dotted" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#arrow-dotted)">"#,
                PALETTE.dotted
            ),
        ),
        (
            RouteKind::Bypass,
            format!(
                r#"<g class="bypass" fill="none" stroke="{}" stroke-width="2" marker-end="url(#arrow-bypass)">"#,
                PALETTE.bypass
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
    let (fill, stroke) = PALETTE.box_colours(node.kind);
    let parts = node.parts(chart);
    writeln!(
        out,
        r#"<g class="node {}" data-id="{}">"#,
        node.kind.key(),
        Escaped(node.id.as_str())
    )?;
    writeln!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>"#,
        Num(node.x),
        Num(node.y),
        Num(node.w),
        Num(node.h),
        Num(CORNER_RADIUS)
    )?;
    let cx = Num(parts.center_x);
    for (line, baseline) in node.label.iter().zip(&parts.label_baselines) {
        writeln!(
            out,
            r#"<text x="{cx}" y="{}" font-size="{}" font-weight="bold" fill="{}">{}</text>"#,
            Num(*baseline),
            Num(chart.font_size),
            PALETTE.label,
            Escaped(line)
        )?;
    }
    let count_colour = if node.vacant {
        PALETTE.vacancy
    } else {
        PALETTE.headcount
    };
    writeln!(
        out,
        r#"<text x="{cx}" y="{}" font-size="{}" fill="{count_colour}">{}</text>"#,
        Num(parts.headcount_baseline),
        Num(chart.small_font_size),
        Escaped(&node.headcount)
    )?;
    if let Some(ring) = parts.vacancy {
        // An open ring in the top right corner: seats are open (errors and warnings are
        // filled dots in the app, so the three never look alike).
        writeln!(
            out,
            r#"<circle class="vacancy" cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="{}"/>"#,
            Num(ring.cx),
            Num(ring.cy),
            Num(ring.r),
            PALETTE.vacancy,
            Num(VACANCY_STROKE)
        )?;
    }
    if let Some(pill) = &parts.collapsed {
        writeln!(
            out,
            r#"<rect class="collapsed" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{stroke}"/>"#,
            Num(pill.x),
            Num(pill.y),
            Num(pill.w),
            Num(pill.h),
            Num(pill.h / 2.0)
        )?;
        writeln!(
            out,
            r##"<text x="{cx}" y="{}" font-size="{}" fill="#ffffff">{}</text>"##,
            Num(pill.baseline),
            Num(chart.small_font_size),
            pill.text
        )?;
    }
    writeln!(out, "</g>")
}
