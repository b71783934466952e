//! `centerplan staff`: the agents a service-level target needs for one interval or a
//! forecast, or (with `--agents`) how a given staffing performs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use centerplan::edit;
use centerplan::model::{
    Channel, ChatInputs, EmailInputs, ForecastInterval, NodeId, ShrinkageCause, ShrinkageShare,
    Staffing, StaffingInputs,
};
use centerplan::staffing::headcount::{PositionIds, Ratios, apply_proposal, propose_headcount};
use centerplan::staffing::intervals::IntervalOptions;
use centerplan::staffing::record;
use centerplan::staffing::shrinkage::MAX_SHRINKAGE;
use centerplan::staffing::{
    IntervalPlan, Load, Model, Performance, Sizing, StaffingError, Target, evaluate,
    parse_duration, parse_forecast, plan_intervals, required_agents, scheduled_staff,
};
use serde::Serialize;

use super::CliError;

/// Paid hours of one full-time agent per working day, for FTE totals.
const FTE_HOURS_PER_DAY: f64 = 8.0;

#[derive(Debug, clap::Args)]
pub struct StaffArgs {
    /// Calls offered in one interval
    #[arg(long, value_name = "N", value_parser = non_negative, required_unless_present = "forecast", conflicts_with = "forecast")]
    calls: Option<f64>,
    /// A CSV forecast with columns interval_start,calls and optionally aht and channel
    /// (voice, chat, email: one row per channel and interval)
    #[arg(long, value_name = "FILE")]
    forecast: Option<PathBuf>,
    /// Chat sessions one agent handles at once (1 to 4)
    #[arg(long, value_name = "N", default_value_t = ChatInputs::default().concurrency)]
    chat_concurrency: u32,
    /// Chat session handle time, for chat rows without their own
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    chat_aht: Option<f64>,
    /// Chat service-level target: percent answered within seconds
    #[arg(long, value_name = "PERCENT/SECONDS", value_parser = service_level, default_value = "80/60")]
    chat_sl: ServiceLevel,
    /// Email handle time, for email rows without their own
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    email_aht: Option<f64>,
    /// Email response target: percent of each interval's emails answered within a
    /// duration, e.g. 90/24h
    #[arg(long, value_name = "PERCENT/DURATION", value_parser = email_target, default_value = "90/24h")]
    email_target: EmailTargetArg,
    /// Interval length (a forecast's must be 15m, 30m or 60m)
    #[arg(long, value_name = "DURATION", value_parser = positive_duration, default_value = "30m")]
    interval: f64,
    /// Average handle time, talk plus after-call work (e.g. 180s, 3m, 2:59); with a
    /// forecast, for rows without their own
    #[arg(long, value_name = "DURATION", value_parser = positive_duration, required_unless_present = "forecast")]
    aht: Option<f64>,
    /// Service-level target: percent answered within seconds, e.g. 80/20
    #[arg(long, value_name = "PERCENT/SECONDS", value_parser = service_level)]
    sl: ServiceLevel,
    /// The most agents may be busy on average, e.g. 0.85 or 85%
    #[arg(long, value_name = "SHARE", value_parser = occupancy_cap)]
    max_occupancy: Option<f64>,
    /// Share of paid time off the phones (breaks, training, absence), e.g. 0.3 or 30%
    #[arg(long, value_name = "SHARE", value_parser = shrinkage, default_value = "0")]
    shrinkage: f64,
    /// Shrinkage by cause, repeatable: CAUSE=SHARE with CAUSE one of annual-leave,
    /// sick-leave, training, coaching, meetings, breaks, system-downtime, other (e.g.
    /// --shrinkage-cause breaks=8%); planned causes add up, unplanned ones count on the
    /// time left, and their combination replaces --shrinkage
    #[arg(long, value_name = "CAUSE=SHARE", value_parser = shrinkage_cause, conflicts_with = "shrinkage")]
    shrinkage_cause: Vec<ShrinkageShare>,
    /// Average caller patience; uses Erlang A (callers may abandon) instead of Erlang C
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    patience: Option<f64>,
    /// Evaluate this many agents instead of sizing
    #[arg(long, value_name = "N", value_parser = agent_count, conflicts_with = "forecast")]
    agents: Option<u32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A `.centerplan` plan: propose the headcount of its agent, team-leader, QA,
    /// trainer and workforce-planner positions for the staff this sizing needs
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// Write the proposal's accepted changes into the plan, and record the sizing in it
    /// (inputs and result, which the manual states); with --agents only the headcount
    #[arg(long, requires = "plan")]
    apply: bool,
    /// With --apply: the node ids to change (comma-separated); all proposed changes if absent
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "apply")]
    accept: Vec<String>,
    /// Agents per team leader, for the proposal
    #[arg(long, value_name = "N", default_value_t = Ratios::default().agents_per_team_leader)]
    agents_per_team_leader: u32,
    /// Agents per QA specialist, for the proposal
    #[arg(long, value_name = "N", default_value_t = Ratios::default().agents_per_qa_specialist)]
    agents_per_qa: u32,
    /// Agents per trainer, for the proposal
    #[arg(long, value_name = "N", default_value_t = Ratios::default().agents_per_trainer)]
    agents_per_trainer: u32,
    /// Agents per workforce planner, for the proposal
    #[arg(long, value_name = "N", default_value_t = Ratios::default().agents_per_wfm_planner)]
    agents_per_planner: u32,
}

/// Output format shared by the staffing subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy)]
struct EmailTargetArg {
    share: f64,
    within_hours: f64,
}

/// `80/20` or `90%/24h`: the percent before the slash, and what follows it.
fn percent_and(text: &str, usage: impl Fn() -> String) -> Result<(f64, &str), String> {
    let (percent, rest) = text.split_once('/').ok_or_else(&usage)?;
    let percent = percent
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| usage())?;
    Ok((percent, rest))
}

fn email_target(text: &str) -> Result<EmailTargetArg, String> {
    let usage = || "expected percent/duration such as 90/24h".to_owned();
    let (percent, within) = percent_and(text, usage)?;
    if !(percent > 0.0 && percent <= 100.0) {
        return Err("the percent must be above 0 and at most 100".to_owned());
    }
    let secs = parse_duration(within)
        .filter(|s| *s > 0.0)
        .ok_or_else(usage)?;
    Ok(EmailTargetArg {
        share: percent / 100.0,
        within_hours: secs / 3600.0,
    })
}

#[derive(Debug, Clone, Copy)]
struct ServiceLevel {
    percent: f64,
    threshold_secs: f64,
}

/// Most calls one interval may be sized for: far beyond any center, still in the range
/// where the arithmetic means something (traffic is bounded again after AHT is known).
const MAX_CALLS: f64 = 10_000_000.0;
/// Most agents `--agents` may evaluate.
const MAX_AGENTS: u32 = 1_000_000;

fn non_negative(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (0.0..=MAX_CALLS).contains(v))
        .ok_or_else(|| format!("expected a number from 0 to {MAX_CALLS:.0}"))
}

fn agent_count(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_AGENTS).contains(n))
        .ok_or_else(|| format!("expected a whole number of agents from 1 to {MAX_AGENTS}"))
}

fn positive_duration(text: &str) -> Result<f64, String> {
    parse_duration(text)
        .filter(|secs| *secs > 0.0)
        .ok_or_else(|| "expected a duration above 0 such as 180s, 30m or 2:25".to_owned())
}

fn service_level(text: &str) -> Result<ServiceLevel, String> {
    let usage = || "expected percent/seconds such as 80/20".to_owned();
    let (percent, threshold) = percent_and(text, usage)?;
    if !(percent > 0.0 && percent < 100.0) {
        return Err("the percent must be above 0 and below 100".to_owned());
    }
    let threshold_secs = parse_duration(threshold).ok_or_else(usage)?;
    Ok(ServiceLevel {
        percent,
        threshold_secs,
    })
}

/// A share written as 0.85 or 85%.
fn share(text: &str) -> Option<f64> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(percent) => percent.trim().parse::<f64>().ok().map(|p| p / 100.0),
        None => text.parse().ok(),
    }
}

fn shrinkage_cause(text: &str) -> Result<ShrinkageShare, String> {
    let usage = || {
        let causes: Vec<&str> = ShrinkageCause::ALL.iter().map(|c| c.key()).collect();
        format!(
            "expected CAUSE=SHARE such as breaks=8%, CAUSE one of {}",
            causes.join(", ")
        )
    };
    let (cause, value) = text.split_once('=').ok_or_else(usage)?;
    let cause = ShrinkageCause::from_key(cause.trim()).ok_or_else(usage)?;
    let share = share(value)
        .filter(|s| (0.0..=MAX_SHRINKAGE).contains(s))
        .ok_or_else(|| format!("{}: expected a share from 0 to 0.9 (90%)", cause.key()))?;
    Ok(ShrinkageShare { cause, share })
}

fn occupancy_cap(text: &str) -> Result<f64, String> {
    share(text)
        .filter(|s| *s > 0.0 && *s <= 1.0)
        .ok_or_else(|| "expected a share above 0 and at most 1, e.g. 0.85 or 85%".to_owned())
}

fn shrinkage(text: &str) -> Result<f64, String> {
    share(text)
        .filter(|s| (0.0..=MAX_SHRINKAGE).contains(s))
        .ok_or_else(|| {
            "expected a share from 0 to 0.9 (90%) of paid time off the phones, e.g. 0.3 or 30%"
                .to_owned()
        })
}

/// The JSON of a single-interval run; field names are a stable interface.
#[derive(Serialize)]
struct IntervalReport {
    #[serde(flatten)]
    model: Model,
    load: Load,
    target: Target,
    shrinkage: f64,
    /// Present when sizing; absent when evaluating `--agents`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sizing: Option<SizingCounts>,
    agents: u32,
    scheduled: u32,
    meets_target: bool,
    performance: Performance,
}

#[derive(Serialize)]
struct SizingCounts {
    agents_for_service_level: u32,
    agents_for_occupancy: u32,
}

#[derive(Serialize)]
struct ForecastReport<'a> {
    #[serde(flatten)]
    model: Model,
    target: Target,
    shrinkage: f64,
    fte_hours_per_day: f64,
    #[serde(flatten)]
    plan: &'a IntervalPlan,
}

pub fn run(args: StaffArgs) -> anyhow::Result<ExitCode> {
    let model = match args.patience {
        Some(patience_secs) => Model::ErlangA { patience_secs },
        None => Model::ErlangC,
    };
    let target = Target {
        service_level: args.sl.percent / 100.0,
        threshold_secs: args.sl.threshold_secs,
        max_occupancy: args.max_occupancy,
    };
    let (output, people) = match &args.forecast {
        Some(path) => forecast(&args, path, model, target)?,
        None => single(&args, model, target)?,
    };
    out!("{output}");
    if let Some(path) = &args.plan {
        // A sizing (not an evaluation of given agents) is recorded in the plan on --apply;
        // without it the proposal is built from the agents just printed.
        let staffing = match args.agents {
            Some(_) => None,
            None if !args.apply => None,
            None => {
                let inputs = inputs(&args, target)?;
                let result = record::size(&inputs).map_err(invalid)?.result;
                Some(Staffing { inputs, result })
            }
        };
        headcount(&args, path, people, staffing)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn ratios(args: &StaffArgs) -> Ratios {
    Ratios {
        agents_per_team_leader: args.agents_per_team_leader,
        agents_per_qa_specialist: args.agents_per_qa,
        agents_per_trainer: args.agents_per_trainer,
        agents_per_wfm_planner: args.agents_per_planner,
    }
}

/// The inputs as the plan records them.
fn inputs(args: &StaffArgs, target: Target) -> anyhow::Result<StaffingInputs> {
    let (forecast, forecast_source) = match &args.forecast {
        Some(path) => {
            let text = super::read_text(path, centerplan::limits::MAX_INPUT_BYTES)?;
            let forecast = parse_forecast(&text)
                .map_err(|err| CliError::Input(format!("{}: {err}", path.display())))?;
            let rows = forecast
                .rows
                .into_iter()
                .map(ForecastInterval::from)
                .collect();
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (rows, name)
        }
        None => (Vec::new(), String::new()),
    };
    Ok(StaffingInputs {
        calls: args.calls,
        forecast,
        forecast_source,
        // clap refuses a length of a fraction of a minute only for forecasts; the plan
        // records whole minutes.
        interval_minutes: (args.interval / 60.0).round() as u32,
        aht_secs: args.aht,
        service_level: target.service_level,
        threshold_secs: target.threshold_secs,
        max_occupancy: target.max_occupancy,
        shrinkage: shrinkage_of(args)?,
        patience_secs: args.patience,
        fte_hours_per_day: FTE_HOURS_PER_DAY,
        ratios: ratios(args),
        shrinkage_causes: args.shrinkage_cause.clone(),
        chat: chat_inputs(args),
        email: email_inputs(args),
    })
}

/// The shrinkage the sizing uses: the causes' combination when given, else --shrinkage.
fn shrinkage_of(args: &StaffArgs) -> anyhow::Result<f64> {
    if args.shrinkage_cause.is_empty() {
        return Ok(args.shrinkage);
    }
    Ok(
        centerplan::staffing::shrinkage::combine(&args.shrinkage_cause)
            .map_err(invalid)?
            .total,
    )
}

fn chat_inputs(args: &StaffArgs) -> ChatInputs {
    ChatInputs {
        concurrency: args.chat_concurrency,
        aht_secs: args.chat_aht,
        service_level: args.chat_sl.percent / 100.0,
        threshold_secs: args.chat_sl.threshold_secs,
    }
}

fn email_inputs(args: &StaffArgs) -> EmailInputs {
    EmailInputs {
        aht_secs: args.email_aht,
        share: args.email_target.share,
        within_hours: args.email_target.within_hours,
    }
}

/// Shows (and with `--apply` writes) the headcount proposal for `people` agents; with a
/// `staffing` sizing, `--apply` also records it in the plan, in the same save.
fn headcount(
    args: &StaffArgs,
    path: &Path,
    people: u32,
    staffing: Option<Staffing>,
) -> anyhow::Result<()> {
    let mut plan = super::plan::open(path)?;
    let proposal = match &staffing {
        Some(staffing) => record::proposal(&plan, staffing),
        None => propose_headcount(&plan, people, &ratios(args), &PositionIds::for_plan(&plan)),
    };
    let accepted: Vec<NodeId> = if args.accept.is_empty() {
        proposal
            .entries
            .iter()
            .filter(|e| e.changes())
            .map(|e| e.node.clone())
            .collect()
    } else {
        args.accept
            .iter()
            .map(|id| NodeId::new(id.trim()))
            .collect()
    };
    let recorded = args.apply && staffing.is_some();
    let changed = if args.apply {
        let changed = match staffing {
            Some(staffing) => {
                fn refused(err: impl std::fmt::Display) -> CliError {
                    CliError::Invalid(format!("--accept: {err}"))
                }
                // The accepted positions whose planned headcount the edit changes.
                let changed = proposal
                    .accepted_entries(&plan, &accepted)
                    .map_err(refused)?
                    .into_iter()
                    .filter(|e| {
                        plan.chart
                            .node(&e.node)
                            .is_some_and(|n| n.headcount.planned != e.proposed)
                    })
                    .map(|e| e.node.clone())
                    .collect();
                let edit = record::accept(&plan, staffing, &accepted).map_err(refused)?;
                edit::apply(&mut plan, &edit).map_err(refused)?;
                changed
            }
            None => apply_proposal(&mut plan, &proposal, &accepted)
                .map_err(|err| CliError::Invalid(format!("--accept: {err}")))?,
        };
        super::plan::save(&plan, path)?;
        changed
    } else {
        Vec::new()
    };
    match args.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Report<'a> {
                proposal: &'a centerplan::staffing::headcount::Proposal,
                applied: &'a [NodeId],
                /// Whether the sizing was recorded in the plan.
                recorded: bool,
            }
            out!(
                "{}",
                json(&Report {
                    proposal: &proposal,
                    applied: &changed,
                    recorded,
                })?
            );
        }
        Format::Text => {
            let mut text = String::new();
            let _ = writeln!(text);
            let _ = writeln!(
                text,
                "Headcount proposal for {} ({people} agents)",
                path.display()
            );
            let _ = writeln!(
                text,
                "{:<16} {:>8} {:>9} {:>6}",
                "position", "current", "proposed", "change"
            );
            for entry in &proposal.entries {
                let current = entry.current.map_or("—".to_owned(), |c| c.to_string());
                let change = match entry.difference {
                    Some(0) => "=".to_owned(),
                    Some(d) => format!("{d:+}"),
                    None => "not in chart".to_owned(),
                };
                let mark = if changed.contains(&entry.node) {
                    "  applied"
                } else {
                    ""
                };
                let _ = writeln!(
                    text,
                    "{:<16} {current:>8} {:>9} {change:>6}{mark}",
                    entry.node.as_str(),
                    entry.proposed
                );
            }
            if recorded {
                let _ = writeln!(
                    text,
                    "(the sizing is recorded in the plan; the manual states it)"
                );
            } else if !args.apply {
                let _ = writeln!(
                    text,
                    "(run again with --apply to write these changes and the sizing into the plan)"
                );
            }
            out!("{text}");
        }
    }
    Ok(())
}

/// Impossible inputs (an unstable queue, an interval a forecast cannot use) are
/// validation failures; clap has already checked each flag's syntax.
fn invalid(err: StaffingError) -> anyhow::Error {
    let message = match err {
        StaffingError::OutOfRange { field, message } => format!("--{field}: {}", message.en),
        other => other.to_string(),
    };
    CliError::Invalid(message).into()
}

/// Sizes (or evaluates) one interval; returns the report and the agents to schedule.
fn single(args: &StaffArgs, model: Model, target: Target) -> anyhow::Result<(String, u32)> {
    let shrinkage = shrinkage_of(args)?;
    let load = Load {
        calls: args
            .calls
            .expect("clap requires --calls without --forecast"),
        interval_secs: args.interval,
        aht_secs: args.aht.expect("clap requires --aht without --forecast"),
    };
    let (performance, sizing) = match args.agents {
        Some(agents) => (
            evaluate(&load, agents, model, target.threshold_secs).map_err(invalid)?,
            None,
        ),
        None => {
            let Sizing {
                performance,
                agents_for_service_level,
                agents_for_occupancy,
                ..
            } = required_agents(&load, &target, model).map_err(invalid)?;
            (
                performance,
                Some(SizingCounts {
                    agents_for_service_level,
                    agents_for_occupancy,
                }),
            )
        }
    };
    let report = IntervalReport {
        model,
        load,
        target,
        shrinkage,
        agents: performance.agents,
        scheduled: scheduled_staff(performance.agents, shrinkage).map_err(invalid)?,
        meets_target: performance.service_level >= target.service_level
            && target
                .max_occupancy
                .is_none_or(|cap| performance.occupancy <= cap + 1e-12),
        sizing,
        performance,
    };
    let text = match args.format {
        Format::Json => json(&report)?,
        Format::Text => interval_text(&report),
    };
    Ok((text, report.scheduled))
}

/// Sizes a forecast; returns the report and the agents to employ.
fn forecast(
    args: &StaffArgs,
    path: &std::path::Path,
    model: Model,
    target: Target,
) -> anyhow::Result<(String, u32)> {
    let shrinkage = shrinkage_of(args)?;
    let text = super::read_text(path, centerplan::limits::MAX_INPUT_BYTES)?;
    let forecast = parse_forecast(&text)
        .map_err(|err| CliError::Input(format!("{}: {err}", path.display())))?;
    let options = IntervalOptions {
        interval_secs: args.interval,
        default_aht_secs: args.aht,
        target,
        model,
        shrinkage,
        fte_hours_per_day: FTE_HOURS_PER_DAY,
        chat: chat_inputs(args),
        email: email_inputs(args),
    };
    let plan = plan_intervals(&forecast, &options).map_err(|err| match err {
        StaffingError::Forecast { .. } => {
            CliError::Input(format!("{}: {err}", path.display())).into()
        }
        other => invalid(other),
    })?;
    let text = match args.format {
        Format::Json => json(&ForecastReport {
            model,
            target,
            shrinkage,
            fte_hours_per_day: FTE_HOURS_PER_DAY,
            plan: &plan,
        })?,
        Format::Text => forecast_text(&plan, model, &target, shrinkage),
    };
    Ok((text, plan.headcount))
}

fn json(value: &impl Serialize) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value).context("serializing the report")?;
    text.push('\n');
    Ok(text)
}

fn percent(share: f64) -> String {
    format!("{:.2} %", share * 100.0)
}

fn model_name(model: Model) -> String {
    match model {
        Model::ErlangC => "Erlang C (callers wait as long as it takes)".to_owned(),
        Model::ErlangA { patience_secs } => {
            format!("Erlang A (callers abandon after {patience_secs:.0} s on average)")
        }
    }
}

fn target_text(target: &Target) -> String {
    let mut text = format!(
        "{:.0}/{:.0}",
        target.service_level * 100.0,
        target.threshold_secs
    );
    if let Some(cap) = target.max_occupancy {
        let _ = write!(text, ", occupancy at most {}", percent(cap));
    }
    text
}

fn interval_text(report: &IntervalReport) -> String {
    let p = &report.performance;
    let mut rows: Vec<(&str, String)> = vec![
        ("Model", model_name(report.model)),
        ("Target", target_text(&report.target)),
        (
            "Traffic",
            format!(
                "{:.2} erlangs ({} calls in {:.0} min, AHT {:.0} s)",
                p.traffic_erlangs,
                report.load.calls,
                report.load.interval_secs / 60.0,
                report.load.aht_secs
            ),
        ),
    ];
    let agents = match &report.sizing {
        Some(counts) if counts.agents_for_occupancy > 0 => format!(
            "{} (service level alone: {}, occupancy cap alone: {})",
            report.agents, counts.agents_for_service_level, counts.agents_for_occupancy
        ),
        Some(_) => report.agents.to_string(),
        None => format!("{} (given)", report.agents),
    };
    rows.push(("Agents", agents));
    rows.push((
        "Scheduled",
        format!(
            "{} (shrinkage {})",
            report.scheduled,
            percent(report.shrinkage)
        ),
    ));
    rows.push((
        "Service level",
        format!(
            "{} answered within {:.0} s",
            percent(p.service_level),
            report.target.threshold_secs
        ),
    ));
    rows.push(("P(wait)", percent(p.probability_wait)));
    if let Some(abandon) = p.probability_abandon {
        rows.push(("P(abandon)", percent(abandon)));
    }
    rows.push(("ASA", format!("{:.2} s", p.asa_secs)));
    rows.push(("Occupancy", percent(p.occupancy)));
    if report.sizing.is_none() {
        rows.push((
            "Meets target",
            if report.meets_target { "yes" } else { "no" }.to_owned(),
        ));
    }
    let mut text = String::new();
    for (label, value) in rows {
        let _ = writeln!(text, "{label:<14} {value}");
    }
    text
}

fn forecast_text(plan: &IntervalPlan, model: Model, target: &Target, shrinkage: f64) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "Model      {}", model_name(model));
    let _ = writeln!(text, "Target     {}", target_text(target));
    let _ = writeln!(text);
    let abandon = matches!(model, Model::ErlangA { .. });
    let channels = plan.channels.iter().any(|c| c.channel != Channel::Voice);
    if channels {
        text.push_str(&format!("{:<8}", "channel"));
    }
    let _ = write!(
        text,
        "{:<16} {:>8} {:>7} {:>7} {:>10} {:>9} {:>10}",
        "interval",
        if channels { "contacts" } else { "calls" },
        "aht s",
        "agents",
        "scheduled",
        "SL",
        "occupancy"
    );
    text.push_str(if abandon { "   abandon\n" } else { "\n" });
    for interval in &plan.intervals {
        let p = &interval.performance;
        if channels {
            text.push_str(&format!("{:<8}", interval.channel.key()));
        }
        let _ = write!(
            text,
            "{:<16} {:>8} {:>7.0} {:>7} {:>10} {:>9} {:>10}",
            interval.interval_start,
            interval.calls,
            interval.aht_secs,
            interval.agents,
            interval.scheduled,
            percent(p.service_level),
            percent(p.occupancy)
        );
        match p.probability_abandon {
            Some(share) if abandon => {
                let _ = writeln!(text, " {:>9}", percent(share));
            }
            _ => text.push('\n'),
        }
    }
    let _ = writeln!(text);
    if channels {
        for channel in &plan.channels {
            let _ = write!(
                text,
                "{:<10} peak {} agents, {:.1} agent-hours",
                channel.channel.key(),
                channel.peak_agents,
                channel.agent_hours
            );
            if channel.channel == Channel::Email {
                let _ = write!(text, ", {:.1} waiting at the end", channel.backlog);
            }
            text.push('\n');
        }
    }
    let _ = writeln!(
        text,
        "Peak       {} agents, {} scheduled, at {}",
        plan.peak_agents, plan.peak_scheduled, plan.peak_interval
    );
    let _ = writeln!(
        text,
        "Hours      {:.1} agent-hours on the phones, {:.1} scheduled (shrinkage {})",
        plan.agent_hours,
        plan.scheduled_hours,
        percent(shrinkage)
    );
    let _ = write!(
        text,
        "FTE        {:.2} over {} day(s) of {FTE_HOURS_PER_DAY:.0} paid hours: {} agents to employ",
        plan.fte, plan.days, plan.headcount
    );
    if plan.headcount == plan.peak_scheduled && plan.fte < f64::from(plan.headcount) - 1.0 {
        let _ = write!(text, " (the peak schedules that many at once)");
    }
    text.push('\n');
    text
}
