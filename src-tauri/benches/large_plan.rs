//! A hybrid plan grown to a given number of positions, for timing the app with a large
//! chart: the hybrid template, then operations units of eight team leaders with a dozen
//! agents each under its operations VP. Names differ among siblings, so validation reports
//! little beyond the VP's span of control. Shared by the bench and the `large_plan` example.

use centerplan::model::{CenterType, Headcount, Node, NodeKind, Plan, Text};
use centerplan::templates::template;

/// The unit the benchmarks rename.
pub const RENAMED: &str = "unit0";

/// The hybrid template grown to `size` chart nodes in all.
pub fn large_plan(size: usize) -> Plan {
    let mut plan = template(CenterType::Hybrid, "大型综合型客户服务中心");
    let nodes = &mut plan.chart.nodes;
    let top = nodes
        .iter()
        .find(|n| n.id.as_str() == "vp-operations")
        .or_else(|| nodes.iter().find(|n| n.parent.is_none()))
        .map(|n| n.id.to_string())
        .expect("the template has a root");
    let mut unit = 0;
    while nodes.len() < size {
        let unit_id = format!("unit{unit}");
        let mut members = vec![(
            unit_id.clone(),
            top.clone(),
            NodeKind::Unit,
            Text::new(format!("运营{unit}部"), format!("Operations {unit}")),
        )];
        for team in 0..8 {
            let lead = format!("{unit_id}-lead{team}");
            members.push((
                lead.clone(),
                unit_id.clone(),
                NodeKind::Position,
                Text::new(
                    format!("主管（班组长）{unit}-{team}"),
                    format!("Team leader {unit}-{team}"),
                ),
            ));
            for agent in 0..12 {
                members.push((
                    format!("{lead}-agent{agent}"),
                    lead.clone(),
                    NodeKind::Position,
                    Text::new(
                        format!("客户服务代表 {agent}"),
                        format!("Customer service representative {agent}"),
                    ),
                ));
            }
        }
        for (id, parent, kind, name) in members {
            if nodes.len() >= size {
                break;
            }
            let mut node = Node::new(&id, Some(parent.as_str()), kind, name);
            node.headcount = Headcount::new(1, (nodes.len() % 2) as i32);
            nodes.push(node);
        }
        unit += 1;
    }
    plan
}
