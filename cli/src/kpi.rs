//! `centerplan kpi`: a day's KPIs (answer rate, abandon rate, service level, AHT) from the
//! phone system's statistics.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use centerplan::staffing::{DayStats, StaffingError, day_kpis, parse_duration};

use super::CliError;
use super::staff::Format;

#[derive(Debug, clap::Args)]
pub struct KpiArgs {
    /// Calls offered
    #[arg(long, value_name = "N")]
    offered: u32,
    /// Calls answered
    #[arg(long, value_name = "N")]
    answered: u32,
    /// Callers who hung up before an answer (default: every unanswered call)
    #[arg(long, value_name = "N")]
    abandoned: Option<u32>,
    /// Average talk time per answered call, e.g. 2:25 or 145s
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    talk: f64,
    /// Average after-call work per answered call, e.g. 0:34
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "0")]
    acw: f64,
    /// Calls answered within the service-level threshold
    #[arg(long, value_name = "N")]
    within_threshold: Option<u32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn duration(text: &str) -> Result<f64, String> {
    parse_duration(text).ok_or_else(|| "expected a duration such as 2:25, 145s or 3m".to_owned())
}

pub fn run(args: KpiArgs) -> anyhow::Result<ExitCode> {
    let stats = DayStats {
        offered: args.offered,
        answered: args.answered,
        abandoned: args.abandoned,
        talk_secs: args.talk,
        acw_secs: args.acw,
        within_threshold: args.within_threshold,
    };
    let report = day_kpis(&stats).map_err(|err| match err {
        StaffingError::Inconsistent { field, message } => {
            CliError::Invalid(format!("--{field}: {}", message.en))
        }
        other => CliError::Invalid(other.to_string()),
    })?;
    let output = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&report).context("serializing the report")? + "\n"
        }
        Format::Text => {
            let percent = |share: f64| format!("{:.2} %", share * 100.0);
            let mut text = String::new();
            let _ = writeln!(text, "{:<15} {}", "Offered", report.offered);
            let _ = writeln!(
                text,
                "{:<15} {} ({})",
                "Answered",
                report.answered,
                percent(report.answer_rate)
            );
            let _ = writeln!(
                text,
                "{:<15} {} ({})",
                "Abandoned",
                report.abandoned,
                percent(report.abandon_rate)
            );
            let service_level = match (report.service_level, args.within_threshold) {
                (Some(share), Some(within)) => format!(
                    "{} ({within} answered within the threshold)",
                    percent(share)
                ),
                _ => "not computed (give --within-threshold)".to_owned(),
            };
            let _ = writeln!(text, "{:<15} {service_level}", "Service level");
            let _ = writeln!(
                text,
                "{:<15} {:.0} s (talk {:.0} s + after-call work {:.0} s)",
                "AHT", report.aht_secs, args.talk, args.acw
            );
            let _ = writeln!(
                text,
                "{:<15} {:.2} agent-hours of handling",
                "Workload", report.workload_hours
            );
            text
        }
    };
    out!("{output}");
    Ok(ExitCode::SUCCESS)
}
