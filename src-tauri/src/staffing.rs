//! The staffing panel's adapters over `centerplan::staffing`: a forecast file read, a
//! sizing with its headcount proposal against the open plan, and the edit that accepts
//! it. Each is one call into the core plus the conversion of its result for the UI.

use std::path::Path;

use centerplan::edit::Edit;
use centerplan::error::{Failure, io_reason};
use centerplan::model::{
    ForecastInterval, Lang, NodeId, Plan, Staffing, StaffingInputs, StaffingResult, Text,
};
use centerplan::staffing::{parse_forecast, record};
use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;

/// A forecast file as the panel keeps it: its name and its intervals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ForecastView {
    /// The file name (not the path), recorded in the plan and printed in the manual.
    pub source: String,
    pub intervals: Vec<ForecastInterval>,
}

/// One interval as the chart of required agents draws it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntervalView {
    /// Empty for a single interval.
    pub start: String,
    pub calls: f64,
    pub agents: u32,
    pub scheduled: u32,
    pub service_level: f64,
    pub occupancy: f64,
}

/// One position of the headcount proposal, against the plan's current headcount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalRow {
    #[ts(type = "\"csr\" | \"team-leader\" | \"qa-specialist\" | \"trainer\" | \"wfm-planner\"")]
    pub role: String,
    pub node: String,
    /// The node's name in the chart, so the panel shows what the director calls the
    /// position; none when the chart has no such node.
    #[ts(type = "{ zh: string, en: string } | null")]
    pub name: Option<Text>,
    /// The planned headcount now; none when the chart has no such node.
    pub current: Option<i32>,
    /// The filled headcount now, to show a proposal that would leave more people in post
    /// than planned; none when the chart has no such node.
    pub filled: Option<i32>,
    pub proposed: i32,
    pub difference: Option<i32>,
}

/// A sizing as the panel shows it before the user accepts it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffingView {
    pub result: StaffingResult,
    pub intervals: Vec<IntervalView>,
    pub proposal: Vec<ProposalRow>,
}

/// Reads a forecast CSV (`interval_start,calls[,aht]`).
pub fn load_forecast(path: &Path) -> Result<ForecastView, AppError> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        AppError::new(
            "staffing.forecast-unreadable",
            format!(
                "无法读取预测文件 {}：{}",
                path.display(),
                io_reason(&err, Lang::Zh)
            ),
            format!(
                "cannot read the forecast {}: {}",
                path.display(),
                io_reason(&err, Lang::En)
            ),
        )
    })?;
    // The core names the line and column; the file is named here, where it was read.
    let forecast = parse_forecast(&text).map_err(|err| {
        let code = err.code();
        let message = err.text();
        AppError::new(
            code,
            format!("{}：{}", path.display(), message.zh),
            format!("{}: {}", path.display(), message.en),
        )
    })?;
    Ok(ForecastView {
        source: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        intervals: forecast
            .rows
            .into_iter()
            .map(ForecastInterval::from)
            .collect(),
    })
}

/// Sizes `inputs` and proposes the headcount of `plan`'s positions for it.
pub fn size(plan: &Plan, inputs: &StaffingInputs) -> Result<StaffingView, AppError> {
    let sized = record::size(inputs)?;
    let staffing = Staffing {
        inputs: inputs.clone(),
        result: sized.result,
    };
    let proposal = record::proposal(plan, &staffing)
        .entries
        .into_iter()
        .map(|entry| {
            let node = plan.chart.node(&entry.node);
            ProposalRow {
                role: entry.role.key().to_owned(),
                node: entry.node.to_string(),
                name: node.map(|n| n.name.clone()),
                current: entry.current,
                filled: node.map(|n| n.headcount.filled),
                proposed: entry.proposed,
                difference: entry.difference,
            }
        })
        .collect();
    Ok(StaffingView {
        result: staffing.result,
        intervals: sized
            .intervals
            .into_iter()
            .map(|i| IntervalView {
                start: i.interval_start,
                calls: i.calls,
                agents: i.agents,
                scheduled: i.scheduled,
                service_level: i.performance.service_level,
                occupancy: i.performance.occupancy,
            })
            .collect(),
        proposal,
    })
}

/// The one edit that records the sizing of `inputs` in `plan` and sets the `accepted`
/// positions' planned headcount.
pub fn accept(plan: &Plan, inputs: StaffingInputs, accepted: &[String]) -> Result<Edit, AppError> {
    let result = record::size(&inputs)?.result;
    let accepted: Vec<NodeId> = accepted.iter().map(|id| NodeId::new(id.as_str())).collect();
    Ok(record::accept(
        plan,
        Staffing { inputs, result },
        &accepted,
    )?)
}
