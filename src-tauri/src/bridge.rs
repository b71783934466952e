//! Adapters from the app to the core's documents and chart engine: each is a call into
//! the core plus the conversion of its result for the UI.

use std::path::Path;

use centerplan::chart::{self, LayoutOptions, SvgOptions};
use centerplan::document;
use centerplan::fonts::{FontSet, TextMeasure};
use centerplan::model::{Lang, Plan};

use crate::error::AppError;
use crate::view::{BoxView, ChartView, PillView, RouteView};

pub fn open(path: &Path) -> Result<Plan, AppError> {
    Ok(document::open(path)?)
}

pub fn save(plan: &Plan, path: &Path) -> Result<(), AppError> {
    Ok(document::save(plan, path)?)
}

fn options(lang: Lang) -> LayoutOptions {
    LayoutOptions {
        lang,
        ..LayoutOptions::default()
    }
}

fn core_layout(plan: &Plan, lang: Lang, measure: &dyn TextMeasure) -> chart::ChartLayout {
    // Only a `root` option that names no node can fail; the app never sets one.
    chart::layout(&plan.chart, &options(lang), measure).expect("the whole chart always lays out")
}

/// The chart as the core lays it out, in the UI's shape.
pub fn layout(plan: &Plan, lang: Lang, measure: &dyn TextMeasure) -> ChartView {
    let laid = core_layout(plan, lang, measure);
    let id = |index: usize| laid.boxes[index].id.to_string();
    ChartView {
        width: laid.width,
        height: laid.height,
        half_level: laid.half_level,
        font_size: laid.font_size,
        small_font_size: laid.small_font_size,
        line_height: laid.line_height,
        corner_radius: chart::CORNER_RADIUS,
        arrow_size: chart::ARROW_SIZE,
        vacancy_stroke: chart::VACANCY_STROKE,
        palette: chart::PALETTE.into(),
        routes: laid
            .routes
            .iter()
            .map(|route| RouteView {
                kind: route.kind,
                from: id(route.from),
                to: id(route.to),
                points: route.points.iter().map(|&(x, y)| [x, y]).collect(),
                line: route.line,
            })
            .collect(),
        boxes: laid
            .boxes
            .iter()
            .map(|b| {
                let parts = b.parts(&laid);
                BoxView {
                    id: b.id.to_string(),
                    kind: b.kind,
                    x: b.x,
                    y: b.y,
                    w: b.w,
                    h: b.h,
                    label: b.label.clone(),
                    headcount: b.headcount.clone(),
                    vacant: b.vacant,
                    hidden: b.hidden.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
                    center_x: parts.center_x,
                    label_baselines: parts.label_baselines,
                    headcount_baseline: parts.headcount_baseline,
                    vacancy: parts.vacancy.map(Into::into),
                    diagnostic: parts.diagnostic.into(),
                    collapsed: parts.collapsed.map(|pill| PillView {
                        x: pill.x,
                        y: pill.y,
                        w: pill.w,
                        h: pill.h,
                        text: pill.text,
                        baseline: pill.baseline,
                    }),
                }
            })
            .collect(),
    }
}

/// The chart as a standalone SVG document.
pub fn svg(plan: &Plan, lang: Lang, measure: &dyn TextMeasure, fonts: Option<&FontSet>) -> String {
    let options = SvgOptions {
        font_family: fonts.map_or_else(|| SvgOptions::default().font_family, |f| f.family.clone()),
    };
    chart::to_svg(&core_layout(plan, lang, measure), &options)
}

/// Pixels per chart unit in PNG exports: sharp on high-density screens and in print.
const PNG_SCALE: f32 = 2.0;

pub fn png(
    plan: &Plan,
    lang: Lang,
    measure: &dyn TextMeasure,
    fonts: &FontSet,
) -> Result<Vec<u8>, AppError> {
    Ok(chart::to_png(
        &svg(plan, lang, measure, Some(fonts)),
        fonts,
        PNG_SCALE,
    )?)
}
