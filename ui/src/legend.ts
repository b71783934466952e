// What the chart's marks mean: the collapsible legend over the chart, and the text of a
// box's tooltip. The legend's swatches use the chart's own classes and colours (the
// core's palette, set as CSS properties by the canvas), so they always look the same.

import type { DiagnosticView } from "./bindings/DiagnosticView";
import type { FunctionInfo } from "./bindings/FunctionInfo";
import type { NodeView } from "./bindings/NodeView";
import { html, render, svg } from "lit-html";
import type { BoxTip } from "./chart";
import { type Lang, type StringKey, pick, t } from "./i18n";

const frame = (kind: string) =>
  svg`<svg class="swatch" viewBox="0 0 28 16" width="28" height="16"><g class="swatch-box kind-${kind}"><rect class="frame" x="1" y="1" width="26" height="14" rx="3"/></g></svg>`;
const line = (kind: string) =>
  svg`<svg class="swatch" viewBox="0 0 28 16" width="28" height="16"><path class="swatch-line ${kind}" d="M1 8 L20 8"/><path class="legend-arrow ${kind}" d="M19 4 L27 8 L19 12 z"/></svg>`;
const mark = (shape: "vacancy" | "error" | "warning") =>
  svg`<svg class="swatch" viewBox="0 0 28 16" width="28" height="16">${
    shape === "vacancy"
      ? svg`<circle class="swatch-vacancy" cx="14" cy="8" r="4" stroke-width="1.8"/>`
      : shape === "error"
        ? svg`<circle class="swatch-error" cx="14" cy="8" r="6"/>`
        : svg`<path class="swatch-warning" d="M14 1.1 L20.6 12.5 L7.4 12.5 Z"/>`
  }</svg>`;

/**
 * Draws the legend into `host`: a `<details>` element, so it folds with a click or the
 * keyboard; `open` says whether it starts unfolded, `onToggle` hears every change.
 */
export function renderLegend(host: HTMLElement, lang: Lang, open: boolean, onToggle: (open: boolean) => void): void {
  const tr = (key: StringKey) => t(key, lang);
  const row = (swatch: unknown, key: StringKey) => html`<li>${swatch}<span>${tr(key)}</span></li>`;
  render(
    html`<details class="legend" id="legend" ?open=${open} @toggle=${(e: Event) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>${tr("legend")}</summary>
      <ul>
        ${row(frame("unit"), "legendUnit")}
        ${row(frame("position"), "legendPosition")}
        ${row(frame("assistant"), "legendAssistant")}
        ${row(html`<span class="swatch count">3/4</span>`, "legendHeadcount")}
        ${row(mark("vacancy"), "legendVacancy")}
        ${row(mark("warning"), "legendWarning")}
        ${row(mark("error"), "legendError")}
        ${row(line("solid"), "legendSolid")}
        ${row(line("dotted"), "legendDotted")}
        ${row(line("bypass"), "legendBypass")}
        ${row(html`<span class="swatch pill">+5</span>`, "legendCollapsed")}
      </ul>
    </details>`,
    host,
  );
}

/** The tooltip of a node's box: name, function, headcount, level and its diagnostics. */
export function boxTip(node: NodeView, diagnostics: DiagnosticView[], functions: FunctionInfo[], lang: Lang): BoxTip {
  const tr = (key: StringKey) => t(key, lang);
  const kind: Record<NodeView["kind"], StringKey> = { unit: "kindUnit", position: "kindPosition", assistant: "kindAssistant" };
  const fn = functions.find((f) => f.key === node.function);
  const open = node.planned - node.filled;
  const headcount =
    open > 0
      ? `${tr("tipHeadcount")}: ${node.filled}/${node.planned} (${tr("tipOpen").replace("{n}", String(open))})`
      : `${tr("tipHeadcount")}: ${node.filled}/${node.planned}`;
  return {
    title: pick(node.name, lang),
    facts: [
      `${tr(kind[node.kind])} · ${tr("level")} ${node.level}`,
      `${tr("function")}: ${fn ? pick(fn.name, lang) : tr("functionNone")}`,
      headcount,
    ],
    problems: diagnostics
      .filter((d) => d.nodes.includes(node.id))
      .map((d) => ({ severity: d.severity, text: pick(d.message, lang) })),
  };
}
