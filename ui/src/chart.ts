// The chart view: draws the core's layout (boxes and routed lines, in chart units) as
// SVG, and turns pointer input into pan, zoom, selection and drag-and-drop.
//
// Each box and line is one element keyed by its markup: a plan change replaces only the
// elements whose markup changed (a rename touches one box, not 2,000). Pan and zoom
// change one transform; selection only toggles classes. A large chart (LARGE_CHART boxes
// or more) keeps only what lies in or near the view in the document, and below
// LITE_SCALE, where names are too small to read, draws its boxes without text.

import type { ChartView } from "./bindings/ChartView";
import type { BoxView } from "./bindings/BoxView";
import { type Viewport, centreOn, fit, pan, toChart, zoomAt } from "./viewport";
import { esc } from "./i18n";

export interface ChartCallbacks {
  select(id: string | null): void;
  selectLine(index: number): void;
  /** A box was dropped onto another box. */
  drop(id: string, target: string): void;
  toggleCollapse(id: string): void;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const DRAG_THRESHOLD = 5;

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

/** A box as a plain frame, for large charts seen from far away. */
function liteBoxSvg(b: BoxView, marker: string | undefined): string {
  const mark = marker ? `<circle class="marker ${marker}" cx="${b.x + 2}" cy="${b.y + 2}" r="6"/>` : "";
  return `<g class="box lite kind-${b.kind}${b.vacant ? " vacant" : ""}" data-id="${esc(b.id)}"><rect class="frame" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4"/>${mark}</g>`;
}

function routeSvg(r: ChartView["routes"][number]): string {
  const d = r.points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
  const line = r.line != null ? ` data-line="${r.line}"` : "";
  return `<path class="route ${r.kind}" data-from="${esc(r.from)}" data-to="${esc(r.to)}"${line} d="${d}"/>${r.line != null ? `<path class="route-hit"${line} d="${d}"/>` : ""}`;
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
  private markers = new Map<string, "error" | "warning">();
  /** Per box: its markup in full and as a plain frame, made when first needed. */
  private fullMarkup: (string | undefined)[] = [];
  private liteMarkup: (string | undefined)[] = [];
  /** Per route: its key (markup, numbered when repeated), markup and bounds. */
  private routeItems: { key: string; markup: string; bounds: Rect }[] = [];
  private boxEls = new Map<string, SVGGElement>();
  private viewport: Viewport = { scale: 1, x: 0, y: 0 };
  private selected: string | null = null;
  private highlighted = new Set<string>();
  private frame: number | null = null;
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

  /** Whether the chart is large enough to draw only what is near the view. */
  private get large(): boolean {
    return (this.chart?.boxes.length ?? 0) >= LARGE_CHART;
  }

  setChart(chart: ChartView, markers: Map<string, "error" | "warning">): void {
    const first = this.chart === null;
    this.chart = chart;
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
        markup = lite ? liteBoxSvg(b, marker) : boxSvg(b, chart.lineHeight, chart.fontSize, chart.smallFontSize, marker);
        cache[i] = markup;
      }
      boxes.push([b.id, markup]);
    });
    const routes: [string, string][] = this.routeItems
      .filter((r) => !area || meets(area, r.bounds))
      .map((r) => [r.key, r.markup]);
    this.routeLayer.update(routes);
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
