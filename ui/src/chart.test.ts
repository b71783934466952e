import type { BoxView } from "./bindings/BoxView";
import type { ChartView } from "./bindings/ChartView";
import { ChartCanvas, LARGE_CHART, LITE_SCALE } from "./chart";

const noop = { select() {}, selectLine() {}, drop() {}, toggleCollapse() {} };

/** A grid of `count` boxes, 10 to a row, each 100×50 with a 20-unit gap. */
function grid(count: number, rename: Record<string, string> = {}): ChartView {
  const boxes: BoxView[] = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    kind: "position",
    x: (i % 10) * 120,
    y: Math.floor(i / 10) * 70,
    w: 100,
    h: 50,
    label: [rename[`n${i}`] ?? `岗位 ${i}`],
    headcount: "1/1",
    vacant: false,
    hidden: null,
  }));
  const routes = boxes.slice(1).map((b) => ({ kind: "solid" as const, from: "n0", to: b.id, points: [[50, 50], [b.x + 50, b.y]] as [number, number][], line: null }));
  return { width: 1200, height: Math.ceil(count / 10) * 70, halfLevel: 35, fontSize: 14, smallFontSize: 11, lineHeight: 18, boxes, routes };
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

  it("draws a large chart only near the view, and as plain frames from far away", () => {
    const { chart, container } = canvas();
    const count = LARGE_CHART * 2;
    chart.setChart(grid(count), new Map());
    // Fitted into 800×600 the whole chart shows, too small to read: frames without text.
    expect(chart.view.scale).toBeLessThan(LITE_SCALE);
    expect(container.querySelectorAll("g.box")).toHaveLength(count);
    expect(container.querySelectorAll("g.box text")).toHaveLength(0);
    // Zoomed in on the first box, only its neighbourhood is drawn, with names.
    while (chart.view.scale < 1) chart.zoom(1.25);
    chart.reveal("n0");
    return new Promise<void>((done) =>
      requestAnimationFrame(() => {
        const drawn = container.querySelectorAll("g.box");
        expect(drawn.length).toBeGreaterThan(0);
        expect(drawn.length).toBeLessThan(count / 4);
        expect(container.querySelector('g.box[data-id="n0"] text.label')?.textContent).toBe("岗位 0");
        expect(container.querySelector(`g.box[data-id="n${count - 1}"]`)).toBeNull();
        done();
      }),
    );
  });
});
