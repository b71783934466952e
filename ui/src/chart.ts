// The chart view: draws the core's layout (boxes and routed lines, in chart units) as
// SVG, and turns pointer input into pan, zoom, selection and drag-and-drop.
//
// Each box and line is one element keyed by its markup: a plan change replaces only the
// elements whose markup changed (a rename touches one box, not 2,000). Pan and zoom
// change one transform; selection only toggles classes. A large chart (LARGE_CHART boxes
// or more) keeps only what lies in or near the view in the document, and below
// LITE_SCALE, where names are too small to read, draws its boxes without text.
//
// Where each part of a box goes and the chart's colours come from the core with the
// layout (`BoxView`'s parts, `ChartView.palette`), as the SVG export draws them: nothing
// of the drawing is copied here.

import type { ChartView } from "./bindings/ChartView";
import type { BoxView } from "./bindings/BoxView";
import type { CircleView } from "./bindings/CircleView";
import type { PaletteView } from "./bindings/PaletteView";
import type { Severity } from "./bindings/Severity";
import { type Viewport, centreOn, fit, pan, toChart, zoomAt } from "./viewport";
import { esc } from "./i18n";

/** What a box's tooltip says: its name, facts, and the problems validation found. */
export interface BoxTip {
  title: string;
  facts: string[];
  problems: { severity: Severity; text: string }[];
}

export interface ChartCallbacks {
  select(id: string | null): void;
  selectLine(index: number): void;
  /** A box was dropped onto another box. */
  drop(id: string, target: string): void;
  toggleCollapse(id: string): void;
  /** The tooltip of a box, asked for when the pointer rests on it. */
  describe?(id: string): BoxTip | null;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const DRAG_THRESHOLD = 5;
/** How long the pointer rests on a box before its tooltip shows, in ms. */
const TIP_DELAY = 350;
/** Names smaller than this on screen (px) are not readable; "fit" does not go below it. */
export const READABLE_FONT_PX = 9;

/** The error (a filled disc) or warning (a triangle) marker in a box's top left corner. */
function markerSvg(at: CircleView, marker: string | undefined): string {
  if (marker === "error") return `<circle class="marker error" cx="${at.cx}" cy="${at.cy}" r="${at.r}"/>`;
  if (marker === "warning") {
    const { cx, cy, r } = at;
    return `<path class="marker warning" d="M${cx} ${cy - r * 1.15} L${cx + r * 1.1} ${cy + r * 0.75} L${cx - r * 1.1} ${cy + r * 0.75} Z"/>`;
  }
  return "";
}

function boxSvg(b: BoxView, chart: ChartView, marker: string | undefined): string {
  const cx = b.centerX;
  const label = b.label
    .map((line, i) => `<text class="label" x="${cx}" y="${b.labelBaselines[i]}" font-size="${chart.fontSize}">${esc(line)}</text>`)
    .join("");
  const vacancy = b.vacancy
    ? `<circle class="vacancy" cx="${b.vacancy.cx}" cy="${b.vacancy.cy}" r="${b.vacancy.r}" stroke-width="${chart.vacancyStroke}"/>`
    : "";
  let hidden = "";
  if (b.collapsed) {
    const p = b.collapsed;
    hidden = `<g class="toggle" data-toggle="${esc(b.id)}"><rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" rx="${p.h / 2}"/><text x="${cx}" y="${p.baseline}" font-size="${chart.smallFontSize}">${esc(p.text)}</text></g>`;
  }
  return `<g class="box kind-${b.kind}${b.vacant ? " vacant" : ""}" data-id="${esc(b.id)}"><rect class="frame" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${chart.cornerRadius}"/>${label}<text class="headcount" x="${cx}" y="${b.headcountBaseline}" font-size="${chart.smallFontSize}">${esc(b.headcount)}</text>${vacancy}${markerSvg(b.diagnostic, marker)}${hidden}</g>`;
}

/** A box as a plain frame, for large charts seen from far away. */
function liteBoxSvg(b: BoxView, chart: ChartView, marker: string | undefined): string {
  return `<g class="box lite kind-${b.kind}${b.vacant ? " vacant" : ""}" data-id="${esc(b.id)}"><rect class="frame" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${chart.cornerRadius}"/>${markerSvg(b.diagnostic, marker)}</g>`;
}

function routeSvg(r: ChartView["routes"][number]): string {
  const d = r.points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
  const line = r.line != null ? ` data-line="${r.line}"` : "";
  // Dotted and bypass lines end in an arrowhead at the box that receives the report.
  const arrow = r.kind === "solid" ? "" : ` marker-end="url(#chart-arrow-${r.kind})"`;
  return `<path class="route ${r.kind}" data-from="${esc(r.from)}" data-to="${esc(r.to)}"${line}${arrow} d="${d}"/>${r.line != null ? `<path class="route-hit"${line} d="${d}"/>` : ""}`;
}

/** The arrowheads, sized in chart units by the core (as in the SVG export). */
function arrowDefs(size: number): string {
  return (["dotted", "bypass"] as const)
    .map(
      (kind) =>
        `<marker id="chart-arrow-${kind}" class="arrow ${kind}" viewBox="0 0 8 8" refX="7" refY="4" markerUnits="userSpaceOnUse" markerWidth="${size}" markerHeight="${size}" orient="auto"><path d="M0,0 L8,4 L0,8 z"/></marker>`,
    )
    .join("");
}

/** The palette as CSS custom properties (`--chart-unit-fill`, …), for the chart and its legend. */
export function applyPalette(el: HTMLElement, palette: PaletteView): void {
  for (const [key, value] of Object.entries(palette)) {
    el.style.setProperty(`--chart-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
  }
}

/** From this many boxes on, the chart draws only what is in or near the view. */
export const LARGE_CHART = 400;
/** Below this zoom a large chart draws its boxes as plain frames. */
export const LITE_SCALE = 0.35;
/** How far past the view's edges (as a share of its size) boxes are still drawn. */
const VIEW_MARGIN = 0.5;

/** A rectangle in chart units. */
interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function meets(a: Rect, b: Rect): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

/**
 * Keeps the children of one SVG group equal to a list of (key, markup) items, touching
 * only what changed: items whose key and markup were already drawn keep their element.
 */
class KeyedLayer {
  private drawn = new Map<string, { markup: string; els: Element[] }>();

  constructor(readonly group: SVGGElement) {}

  /** The first element drawn for `key`, if it is drawn. */
  element(key: string): Element | undefined {
    return this.drawn.get(key)?.els[0];
  }

  /** Draws exactly `items`; returns the keys whose elements are new. */
  update(items: [string, string][]): string[] {
    const wanted = new Set<string>();
    const fresh: [string, string][] = [];
    for (const [key, markup] of items) {
      wanted.add(key);
      if (this.drawn.get(key)?.markup !== markup) fresh.push([key, markup]);
    }
    const stale = new Set(fresh.map(([key]) => key));
    for (const [key, entry] of this.drawn) {
      if (!wanted.has(key) || stale.has(key)) {
        for (const el of entry.els) el.remove();
        this.drawn.delete(key);
      }
    }
    if (fresh.length) {
      // One parse for all new elements; each item is marked so its elements can be told apart.
      const parse = document.createElementNS(SVG_NS, "g");
      parse.innerHTML = fresh.map(([, markup]) => `<g data-item="">${markup}</g>`).join("");
      const wrappers = Array.from(parse.children);
      const fragment = document.createDocumentFragment();
      fresh.forEach(([key, markup], i) => {
        const els = Array.from(wrappers[i]?.children ?? []);
        fragment.append(...els);
        this.drawn.set(key, { markup, els });
      });
      this.group.append(fragment);
    }
    return fresh.map(([key]) => key);
  }

  clear(): void {
    this.group.replaceChildren();
    this.drawn.clear();
  }
}

export class ChartCanvas {
  readonly svg: SVGSVGElement;
  private world: SVGGElement;
  private routeLayer: KeyedLayer;
  private boxLayer: KeyedLayer;
  private ghost: SVGRectElement;
  private chart: ChartView | null = null;
  private markers = new Map<string, Severity>();
  /** Per box: its markup in full and as a plain frame, made when first needed. */
  private fullMarkup: (string | undefined)[] = [];
  private liteMarkup: (string | undefined)[] = [];
  /** Per route: its key (markup, numbered when repeated), markup and bounds. */
  private routeItems: { key: string; markup: string; bounds: Rect }[] = [];
  private boxEls = new Map<string, SVGGElement>();
  private viewport: Viewport = { scale: 1, x: 0, y: 0 };
  private selected: string | null = null;
  private selectedLine: number | null = null;
  private highlighted = new Set<string>();
  private defs: SVGDefsElement;
  private arrowSize = 0;
  /** The tooltip of the box under the pointer, and the timer that shows it. */
  readonly tip: HTMLElement;
  private tipFor: string | null = null;
  private tipTimer: ReturnType<typeof setTimeout> | null = null;
  private frame: number | null = null;
  private gesture:
    | { type: "pan"; lastX: number; lastY: number }
    | { type: "box"; id: string; startX: number; startY: number; dragging: boolean; target: string | null }
    | null = null;

  constructor(
    private container: HTMLElement,
    private callbacks: ChartCallbacks,
  ) {
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.classList.add("chart");
    this.defs = document.createElementNS(SVG_NS, "defs");
    this.world = document.createElementNS(SVG_NS, "g");
    const routes = document.createElementNS(SVG_NS, "g");
    routes.classList.add("routes");
    const boxes = document.createElementNS(SVG_NS, "g");
    boxes.classList.add("boxes");
    this.world.append(routes, boxes);
    this.routeLayer = new KeyedLayer(routes);
    this.boxLayer = new KeyedLayer(boxes);
    this.ghost = document.createElementNS(SVG_NS, "rect");
    this.ghost.classList.add("ghost");
    this.ghost.style.display = "none";
    this.svg.append(this.defs, this.world, this.ghost);
    this.tip = document.createElement("div");
    this.tip.className = "chart-tip";
    this.tip.setAttribute("role", "tooltip");
    this.tip.hidden = true;
    container.append(this.svg, this.tip);
    this.svg.addEventListener("pointerover", (e) => this.onOver(e));
    this.svg.addEventListener("pointerleave", () => this.hideTip());
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

  /** Whether the chart is large enough to draw only what is near the view. */
  private get large(): boolean {
    return (this.chart?.boxes.length ?? 0) >= LARGE_CHART;
  }

  setChart(chart: ChartView, markers: Map<string, Severity>): void {
    const first = this.chart === null;
    this.chart = chart;
    applyPalette(this.container, chart.palette);
    if (this.arrowSize !== chart.arrowSize) {
      this.arrowSize = chart.arrowSize;
      this.defs.innerHTML = arrowDefs(chart.arrowSize);
    }
    this.markers = markers;
    this.fullMarkup = new Array(chart.boxes.length);
    this.liteMarkup = new Array(chart.boxes.length);
    const seen = new Map<string, number>();
    this.routeItems = chart.routes.map((r) => {
      const markup = routeSvg(r);
      const n = seen.get(markup) ?? 0;
      seen.set(markup, n + 1);
      const xs = r.points.map((p) => p[0]);
      const ys = r.points.map((p) => p[1]);
      const bounds = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
      return { key: n ? `${markup}#${n}` : markup, markup, bounds };
    });
    if (first) this.fit();
    else this.apply();
    this.draw();
  }

  /** The part of the chart to draw, in chart units; everything for a small chart. */
  private drawnArea(): Rect | null {
    if (!this.large) return null;
    const [w, h] = this.size();
    const [x0, y0] = toChart(this.viewport, -w * VIEW_MARGIN, -h * VIEW_MARGIN);
    const [x1, y1] = toChart(this.viewport, w * (1 + VIEW_MARGIN), h * (1 + VIEW_MARGIN));
    return { x0, y0, x1, y1 };
  }

  /** Brings the document in line with the chart, the view and the zoom level. */
  private draw(): void {
    const chart = this.chart;
    if (!chart) return;
    const area = this.drawnArea();
    const lite = this.large && this.viewport.scale < LITE_SCALE;
    const boxes: [string, string][] = [];
    chart.boxes.forEach((b, i) => {
      if (area && !meets(area, { x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h })) return;
      const cache = lite ? this.liteMarkup : this.fullMarkup;
      let markup = cache[i];
      if (markup === undefined) {
        const marker = this.markers.get(b.id);
        markup = lite ? liteBoxSvg(b, chart, marker) : boxSvg(b, chart, marker);
        cache[i] = markup;
      }
      boxes.push([b.id, markup]);
    });
    const routes: [string, string][] = this.routeItems
      .filter((r) => !area || meets(area, r.bounds))
      .map((r) => [r.key, r.markup]);
    this.routeLayer.update(routes);
    this.markLine();
    const fresh = this.boxLayer.update(boxes);
    for (const id of this.boxEls.keys()) {
      if (!this.boxLayer.element(id)) this.boxEls.delete(id);
    }
    for (const id of fresh) {
      const el = this.boxLayer.element(id) as SVGGElement | undefined;
      if (!el) continue;
      this.boxEls.set(id, el);
      if (id === this.selected) el.classList.add("selected");
      if (this.highlighted.has(id)) el.classList.add("match");
    }
  }

  /** Redraws at the next frame (pan and zoom of a large chart). */
  private scheduleDraw(): void {
    if (!this.large || this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  setSelection(id: string | null): void {
    if (this.selected) this.boxEls.get(this.selected)?.classList.remove("selected");
    this.selected = id;
    if (id) this.boxEls.get(id)?.classList.add("selected");
  }

  /** Marks the drawn line of plan line `index` (or none) as selected. */
  setLineSelection(index: number | null): void {
    this.selectedLine = index;
    this.markLine();
  }

  private markLine(): void {
    for (const el of this.svg.querySelectorAll("path.route.selected")) el.classList.remove("selected");
    if (this.selectedLine === null) return;
    for (const el of this.svg.querySelectorAll(`path.route[data-line="${this.selectedLine}"]`)) el.classList.add("selected");
  }

  setHighlights(ids: string[]): void {
    for (const id of this.highlighted) this.boxEls.get(id)?.classList.remove("match");
    this.highlighted = new Set(ids);
    for (const id of ids) this.boxEls.get(id)?.classList.add("match");
  }

  private apply(): void {
    const v = this.viewport;
    this.world.setAttribute("transform", `translate(${v.x} ${v.y}) scale(${v.scale})`);
    this.scheduleDraw();
  }

  /**
   * Fits the chart into the view, but never so small that names cannot be read: a chart
   * too large for that shows its top, centred on its first box (the head of the center),
   * at the smallest readable zoom; zoom out for the whole.
   */
  fit(): void {
    if (!this.chart) return;
    const [w, h] = this.size();
    const whole = fit(this.chart.width, this.chart.height, w, h);
    const readable = Math.min(1, READABLE_FONT_PX / this.chart.fontSize);
    if (whole.scale >= readable) {
      this.viewport = whole;
    } else {
      const head = this.chart.boxes[0];
      const scale = readable;
      const centreX = head ? head.x + head.w / 2 : this.chart.width / 2;
      const x = Math.min(16, Math.max(w - 16 - this.chart.width * scale, w / 2 - centreX * scale));
      this.viewport = { scale, x, y: 16 };
    }
    this.apply();
  }

  private onOver(e: PointerEvent): void {
    const box = (e.target as Element).closest?.("g.box") as SVGGElement | null;
    const id = box?.dataset.id ?? null;
    if (id === this.tipFor) return;
    this.hideTip();
    if (!id || this.gesture) return;
    this.tipFor = id;
    const { clientX, clientY } = e;
    this.tipTimer = setTimeout(() => this.showTip(id, clientX, clientY), TIP_DELAY);
  }

  /** Shows the tooltip of box `id` near the screen point (clientX, clientY). */
  showTip(id: string, clientX: number, clientY: number): void {
    const tip = this.callbacks.describe?.(id);
    if (!tip) return;
    this.tipFor = id;
    const problems = tip.problems.map((p) => `<li class="${p.severity}">${esc(p.text)}</li>`).join("");
    this.tip.innerHTML = `<strong>${esc(tip.title)}</strong>${tip.facts.map((f) => `<div>${esc(f)}</div>`).join("")}${problems ? `<ul>${problems}</ul>` : ""}`;
    this.tip.dataset.id = id;
    this.tip.hidden = false;
    const area = this.container.getBoundingClientRect();
    const [px, py] = [clientX - area.left, clientY - area.top];
    const width = this.tip.offsetWidth || 240;
    const height = this.tip.offsetHeight || 80;
    this.tip.style.left = `${Math.max(4, Math.min(px + 14, area.width - width - 4))}px`;
    this.tip.style.top = `${py + 18 + height > area.height ? Math.max(4, py - height - 10) : py + 18}px`;
  }

  hideTip(): void {
    if (this.tipTimer !== null) clearTimeout(this.tipTimer);
    this.tipTimer = null;
    this.tipFor = null;
    this.tip.hidden = true;
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
    this.hideTip();
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
    this.hideTip();
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
