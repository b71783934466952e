//! Interval plans: a day or week of 15-, 30- or 60-minute intervals read from a CSV
//! forecast, each sized for the target, with the peak and the totals in FTE.
//!
//! The forecast has a header row with `interval_start` and `calls`, and optionally `aht`
//! (seconds, or a duration such as `3:00`) when handle time varies through the day, and
//! `channel` (voice, chat or email, or their Chinese names) when the center answers more
//! than calls: then `calls` counts the channel's contacts, one row per channel and
//! interval, and each channel is sized its own way ([`super::channels`]); the agents of
//! an interval are the channels' sum.
//! `interval_start` is a time of day (`08:30`), optionally after a day (`Mon 08:30`,
//! `2024-05-06 08:30`); the distinct days count how many working days the totals cover.

use std::collections::HashSet;

use serde::Serialize;

use super::channels::{EmailInterval, EmailTarget, chat_agents, check_concurrency, plan_email};
use super::erlang::{
    Load, Model, Performance, Target, ceil_tolerant, required_agents, scheduled_staff,
};
use super::{StaffingError, parse_duration};
use crate::limits;
use crate::model::{Channel, ChannelResult, ChatInputs, EmailInputs};

/// One row of a forecast. `line` is where it sits in the CSV text (1-based).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastRow {
    pub interval_start: String,
    pub calls: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aht_secs: Option<f64>,
    #[serde(skip_serializing_if = "Channel::is_voice")]
    pub channel: Channel,
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
            channel: row.channel,
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
const CHANNEL: &str = "channel";

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
    let mut columns = [None; 4];
    for (index, name) in header.iter().enumerate() {
        let slot = match name.to_ascii_lowercase().as_str() {
            START => 0,
            CALLS => 1,
            AHT => 2,
            CHANNEL => 3,
            other => {
                return Err(forecast_error(
                    1,
                    index + 1,
                    format!(
                        "未知的列 `{other}`（应为 interval_start、calls，以及可选的 aht、channel）"
                    ),
                    format!(
                        "unknown column `{other}` (expected interval_start, calls and optionally aht and channel)"
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
    let [Some(start), Some(calls), aht, channel] = columns else {
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
    let mut last: [Option<(TimeKey, String)>; 3] = [None, None, None];
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
        let row_channel = match channel.map(|column| (column, &record[column])) {
            None | Some((_, "")) => Channel::Voice,
            Some((column, text)) => Channel::parse(text).ok_or_else(|| {
                forecast_error(
                    line,
                    column + 1,
                    format!(
                        "channel `{text}` 不是语音（voice）、在线文字（chat）或邮件/工单（email）"
                    ),
                    format!("channel `{text}` is not voice, chat or email"),
                )
            })?,
        };
        if !seen.insert((interval_start.clone(), row_channel)) {
            let (zh, en) = match channel {
                None => (
                    format!("时段 `{interval_start}` 出现了两次"),
                    format!("interval `{interval_start}` appears twice"),
                ),
                Some(_) => (
                    format!(
                        "{}渠道的时段 `{interval_start}` 出现了两次",
                        row_channel.name().zh
                    ),
                    format!(
                        "interval `{interval_start}` appears twice for {}",
                        row_channel.name().en
                    ),
                ),
            };
            return Err(forecast_error(line, start + 1, zh, en));
        }
        // Intervals follow each other in time: a shuffled file would be sized in the wrong
        // order and its peak reported at the wrong time.
        let key = time_key(&interval_start);
        let last = &mut last[row_channel as usize];
        if let Some((previous, previous_text)) = &*last
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
        *last = Some((key, interval_start.clone()));
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
            channel: row_channel,
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
    let forecast = Forecast { rows };
    // The channels must agree on the order of the intervals they share.
    timeline(&forecast.rows)?;
    Ok(forecast)
}

/// The intervals of a forecast as one time line: the distinct interval starts in order,
/// and for each row the index of its start on that line.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub starts: Vec<String>,
    pub slot: Vec<usize>,
}

/// Merges the channels' interval sequences into one time line. An interval only one
/// channel has goes where that channel puts it; when two channels each have an interval
/// the other lacks, the earlier time of day (on the same day) goes first. Two channels
/// listing shared intervals in different orders are refused, naming the row.
pub fn timeline(rows: &[ForecastRow]) -> Result<Timeline, StaffingError> {
    let chains: Vec<Vec<usize>> = Channel::ALL
        .iter()
        .map(|channel| {
            (0..rows.len())
                .filter(|&i| rows[i].channel == *channel)
                .collect()
        })
        .filter(|chain: &Vec<usize>| !chain.is_empty())
        .collect();
    let positions: Vec<std::collections::HashMap<&str, usize>> = chains
        .iter()
        .map(|chain| {
            chain
                .iter()
                .enumerate()
                .map(|(at, &row)| (rows[row].interval_start.as_str(), at))
                .collect()
        })
        .collect();
    let mut heads = vec![0_usize; chains.len()];
    let mut starts = Vec::new();
    let mut slot = vec![0_usize; rows.len()];
    loop {
        let head = |c: usize| chains[c].get(heads[c]).map(|&row| &rows[row]);
        // A chain's head may go next when no other chain has it still to come later.
        let ready = |c: usize| {
            let start = head(c)
                .expect("only live chains are asked")
                .interval_start
                .as_str();
            (0..chains.len()).all(|d| positions[d].get(start).is_none_or(|&at| at <= heads[d]))
        };
        let live: Vec<usize> = (0..chains.len()).filter(|&c| head(c).is_some()).collect();
        if live.is_empty() {
            break;
        }
        let mut chosen: Option<usize> = None;
        for &c in live.iter().filter(|&&c| ready(c)) {
            let earlier = chosen.is_none_or(|best| {
                let key = |c: usize| time_key(&head(c).expect("live").interval_start);
                out_of_order(&key(best), &key(c))
            });
            if earlier {
                chosen = Some(c);
            }
        }
        let Some(chosen) = chosen else {
            // The later of the rows in conflict is where the file departs from the order.
            let row = live
                .iter()
                .map(|&c| head(c).expect("live"))
                .max_by_key(|row| row.line)
                .expect("some chain is live");
            return Err(forecast_error(
                row.line,
                0,
                format!(
                    "{}渠道的时段 `{}` 与其他渠道的时段顺序不一致：请让各渠道按同一时间顺序排列时段",
                    row.channel.name().zh,
                    row.interval_start
                ),
                format!(
                    "the {} interval `{}` is in a different order than in the other channels: list every channel's intervals in the same time order",
                    row.channel.name().en,
                    row.interval_start
                ),
            ));
        };
        let start = head(chosen).expect("live").interval_start.clone();
        let taking: Vec<usize> = (0..chains.len())
            .filter(|&c| head(c).is_some_and(|row| row.interval_start == start))
            .collect();
        for c in taking {
            slot[chains[c][heads[c]]] = starts.len();
            heads[c] += 1;
        }
        starts.push(start);
    }
    Ok(Timeline { starts, slot })
}

/// Minutes from the start of the first day to each start of `starts` (a time line in
/// order): the day count grows where the day part changes. Returns the minutes and the
/// days the line spans.
fn minutes_of(starts: &[String]) -> (Vec<u64>, u64) {
    let mut day = 0_u64;
    let mut previous: Option<&str> = None;
    let minutes = starts
        .iter()
        .map(|start| {
            let (date, time) = start.rsplit_once(' ').unwrap_or(("", start));
            if previous.is_some_and(|p| p != date) {
                day += 1;
            }
            previous = Some(date);
            day * 1440 + u64::from(time_key(time).1)
        })
        .collect();
    (minutes, day + 1)
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
    /// The handle time of voice rows without their own.
    pub default_aht_secs: Option<f64>,
    /// The voice target; its occupancy cap holds for every channel.
    pub target: Target,
    pub model: Model,
    pub shrinkage: f64,
    /// Paid hours of one full-time agent per working day (8 in most centers).
    pub fte_hours_per_day: f64,
    pub chat: ChatInputs,
    pub email: EmailInputs,
}

/// One row of the forecast, sized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalResult {
    pub interval_start: String,
    #[serde(skip_serializing_if = "Channel::is_voice")]
    pub channel: Channel,
    pub calls: f64,
    pub aht_secs: f64,
    pub agents: u32,
    pub scheduled: u32,
    /// How the agents perform: for chat counted over their sessions; for email the
    /// service level is the share of the interval's arrivals answered within the target.
    pub performance: Performance,
    /// Email only: items still waiting at the end of the interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlog: Option<f64>,
}

/// A forecast sized interval by interval, with its peak and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalPlan {
    pub interval_minutes: u32,
    /// Every row sized, in forecast order.
    pub intervals: Vec<IntervalResult>,
    /// The distinct interval starts in time order, and the agents of all channels in each.
    pub timeline: Vec<String>,
    pub timeline_agents: Vec<u32>,
    /// Each channel the forecast has, in the order voice, chat, email.
    pub channels: Vec<ChannelResult>,
    /// The first interval with the most agents (all channels together).
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

impl IntervalPlan {
    /// The row that decides the peak's service level: the one with the most agents in the
    /// peak interval.
    pub fn peak_row(&self) -> &IntervalResult {
        self.intervals
            .iter()
            .filter(|row| row.interval_start == self.peak_interval)
            .max_by_key(|row| row.agents)
            .expect("the peak interval has a row")
    }
}

fn aht_missing(row: &ForecastRow) -> StaffingError {
    let (zh, en) = match row.channel {
        Channel::Voice => (
            "此时段没有平均处理时长，也没有给出默认值".to_owned(),
            "no aht for this interval and no default aht given".to_owned(),
        ),
        channel => (
            format!(
                "此{}时段没有平均处理时长，也没有给出{}的默认处理时长",
                channel.name().zh,
                channel.name().zh
            ),
            format!(
                "no aht for this {0} interval and no default {0} aht given",
                channel.name().en
            ),
        ),
    };
    forecast_error(row.line, 0, zh, en)
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
    let rows = &forecast.rows;
    let has = |channel: Channel| rows.iter().any(|row| row.channel == channel);
    if has(Channel::Chat) {
        check_concurrency(options.chat.concurrency)?;
    }
    let email_target = EmailTarget {
        share: options.email.share,
        within_hours: options.email.within_hours,
        productive: options.target.max_occupancy.unwrap_or(1.0),
    };
    if has(Channel::Email) {
        email_target.validate()?;
    }
    let line = timeline(rows)?;
    let (minutes, days) = minutes_of(&line.starts);

    let mut intervals = Vec::with_capacity(rows.len());
    for row in rows {
        let default_aht = match row.channel {
            Channel::Voice => options.default_aht_secs,
            Channel::Chat => options.chat.aht_secs,
            Channel::Email => options.email.aht_secs,
        };
        let aht_secs = row
            .aht_secs
            .or(default_aht)
            .ok_or_else(|| aht_missing(row))?;
        let load = Load {
            calls: row.calls,
            interval_secs: options.interval_secs,
            aht_secs,
        };
        let (agents, performance) = match row.channel {
            Channel::Voice => {
                let sizing = required_agents(&load, &options.target, options.model)?;
                (sizing.agents, sizing.performance)
            }
            Channel::Chat => {
                let target = Target {
                    service_level: options.chat.service_level,
                    threshold_secs: options.chat.threshold_secs,
                    max_occupancy: options.target.max_occupancy,
                };
                chat_agents(&load, &target, options.chat.concurrency).map_err(chat_field)?
            }
            // Sized below, all email rows together.
            Channel::Email => {
                load.validate()?;
                (0, email_performance(&load, 0, 1.0, 0.0))
            }
        };
        intervals.push(IntervalResult {
            interval_start: row.interval_start.clone(),
            channel: row.channel,
            calls: row.calls,
            aht_secs,
            agents,
            scheduled: scheduled_staff(agents, options.shrinkage)?,
            performance,
            backlog: None,
        });
    }
    let email_rows: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].channel == Channel::Email)
        .collect();
    if !email_rows.is_empty() {
        let arrivals: Vec<EmailInterval> = email_rows
            .iter()
            .map(|&i| EmailInterval {
                minute: minutes[line.slot[i]],
                items: intervals[i].calls,
                aht_secs: intervals[i].aht_secs,
            })
            .collect();
        let email = plan_email(
            &arrivals,
            u64::from(interval_minutes),
            days * 1440,
            &email_target,
        )?;
        for (at, &i) in email_rows.iter().enumerate() {
            let load = Load {
                calls: intervals[i].calls,
                interval_secs: options.interval_secs,
                aht_secs: intervals[i].aht_secs,
            };
            let row = &mut intervals[i];
            row.agents = email.agents[at];
            row.scheduled = scheduled_staff(row.agents, options.shrinkage)?;
            row.performance =
                email_performance(&load, row.agents, email.in_time[at], email.worked[at]);
            row.backlog = Some(email.backlog[at]);
        }
    }

    let hours_per_interval = options.interval_secs / 3600.0;
    let mut timeline_agents = vec![0_u32; line.starts.len()];
    let mut channels = Vec::new();
    for channel in Channel::ALL {
        if !has(channel) {
            continue;
        }
        let mut agents = vec![0_u32; line.starts.len()];
        let mut backlog = 0.0;
        for (i, row) in intervals.iter().enumerate() {
            if row.channel == channel {
                agents[line.slot[i]] = row.agents;
                backlog = row.backlog.unwrap_or(0.0);
            }
        }
        for (total, agents) in timeline_agents.iter_mut().zip(&agents) {
            *total = total.saturating_add(*agents);
        }
        channels.push(ChannelResult {
            channel,
            peak_agents: agents.iter().copied().max().unwrap_or(0),
            agent_hours: agents.iter().map(|a| f64::from(*a)).sum::<f64>() * hours_per_interval,
            interval_agents: agents,
            backlog,
        });
    }
    let (peak_slot, &peak_agents) = timeline_agents
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|(_, agents)| **agents)
        .expect("a forecast has rows");
    let agent_hours: f64 = timeline_agents
        .iter()
        .map(|a| f64::from(*a) * hours_per_interval)
        .sum();
    let scheduled_hours = agent_hours / (1.0 - options.shrinkage);
    let fte = scheduled_hours / (options.fte_hours_per_day * days as f64);
    let peak_scheduled = scheduled_staff(peak_agents, options.shrinkage)?;
    Ok(IntervalPlan {
        interval_minutes,
        peak_interval: line.starts[peak_slot].clone(),
        peak_agents,
        peak_scheduled,
        agent_hours,
        scheduled_hours,
        days: days as usize,
        fte,
        headcount: (ceil_tolerant(fte) as u32).max(peak_scheduled),
        intervals,
        timeline: line.starts,
        timeline_agents,
        channels,
    })
}

/// Chat's service-level target is its own: name it so, not as the voice target.
fn chat_field(err: StaffingError) -> StaffingError {
    match err {
        StaffingError::OutOfRange {
            field: "sl",
            message,
        } => StaffingError::OutOfRange {
            field: "chat-sl",
            message,
        },
        other => other,
    }
}

/// An email interval's figures: the work arriving in erlangs, the share of its arrivals
/// answered in time, and how busy its agents are with what they answer (`worked`
/// seconds: the interval's own arrivals and the backlog).
fn email_performance(load: &Load, agents: u32, in_time: f64, worked: f64) -> Performance {
    Performance {
        agents,
        traffic_erlangs: load.traffic(),
        probability_wait: 0.0,
        service_level: in_time,
        asa_secs: 0.0,
        occupancy: if agents == 0 {
            0.0
        } else {
            (worked / (f64::from(agents) * load.interval_secs)).min(1.0)
        },
        probability_abandon: None,
    }
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
            chat: ChatInputs::default(),
            email: EmailInputs::default(),
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
            "forecast line 1, column 3: unknown column `queue` (expected interval_start, calls and optionally aht and channel)",
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

    fn channel_options() -> IntervalOptions {
        let mut options = options(Some(180.0));
        options.chat = ChatInputs {
            concurrency: 2,
            aht_secs: Some(600.0),
            service_level: 0.8,
            threshold_secs: 60.0,
        };
        options.email = EmailInputs {
            aht_secs: Some(300.0),
            share: 0.9,
            within_hours: 24.0,
        };
        options
    }

    #[test]
    fn channels_are_sized_their_own_way_and_add_up_per_interval() {
        // Chinese channel names, one row per channel and interval, chat starting before
        // voice and email only in the afternoon block.
        let text = "interval_start,channel,calls\n\
                    07:30,在线文字,20\n\
                    08:00,语音,100\n08:00,chat,30\n\
                    08:30,voice,120\n08:30,chat,40\n08:30,email,60\n\
                    09:00,voice,80\n09:00,邮件,30\n";
        let forecast = parse_forecast(text).unwrap();
        let plan = plan_intervals(&forecast, &channel_options()).unwrap();
        assert_eq!(plan.timeline, ["07:30", "08:00", "08:30", "09:00"]);
        let keys: Vec<Channel> = plan.channels.iter().map(|c| c.channel).collect();
        assert_eq!(keys, [Channel::Voice, Channel::Chat, Channel::Email]);
        // Voice is Erlang C as before: 100 calls of 180 s at 80/20 and 85 % need 14.
        let voice = |calls: f64| {
            let load = Load {
                calls,
                interval_secs: 1800.0,
                aht_secs: 180.0,
            };
            required_agents(&load, &options(None).target, Model::ErlangC)
                .unwrap()
                .agents
        };
        assert_eq!(voice(100.0), 14);
        assert_eq!(
            plan.channels[0].interval_agents,
            [0, 14, voice(120.0), voice(80.0)]
        );
        // Chat: Erlang C over two sessions an agent.
        let chat = |chats: f64| {
            let load = Load {
                calls: chats,
                interval_secs: 1800.0,
                aht_secs: 600.0,
            };
            let target = Target {
                service_level: 0.8,
                threshold_secs: 60.0,
                max_occupancy: Some(0.85),
            };
            chat_agents(&load, &target, 2).unwrap().0
        };
        assert_eq!(
            plan.channels[1].interval_agents,
            [chat(20.0), chat(30.0), chat(40.0), 0]
        );
        // The channels' agents add up to the interval's.
        for slot in 0..plan.timeline.len() {
            let sum: u32 = plan.channels.iter().map(|c| c.interval_agents[slot]).sum();
            assert_eq!(plan.timeline_agents[slot], sum, "slot {slot}");
        }
        assert_eq!(plan.peak_interval, "08:30");
        assert_eq!(plan.peak_agents, plan.timeline_agents[2]);
        // Email carries what it does not answer into the next interval.
        let email: Vec<&IntervalResult> = plan
            .intervals
            .iter()
            .filter(|i| i.channel == Channel::Email)
            .collect();
        assert_eq!(email.len(), 2);
        assert!(email.iter().all(|i| i.backlog.is_some()));
        let hours: f64 = plan
            .timeline_agents
            .iter()
            .map(|a| f64::from(*a) * 0.5)
            .sum();
        assert!((plan.agent_hours - hours).abs() < 1e-9);
    }

    #[test]
    fn a_voice_only_forecast_sizes_as_before_channels_existed() {
        let text = "interval_start,calls\n08:00,100\n08:30,1000\n09:00,60\n";
        let plan = plan_intervals(&parse_forecast(text).unwrap(), &options(Some(180.0))).unwrap();
        let rows: Vec<u32> = plan.intervals.iter().map(|i| i.agents).collect();
        assert_eq!(plan.timeline_agents, rows);
        assert_eq!(plan.channels.len(), 1);
        assert_eq!(plan.channels[0].interval_agents, rows);
        assert_eq!(plan.peak_row().interval_start, "08:30");
    }

    #[test]
    fn channel_errors_name_line_and_column() {
        let check = |text: &str, expected: &str| {
            let err = parse_forecast(text)
                .and_then(|f| plan_intervals(&f, &options(Some(180.0))))
                .unwrap_err();
            assert_eq!(err.to_string(), expected, "{text:?}");
        };
        check(
            "interval_start,calls,channel\n08:00,1,fax\n",
            "forecast line 2, column 3: channel `fax` is not voice, chat or email",
        );
        check(
            "interval_start,calls,channel\n08:00,1,chat\n08:00,2,在线文字\n",
            "forecast line 3, column 1: interval `08:00` appears twice for chat",
        );
        check(
            "interval_start,calls,channel\n08:00,1,voice\n09:00,1,voice\n09:00,1,chat\n08:00,1,chat\n",
            "forecast line 5, column 1: interval `08:00` comes before `09:00` on the line above: list the intervals in time order",
        );
        check(
            "interval_start,calls,channel\nMon 08:00,1,voice\nTue 08:00,1,voice\nTue 08:00,1,chat\nMon 08:00,1,chat\n",
            "forecast line 4, column 0: the chat interval `Tue 08:00` is in a different order than in the other channels: list every channel's intervals in the same time order",
        );
        check(
            "interval_start,calls,channel\n08:00,1,chat\n",
            "forecast line 2, column 0: no aht for this chat interval and no default chat aht given",
        );
    }

    #[test]
    fn email_is_due_across_days_of_a_week() {
        // Emails arrive only on Monday morning; a 24-hour target spreads them into
        // Tuesday, and the week repeats, so nothing is left at the end of Sunday.
        let mut text = String::from("interval_start,channel,calls,aht\n");
        for day in ["Mon", "Tue", "Wed"] {
            for hour in 8..18 {
                let items = if day == "Mon" && hour == 8 { 240 } else { 0 };
                text.push_str(&format!("{day} {hour:02}:00,email,{items},300\n"));
            }
        }
        let mut options = channel_options();
        options.interval_secs = 3600.0;
        options.target.max_occupancy = None;
        let plan = plan_intervals(&parse_forecast(&text).unwrap(), &options).unwrap();
        let email = &plan.channels[0];
        assert_eq!(email.channel, Channel::Email);
        // 240 × 5 min = 20 agent-hours; 90 % (18 h) due by Tuesday 08:00's end, 11
        // working hours after arrival: ⌈18 / 11⌉ = 2 agents a day's hour at first.
        let monday: u32 = email.interval_agents[..10].iter().sum();
        let tuesday: u32 = email.interval_agents[10..20].iter().sum();
        assert!(monday + tuesday >= 18, "{:?}", email.interval_agents);
        assert_eq!(email.interval_agents[0], 2);
        assert!(email.interval_agents[20..].iter().all(|a| *a == 0));
        assert!(
            plan.intervals
                .iter()
                .all(|i| i.performance.service_level >= 0.9 - 1e-9)
        );
        assert_eq!(email.backlog, 0.0);
    }
}
