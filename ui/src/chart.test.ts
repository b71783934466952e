import type { BoxView } from "./bindings/BoxView";
import type { ChartView } from "./bindings/ChartView";
import { ChartCanvas, LARGE_CHART, LITE_SCALE, READABLE_FONT_PX } from "./chart";
import { sampleBox, sampleChartStyle } from "./fake-backend";

const noop = { select() {}, selectLine() {}, drop() {}, toggleCollapse() {} };

/** A grid of `count` boxes, 10 to a row, each 100×50 with a 20-unit gap. */
function grid(count: number, rename: Record<string, string> = {}): ChartView {
  const boxes: BoxView[] = Array.from({ length: count }, (_, i) => sampleBox(`n${i}`, "position", (i % 10) * 120, Math.floor(i / 10) * 70, [rename[`n${i}`] ?? `岗位 ${i}`]));
  const routes = boxes.slice(1).map((b) => ({ kind: "solid" as const, from: "n0", to: b.id, points: [[50, 50], [b.x + 50, b.y]] as [number, number][], line: null }));
  return { ...sampleChartStyle(), width: 1200, height: Math.ceil(count / 10) * 70, halfLevel: 35, fontSize: 14, smallFontSize: 11, lineHeight: 18, boxes, routes };
}

function canvas(): { chart: ChartCanvas; container: HTMLElement } {
  document.body.innerHTML = `<div id="c"></div>`;
  const container = document.getElementById("c") as HTMLElement;
  return { chart: new ChartCanvas(container, noop), container };
}

describe("chart canvas", () => {
  it("replaces only the elements of boxes that changed", () => {
    const { chart, container } = canvas();
    chart.setChart(grid(20), new Map());
    const before = [...container.querySelectorAll("g.box")];
    const route = container.querySelector('path.route[data-to="n5"]');
    chart.setSelection("n3");
    chart.setChart(grid(20, { n3: "改名" }), new Map());
    const after = [...container.querySelectorAll("g.box")];
    expect(after).toHaveLength(20);
    const changed = after.filter((el) => !before.includes(el));
    expect(changed.map((el) => el.getAttribute("data-id"))).toEqual(["n3"]);
    expect(changed[0].textContent).toContain("改名");
    expect(changed[0].classList.contains("selected")).toBe(true);
    expect(container.querySelector('path.route[data-to="n5"]')).toBe(route);
  });

  it("drops the elements of removed boxes and lines and adds new ones", () => {
    const { chart, container } = canvas();
    chart.setChart(grid(20), new Map());
    chart.setChart(grid(15), new Map());
    expect(container.querySelectorAll("g.box")).toHaveLength(15);
    expect(container.querySelectorAll("path.route")).toHaveLength(14);
    chart.setChart(grid(25), new Map());
    expect(container.querySelectorAll("g.box")).toHaveLength(25);
    expect(container.querySelector('g.box[data-id="n24"]')).not.toBeNull();
  });

  it("draws a large chart only near the view, and as plain frames from far away", async () => {
    const { chart, container } = canvas();
    const count = LARGE_CHART * 2;
    const frame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));
    chart.setChart(grid(count), new Map());
    // Zoomed out to see it whole in 800×600, the chart is too small to read: frames without text.
    while (chart.view.scale > 0.1) chart.zoom(0.8);
    await frame();
    expect(chart.view.scale).toBeLessThan(LITE_SCALE);
    expect(container.querySelectorAll("g.box")).toHaveLength(count);
    expect(container.querySelectorAll("g.box text")).toHaveLength(0);
    // Zoomed in on the first box, only its neighbourhood is drawn, with names.
    while (chart.view.scale < 1) chart.zoom(1.25);
    chart.reveal("n0");
    await frame();
    const drawn = container.querySelectorAll("g.box");
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(count / 4);
    expect(container.querySelector('g.box[data-id="n0"] text.label')?.textContent).toBe("岗位 0");
    expect(container.querySelector(`g.box[data-id="n${count - 1}"]`)).toBeNull();
  });

  it("fits a large chart no smaller than names can be read, from its head", () => {
    const { chart } = canvas();
    chart.setChart(grid(LARGE_CHART * 2), new Map());
    expect(chart.view.scale * 14).toBeCloseTo(READABLE_FONT_PX);
    // The head's box (n0, at the left of the first row) shows at the top left.
    expect(chart.view.y).toBe(16);
    expect(chart.view.x).toBeLessThanOrEqual(16);
    // A chart that fits readably is fitted whole.
    const small = canvas();
    small.chart.setChart({ ...grid(20), width: 600 }, new Map());
    expect(small.chart.view.scale).toBeGreaterThan(READABLE_FONT_PX / 14);
  });

  it("ends dotted and bypass lines in arrowheads and draws the three markers apart", () => {
    const { chart, container } = canvas();
    const view = grid(20);
    view.routes.push({ kind: "bypass", from: "n5", to: "n0", points: [[10, 80], [10, 30], [30, 30], [30, 50]], line: 0 });
    view.routes.push({ kind: "dotted", from: "n6", to: "n0", points: [[20, 80], [20, 40], [40, 40], [40, 50]], line: 1 });
    view.boxes[3] = { ...view.boxes[3], vacant: true, vacancy: { cx: 400, cy: 8, r: 3 } };
    chart.setChart(view, new Map([["n1", "error"], ["n2", "warning"]]));
    expect(container.querySelector('path.route.bypass')?.getAttribute("marker-end")).toBe("url(#chart-arrow-bypass)");
    expect(container.querySelector('path.route.dotted')?.getAttribute("marker-end")).toBe("url(#chart-arrow-dotted)");
    expect(container.querySelector("path.route.solid")?.hasAttribute("marker-end")).toBe(false);
    expect(container.querySelector("marker#chart-arrow-bypass")?.getAttribute("markerWidth")).toBe("9");
    expect(container.querySelector('g.box[data-id="n1"] circle.marker.error')).not.toBeNull();
    expect(container.querySelector('g.box[data-id="n2"] path.marker.warning')).not.toBeNull();
    expect(container.querySelector('g.box[data-id="n3"] circle.vacancy')).not.toBeNull();
    expect(container.querySelector('g.box[data-id="n3"] .marker')).toBeNull();
    // The palette reaches the page as CSS properties.
    expect(container.style.getPropertyValue("--chart-vacancy")).toBe("#7b3fb5");
    // A clicked line is marked, and the mark survives a redraw.
    chart.setLineSelection(1);
    chart.setChart(view, new Map());
    expect(container.querySelector('path.route.dotted')?.classList.contains("selected")).toBe(true);
    expect(container.querySelector('path.route.bypass')?.classList.contains("selected")).toBe(false);
  });

  it("shows a box's tooltip with its facts and problems", () => {
    document.body.innerHTML = `<div id="c"></div>`;
    const container = document.getElementById("c") as HTMLElement;
    const chart = new ChartCanvas(container, {
      ...noop,
      describe: (id) => ({ title: `Box ${id}`, facts: ["Level 2"], problems: [{ severity: "error", text: "a <problem>" }] }),
    });
    chart.setChart(grid(4), new Map());
    chart.showTip("n1", 50, 50);
    expect(chart.tip.hidden).toBe(false);
    expect(chart.tip.querySelector("strong")?.textContent).toBe("Box n1");
    expect(chart.tip.querySelector("li.error")?.textContent).toBe("a <problem>");
    chart.hideTip();
    expect(chart.tip.hidden).toBe(true);
  });
});
