//! Limits on what a plan and its inputs may hold, in one place.
//!
//! A plan from a file or a client is untrusted: without limits a crafted file could make
//! the program allocate gigabytes, work for minutes, or hand a chart so deep to a
//! recursive renderer that it overflows the stack. Every limit here sits far above what a
//! real customer-service center needs (a large center has a few hundred positions, a chart
//! under ten levels, a week of 15-minute intervals is 672 rows), and each is enforced
//! where input enters: [`crate::interchange::from_json`], [`crate::document::open`],
//! [`crate::csv_io::import_chart`], [`crate::staffing::parse_forecast`] and every
//! [`crate::edit::Edit`]. Everything downstream (validation, outline, the chart and manual
//! engines) may rely on a loaded plan being within them.
//!
//! Strings have a limit per field, set by where the manual prints them: a name is drawn in
//! a fixed chart box and repeated in headings, tables and sentences, so it is held to a
//! few lines; a duty to a table cell; a summary to a few paragraphs. What the typesetter
//! then does with all of them together is bounded by [`MAX_MANUAL_BYTES`].
//!
//! The checks walk the plan once, iteratively, and name the field at fault in the JSON
//! path style of the interchange format (`plan.chart.nodes[3].name.zh`).

use crate::model::{Plan, Text};

/// Largest input file read whole: a JSON plan, a `.centerplan` document, a forecast CSV.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Longest text read whole where no field limit below applies (one chapter file of a
/// manual), in UTF-8 bytes. The plan's own strings have tighter limits per field
/// ([`MAX_NAME_BYTES`] and the rest), set by where the manual prints them.
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
/// Longest name of a chart node (position or unit), KPI or career step, and a KPI's
/// target, in UTF-8 bytes per language: a node's name is drawn in a fixed box and printed
/// again in headings, the matrix and every reporting-line sentence that names it, so it
/// must fit a box of a few lines (about 100 Chinese characters), like the center's name.
pub const MAX_NAME_BYTES: usize = 300;
/// Longest id (of a node, a KPI, a forecast interval) and every reference to one: ids are
/// printed where a name is missing, and are keys, not prose.
pub const MAX_ID_BYTES: usize = 300;
/// Longest duty (of a job description or a matrix cell), per language: one table cell or
/// list item of about 650 Chinese characters, several times the longest real duty.
pub const MAX_DUTY_BYTES: usize = 2_000;
/// Longest paragraph (a job summary, a KPI's definition or formula, a career step's
/// requirements), per language: about 2,600 Chinese characters.
pub const MAX_PARAGRAPH_BYTES: usize = 8_000;
/// Longest forecast file name a staffing sizing records: longer than any file system's
/// file name.
pub const MAX_FILE_NAME_BYTES: usize = 1_024;
/// Longest text of one chapter in one language (a built-in chapter the user edited, or the
/// user's own), in bytes: the longest built-in chapter is about 40 KB.
pub const MAX_CHAPTER_BYTES: usize = 256 * 1024;
/// Most chapters a plan's manual lists (built-in and the user's own).
pub const MAX_CHAPTERS: usize = 200;
/// Longest chapter id (`05-complaints`, `custom-3`).
pub const MAX_CHAPTER_ID_BYTES: usize = 64;
/// Longest manual text (the resolved Markdown of one edition and language) a PDF or the
/// preview's pages are typeset from, in bytes: what bounds the typesetter's time and
/// memory for any plan the field limits admit, whatever the counts multiply (the
/// `worst_case` benchmark measures a manual at this size). The hybrid template's manual
/// is about 100 KB, a large center's a few hundred; a plan whose manual would be longer
/// still exports as Markdown or HTML, and its PDF is refused with an error saying so.
pub const MAX_MANUAL_BYTES: usize = 1024 * 1024;
/// Farthest an explicit rank may sit from the root, in half levels either way: ten times
/// the deepest chart the limits admit, and far from where `i32` arithmetic on ranks could
/// overflow.
pub const MAX_RANK: i32 = 10_000;
/// Largest planned or filled headcount of one node (either sign: a negative count is kept
/// for validation to report).
pub const MAX_HEADCOUNT: i32 = 1_000_000;
/// Largest agent or support count a recorded sizing may carry.
pub const MAX_STAFF_COUNT: u32 = 10_000_000;

/// Most shifts in the center's shift table: a 24-hour center with staggered starts every
/// hour has 24; real tables have three to eight.
pub const MAX_SHIFTS: usize = 24;
/// Longest shift name, in UTF-8 bytes per language: it fills one cell of the scheduling
/// chapter's table (about 40 Chinese characters).
pub const MAX_SHIFT_NAME_BYTES: usize = 120;
/// Largest amount of a rule's duration or count ("10,000 days" is already no deadline).
pub const MAX_RULE_AMOUNT: u32 = 10_000;
/// Most short breaks in one shift.
pub const MAX_SHIFT_BREAKS: u32 = 12;
/// Largest money amount a rule may hold, in yuan.
pub const MAX_RULE_YUAN: u32 = 100_000_000;

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

impl LimitError {
    /// The same error with its field named inside `at` (`plan.releases[2].plan.name`).
    fn within(self, at: &str) -> LimitError {
        let rename = |field: String| match field.strip_prefix("plan") {
            Some(rest) => format!("{at}.plan{rest}"),
            None => format!("{at}.{field}"),
        };
        match self {
            LimitError::TooLong {
                field,
                found,
                limit,
            } => LimitError::TooLong {
                field: rename(field),
                found,
                limit,
            },
            LimitError::TooMany {
                field,
                found,
                limit,
            } => LimitError::TooMany {
                field: rename(field),
                found,
                limit,
            },
            LimitError::TooDeep {
                field,
                found,
                limit,
            } => LimitError::TooDeep {
                field: rename(field),
                found,
                limit,
            },
            LimitError::OutOfRange {
                field,
                found,
                min,
                max,
            } => LimitError::OutOfRange {
                field: rename(field),
                found,
                min,
                max,
            },
            LimitError::InputTooLarge {
                field,
                found,
                limit,
            } => LimitError::InputTooLarge {
                field: rename(field),
                found,
                limit,
            },
        }
    }
}

impl crate::error::Failure for LimitError {
    fn code(&self) -> &'static str {
        match self {
            LimitError::TooLong { .. } => "limit.too-long",
            LimitError::TooMany { .. } => "limit.too-many",
            LimitError::TooDeep { .. } => "limit.too-deep",
            LimitError::OutOfRange { .. } => "limit.out-of-range",
            LimitError::InputTooLarge { .. } => "limit.input-too-large",
        }
    }

    fn message(&self, lang: crate::model::Lang) -> String {
        if lang == crate::model::Lang::En {
            return self.to_string();
        }
        match self {
            LimitError::TooLong {
                field,
                found,
                limit,
            } => format!("{field}：长 {found} 字节，超过上限 {limit} 字节"),
            LimitError::TooMany {
                field,
                found,
                limit,
            } => format!("{field}：有 {found} 项，超过上限 {limit} 项"),
            LimitError::TooDeep {
                field,
                found,
                limit,
            } => format!("{field}：有 {found} 层，超过上限 {limit} 层"),
            LimitError::OutOfRange {
                field,
                found,
                min,
                max,
            } => format!("{field}：{found} 超出允许范围 {min} 至 {max}"),
            LimitError::InputTooLarge {
                field,
                found,
                limit,
            } => format!("{field}：大小 {found} 字节，超过上限 {limit} 字节"),
        }
    }
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
    // Written so that a NaN, which compares false both ways, is out of range too.
    if !(value >= min && value <= max) {
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
    // The English name takes the Chinese name's place on the English manual's cover.
    if plan.name_en.len() > MAX_PLAN_NAME_BYTES {
        return Err(LimitError::TooLong {
            field: "plan.name_en".to_owned(),
            found: plan.name_en.len(),
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
        pair(&at, "name", &node.name, MAX_NAME_BYTES)?;
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
                both(|| format!("{}.duties[{d}]", at()), duty, MAX_DUTY_BYTES)?;
            }
        }
    }

    let jobs = &plan.job_descriptions;
    count("plan.job_descriptions", jobs.len(), MAX_ENTRIES)?;
    for (i, job) in jobs.iter().enumerate() {
        let at = || format!("plan.job_descriptions[{i}]");
        id(&at, "position", job.position.as_str())?;
        pair(&at, "summary", &job.summary, MAX_PARAGRAPH_BYTES)?;
        count(&format!("{}.duties", at()), job.duties.len(), MAX_DUTIES)?;
        for (d, duty) in job.duties.iter().enumerate() {
            both(
                || format!("{}.duties[{d}].text", at()),
                &duty.text,
                MAX_DUTY_BYTES,
            )?;
        }
    }

    count("plan.kpis", plan.kpis.len(), MAX_ENTRIES)?;
    for (i, kpi) in plan.kpis.iter().enumerate() {
        let at = || format!("plan.kpis[{i}]");
        id(&at, "id", &kpi.id)?;
        pair(&at, "name", &kpi.name, MAX_NAME_BYTES)?;
        pair(&at, "definition", &kpi.definition, MAX_PARAGRAPH_BYTES)?;
        pair(&at, "formula", &kpi.formula, MAX_PARAGRAPH_BYTES)?;
        if kpi.target.len() > MAX_NAME_BYTES {
            text(&format!("{}.target", at()), &kpi.target, MAX_NAME_BYTES)?;
        }
    }

    count("plan.career_path", plan.career_path.len(), MAX_ENTRIES)?;
    for (i, step) in plan.career_path.iter().enumerate() {
        let at = || format!("plan.career_path[{i}]");
        pair(&at, "title", &step.title, MAX_NAME_BYTES)?;
        if let Some(position) = &step.position {
            id(&at, "position", position.as_str())?;
        }
        pair(&at, "requirements", &step.requirements, MAX_PARAGRAPH_BYTES)?;
    }

    if let Some(staffing) = &plan.staffing {
        check_staffing(staffing)?;
    }
    check_manual(&plan.manual)?;
    check_rules(&plan.rules, "plan.rules")?;
    check_control(&plan.control, "plan.control")?;
    count(
        "plan.releases",
        plan.releases.len(),
        crate::control::MAX_RELEASES,
    )?;
    for (i, release) in plan.releases.iter().enumerate() {
        text(
            &format!("plan.releases[{i}].version"),
            &release.version,
            crate::control::MAX_NUMBER_BYTES,
        )?;
        // A release's plan holds no releases (see `control::Release`): one level deep.
        check_plan(&release.plan).map_err(|err| err.within(&format!("plan.releases[{i}]")))?;
    }
    Ok(())
}

/// Checks the limits on the document-control record; `at` names it (`plan.control`, or
/// `control` in an edit). The logo is checked when it is made ([`crate::control::Logo::new`]).
pub fn check_control(
    control: &crate::control::DocumentControl,
    at: &str,
) -> Result<(), LimitError> {
    use crate::control::{MAX_NUMBER_BYTES, MAX_REVISIONS};
    text(&format!("{at}.number"), &control.number, MAX_NUMBER_BYTES)?;
    text(&format!("{at}.version"), &control.version, MAX_NUMBER_BYTES)?;
    for (role, signoff) in control.signoffs() {
        let at = || format!("{at}.{}", role.key());
        text(&format!("{}.name", at()), &signoff.name, MAX_NAME_BYTES)?;
        pair(&at, "post", &signoff.post, MAX_NAME_BYTES)?;
    }
    count(
        &format!("{at}.revisions"),
        control.revisions.len(),
        MAX_REVISIONS,
    )?;
    for (i, revision) in control.revisions.iter().enumerate() {
        let at = || format!("{at}.revisions[{i}]");
        text(
            &format!("{}.version", at()),
            &revision.version,
            MAX_NUMBER_BYTES,
        )?;
        text(
            &format!("{}.author", at()),
            &revision.author,
            MAX_NAME_BYTES,
        )?;
        pair(&at, "summary", &revision.summary, MAX_PARAGRAPH_BYTES)?;
    }
    Ok(())
}

/// Checks the limits on the center's rules; `at` names them (`plan.rules`, or `rules` in
/// an edit). A duration of 0 is refused (no deadline is "within 0 days"); counts and money
/// may be 0.
pub fn check_rules(rules: &crate::rules::Rules, at: &str) -> Result<(), LimitError> {
    use crate::rules::RuleKind;
    count(&format!("{at}.shifts"), rules.shifts.len(), MAX_SHIFTS)?;
    for (i, shift) in rules.shifts.iter().enumerate() {
        let at = || format!("{at}.shifts[{i}]");
        pair(&at, "name", &shift.name, MAX_SHIFT_NAME_BYTES)?;
        pair(&at, "purpose", &shift.purpose, MAX_DUTY_BYTES)?;
        let day = 24 * 60;
        let minutes = [
            ("mealMinutes", shift.meal_minutes, day),
            ("breaks", shift.breaks, MAX_SHIFT_BREAKS),
            ("breakMinutes", shift.break_minutes, day),
        ];
        for (name, value, max) in minutes {
            range(|| format!("{}.{name}", at()), value, 0, max)?;
        }
    }
    for (spec, span) in rules.spans() {
        range(
            || format!("{at}.{}.amount", spec.field),
            span.amount,
            1,
            MAX_RULE_AMOUNT,
        )?;
    }
    for (spec, number) in rules.numbers() {
        let max = if spec.kind == RuleKind::Yuan {
            MAX_RULE_YUAN
        } else {
            MAX_RULE_AMOUNT
        };
        range(|| format!("{at}.{}", spec.field), number, 0, max)?;
    }
    Ok(())
}

/// Checks the limits on the chapters of a plan's manual (as [`check_plan`] does for the
/// one a plan holds).
pub fn check_manual(manual: &crate::manual::ManualPlan) -> Result<(), LimitError> {
    use crate::manual::ChapterKind;
    count("plan.manual.chapters", manual.chapters.len(), MAX_CHAPTERS)?;
    for (i, chapter) in manual.chapters.iter().enumerate() {
        let at = || format!("plan.manual.chapters[{i}]");
        text(&format!("{}.id", at()), &chapter.id, MAX_CHAPTER_ID_BYTES)?;
        match &chapter.kind {
            ChapterKind::Custom { text: body } => {
                pair(&at, "text", body, MAX_CHAPTER_BYTES)?;
            }
            ChapterKind::Builtin { edited } => {
                for (lang, edited) in [("zh", &edited.zh), ("en", &edited.en)] {
                    if let Some(edited) = edited {
                        let field = || format!("{}.edited.{lang}", at());
                        text(
                            &format!("{}.markdown", field()),
                            &edited.markdown,
                            MAX_CHAPTER_BYTES,
                        )?;
                        text(&format!("{}.base", field()), &edited.base, MAX_ID_BYTES)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Checks the limits on a recorded staffing sizing (as [`check_plan`] does for the one a
/// plan holds).
pub fn check_staffing(staffing: &crate::model::Staffing) -> Result<(), LimitError> {
    let (inputs, result) = (&staffing.inputs, &staffing.result);
    let forecast = "plan.staffing.inputs.forecast";
    count(forecast, inputs.forecast.len(), MAX_FORECAST_ROWS)?;
    for (i, interval) in inputs.forecast.iter().enumerate() {
        id(&|| format!("{forecast}[{i}]"), "start", &interval.start)?;
    }
    text(
        "plan.staffing.inputs.forecast_source",
        &inputs.forecast_source,
        MAX_FILE_NAME_BYTES,
    )?;
    text(
        "plan.staffing.result.peak_interval",
        &result.peak_interval,
        MAX_ID_BYTES,
    )?;
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
    count(
        "plan.staffing.inputs.shrinkage_causes",
        inputs.shrinkage_causes.len(),
        crate::model::ShrinkageCause::ALL.len(),
    )?;
    count(
        "plan.staffing.result.channels",
        result.channels.len(),
        crate::model::Channel::ALL.len(),
    )?;
    for channel in &result.channels {
        let field = format!("plan.staffing.result.channels.{}", channel.channel.key());
        count(
            &format!("{field}.interval_agents"),
            channel.interval_agents.len(),
            MAX_FORECAST_ROWS,
        )?;
        for (i, value) in channel.interval_agents.iter().enumerate() {
            range(
                || format!("{field}.interval_agents[{i}]"),
                *value,
                0,
                MAX_STAFF_COUNT,
            )?;
        }
        range(
            || format!("{field}.peak_agents"),
            channel.peak_agents,
            0,
            MAX_STAFF_COUNT,
        )?;
        // A year of every agent's hours, and a backlog no forecast can build.
        let most = f64::from(MAX_STAFF_COUNT) * 366.0 * 24.0;
        range(
            || format!("{field}.agent_hours"),
            channel.agent_hours,
            0.0,
            most,
        )?;
        range(|| format!("{field}.backlog"), channel.backlog, 0.0, most)?;
    }
    Ok(())
}

/// The number of levels of the deepest solid-line chain, with the root at level 1: a
/// node cut from a reporting cycle or under a missing parent starts a chain of its own
/// ([`crate::tree::ChartTree::levels`]). Linear in the node count whatever the shape.
pub fn chart_depth(plan: &Plan) -> usize {
    plan.chart.tree().levels()
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

/// Checks a list's length against its limit; `field` names it in the error.
pub fn count(field: &str, found: usize, limit: usize) -> Result<(), LimitError> {
    if found > limit {
        return Err(LimitError::TooMany {
            field: field.to_owned(),
            found,
            limit,
        });
    }
    Ok(())
}

/// Checks one string against its field's limit; `field` names it in the error.
pub fn text(field: &str, value: &str, limit: usize) -> Result<(), LimitError> {
    if value.len() > limit {
        return Err(LimitError::TooLong {
            field: field.to_owned(),
            found: value.len(),
            limit,
        });
    }
    Ok(())
}

/// Checks both languages of a text against its field's limit; the error names the
/// language (`name.zh`). `field` is called only when a limit is exceeded.
pub fn both(field: impl Fn() -> String, value: &Text, limit: usize) -> Result<(), LimitError> {
    for (lang, side) in [("zh", &value.zh), ("en", &value.en)] {
        if side.len() > limit {
            text(&format!("{}.{lang}", field()), side, limit)?;
        }
    }
    Ok(())
}

fn pair(at: &dyn Fn() -> String, name: &str, value: &Text, limit: usize) -> Result<(), LimitError> {
    both(|| format!("{}.{name}", at()), value, limit)
}

fn id(at: &dyn Fn() -> String, name: &str, value: &str) -> Result<(), LimitError> {
    if value.len() > MAX_ID_BYTES {
        text(&format!("{}.{name}", at()), value, MAX_ID_BYTES)?;
    }
    Ok(())
}
