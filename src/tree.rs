//! The chart's solid-line structure, resolved once: the one tree every module walks.
//!
//! A plan may name a parent that does not exist, or parents that loop (validation reports
//! both). [`ChartTree`] turns any chart into a forest all the same, by one rule used
//! everywhere — layout, validation, the outline, the manual, edits, CSV import and the
//! limits:
//!
//! - a node whose parent is absent or missing is a root;
//! - a reporting cycle is cut at one link: walking up from each node in model order, the
//!   first node whose parent is already on the walk loses its link and becomes a root.
//!   The cut is deterministic (it depends only on the model order) and every member of the
//!   cycle stays in the forest, hanging below that root.
//!
//! Everything is computed once, without recursion (charts 10,000 levels deep are
//! tested), into flat arrays of `u32` indices: children in compressed rows (one array of
//! offsets, one of children in model order), the pre-order, and per node its place in
//! the pre-order, subtree size, depth, root, effective rank and whether it is on a cycle.
//! A subtree is then a slice of the pre-order, and no query allocates.

use std::collections::HashMap;

use crate::model::{NodeId, OrgChart, Rank};

/// "No node" in the index arrays.
const NONE: u32 = u32::MAX;

/// The chart as a forest of solid lines, with cycles and dangling parents cut.
///
/// **Invariants** (property-tested in `tests/tree.rs`): the pre-order holds every node
/// exactly once, each root before its subtree and each manager before its reports;
/// `parent` and `children` agree; the forest has no cycle; each cut node has its declared
/// parent on the same cycle; ranks follow [`ChartTree::rank`]'s rule for every node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartTree {
    /// The parent in the forest, or [`NONE`] for a root.
    parent: Vec<u32>,
    /// The parent the chart names, where it exists, cut or not.
    declared: Vec<u32>,
    /// The children of node `i` are `children[child_start[i]..child_start[i + 1]]`.
    child_start: Vec<u32>,
    children: Vec<u32>,
    /// Every node, roots in model order, each followed by its subtree.
    order: Vec<u32>,
    /// Where each node stands in `order`.
    position: Vec<u32>,
    /// The number of nodes in each node's subtree, itself included.
    size: Vec<u32>,
    depth: Vec<u32>,
    /// The root of the tree each node is in.
    top: Vec<u32>,
    on_cycle: Vec<bool>,
    ranks: Vec<Rank>,
}

/// Node indices out of the tree's arrays, in model order or pre-order.
#[derive(Debug, Clone, Default)]
pub struct Indices<'a>(std::slice::Iter<'a, u32>);

impl Indices<'_> {
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }
}

impl Iterator for Indices<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        self.0.next().map(|&i| i as usize)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Indices<'_> {
    fn next_back(&mut self) -> Option<usize> {
        self.0.next_back().map(|&i| i as usize)
    }
}

impl ExactSizeIterator for Indices<'_> {}

impl ChartTree {
    /// The tree of `chart`, resolving parents by id (the first node wins where ids repeat).
    pub fn new(chart: &OrgChart) -> ChartTree {
        ChartTree::with_index(chart, &chart.index())
    }

    /// The tree of `chart` with parents resolved through `index` (from
    /// [`OrgChart::index`]), for callers that need the index themselves.
    pub fn with_index(chart: &OrgChart, index: &HashMap<&NodeId, usize>) -> ChartTree {
        let nodes = &chart.nodes;
        ChartTree::build(
            nodes.len(),
            |i| nodes[i].parent.as_ref().and_then(|p| index.get(p).copied()),
            |i| nodes[i].rank,
        )
    }

    /// The tree of `len` nodes whose declared parents and explicit ranks are given by
    /// index, for lists that are not yet a chart (CSV rows). A parent index out of range
    /// counts as missing.
    ///
    /// # Panics
    /// When `len` does not fit the `u32` indices (4 billion nodes cannot be in memory).
    pub fn build(
        len: usize,
        mut parent_of: impl FnMut(usize) -> Option<usize>,
        mut rank_of: impl FnMut(usize) -> Option<Rank>,
    ) -> ChartTree {
        assert!(
            u32::try_from(len).is_ok_and(|n| n < NONE),
            "a chart of {len} nodes"
        );
        let declared: Vec<u32> = (0..len)
            .map(|i| match parent_of(i) {
                Some(p) if p < len => p as u32,
                _ => NONE,
            })
            .collect();
        let mut parent = declared.clone();
        let on_cycle = cut_cycles(&mut parent);
        let (child_start, children) = compressed_children(&parent);

        // Pre-order from the roots in model order, with what follows from the parent.
        let mut order = Vec::with_capacity(len);
        let mut position = vec![0u32; len];
        let mut depth = vec![0u32; len];
        let mut top = vec![0u32; len];
        let mut ranks = vec![Rank::ROOT; len];
        let mut stack: Vec<u32> = (0..len as u32)
            .rev()
            .filter(|&i| parent[i as usize] == NONE)
            .collect();
        while let Some(node) = stack.pop() {
            let i = node as usize;
            position[i] = order.len() as u32;
            order.push(node);
            let explicit = rank_of(i);
            match parent[i] {
                NONE => {
                    top[i] = node;
                    ranks[i] = explicit.unwrap_or(Rank::ROOT);
                }
                p => {
                    let p = p as usize;
                    depth[i] = depth[p] + 1;
                    top[i] = top[p];
                    ranks[i] = explicit.unwrap_or_else(|| ranks[p].below());
                }
            }
            let kids = &children[child_start[i] as usize..child_start[i + 1] as usize];
            stack.extend(kids.iter().rev());
        }
        let mut size = vec![1u32; len];
        for &node in order.iter().rev() {
            let p = parent[node as usize];
            if p != NONE {
                size[p as usize] += size[node as usize];
            }
        }
        ChartTree {
            parent,
            declared,
            child_start,
            children,
            order,
            position,
            size,
            depth,
            top,
            on_cycle,
            ranks,
        }
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The parent in the forest: `None` for a root, including a node whose link was cut.
    pub fn parent(&self, node: usize) -> Option<usize> {
        some(self.parent[node])
    }

    /// The parent the chart names, where that node exists, even where the link was cut
    /// to break a cycle.
    pub fn declared_parent(&self, node: usize) -> Option<usize> {
        some(self.declared[node])
    }

    /// Whether the node's link to its (existing) parent was cut to break a cycle: one
    /// node per cycle, the root its members hang from.
    pub fn is_cut(&self, node: usize) -> bool {
        self.parent[node] == NONE && self.declared[node] != NONE
    }

    /// Whether the node lies on a reporting cycle (it ends up reporting to itself).
    pub fn on_cycle(&self, node: usize) -> bool {
        self.on_cycle[node]
    }

    /// Whether the node is on a cycle or reports, through its parents, into one: its
    /// position in the chart (and so its effective rank) means nothing.
    pub fn under_cycle(&self, node: usize) -> bool {
        self.is_cut(self.top[node] as usize)
    }

    /// The reports of `node` in the forest, in model order.
    pub fn children(&self, node: usize) -> Indices<'_> {
        Indices(self.kids(node).iter())
    }

    fn kids(&self, node: usize) -> &[u32] {
        &self.children[self.child_start[node] as usize..self.child_start[node + 1] as usize]
    }

    /// Every node that names `node` as its parent, in model order: its children plus,
    /// on a cycle, the member whose link to it was cut (the node itself, for a node that
    /// reports to itself). What the plan says, for checks and sentences about it.
    pub fn declared_children(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        // The cut member of a cycle is the root its fellow members hang from.
        let top = self.top[node];
        let cut_below = self.on_cycle[node] && self.declared[top as usize] == node as u32;
        let cut = cut_below.then_some(top);
        let kids = self.kids(node);
        let split = cut.map_or(kids.len(), |c| kids.partition_point(|&k| k < c));
        let (before, after) = kids.split_at(split);
        before
            .iter()
            .copied()
            .chain(cut)
            .chain(after.iter().copied())
            .map(|i| i as usize)
    }

    /// The roots of the forest in model order: nodes without a parent, under a missing
    /// one, or cut from a cycle.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        self.order
            .iter()
            .filter(|&&i| self.parent[i as usize] == NONE)
            .map(|&i| i as usize)
    }

    /// Every node exactly once, each root (in model order) followed by its subtree, each
    /// manager before its reports and reports in model order.
    pub fn pre_order(&self) -> Indices<'_> {
        Indices(self.order.iter())
    }

    /// `node` and everything below it in the forest, in pre-order.
    pub fn subtree(&self, node: usize) -> Indices<'_> {
        let start = self.position[node] as usize;
        Indices(self.order[start..start + self.size[node] as usize].iter())
    }

    /// `node` and every node whose chain of declared parents passes through it. For a
    /// node on a cycle that is the whole cycle and everything below it, since each member
    /// reports, in the end, to every other; elsewhere it is the forest's subtree. What an
    /// edit moves or deletes with the node, and what it must not be moved under.
    pub fn declared_subtree(&self, node: usize) -> Indices<'_> {
        if self.on_cycle[node] {
            self.subtree(self.top[node] as usize)
        } else {
            self.subtree(node)
        }
    }

    /// How many nodes lie below `node` in the forest.
    pub fn descendant_count(&self, node: usize) -> usize {
        self.size[node] as usize - 1
    }

    /// Solid-line steps from the node's root down to it (0 for a root).
    pub fn depth(&self, node: usize) -> usize {
        self.depth[node] as usize
    }

    /// The number of levels of the deepest chain, with a root at level 1 (0 for an
    /// empty chart).
    pub fn levels(&self) -> usize {
        self.depth.iter().max().map_or(0, |&d| d as usize + 1)
    }

    /// The effective rank: the explicit rank, or one level below the parent in the
    /// forest, or [`Rank::ROOT`] for a root.
    pub fn rank(&self, node: usize) -> Rank {
        self.ranks[node]
    }

    /// Every node's effective rank, in model order.
    pub fn ranks(&self) -> &[Rank] {
        &self.ranks
    }

    /// The number of solid-line steps up the declared parents from `from` to `to`, if `to`
    /// is one of its managers. Bounded by the node count, so a cycle cannot loop it.
    pub fn steps_up(&self, from: usize, to: usize) -> Option<usize> {
        let mut current = from;
        for steps in 1..=self.len() {
            current = self.declared_parent(current)?;
            if current == to {
                return Some(steps);
            }
        }
        None
    }

    /// The nodes cut from their parents to break a cycle, one per cycle, in model order.
    pub fn cut_nodes(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.is_cut(i))
    }

    /// The members of the cycle broken at `cut` (a node of [`ChartTree::cut_nodes`]) in
    /// reporting order: from the manager the cut node names, up the declared parents, to
    /// the cut node. Empty for a node that is not cut.
    pub fn cycle(&self, cut: usize) -> impl Iterator<Item = usize> + '_ {
        let first = if self.is_cut(cut) {
            self.declared[cut]
        } else {
            NONE
        };
        let mut next = first;
        std::iter::from_fn(move || {
            let current = some(next)?;
            next = if current == cut {
                NONE
            } else {
                self.declared[current]
            };
            Some(current)
        })
    }
}

fn some(index: u32) -> Option<usize> {
    (index != NONE).then_some(index as usize)
}

/// Cuts every cycle of `parent` at the node whose parent closes it, walking up from each
/// node in model order; returns which nodes were on a cycle. Linear: each node is walked
/// once, and each cycle's members once more to mark them.
fn cut_cycles(parent: &mut [u32]) -> Vec<bool> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; parent.len()];
    let mut on_cycle = vec![false; parent.len()];
    let mut path: Vec<u32> = Vec::new();
    for start in 0..parent.len() {
        let mut current = start;
        while state[current] == NEW {
            state[current] = ON_PATH;
            path.push(current as u32);
            match parent[current] {
                NONE => break,
                up if state[up as usize] == ON_PATH => {
                    parent[current] = NONE;
                    for &member in path.iter().rev() {
                        on_cycle[member as usize] = true;
                        if member == up {
                            break;
                        }
                    }
                    break;
                }
                up => current = up as usize,
            }
        }
        for &i in &path {
            state[i as usize] = DONE;
        }
        path.clear();
    }
    on_cycle
}

/// Children in compressed rows: node `i`'s are `children[start[i]..start[i + 1]]`, in
/// model order.
fn compressed_children(parent: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = parent.len();
    // Count each node's children at its own slot, sum into end offsets, then fill
    // backwards so every offset ends at its node's start and children keep model order.
    let mut start = vec![0u32; n + 1];
    for &p in parent {
        if p != NONE {
            start[p as usize] += 1;
        }
    }
    let mut total = 0;
    for slot in start.iter_mut().take(n) {
        total += *slot;
        *slot = total;
    }
    start[n] = total;
    let mut children = vec![0u32; total as usize];
    for (i, &p) in parent.iter().enumerate().rev() {
        if p != NONE {
            start[p as usize] -= 1;
            children[start[p as usize] as usize] = i as u32;
        }
    }
    (start, children)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, NodeKind, Text};

    fn chart(nodes: &[(&str, Option<&str>)]) -> OrgChart {
        OrgChart {
            nodes: nodes
                .iter()
                .map(|&(id, parent)| Node::new(id, parent, NodeKind::Position, Text::default()))
                .collect(),
            lines: Vec::new(),
        }
    }

    fn all(indices: impl Iterator<Item = usize>) -> Vec<usize> {
        indices.collect()
    }

    #[test]
    fn a_cycle_is_cut_where_the_walk_from_its_first_node_closes_it() {
        // gm; a ↔ b (a tail t hangs below b); s reports to itself; m's parent is missing.
        let tree = ChartTree::new(&chart(&[
            ("gm", None),
            ("a", Some("b")),
            ("b", Some("a")),
            ("t", Some("b")),
            ("s", Some("s")),
            ("m", Some("nobody")),
        ]));
        assert_eq!(all(tree.roots()), [0, 2, 4, 5]);
        assert_eq!(all(tree.cut_nodes()), [2, 4]);
        assert_eq!(all(tree.pre_order()), [0, 2, 1, 3, 4, 5]);
        assert_eq!(all(tree.children(2)), [1, 3]);
        assert_eq!(all(tree.declared_children(1)), [2]);
        assert_eq!(all(tree.declared_children(4)), [4]);
        assert_eq!(all(tree.cycle(2)), [1, 2]);
        assert_eq!(all(tree.cycle(4)), [4]);
        assert_eq!(all(tree.cycle(0)), [0usize; 0]);
        let on_cycle: Vec<bool> = (0..6).map(|i| tree.on_cycle(i)).collect();
        assert_eq!(on_cycle, [false, true, true, false, true, false]);
        let under: Vec<bool> = (0..6).map(|i| tree.under_cycle(i)).collect();
        assert_eq!(under, [false, true, true, true, true, false]);
        assert_eq!(all(tree.declared_subtree(1)), [2, 1, 3]);
        assert_eq!(all(tree.subtree(1)), [1]);
        assert_eq!(tree.ranks(), [0, 2, 0, 2, 0, 0].map(Rank));
        assert_eq!(tree.levels(), 2);
        assert_eq!(tree.descendant_count(2), 2);
        assert_eq!(tree.declared_parent(2), Some(1));
        assert_eq!(tree.parent(2), None);
    }
}
