//! The staffing panel's adapters over `centerplan::staffing`: a forecast file read, a
//! sizing with its headcount proposal against the open plan, and the edit that accepts
//! it. Each is one call into the core plus the conversion of its result for the UI.
//!
//! The sizing's inputs and result cross as the `*View` twins below rather than as the
//! core's [`StaffingInputs`] and [`StaffingResult`]: those keep the snake_case names of the
//! JSON interchange format, which must not change, while everything the UI exchanges is
//! camelCase. The twins convert field by field, so a field added to the core without its
//! twin fails to compile here.

use std::path::Path;

use centerplan::edit::Edit;
use centerplan::error::{Failure, io_reason};
use centerplan::model::{
    Channel, ChannelResult, ChatInputs, EmailInputs, ForecastInterval, Lang, NodeId, Plan, Ratios,
    ShrinkageCause, ShrinkageShare, Staffing, StaffingInputs, StaffingResult, Text,
};
use centerplan::staffing::headcount::Role;
use centerplan::staffing::{parse_forecast, record};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;

/// A forecast file as the panel keeps it: its name and its intervals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ForecastView {
    /// The file name (not the path), recorded in the plan and printed in the manual.
    pub source: String,
    pub intervals: Vec<ForecastIntervalView>,
}

/// One interval of a call forecast: the core's [`ForecastInterval`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ForecastIntervalView {
    /// A time of day (`08:30`), optionally after a day (`Mon 08:30`).
    pub start: String,
    pub calls: f64,
    /// This interval's handle time in seconds, when it differs from the channel's default.
    pub aht_secs: Option<f64>,
    pub channel: Channel,
}

impl From<ForecastInterval> for ForecastIntervalView {
    fn from(i: ForecastInterval) -> ForecastIntervalView {
        let ForecastInterval {
            start,
            calls,
            aht_secs,
            channel,
        } = i;
        ForecastIntervalView {
            start,
            calls,
            aht_secs,
            channel,
        }
    }
}

impl From<ForecastIntervalView> for ForecastInterval {
    fn from(i: ForecastIntervalView) -> ForecastInterval {
        let ForecastIntervalView {
            start,
            calls,
            aht_secs,
            channel,
        } = i;
        ForecastInterval {
            start,
            calls,
            aht_secs,
            channel,
        }
    }
}

/// One cause of shrinkage and its share: the core's [`ShrinkageShare`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShrinkageShareView {
    pub cause: ShrinkageCause,
    pub share: f64,
}

impl From<ShrinkageShare> for ShrinkageShareView {
    fn from(s: ShrinkageShare) -> ShrinkageShareView {
        let ShrinkageShare { cause, share } = s;
        ShrinkageShareView { cause, share }
    }
}

impl From<ShrinkageShareView> for ShrinkageShare {
    fn from(s: ShrinkageShareView) -> ShrinkageShare {
        let ShrinkageShareView { cause, share } = s;
        ShrinkageShare { cause, share }
    }
}

/// How chat is sized: the core's [`ChatInputs`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatInputsView {
    pub concurrency: u32,
    pub aht_secs: Option<f64>,
    pub service_level: f64,
    pub threshold_secs: f64,
}

impl From<ChatInputs> for ChatInputsView {
    fn from(c: ChatInputs) -> ChatInputsView {
        let ChatInputs {
            concurrency,
            aht_secs,
            service_level,
            threshold_secs,
        } = c;
        ChatInputsView {
            concurrency,
            aht_secs,
            service_level,
            threshold_secs,
        }
    }
}

impl From<ChatInputsView> for ChatInputs {
    fn from(c: ChatInputsView) -> ChatInputs {
        let ChatInputsView {
            concurrency,
            aht_secs,
            service_level,
            threshold_secs,
        } = c;
        ChatInputs {
            concurrency,
            aht_secs,
            service_level,
            threshold_secs,
        }
    }
}

/// How email is sized: the core's [`EmailInputs`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailInputsView {
    pub aht_secs: Option<f64>,
    pub share: f64,
    pub within_hours: f64,
}

impl From<EmailInputs> for EmailInputsView {
    fn from(e: EmailInputs) -> EmailInputsView {
        let EmailInputs {
            aht_secs,
            share,
            within_hours,
        } = e;
        EmailInputsView {
            aht_secs,
            share,
            within_hours,
        }
    }
}

impl From<EmailInputsView> for EmailInputs {
    fn from(e: EmailInputsView) -> EmailInputs {
        let EmailInputsView {
            aht_secs,
            share,
            within_hours,
        } = e;
        EmailInputs {
            aht_secs,
            share,
            within_hours,
        }
    }
}

/// One channel's part of a sizing: the core's [`ChannelResult`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChannelResultView {
    pub channel: Channel,
    /// Agents in each interval of the sizing's time line.
    pub interval_agents: Vec<u32>,
    pub peak_agents: u32,
    pub agent_hours: f64,
    /// Email: items waiting at the end of the forecast.
    pub backlog: f64,
}

impl From<ChannelResult> for ChannelResultView {
    fn from(c: ChannelResult) -> ChannelResultView {
        let ChannelResult {
            channel,
            interval_agents,
            peak_agents,
            agent_hours,
            backlog,
        } = c;
        ChannelResultView {
            channel,
            interval_agents,
            peak_agents,
            agent_hours,
            backlog,
        }
    }
}

/// Agents per supporting position: the core's [`Ratios`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RatiosView {
    pub agents_per_team_leader: u32,
    pub agents_per_qa_specialist: u32,
    pub agents_per_trainer: u32,
    pub agents_per_wfm_planner: u32,
}

impl From<Ratios> for RatiosView {
    fn from(r: Ratios) -> RatiosView {
        let Ratios {
            agents_per_team_leader,
            agents_per_qa_specialist,
            agents_per_trainer,
            agents_per_wfm_planner,
        } = r;
        RatiosView {
            agents_per_team_leader,
            agents_per_qa_specialist,
            agents_per_trainer,
            agents_per_wfm_planner,
        }
    }
}

impl From<RatiosView> for Ratios {
    fn from(r: RatiosView) -> Ratios {
        let RatiosView {
            agents_per_team_leader,
            agents_per_qa_specialist,
            agents_per_trainer,
            agents_per_wfm_planner,
        } = r;
        Ratios {
            agents_per_team_leader,
            agents_per_qa_specialist,
            agents_per_trainer,
            agents_per_wfm_planner,
        }
    }
}

/// What the director sizes the center with: the core's [`StaffingInputs`] (its fields are
/// documented there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffingInputsView {
    /// Calls offered in one interval; none with a forecast.
    pub calls: Option<f64>,
    /// The forecast's intervals; empty when sizing a single interval.
    pub forecast: Vec<ForecastIntervalView>,
    /// The forecast's file name, for the manual; may be empty.
    pub forecast_source: String,
    pub interval_minutes: u32,
    pub aht_secs: Option<f64>,
    /// The share of calls to answer within the threshold, e.g. 0.8 of 80/20.
    pub service_level: f64,
    pub threshold_secs: f64,
    pub max_occupancy: Option<f64>,
    pub shrinkage: f64,
    /// Shrinkage by cause; when not empty, their combination is the shrinkage used.
    pub shrinkage_causes: Vec<ShrinkageShareView>,
    pub patience_secs: Option<f64>,
    pub fte_hours_per_day: f64,
    pub ratios: RatiosView,
    pub chat: ChatInputsView,
    pub email: EmailInputsView,
}

impl From<StaffingInputs> for StaffingInputsView {
    fn from(i: StaffingInputs) -> StaffingInputsView {
        let StaffingInputs {
            calls,
            forecast,
            forecast_source,
            interval_minutes,
            aht_secs,
            service_level,
            threshold_secs,
            max_occupancy,
            shrinkage,
            shrinkage_causes,
            patience_secs,
            fte_hours_per_day,
            ratios,
            chat,
            email,
        } = i;
        StaffingInputsView {
            calls,
            forecast: forecast.into_iter().map(Into::into).collect(),
            forecast_source,
            interval_minutes,
            aht_secs,
            service_level,
            threshold_secs,
            max_occupancy,
            shrinkage,
            shrinkage_causes: shrinkage_causes.into_iter().map(Into::into).collect(),
            patience_secs,
            fte_hours_per_day,
            ratios: ratios.into(),
            chat: chat.into(),
            email: email.into(),
        }
    }
}

impl From<StaffingInputsView> for StaffingInputs {
    fn from(i: StaffingInputsView) -> StaffingInputs {
        let StaffingInputsView {
            calls,
            forecast,
            forecast_source,
            interval_minutes,
            aht_secs,
            service_level,
            threshold_secs,
            max_occupancy,
            shrinkage,
            shrinkage_causes,
            patience_secs,
            fte_hours_per_day,
            ratios,
            chat,
            email,
        } = i;
        StaffingInputs {
            calls,
            forecast: forecast.into_iter().map(Into::into).collect(),
            forecast_source,
            interval_minutes,
            aht_secs,
            service_level,
            threshold_secs,
            max_occupancy,
            shrinkage,
            shrinkage_causes: shrinkage_causes.into_iter().map(Into::into).collect(),
            patience_secs,
            fte_hours_per_day,
            ratios: ratios.into(),
            chat: chat.into(),
            email: email.into(),
        }
    }
}

/// A sizing's outcome: the core's [`StaffingResult`] (its fields are documented there).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffingResultView {
    pub peak_agents: u32,
    pub peak_scheduled: u32,
    /// The first busiest interval; empty for a single interval.
    pub peak_interval: String,
    pub peak_service_level: f64,
    pub peak_occupancy: f64,
    pub scheduled_fte: f64,
    pub agents: u32,
    pub team_leaders: u32,
    pub qa_specialists: u32,
    pub trainers: u32,
    pub wfm_planners: u32,
    /// Agents required in each interval of the forecast's time line (all channels);
    /// empty for a single interval.
    pub interval_agents: Vec<u32>,
    /// Each channel of the forecast; empty for a single interval.
    pub channels: Vec<ChannelResultView>,
}

impl From<StaffingResult> for StaffingResultView {
    fn from(r: StaffingResult) -> StaffingResultView {
        let StaffingResult {
            peak_agents,
            peak_scheduled,
            peak_interval,
            peak_service_level,
            peak_occupancy,
            scheduled_fte,
            agents,
            team_leaders,
            qa_specialists,
            trainers,
            wfm_planners,
            interval_agents,
            channels,
        } = r;
        StaffingResultView {
            peak_agents,
            peak_scheduled,
            peak_interval,
            peak_service_level,
            peak_occupancy,
            scheduled_fte,
            agents,
            team_leaders,
            qa_specialists,
            trainers,
            wfm_planners,
            interval_agents,
            channels: channels.into_iter().map(Into::into).collect(),
        }
    }
}

/// The sizing a plan holds: the core's [`Staffing`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StaffingRecordView {
    pub inputs: StaffingInputsView,
    pub result: StaffingResultView,
}

impl From<Staffing> for StaffingRecordView {
    fn from(s: Staffing) -> StaffingRecordView {
        StaffingRecordView {
            inputs: s.inputs.into(),
            result: s.result.into(),
        }
    }
}

/// One interval as the chart of required agents draws it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntervalView {
    /// Empty for a single interval.
    pub start: String,
    pub channel: Channel,
    /// Contacts arriving: calls, chats or emails.
    pub calls: f64,
    pub agents: u32,
    pub scheduled: u32,
    /// For email: the share of the interval's arrivals answered within the target.
    pub service_level: f64,
    pub occupancy: f64,
    /// Email: items waiting at the end of the interval.
    pub backlog: Option<f64>,
}

/// One position of the headcount proposal, against the plan's current headcount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalRow {
    pub role: Role,
    pub node: String,
    /// The node's name in the chart, so the panel shows what the director calls the
    /// position; none when the chart has no such node.
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
    pub result: StaffingResultView,
    /// Every forecast row sized, in forecast order.
    pub intervals: Vec<IntervalView>,
    /// The distinct interval starts in order: the axis of the result's interval agents.
    pub timeline: Vec<String>,
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
            .map(|row| ForecastInterval::from(row).into())
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
                role: entry.role,
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
        result: staffing.result.into(),
        intervals: sized
            .intervals
            .into_iter()
            .map(|i| IntervalView {
                start: i.interval_start,
                channel: i.channel,
                calls: i.calls,
                agents: i.agents,
                scheduled: i.scheduled,
                service_level: i.performance.service_level,
                occupancy: i.performance.occupancy,
                backlog: i.backlog,
            })
            .collect(),
        timeline: sized.timeline,
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
