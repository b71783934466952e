// The chart view: draws the core's layout (boxes and routed lines, in chart units) as
// SVG, and turns pointer input into pan, zoom, selection and drag-and-drop.
//
// Drawing builds one SVG string per plan change; pan and zoom only change one transform,
// and selection only toggles classes, so a chart of 2,000 boxes stays smooth.

import type { ChartView } from "./bindings/ChartView";
import type { BoxView } from "./bindings/BoxView";
import { type Viewport, centreOn, fit, pan, toChart, zoomAt } from "./viewport";

export interface ChartCallbacks {
  select(id: string | null): void;
  selectLine(index: number): void;
  /** A box was dropped onto another box. */
  drop(id: string, target: string): void;
  toggleCollapse(id: string): void;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const DRAG_THRESHOLD = 5;

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Padding inside a box, as the core's SVG writer uses it. */
const PAD_Y = 8;
const VACANCY_MARKER = 8;

// Text placement follows the core's SVG writer (src/chart/svg.rs), so the window shows
// what the exported SVG and the PDF show.
function boxSvg(b: BoxView, lineHeight: number, fontSize: number, smallFontSize: number, marker: string | undefined): string {
  const cx = b.x + b.w / 2;
  const countHeight = smallFontSize * 1.4;
  const labelArea = b.h - 2 * PAD_Y - countHeight;
  const firstCentre = b.y + PAD_Y + (labelArea - b.label.length * lineHeight) / 2 + lineHeight / 2;
  const label = b.label
    .map((line, i) => `<text class="label" x="${cx}" y="${firstCentre + i * lineHeight + fontSize * 0.35}" font-size="${fontSize}">${esc(line)}</text>`)
    .join("");
  const countY = b.y + b.h - PAD_Y - countHeight / 2 + smallFontSize * 0.35;
  const vacancy = b.vacant
    ? `<circle class="vacancy" cx="${b.x + b.w - VACANCY_MARKER}" cy="${b.y + VACANCY_MARKER}" r="${VACANCY_MARKER / 2}"/>`
    : "";
  let hidden = "";
  if (b.hidden != null) {
    const text = `+${b.hidden}`;
    const pillW = 12 + text.length * smallFontSize * 0.6;
    const pillH = smallFontSize * 1.4;
    hidden = `<g class="toggle" data-toggle="${esc(b.id)}"><rect x="${cx - pillW / 2}" y="${b.y + b.h - pillH / 2}" width="${pillW}" height="${pillH}" rx="${pillH / 2}"/><text x="${cx}" y="${b.y + b.h + smallFontSize * 0.35}" font-size="${smallFontSize}">${text}</text></g>`;
  }
  const mark = marker ? `<circle class="marker ${marker}" cx="${b.x + 2}" cy="${b.y + 2}" r="6"/>` : "";
  return `<g class="box kind-${b.kind}${b.vacant ? " vacant" : ""}" data-id="${esc(b.id)}"><rect class="frame" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4"/>${label}<text class="headcount" x="${cx}" y="${countY}" font-size="${smallFontSize}">${esc(b.headcount)}</text>${vacancy}${mark}${hidden}</g>`;
}

/** The SVG markup of a whole chart (without the outer element). */
export function chartSvg(chart: ChartView, markers: Map<string, "error" | "warning">): string {
  const routes = chart.routes
    .map((r) => {
      const d = r.points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
      const line = r.line != null ? ` data-line="${r.line}"` : "";
      return `<path class="route ${r.kind}" data-from="${esc(r.from)}" data-to="${esc(r.to)}"${line} d="${d}"/>${r.line != null ? `<path class="route-hit"${line} d="${d}"/>` : ""}`;
    })
    .join("");
  const boxes = chart.boxes
    .map((b) => boxSvg(b, chart.lineHeight, chart.fontSize, chart.smallFontSize, markers.get(b.id)))
    .join("");
  return `<g class="routes">${routes}</g><g class="boxes">${boxes}</g>`;
}

export class ChartCanvas {
  readonly svg: SVGSVGElement;
  private world: SVGGElement;
  private ghost: SVGRectElement;
  private chart: ChartView | null = null;
  private boxEls = new Map<string, SVGGElement>();
  private viewport: Viewport = { scale: 1, x: 0, y: 0 };
  private selected: string | null = null;
  private highlighted: string[] = [];
  private gesture:
    | { type: "pan"; lastX: number; lastY: number }
    | { type: "box"; id: string; startX: number; startY: number; dragging: boolean; target: string | null }
    | null = null;

  constructor(
    container: HTMLElement,
    private callbacks: ChartCallbacks,
  ) {
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.classList.add("chart");
    this.world = document.createElementNS(SVG_NS, "g");
    this.ghost = document.createElementNS(SVG_NS, "rect");
    this.ghost.classList.add("ghost");
    this.ghost.style.display = "none";
    this.svg.append(this.world, this.ghost);
    container.append(this.svg);
    this.svg.addEventListener("wheel", (e) => this.onWheel(e), { passive: false });
    this.svg.addEventListener("pointerdown", (e) => this.onDown(e));
    this.svg.addEventListener("pointermove", (e) => this.onMove(e));
    this.svg.addEventListener("pointerup", (e) => this.onUp(e));
  }

  get view(): Viewport {
    return this.viewport;
  }

  private size(): [number, number] {
    const rect = this.svg.getBoundingClientRect();
    return [rect.width || 800, rect.height || 600];
  }

  setChart(chart: ChartView, markers: Map<string, "error" | "warning">): void {
    const first = this.chart === null;
    this.chart = chart;
    this.world.innerHTML = chartSvg(chart, markers);
    this.boxEls.clear();
    for (const el of this.world.querySelectorAll<SVGGElement>("g.box")) {
      this.boxEls.set(el.dataset.id ?? "", el);
    }
    this.setSelection(this.selected);
    this.setHighlights(this.highlighted);
    if (first) this.fit();
    else this.apply();
  }

  setSelection(id: string | null): void {
    if (this.selected) this.boxEls.get(this.selected)?.classList.remove("selected");
    this.selected = id;
    if (id) this.boxEls.get(id)?.classList.add("selected");
  }

  setHighlights(ids: string[]): void {
    for (const id of this.highlighted) this.boxEls.get(id)?.classList.remove("match");
    this.highlighted = ids;
    for (const id of ids) this.boxEls.get(id)?.classList.add("match");
  }

  private apply(): void {
    const v = this.viewport;
    this.world.setAttribute("transform", `translate(${v.x} ${v.y}) scale(${v.scale})`);
  }

  fit(): void {
    if (!this.chart) return;
    const [w, h] = this.size();
    this.viewport = fit(this.chart.width, this.chart.height, w, h);
    this.apply();
  }

  zoom(factor: number): void {
    const [w, h] = this.size();
    this.viewport = zoomAt(this.viewport, factor, w / 2, h / 2);
    this.apply();
  }

  /** Brings a node's box to the centre of the view. */
  reveal(id: string): void {
    const b = this.chart?.boxes.find((box) => box.id === id);
    if (!b) return;
    const [w, h] = this.size();
    this.viewport = centreOn(this.viewport, b.x + b.w / 2, b.y + b.h / 2, w, h);
    this.apply();
  }

  private local(e: { clientX: number; clientY: number }): [number, number] {
    const rect = this.svg.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const [px, py] = this.local(e);
    this.viewport = zoomAt(this.viewport, Math.exp(-e.deltaY * 0.0015), px, py);
    this.apply();
  }

  private boxAt(e: { clientX: number; clientY: number }): string | null {
    const el = document.elementFromPoint(e.clientX, e.clientY);
    return (el?.closest("g.box") as SVGGElement | null)?.dataset.id ?? null;
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const target = e.target as Element;
    const toggle = target.closest("[data-toggle]") as SVGGElement | null;
    if (toggle) {
      this.callbacks.toggleCollapse(toggle.dataset.toggle ?? "");
      return;
    }
    const line = target.closest("[data-line]") as SVGPathElement | null;
    if (line) {
      this.callbacks.selectLine(Number(line.dataset.line));
      return;
    }
    const box = target.closest("g.box") as SVGGElement | null;
    try {
      // Keeps pan and drag going when the pointer leaves the chart; synthetic events
      // (tests, assistive tools) have no active pointer to capture.
      this.svg.setPointerCapture?.(e.pointerId);
    } catch {
      // Without capture the gesture still works inside the chart.
    }
    if (box) {
      this.gesture = { type: "box", id: box.dataset.id ?? "", startX: e.clientX, startY: e.clientY, dragging: false, target: null };
    } else {
      this.gesture = { type: "pan", lastX: e.clientX, lastY: e.clientY };
    }
  }

  private onMove(e: PointerEvent): void {
    const g = this.gesture;
    if (!g) return;
    if (g.type === "pan") {
      this.viewport = pan(this.viewport, e.clientX - g.lastX, e.clientY - g.lastY);
      g.lastX = e.clientX;
      g.lastY = e.clientY;
      this.apply();
      return;
    }
    if (!g.dragging && Math.hypot(e.clientX - g.startX, e.clientY - g.startY) < DRAG_THRESHOLD) return;
    g.dragging = true;
    const b = this.chart?.boxes.find((box) => box.id === g.id);
    if (b) {
      const [px, py] = this.local(e);
      const s = this.viewport.scale;
      this.ghost.style.display = "";
      this.ghost.setAttribute("x", String(px - (b.w * s) / 2));
      this.ghost.setAttribute("y", String(py - (b.h * s) / 2));
      this.ghost.setAttribute("width", String(b.w * s));
      this.ghost.setAttribute("height", String(b.h * s));
    }
    const over = this.boxAt(e);
    if (g.target !== over) {
      if (g.target) this.boxEls.get(g.target)?.classList.remove("drop-target");
      g.target = over && over !== g.id ? over : null;
      if (g.target) this.boxEls.get(g.target)?.classList.add("drop-target");
    }
  }

  private onUp(e: PointerEvent): void {
    const g = this.gesture;
    this.gesture = null;
    this.ghost.style.display = "none";
    if (!g) return;
    if (g.type === "pan") {
      // A click on the background (no real pan) clears the selection.
      return;
    }
    if (g.target) this.boxEls.get(g.target)?.classList.remove("drop-target");
    if (!g.dragging) {
      this.callbacks.select(g.id);
      return;
    }
    const over = this.boxAt(e);
    if (over && over !== g.id) this.callbacks.drop(g.id, over);
  }

  /** The chart point under a screen point, for tests and drops. */
  chartPoint(clientX: number, clientY: number): [number, number] {
    return toChart(this.viewport, ...this.local({ clientX, clientY }));
  }
}
