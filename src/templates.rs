//! The built-in templates: one starting plan per center type, embedded in the binary.
//!
//! Each type's chart and responsibility matrix live in `templates/<type>.json` (a bare
//! plan, no envelope); the job descriptions, KPIs and career path that every type shares
//! live once in `templates/common.json` and are appended to each. Other code relies on
//! the templates' node ids and `function` tags (listed in the tests below); the tests
//! check those and the structural promises of `domain.md` §1–3 (oversight half a level
//! above its peers, the hybrid bypass line, one lead per phase, spans of control), so a
//! broken data file never ships.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::interchange::{JsonError, plan_from_value};
use crate::model::{CareerStep, CenterType, Function, JobDescription, Kpi, NodeId, OrgChart, Plan};

const COMMON: &str = include_str!("../templates/common.json");

fn source(center_type: CenterType) -> &'static str {
    match center_type {
        CenterType::Outsourced => include_str!("../templates/outsourced.json"),
        CenterType::Sales => include_str!("../templates/sales.json"),
        CenterType::Service => include_str!("../templates/service.json"),
        CenterType::Hybrid => include_str!("../templates/hybrid.json"),
    }
}

#[derive(Deserialize)]
struct Common {
    job_descriptions: Vec<JobDescription>,
    kpis: Vec<Kpi>,
    career_path: Vec<CareerStep>,
}

/// The template for `center_type`, named `name`.
pub fn template(center_type: CenterType, name: &str) -> Plan {
    // The embedded files are checked by the tests below; failing here is a build defect.
    try_template(center_type, name)
        .unwrap_or_else(|err| panic!("built-in template {center_type} is broken: {err}"))
}

/// The functions a center of `center_type` is designed with: those its template's chart
/// holds. A plan that lacks one of them, while the manual gives that role duties, gets a
/// warning (`manual.role-unassigned`); a function the type does not have (no operations VP
/// in a sales center) is no gap.
pub fn expected_functions(center_type: CenterType) -> &'static BTreeSet<Function> {
    static EXPECTED: LazyLock<Vec<(CenterType, BTreeSet<Function>)>> = LazyLock::new(|| {
        CenterType::ALL
            .into_iter()
            .map(|t| {
                let plan = template(t, "");
                (
                    t,
                    plan.chart.nodes.iter().filter_map(|n| n.function).collect(),
                )
            })
            .collect()
    });
    &EXPECTED
        .iter()
        .find(|(t, _)| *t == center_type)
        .expect("every center type has a template")
        .1
}

/// The KPIs every template starts with: what a chapter's `kpi(id)` falls back to when the
/// plan has deleted that KPI.
pub fn builtin_kpis() -> &'static [Kpi] {
    static KPIS: LazyLock<Vec<Kpi>> = LazyLock::new(|| {
        let common: Common = serde_json::from_str(COMMON)
            .unwrap_or_else(|err| panic!("built-in templates/common.json is broken: {err}"));
        common.kpis
    });
    &KPIS
}

/// `plan` (a template) with `chart` in place of its own, e.g. a chart imported from an HR
/// spreadsheet. The template's matrix rows, job descriptions and career steps follow their
/// roles by function (the template's team leader row goes to the chart's node with the
/// team-leader function, whatever its id), else by id; those whose role the chart lacks are
/// dropped, since they would describe posts the center does not have.
pub fn with_chart(mut plan: Plan, chart: OrgChart) -> Plan {
    let mut rebind: HashMap<NodeId, NodeId> = HashMap::new();
    for node in &plan.chart.nodes {
        let target = node
            .function
            .and_then(|f| chart.find_function(f))
            .or_else(|| chart.node(&node.id))
            .map(|n| n.id.clone());
        if let Some(target) = target {
            rebind.entry(node.id.clone()).or_insert(target);
        }
    }
    let mut rows = HashSet::new();
    plan.matrix
        .rows
        .retain_mut(|row| match rebind.get(&row.role) {
            Some(to) if rows.insert(to.clone()) => {
                row.role = to.clone();
                true
            }
            _ => false,
        });
    let mut jobs = HashSet::new();
    plan.job_descriptions
        .retain_mut(|job| match rebind.get(&job.position) {
            Some(to) if jobs.insert(to.clone()) => {
                job.position = to.clone();
                true
            }
            _ => false,
        });
    plan.career_path.retain_mut(|step| match &step.position {
        None => true,
        Some(id) => match rebind.get(id) {
            Some(to) => {
                step.position = Some(to.clone());
                true
            }
            None => false,
        },
    });
    plan.chart = chart;
    plan
}

fn try_template(center_type: CenterType, name: &str) -> Result<Plan, JsonError> {
    let value: serde_json::Value =
        serde_json::from_str(source(center_type)).map_err(JsonError::Syntax)?;
    let mut plan = plan_from_value(value)?;
    let common: Common = serde_json::from_str(COMMON).map_err(JsonError::Syntax)?;
    plan.center_type = center_type;
    plan.name = name.to_owned();
    plan.job_descriptions.extend(common.job_descriptions);
    plan.kpis.extend(common.kpis);
    plan.career_path.extend(common.career_path);
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::model::{Function, LineKind, NodeId, NodeKind, Phase, Raci};

    fn all_templates() -> Vec<Plan> {
        CenterType::ALL
            .into_iter()
            .map(|t| try_template(t, "x").unwrap_or_else(|e| panic!("{t}: {e}")))
            .collect()
    }

    #[test]
    fn every_template_parses_and_keeps_its_type() {
        for center_type in CenterType::ALL {
            let plan =
                try_template(center_type, "x").unwrap_or_else(|e| panic!("{center_type}: {e}"));
            assert_eq!(plan.center_type, center_type);
            assert!(!plan.chart.nodes.is_empty(), "{center_type} has no chart");
        }
    }

    /// Asserts that `plan` has a node `id` of `kind`, tagged `function` (when given), and
    /// under `parent` (when given).
    fn check_node(
        plan: &Plan,
        id: &str,
        kind: NodeKind,
        function: Option<Function>,
        parent: Option<&str>,
    ) {
        let t = plan.center_type;
        let node = plan
            .chart
            .node(&NodeId::new(id))
            .unwrap_or_else(|| panic!("{t}: no node `{id}`"));
        assert_eq!(node.kind, kind, "{t}: kind of `{id}`");
        if let Some(function) = function {
            assert_eq!(node.function, Some(function), "{t}: function of `{id}`");
        }
        if let Some(parent) = parent {
            assert_eq!(
                node.parent.as_ref().map(NodeId::as_str),
                Some(parent),
                "{t}: parent of `{id}`"
            );
        }
    }

    #[test]
    fn every_template_has_the_ids_other_code_relies_on() {
        use Function as F;
        use NodeKind::{Assistant, Position, Unit};
        for plan in all_templates() {
            let check = |id, kind, function, parent| check_node(&plan, id, kind, function, parent);
            check("gm", Position, Some(F::GeneralManager), None);
            check(
                "gm-assistant",
                Assistant,
                Some(F::GeneralManagerAssistant),
                Some("gm"),
            );
            check("oversight", Unit, Some(F::Oversight), None);
            check("operations", Unit, Some(F::Operations), None);
            check("hr-admin", Unit, Some(F::HrAdmin), None);
            check("technology", Unit, Some(F::Technology), None);
            check(
                "ops-analysis",
                Position,
                Some(F::OperationsAnalysis),
                Some("oversight"),
            );
            check(
                "risk-process",
                Position,
                Some(F::RiskProcess),
                Some("oversight"),
            );
            check(
                "quality",
                Unit,
                Some(F::QualityManagement),
                Some("oversight"),
            );
            check(
                "qa-supervisor",
                Position,
                Some(F::QaSupervisor),
                Some("quality"),
            );
            check(
                "qa-specialist",
                Position,
                Some(F::QaSpecialist),
                Some("qa-supervisor"),
            );
            check(
                "ops-manager",
                Position,
                Some(F::OperationsManager),
                Some("operations"),
            );
            check(
                "team-leader",
                Position,
                Some(F::TeamLeader),
                Some("ops-manager"),
            );
            check("csr", Position, Some(F::Csr), Some("team-leader"));
            check(
                "complaint-supervisor",
                Position,
                Some(F::ComplaintSupervisor),
                None,
            );
            check(
                "survey-supervisor",
                Position,
                Some(F::SurveySupervisor),
                None,
            );
            check("trainer", Position, Some(F::Trainer), None);
            check("wfm-planner", Position, Some(F::WorkforcePlanner), None);
            match plan.center_type {
                CenterType::Outsourced | CenterType::Sales => {
                    check("bd", Unit, Some(F::BusinessDevelopment), Some("gm"));
                    assert!(
                        plan.chart.find_function(F::ExternalLiaison).is_none(),
                        "{}",
                        plan.center_type
                    );
                }
                CenterType::Service => {
                    check("liaison", Unit, Some(F::ExternalLiaison), Some("gm"));
                    assert!(
                        plan.chart.find_function(F::BusinessDevelopment).is_none(),
                        "service has bd"
                    );
                }
                CenterType::Hybrid => {
                    check("vp-oversight", Position, Some(F::OversightVp), Some("gm"));
                    check("vp-operations", Position, Some(F::OperationsVp), Some("gm"));
                    check("oversight", Unit, Some(F::Oversight), Some("vp-oversight"));
                    check("hr-admin", Unit, Some(F::HrAdmin), Some("oversight"));
                    check(
                        "operations",
                        Unit,
                        Some(F::Operations),
                        Some("vp-operations"),
                    );
                    check(
                        "bd-manager",
                        Position,
                        Some(F::BusinessDevelopment),
                        Some("operations"),
                    );
                    check(
                        "liaison",
                        NodeKind::Unit,
                        Some(F::ExternalLiaison),
                        Some("operations"),
                    );
                    check("technology", Unit, Some(F::Technology), Some("operations"));
                }
            }
        }
    }

    #[test]
    fn outsourced_and_sales_share_one_structure() {
        let shape = |t| {
            let plan = try_template(t, "x").unwrap();
            let nodes: Vec<_> = plan
                .chart
                .nodes
                .into_iter()
                .map(|n| (n.id, n.parent, n.kind, n.rank, n.function))
                .collect();
            (
                nodes,
                plan.chart.lines,
                plan.matrix
                    .rows
                    .into_iter()
                    .map(|r| r.role)
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(shape(CenterType::Outsourced), shape(CenterType::Sales));
    }

    #[test]
    fn oversight_head_sits_half_a_level_above_its_peers() {
        for plan in all_templates() {
            let t = plan.center_type;
            let head_function = if t == CenterType::Hybrid {
                Function::OversightVp
            } else {
                Function::Oversight
            };
            let tree = plan.chart.tree();
            let ranks = tree.ranks();
            let head_at = plan
                .chart
                .nodes
                .iter()
                .position(|n| n.function == Some(head_function))
                .unwrap();
            let head = &plan.chart.nodes[head_at];
            let manager = tree
                .parent(head_at)
                .expect("the oversight head has a manager");
            let peers: Vec<_> = tree
                .children(manager)
                .filter(|&i| i != head_at && plan.chart.nodes[i].kind != NodeKind::Assistant)
                .collect();
            assert!(!peers.is_empty(), "{t}: the oversight head has no peers");
            for i in peers {
                let peer = &plan.chart.nodes[i];
                assert_eq!(
                    ranks[head_at].0 + 1,
                    ranks[i].0,
                    "{t}: `{}` against `{}`",
                    head.id,
                    peer.id
                );
            }
        }
    }

    #[test]
    fn hybrid_oversight_vp_outranks_operations_vp_and_analysis_may_bypass() {
        let plan = try_template(CenterType::Hybrid, "x").unwrap();
        let ranks = plan.chart.effective_ranks();
        let rank_of = |id: &str| {
            ranks[plan
                .chart
                .nodes
                .iter()
                .position(|n| n.id.as_str() == id)
                .unwrap()]
        };
        assert!(rank_of("vp-oversight") < rank_of("vp-operations"));
        let bypasses: Vec<_> = plan
            .chart
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Bypass)
            .collect();
        assert_eq!(bypasses.len(), 1);
        assert_eq!(
            (bypasses[0].from.as_str(), bypasses[0].to.as_str()),
            ("ops-analysis", "gm")
        );
    }

    #[test]
    fn matrices_have_seven_roles_and_one_lead_per_phase() {
        for plan in all_templates() {
            let t = plan.center_type;
            let roles: Vec<_> = plan.matrix.rows.iter().map(|r| r.role.as_str()).collect();
            let expected: &[&str] = match t {
                CenterType::Hybrid => &[
                    "vp-oversight",
                    "bd-manager",
                    "risk-process",
                    "ops-analysis",
                    "quality",
                    "hr-admin",
                    "ops-manager",
                ],
                CenterType::Service => &[
                    "oversight",
                    "liaison",
                    "risk-process",
                    "ops-analysis",
                    "quality",
                    "hr-admin",
                    "ops-manager",
                ],
                CenterType::Outsourced | CenterType::Sales => &[
                    "oversight",
                    "bd",
                    "risk-process",
                    "ops-analysis",
                    "quality",
                    "hr-admin",
                    "ops-manager",
                ],
            };
            assert_eq!(roles, expected, "{t}");
            for phase in Phase::ALL {
                let leads: Vec<_> = plan.matrix.leads(phase).map(NodeId::as_str).collect();
                assert_eq!(leads, [expected[0]], "{t}: leads of {phase:?}");
            }
            for row in &plan.matrix.rows {
                assert!(
                    row.cells.iter().any(|c| !c.duties.is_empty()),
                    "{t}: `{}` has no duty",
                    row.role
                );
                for cell in &row.cells {
                    assert_eq!(
                        cell.lead,
                        cell.raci == Some(Raci::Accountable),
                        "{t}: `{}` lead is A",
                        row.role
                    );
                    assert_eq!(
                        cell.duties.is_empty(),
                        cell.raci.is_none(),
                        "{t}: `{}` empty cell",
                        row.role
                    );
                }
            }
        }
    }

    #[test]
    fn hybrid_matrix_follows_the_seed_blanks() {
        let plan = try_template(CenterType::Hybrid, "x").unwrap();
        let empty: Vec<_> = plan
            .matrix
            .rows
            .iter()
            .flat_map(|r| {
                Phase::ALL
                    .into_iter()
                    .filter(|&p| r.cell(p).duties.is_empty())
                    .map(|p| (r.role.as_str(), p))
            })
            .collect();
        assert_eq!(
            empty,
            [
                ("quality", Phase::Intake),
                ("hr-admin", Phase::Intake),
                ("hr-admin", Phase::Running)
            ]
        );
    }

    #[test]
    fn every_reference_points_into_the_chart() {
        for plan in all_templates() {
            let t = plan.center_type;
            let ids: HashSet<_> = plan.chart.nodes.iter().map(|n| &n.id).collect();
            assert_eq!(ids.len(), plan.chart.nodes.len(), "{t}: duplicate node ids");
            let references = plan
                .chart
                .nodes
                .iter()
                .filter_map(|n| n.parent.as_ref())
                .chain(plan.chart.lines.iter().flat_map(|l| [&l.from, &l.to]))
                .chain(plan.matrix.rows.iter().map(|r| &r.role))
                .chain(plan.job_descriptions.iter().map(|j| &j.position))
                .chain(plan.career_path.iter().filter_map(|s| s.position.as_ref()));
            for id in references {
                assert!(ids.contains(id), "{t}: `{id}` is not in the chart");
            }
            assert_eq!(
                plan.chart
                    .nodes
                    .iter()
                    .filter(|n| n.parent.is_none())
                    .count(),
                1,
                "{t}: one root"
            );
        }
    }

    #[test]
    fn spans_of_control_and_sibling_names_stay_within_bounds() {
        for plan in all_templates() {
            let t = plan.center_type;
            let tree = plan.chart.tree();
            let limit = plan.settings.span_of_control_limit as usize;
            for (i, manager) in plan.chart.nodes.iter().enumerate() {
                let parent = &manager.id;
                let names: Vec<&str> = tree
                    .children(i)
                    .flat_map(|c| {
                        let name = &plan.chart.nodes[c].name;
                        [name.zh.as_str(), name.en.as_str()]
                    })
                    .collect();
                assert!(
                    names.len() / 2 <= limit,
                    "{t}: `{parent}` has {} direct reports",
                    names.len() / 2
                );
                let distinct: HashSet<_> = names.iter().collect();
                assert_eq!(
                    distinct.len(),
                    names.len(),
                    "{t}: repeated names under `{parent}`"
                );
            }
        }
    }

    #[test]
    fn headcounts_are_realistic() {
        for plan in all_templates() {
            let t = plan.center_type;
            let headcount = |id: &str| plan.chart.node(&NodeId::new(id)).unwrap().headcount;
            for node in &plan.chart.nodes {
                let h = node.headcount;
                assert!(
                    0 <= h.filled && h.filled <= h.planned,
                    "{t}: headcount of `{}`",
                    node.id
                );
                if node.kind != NodeKind::Unit {
                    assert!(h.planned > 0, "{t}: `{}` has no planned headcount", node.id);
                }
            }
            let (agents, leaders, qa) = (
                headcount("csr"),
                headcount("team-leader"),
                headcount("qa-specialist"),
            );
            assert!(
                agents.vacancies() > 0,
                "{t}: a template shows some open seats"
            );
            let per_leader = agents.planned as f64 / leaders.planned as f64;
            assert!(
                (12.0..=15.0).contains(&per_leader),
                "{t}: {per_leader} agents per team leader"
            );
            let per_qa = agents.planned as f64 / qa.planned as f64;
            assert!(
                (15.0..=25.0).contains(&per_qa),
                "{t}: {per_qa} agents per QA specialist"
            );
        }
        let hybrid = try_template(CenterType::Hybrid, "x").unwrap();
        let csr = hybrid.chart.node(&NodeId::new("csr")).unwrap().headcount;
        assert_eq!((csr.planned, csr.filled), (120, 108));
    }

    #[test]
    fn common_content_covers_the_seed() {
        let plan = try_template(CenterType::Service, "x").unwrap();
        let duties: Vec<_> = plan
            .job_descriptions
            .iter()
            .map(|j| (j.position.as_str(), j.duties.len()))
            .collect();
        assert_eq!(
            duties,
            [
                ("ops-manager", 14),
                ("team-leader", 17),
                ("survey-supervisor", 9),
                ("complaint-supervisor", 10),
                ("qa-specialist", 6),
                ("csr", 10)
            ]
        );
        assert!(
            plan.job_descriptions
                .iter()
                .all(|j| !j.summary.zh.is_empty() && !j.summary.en.is_empty())
        );
        let kpis: Vec<_> = plan
            .kpis
            .iter()
            .map(|k| (k.id.as_str(), k.target.as_str()))
            .collect();
        assert_eq!(
            kpis,
            [
                ("calls-offered", ""),
                ("calls-answered", ""),
                ("answer-rate", "≥ 95%"),
                ("average-talk-time", ""),
                ("after-call-work", "≤ 30 s"),
                ("aht", "≤ 180 s"),
                ("service-level", "85/30"),
                ("asa", "≤ 20 s"),
                ("abandon-rate", "≤ 5%"),
                ("waiting-time", "≤ 30 s"),
                ("longest-wait", "≤ 120 s")
            ]
        );
        let stages: Vec<_> = plan
            .career_path
            .iter()
            .map(|s| (s.stage, s.position.as_ref().map(NodeId::as_str)))
            .collect();
        assert_eq!(
            stages,
            [
                (1, Some("csr")),
                (2, None),
                (3, None),
                (4, Some("team-leader")),
                (5, Some("ops-manager")),
                (5, Some("trainer")),
                (5, Some("qa-supervisor"))
            ]
        );
        assert!(plan.career_path.iter().all(|s| !s.requirements.is_empty()));
    }

    /// Every `{zh, en}` pair anywhere in the plan, with its JSON path.
    fn texts(value: &serde_json::Value, path: &str, found: &mut Vec<(String, String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                if map.len() == 2 && map.contains_key("zh") && map.contains_key("en") {
                    let side = |k: &str| map[k].as_str().unwrap_or_default().to_owned();
                    found.push((path.to_owned(), side("zh"), side("en")));
                } else {
                    for (key, inner) in map {
                        texts(inner, &format!("{path}.{key}"), found);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    texts(inner, &format!("{path}[{i}]"), found);
                }
            }
            _ => {}
        }
    }

    fn is_han(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c) || "（）：；，。、".contains(c)
    }

    #[test]
    fn every_text_is_written_in_both_languages() {
        for plan in all_templates() {
            let mut found = Vec::new();
            texts(&serde_json::to_value(&plan).unwrap(), "plan", &mut found);
            assert!(
                found.len() > 100,
                "{}: only {} texts",
                plan.center_type,
                found.len()
            );
            for (path, zh, en) in found {
                assert!(
                    !zh.trim().is_empty() && !en.trim().is_empty(),
                    "{}: {path} lacks a language",
                    plan.center_type
                );
                assert!(
                    zh.chars().any(is_han),
                    "{path}: zh side is not Chinese: {zh}"
                );
                assert!(
                    !en.chars().any(is_han),
                    "{path}: en side has Chinese in it: {en}"
                );
            }
        }
    }

    #[test]
    fn template_takes_the_given_name() {
        assert_eq!(
            template(CenterType::Sales, "北区客服中心").name,
            "北区客服中心"
        );
    }
}
