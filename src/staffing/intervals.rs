//! Interval plans: a day or week of 15-, 30- or 60-minute intervals read from a CSV
//! forecast, each sized for the target, with the peak and the totals in FTE.
//!
//! The forecast has a header row with `interval_start` and `calls`, and optionally `aht`
//! (seconds, or a duration such as `3:00`) when handle time varies through the day.
//! `interval_start` is a time of day (`08:30`), optionally after a day (`Mon 08:30`,
//! `2024-05-06 08:30`); the distinct days count how many working days the totals cover.

use std::collections::HashSet;

use serde::Serialize;

use super::erlang::{
    Load, Model, Performance, Target, ceil_tolerant, required_agents, scheduled_staff,
};
use super::{StaffingError, parse_duration};
use crate::limits;

/// One row of a forecast. `line` is where it sits in the CSV text (1-based).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastRow {
    pub interval_start: String,
    pub calls: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aht_secs: Option<f64>,
    #[serde(skip)]
    pub line: u64,
}

impl From<ForecastRow> for crate::model::ForecastInterval {
    /// The row as a plan records it (the line number is the file's, not the plan's).
    fn from(row: ForecastRow) -> Self {
        crate::model::ForecastInterval {
            start: row.interval_start,
            calls: row.calls,
            aht_secs: row.aht_secs,
        }
    }
}

/// A parsed forecast, rows in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub rows: Vec<ForecastRow>,
}

impl Forecast {
    /// Working days the forecast covers: distinct day prefixes of `interval_start`.
    pub fn days(&self) -> usize {
        count_days(self.rows.iter().map(|row| row.interval_start.as_str()))
    }
}

/// How many days interval starts (`YYYY-MM-DD HH:MM`, or a bare time for one day) span:
/// the distinct dates, at least one.
pub fn count_days<'a>(starts: impl IntoIterator<Item = &'a str>) -> usize {
    let days: HashSet<&str> = starts
        .into_iter()
        .map(|start| start.rsplit_once(' ').map_or("", |(day, _)| day))
        .collect();
    days.len().max(1)
}

const START: &str = "interval_start";
const CALLS: &str = "calls";
const AHT: &str = "aht";

/// Parses forecast CSV text. Errors name the line and column at fault. The text and the
/// number of intervals must be within [`crate::limits`].
pub fn parse_forecast(text: &str) -> Result<Forecast, StaffingError> {
    if let Err(err) = limits::check_input_size("forecast", text.len() as u64) {
        return Err(forecast_error(
            1,
            0,
            format!(
                "预测文件过大（{} 字节，上限 {} 字节）",
                text.len(),
                limits::MAX_INPUT_BYTES
            ),
            err.to_string(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(csv_error)?.clone();
    let mut columns = [None; 3];
    for (index, name) in header.iter().enumerate() {
        let slot = match name.to_ascii_lowercase().as_str() {
            START => 0,
            CALLS => 1,
            AHT => 2,
            other => {
                return Err(forecast_error(
                    1,
                    index + 1,
                    format!("未知的列 `{other}`（应为 interval_start、calls，以及可选的 aht）"),
                    format!(
                        "unknown column `{other}` (expected interval_start, calls and optionally aht)"
                    ),
                ));
            }
        };
        if columns[slot].replace(index).is_some() {
            return Err(forecast_error(
                1,
                index + 1,
                format!("列 `{name}` 出现了两次"),
                format!("column `{name}` appears twice"),
            ));
        }
    }
    let [Some(start), Some(calls), aht] = columns else {
        let missing = if columns[0].is_none() { START } else { CALLS };
        return Err(forecast_error(
            1,
            0,
            format!("缺少列 `{missing}`"),
            format!("missing column `{missing}`"),
        ));
    };

    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    let mut last: Option<(TimeKey, String)> = None;
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        if rows.len() == limits::MAX_FORECAST_ROWS {
            return Err(forecast_error(
                line,
                0,
                format!(
                    "超过 {} 个时段，这是一份预测的上限",
                    limits::MAX_FORECAST_ROWS
                ),
                format!(
                    "more than {} intervals, the limit of one forecast",
                    limits::MAX_FORECAST_ROWS
                ),
            ));
        }
        let interval_start = record[start].to_owned();
        if !ends_with_time_of_day(&interval_start) {
            return Err(forecast_error(
                line,
                start + 1,
                format!("interval_start `{interval_start}` 不是 08:30 这样的时刻"),
                format!("interval_start `{interval_start}` is not a time of day such as 08:30"),
            ));
        }
        if !seen.insert(interval_start.clone()) {
            return Err(forecast_error(
                line,
                start + 1,
                format!("时段 `{interval_start}` 出现了两次"),
                format!("interval `{interval_start}` appears twice"),
            ));
        }
        // Intervals follow each other in time: a shuffled file would be sized in the wrong
        // order and its peak reported at the wrong time.
        let key = time_key(&interval_start);
        if let Some((previous, previous_text)) = &last
            && out_of_order(previous, &key)
        {
            return Err(forecast_error(
                line,
                start + 1,
                format!(
                    "时段 `{interval_start}` 早于上一行的 `{previous_text}`：请按时间顺序排列时段"
                ),
                format!(
                    "interval `{interval_start}` comes before `{previous_text}` on the line above: list the intervals in time order"
                ),
            ));
        }
        last = Some((key.clone(), interval_start.clone()));
        let calls_text = &record[calls];
        let calls_value = calls_text
            .parse::<f64>()
            .ok()
            .filter(|c| c.is_finite() && *c >= 0.0)
            .ok_or_else(|| {
                forecast_error(
                    line,
                    calls + 1,
                    format!("calls `{calls_text}` 不是不小于 0 的数"),
                    format!("calls `{calls_text}` is not a number of 0 or more"),
                )
            })?;
        let aht_secs = match aht.map(|column| (column, &record[column])) {
            None | Some((_, "")) => None,
            Some((column, text)) => Some(
                parse_duration(text)
                    .filter(|secs| *secs > 0.0)
                    .ok_or_else(|| {
                        forecast_error(
                            line,
                            column + 1,
                            format!("aht `{text}` 不是 180 或 3:00 这样的时长"),
                            format!("aht `{text}` is not a duration such as 180 or 3:00"),
                        )
                    })?,
            ),
        };
        rows.push(ForecastRow {
            interval_start,
            calls: calls_value,
            aht_secs,
            line,
        });
    }
    if rows.is_empty() {
        return Err(forecast_error(
            1,
            0,
            "表头之后没有任何时段".to_owned(),
            "no intervals after the header".to_owned(),
        ));
    }
    Ok(Forecast { rows })
}

/// What orders an interval's start: its words before the time (numbers compared as
/// numbers), then the minutes of the day.
type TimeKey = (Vec<(u64, String)>, u32);

/// Whether `key` comes before `previous` in time: within one day (same date part) the
/// time of day must grow; across days only dates that start with a number (2026-03-02,
/// d9 and d10) are compared, since day names (Mon, 周一) have no agreed first day.
fn out_of_order(previous: &TimeKey, key: &TimeKey) -> bool {
    let dated = |k: &TimeKey| k.0.first().is_some_and(|p| p.1.is_empty());
    if previous.0 == key.0 || (dated(previous) && dated(key)) {
        key < previous
    } else {
        false
    }
}

/// What orders interval starts: the date part in natural order (numbers by value, so
/// ISO dates and `d9` before `d10` both sort right), then the time of day in minutes (so
/// 8:30 comes before 10:00).
fn time_key(start: &str) -> TimeKey {
    let (date, time) = start.rsplit_once(' ').unwrap_or(("", start));
    let minutes = time
        .split_once(':')
        .and_then(|(h, m)| Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?))
        .unwrap_or(0);
    let mut parts: Vec<(u64, String)> = Vec::new();
    let mut chars = date.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        let digits = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek().filter(|c| c.is_ascii_digit() == digits) {
            run.push(c);
            chars.next();
        }
        parts.push(if digits {
            (run.parse().unwrap_or(u64::MAX), String::new())
        } else {
            (0, run)
        });
    }
    (parts, minutes)
}

/// `08:30` or `Mon 08:30`: the last word is HH:MM on the clock.
fn ends_with_time_of_day(start: &str) -> bool {
    let time = start.rsplit(' ').next().unwrap_or(start);
    let Some((hours, minutes)) = time.split_once(':') else {
        return false;
    };
    let number = |text: &str, below: u32| {
        (1..=2).contains(&text.len()) && text.parse::<u32>().is_ok_and(|value| value < below)
    };
    number(hours, 24) && minutes.len() == 2 && number(minutes, 60)
}

fn csv_error(err: csv::Error) -> StaffingError {
    let line = err.position().map_or(0, |p| p.line());
    let (zh, en) = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("有 {len} 个字段，而表头有 {expected_len} 个"),
            format!("{len} fields where the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { .. } => (
            "不是 UTF-8 文本（请以 UTF-8 编码另存为 CSV）".to_owned(),
            "not UTF-8 text (save the CSV as UTF-8)".to_owned(),
        ),
        _ => (format!("无法读取（{err}）"), err.to_string()),
    };
    forecast_error(line, 0, zh, en)
}

fn forecast_error(line: u64, column: usize, zh: String, en: String) -> StaffingError {
    StaffingError::Forecast {
        line,
        column,
        message: crate::model::Text::new(zh, en),
    }
}

/// How to size a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntervalOptions {
    /// 900, 1800 or 3600.
    pub interval_secs: f64,
    /// The handle time of rows without their own.
    pub default_aht_secs: Option<f64>,
    pub target: Target,
    pub model: Model,
    pub shrinkage: f64,
    /// Paid hours of one full-time agent per working day (8 in most centers).
    pub fte_hours_per_day: f64,
}

/// One interval, sized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalResult {
    pub interval_start: String,
    pub calls: f64,
    pub aht_secs: f64,
    pub agents: u32,
    pub scheduled: u32,
    pub performance: Performance,
}

/// A forecast sized interval by interval, with its peak and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalPlan {
    pub interval_minutes: u32,
    pub intervals: Vec<IntervalResult>,
    /// The first interval with the most agents.
    pub peak_interval: String,
    pub peak_agents: u32,
    pub peak_scheduled: u32,
    /// Agent-hours on the phones over the whole forecast.
    pub agent_hours: f64,
    /// Agent-hours to schedule, shrinkage added.
    pub scheduled_hours: f64,
    pub days: usize,
    /// Full-time equivalents: scheduled hours over the paid hours of one agent.
    pub fte: f64,
    /// People to employ as agents: the FTE rounded up, and never fewer than the busiest
    /// interval schedules at once (hours spread over a week cannot put one person in two
    /// seats at the peak).
    pub headcount: u32,
}

/// Sizes every interval of `forecast` for `options.target`.
pub fn plan_intervals(
    forecast: &Forecast,
    options: &IntervalOptions,
) -> Result<IntervalPlan, StaffingError> {
    let interval_minutes = match options.interval_secs {
        900.0 => 15,
        1800.0 => 30,
        3600.0 => 60,
        _ => {
            return Err(StaffingError::OutOfRange {
                field: "interval",
                message: crate::model::Text::new(
                    "预测的时段长度必须为 15、30 或 60 分钟",
                    "a forecast's intervals must be 15, 30 or 60 minutes",
                ),
            });
        }
    };
    if !(options.fte_hours_per_day > 0.0 && options.fte_hours_per_day <= 24.0) {
        return Err(StaffingError::OutOfRange {
            field: "fte-hours-per-day",
            message: crate::model::Text::new(
                "必须大于 0 且不超过 24",
                "must be above 0 and at most 24",
            ),
        });
    }
    // Checked once here so each interval does not fail on it separately.
    scheduled_staff(0, options.shrinkage)?;

    let mut intervals = Vec::with_capacity(forecast.rows.len());
    for row in &forecast.rows {
        let aht_secs = row.aht_secs.or(options.default_aht_secs).ok_or_else(|| {
            forecast_error(
                row.line,
                0,
                "此时段没有平均处理时长，也没有给出默认值".to_owned(),
                "no aht for this interval and no default aht given".to_owned(),
            )
        })?;
        let load = Load {
            calls: row.calls,
            interval_secs: options.interval_secs,
            aht_secs,
        };
        let sizing = required_agents(&load, &options.target, options.model)?;
        intervals.push(IntervalResult {
            interval_start: row.interval_start.clone(),
            calls: row.calls,
            aht_secs,
            agents: sizing.agents,
            scheduled: scheduled_staff(sizing.agents, options.shrinkage)?,
            performance: sizing.performance,
        });
    }
    let peak = intervals
        .iter()
        .rev()
        .max_by_key(|interval| interval.agents)
        .expect("a forecast has rows");
    let hours_per_interval = options.interval_secs / 3600.0;
    let agent_hours: f64 = intervals
        .iter()
        .map(|i| f64::from(i.agents) * hours_per_interval)
        .sum();
    let scheduled_hours = agent_hours / (1.0 - options.shrinkage);
    let days = forecast.days();
    let fte = scheduled_hours / (options.fte_hours_per_day * days as f64);
    Ok(IntervalPlan {
        interval_minutes,
        peak_interval: peak.interval_start.clone(),
        peak_agents: peak.agents,
        peak_scheduled: peak.scheduled,
        agent_hours,
        scheduled_hours,
        days,
        fte,
        headcount: (ceil_tolerant(fte) as u32).max(peak.scheduled),
        intervals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(default_aht_secs: Option<f64>) -> IntervalOptions {
        IntervalOptions {
            interval_secs: 1800.0,
            default_aht_secs,
            target: Target {
                service_level: 0.8,
                threshold_secs: 20.0,
                max_occupancy: Some(0.85),
            },
            model: Model::ErlangC,
            shrinkage: 0.3,
            fte_hours_per_day: 8.0,
        }
    }

    #[test]
    fn a_day_is_sized_interval_by_interval() {
        let text =
            "interval_start,calls,aht\n08:00,100,\n08:30,100,3:00\n09:00,200,180\n09:30,0,\n";
        let forecast = parse_forecast(text).unwrap();
        assert_eq!(forecast.rows.len(), 4);
        assert_eq!(forecast.rows[2].line, 4);
        let plan = plan_intervals(&forecast, &options(Some(180.0))).unwrap();
        let agents: Vec<u32> = plan.intervals.iter().map(|i| i.agents).collect();
        assert_eq!(agents[..2], [14, 14]);
        assert_eq!(agents[3], 0);
        assert_eq!(plan.peak_interval, "09:00");
        assert_eq!(plan.peak_agents, agents[2]);
        assert_eq!(plan.days, 1);
        let hours = f64::from(agents.iter().sum::<u32>()) * 0.5;
        assert!((plan.agent_hours - hours).abs() < 1e-9);
        assert!((plan.fte - hours / 0.7 / 8.0).abs() < 1e-9);
        // Two hours of calls are far less than a day's FTE: the peak sets the headcount.
        assert!((hours / 0.7 / 8.0).ceil() < f64::from(plan.peak_scheduled));
        assert_eq!(plan.headcount, plan.peak_scheduled);
    }

    #[test]
    fn days_are_counted_from_the_interval_prefix() {
        let forecast =
            parse_forecast("interval_start,calls\nMon 08:00,10\nMon 08:30,10\nTue 08:00,10\n")
                .unwrap();
        assert_eq!(forecast.days(), 2);
    }

    #[test]
    fn forecast_errors_name_line_and_column() {
        let check = |text: &str, expected: &str| {
            let err = parse_forecast(text)
                .and_then(|f| plan_intervals(&f, &options(None)))
                .unwrap_err();
            assert_eq!(err.to_string(), expected, "{text:?}");
        };
        check(
            "interval_start,calls\n08:00,100\n08:30,lots\n",
            "forecast line 3, column 2: calls `lots` is not a number of 0 or more",
        );
        check(
            "interval_start,calls\n08:00,-1\n",
            "forecast line 2, column 2: calls `-1` is not a number of 0 or more",
        );
        check(
            "calls,interval_start\n100,8h\n",
            "forecast line 2, column 2: interval_start `8h` is not a time of day such as 08:30",
        );
        check(
            "interval_start,calls\n08:00,1\n08:00,2\n",
            "forecast line 3, column 1: interval `08:00` appears twice",
        );
        check(
            "interval_start,calls,aht\n08:00,1,soon\n",
            "forecast line 2, column 3: aht `soon` is not a duration such as 180 or 3:00",
        );
        check(
            "interval_start,calls,queue\n",
            "forecast line 1, column 3: unknown column `queue` (expected interval_start, calls and optionally aht)",
        );
        check(
            "interval_start\n08:00\n",
            "forecast line 1, column 0: missing column `calls`",
        );
        check(
            "interval_start,calls\n",
            "forecast line 1, column 0: no intervals after the header",
        );
        check(
            "interval_start,calls\n08:00,1,2\n",
            "forecast line 2, column 0: 3 fields where the header has 2",
        );
        check(
            "interval_start,calls\n08:00,100\n",
            "forecast line 2, column 0: no aht for this interval and no default aht given",
        );
    }

    #[test]
    fn only_quarter_half_and_full_hour_intervals_plan_a_forecast() {
        let forecast = parse_forecast("interval_start,calls\n08:00,10\n").unwrap();
        let mut twenty = options(Some(180.0));
        twenty.interval_secs = 1200.0;
        assert!(matches!(
            plan_intervals(&forecast, &twenty),
            Err(StaffingError::OutOfRange {
                field: "interval",
                ..
            })
        ));
    }
}
