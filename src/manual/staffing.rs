//! The plan's staffing sizing as the chapter templates see it: `staffing` is none until a
//! sizing is accepted, else a map of figures already formatted (thousands separators,
//! percentages), so both languages print the same numbers the same way.

use minijinja::value::Value;

use crate::model::{Channel, Plan, Staffing};
use crate::staffing::intervals::count_days;

/// The `staffing` value of the template context.
pub(crate) fn context(plan: &Plan) -> Value {
    match &plan.staffing {
        Some(staffing) => figures(staffing),
        None => Value::from(()),
    }
}

fn figures(staffing: &Staffing) -> Value {
    let (inputs, result) = (&staffing.inputs, &staffing.result);
    let forecast = &inputs.forecast;
    let total_calls: f64 = forecast.iter().map(|row| row.calls).sum();
    let days = count_days(forecast.iter().map(|row| row.start.as_str()));
    let optional = |value: Option<String>| value.map_or(Value::from(()), safe);
    let ratios = &inputs.ratios;
    let has_channels = forecast.iter().any(|row| row.channel != Channel::Voice);
    // Each channel the forecast has, in the model's order, with what it needs when the
    // result records it (a sizing made before channels has only its totals).
    let channels: Vec<Value> = Channel::ALL
        .into_iter()
        .filter(|channel| forecast.iter().any(|row| row.channel == *channel))
        .map(|channel| {
            let rows = forecast.iter().filter(|row| row.channel == channel);
            let contacts: f64 = rows.clone().map(|row| row.calls).sum();
            let default_aht = match channel {
                Channel::Voice => inputs.aht_secs,
                Channel::Chat => inputs.chat.aht_secs,
                Channel::Email => inputs.email.aht_secs,
            };
            let recorded = result.channels.iter().find(|c| c.channel == channel);
            Value::from_pairs([
                ("key", Value::from(channel.key())),
                ("contacts", safe(number(contacts, 0))),
                ("aht", optional(default_aht.map(|a| number(a, 0)))),
                (
                    "aht_varies",
                    Value::from(rows.clone().any(|row| row.aht_secs.is_some())),
                ),
                (
                    "peak_agents",
                    optional(recorded.map(|c| c.peak_agents.to_string())),
                ),
                (
                    "agent_hours",
                    optional(recorded.map(|c| number(c.agent_hours, 1))),
                ),
                (
                    "backlog",
                    optional(
                        recorded
                            .filter(|c| c.backlog >= 0.5)
                            .map(|c| number(c.backlog, 0)),
                    ),
                ),
            ])
        })
        .collect();
    let (chat, email) = (&inputs.chat, &inputs.email);
    // Shrinkage by cause, and the sums the documented combination starts from; a file's
    // causes that do not combine (hostile or hand-edited) print as the total alone.
    let combined = Some(&inputs.shrinkage_causes)
        .filter(|causes| !causes.is_empty())
        .and_then(|causes| crate::staffing::shrinkage::combine(causes).ok());
    let causes: Vec<Value> = match combined {
        Some(_) => inputs
            .shrinkage_causes
            .iter()
            .map(|c| {
                Value::from_pairs([
                    ("key", Value::from(c.cause.key())),
                    ("planned", Value::from(c.cause.planned())),
                    ("share", safe(percent(c.share))),
                ])
            })
            .collect(),
        None => Vec::new(),
    };
    let shrinkage = combined.map_or(inputs.shrinkage, |c| c.total);
    Value::from_pairs([
        ("shrinkage_causes", Value::from(causes)),
        (
            "shrinkage_planned",
            safe(percent(combined.map_or(0.0, |c| c.planned))),
        ),
        (
            "shrinkage_unplanned",
            safe(percent(combined.map_or(0.0, |c| c.unplanned))),
        ),
        ("has_channels", Value::from(has_channels)),
        (
            // Distinct interval starts: with channels a forecast has a row per channel.
            "slots",
            Value::from(
                forecast
                    .iter()
                    .map(|row| row.start.as_str())
                    .collect::<std::collections::HashSet<_>>()
                    .len(),
            ),
        ),
        ("channels", Value::from(channels)),
        ("chat_concurrency", Value::from(chat.concurrency)),
        (
            "chat_sl",
            safe(format!(
                "{}/{}",
                number(chat.service_level * 100.0, 1),
                number(chat.threshold_secs, 0)
            )),
        ),
        ("chat_sl_percent", safe(percent(chat.service_level))),
        ("chat_threshold", safe(number(chat.threshold_secs, 0))),
        ("email_share", safe(percent(email.share))),
        ("email_within", safe(number(email.within_hours, 1))),
        (
            "sl",
            Value::from_safe_string(format!(
                "{}/{}",
                number(inputs.service_level * 100.0, 1),
                number(inputs.threshold_secs, 0)
            )),
        ),
        ("sl_percent", safe(percent(inputs.service_level))),
        ("threshold", safe(number(inputs.threshold_secs, 0))),
        (
            "model",
            Value::from(match inputs.patience_secs {
                Some(_) => "erlang-a",
                None => "erlang-c",
            }),
        ),
        (
            "patience",
            optional(inputs.patience_secs.map(|p| number(p, 0))),
        ),
        ("is_forecast", Value::from(!forecast.is_empty())),
        ("source", Value::from(inputs.forecast_source.as_str())),
        ("intervals", Value::from(forecast.len())),
        ("interval_minutes", Value::from(inputs.interval_minutes)),
        ("days", Value::from(days)),
        ("total_calls", safe(number(total_calls, 0))),
        ("calls", optional(inputs.calls.map(|c| number(c, 1)))),
        ("aht", optional(inputs.aht_secs.map(|a| number(a, 0)))),
        (
            "aht_varies",
            Value::from(forecast.iter().any(|row| row.aht_secs.is_some())),
        ),
        ("max_occupancy", optional(inputs.max_occupancy.map(percent))),
        ("shrinkage", safe(percent(shrinkage))),
        ("fte_hours", safe(number(inputs.fte_hours_per_day, 1))),
        ("peak_agents", Value::from(result.peak_agents)),
        ("peak_scheduled", Value::from(result.peak_scheduled)),
        ("peak_interval", Value::from(result.peak_interval.as_str())),
        ("peak_sl", safe(percent(result.peak_service_level))),
        ("peak_occupancy", safe(percent(result.peak_occupancy))),
        ("scheduled_fte", safe(number(result.scheduled_fte, 1))),
        ("agents", Value::from(result.agents)),
        (
            // The peak, not the hours, set the agents to employ (see `IntervalPlan`).
            "peak_sets_headcount",
            Value::from(
                !forecast.is_empty()
                    && result.agents == result.peak_scheduled
                    && result.scheduled_fte < f64::from(result.agents) - 1.0,
            ),
        ),
        (
            "agents_per_team_leader",
            Value::from(ratios.agents_per_team_leader),
        ),
        (
            "agents_per_qa_specialist",
            Value::from(ratios.agents_per_qa_specialist),
        ),
        ("agents_per_trainer", Value::from(ratios.agents_per_trainer)),
        (
            "agents_per_wfm_planner",
            Value::from(ratios.agents_per_wfm_planner),
        ),
        ("team_leaders", Value::from(result.team_leaders)),
        ("qa_specialists", Value::from(result.qa_specialists)),
        ("trainers", Value::from(result.trainers)),
        ("wfm_planners", Value::from(result.wfm_planners)),
    ])
}

/// Figures we format ourselves print as they are: Markdown escaping would turn `92.3%`
/// into `92\\.3%` in the resolved Markdown, which people read too.
fn safe(text: String) -> Value {
    Value::from_safe_string(text)
}

/// A share as a percentage with at most one decimal: 0.8 → `80%`, 0.8884 → `88.8%`.
fn percent(share: f64) -> String {
    format!("{}%", number(share * 100.0, 1))
}

/// `value` rounded to at most `decimals` decimals, trailing zeros dropped, with a comma
/// between thousands: 12345.0 → `12,345`, 19.64 → `19.6`.
fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction.trim_end_matches('0')),
        None => (text.as_str(), ""),
    };
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", whole),
    };
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if grouped.chars().all(|c| c == '0' || c == ',') && fraction.is_empty() {
        ""
    } else {
        sign
    };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::{number, percent};

    #[test]
    fn figures_print_as_a_manager_writes_them() {
        let check = |actual: String, expected: &str| assert_eq!(actual, expected);
        check(number(12345.0, 0), "12,345");
        check(number(1234567.26, 1), "1,234,567.3");
        check(number(19.64, 1), "19.6");
        check(number(20.0, 1), "20");
        check(number(999.96, 1), "1,000");
        check(number(-0.01, 1), "0");
        check(percent(0.8), "80%");
        check(percent(0.88835), "88.8%");
        check(percent(0.925), "92.5%");
    }
}
