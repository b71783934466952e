// Pure helpers over the plan the backend sends: title, search, tree questions.

import type { NodeView } from "./bindings/NodeView";
import type { PlanView } from "./bindings/PlanView";
import type { Severity } from "./bindings/Severity";
import { type Lang, t } from "./i18n";

/** The window title: file name (or "untitled"), an unsaved marker, the app name. */
export function windowTitle(plan: PlanView | null, lang: Lang): string {
  if (!plan) return "Centerplan";
  const file = plan.fileName ?? t("untitled", lang);
  return `${plan.dirty ? "● " : ""}${file} — ${plan.name} — Centerplan`;
}

/** Ids of nodes whose name (either language) contains `query`, case-insensitively. */
export function search(nodes: NodeView[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return nodes
    .filter((n) => n.name.zh.toLowerCase().includes(q) || n.name.en.toLowerCase().includes(q))
    .map((n) => n.id);
}

/** Whether `candidate` is `id` itself or reports to it, directly or not. */
export function isInSubtree(nodes: NodeView[], id: string, candidate: string): boolean {
  const parent = new Map(nodes.map((n) => [n.id, n.parent]));
  let current: string | null | undefined = candidate;
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    if (current === id) return true;
    seen.add(current);
    current = parent.get(current);
  }
  return false;
}

/** `id` and every node reporting to it, directly or not (iterative; safe on cycles). */
export function subtree(nodes: NodeView[], id: string): NodeView[] {
  const children = new Map<string, NodeView[]>();
  for (const n of nodes) {
    if (n.parent === null) continue;
    const list = children.get(n.parent);
    if (list) list.push(n);
    else children.set(n.parent, [n]);
  }
  const root = nodes.find((n) => n.id === id);
  if (!root) return [];
  const out: NodeView[] = [];
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop() as NodeView;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    out.push(node);
    stack.push(...(children.get(node.id) ?? []));
  }
  return out;
}

/** Counts of error and warning diagnostics per node, for the markers on the chart. */
export function markers(plan: PlanView): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const d of plan.diagnostics) {
    for (const id of d.nodes) {
      if (d.severity === "error" || !out.has(id)) out.set(id, d.severity);
    }
  }
  return out;
}

/** The level as people say it for a rank in half levels: 0 → "1", 3 → "2.5". */
export function levelLabel(rank: number): string {
  const whole = Math.floor(rank / 2) + 1;
  return rank % 2 === 0 ? String(whole) : `${whole}.5`;
}

export type Shortcut = "save" | "save-as" | "undo" | "redo" | "delete" | "find" | "escape";

/**
 * The editor command a key press asks for, if any. `inField`: the focus is in a text field
 * with typing of its own to undo (the app decides; a drop-down or button is not one).
 */
export function shortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }, inField: boolean): Shortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && key === "s") return e.shiftKey ? "save-as" : "save";
  if (mod && key === "f") return "find";
  if (e.key === "Escape") return "escape";
  // Inside a text field with typing of its own, undo/redo/delete belong to the field.
  if (inField) return null;
  if (mod && key === "z") return e.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (e.key === "Delete") return "delete";
  return null;
}
