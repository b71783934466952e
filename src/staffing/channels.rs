//! Sizing the channels beside voice.
//!
//! - **Chat** is live like voice, but an agent holds up to N sessions at once. The
//!   method, as the manual names it, is *Erlang C over session slots*: N × agents slots
//!   each serve one session of the chat handle time, chats queue for the first free
//!   slot, and the fewest slots that meet the chat target (and the occupancy cap, per
//!   slot) are rounded up to whole agents. The tests check it against a discrete-event
//!   simulation of agents holding N sessions.
//! - **Email** (and tickets) waits: `share` of each interval's arrivals must be answered
//!   within `within_hours`, first in, first out. The staff of an interval is the
//!   smallest level that, held from that interval on, meets every deadline up to the
//!   one of the interval's own arrivals; what it leaves unanswered is carried into the
//!   next interval, and never more people than the work already arrived keeps busy. The forecast repeats (a day
//!   follows a day, a week a week), so the backlog at its end is carried into its start:
//!   the forecast is sized as the steady cycle, not as a first day with an empty inbox.

use super::StaffingError;
use super::erlang::{Load, Model, Performance, Target, ceil_tolerant, evaluate, required_agents};
use crate::model::Text;

/// The fewest agents holding `concurrency` sessions each that meet `target` under
/// `load`, and how that many perform (the performance counts slots as servers; its
/// `agents` is the agent count).
pub fn chat_agents(
    load: &Load,
    target: &Target,
    concurrency: u32,
) -> Result<(u32, Performance), StaffingError> {
    check_concurrency(concurrency)?;
    let slots = required_agents(load, target, Model::ErlangC)?.agents;
    let agents = slots.div_ceil(concurrency);
    let mut performance = evaluate(
        load,
        agents * concurrency,
        Model::ErlangC,
        target.threshold_secs,
    )?;
    performance.agents = agents;
    Ok((agents, performance))
}

/// Sessions one chat agent may hold: 1 to 4.
pub fn check_concurrency(concurrency: u32) -> Result<(), StaffingError> {
    if (1..=4).contains(&concurrency) {
        Ok(())
    } else {
        Err(StaffingError::OutOfRange {
            field: "chat-concurrency",
            message: Text::new(
                format!("必须为 1 到 4 个会话，而不是 {concurrency}"),
                format!("must be 1 to 4 sessions, not {concurrency}"),
            ),
        })
    }
}

/// An email response target: `share` of each interval's arrivals within `within_hours`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EmailTarget {
    pub share: f64,
    pub within_hours: f64,
    /// The share of an agent's interval spent answering (the occupancy cap, or 1).
    pub productive: f64,
}

/// Most hours an email target may allow: four weeks.
const MAX_WITHIN_HOURS: f64 = 672.0;

impl EmailTarget {
    pub fn validate(&self) -> Result<(), StaffingError> {
        if !(self.share > 0.0 && self.share <= 1.0) {
            return Err(StaffingError::OutOfRange {
                field: "email-share",
                message: Text::new(
                    "必须大于 0% 且不超过 100%",
                    "must be above 0 % and at most 100 %",
                ),
            });
        }
        if !(self.within_hours > 0.0 && self.within_hours <= MAX_WITHIN_HOURS) {
            return Err(StaffingError::OutOfRange {
                field: "email-within",
                message: Text::new(
                    "必须大于 0 且不超过 672 小时（四周）",
                    "must be above 0 and at most 672 hours (four weeks)",
                ),
            });
        }
        if !(self.productive > 0.0 && self.productive <= 1.0) {
            return Err(StaffingError::OutOfRange {
                field: "max-occupancy",
                message: Text::new("必须大于 0 且不超过 1", "must be above 0 and at most 1"),
            });
        }
        Ok(())
    }
}

/// One interval of email arrivals: when it starts (minutes from the start of the
/// forecast's first day), how many items arrive and their handle time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmailInterval {
    pub minute: u64,
    pub items: f64,
    pub aht_secs: f64,
}

/// The email channel sized interval by interval.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EmailPlan {
    pub agents: Vec<u32>,
    /// Items waiting at the end of each interval.
    pub backlog: Vec<f64>,
    /// Seconds of work answered in each interval (its own arrivals and the backlog).
    pub worked: Vec<f64>,
    /// The share of each interval's arrivals answered within the target (1 when nothing
    /// arrives).
    pub in_time: Vec<f64>,
    /// The share of all items answered within the target.
    pub overall_in_time: f64,
}

/// Most times the forecast is unrolled to reach its steady cycle.
const MAX_CYCLES: u64 = 8;

/// Sizes email `rows` (in time order, within one cycle of `cycle_minutes`) for `target`,
/// with intervals of `interval_minutes`.
pub fn plan_email(
    rows: &[EmailInterval],
    interval_minutes: u64,
    cycle_minutes: u64,
    target: &EmailTarget,
) -> Result<EmailPlan, StaffingError> {
    target.validate()?;
    let m = rows.len();
    if m == 0 {
        return Ok(EmailPlan {
            agents: Vec::new(),
            backlog: Vec::new(),
            worked: Vec::new(),
            in_time: Vec::new(),
            overall_in_time: 1.0,
        });
    }
    let cycle_minutes = cycle_minutes.max(rows[m - 1].minute + interval_minutes);
    let within = (target.within_hours * 60.0).round() as u64;
    // Enough cycles that the reported one (the last but the look-ahead ones) starts with
    // the backlog a cycle leaves and has every deadline it owes inside the unrolled span.
    let ahead = within.div_ceil(cycle_minutes) + 1;
    let cycles = (ahead + 2).min(MAX_CYCLES);
    let reported = cycles - ahead.min(cycles - 1) - 1;
    let n = m * cycles as usize;
    let row = |i: usize| &rows[i % m];
    let start = |i: usize| (i / m) as u64 * cycle_minutes + row(i).minute;
    let work: Vec<f64> = (0..n).map(|i| row(i).items * row(i).aht_secs).collect();
    let mut before = vec![0.0; n + 1];
    for i in 0..n {
        before[i + 1] = before[i] + work[i];
    }
    // reach[j]: the last interval ending by arrival + target, at least j itself (the
    // arrivals of j can at best be answered in j). due[j] is reach[j] when that deadline
    // falls inside the unrolled span; the cohorts of the last cycles have theirs after it.
    let span_end = start(n - 1) + interval_minutes;
    let mut reach = vec![0; n];
    let mut due = vec![None; n];
    let mut k = 0;
    for j in 0..n {
        let deadline = start(j) + within;
        k = k.max(j);
        while k + 1 < n && start(k + 1) + interval_minutes <= deadline {
            k += 1;
        }
        reach[j] = k;
        if deadline < span_end {
            due[j] = Some(k);
        }
    }
    // required[k]: work done by the end of k so that the latest cohort due by then has
    // `share` answered, first in first out (all earlier cohorts done before it).
    let mut required = vec![0.0_f64; n];
    for (j, due) in due.iter().enumerate() {
        if let Some(k) = *due {
            required[k] = required[k].max(before[j] + target.share * work[j]);
        }
    }
    let capacity = interval_minutes as f64 * 60.0 * target.productive;
    let mut done = 0.0;
    let mut agents = vec![0_u32; n];
    let mut done_by = vec![0.0; n];
    for i in 0..n {
        // The level held from i that meets every deadline up to the one of i's own
        // arrivals: what arrives later is staffed when it arrives.
        let mut level = 0.0_f64;
        for (k, required) in required.iter().enumerate().take(reach[i] + 1).skip(i) {
            let owed = required - done;
            if owed > 0.0 {
                level = level.max(owed / (capacity * (k - i + 1) as f64));
            }
        }
        // Never more people than the work already arrived keeps busy: the level is
        // recomputed each interval, so what is not staffed now is staffed when it comes.
        let available = before[i + 1] - done;
        let level = ceil_tolerant(level).min(ceil_tolerant(available / capacity));
        if level > f64::from(crate::limits::MAX_STAFF_COUNT) {
            return Err(StaffingError::OutOfRange {
                field: "email-within",
                message: Text::new(
                    "邮件工作量在时限内需要的人数超过上限：请检查邮件量、处理时长和回复时限",
                    "answering the email within the target needs more agents than the limit: check the volume, handle time and target",
                ),
            });
        }
        agents[i] = level as u32;
        done = (done + level * capacity).min(before[i + 1]);
        done_by[i] = done;
    }

    let first = reported as usize * m;
    let cycle = first..first + m;
    let mut backlog = Vec::with_capacity(m);
    let mut worked = Vec::with_capacity(m);
    let mut in_time = Vec::with_capacity(m);
    let (mut items, mut items_in_time) = (0.0, 0.0);
    for i in cycle.clone() {
        backlog.push(waiting_items(rows, &before, done_by[i], i, m));
        worked.push(done_by[i] - if i == 0 { 0.0 } else { done_by[i - 1] });
        let answered = match due[i] {
            Some(k) if work[i] > 0.0 => ((done_by[k] - before[i]) / work[i]).clamp(0.0, 1.0),
            _ => 1.0,
        };
        in_time.push(answered);
        items += row(i).items;
        items_in_time += row(i).items * answered;
    }
    Ok(EmailPlan {
        agents: agents[cycle].to_vec(),
        backlog,
        worked,
        in_time,
        overall_in_time: if items > 0.0 {
            items_in_time / items
        } else {
            1.0
        },
    })
}

/// Items not yet answered at the end of unrolled interval `i`, when `done` seconds of
/// work are done: whole cohorts and the unanswered part of the one being worked.
fn waiting_items(rows: &[EmailInterval], before: &[f64], done: f64, i: usize, m: usize) -> f64 {
    let mut waiting = 0.0;
    for j in (0..=i).rev() {
        let (start, end) = (before[j], before[j + 1]);
        if end <= done + 1e-9 {
            break;
        }
        let row = &rows[j % m];
        let work = end - start;
        if work > 0.0 {
            waiting += row.items * ((end - done.max(start)) / work);
        }
    }
    waiting
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hourly(items: &[f64], aht_secs: f64) -> Vec<EmailInterval> {
        items
            .iter()
            .enumerate()
            .map(|(i, &items)| EmailInterval {
                minute: i as u64 * 60,
                items,
                aht_secs,
            })
            .collect()
    }

    fn target(share: f64, within_hours: f64) -> EmailTarget {
        EmailTarget {
            share,
            within_hours,
            productive: 1.0,
        }
    }

    /// Worked by hand: four hours open in a day, 60 emails of 6 minutes each arriving in
    /// the first hour (6 agent-hours), all answered within 2 hours. The first cohort is
    /// due by the end of the second hour, so 6 agent-hours over 2 hours: 3 agents in each;
    /// then nothing is left to do.
    #[test]
    fn a_burst_is_spread_up_to_its_deadline() {
        let rows = hourly(&[60.0, 0.0, 0.0, 0.0], 360.0);
        let plan = plan_email(&rows, 60, 1440, &target(1.0, 2.0)).unwrap();
        assert_eq!(plan.agents, [3, 3, 0, 0]);
        assert_eq!(plan.backlog, [30.0, 0.0, 0.0, 0.0]);
        assert_eq!(plan.worked, [10800.0, 10800.0, 0.0, 0.0]);
        assert_eq!(plan.in_time[0], 1.0);
        assert_eq!(plan.overall_in_time, 1.0);
    }

    /// Worked by hand: 20 emails of 6 minutes (2 agent-hours) every hour from 08:00 to
    /// 11:00, target 100 % within 1 hour: each cohort is due at the end of its own hour,
    /// so 2 agents every hour and nothing carried.
    #[test]
    fn a_deadline_within_the_interval_staffs_each_interval_for_its_own_work() {
        let rows = hourly(&[20.0, 20.0, 20.0], 360.0);
        let plan = plan_email(&rows, 60, 1440, &target(1.0, 1.0)).unwrap();
        assert_eq!(plan.agents, [2, 2, 2]);
        assert!(plan.backlog.iter().all(|b| *b == 0.0));
    }

    /// Worked by hand: 10 emails of 24 minutes (4 agent-hours) arrive at 11:00, the last
    /// hour of a day open 08:00–12:00, and 90 % must be answered within 26 hours, so each
    /// day's cohort is due by the end of the next day. Held level, that is 4 agent-hours a
    /// day over 4 open hours: 1 agent every hour. The steady day starts with 7.5 emails
    /// carried overnight (3 of the 4 hours of work), answers them by 11:00, and carries
    /// 7.5 of the new cohort into the next day.
    #[test]
    fn a_daily_cycle_carries_the_backlog_overnight() {
        let rows = hourly(&[0.0, 0.0, 0.0, 10.0], 1440.0);
        let plan = plan_email(&rows, 60, 1440, &target(0.9, 26.0)).unwrap();
        assert_eq!(plan.agents, [1, 1, 1, 1]);
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-9);
        assert!(
            close(&plan.backlog, &[5.0, 2.5, 0.0, 7.5]),
            "{:?}",
            plan.backlog
        );
        assert_eq!(plan.overall_in_time, 1.0);

        // Within 4 hours the cohort is due by the close the same day: 90 % of 4 hours of
        // work in the one hour left needs ⌈3.6⌉ = 4 agents, and the hours before it none.
        let plan = plan_email(&rows, 60, 1440, &target(0.9, 4.0)).unwrap();
        assert_eq!(plan.agents, [0, 0, 0, 4]);
        assert_eq!(plan.backlog, [0.0, 0.0, 0.0, 0.0]);
    }

    /// Whatever the arrivals, the plan meets the share it was sized for, and never
    /// staffs an interval when no work is owed.
    #[test]
    fn the_share_is_met_for_every_cohort() {
        let mut seed = 7_u64;
        let mut next = |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for _ in 0..200 {
            let len = 1 + next(24) as usize;
            let items: Vec<f64> = (0..len).map(|_| next(40) as f64).collect();
            let rows = hourly(&items, 60.0 + next(600) as f64);
            let share = [0.8, 0.9, 1.0][next(3) as usize];
            let within = [1.0, 4.0, 8.0, 24.0, 48.0][next(5) as usize];
            let plan = plan_email(&rows, 60, 1440, &target(share, within)).unwrap();
            for (j, answered) in plan.in_time.iter().enumerate() {
                assert!(
                    *answered >= share - 1e-6,
                    "cohort {j} of {items:?} within {within} h: {answered} < {share} ({:?})",
                    plan.agents
                );
            }
        }
    }

    #[test]
    fn email_targets_out_of_range_name_their_field() {
        let rows = hourly(&[1.0], 60.0);
        let err = plan_email(&rows, 60, 1440, &target(0.0, 24.0)).unwrap_err();
        assert!(matches!(
            err,
            StaffingError::OutOfRange {
                field: "email-share",
                ..
            }
        ));
        let err = plan_email(&rows, 60, 1440, &target(0.9, 0.0)).unwrap_err();
        assert!(matches!(
            err,
            StaffingError::OutOfRange {
                field: "email-within",
                ..
            }
        ));
    }

    /// A seeded discrete-event simulation of chat: Poisson arrivals, exponential
    /// sessions, `agents` agents holding up to `concurrency` sessions each, chats queued
    /// first in first out for the first free session. Returns the share answered within
    /// `threshold` over `chats` arrivals after a warm-up.
    fn simulate_chat(
        rate_per_sec: f64,
        aht_secs: f64,
        agents: u32,
        concurrency: u32,
        threshold: f64,
        seed: u64,
    ) -> f64 {
        let mut state = seed;
        let mut uniform = move || {
            // SplitMix64.
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ((z >> 11) as f64 + 0.5) / (1_u64 << 53) as f64
        };
        // Each agent's sessions: the times they come free.
        let mut sessions: Vec<Vec<f64>> = vec![vec![0.0; concurrency as usize]; agents as usize];
        let (warm_up, chats) = (4_000, 40_000);
        let (mut now, mut within) = (0.0, 0_u32);
        for n in 0..warm_up + chats {
            now += -uniform().ln() / rate_per_sec;
            // The first session to come free, on any agent.
            let (mut best_agent, mut best_slot, mut best) = (0, 0, f64::INFINITY);
            for (a, slots) in sessions.iter().enumerate() {
                for (s, free) in slots.iter().enumerate() {
                    if *free < best {
                        (best_agent, best_slot, best) = (a, s, *free);
                    }
                }
            }
            let begin = best.max(now);
            sessions[best_agent][best_slot] = begin - uniform().ln() * aht_secs;
            if n >= warm_up && begin - now <= threshold {
                within += 1;
            }
        }
        f64::from(within) / f64::from(chats)
    }

    /// The fewest agents the simulation finds meeting `service_level`.
    fn simulated_agents(load: &Load, target: &Target, concurrency: u32, seed: u64) -> u32 {
        let rate = load.calls / load.interval_secs;
        let mut agents = (load.traffic() / f64::from(concurrency)).floor() as u32 + 1;
        while simulate_chat(
            rate,
            load.aht_secs,
            agents,
            concurrency,
            target.threshold_secs,
            seed,
        ) < target.service_level
        {
            agents += 1;
        }
        agents
    }

    #[test]
    fn chat_sizing_matches_a_simulation_of_agents_holding_several_sessions() {
        let cases = [
            // chats in 30 min, session AHT, concurrency, SL, threshold
            (60.0, 600.0, 2, 0.8, 60.0),
            (120.0, 900.0, 3, 0.8, 30.0),
            (200.0, 480.0, 2, 0.9, 60.0),
            (40.0, 720.0, 1, 0.8, 60.0),
            (300.0, 1200.0, 4, 0.85, 45.0),
            (90.0, 360.0, 3, 0.7, 20.0),
        ];
        for (seed, (chats, aht_secs, concurrency, service_level, threshold_secs)) in
            cases.into_iter().enumerate()
        {
            let load = Load {
                calls: chats,
                interval_secs: 1800.0,
                aht_secs,
            };
            let target = Target {
                service_level,
                threshold_secs,
                max_occupancy: None,
            };
            let (agents, performance) = chat_agents(&load, &target, concurrency).unwrap();
            assert!(performance.service_level >= service_level);
            let simulated = simulated_agents(&load, &target, concurrency, seed as u64 + 1);
            assert!(
                agents.abs_diff(simulated) <= 1,
                "{chats} chats of {aht_secs} s at {concurrency} sessions: {agents} sized, {simulated} simulated"
            );
        }
    }

    #[test]
    fn chat_concurrency_outside_one_to_four_is_refused() {
        let load = Load {
            calls: 10.0,
            interval_secs: 1800.0,
            aht_secs: 300.0,
        };
        let target = Target {
            service_level: 0.8,
            threshold_secs: 60.0,
            max_occupancy: None,
        };
        for concurrency in [0, 5] {
            let err = chat_agents(&load, &target, concurrency).unwrap_err();
            assert!(matches!(
                err,
                StaffingError::OutOfRange {
                    field: "chat-concurrency",
                    ..
                }
            ));
        }
        // One session an agent is voice's arithmetic.
        let (agents, _) = chat_agents(&load, &target, 1).unwrap();
        assert_eq!(
            agents,
            required_agents(&load, &target, Model::ErlangC)
                .unwrap()
                .agents
        );
    }
}
