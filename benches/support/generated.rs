//! A generated chart shaped like a real center, for the chart and spreadsheet benchmarks.

use centerplan::model::{Headcount, Line, LineKind, Node, NodeKind, OrgChart, Rank, Text};

/// A center of `size` positions shaped like a real one: a general manager, units of
/// managers, team leaders with teams of about a dozen agents, an oversight unit half a
/// level up, an assistant and a few dotted and bypass lines.
pub fn generated(size: usize) -> OrgChart {
    let mut chart = OrgChart::default();
    let mut push = |id: String, parent: Option<String>, kind: NodeKind, name: Text| {
        let mut node = Node::new(&id, parent.as_deref(), kind, name);
        node.headcount = Headcount::new(3, 2 + (chart.nodes.len() % 2) as i32);
        chart.nodes.push(node);
    };
    push(
        "gm".into(),
        None,
        NodeKind::Position,
        Text::new("中心总经理", "General manager"),
    );
    push(
        "assistant".into(),
        Some("gm".into()),
        NodeKind::Assistant,
        Text::new("总经理助理", "Assistant"),
    );
    let mut managers = Vec::new();
    let mut count = 2;
    let mut unit = 0;
    while count < size {
        let manager = format!("unit{unit}");
        push(
            manager.clone(),
            Some("gm".into()),
            NodeKind::Unit,
            Text::new(format!("运营{unit}部"), format!("Operations {unit}")),
        );
        managers.push(manager.clone());
        count += 1;
        for team in 0..8 {
            if count >= size {
                break;
            }
            let lead = format!("{manager}-lead{team}");
            push(
                lead.clone(),
                Some(manager.clone()),
                NodeKind::Position,
                Text::new("主管（班组长）", "Team leader"),
            );
            count += 1;
            for agent in 0..12 {
                if count >= size {
                    break;
                }
                push(
                    format!("{lead}-agent{agent}"),
                    Some(lead.clone()),
                    NodeKind::Position,
                    Text::new("客户服务代表", "Customer service representative"),
                );
                count += 1;
            }
        }
        unit += 1;
    }
    if let Some(first) = chart.nodes.iter_mut().find(|n| n.id.as_str() == "unit0") {
        first.rank = Some(Rank(1));
    }
    for pair in managers.windows(2).step_by(3) {
        chart.lines.push(Line {
            from: format!("{}-lead0", pair[1]).as_str().into(),
            to: pair[0].as_str().into(),
            kind: LineKind::Dotted,
        });
    }
    if managers.len() > 1 {
        chart.lines.push(Line {
            from: "unit1-lead1".into(),
            to: "gm".into(),
            kind: LineKind::Bypass,
        });
    }
    chart
}
