//! Shrinkage by cause: how the causes a director names combine into the one share the
//! sizing adds on.
//!
//! Planned causes (annual leave, training, coaching, meetings, breaks) are shares of paid
//! time and add up: P = Σ planned. Unplanned causes (sick leave, system downtime, other)
//! strike the time that is left once the planned absences are in the schedule, so they
//! are shares of that time and add up too: U = Σ unplanned. Shrinkage is then
//! 1 − (1 − P) × (1 − U): of every paid hour, (1 − P) is scheduled on the phones and of
//! that (1 − U) is really there.

use super::StaffingError;
use crate::model::{ShrinkageCause, ShrinkageShare, StaffingInputs, Text};

/// The most shrinkage a sizing accepts: beyond it almost no one is on the phones and the
/// scheduled staff would be many times the agents, a figure that means nothing.
pub const MAX_SHRINKAGE: f64 = 0.9;

/// The planned and unplanned sums and their combination.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Combined {
    pub planned: f64,
    pub unplanned: f64,
    pub total: f64,
}

/// Combines `causes` as the module documents; refuses a cause listed twice, a share
/// outside 0–90 %, and a total above [`MAX_SHRINKAGE`].
pub fn combine(causes: &[ShrinkageShare]) -> Result<Combined, StaffingError> {
    let mut seen = Vec::with_capacity(causes.len());
    let (mut planned, mut unplanned) = (0.0, 0.0);
    for ShrinkageShare { cause, share } in causes {
        if seen.contains(cause) {
            return Err(out_of_range(
                format!("{}列出了两次", cause.name().zh),
                format!("{} is listed twice", cause.name().en),
            ));
        }
        seen.push(*cause);
        if !(0.0..=MAX_SHRINKAGE).contains(share) {
            return Err(out_of_range(
                format!("{}必须在 0% 到 90% 之间", cause.name().zh),
                format!("{} must be 0 % to 90 %", cause.name().en),
            ));
        }
        if cause.planned() {
            planned += share;
        } else {
            unplanned += share;
        }
    }
    let total = if planned >= 1.0 || unplanned >= 1.0 {
        1.0
    } else {
        1.0 - (1.0 - planned) * (1.0 - unplanned)
    };
    if total > MAX_SHRINKAGE + 1e-12 {
        return Err(out_of_range(
            format!("各项合计为 {:.1}%，超过 90%：几乎没有人在线", total * 100.0),
            format!(
                "the causes combine to {:.1} %, more than 90 %: almost no one would be on the phones",
                total * 100.0
            ),
        ));
    }
    Ok(Combined {
        planned,
        unplanned,
        total,
    })
}

fn out_of_range(zh: String, en: String) -> StaffingError {
    StaffingError::OutOfRange {
        field: "shrinkage",
        message: Text::new(zh, en),
    }
}

impl StaffingInputs {
    /// The shrinkage the sizing uses: the causes' combination when they are given, else
    /// the total as entered.
    pub fn effective_shrinkage(&self) -> Result<f64, StaffingError> {
        if self.shrinkage_causes.is_empty() {
            Ok(self.shrinkage)
        } else {
            Ok(combine(&self.shrinkage_causes)?.total)
        }
    }
}

/// Typical shares of a service center, a starting point for the table the director fills.
pub fn typical() -> Vec<ShrinkageShare> {
    use ShrinkageCause::*;
    [
        (AnnualLeave, 0.06),
        (Training, 0.04),
        (Coaching, 0.02),
        (Meetings, 0.02),
        (Breaks, 0.08),
        (SickLeave, 0.03),
        (SystemDowntime, 0.01),
        (Other, 0.01),
    ]
    .into_iter()
    .map(|(cause, share)| ShrinkageShare { cause, share })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: planned 6 + 4 + 2 + 2 + 8 = 22 %, unplanned 3 + 1 + 1 = 5 %;
    /// 1 − 0.78 × 0.95 = 25.9 %, less than the 27 % a plain sum would give, because the
    /// sick do not fall ill during their annual leave.
    #[test]
    fn the_typical_causes_combine_to_the_documented_total() {
        let combined = combine(&typical()).unwrap();
        assert!((combined.planned - 0.22).abs() < 1e-12);
        assert!((combined.unplanned - 0.05).abs() < 1e-12);
        assert!((combined.total - 0.259).abs() < 1e-12, "{combined:?}");
    }

    #[test]
    fn one_kind_alone_adds_up() {
        let shares = |list: &[(ShrinkageCause, f64)]| -> Vec<ShrinkageShare> {
            list.iter()
                .map(|&(cause, share)| ShrinkageShare { cause, share })
                .collect()
        };
        let planned = shares(&[
            (ShrinkageCause::Breaks, 0.1),
            (ShrinkageCause::Training, 0.05),
        ]);
        assert!((combine(&planned).unwrap().total - 0.15).abs() < 1e-12);
        let unplanned = shares(&[(ShrinkageCause::SickLeave, 0.2)]);
        assert!((combine(&unplanned).unwrap().total - 0.2).abs() < 1e-12);
        assert_eq!(combine(&[]).unwrap().total, 0.0);
    }

    #[test]
    fn a_cause_twice_a_share_out_of_range_or_too_much_in_all_is_refused() {
        let check = |list: &[(ShrinkageCause, f64)], expected: &str| {
            let causes: Vec<ShrinkageShare> = list
                .iter()
                .map(|&(cause, share)| ShrinkageShare { cause, share })
                .collect();
            assert_eq!(combine(&causes).unwrap_err().to_string(), expected);
        };
        check(
            &[(ShrinkageCause::Breaks, 0.1), (ShrinkageCause::Breaks, 0.1)],
            "shrinkage: Breaks is listed twice",
        );
        check(
            &[(ShrinkageCause::Meetings, -0.1)],
            "shrinkage: Meetings must be 0 % to 90 %",
        );
        check(
            &[(ShrinkageCause::Meetings, f64::NAN)],
            "shrinkage: Meetings must be 0 % to 90 %",
        );
        check(
            &[
                (ShrinkageCause::AnnualLeave, 0.8),
                (ShrinkageCause::SickLeave, 0.6),
            ],
            "shrinkage: the causes combine to 92.0 %, more than 90 %: almost no one would be on the phones",
        );
    }
}
