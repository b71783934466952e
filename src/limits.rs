//! Limits on what a plan and its inputs may hold, in one place.
//!
//! A plan from a file or a client is untrusted: without limits a crafted file could make
//! the program allocate gigabytes, work for minutes, or hand a chart so deep to a
//! recursive renderer that it overflows the stack. Every limit here sits far above what a
//! real customer-service center needs (a large center has a few hundred positions, a chart
//! under ten levels, a week of 15-minute intervals is 672 rows), and each is enforced
//! where input enters: [`crate::interchange::from_json`], [`crate::document::open`] and
//! [`crate::staffing::parse_forecast`]. Everything downstream (validation, outline, the
//! chart and manual engines) may rely on a loaded plan being within them.
//!
//! The checks walk the plan once, iteratively, and name the field at fault in the JSON
//! path style of the interchange format (`plan.chart.nodes[3].name.zh`).

use std::collections::HashMap;

use crate::model::{NodeId, Plan, Text};

/// Largest input file read whole: a JSON plan, a `.centerplan` document, a forecast CSV.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Longest single string (one language of a name, duty or summary; an id), in UTF-8 bytes.
/// Generous on purpose: pasted policy text must fit, and the hostile-text corpus puts
/// 1 MB strings through every path.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// Most nodes in the org chart.
pub const MAX_NODES: usize = 20_000;
/// Most extra (dotted, bypass) reporting lines.
pub const MAX_LINES: usize = 20_000;
/// Deepest chart, in levels along solid reporting lines (the root is level 1).
pub const MAX_CHART_DEPTH: usize = 10_000;
/// Most rows (roles) of the responsibility matrix.
pub const MAX_MATRIX_ROWS: usize = 2_000;
/// Most duties in one matrix cell, and in one job description.
pub const MAX_DUTIES: usize = 500;
/// Most job descriptions, KPIs and career steps, each.
pub const MAX_ENTRIES: usize = 5_000;
/// Most intervals in one forecast: a year of 15-minute intervals.
pub const MAX_FORECAST_ROWS: usize = 366 * 96;

/// Longest center name, in UTF-8 bytes: it is printed on the cover and in every page's
/// running header, so it must fit a cover line (about 100 Chinese characters), not a page.
pub const MAX_PLAN_NAME_BYTES: usize = 300;
/// Farthest an explicit rank may sit from the root, in half levels either way: ten times
/// the deepest chart the limits admit, and far from where `i32` arithmetic on ranks could
/// overflow.
pub const MAX_RANK: i32 = 10_000;
/// Largest planned or filled headcount of one node (either sign: a negative count is kept
/// for validation to report).
pub const MAX_HEADCOUNT: i32 = 1_000_000;
/// Largest agent or support count a recorded sizing may carry.
pub const MAX_STAFF_COUNT: u32 = 10_000_000;

/// Most bytes the schema table (`sqlite_master`) of a `.centerplan` may hold, counted from
/// the file's pages before SQLite parses it: ours is about 6 KB, a hostile file can list
/// millions of views that take minutes and gigabytes to parse.
pub const MAX_SCHEMA_BYTES: u64 = 64 * 1024;
/// Most SQLite virtual-machine steps one [`crate::document::open`] may take: a fixed
/// allowance plus so many per byte of the file, for every statement together (the
/// integrity check, the rows, the checksum). A 19 MB plan of 400,000 small rows takes
/// 0.7 steps per byte, a small plan under 100,000 steps; a statement that would go on
/// is interrupted, so no file, however made, keeps an open busy for long.
pub const OPEN_STEPS_BASE: u64 = 5_000_000;
pub const OPEN_STEPS_PER_BYTE: u64 = 8;

/// Most offered traffic one interval may be sized for, in erlangs (calls × AHT ÷ interval
/// length): ten times the largest centers, far below what makes sizing slow.
pub const MAX_TRAFFIC_ERLANGS: f64 = 100_000.0;

/// A limit exceeded, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("{field}: {found} bytes, more than the limit of {limit}")]
    TooLong {
        field: String,
        found: usize,
        limit: usize,
    },
    #[error("{field}: {found} entries, more than the limit of {limit}")]
    TooMany {
        field: String,
        found: usize,
        limit: usize,
    },
    #[error("{field}: {found} levels deep, more than the limit of {limit}")]
    TooDeep {
        field: String,
        found: usize,
        limit: usize,
    },
    #[error("{field}: {found} is outside the allowed range {min} to {max}")]
    OutOfRange {
        field: String,
        found: String,
        min: String,
        max: String,
    },
    #[error("{field}: {found} bytes, more than the limit of {limit}")]
    InputTooLarge {
        field: String,
        found: u64,
        limit: u64,
    },
}

/// Checks an input's size before it is read or parsed; `what` names it in the error.
pub fn check_input_size(what: &str, bytes: u64) -> Result<(), LimitError> {
    if bytes > MAX_INPUT_BYTES {
        return Err(LimitError::InputTooLarge {
            field: what.to_owned(),
            found: bytes,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

fn range<T: PartialOrd + std::fmt::Display>(
    field: impl FnOnce() -> String,
    value: T,
    min: T,
    max: T,
) -> Result<(), LimitError> {
    if value < min || value > max {
        return Err(LimitError::OutOfRange {
            field: field(),
            found: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        });
    }
    Ok(())
}

/// Checks every limit on `plan`; the first one exceeded is the error.
pub fn check_plan(plan: &Plan) -> Result<(), LimitError> {
    if plan.name.len() > MAX_PLAN_NAME_BYTES {
        return Err(LimitError::TooLong {
            field: "plan.name".to_owned(),
            found: plan.name.len(),
            limit: MAX_PLAN_NAME_BYTES,
        });
    }
    let chart = &plan.chart;
    count("plan.chart.nodes", chart.nodes.len(), MAX_NODES)?;
    count("plan.chart.lines", chart.lines.len(), MAX_LINES)?;
    for (i, node) in chart.nodes.iter().enumerate() {
        let at = || format!("plan.chart.nodes[{i}]");
        id(&at, "id", node.id.as_str())?;
        if let Some(parent) = &node.parent {
            id(&at, "parent", parent.as_str())?;
        }
        pair(&at, "name", &node.name)?;
        if let Some(rank) = node.rank {
            range(|| format!("{}.rank", at()), rank.0, -MAX_RANK, MAX_RANK)?;
        }
        let count = node.headcount;
        for (name, value) in [("planned", count.planned), ("filled", count.filled)] {
            range(
                || format!("{}.headcount.{name}", at()),
                value,
                -MAX_HEADCOUNT,
                MAX_HEADCOUNT,
            )?;
        }
    }
    for (i, line) in chart.lines.iter().enumerate() {
        let at = || format!("plan.chart.lines[{i}]");
        id(&at, "from", line.from.as_str())?;
        id(&at, "to", line.to.as_str())?;
    }
    check_depth(plan)?;

    count("plan.matrix.rows", plan.matrix.rows.len(), MAX_MATRIX_ROWS)?;
    for (i, row) in plan.matrix.rows.iter().enumerate() {
        id(
            &|| format!("plan.matrix.rows[{i}]"),
            "role",
            row.role.as_str(),
        )?;
        for (c, cell) in row.cells.iter().enumerate() {
            let at = || format!("plan.matrix.rows[{i}].cells[{c}]");
            count(&format!("{}.duties", at()), cell.duties.len(), MAX_DUTIES)?;
            for (d, duty) in cell.duties.iter().enumerate() {
                pair(&at, &format!("duties[{d}]"), duty)?;
            }
        }
    }

    let jobs = &plan.job_descriptions;
    count("plan.job_descriptions", jobs.len(), MAX_ENTRIES)?;
    for (i, job) in jobs.iter().enumerate() {
        let at = || format!("plan.job_descriptions[{i}]");
        id(&at, "position", job.position.as_str())?;
        pair(&at, "summary", &job.summary)?;
        count(&format!("{}.duties", at()), job.duties.len(), MAX_DUTIES)?;
        for (d, duty) in job.duties.iter().enumerate() {
            pair(&at, &format!("duties[{d}].text"), &duty.text)?;
        }
    }

    count("plan.kpis", plan.kpis.len(), MAX_ENTRIES)?;
    for (i, kpi) in plan.kpis.iter().enumerate() {
        let at = || format!("plan.kpis[{i}]");
        id(&at, "id", &kpi.id)?;
        pair(&at, "name", &kpi.name)?;
        pair(&at, "definition", &kpi.definition)?;
        pair(&at, "formula", &kpi.formula)?;
        text(&format!("{}.target", at()), &kpi.target)?;
    }

    count("plan.career_path", plan.career_path.len(), MAX_ENTRIES)?;
    for (i, step) in plan.career_path.iter().enumerate() {
        let at = || format!("plan.career_path[{i}]");
        pair(&at, "title", &step.title)?;
        if let Some(position) = &step.position {
            id(&at, "position", position.as_str())?;
        }
        pair(&at, "requirements", &step.requirements)?;
    }

    if let Some(staffing) = &plan.staffing {
        let (inputs, result) = (&staffing.inputs, &staffing.result);
        let forecast = "plan.staffing.inputs.forecast";
        count(forecast, inputs.forecast.len(), MAX_FORECAST_ROWS)?;
        for (i, interval) in inputs.forecast.iter().enumerate() {
            id(&|| format!("{forecast}[{i}]"), "start", &interval.start)?;
        }
        text(
            "plan.staffing.inputs.forecast_source",
            &inputs.forecast_source,
        )?;
        text("plan.staffing.result.peak_interval", &result.peak_interval)?;
        let counts = [
            ("peak_agents", result.peak_agents),
            ("peak_scheduled", result.peak_scheduled),
            ("agents", result.agents),
            ("team_leaders", result.team_leaders),
            ("qa_specialists", result.qa_specialists),
            ("trainers", result.trainers),
            ("wfm_planners", result.wfm_planners),
        ];
        for (name, value) in counts {
            range(
                || format!("plan.staffing.result.{name}"),
                value,
                0,
                MAX_STAFF_COUNT,
            )?;
        }
        for (i, value) in result.interval_agents.iter().enumerate() {
            range(
                || format!("plan.staffing.result.interval_agents[{i}]"),
                *value,
                0,
                MAX_STAFF_COUNT,
            )?;
        }
        count(
            "plan.staffing.result.interval_agents",
            result.interval_agents.len(),
            MAX_FORECAST_ROWS,
        )?;
    }
    Ok(())
}

/// The number of levels of the deepest solid-line chain, with the root at level 1.
///
/// Iterative with memoized depths, so it is linear in the node count whatever the shape.
/// A node on a reporting cycle or under a missing parent starts a chain of its own, as
/// in [`crate::model::OrgChart::effective_ranks`].
pub fn chart_depth(plan: &Plan) -> usize {
    let nodes = &plan.chart.nodes;
    let index: HashMap<&NodeId, usize> = plan.chart.index();
    let mut depth = vec![0usize; nodes.len()];
    let mut on_path = vec![false; nodes.len()];
    let mut deepest = 0;
    for start in 0..nodes.len() {
        let mut path = Vec::new();
        let mut current = start;
        let base = loop {
            if depth[current] != 0 {
                break depth[current];
            }
            if on_path[current] {
                break 0;
            }
            on_path[current] = true;
            path.push(current);
            match nodes[current].parent.as_ref().and_then(|p| index.get(p)) {
                Some(&parent) => current = parent,
                None => break 0,
            }
        };
        let mut level = base;
        for &i in path.iter().rev() {
            level += 1;
            depth[i] = level;
            on_path[i] = false;
        }
        deepest = deepest.max(level);
    }
    deepest
}

fn check_depth(plan: &Plan) -> Result<(), LimitError> {
    let found = chart_depth(plan);
    if found > MAX_CHART_DEPTH {
        return Err(LimitError::TooDeep {
            field: "plan.chart".to_owned(),
            found,
            limit: MAX_CHART_DEPTH,
        });
    }
    Ok(())
}

fn count(field: &str, found: usize, limit: usize) -> Result<(), LimitError> {
    if found > limit {
        return Err(LimitError::TooMany {
            field: field.to_owned(),
            found,
            limit,
        });
    }
    Ok(())
}

fn text(field: &str, value: &str) -> Result<(), LimitError> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(LimitError::TooLong {
            field: field.to_owned(),
            found: value.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}

fn pair(at: &dyn Fn() -> String, name: &str, value: &Text) -> Result<(), LimitError> {
    // The field path is built only when a limit is exceeded.
    if value.zh.len() > MAX_TEXT_BYTES {
        text(&format!("{}.{name}.zh", at()), &value.zh)?;
    }
    if value.en.len() > MAX_TEXT_BYTES {
        text(&format!("{}.{name}.en", at()), &value.en)?;
    }
    Ok(())
}

fn id(at: &dyn Fn() -> String, name: &str, value: &str) -> Result<(), LimitError> {
    if value.len() > MAX_TEXT_BYTES {
        text(&format!("{}.{name}", at()), value)?;
    }
    Ok(())
}
