//! Headcount derivation: from the agents a forecast needs and the ratios the user sets
//! (agents per team leader, per QA specialist, per trainer, per workforce planner) to a
//! proposal for the chart's positions.
//!
//! A proposal only describes: it lists each position's current and proposed planned
//! headcount. Nothing changes until [`apply_proposal`] is called with the entries the user
//! accepted, and then only the planned headcount of those nodes.

use serde::{Deserialize, Serialize};

use super::StaffingError;
use crate::model::{Function, NodeId, Plan};

/// A position the derivation sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Csr,
    TeamLeader,
    QaSpecialist,
    Trainer,
    WfmPlanner,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Csr,
        Role::TeamLeader,
        Role::QaSpecialist,
        Role::Trainer,
        Role::WfmPlanner,
    ];

    /// The function of the chart that plays this role.
    pub fn function(self) -> Function {
        match self {
            Role::Csr => Function::Csr,
            Role::TeamLeader => Function::TeamLeader,
            Role::QaSpecialist => Function::QaSpecialist,
            Role::Trainer => Function::Trainer,
            Role::WfmPlanner => Function::WorkforcePlanner,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Role::Csr => "csr",
            Role::TeamLeader => "team-leader",
            Role::QaSpecialist => "qa-specialist",
            Role::Trainer => "trainer",
            Role::WfmPlanner => "wfm-planner",
        }
    }
}

pub use crate::model::Ratios;

impl Ratios {
    fn for_role(&self, role: Role) -> Option<u32> {
        let ratio = match role {
            Role::Csr => return None,
            Role::TeamLeader => self.agents_per_team_leader,
            Role::QaSpecialist => self.agents_per_qa_specialist,
            Role::Trainer => self.agents_per_trainer,
            Role::WfmPlanner => self.agents_per_wfm_planner,
        };
        Some(ratio)
    }
}

/// Which chart node holds each role. The defaults are the ids every built-in template
/// uses; a chart of the user's own maps its ids here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionIds {
    pub csr: NodeId,
    pub team_leader: NodeId,
    pub qa_specialist: NodeId,
    pub trainer: NodeId,
    pub wfm_planner: NodeId,
}

impl Default for PositionIds {
    fn default() -> PositionIds {
        PositionIds {
            csr: NodeId::new("csr"),
            team_leader: NodeId::new("team-leader"),
            qa_specialist: NodeId::new("qa-specialist"),
            trainer: NodeId::new("trainer"),
            wfm_planner: NodeId::new("wfm-planner"),
        }
    }
}

impl PositionIds {
    /// The chart's positions for each role, found by function (the first node holding it),
    /// so a renamed id or a chart imported with HR ids still gets its proposal; a role no
    /// node holds keeps the built-in id (the proposal then shows it as absent).
    pub fn for_plan(plan: &Plan) -> PositionIds {
        let defaults = PositionIds::default();
        let find = |role: Role| {
            plan.chart
                .find_function(role.function())
                .map_or_else(|| defaults.get(role).clone(), |n| n.id.clone())
        };
        PositionIds {
            csr: find(Role::Csr),
            team_leader: find(Role::TeamLeader),
            qa_specialist: find(Role::QaSpecialist),
            trainer: find(Role::Trainer),
            wfm_planner: find(Role::WfmPlanner),
        }
    }

    pub fn get(&self, role: Role) -> &NodeId {
        match role {
            Role::Csr => &self.csr,
            Role::TeamLeader => &self.team_leader,
            Role::QaSpecialist => &self.qa_specialist,
            Role::Trainer => &self.trainer,
            Role::WfmPlanner => &self.wfm_planner,
        }
    }
}

/// One position's proposed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalEntry {
    pub role: Role,
    pub node: NodeId,
    /// The planned headcount now; `None` when the chart has no node with this id.
    pub current: Option<i32>,
    pub proposed: i32,
    /// Proposed minus current; `None` when the node is missing.
    pub difference: Option<i32>,
}

impl ProposalEntry {
    /// Whether accepting this entry would change the plan.
    pub fn changes(&self) -> bool {
        self.difference.is_some_and(|d| d != 0)
    }
}

/// A headcount proposal: one entry per sized role, in [`Role::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The agents (people, shrinkage included) the proposal is built on.
    pub agents: u32,
    pub ratios: Ratios,
    pub entries: Vec<ProposalEntry>,
}

/// Proposes planned headcount for the chart's positions from `agents` (the people to
/// employ as CSRs, e.g. [`super::IntervalPlan::headcount`] or scheduled staff) and the
/// ratios: each supporting role gets ⌈agents / ratio⌉.
pub fn propose_headcount(plan: &Plan, agents: u32, ratios: &Ratios, ids: &PositionIds) -> Proposal {
    let entries = Role::ALL
        .into_iter()
        .filter_map(|role| {
            let proposed = match ratios.for_role(role) {
                None => agents,
                Some(0) => return None,
                Some(ratio) => agents.div_ceil(ratio),
            };
            let proposed = i32::try_from(proposed).unwrap_or(i32::MAX);
            let node = ids.get(role).clone();
            let current = plan.chart.node(&node).map(|n| n.headcount.planned);
            Some(ProposalEntry {
                role,
                node,
                current,
                proposed,
                difference: current.map(|c| proposed.saturating_sub(c)),
            })
        })
        .collect();
    Proposal {
        agents,
        ratios: *ratios,
        entries,
    }
}

impl Proposal {
    /// The entries of the `accepted` node ids, in that order; an error for an id that is
    /// not in the proposal or not in `plan`'s chart, before anything is changed.
    pub fn accepted_entries(
        &self,
        plan: &Plan,
        accepted: &[NodeId],
    ) -> Result<Vec<&ProposalEntry>, StaffingError> {
        accepted
            .iter()
            .map(|id| {
                let entry = self.entries.iter().find(|e| &e.node == id).ok_or_else(|| {
                    StaffingError::Proposal {
                        message: crate::model::Text::new(
                            format!("节点 `{id}` 不在编制建议中"),
                            format!("node `{id}` is not in the proposal"),
                        ),
                    }
                })?;
                if plan.chart.node(id).is_none() {
                    return Err(StaffingError::Proposal {
                        message: crate::model::Text::new(
                            format!("节点 `{id}` 不在组织架构图中"),
                            format!("node `{id}` is not in the chart"),
                        ),
                    });
                }
                Ok(entry)
            })
            .collect()
    }
}

/// Sets the planned headcount of the `accepted` entries of `proposal` (by node id) and
/// leaves everything else alone. Checks every id before changing anything, so a bad id
/// leaves the plan untouched. Returns the nodes whose headcount changed.
pub fn apply_proposal(
    plan: &mut Plan,
    proposal: &Proposal,
    accepted: &[NodeId],
) -> Result<Vec<NodeId>, StaffingError> {
    let chosen = proposal.accepted_entries(plan, accepted)?;
    let mut changed = Vec::new();
    for entry in chosen {
        let node = plan.chart.node_mut(&entry.node).expect("checked above");
        if node.headcount.planned != entry.proposed {
            node.headcount.planned = entry.proposed;
            changed.push(entry.node.clone());
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CenterType, Headcount, Node, NodeKind, OrgChart, Settings, Text};

    fn small_plan() -> Plan {
        let mut chart = OrgChart::default();
        let mut add = |id: &str, parent: Option<&str>, planned: i32, filled: i32| {
            let mut node = Node::new(id, parent, NodeKind::Position, Text::new(id, id));
            node.headcount = Headcount::new(planned, filled);
            chart.nodes.push(node);
        };
        add("ops-manager", None, 1, 1);
        add("team-leader", Some("ops-manager"), 3, 3);
        add("csr", Some("team-leader"), 30, 28);
        add("qa-specialist", Some("ops-manager"), 1, 1);
        add("trainer", Some("ops-manager"), 1, 0);
        Plan {
            name: "Test center".to_owned(),
            name_en: String::new(),
            center_type: CenterType::Service,
            chart,
            matrix: Default::default(),
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

    fn rows(proposal: &Proposal) -> Vec<(&str, Option<i32>, i32, Option<i32>)> {
        proposal
            .entries
            .iter()
            .map(|e| (e.node.as_str(), e.current, e.proposed, e.difference))
            .collect()
    }

    #[test]
    fn proposal_lists_differences_against_the_plan() {
        let plan = small_plan();
        let proposal = propose_headcount(&plan, 58, &Ratios::default(), &PositionIds::default());
        assert_eq!(
            rows(&proposal),
            [
                ("csr", Some(30), 58, Some(28)),
                ("team-leader", Some(3), 5, Some(2)),
                ("qa-specialist", Some(1), 3, Some(2)),
                ("trainer", Some(1), 2, Some(1)),
                // The chart has no planner: proposed, but nothing to apply it to.
                ("wfm-planner", None, 1, None),
            ]
        );
        assert!(!proposal.entries[4].changes());
    }

    #[test]
    fn zero_ratio_proposes_no_such_position_and_ids_map_to_the_users_chart() {
        let mut plan = small_plan();
        plan.chart.node_mut(&NodeId::new("csr")).unwrap().id = NodeId::new("agents");
        let ids = PositionIds {
            csr: NodeId::new("agents"),
            ..PositionIds::default()
        };
        let ratios = Ratios {
            agents_per_trainer: 0,
            agents_per_wfm_planner: 0,
            ..Ratios::default()
        };
        let proposal = propose_headcount(&plan, 24, &ratios, &ids);
        assert_eq!(
            rows(&proposal),
            [
                ("agents", Some(30), 24, Some(-6)),
                ("team-leader", Some(3), 2, Some(-1)),
                ("qa-specialist", Some(1), 1, Some(0)),
            ]
        );
    }

    #[test]
    fn apply_changes_only_accepted_planned_headcount() {
        let mut plan = small_plan();
        let before = plan.clone();
        let proposal = propose_headcount(&plan, 58, &Ratios::default(), &PositionIds::default());
        let accepted = [NodeId::new("csr"), NodeId::new("team-leader")];
        let changed = apply_proposal(&mut plan, &proposal, &accepted).unwrap();
        assert_eq!(changed, accepted);
        let headcount =
            |plan: &Plan, id: &str| plan.chart.node(&NodeId::new(id)).unwrap().headcount;
        assert_eq!(headcount(&plan, "csr"), Headcount::new(58, 28));
        assert_eq!(headcount(&plan, "team-leader"), Headcount::new(5, 3));
        // Rejected entries and everything else stay as they were.
        assert_eq!(
            headcount(&plan, "qa-specialist"),
            headcount(&before, "qa-specialist")
        );
        assert_eq!(headcount(&plan, "trainer"), headcount(&before, "trainer"));
        assert_eq!(plan.chart.nodes.len(), before.chart.nodes.len());
        // Applying again changes nothing.
        assert_eq!(
            apply_proposal(&mut plan, &proposal, &accepted).unwrap(),
            Vec::<NodeId>::new()
        );
    }

    #[test]
    fn apply_with_a_bad_id_leaves_the_plan_untouched() {
        let mut plan = small_plan();
        let before = plan.clone();
        let proposal = propose_headcount(&plan, 58, &Ratios::default(), &PositionIds::default());
        let check = |plan: &mut Plan, accepted: &[&str], expected: &str| {
            let ids: Vec<NodeId> = accepted.iter().map(|id| NodeId::new(*id)).collect();
            let err = apply_proposal(plan, &proposal, &ids).unwrap_err();
            assert_eq!(err.to_string(), expected);
        };
        check(
            &mut plan,
            &["csr", "ops-manager"],
            "headcount proposal: node `ops-manager` is not in the proposal",
        );
        check(
            &mut plan,
            &["csr", "wfm-planner"],
            "headcount proposal: node `wfm-planner` is not in the chart",
        );
        assert_eq!(plan, before);
    }
}
