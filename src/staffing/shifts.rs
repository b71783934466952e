//! Shift coverage: how many people start on each shift of the plan's shift table, on each
//! day, so that the people at work cover the staff required in every interval with the
//! fewest people.
//!
//! The requirement is the staff to schedule per interval (agents with shrinkage added, so
//! the breaks of the shift table are already in it, as the shrinkage category "breaks"):
//! a person counts in every interval of their shift. A fixed shift starts at its start
//! time each day; a flexible one (only its length is fixed) may start at any interval
//! boundary. The horizon is whole days, and it wraps: a night shift of the last day runs
//! into the first day's morning, as a week repeats.
//!
//! The choice is an integer program — minimise Σ people, subject to, for every interval,
//! Σ people of the shifts at work ≥ required — solved with `good_lp` on its pure-Rust
//! `microlp` backend under a time limit. Without breaks placed inside them the shifts
//! cover runs of consecutive intervals, so the relaxation is usually integral already and
//! the solve takes milliseconds. An interval no shift covers cannot be met and is reported
//! as such; the rest are always met. When the time limit ends the search, the best
//! solution found stands and is marked not proven optimal.

use std::time::Duration;

use good_lp::{
    Expression, ResolutionError, Solution, SolverModel, Variable, WithTimeLimit, constraint,
    microlp, variable, variables,
};
use serde::Serialize;

use crate::model::Text;
use crate::rules::Shift;

use super::StaffingError;

/// How long the solver may search before the best solution found is taken.
const TIME_LIMIT: Duration = Duration::from_secs(2);
/// The most intervals a horizon may have: four weeks of 15-minute intervals.
pub const MAX_INTERVALS: usize = 4 * 7 * 96;
/// The most shifts a table may have for coverage.
pub const MAX_SHIFTS: usize = 64;

/// People starting one shift on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftStart {
    /// The shift's place in the shift table.
    pub shift: usize,
    /// 0 for the horizon's first day.
    pub day: usize,
    /// Minutes after midnight.
    pub start_minute: u32,
    pub people: u32,
}

/// The shifts chosen, and how well they cover the requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub interval_minutes: u32,
    /// Only the starts with people, by day, then start time, then table order.
    pub starts: Vec<ShiftStart>,
    /// People at work in each interval.
    pub scheduled: Vec<u32>,
    /// Scheduled minus required in each interval: over (> 0) or under (< 0) coverage.
    pub balance: Vec<i64>,
    /// Every interval that no shift covers, whose requirement cannot be met.
    pub uncoverable: Vec<usize>,
    /// People on shift over the horizon (one person on one day counts once).
    pub people: u32,
    /// Whether the solver proved that no fewer people can cover the requirement.
    pub optimal: bool,
}

/// A shift placed on the horizon: which shift, where it starts, how many intervals long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placement {
    shift: usize,
    day: usize,
    start: usize,
    len: usize,
}

fn out_of_range(field: &'static str, zh: String, en: String) -> StaffingError {
    StaffingError::OutOfRange {
        field,
        message: Text::new(zh, en),
    }
}

/// Chooses how many people start on each shift of `shifts` on each day so that the
/// intervals of `required` (whole days of `interval_minutes`, from midnight) are covered
/// with the fewest people.
pub fn cover(
    required: &[u32],
    interval_minutes: u32,
    shifts: &[Shift],
) -> Result<Coverage, StaffingError> {
    if !matches!(interval_minutes, 5 | 10 | 15 | 20 | 30 | 60) {
        return Err(out_of_range(
            "interval",
            format!("时段长度须为 5、10、15、20、30 或 60 分钟，而不是 {interval_minutes} 分钟"),
            format!("must be 5, 10, 15, 20, 30 or 60 minutes, not {interval_minutes}"),
        ));
    }
    let per_day = (24 * 60 / interval_minutes) as usize;
    if required.is_empty() || !required.len().is_multiple_of(per_day) {
        return Err(out_of_range(
            "interval",
            format!(
                "需要整天的时段（每天 {per_day} 个），而不是 {} 个",
                required.len()
            ),
            format!(
                "needs whole days of intervals ({per_day} a day), not {}",
                required.len()
            ),
        ));
    }
    if required.len() > MAX_INTERVALS {
        return Err(out_of_range(
            "interval",
            format!(
                "时段最多 {MAX_INTERVALS} 个（四周），而不是 {} 个",
                required.len()
            ),
            format!(
                "at most {MAX_INTERVALS} intervals (four weeks), not {}",
                required.len()
            ),
        ));
    }
    if shifts.is_empty() || shifts.len() > MAX_SHIFTS {
        return Err(out_of_range(
            "shifts",
            format!(
                "排班表须有 1 到 {MAX_SHIFTS} 个班次，而不是 {} 个",
                shifts.len()
            ),
            format!(
                "the shift table needs 1 to {MAX_SHIFTS} shifts, not {}",
                shifts.len()
            ),
        ));
    }
    let days = required.len() / per_day;
    let mut placements = Vec::new();
    for (index, shift) in shifts.iter().enumerate() {
        let length = shift.length_minutes();
        let start = u32::from(shift.start.minutes());
        if !length.is_multiple_of(interval_minutes)
            || (!shift.flexible && !start.is_multiple_of(interval_minutes))
        {
            return Err(out_of_range(
                "shifts",
                format!(
                    "班次“{}”的开始时间和时长须落在 {interval_minutes} 分钟的时段边界上",
                    shift.name.zh
                ),
                format!(
                    "shift \"{}\" must start and end on {interval_minutes}-minute interval boundaries",
                    shift.name.en
                ),
            ));
        }
        let len = ((length / interval_minutes) as usize).min(required.len());
        for day in 0..days {
            if shift.flexible {
                for offset in 0..per_day {
                    placements.push(Placement {
                        shift: index,
                        day,
                        start: day * per_day + offset,
                        len,
                    });
                }
            } else {
                placements.push(Placement {
                    shift: index,
                    day,
                    start: day * per_day + (start / interval_minutes) as usize,
                    len,
                });
            }
        }
    }
    let columns: Vec<Vec<usize>> = placements
        .iter()
        .map(|p| {
            (p.start..p.start + p.len)
                .map(|i| i % required.len())
                .collect()
        })
        .collect();
    let solved = solve_cover(required, &columns)?;
    let mut scheduled = vec![0u32; required.len()];
    for (column, &people) in columns.iter().zip(&solved.people) {
        for &i in column {
            scheduled[i] += people;
        }
    }
    let mut starts: Vec<ShiftStart> = placements
        .iter()
        .zip(&solved.people)
        .filter(|(_, people)| **people > 0)
        .map(|(p, &people)| ShiftStart {
            shift: p.shift,
            day: p.day,
            start_minute: ((p.start % per_day) as u32) * interval_minutes,
            people,
        })
        .collect();
    starts.sort_by_key(|s| (s.day, s.start_minute, s.shift));
    Ok(Coverage {
        interval_minutes,
        starts,
        balance: scheduled
            .iter()
            .zip(required)
            .map(|(&s, &r)| i64::from(s) - i64::from(r))
            .collect(),
        scheduled,
        uncoverable: solved.uncoverable,
        people: solved.people.iter().sum(),
        optimal: solved.optimal,
    })
}

/// The people of each column (a set of interval indexes a person on it works in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverSolution {
    pub people: Vec<u32>,
    /// The intervals with a requirement that no column covers.
    pub uncoverable: Vec<usize>,
    pub optimal: bool,
}

/// The set-covering integer program: the fewest people over `columns` so that every
/// interval `i` that some column covers has at least `required[i]` people at work.
pub fn solve_cover(
    required: &[u32],
    columns: &[Vec<usize>],
) -> Result<CoverSolution, StaffingError> {
    let mut covering: Vec<Vec<usize>> = vec![Vec::new(); required.len()];
    for (c, column) in columns.iter().enumerate() {
        for &i in column {
            if let Some(list) = covering.get_mut(i) {
                list.push(c);
            }
        }
    }
    let uncoverable: Vec<usize> = (0..required.len())
        .filter(|&i| required[i] > 0 && covering[i].is_empty())
        .collect();
    let peak = required.iter().copied().max().unwrap_or(0);
    if peak == 0 || columns.is_empty() {
        return Ok(CoverSolution {
            people: vec![0; columns.len()],
            uncoverable,
            optimal: true,
        });
    }
    // Nobody needs more people on one column than the busiest interval it covers.
    let mut vars = variables!();
    let x: Vec<Variable> = columns
        .iter()
        .map(|column| {
            let bound = column.iter().map(|&i| required[i]).max().unwrap_or(0);
            vars.add(variable().integer().min(0).max(f64::from(bound)))
        })
        .collect();
    let objective: Expression = x.iter().sum();
    let mut model = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(TIME_LIMIT.as_secs_f64());
    for (i, list) in covering.iter().enumerate() {
        if required[i] == 0 || list.is_empty() {
            continue;
        }
        let at_work: Expression = list.iter().map(|&c| x[c]).sum();
        model = model.with(constraint!(at_work >= f64::from(required[i])));
    }
    let (mut people, optimal) = match model.solve() {
        Ok(solution) => {
            let optimal = matches!(solution.status(), good_lp::SolutionStatus::Optimal);
            let people = x
                .iter()
                .map(|&v| solution.value(v).round().max(0.0) as u32)
                .collect();
            (people, optimal)
        }
        // Out of time before any solution: cover greedily instead.
        Err(ResolutionError::Other(_)) => (greedy(required, columns, &covering), false),
        Err(err) => {
            return Err(out_of_range(
                "shifts",
                format!("无法求解排班覆盖：{err}"),
                format!("the shift coverage could not be solved: {err}"),
            ));
        }
    };
    // Rounding can never leave an interval short; should the solver's tolerance have done
    // so, the shortfall is topped up on the first column covering it.
    let mut at_work = vec![0u32; required.len()];
    for (column, &n) in columns.iter().zip(&people) {
        for &i in column {
            at_work[i] += n;
        }
    }
    for i in 0..required.len() {
        if let Some(&c) = covering[i].first()
            && at_work[i] < required[i]
        {
            let short = required[i] - at_work[i];
            people[c] += short;
            for &j in &columns[c] {
                at_work[j] += short;
            }
        }
    }
    Ok(CoverSolution {
        people,
        uncoverable,
        optimal,
    })
}

/// A feasible cover when the solver found none in time: repeatedly the column whose
/// intervals have the largest total shortfall, with as many people as its smallest
/// shortfall among them (at least one).
fn greedy(required: &[u32], columns: &[Vec<usize>], covering: &[Vec<usize>]) -> Vec<u32> {
    let mut short: Vec<u32> = required
        .iter()
        .zip(covering)
        .map(|(&r, list)| if list.is_empty() { 0 } else { r })
        .collect();
    let mut people = vec![0u32; columns.len()];
    loop {
        let best = columns
            .iter()
            .enumerate()
            .map(|(c, column)| (column.iter().map(|&i| u64::from(short[i])).sum::<u64>(), c))
            .max();
        let Some((gain, c)) = best else { break };
        if gain == 0 {
            break;
        }
        let add = columns[c]
            .iter()
            .map(|&i| short[i])
            .filter(|&s| s > 0)
            .min()
            .unwrap_or(1);
        people[c] += add;
        for &i in &columns[c] {
            short[i] = short[i].saturating_sub(add);
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ClockTime;

    fn shift(start: (u16, u16), end: (u16, u16), flexible: bool) -> Shift {
        Shift {
            name: Text::new("班", "shift"),
            start: ClockTime::new(start.0, start.1).unwrap(),
            end: ClockTime::new(end.0, end.1).unwrap(),
            flexible,
            meal_minutes: 0,
            breaks: 0,
            break_minutes: 0,
            purpose: Text::default(),
        }
    }

    fn hours(mask: &[u8], day: usize) -> Vec<usize> {
        mask.iter()
            .enumerate()
            .filter(|(_, on)| **on == 1)
            .map(|(h, _)| day * 24 + h)
            .collect()
    }

    /// pyworkforce's README scheduling example (two days of 24 hourly periods, four
    /// shifts): its `MinRequiredResources` schedules 113 people.
    #[test]
    fn the_pyworkforce_example_needs_no_more_people_than_its_min_required_resources() {
        let required: Vec<u32> = [
            [
                9, 11, 17, 9, 7, 12, 5, 11, 8, 9, 18, 17, 8, 12, 16, 8, 7, 12, 11, 10, 13, 19, 16,
                7,
            ],
            [
                13, 13, 12, 15, 18, 20, 13, 16, 17, 8, 13, 11, 6, 19, 11, 20, 19, 17, 10, 13, 14,
                23, 16, 8,
            ],
        ]
        .concat();
        let masks: [[u8; 24]; 4] = [
            [
                0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            ],
            [
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0,
            ],
            [
                1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
            ],
            [
                0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
            ],
        ];
        let columns: Vec<Vec<usize>> = (0..2)
            .flat_map(|day| masks.iter().map(move |m| hours(m, day)))
            .collect();
        let solved = solve_cover(&required, &columns).unwrap();
        let total: u32 = solved.people.iter().sum();
        assert!(total <= 113, "{total} people: {:?}", solved.people);
        // 113 is the optimum (each day: the night alone, the morning alone, the afternoon
        // with the mixed shift), so the proof of optimality matters too.
        assert_eq!(total, 113);
        assert!(solved.optimal);
        let mut at_work = vec![0; required.len()];
        for (column, n) in columns.iter().zip(&solved.people) {
            for &i in column {
                at_work[i] += n;
            }
        }
        assert!(at_work.iter().zip(&required).all(|(a, r)| a >= r));
    }

    /// Every assignment of 0..=3 people to each of up to four random columns over six
    /// intervals: the solver's total is the smallest feasible one.
    #[test]
    fn small_covers_are_optimal_against_exhaustive_search() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..60 {
            let intervals = 6;
            let required: Vec<u32> = (0..intervals).map(|_| next(4) as u32).collect();
            let columns: Vec<Vec<usize>> = (0..1 + next(4))
                .map(|_| {
                    let start = next(intervals as u64) as usize;
                    let len = 1 + next(4) as usize;
                    (start..start + len).map(|i| i % intervals).collect()
                })
                .collect();
            let solved = solve_cover(&required, &columns).unwrap();
            let coverable: Vec<bool> = (0..intervals)
                .map(|i| columns.iter().any(|c| c.contains(&i)))
                .collect();
            let feasible = |people: &[u32]| {
                (0..intervals).all(|i| {
                    !coverable[i]
                        || columns
                            .iter()
                            .zip(people)
                            .filter(|(c, _)| c.contains(&i))
                            .map(|(_, n)| n)
                            .sum::<u32>()
                            >= required[i]
                })
            };
            let mut best = u32::MAX;
            let n = columns.len() as u32;
            for code in 0..4u32.pow(n) {
                let people: Vec<u32> = (0..n).map(|k| (code / 4u32.pow(k)) % 4).collect();
                if feasible(&people) {
                    best = best.min(people.iter().sum());
                }
            }
            assert!(
                feasible(&solved.people),
                "{required:?} {columns:?} {solved:?}"
            );
            assert_eq!(
                solved.people.iter().sum::<u32>(),
                best,
                "{required:?} {columns:?}"
            );
            let expected: Vec<usize> = (0..intervals)
                .filter(|&i| required[i] > 0 && !coverable[i])
                .collect();
            assert_eq!(solved.uncoverable, expected);
        }
    }

    #[test]
    fn a_week_of_fixed_shifts_covers_every_coverable_interval_and_reports_the_rest() {
        // Open 08:00–22:00 every day; a busier Monday. Early 08:00–16:00, late 14:00–22:00.
        let per_day = 96;
        let required: Vec<u32> = (0..7 * per_day)
            .map(|i| {
                let (day, q) = (i / per_day, i % per_day);
                let open = (32..88).contains(&q);
                match (open, day) {
                    (false, _) => 0,
                    (true, 0) => 12 + (q % 7) as u32,
                    (true, _) => 6 + (q % 5) as u32,
                }
            })
            .collect();
        let mut required_with_gap = required.clone();
        // Someone asked for 23:00 on Tuesday, which no shift covers.
        required_with_gap[per_day + 92] = 2;
        let shifts = [
            shift((8, 0), (16, 0), false),
            shift((14, 0), (22, 0), false),
        ];
        let coverage = cover(&required_with_gap, 15, &shifts).unwrap();
        assert_eq!(coverage.uncoverable, vec![per_day + 92]);
        for (i, balance) in coverage.balance.iter().enumerate() {
            if i != per_day + 92 {
                assert!(*balance >= 0, "interval {i} is under by {}", -balance);
            }
        }
        assert_eq!(coverage.balance[per_day + 92], -2);
        assert!(coverage.optimal);
        // Monday needs more people than Tuesday, and every start is a table start.
        let monday: u32 = coverage
            .starts
            .iter()
            .filter(|s| s.day == 0)
            .map(|s| s.people)
            .sum();
        let tuesday: u32 = coverage
            .starts
            .iter()
            .filter(|s| s.day == 1)
            .map(|s| s.people)
            .sum();
        assert!(monday > tuesday, "{monday} vs {tuesday}");
        assert!(
            coverage
                .starts
                .iter()
                .all(|s| [480, 840].contains(&s.start_minute))
        );
        assert_eq!(
            coverage.people,
            coverage.starts.iter().map(|s| s.people).sum::<u32>()
        );
    }

    #[test]
    fn a_night_shift_of_the_last_day_covers_the_first_mornings() {
        // One day, needs 3 people from 00:00 to 04:00 and nobody else: a 22:00–06:00
        // night shift wraps into the same (repeating) day's small hours.
        let mut required = vec![0u32; 24];
        required[..4].fill(3);
        let coverage = cover(&required, 60, &[shift((22, 0), (6, 0), false)]).unwrap();
        assert_eq!(coverage.people, 3);
        assert!(coverage.uncoverable.is_empty());
        assert_eq!(coverage.scheduled[23], 3);
        assert_eq!(coverage.scheduled[6], 0);
    }

    #[test]
    fn a_flexible_shift_is_placed_where_it_is_needed() {
        // A 4-hour flexible shift against a 2-person need from 11:00 to 15:00.
        let mut required = vec![0u32; 24];
        required[11..15].fill(2);
        let coverage = cover(&required, 60, &[shift((0, 0), (4, 0), true)]).unwrap();
        assert_eq!(coverage.people, 2);
        assert_eq!(
            coverage.starts,
            vec![ShiftStart {
                shift: 0,
                day: 0,
                start_minute: 11 * 60,
                people: 2
            }]
        );
    }

    #[test]
    fn misaligned_shifts_and_partial_days_are_refused_naming_the_field() {
        let err = cover(&[1; 95], 15, &[shift((8, 0), (16, 0), false)]).unwrap_err();
        assert!(err.to_string().starts_with("interval:"), "{err}");
        let err = cover(&[1; 96], 15, &[shift((8, 10), (16, 10), false)]).unwrap_err();
        assert!(err.to_string().starts_with("shifts:"), "{err}");
        assert!(err.to_string().contains("15-minute"), "{err}");
        let err = cover(&[1; 96], 15, &[]).unwrap_err();
        assert!(err.to_string().starts_with("shifts:"), "{err}");
        let err = cover(&[1; 96], 7, &[shift((8, 0), (16, 0), false)]).unwrap_err();
        assert!(err.to_string().starts_with("interval:"), "{err}");
    }

    #[test]
    fn the_greedy_fallback_is_feasible() {
        let required = [3, 5, 2, 0, 4, 4];
        let columns = vec![vec![0, 1], vec![1, 2, 3], vec![4, 5], vec![5, 0]];
        let covering: Vec<Vec<usize>> = (0..required.len())
            .map(|i| {
                (0..columns.len())
                    .filter(|&c| columns[c].contains(&i))
                    .collect()
            })
            .collect();
        let people = greedy(&required, &columns, &covering);
        for (i, &need) in required.iter().enumerate() {
            let at_work: u32 = columns
                .iter()
                .zip(&people)
                .filter(|(c, _)| c.contains(&i))
                .map(|(_, n)| n)
                .sum();
            assert!(at_work >= need, "{i}: {people:?}");
        }
    }
}
