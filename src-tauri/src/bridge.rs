//! Adapters from the app to the core's documents and chart engine.
//!
//! Provisional: until `centerplan::chart` lands the chart is a simple row layout, so the
//! shell can be built and tested; each function becomes a one-line call into the core.

use std::path::Path;

use centerplan::document;
use centerplan::model::{Lang, Plan};

use crate::error::AppError;
use crate::view::{BoxView, ChartView, RouteView};

pub fn open(path: &Path) -> Result<Plan, AppError> {
    Ok(document::open(path)?)
}

pub fn save(plan: &Plan, path: &Path) -> Result<(), AppError> {
    Ok(document::save(plan, path)?)
}

pub fn layout(plan: &Plan, _lang: Lang) -> ChartView {
    let ranks = plan.chart.effective_ranks();
    let boxes: Vec<BoxView> = plan
        .chart
        .nodes
        .iter()
        .zip(&ranks)
        .enumerate()
        .map(|(i, (node, rank))| BoxView {
            id: node.id.to_string(),
            kind: node.kind.key().to_owned(),
            x: 20.0 + (i as f32) * 140.0,
            y: 20.0 + rank.0 as f32 * 45.0,
            w: 120.0,
            h: 40.0,
            label: vec![node.name.get(_lang).to_owned()],
            headcount: format!("{}/{}", node.headcount.filled, node.headcount.planned),
            vacant: node.headcount.vacancies() > 0,
            hidden: None,
        })
        .collect();
    let index: std::collections::HashMap<&str, &BoxView> =
        boxes.iter().map(|b| (b.id.as_str(), b)).collect();
    let join = |kind: &str, from: &str, to: &str| {
        let (a, b) = (index.get(from)?, index.get(to)?);
        Some(RouteView {
            kind: kind.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
            points: vec![[a.x + a.w / 2.0, a.y + a.h], [b.x + b.w / 2.0, b.y]],
            line: None,
        })
    };
    let mut routes: Vec<RouteView> = plan
        .chart
        .nodes
        .iter()
        .filter_map(|n| join("solid", n.parent.as_ref()?.as_str(), n.id.as_str()))
        .collect();
    routes.extend(
        plan.chart
            .lines
            .iter()
            .filter_map(|l| join(l.kind.key(), l.from.as_str(), l.to.as_str())),
    );
    ChartView {
        width: 40.0 + boxes.len() as f32 * 140.0,
        height: 400.0,
        half_level: 45.0,
        font_size: 14.0,
        small_font_size: 12.0,
        line_height: 18.0,
        boxes,
        routes,
    }
}

pub fn export_unavailable() -> AppError {
    AppError::new(
        "export.unavailable",
        "此版本尚不能导出图表",
        "chart export is not available in this build",
    )
}
