//! The sizing a plan stores: from the [`StaffingInputs`] the director set to the
//! [`StaffingResult`] recorded in the plan, and the one edit that accepts it.
//!
//! The CLI (`centerplan staff --plan FILE --apply`) and the app's staffing panel both go
//! through here, so a plan sized either way holds the same record and the manual reads
//! the same figures.

use super::StaffingError;
use super::erlang::{Load, Model, Performance, Target, required_agents, scheduled_staff};
use super::headcount::{PositionIds, Proposal, propose_headcount};
use super::intervals::{Forecast, ForecastRow, IntervalOptions, IntervalResult, plan_intervals};
use crate::edit::{Edit, PlannedHeadcount};
use crate::model::{NodeId, Plan, Ratios, Staffing, StaffingInputs, StaffingResult};

/// A sizing with the detail behind it, for display.
#[derive(Debug, Clone, PartialEq)]
pub struct Sized {
    pub result: StaffingResult,
    /// Each interval sized; a single interval's start is empty.
    pub intervals: Vec<IntervalResult>,
    /// Forecast totals (agent-hours on the phones and days covered); `None` for a single
    /// interval.
    pub agent_hours: Option<f64>,
    pub days: usize,
    /// The distinct interval starts in order, the axis of the result's per-interval
    /// agents; empty for a single interval.
    pub timeline: Vec<String>,
}

impl StaffingInputs {
    /// The queueing model these inputs ask for: Erlang A when a patience is set.
    pub fn model(&self) -> Model {
        match self.patience_secs {
            Some(patience_secs) => Model::ErlangA { patience_secs },
            None => Model::ErlangC,
        }
    }

    pub fn target(&self) -> Target {
        Target {
            service_level: self.service_level,
            threshold_secs: self.threshold_secs,
            max_occupancy: self.max_occupancy,
        }
    }
}

/// Sizes `inputs`: a forecast interval by interval, or the one interval of `calls`.
pub fn size(inputs: &StaffingInputs) -> Result<Sized, StaffingError> {
    let interval_secs = f64::from(inputs.interval_minutes) * 60.0;
    let model = inputs.model();
    let target = inputs.target();
    let shrinkage = inputs.effective_shrinkage()?;
    if inputs.forecast.is_empty() {
        let calls = inputs.calls.ok_or_else(|| StaffingError::OutOfRange {
            field: "calls",
            message: crate::model::Text::new(
                "请填写每个时段的来电量，或载入预测文件",
                "give the calls per interval or a forecast",
            ),
        })?;
        let aht_secs = inputs.aht_secs.ok_or_else(|| StaffingError::OutOfRange {
            field: "aht",
            message: crate::model::Text::new("请填写平均处理时长", "give the average handle time"),
        })?;
        let load = Load {
            calls,
            interval_secs,
            aht_secs,
        };
        let sizing = required_agents(&load, &target, model)?;
        let scheduled = scheduled_staff(sizing.agents, shrinkage)?;
        let interval = IntervalResult {
            interval_start: String::new(),
            calls,
            aht_secs,
            agents: sizing.agents,
            scheduled,
            performance: sizing.performance,
            channel: crate::model::Channel::Voice,
            backlog: None,
        };
        let result = result(
            &inputs.ratios,
            &interval,
            (interval.agents, interval.scheduled),
            f64::from(scheduled),
            scheduled,
            (Vec::new(), Vec::new()),
        );
        return Ok(Sized {
            result,
            intervals: vec![interval],
            agent_hours: None,
            days: 1,
            timeline: Vec::new(),
        });
    }
    let forecast = Forecast {
        rows: inputs
            .forecast
            .iter()
            .enumerate()
            .map(|(index, row)| ForecastRow {
                interval_start: row.start.clone(),
                calls: row.calls,
                aht_secs: row.aht_secs,
                channel: row.channel,
                // As in the CSV the rows came from: the header is line 1.
                line: index as u64 + 2,
            })
            .collect(),
    };
    let options = IntervalOptions {
        interval_secs,
        default_aht_secs: inputs.aht_secs,
        target,
        model,
        shrinkage,
        fte_hours_per_day: inputs.fte_hours_per_day,
        chat: inputs.chat,
        email: inputs.email,
    };
    let plan = plan_intervals(&forecast, &options)?;
    let result = result(
        &inputs.ratios,
        plan.peak_row(),
        (plan.peak_agents, plan.peak_scheduled),
        plan.fte,
        plan.headcount,
        (plan.timeline_agents.clone(), plan.channels.clone()),
    );
    Ok(Sized {
        result,
        agent_hours: Some(plan.agent_hours),
        days: plan.days,
        intervals: plan.intervals,
        timeline: plan.timeline,
    })
}

/// The record of a sizing: `peak` is the row whose performance the peak reports,
/// `(peak_agents, peak_scheduled)` all channels' staff in the peak interval.
fn result(
    ratios: &Ratios,
    peak: &IntervalResult,
    (peak_agents, peak_scheduled): (u32, u32),
    scheduled_fte: f64,
    agents: u32,
    (interval_agents, channels): (Vec<u32>, Vec<crate::model::ChannelResult>),
) -> StaffingResult {
    let per = |ratio: u32| {
        if ratio == 0 {
            0
        } else {
            agents.div_ceil(ratio)
        }
    };
    let Performance {
        service_level,
        occupancy,
        ..
    } = peak.performance;
    StaffingResult {
        peak_agents,
        peak_scheduled,
        peak_interval: peak.interval_start.clone(),
        peak_service_level: service_level,
        peak_occupancy: occupancy,
        scheduled_fte,
        agents,
        team_leaders: per(ratios.agents_per_team_leader),
        qa_specialists: per(ratios.agents_per_qa_specialist),
        trainers: per(ratios.agents_per_trainer),
        wfm_planners: per(ratios.agents_per_wfm_planner),
        interval_agents,
        channels,
    }
}

/// The headcount proposal of a sizing for the chart's positions (found by function).
pub fn proposal(plan: &Plan, staffing: &Staffing) -> Proposal {
    propose_headcount(
        plan,
        staffing.result.agents,
        &staffing.inputs.ratios,
        &PositionIds::for_plan(plan),
    )
}

/// The edit that accepts `staffing` into `plan`: records the sizing and sets the planned
/// headcount of the `accepted` positions to the proposal's. Ids not in the proposal or
/// not in the chart are refused before anything is built.
pub fn accept(plan: &Plan, staffing: Staffing, accepted: &[NodeId]) -> Result<Edit, StaffingError> {
    let proposal = proposal(plan, &staffing);
    let planned = proposal
        .accepted_entries(plan, accepted)?
        .into_iter()
        .map(|entry| PlannedHeadcount {
            id: entry.node.clone(),
            planned: entry.proposed,
        })
        .collect();
    Ok(Edit::SetStaffing {
        staffing: Some(Box::new(staffing)),
        planned,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit;
    use crate::model::ForecastInterval;

    pub(crate) fn example_inputs() -> StaffingInputs {
        StaffingInputs {
            calls: Some(100.0),
            forecast: Vec::new(),
            forecast_source: String::new(),
            interval_minutes: 30,
            aht_secs: Some(180.0),
            service_level: 0.8,
            threshold_secs: 20.0,
            max_occupancy: Some(0.85),
            shrinkage: 0.3,
            patience_secs: None,
            fte_hours_per_day: 8.0,
            ratios: Ratios::default(),
            shrinkage_causes: Vec::new(),
            chat: Default::default(),
            email: Default::default(),
        }
    }

    #[test]
    fn a_single_interval_records_the_published_example() {
        let sized = size(&example_inputs()).unwrap();
        let r = &sized.result;
        assert_eq!((r.peak_agents, r.peak_scheduled, r.agents), (14, 20, 20));
        assert_eq!(r.scheduled_fte, 20.0);
        assert!((r.peak_service_level - 0.88835).abs() < 5e-6);
        // 20 agents → ⌈20/12⌉ team leaders, ⌈20/25⌉ QA, ⌈20/50⌉ trainers, ⌈20/100⌉ planners.
        assert_eq!(
            (r.team_leaders, r.qa_specialists, r.trainers, r.wfm_planners),
            (2, 1, 1, 1)
        );
        assert!(r.interval_agents.is_empty() && r.peak_interval.is_empty());
    }

    #[test]
    fn a_forecast_records_every_interval_and_the_peak() {
        let mut inputs = example_inputs();
        inputs.calls = None;
        inputs.forecast = [("08:00", 100.0), ("08:30", 1000.0), ("09:00", 60.0)]
            .into_iter()
            .map(|(start, calls)| ForecastInterval {
                start: start.to_owned(),
                calls,
                aht_secs: None,
                channel: Default::default(),
            })
            .collect();
        let sized = size(&inputs).unwrap();
        let r = &sized.result;
        assert_eq!(r.interval_agents.len(), 3);
        assert_eq!(r.interval_agents[0], 14);
        assert_eq!(r.peak_interval, "08:30");
        assert_eq!(r.peak_agents, r.interval_agents[1]);
        let hours: u32 = r.interval_agents.iter().sum();
        let fte = f64::from(hours) * 0.5 / 0.7 / 8.0;
        assert!((r.scheduled_fte - fte).abs() < 1e-9);
        assert_eq!(r.agents, (fte.ceil() as u32).max(r.peak_scheduled));
    }

    #[test]
    fn accepting_is_one_edit_of_sizing_and_headcount() {
        let mut plan = crate::templates::template(crate::model::CenterType::Hybrid, "Test");
        let staffing = Staffing {
            inputs: example_inputs(),
            result: size(&example_inputs()).unwrap().result,
        };
        let edit = accept(
            &plan,
            staffing.clone(),
            &[NodeId::new("csr"), NodeId::new("team-leader")],
        )
        .unwrap();
        let mut editor = edit::Editor::new(plan.clone(), true);
        editor.apply(&edit).unwrap();
        let after = editor.plan();
        assert_eq!(after.staffing.as_ref(), Some(&staffing));
        let planned =
            |p: &Plan, id: &str| p.chart.node(&NodeId::new(id)).unwrap().headcount.planned;
        assert_eq!(planned(after, "csr"), 20);
        assert_eq!(planned(after, "team-leader"), 2);
        assert!(editor.undo());
        assert_eq!(editor.plan(), &plan);

        plan.chart.nodes.retain(|n| n.id.as_str() != "trainer");
        let err = accept(&plan, staffing, &[NodeId::new("trainer")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "headcount proposal: node `trainer` is not in the chart"
        );
    }
}
