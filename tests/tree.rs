//! The chart tree's invariants on random charts: cycles, dangling and self parents,
//! repeated ids; and deep charts walked without recursion.

use std::collections::HashSet;

use centerplan::model::{Node, NodeKind, OrgChart, Rank, Text};
use centerplan::tree::ChartTree;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use crate::support;

/// Charts of up to 40 nodes whose ids repeat now and then and whose parents are as
/// often missing, the node itself or part of a loop as a real manager.
fn tangled_chart() -> impl Strategy<Value = OrgChart> {
    vec(
        (0..36usize, option::of(0..44usize), option::of(-4..8i32)),
        0..40,
    )
    .prop_map(|rows| OrgChart {
        nodes: rows
            .into_iter()
            .map(|(id, parent, rank)| {
                let parent = parent.map(|p| format!("n{p}"));
                let mut node = Node::new(
                    &format!("n{id}"),
                    parent.as_deref(),
                    NodeKind::Position,
                    Text::default(),
                );
                node.rank = rank.map(Rank);
                node
            })
            .collect(),
        lines: Vec::new(),
    })
}

/// The parent each node names, resolved to the first node with that id.
fn declared(chart: &OrgChart) -> Vec<Option<usize>> {
    let index = chart.index();
    chart
        .nodes
        .iter()
        .map(|n| n.parent.as_ref().and_then(|p| index.get(p).copied()))
        .collect()
}

/// The nodes met walking up the declared parents from `from` (itself excluded), at most
/// one trip round a cycle.
fn declared_chain(parents: &[Option<usize>], from: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut current = from;
    while let Some(up) = parents[current] {
        if chain.contains(&up) {
            break;
        }
        chain.push(up);
        current = up;
    }
    chain
}

fn check_invariants(chart: &OrgChart) {
    let tree = ChartTree::new(chart);
    let n = chart.nodes.len();
    let parents = declared(chart);
    assert_eq!(tree.len(), n);

    // The pre-order visits every node exactly once, each manager before its reports.
    let order: Vec<usize> = tree.pre_order().collect();
    let mut seen = vec![false; n];
    for &i in &order {
        assert!(!seen[i], "node {i} visited twice");
        seen[i] = true;
    }
    assert!(
        seen.iter().all(|&s| s),
        "a node the pre-order missed: {order:?}"
    );
    let mut place = vec![0; n];
    for (at, &i) in order.iter().enumerate() {
        place[i] = at;
    }

    for i in 0..n {
        // Declared parents are the chart's, resolved by id; the forest keeps them all
        // but the one link per cycle that it cuts.
        assert_eq!(
            tree.declared_parent(i),
            parents[i],
            "declared parent of {i}"
        );
        let chain = declared_chain(&parents, i);
        let on_cycle = chain.contains(&i);
        assert_eq!(tree.on_cycle(i), on_cycle, "on_cycle({i})");
        match tree.parent(i) {
            Some(p) => {
                assert_eq!(Some(p), parents[i]);
                assert!(
                    tree.children(p).any(|c| c == i),
                    "{i} not among its parent's children"
                );
                assert!(place[p] < place[i], "{i} before its manager {p}");
                assert_eq!(tree.depth(i), tree.depth(p) + 1);
                assert_eq!(
                    tree.rank(i),
                    chart.nodes[i].rank.unwrap_or(tree.rank(p).below()),
                    "rank of {i}"
                );
            }
            None => {
                assert_eq!(tree.is_cut(i), parents[i].is_some());
                assert_eq!(tree.depth(i), 0);
                assert_eq!(tree.rank(i), chart.nodes[i].rank.unwrap_or(Rank::ROOT));
                if tree.is_cut(i) {
                    assert!(on_cycle, "cut node {i} is not on a cycle");
                }
            }
        }
        let kids: Vec<usize> = tree.children(i).collect();
        assert!(
            kids.windows(2).all(|w| w[0] < w[1]),
            "children in model order"
        );
        for &c in &kids {
            assert_eq!(tree.parent(c), Some(i));
        }
        let named: Vec<usize> = (0..n).filter(|&c| parents[c] == Some(i)).collect();
        let declared_children: Vec<usize> = tree.declared_children(i).collect();
        assert_eq!(declared_children, named, "declared children of {i}");

        // No cycle is left: walking up the forest ends at a root within n steps.
        let mut current = i;
        let mut steps = 0;
        while let Some(p) = tree.parent(current) {
            current = p;
            steps += 1;
            assert!(steps <= n, "the forest loops above {i}");
        }
        assert_eq!(tree.depth(i), steps);
        // On or under a cycle exactly when the declared chain reaches one.
        let reaches_cycle = chain
            .iter()
            .any(|&a| declared_chain(&parents, a).contains(&a));
        assert_eq!(
            tree.under_cycle(i),
            on_cycle || reaches_cycle,
            "under_cycle({i})"
        );

        // A subtree is everything whose forest chain passes through the node; the
        // declared subtree everything whose declared chain does.
        let below = |j: usize| {
            let mut current = Some(j);
            while let Some(c) = current {
                if c == i {
                    return true;
                }
                current = tree.parent(c);
            }
            false
        };
        let subtree: HashSet<usize> = tree.subtree(i).collect();
        let expected: HashSet<usize> = (0..n).filter(|&j| below(j)).collect();
        assert_eq!(subtree, expected, "subtree of {i}");
        assert_eq!(tree.descendant_count(i), subtree.len() - 1);
        let declared_subtree: HashSet<usize> = tree.declared_subtree(i).collect();
        let expected: HashSet<usize> = (0..n)
            .filter(|&j| j == i || declared_chain(&parents, j).contains(&i))
            .collect();
        assert_eq!(declared_subtree, expected, "declared subtree of {i}");
    }

    // One cut per cycle, made where the walk up from the first node (in model order)
    // that reaches the cycle closes it; its members run from the named manager round.
    let cycles: HashSet<Vec<usize>> = (0..n)
        .filter(|&i| tree.on_cycle(i))
        .map(|i| {
            let mut members = declared_chain(&parents, i);
            members.sort_unstable();
            members
        })
        .collect();
    let cuts: Vec<usize> = tree.cut_nodes().collect();
    assert_eq!(cuts.len(), cycles.len());
    for members in &cycles {
        let first = (0..n)
            .find(|&s| s == members[0] || declared_chain(&parents, s).contains(&members[0]))
            .expect("a member reaches its own cycle");
        let mut walk = vec![first];
        let mut current = first;
        let closing = loop {
            let up = parents[current].expect("a cycle has parents");
            if walk.contains(&up) {
                break current;
            }
            walk.push(up);
            current = up;
        };
        assert!(
            cuts.contains(&closing),
            "cycle {members:?} not cut at {closing}"
        );
        let cycle: Vec<usize> = tree.cycle(closing).collect();
        assert_eq!(cycle.first().copied(), parents[closing]);
        assert_eq!(cycle.last().copied(), Some(closing));
        let mut sorted = cycle.clone();
        sorted.sort_unstable();
        assert_eq!(&sorted, members);
    }

    assert_eq!(
        tree.levels(),
        (0..n).map(|i| tree.depth(i) + 1).max().unwrap_or(0)
    );
    assert_eq!(tree.ranks(), chart.effective_ranks());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tree_invariants_hold_on_tangled_charts(chart in tangled_chart()) {
        check_invariants(&chart);
    }

    #[test]
    fn tree_invariants_hold_on_arbitrary_charts(chart in support::chart()) {
        check_invariants(&chart);
    }
}

/// A chain `n0 ← n1 ← … ← n(len-1)` listed deepest first, and a loop of the same
/// length beside it.
fn chain_and_loop(len: usize) -> OrgChart {
    let mut nodes: Vec<Node> = (0..len)
        .map(|i| {
            let parent = (i > 0).then(|| format!("n{}", i - 1));
            Node::new(
                &format!("n{i}"),
                parent.as_deref(),
                NodeKind::Position,
                Text::default(),
            )
        })
        .collect();
    nodes.reverse();
    nodes.extend((0..len).map(|i| {
        let parent = format!("c{}", (i + 1) % len);
        Node::new(
            &format!("c{i}"),
            Some(&parent),
            NodeKind::Unit,
            Text::default(),
        )
    }));
    OrgChart {
        nodes,
        lines: Vec::new(),
    }
}

#[test]
fn a_chart_ten_thousand_levels_deep_builds_on_a_small_stack() {
    // 64 KiB of stack: far too little for any recursion over 10,000 levels.
    let tree = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(|| ChartTree::new(&chain_and_loop(10_000)))
        .expect("spawns")
        .join()
        .expect("builds without overflowing the stack");
    assert_eq!(tree.levels(), 10_000);
    assert_eq!(tree.rank(0), Rank(2 * 9_999));
    assert_eq!(tree.pre_order().len(), 20_000);
    // The loop is cut once, at the member whose parent closes the walk from c0.
    assert_eq!(tree.cut_nodes().collect::<Vec<_>>(), [20_000 - 1]);
    assert_eq!(tree.cycle(20_000 - 1).count(), 10_000);
    assert!((10_000..20_000).all(|i| tree.on_cycle(i) && tree.under_cycle(i)));
    assert_eq!(tree.declared_subtree(10_000).len(), 10_000);
    assert_eq!(tree.subtree(9_999).len(), 10_000);
}
