//! Erlang C and Erlang A: how a number of agents performs under a load, and how many
//! agents a service-level target needs.
//!
//! Erlang C (M/M/N) assumes callers wait forever; Erlang A (M/M/N+M, Palm's model) lets
//! them hang up after an exponentially distributed patience. Both are computed without
//! factorials or powers: Erlang B by its recursion, Erlang A's series term by term in
//! log scale, so thousands of erlangs stay finite and exact to double precision.
//!
//! Erlang A follows Mandelbaum and Zeltyn ("The Palm/Erlang-A queue, with applications to
//! call centers", 2007) and Garnett, Mandelbaum and Reiman (2002): with x = Nμ/θ, y = λ/θ
//! and A(x, y) = Σ_j Π_{k=1..j} y/(x+k),
//! P(wait) = A·E_B / (1 + (A − 1)·E_B), P(served | wait) = (1 − 1/A)/ρ, and the virtual
//! wait V satisfies P(V > t) = π_N · A(x, y e^{−θt}) · exp(−Nμt + y(1 − e^{−θt})).

use serde::Serialize;

use super::StaffingError;

/// The calls offered in one interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Load {
    pub calls: f64,
    pub interval_secs: f64,
    /// Average handle time: talk plus after-call work.
    pub aht_secs: f64,
}

impl Load {
    /// Offered traffic in erlangs: the agents' worth of work arriving.
    pub fn traffic(&self) -> f64 {
        self.calls * self.aht_secs / self.interval_secs
    }

    pub(crate) fn validate(&self) -> Result<(), StaffingError> {
        positive_or_zero("calls", self.calls)?;
        positive("interval", self.interval_secs)?;
        positive("aht", self.aht_secs)?;
        // Sizing searches agent counts upwards from the traffic: an absurd load (a typo
        // such as an AHT of 10^19 s, found by fuzzing) would search for minutes.
        if self.traffic() > crate::limits::MAX_TRAFFIC_ERLANGS {
            return Err(StaffingError::OutOfRange {
                field: "aht",
                message: crate::model::Text::new(
                    format!(
                        "话务负荷为 {:.0} 爱尔兰，超过上限 {:.0}：请检查来电量、平均处理时长和时段长度",
                        self.traffic(),
                        crate::limits::MAX_TRAFFIC_ERLANGS
                    ),
                    format!(
                        "the load is {:.0} erlangs, more than the limit of {:.0}: check calls, aht and interval",
                        self.traffic(),
                        crate::limits::MAX_TRAFFIC_ERLANGS
                    ),
                ),
            });
        }
        Ok(())
    }
}

/// Which queueing model to use.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(tag = "model", rename_all = "kebab-case")]
pub enum Model {
    /// Callers wait as long as it takes.
    #[default]
    ErlangC,
    /// Callers abandon after an exponentially distributed patience with this mean.
    ErlangA { patience_secs: f64 },
}

/// A service-level target such as 80/20, with an optional occupancy cap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    /// The share of calls to answer within the threshold, in (0, 1).
    pub service_level: f64,
    pub threshold_secs: f64,
    /// The most agents may be busy on average, in (0, 1]; `None` for no cap.
    pub max_occupancy: Option<f64>,
}

impl Target {
    fn validate(&self) -> Result<(), StaffingError> {
        if !(self.service_level > 0.0 && self.service_level < 1.0) {
            return Err(out_of_range(
                "sl",
                "服务水平必须大于 0% 且小于 100%",
                "the service level must be above 0 % and below 100 %",
            ));
        }
        positive_or_zero("sl", self.threshold_secs)?;
        if let Some(cap) = self.max_occupancy
            && !(cap > 0.0 && cap <= 1.0)
        {
            return Err(out_of_range(
                "max-occupancy",
                "必须大于 0 且不超过 1",
                "must be above 0 and at most 1",
            ));
        }
        Ok(())
    }
}

/// How a number of agents performs under a load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Performance {
    pub agents: u32,
    pub traffic_erlangs: f64,
    /// The share of callers who wait at all (Erlang C's C(N, A)).
    pub probability_wait: f64,
    /// The share of offered calls answered within the threshold.
    pub service_level: f64,
    /// Average speed of answer. Under Erlang A this is the mean wait of all offered calls,
    /// those who hang up included (P(abandon) × patience, by Little's law).
    pub asa_secs: f64,
    /// The share of time agents are busy with calls.
    pub occupancy: f64,
    /// The share of callers who hang up before an answer (Erlang A only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability_abandon: Option<f64>,
}

/// The agents a target needs, and why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sizing {
    /// Agents on the phones: the larger of the two counts below.
    pub agents: u32,
    /// Agents the service level alone needs.
    pub agents_for_service_level: u32,
    /// Agents the occupancy cap alone needs (0 without a cap).
    pub agents_for_occupancy: u32,
    pub performance: Performance,
}

/// Erlang B: the blocking probability of `agents` servers with `traffic` erlangs, by the
/// recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which never overflows.
pub fn erlang_b(agents: u32, traffic: f64) -> f64 {
    let mut blocking = 1.0;
    for k in 1..=agents {
        let carried = traffic * blocking;
        blocking = carried / (f64::from(k) + carried);
    }
    blocking
}

/// Erlang C from Erlang B: C = N·B / (N − A·(1 − B)), defined only when A < N.
fn erlang_c_from_b(agents: u32, traffic: f64, blocking: f64) -> f64 {
    let n = f64::from(agents);
    n * blocking / (n - traffic * (1.0 - blocking))
}

/// Evaluates `agents` under `load`. An Erlang C queue with traffic at or above the agent
/// count is [`StaffingError::Unstable`]; Erlang A always has a steady state because
/// callers abandon.
pub fn evaluate(
    load: &Load,
    agents: u32,
    model: Model,
    threshold_secs: f64,
) -> Result<Performance, StaffingError> {
    load.validate()?;
    positive_or_zero("sl", threshold_secs)?;
    if let Model::ErlangA { patience_secs } = model {
        positive("patience", patience_secs)?;
    }
    evaluate_unchecked(load, agents, model, threshold_secs, None)
}

fn evaluate_unchecked(
    load: &Load,
    agents: u32,
    model: Model,
    threshold_secs: f64,
    blocking: Option<f64>,
) -> Result<Performance, StaffingError> {
    let traffic = load.traffic();
    if traffic == 0.0 {
        return Ok(Performance {
            agents,
            traffic_erlangs: 0.0,
            probability_wait: 0.0,
            service_level: 1.0,
            asa_secs: 0.0,
            occupancy: 0.0,
            probability_abandon: matches!(model, Model::ErlangA { .. }).then_some(0.0),
        });
    }
    let blocking = blocking.unwrap_or_else(|| erlang_b(agents, traffic));
    match model {
        Model::ErlangC => erlang_c(load, agents, threshold_secs, blocking),
        Model::ErlangA { patience_secs } => Ok(erlang_a(
            load,
            agents,
            threshold_secs,
            patience_secs,
            blocking,
        )),
    }
}

fn erlang_c(
    load: &Load,
    agents: u32,
    threshold_secs: f64,
    blocking: f64,
) -> Result<Performance, StaffingError> {
    let traffic = load.traffic();
    let n = f64::from(agents);
    if traffic >= n {
        return Err(StaffingError::Unstable { traffic, agents });
    }
    let wait = erlang_c_from_b(agents, traffic, blocking).clamp(0.0, 1.0);
    let spare = n - traffic;
    Ok(Performance {
        agents,
        traffic_erlangs: traffic,
        probability_wait: wait,
        service_level: 1.0 - wait * (-spare * threshold_secs / load.aht_secs).exp(),
        asa_secs: wait * load.aht_secs / spare,
        occupancy: traffic / n,
        probability_abandon: None,
    })
}

/// ln A(x, y) and ln(A(x, y) − 1), where A(x, y) = Σ_{j≥0} Π_{k=1..j} y/(x+k). The
/// model computes it in pairs; the tests check the formula with one series at a time.
#[cfg(test)]
fn log_series(x: f64, y: f64) -> (f64, f64) {
    log_series_pair(x, y, y).0
}

/// [`log_series`] at `(x, y)` and at `(x, y2)` in one pass: Erlang A needs A at the
/// arrival rate and at its value discounted by the threshold, and the two series share
/// every divisor x + k, the costly part of a term.
///
/// When y > x (an overloaded queue) the terms first grow and their peak may exceed any
/// double, so each running sum is rescaled by a fixed power whenever it gets large and
/// the scale is carried as a logarithm. Products, not logarithms, per term keep it fast.
fn log_series_pair(x: f64, y: f64, y2: f64) -> ((f64, f64), (f64, f64)) {
    const RESCALE_ABOVE: f64 = 1e200;
    /// One series' running state: sum of the terms j ≥ 1 in units of exp(scale).
    struct Series {
        y: f64,
        term: f64,
        sum: f64,
        scale: f64,
        done: bool,
    }
    impl Series {
        fn new(y: f64) -> Series {
            Series {
                y,
                term: 1.0,
                sum: 0.0,
                scale: 0.0,
                done: y == 0.0,
            }
        }
        fn step(&mut self, x_plus_k: f64, inverse: f64) {
            if self.done {
                return;
            }
            self.term *= self.y * inverse;
            self.sum += self.term;
            if self.sum > RESCALE_ABOVE {
                self.sum /= RESCALE_ABOVE;
                self.term /= RESCALE_ABOVE;
                self.scale += RESCALE_ABOVE.ln();
            }
            // Past the peak the terms shrink at least geometrically; stop once they no
            // longer change the sum in double precision.
            self.done = x_plus_k > self.y && self.term < self.sum * 1e-17;
        }
        fn logs(&self) -> (f64, f64) {
            if self.y == 0.0 {
                return (0.0, f64::NEG_INFINITY);
            }
            let log_minus_one = self.scale + self.sum.ln();
            // ln(1 + e^m), written to stay exact for large and small m.
            let log_a = if log_minus_one > 0.0 {
                log_minus_one + (-log_minus_one).exp().ln_1p()
            } else {
                log_minus_one.exp().ln_1p()
            };
            (log_a, log_minus_one)
        }
    }
    let (mut first, mut second) = (Series::new(y), Series::new(y2));
    let mut k = 1.0;
    while !(first.done && second.done) {
        let x_plus_k = x + k;
        let inverse = 1.0 / x_plus_k;
        first.step(x_plus_k, inverse);
        second.step(x_plus_k, inverse);
        k += 1.0;
    }
    (first.logs(), second.logs())
}

fn erlang_a(
    load: &Load,
    agents: u32,
    threshold_secs: f64,
    patience_secs: f64,
    blocking: f64,
) -> Performance {
    let traffic = load.traffic();
    let n = f64::from(agents);
    let theta = 1.0 / patience_secs;
    let mu = 1.0 / load.aht_secs;
    let lambda = load.calls / load.interval_secs;
    let (x, y) = (n * mu / theta, lambda / theta);
    if agents == 0 || blocking == 0.0 {
        // No agents: every caller waits and hangs up. Blocking that underflows: nobody waits.
        let nobody = agents == 0;
        return Performance {
            agents,
            traffic_erlangs: traffic,
            probability_wait: if nobody { 1.0 } else { 0.0 },
            service_level: if nobody { 0.0 } else { 1.0 },
            asa_secs: if nobody { patience_secs } else { 0.0 },
            occupancy: if nobody { 0.0 } else { traffic / n },
            probability_abandon: Some(if nobody { 1.0 } else { 0.0 }),
        };
    }
    let decay = (-theta * threshold_secs).exp();
    let ((log_a, log_a_minus_one), (log_a_t, log_a_t_minus_one)) = log_series_pair(x, y, y * decay);
    let rho = traffic / n;
    // P(wait) = A·B / (1 + (A − 1)·B) = 1 / (1 + (1 − B) / (A·B)).
    let wait = 1.0 / (1.0 + (1.0 - blocking) / blocking * (-log_a).exp());
    // P(served | wait) = (1 − 1/A)/ρ = (A − 1)/(ρ·A).
    let served_given_wait = ((log_a_minus_one - log_a).exp() / rho).min(1.0);
    let abandon = (wait * (1.0 - served_given_wait)).clamp(0.0, 1.0);
    // P(V > T) for the virtual wait V, then the share of it that is eventually served.
    let log_pi_n = wait.ln() - log_a;
    let log_virtual_over =
        log_pi_n + log_a_t - n * mu * threshold_secs + y * -(-theta * threshold_secs).exp_m1();
    let served_over = (log_virtual_over + log_a_t_minus_one - log_a_t).exp() / rho;
    let service_level = (1.0 - abandon - served_over).clamp(0.0, 1.0);
    Performance {
        agents,
        traffic_erlangs: traffic,
        probability_wait: wait,
        service_level,
        asa_secs: abandon * patience_secs,
        occupancy: (traffic * (1.0 - abandon) / n).min(1.0),
        probability_abandon: Some(abandon),
    }
}

/// The fewest agents that meet `target` under `load`.
pub fn required_agents(
    load: &Load,
    target: &Target,
    model: Model,
) -> Result<Sizing, StaffingError> {
    load.validate()?;
    target.validate()?;
    if let Model::ErlangA { patience_secs } = model {
        positive("patience", patience_secs)?;
    }
    let traffic = load.traffic();
    if traffic == 0.0 {
        let performance = evaluate_unchecked(load, 0, model, target.threshold_secs, None)?;
        return Ok(Sizing {
            agents: 0,
            agents_for_service_level: 0,
            agents_for_occupancy: 0,
            performance,
        });
    }
    let limit = ((traffic * 10.0).ceil() as u32).saturating_add(10_000);
    let mut evaluator = Evaluator::new(load, target.threshold_secs);
    // Erlang C needs more agents than erlangs. Square-root staffing (A + √A) lands within
    // a few agents of most service levels.
    let lowest_c = traffic.floor() as u32 + 1;
    let square_root_guess = (traffic + traffic.sqrt()).ceil() as u32;
    let (lowest, service_guess) = match model {
        Model::ErlangC => (lowest_c, square_root_guess),
        // Erlang A may run with fewer agents than erlangs. Its evaluations cost a series
        // each, Erlang C's only a division once Erlang B is tabled: Erlang C's answer,
        // close to Erlang A's for any patience worth planning with, is the guess.
        Model::ErlangA { .. } => {
            let c_answer = smallest(lowest_c, square_root_guess, limit, |agents| {
                evaluator
                    .at(agents, Model::ErlangC)
                    .map(|p| p.service_level >= target.service_level)
            })?;
            (1, c_answer)
        }
    };
    let for_service_level = smallest(lowest, service_guess, limit, |agents| {
        evaluator
            .at(agents, model)
            .map(|p| p.service_level >= target.service_level)
    })?;
    let for_occupancy = match target.max_occupancy {
        // A tiny tolerance so a cap hit exactly (e.g. 0.85 of 40 agents) counts as met.
        Some(cap) => {
            let occupancy_guess = (traffic / cap).ceil() as u32;
            smallest(lowest, occupancy_guess, limit, |agents| {
                evaluator
                    .at(agents, model)
                    .map(|p| p.occupancy <= cap + 1e-12)
            })?
        }
        None => 0,
    };
    let agents = for_service_level.max(for_occupancy);
    Ok(Sizing {
        agents,
        agents_for_service_level: for_service_level,
        agents_for_occupancy: for_occupancy,
        performance: evaluator.at(agents, model)?,
    })
}

/// Evaluations of one load during a search. Erlang B's recursion is kept as a table, so
/// each count probed extends it instead of starting again from one agent, and the last
/// evaluation of the searched model is kept: the occupancy search and the final answer
/// often ask for a count the service-level search has just evaluated.
struct Evaluator<'a> {
    load: &'a Load,
    threshold_secs: f64,
    traffic: f64,
    /// B(k) for k = 0, 1, ...
    blocking: Vec<f64>,
    recent: Vec<(u32, Model, Performance)>,
}

impl<'a> Evaluator<'a> {
    /// How many evaluations to remember; a search revisits only its last few counts.
    const RECENT: usize = 8;

    fn new(load: &'a Load, threshold_secs: f64) -> Evaluator<'a> {
        Evaluator {
            load,
            threshold_secs,
            traffic: load.traffic(),
            blocking: vec![1.0],
            recent: Vec::with_capacity(Self::RECENT),
        }
    }

    fn blocking(&mut self, agents: u32) -> f64 {
        let wanted = agents as usize;
        while self.blocking.len() <= wanted {
            let k = self.blocking.len() as f64;
            let carried = self.traffic * self.blocking[self.blocking.len() - 1];
            self.blocking.push(carried / (k + carried));
        }
        self.blocking[wanted]
    }

    fn at(&mut self, agents: u32, model: Model) -> Result<Performance, StaffingError> {
        if let Some((_, _, performance)) = self
            .recent
            .iter()
            .find(|(n, m, _)| *n == agents && *m == model)
        {
            return Ok(*performance);
        }
        let blocking = self.blocking(agents);
        let performance = evaluate_unchecked(
            self.load,
            agents,
            model,
            self.threshold_secs,
            Some(blocking),
        )?;
        if self.recent.len() == Self::RECENT {
            self.recent.remove(0);
        }
        self.recent.push((agents, model, performance));
        Ok(performance)
    }
}

/// The smallest n in [lowest, limit] where `meets` holds, for a `meets` that stays true
/// once true (service level rises and occupancy falls with every agent added). The search
/// gallops from `guess` towards the answer, then bisects, so a good guess saves most of
/// the evaluations.
fn smallest(
    lowest: u32,
    guess: u32,
    limit: u32,
    mut meets: impl FnMut(u32) -> Result<bool, StaffingError>,
) -> Result<u32, StaffingError> {
    let guess = guess.clamp(lowest, limit);
    // Invariant once found: meets(above) holds, and below < lowest or !meets(below).
    let (mut below, mut above);
    let mut step = 1;
    if meets(guess)? {
        above = guess;
        below = guess;
        loop {
            if below <= lowest {
                below = lowest - 1;
                break;
            }
            let probe = below.saturating_sub(step).max(lowest);
            if meets(probe)? {
                above = probe;
                below = probe;
            } else {
                below = probe;
                break;
            }
            step = step.saturating_mul(2);
        }
    } else {
        below = guess;
        loop {
            if below >= limit {
                return Err(StaffingError::Unreachable { limit });
            }
            let probe = below.saturating_add(step).min(limit);
            if meets(probe)? {
                above = probe;
                break;
            }
            below = probe;
            step = step.saturating_mul(2);
        }
    }
    while above - below > 1 {
        let middle = below + (above - below) / 2;
        if meets(middle)? {
            above = middle
        } else {
            below = middle
        }
    }
    Ok(above)
}

/// Staff to schedule so that `agents` remain on the phones after shrinkage (breaks,
/// training, absence): ⌈agents / (1 − shrinkage)⌉, with a tolerance so that 14 / 0.7,
/// which is 20.000000000000004 in floating point, stays 20.
pub fn scheduled_staff(agents: u32, shrinkage: f64) -> Result<u32, StaffingError> {
    if !(0.0..1.0).contains(&shrinkage) {
        return Err(out_of_range(
            "shrinkage",
            "必须不小于 0 且小于 1",
            "must be at least 0 and below 1",
        ));
    }
    Ok(ceil_tolerant(f64::from(agents) / (1.0 - shrinkage)) as u32)
}

/// Rounds up, ignoring excess below a millionth that floating point adds to exact values.
pub(crate) fn ceil_tolerant(value: f64) -> f64 {
    (value - 1e-9).ceil().max(0.0)
}

fn out_of_range(field: &'static str, zh: &str, en: &str) -> StaffingError {
    StaffingError::OutOfRange {
        field,
        message: crate::model::Text::new(zh, en),
    }
}

fn positive(field: &'static str, value: f64) -> Result<(), StaffingError> {
    if value > 0.0 && value.is_finite() {
        Ok(())
    } else {
        Err(StaffingError::OutOfRange {
            field,
            message: crate::model::Text::new(
                format!("必须大于 0，实际为 {value}"),
                format!("must be above 0, got {value}"),
            ),
        })
    }
}

fn positive_or_zero(field: &'static str, value: f64) -> Result<(), StaffingError> {
    if value >= 0.0 && value.is_finite() {
        Ok(())
    } else {
        Err(StaffingError::OutOfRange {
            field,
            message: crate::model::Text::new(
                format!("必须不小于 0，实际为 {value}"),
                format!("must be 0 or more, got {value}"),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(calls: f64, interval_secs: f64, aht_secs: f64) -> Load {
        Load {
            calls,
            interval_secs,
            aht_secs,
        }
    }

    fn target(percent: f64, threshold_secs: f64, max_occupancy: Option<f64>) -> Target {
        Target {
            service_level: percent / 100.0,
            threshold_secs,
            max_occupancy,
        }
    }

    /// Asserts that `actual` rounds to `expected` at the precision `expected` is written
    /// with (its number of decimals), as published examples state their figures.
    fn assert_published(what: &str, actual: f64, expected: &str) {
        let decimals = expected.split_once('.').map_or(0, |(_, d)| d.len());
        let factor = 10f64.powi(decimals as i32);
        let value: f64 = expected.parse().unwrap();
        assert!(
            ((actual * factor).round() - value * factor).abs() < 0.5,
            "{what}: got {actual}, published {expected}"
        );
    }

    struct Example {
        load: Load,
        target: Target,
        shrinkage: f64,
        agents: u32,
        scheduled: u32,
        /// (field, published figure) pairs.
        figures: &'static [(&'static str, &'static str)],
    }

    fn check(example: Example) {
        let sizing = required_agents(&example.load, &example.target, Model::ErlangC).unwrap();
        assert_eq!(sizing.agents, example.agents);
        assert_eq!(
            scheduled_staff(sizing.agents, example.shrinkage).unwrap(),
            example.scheduled
        );
        let p = sizing.performance;
        for &(field, figure) in example.figures {
            let actual = match field {
                "traffic" => p.traffic_erlangs,
                "sl" => p.service_level,
                "sl %" => p.service_level * 100.0,
                "occupancy" => p.occupancy,
                "occupancy %" => p.occupancy * 100.0,
                "wait" => p.probability_wait,
                "wait %" => p.probability_wait * 100.0,
                "asa" => p.asa_secs,
                "agents for sl" => f64::from(sizing.agents_for_service_level),
                _ => panic!("unknown field {field}"),
            };
            assert_published(field, actual, figure);
        }
    }

    #[test]
    fn published_worked_examples() {
        // pyworkforce README and tests; CRAN ErlangC README.
        check(Example {
            load: load(100.0, 1800.0, 180.0),
            target: target(80.0, 20.0, Some(0.85)),
            shrinkage: 0.3,
            agents: 14,
            scheduled: 20,
            figures: &[
                ("sl", "0.88835"),
                ("occupancy", "0.7143"),
                ("wait", "0.1741"),
                ("asa", "7.836"),
            ],
        });
        check(Example {
            load: load(100.0, 1800.0, 180.0),
            target: target(80.0, 20.0, Some(0.70)),
            shrinkage: 0.3,
            agents: 15,
            scheduled: 22,
            figures: &[("sl", "0.941"), ("occupancy", "0.667")],
        });
        // PyPI call-center-tools: the service level alone needs 38, the cap needs 40.
        check(Example {
            load: load(1000.0, 3600.0, 120.0),
            target: target(80.0, 20.0, Some(0.85)),
            shrinkage: 0.3,
            agents: 40,
            scheduled: 58,
            figures: &[
                ("traffic", "33.33"),
                ("wait %", "19.07"),
                ("sl %", "93.72"),
                ("asa", "3.43"),
                ("occupancy %", "83.33"),
                ("agents for sl", "38"),
            ],
        });
    }

    #[test]
    fn erlang_c_is_exact_at_a_thousand_erlangs() {
        // References from exact rational arithmetic (Σ A^k/k! with big integers).
        let heavy = load(1000.0, 180.0, 180.0);
        for (agents, wait, service_level, asa) in [
            (
                1050,
                0.07440177403742837,
                0.9997123686833362,
                0.26784638653474213,
            ),
            (
                1100,
                0.0010447979284075118,
                0.9999999843851413,
                0.0018806362711335212,
            ),
        ] {
            let p = evaluate(&heavy, agents, Model::ErlangC, 20.0).unwrap();
            assert!(
                (p.probability_wait - wait).abs() < 1e-12,
                "{agents}: {}",
                p.probability_wait
            );
            assert!((p.service_level - service_level).abs() < 1e-12);
            assert!((p.asa_secs - asa).abs() < 1e-10);
        }
        let sizing = required_agents(&heavy, &target(80.0, 20.0, None), Model::ErlangC).unwrap();
        assert!(
            sizing.agents > 1000 && sizing.agents < 1050,
            "{}",
            sizing.agents
        );
    }

    #[test]
    fn traffic_at_or_above_agents_is_an_unstable_queue() {
        let ten_erlangs = load(100.0, 1800.0, 180.0);
        for agents in [0, 5, 10] {
            assert_eq!(
                evaluate(&ten_erlangs, agents, Model::ErlangC, 20.0),
                Err(StaffingError::Unstable {
                    traffic: 10.0,
                    agents
                })
            );
        }
        // Abandonment keeps an Erlang A queue stable even when overloaded.
        let overloaded = evaluate(
            &ten_erlangs,
            8,
            Model::ErlangA {
                patience_secs: 300.0,
            },
            20.0,
        )
        .unwrap();
        let abandon = overloaded.probability_abandon.unwrap();
        assert!(abandon > 0.2 && abandon < 1.0, "{abandon}");
        assert!(overloaded.occupancy <= 1.0 && overloaded.asa_secs > 0.0);
    }

    #[test]
    fn search_finds_the_smallest_count_from_any_guess() {
        for lowest in [1, 4] {
            for answer in lowest..=20 {
                for guess in 0..=25 {
                    let mut evaluations = 0;
                    let found = smallest(lowest, guess, 30, |n| {
                        evaluations += 1;
                        Ok(n >= answer)
                    });
                    assert_eq!(
                        found,
                        Ok(answer),
                        "lowest {lowest}, answer {answer}, guess {guess}"
                    );
                    assert!(evaluations <= 10, "{evaluations} evaluations");
                }
            }
        }
        assert_eq!(
            smallest(1, 5, 30, |_| Ok(false)),
            Err(StaffingError::Unreachable { limit: 30 })
        );
    }

    #[test]
    fn scheduled_staff_rounds_exact_quotients_exactly() {
        let check = |agents: u32, shrinkage: f64, expected: u32| {
            assert_eq!(
                scheduled_staff(agents, shrinkage).unwrap(),
                expected,
                "{agents} / (1 - {shrinkage})"
            );
        };
        check(14, 0.3, 20);
        check(15, 0.3, 22);
        check(40, 0.3, 58);
        check(7, 0.3, 10);
        check(21, 0.3, 30);
        check(10, 0.0, 10);
        check(0, 0.3, 0);
        check(9, 0.1, 10);
        check(10, 0.1, 12);
        assert!(scheduled_staff(10, 1.0).is_err());
        assert!(scheduled_staff(10, -0.1).is_err());
    }

    #[test]
    fn erlang_a_approaches_erlang_c_as_patience_grows() {
        let example = load(100.0, 1800.0, 180.0);
        let c = evaluate(&example, 14, Model::ErlangC, 20.0).unwrap();
        let a = evaluate(&example, 14, Model::ErlangA { patience_secs: 1e9 }, 20.0).unwrap();
        assert!(
            (a.probability_wait - c.probability_wait).abs() < 1e-5,
            "{a:?}"
        );
        assert!((a.service_level - c.service_level).abs() < 1e-5, "{a:?}");
        assert!((a.occupancy - c.occupancy).abs() < 1e-5);
        assert!(a.probability_abandon.unwrap() < 1e-6);
        // Impatience takes callers out of the queue: fewer wait, fewer need answering.
        let impatient = evaluate(
            &example,
            14,
            Model::ErlangA {
                patience_secs: 60.0,
            },
            20.0,
        )
        .unwrap();
        assert!(impatient.probability_wait < c.probability_wait);
        assert!(impatient.probability_abandon.unwrap() > 0.0);
    }

    /// With patience equal to the handle time, M/M/N+M is M/M/∞ in disguise: the number
    /// of callers in the system is Poisson(A). That gives independent closed forms for
    /// P(wait) and P(abandon), and the virtual wait of a caller with j ahead is the
    /// (j+1)-th of N+j exponential clocks to ring, so P(V > t) is a binomial sum.
    #[test]
    fn erlang_a_matches_closed_forms_when_patience_equals_handle_time() {
        let (agents, calls, aht) = (12u32, 110.0, 180.0);
        let example = load(calls, 1800.0, aht);
        let traffic = example.traffic();
        let poisson: Vec<f64> = {
            let mut p = vec![(-traffic).exp()];
            for k in 1..400 {
                let previous = p[k - 1];
                p.push(previous * traffic / k as f64);
            }
            p
        };
        let n = agents as usize;
        let wait: f64 = poisson[n..].iter().sum();
        let queued: f64 = poisson[n..]
            .iter()
            .enumerate()
            .map(|(j, p)| j as f64 * p)
            .sum();
        let abandon = queued / traffic;
        let threshold = 20.0;
        let virtual_over: f64 = poisson[n..]
            .iter()
            .enumerate()
            .take(300)
            .map(|(j, p)| p * binomial_at_most(n + j, 1.0 - (-threshold / aht).exp(), j))
            .sum();

        let a = evaluate(
            &example,
            agents,
            Model::ErlangA { patience_secs: aht },
            threshold,
        )
        .unwrap();
        assert!(
            (a.probability_wait - wait).abs() < 1e-12,
            "{} vs {wait}",
            a.probability_wait
        );
        assert!((a.probability_abandon.unwrap() - abandon).abs() < 1e-12);
        assert!((a.asa_secs - abandon * aht).abs() < 1e-9);
        // Served within the threshold ≥ 1 − P(abandon) − P(V > T), with the gap being the
        // callers whose virtual wait exceeds T but who abandon anyway.
        let lower = 1.0 - abandon - virtual_over;
        assert!(
            a.service_level >= lower - 1e-12 && a.service_level < 1.0 - abandon,
            "{}",
            a.service_level
        );
        // The same virtual-wait tail, recomputed from the model's own formula.
        let theta = 1.0 / aht;
        let decay = (-theta * threshold).exp();
        let x = f64::from(agents) * (1.0 / aht) / theta;
        let y = calls / 1800.0 / theta;
        let (log_a, _) = log_series(x, y);
        let (log_a_t, _) = log_series(x, y * decay);
        let formula = wait
            * (log_a_t - log_a - f64::from(agents) / aht * threshold + y * (1.0 - decay)).exp();
        assert!(
            (formula - virtual_over).abs() < 1e-12,
            "{formula} vs {virtual_over}"
        );
    }

    fn binomial_at_most(trials: usize, p: f64, most: usize) -> f64 {
        let mut term = (1.0 - p).powi(trials as i32);
        let mut sum = term;
        for k in 1..=most.min(trials) {
            term *= (trials - k + 1) as f64 / k as f64 * p / (1.0 - p);
            sum += term;
        }
        sum
    }

    #[test]
    fn erlang_a_stays_finite_when_heavily_overloaded_and_at_scale() {
        for (calls, agents) in [(1000.0, 900), (1000.0, 1050), (20_000.0, 50), (1.0, 2000)] {
            let p = evaluate(
                &load(calls, 180.0, 180.0),
                agents,
                Model::ErlangA {
                    patience_secs: 300.0,
                },
                20.0,
            )
            .unwrap();
            for value in [
                p.probability_wait,
                p.service_level,
                p.occupancy,
                p.probability_abandon.unwrap(),
            ] {
                assert!(
                    (0.0..=1.0).contains(&value),
                    "{calls} calls, {agents} agents: {p:?}"
                );
            }
        }
    }

    #[test]
    fn erlang_a_sizing_needs_no_more_agents_than_erlang_c() {
        let example = load(100.0, 1800.0, 180.0);
        let goal = target(80.0, 20.0, Some(0.85));
        let c = required_agents(&example, &goal, Model::ErlangC).unwrap();
        let a = required_agents(
            &example,
            &goal,
            Model::ErlangA {
                patience_secs: 300.0,
            },
        )
        .unwrap();
        assert!(a.agents <= c.agents && a.agents >= 11, "{a:?}");
        assert!(a.performance.service_level >= 0.8);
        let fewer = evaluate(
            &example,
            a.agents - 1,
            Model::ErlangA {
                patience_secs: 300.0,
            },
            20.0,
        )
        .unwrap();
        assert!(fewer.service_level < 0.8 || fewer.occupancy > 0.85);
    }

    #[test]
    fn inputs_out_of_range_name_the_field() {
        let example = load(100.0, 1800.0, 180.0);
        let field = |result: Result<Sizing, StaffingError>| match result {
            Err(StaffingError::OutOfRange { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(required_agents(
                &load(100.0, 1800.0, 0.0),
                &target(80.0, 20.0, None),
                Model::ErlangC
            )),
            "aht"
        );
        assert_eq!(
            field(required_agents(
                &load(-1.0, 1800.0, 180.0),
                &target(80.0, 20.0, None),
                Model::ErlangC
            )),
            "calls"
        );
        assert_eq!(
            field(required_agents(
                &example,
                &target(100.0, 20.0, None),
                Model::ErlangC
            )),
            "sl"
        );
        assert_eq!(
            field(required_agents(
                &example,
                &target(80.0, 20.0, Some(1.5)),
                Model::ErlangC
            )),
            "max-occupancy"
        );
        assert_eq!(
            field(required_agents(
                &example,
                &target(80.0, 20.0, None),
                Model::ErlangA { patience_secs: 0.0 }
            )),
            "patience"
        );
        let none = required_agents(
            &load(0.0, 1800.0, 180.0),
            &target(80.0, 20.0, None),
            Model::ErlangC,
        )
        .unwrap();
        assert_eq!(none.agents, 0);
    }
}
