//! Staffing and KPIs: from forecast call volume and a service-level target to agents,
//! scheduled staff, the headcount of the chart's positions, and a day's KPIs.
//!
//! The module is pure computation: the forecast arrives as CSV text, the plan as a value,
//! and everything returns values or a [`StaffingError`] that names the field, line or
//! column at fault.
//!
//! - [`erlang`]: Erlang B, C and A queueing formulas, sizing for a target.
//! - [`intervals`]: a day or week of intervals from a CSV forecast, sized one by one.
//! - [`channels`]: chat (several sessions an agent) and email (a backlog answered within
//!   hours) beside voice.
//! - [`headcount`]: ratios (agents per team leader, ...) → a proposal for the chart.
//! - [`record`]: the sizing a plan stores, and the one edit that accepts it.
//! - [`shifts`]: how many people on which shifts cover the staff required per interval.
//! - [`shrinkage`]: shrinkage by cause (planned, unplanned) combined into the one share.
//! - [`kpi`]: answer rate, abandon rate, service level and AHT from a day's statistics.

pub mod channels;
pub mod erlang;
pub mod headcount;
pub mod intervals;
pub mod kpi;
pub mod record;
pub mod shifts;
pub mod shrinkage;

pub use erlang::{
    Load, Model, Performance, Sizing, Target, evaluate, required_agents, scheduled_staff,
};
pub use headcount::{
    PositionIds, Proposal, ProposalEntry, Ratios, Role, apply_proposal, propose_headcount,
};
pub use intervals::{
    Forecast, ForecastRow, IntervalOptions, IntervalPlan, IntervalResult, parse_forecast,
    plan_intervals,
};
pub use kpi::{DayStats, KpiReport, day_kpis};

/// What can go wrong when sizing, reading a forecast, or deriving headcount.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StaffingError {
    /// Erlang C has no steady state when the offered traffic reaches the agent count:
    /// the queue grows without bound, so there is no wait to report.
    #[error(
        "unstable queue: {traffic:.2} erlangs of traffic need more than {agents} agents (the queue would grow without bound)"
    )]
    Unstable { traffic: f64, agents: u32 },
    /// An input outside its meaningful range.
    #[error("{field}: {}", message.en)]
    OutOfRange {
        field: &'static str,
        message: crate::model::Text,
    },
    /// No agent count up to the search limit met the target (only with extreme inputs).
    #[error("no staffing up to {limit} agents meets the target")]
    Unreachable { limit: u32 },
    /// A malformed forecast; `line` and `column` are 1-based, column 0 means the whole row.
    #[error("forecast line {line}, column {column}: {}", message.en)]
    Forecast {
        line: u64,
        column: usize,
        message: crate::model::Text,
    },
    /// A day's statistics that contradict each other (e.g. more answered than offered).
    #[error("{field}: {}", message.en)]
    Inconsistent {
        field: &'static str,
        message: crate::model::Text,
    },
    /// An accepted proposal entry that is not in the proposal or not in the chart.
    #[error("headcount proposal: {}", message.en)]
    Proposal { message: crate::model::Text },
}

impl crate::error::Failure for StaffingError {
    fn code(&self) -> &'static str {
        match self {
            StaffingError::Unstable { .. } => "staffing.unstable",
            StaffingError::OutOfRange { .. } => "staffing.out-of-range",
            StaffingError::Unreachable { .. } => "staffing.unreachable",
            StaffingError::Forecast { .. } => "staffing.forecast",
            StaffingError::Inconsistent { .. } => "staffing.inconsistent",
            StaffingError::Proposal { .. } => "staffing.proposal",
        }
    }

    /// A field is named as the staffing panel labels it, a forecast cell by line and
    /// column.
    fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang;
        match (self, lang) {
            (StaffingError::OutOfRange { field, message }, lang)
            | (StaffingError::Inconsistent { field, message }, lang) => {
                let (zh, en) = field_label(field);
                match lang {
                    Lang::Zh => format!("{zh}：{}", message.zh),
                    Lang::En => format!("{en}: {}", message.en),
                }
            }
            (
                StaffingError::Forecast {
                    line,
                    column,
                    message,
                },
                lang,
            ) => match (lang, column) {
                (Lang::Zh, 0) => format!("预测文件第 {line} 行：{}", message.zh),
                (Lang::Zh, _) => format!("预测文件第 {line} 行第 {column} 列：{}", message.zh),
                (Lang::En, _) => self.to_string(),
            },
            (StaffingError::Proposal { message }, Lang::Zh) => {
                format!("编制建议无法采纳：{}", message.zh)
            }
            (StaffingError::Unstable { traffic, agents }, Lang::Zh) => format!(
                "队列不稳定：{traffic:.2} 爱尔兰的话务量需要多于 {agents} 名坐席（否则队列会无限增长）"
            ),
            (StaffingError::Unreachable { limit }, Lang::Zh) => {
                format!("坐席数达到 {limit} 名仍无法满足目标（请检查服务水平目标和话务量）")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// A staffing input's name as the staffing panel and the CLI flags call it.
fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "calls" => ("来电量", "calls"),
        "aht" => ("平均处理时长", "average handle time"),
        "interval" => ("时段长度", "interval"),
        "sl" => ("服务水平目标", "service level target"),
        "max-occupancy" => ("最高占用率", "maximum occupancy"),
        "shrinkage" => ("缩减率", "shrinkage"),
        "patience" => ("平均耐心时长", "patience"),
        "fte-hours-per-day" => ("每名全职人员每日工时", "paid hours per day"),
        "offered" => ("来电量", "offered"),
        "answered" => ("接通量", "answered"),
        "abandoned" => ("放弃量", "abandoned"),
        "within-threshold" => ("阈值内接通量", "within threshold"),
        "talk" => ("通话时长", "talk time"),
        "acw" => ("话后处理时长", "after-call work"),
        "chat-concurrency" => ("在线文字并发会话数", "chat sessions per agent"),
        "chat-sl" => ("在线文字服务水平目标", "chat service level target"),
        "email-share" => ("邮件按时回复比例", "email share answered in time"),
        "email-within" => ("邮件回复时限", "email response target"),
        _ => ("测算参数", "staffing input"),
    }
}

/// Parses a duration as people write it: `180s`, `180`, `30m`, `1h`, `2:25` (minutes and
/// seconds) or `1:02:25`, also with decimals (`2.5m`). Returns seconds, or `None`.
pub fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.contains(':') {
        let mut seconds = 0.0;
        for part in text.split(':') {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            seconds = seconds * 60.0 + part.parse::<f64>().ok()?;
        }
        return (text.split(':').count() <= 3 && seconds.is_finite()).then_some(seconds);
    }
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let factor = match unit.trim() {
        "s" | "sec" | "secs" => 1.0,
        "m" | "min" | "mins" => 60.0,
        "h" | "hr" | "hrs" => 3600.0,
        _ => return None,
    };
    let value: f64 = number.trim().parse().ok()?;
    // Finite after scaling too: `1e308h` overflows to infinity.
    let seconds = value * factor;
    (seconds.is_finite() && seconds >= 0.0).then_some(seconds)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_read_as_people_write_them() {
        let check = |text: &str, expected: Option<f64>| {
            assert_eq!(parse_duration(text), expected, "{text}");
        };
        check("180s", Some(180.0));
        check("180", Some(180.0));
        check("30m", Some(1800.0));
        check("1h", Some(3600.0));
        check("2.5m", Some(150.0));
        check("2:25", Some(145.0));
        check("0:34", Some(34.0));
        check("1:02:25", Some(3745.0));
        check(" 20 s ", Some(20.0));
        check("-5s", None);
        check("5x", None);
        check("2:", None);
        check("a:b", None);
        check("", None);
        check("1:2:3:4", None);
    }
}
