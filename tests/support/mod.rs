//! Shared test support: proptest strategies for arbitrary plans.
//!
//! The strategies aim at the corners a document or an exporter must survive, not at
//! realistic plans: node ids drawn from a small pool so that references dangle, repeat and
//! form cycles; text with CJK, emoji, quotes, SQL and markup, control characters and empty
//! strings; ranks and headcounts anywhere in `i32`, including negative.

// Each test module uses the strategies it needs; the others would warn as dead code.
#![allow(dead_code)]

pub mod golden;

use centerplan::model::{
    Audience, CareerStep, Cell, CenterType, Duty, Function, Headcount, JobDescription, Kpi, Line,
    LineKind, MatrixRow, Node, NodeId, NodeKind, OrgChart, Plan, Raci, Rank, ResponsibilityMatrix,
    Settings, Text,
};
use centerplan::model::{
    Channel, ChannelResult, ChatInputs, EmailInputs, ForecastInterval, Ratios, ShrinkageCause,
    ShrinkageShare, Staffing, StaffingInputs, StaffingResult,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

/// Strings that have broken text handling somewhere before.
const AWKWARD: &[&str] = &[
    "",
    " ",
    "运营分析",
    "客户服务代表（CSR）",
    "堃 喆 昇 珺 镕 赟",
    "👩‍💼📞✅",
    "\"quoted\" and 'single'",
    "'); DROP TABLE nodes; --",
    "<b>&amp;</b>",
    "#\"typst\" $math$ *bold*",
    "=HYPERLINK(\"http://x\")",
    "line\nbreak\ttab\r\n",
    "nul\0inside",
    "مرحبا",
    "e\u{301}\u{200d}\u{feff}",
    "85/30",
    "≤ 5%",
];

/// Text of every kind: awkward samples, arbitrary Unicode, and short printable strings.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(AWKWARD).prop_map(str::to_owned),
        2 => "\\PC{0,16}",
        1 => any::<String>(),
    ]
}

/// A text in both languages.
pub fn bilingual() -> impl Strategy<Value = Text> {
    (text(), text()).prop_map(|(zh, en)| Text { zh, en })
}

/// A node id, mostly from a small pool so that references hit, miss and repeat.
pub fn node_id() -> impl Strategy<Value = NodeId> {
    prop_oneof![
        4 => (0..8u8).prop_map(|i| NodeId(format!("n{i}"))),
        1 => text().prop_map(NodeId),
    ]
}

pub fn rank() -> impl Strategy<Value = Rank> {
    // Up to the limits a file is held to, edges included.
    let max = centerplan::limits::MAX_RANK;
    prop_oneof![
        3 => (-6..12i32).prop_map(Rank),
        1 => (-max..=max).prop_map(Rank),
        1 => prop_oneof![Just(-max), Just(max)].prop_map(Rank),
    ]
}

pub fn headcount_value() -> impl Strategy<Value = i32> {
    let max = centerplan::limits::MAX_HEADCOUNT;
    prop_oneof![3 => -3..40i32, 1 => -max..=max, 1 => prop_oneof![Just(-max), Just(max)]]
}

pub fn node() -> impl Strategy<Value = Node> {
    (
        node_id(),
        option::of(node_id()),
        select(&NodeKind::ALL[..]),
        bilingual(),
        option::of(rank()),
        (headcount_value(), headcount_value()),
        option::of(select(Function::ALL)),
        any::<bool>(),
    )
        .prop_map(
            |(id, parent, kind, name, rank, (planned, filled), function, collapsed)| Node {
                id,
                parent,
                kind,
                name,
                rank,
                headcount: Headcount { planned, filled },
                function,
                collapsed,
            },
        )
}

pub fn line() -> impl Strategy<Value = Line> {
    (node_id(), node_id(), select(&LineKind::ALL[..])).prop_map(|(from, to, kind)| Line {
        from,
        to,
        kind,
    })
}

pub fn chart() -> impl Strategy<Value = OrgChart> {
    (vec(node(), 0..10), vec(line(), 0..5)).prop_map(|(nodes, lines)| OrgChart { nodes, lines })
}

pub fn cell() -> impl Strategy<Value = Cell> {
    (
        any::<bool>(),
        option::of(select(&Raci::ALL[..])),
        vec(bilingual(), 0..3),
    )
        .prop_map(|(lead, raci, duties)| Cell { lead, raci, duties })
}

/// A matrix with leads set at random: none, one or several per phase.
pub fn matrix() -> impl Strategy<Value = ResponsibilityMatrix> {
    vec(
        (node_id(), cell(), cell(), cell(), cell()).prop_map(|(role, a, b, c, d)| MatrixRow {
            role,
            cells: [a, b, c, d],
        }),
        0..5,
    )
    .prop_map(|rows| ResponsibilityMatrix { rows })
}

pub fn audience() -> impl Strategy<Value = Audience> {
    select(&Audience::ALL[..])
}

pub fn job_description() -> impl Strategy<Value = JobDescription> {
    (
        node_id(),
        bilingual(),
        vec(
            (bilingual(), audience()).prop_map(|(text, audience)| Duty { text, audience }),
            0..4,
        ),
    )
        .prop_map(|(position, summary, duties)| JobDescription {
            position,
            summary,
            duties,
        })
}

pub fn kpi() -> impl Strategy<Value = Kpi> {
    (
        text(),
        bilingual(),
        bilingual(),
        bilingual(),
        text(),
        audience(),
    )
        .prop_map(|(id, name, definition, formula, target, audience)| Kpi {
            id,
            name,
            definition,
            formula,
            target,
            audience,
        })
}

pub fn career_step() -> impl Strategy<Value = CareerStep> {
    (
        prop_oneof![0..5u32, any::<u32>()],
        bilingual(),
        option::of(node_id()),
        bilingual(),
    )
        .prop_map(|(stage, title, position, requirements)| CareerStep {
            stage,
            title,
            position,
            requirements,
        })
}

/// A share or a count written with at most two decimals: what people type, and values
/// JSON and SQLite both carry exactly.
fn figure() -> impl Strategy<Value = f64> {
    (0..100_000u32).prop_map(|hundredths| f64::from(hundredths) / 100.0)
}

/// Shrinkage by cause: each cause at most once, in the causes' order (as a file reads
/// back).
fn shrinkage_causes() -> impl Strategy<Value = Vec<ShrinkageShare>> {
    vec(option::of(figure()), 8).prop_map(|shares| {
        shares
            .into_iter()
            .zip(ShrinkageCause::ALL)
            .filter_map(|(share, cause)| share.map(|share| ShrinkageShare { cause, share }))
            .collect()
    })
}

/// A staffing record, consistent or not (the model stores what it is given).
pub fn staffing() -> impl Strategy<Value = Staffing> {
    let channel = || select(Channel::ALL.to_vec());
    let forecast = vec(
        (text(), figure(), option::of(figure()), channel()).prop_map(
            |(start, calls, aht_secs, channel)| ForecastInterval {
                start,
                calls,
                aht_secs,
                channel,
            },
        ),
        0..4,
    );
    let chat = (any::<u32>(), option::of(figure()), figure(), figure()).prop_map(
        |(concurrency, aht_secs, service_level, threshold_secs)| ChatInputs {
            concurrency,
            aht_secs,
            service_level,
            threshold_secs,
        },
    );
    let email =
        (option::of(figure()), figure(), figure()).prop_map(|(aht_secs, share, within_hours)| {
            EmailInputs {
                aht_secs,
                share,
                within_hours,
            }
        });
    let inputs = (
        (option::of(figure()), forecast, text(), any::<u32>()),
        (
            option::of(figure()),
            figure(),
            figure(),
            option::of(figure()),
        ),
        (figure(), option::of(figure()), figure()),
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()),
        (chat, email, shrinkage_causes()),
    )
        .prop_map(
            |(
                (calls, forecast, forecast_source, interval_minutes),
                (aht_secs, service_level, threshold_secs, max_occupancy),
                (shrinkage, patience_secs, fte_hours_per_day),
                (tl, qa, trainer, wfm),
                (chat, email, shrinkage_causes),
            )| StaffingInputs {
                calls,
                forecast,
                forecast_source,
                interval_minutes,
                aht_secs,
                service_level,
                threshold_secs,
                max_occupancy,
                shrinkage,
                patience_secs,
                fte_hours_per_day,
                ratios: Ratios {
                    agents_per_team_leader: tl,
                    agents_per_qa_specialist: qa,
                    agents_per_trainer: trainer,
                    agents_per_wfm_planner: wfm,
                },
                chat,
                email,
                shrinkage_causes,
            },
        );
    // Counts up to the limit a file is held to, the edge included.
    let count = || prop_oneof![0..100_000u32, Just(centerplan::limits::MAX_STAFF_COUNT)];
    // Each channel at most once, in the model's order (as a file reads back).
    let channels = vec(
        option::of((count(), figure(), figure(), vec(count(), 0..4))),
        3,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .zip(Channel::ALL)
            .filter_map(|(part, channel)| {
                part.map(
                    |(peak_agents, agent_hours, backlog, interval_agents)| ChannelResult {
                        channel,
                        interval_agents,
                        peak_agents,
                        agent_hours,
                        backlog,
                    },
                )
            })
            .collect::<Vec<_>>()
    });
    let result = (
        (count(), count(), text(), figure(), figure()),
        (figure(), count(), count(), count()),
        (count(), count(), vec(count(), 0..5), channels),
    )
        .prop_map(
            |(
                (peak_agents, peak_scheduled, peak_interval, peak_service_level, peak_occupancy),
                (scheduled_fte, agents, team_leaders, qa_specialists),
                (trainers, wfm_planners, interval_agents, channels),
            )| StaffingResult {
                peak_agents,
                peak_scheduled,
                peak_interval,
                peak_service_level,
                peak_occupancy,
                scheduled_fte,
                agents,
                team_leaders,
                qa_specialists,
                trainers,
                wfm_planners,
                interval_agents,
                channels,
            },
        );
    (inputs, result).prop_map(|(inputs, result)| Staffing { inputs, result })
}

/// A calendar date, or none.
pub fn date() -> impl Strategy<Value = Option<centerplan::manual::Date>> {
    option::of(
        (1i32..=9999, 1u8..=12, 1u8..=28)
            .prop_map(|(y, m, d)| centerplan::manual::Date::new(y, m, d).unwrap()),
    )
}

pub fn signoff() -> impl Strategy<Value = centerplan::control::Signoff> {
    (text(), bilingual(), date()).prop_map(|(name, post, date)| centerplan::control::Signoff {
        name,
        post,
        date,
    })
}

/// An arbitrary document-control record (often the empty default), valid or not.
pub fn control() -> impl Strategy<Value = centerplan::control::DocumentControl> {
    use centerplan::control::{Confidentiality, DocumentControl, Revision};
    let revision = ("[0-9.]{0,6}", date(), text(), bilingual()).prop_map(
        |(version, date, author, summary)| Revision {
            version,
            date,
            author,
            summary,
        },
    );
    prop_oneof![
        Just(DocumentControl::default()),
        (
            ("\\PC{0,12}", "[0-9.]{0,6}", date()),
            select(&Confidentiality::ALL[..]),
            (signoff(), signoff(), signoff()),
            vec(revision, 0..4),
        )
            .prop_map(
                |(
                    (number, version, effective),
                    confidentiality,
                    (prepared, reviewed, approved),
                    revisions,
                )| {
                    DocumentControl {
                        number,
                        version,
                        effective,
                        confidentiality,
                        prepared,
                        reviewed,
                        approved,
                        revisions,
                    }
                }
            ),
    ]
}

/// An arbitrary plan, valid or not.
pub fn plan() -> impl Strategy<Value = Plan> {
    (
        (text(), text(), control()),
        select(&CenterType::ALL[..]),
        chart(),
        matrix(),
        vec(job_description(), 0..3),
        vec(kpi(), 0..3),
        vec(career_step(), 0..4),
        any::<u32>(),
        option::of(staffing()),
    )
        .prop_map(
            |(
                (name, name_en, control),
                center_type,
                chart,
                matrix,
                job_descriptions,
                kpis,
                career_path,
                limit,
                staffing,
            )| Plan {
                name,
                name_en,
                center_type,
                chart,
                matrix,
                job_descriptions,
                kpis,
                career_path,
                settings: Settings {
                    span_of_control_limit: limit,
                },
                staffing,
                rules: Default::default(),
                manual: Default::default(),
                control,
                logo: None,
                releases: Vec::new(),
            },
        )
}

/// A fixed plan of some size (a few hundred rows), for tests that need a real file
/// spanning many pages rather than a random one.
pub fn sizeable_plan() -> Plan {
    let mut chart = OrgChart::default();
    chart.nodes.push(Node::new(
        "gm",
        None,
        NodeKind::Position,
        Text::new("中心总经理", "General manager"),
    ));
    for unit in 0..20 {
        let unit_id = format!("unit-{unit}");
        chart.nodes.push(Node::new(
            &unit_id,
            Some("gm"),
            NodeKind::Unit,
            Text::new(format!("部门{unit}"), format!("Unit {unit}")),
        ));
        for position in 0..10 {
            let mut node = Node::new(
                &format!("{unit_id}-p{position}"),
                Some(&unit_id),
                NodeKind::Position,
                Text::new(
                    format!("岗位{unit}-{position}"),
                    format!("Position {unit}-{position}"),
                ),
            );
            node.headcount = Headcount::new(position * 3, position * 2);
            chart.nodes.push(node);
        }
    }
    chart.lines.push(Line {
        from: NodeId::new("unit-1"),
        to: NodeId::new("gm"),
        kind: LineKind::Bypass,
    });
    let mut matrix = ResponsibilityMatrix::default();
    for role in 0..7 {
        let mut row = MatrixRow::new(&format!("unit-{role}"));
        for cell in &mut row.cells {
            cell.lead = role == 0;
            cell.raci = Some(Raci::Responsible);
            cell.duties = (0..4)
                .map(|d| Text::new(format!("职责{d}"), format!("Duty {d}")))
                .collect();
        }
        matrix.rows.push(row);
    }
    Plan {
        name: "示例呼叫中心".to_owned(),
        name_en: String::new(),
        center_type: CenterType::Hybrid,
        chart,
        matrix,
        job_descriptions: vec![JobDescription {
            position: NodeId::new("unit-0-p0"),
            summary: Text::new("负责运营", "Runs operations"),
            duties: vec![Duty {
                text: Text::new("排班", "Scheduling"),
                audience: Audience::Manager,
            }],
        }],
        kpis: vec![Kpi {
            id: "service-level".to_owned(),
            name: Text::new("服务水平", "Service level"),
            definition: Text::new(
                "在目标时间内接听的呼叫比例",
                "Share of calls answered within the target time",
            ),
            formula: Text::default(),
            target: "85/30".to_owned(),
            audience: Audience::Both,
        }],
        career_path: vec![CareerStep {
            stage: 0,
            title: Text::new("客户服务代表", "CSR"),
            position: None,
            requirements: Text::default(),
        }],
        settings: Settings::default(),
        staffing: None,
        rules: Default::default(),
        manual: Default::default(),
        control: Default::default(),
        logo: None,
        releases: Vec::new(),
    }
}

/// A valid plan whose chart is one chain `depth` levels deep (`n0` is the root), listed
/// leaf first so that nothing can rely on parents coming before their children.
pub fn deep_plan(depth: usize) -> Plan {
    let mut chart = OrgChart::default();
    for level in (0..depth).rev() {
        let parent = (level > 0).then(|| format!("n{}", level - 1));
        chart.nodes.push(Node::new(
            &format!("n{level}"),
            parent.as_deref(),
            NodeKind::Position,
            Text::new(format!("岗位{level}"), format!("Position {level}")),
        ));
    }
    let mut row = MatrixRow::new("n0");
    for cell in &mut row.cells {
        cell.lead = true;
        cell.duties.push(Text::new("牵头", "Lead"));
    }
    Plan {
        name: format!("depth {depth}"),
        name_en: String::new(),
        center_type: CenterType::Service,
        chart,
        matrix: ResponsibilityMatrix { rows: vec![row] },
        job_descriptions: Vec::new(),
        kpis: Vec::new(),
        career_path: Vec::new(),
        settings: Settings::default(),
        staffing: None,
        rules: Default::default(),
        manual: Default::default(),
        control: Default::default(),
        logo: None,
        releases: Vec::new(),
    }
}

/// Saves `plan` to a `.centerplan` file and writes it as JSON, and checks that both read
/// back as the same plan.
pub fn assert_round_trips(plan: &Plan) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.centerplan");
    centerplan::document::save(plan, &path).unwrap();
    assert_eq!(
        &centerplan::document::open(&path).unwrap(),
        plan,
        "through the file"
    );
    let json = centerplan::interchange::to_json(plan);
    assert_eq!(
        &centerplan::interchange::from_json(&json).unwrap(),
        plan,
        "through JSON"
    );
}
