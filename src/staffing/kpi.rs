//! The KPI calculator: a day's call statistics → answer rate, abandon rate, service
//! level, average handle time and the workload they make.

use serde::Serialize;

use super::StaffingError;

/// A day's statistics as the phone system reports them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayStats {
    pub offered: u32,
    pub answered: u32,
    /// Callers who hung up before an answer; `None` counts every unanswered call.
    pub abandoned: Option<u32>,
    /// Average talk time per answered call.
    pub talk_secs: f64,
    /// Average after-call work per answered call.
    pub acw_secs: f64,
    /// Calls answered within the service-level threshold, if the report gives them.
    pub within_threshold: Option<u32>,
}

/// The day's KPIs. Rates are shares of offered calls, in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KpiReport {
    pub offered: u32,
    pub answered: u32,
    pub abandoned: u32,
    pub answer_rate: f64,
    pub abandon_rate: f64,
    /// Answered within the threshold over offered; `None` without `within_threshold`.
    pub service_level: Option<f64>,
    /// Average handle time: talk plus after-call work.
    pub aht_secs: f64,
    /// Hours of handling the answered calls took.
    pub workload_hours: f64,
}

/// Computes the KPIs of one day, rejecting statistics that contradict each other.
pub fn day_kpis(stats: &DayStats) -> Result<KpiReport, StaffingError> {
    let inconsistent = |field, zh: String, en: String| {
        Err(StaffingError::Inconsistent {
            field,
            message: crate::model::Text::new(zh, en),
        })
    };
    if stats.offered == 0 {
        return inconsistent(
            "offered",
            "必须至少为 1".to_owned(),
            "must be at least 1".to_owned(),
        );
    }
    if stats.answered > stats.offered {
        return inconsistent(
            "answered",
            format!("接通 {} 通，超过来电 {} 通", stats.answered, stats.offered),
            format!(
                "{} answered exceeds {} offered",
                stats.answered, stats.offered
            ),
        );
    }
    let unanswered = stats.offered - stats.answered;
    let abandoned = stats.abandoned.unwrap_or(unanswered);
    if abandoned > unanswered {
        return inconsistent(
            "abandoned",
            format!("放弃 {abandoned} 通，超过未接通的 {unanswered} 通"),
            format!(
                "{abandoned} abandoned exceeds the {unanswered} calls offered but not answered"
            ),
        );
    }
    if let Some(within) = stats.within_threshold
        && within > stats.answered
    {
        return inconsistent(
            "within-threshold",
            format!("阈值内接通 {within} 通，超过接通的 {} 通", stats.answered),
            format!(
                "{within} within the threshold exceeds {} answered",
                stats.answered
            ),
        );
    }
    for (field, value) in [("talk", stats.talk_secs), ("acw", stats.acw_secs)] {
        if !(value >= 0.0 && value.is_finite()) {
            return inconsistent(
                field,
                format!("必须不小于 0，实际为 {value}"),
                format!("must be 0 or more, got {value}"),
            );
        }
    }
    let offered = f64::from(stats.offered);
    let aht_secs = stats.talk_secs + stats.acw_secs;
    Ok(KpiReport {
        offered: stats.offered,
        answered: stats.answered,
        abandoned,
        answer_rate: f64::from(stats.answered) / offered,
        abandon_rate: f64::from(abandoned) / offered,
        service_level: stats
            .within_threshold
            .map(|within| f64::from(within) / offered),
        aht_secs,
        workload_hours: f64::from(stats.answered) * aht_secs / 3600.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(
        offered: u32,
        answered: u32,
        abandoned: Option<u32>,
        within_threshold: Option<u32>,
    ) -> DayStats {
        DayStats {
            offered,
            answered,
            abandoned,
            talk_secs: 145.0,
            acw_secs: 34.0,
            within_threshold,
        }
    }

    fn percent(share: f64) -> String {
        format!("{:.2} %", share * 100.0)
    }

    #[test]
    fn the_sources_example_day() {
        // 358 offered, 279 answered, talk 2:25, after-call work 0:34.
        let report = day_kpis(&stats(358, 279, None, None)).unwrap();
        assert_eq!(percent(report.answer_rate), "77.93 %");
        assert_eq!(percent(report.abandon_rate), "22.07 %");
        assert_eq!(report.abandoned, 79);
        assert_eq!(report.aht_secs, 179.0);
        assert_eq!(format!("{:.2}", report.workload_hours), "13.87");
        assert_eq!(report.service_level, None);

        let with_threshold = day_kpis(&stats(358, 279, Some(60), Some(250))).unwrap();
        assert_eq!(with_threshold.abandoned, 60);
        assert_eq!(percent(with_threshold.abandon_rate), "16.76 %");
        assert_eq!(
            with_threshold.service_level.map(percent).as_deref(),
            Some("69.83 %")
        );
    }

    #[test]
    fn contradictory_statistics_name_the_field() {
        let check = |day: DayStats, expected: &str| {
            assert_eq!(day_kpis(&day).unwrap_err().to_string(), expected);
        };
        check(stats(0, 0, None, None), "offered: must be at least 1");
        check(
            stats(100, 101, None, None),
            "answered: 101 answered exceeds 100 offered",
        );
        check(
            stats(100, 90, Some(11), None),
            "abandoned: 11 abandoned exceeds the 10 calls offered but not answered",
        );
        check(
            stats(100, 90, None, Some(91)),
            "within-threshold: 91 within the threshold exceeds 90 answered",
        );
    }
}
