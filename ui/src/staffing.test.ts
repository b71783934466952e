import { App } from "./app";
import { FakeBackend, sampleSizing } from "./fake-backend";
import { barsSvg, defaultInputs, formValues, readInputs, st, staffingKeys } from "./staffing";

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

async function editing(backend = new FakeBackend()) {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  const app = new App(root, backend);
  await app.start();
  app.stop();
  (root.querySelector('.type-card[data-type="hybrid"]') as HTMLElement).click();
  await settle();
  return { app, backend, root };
}

function click(root: ParentNode, selector: string): void {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`no element ${selector}`);
  el.click();
}

function type(root: ParentNode, field: string, value: string): void {
  const input = root.querySelector<HTMLInputElement>(`input[data-field="${field}"]`);
  if (!input) throw new Error(`no field ${field}`);
  input.value = value;
  input.dispatchEvent(new Event("change"));
}

describe("staffing inputs", () => {
  it("reads the form into the core's inputs, shares as fractions", () => {
    const values = { ...formValues(defaultInputs()), slPercent: "85", slSeconds: "30", patience: "300", maxOccupancy: "" };
    const read = readInputs(values, null, "zh");
    expect(read).toEqual({
      inputs: {
        ...defaultInputs(),
        service_level: 0.85,
        threshold_secs: 30,
        patience_secs: 300,
        max_occupancy: null,
      },
    });
  });

  it("names every field that is not a number in range, in the UI language", () => {
    const values = { ...formValues(defaultInputs()), calls: "many", slPercent: "100", shrinkage: "-1" };
    expect(readInputs(values, null, "zh")).toEqual({ errors: ["每时段来电", "服务水平（%）", "损耗率（%）"] });
    expect(readInputs({ ...formValues(defaultInputs()), mode: "forecast" }, null, "en")).toEqual({ errors: ["Forecast file"] });
  });

  it("round-trips a recorded sizing through the form", () => {
    const inputs = { ...defaultInputs(), service_level: 0.925, shrinkage: 0.35, patience_secs: 240 };
    expect(readInputs(formValues(inputs), null, "en")).toEqual({ inputs });
  });

  it("has every string in both languages", () => {
    for (const key of staffingKeys) {
      expect(st(key, "zh")).not.toBe(st(key, "en"));
    }
  });
});

describe("required agents chart", () => {
  it("draws one bar per interval, scaled to the peak, the peak marked", () => {
    const svg = barsSvg(sampleSizing().intervals, "en", 300, 122);
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const bars = [...doc.querySelectorAll("rect.bar")];
    expect(bars).toHaveLength(3);
    // Plot height 122 − 16 − 22 = 84: the peak of 20 is full height, 14 is 0.7 of it.
    expect(bars.map((b) => b.getAttribute("height"))).toEqual(["58.8", "84.0", "37.8"]);
    expect(bars[1].getAttribute("class")).toBe("bar peak");
    expect(doc.querySelector("rect.peak title")?.textContent).toBe("08:30: 20");
    expect(doc.querySelector(".peak-label")?.textContent).toBe("Peak agents 20");
    expect(barsSvg([], "en")).toBe("");
  });

  it("thins the labels of a week of quarter hours so they never overlap", () => {
    const week = Array.from({ length: 672 }, (_, i) => ({
      start: `d${Math.floor(i / 96)} ${i % 96}`, calls: 10, agents: 1 + (i % 7), scheduled: 2, serviceLevel: 0.9, occupancy: 0.5,
    }));
    const doc = new DOMParser().parseFromString(barsSvg(week, "zh"), "image/svg+xml");
    expect(doc.querySelectorAll("rect.bar")).toHaveLength(672);
    const ticks = [...doc.querySelectorAll("text.tick")].map((t) => Number(t.getAttribute("x")));
    expect(ticks.length).toBeLessThan(16);
    expect(Math.min(...ticks.slice(1).map((x, i) => x - ticks[i]))).toBeGreaterThanOrEqual(44);
  });
});

describe("staffing panel", () => {
  it("opens in Chinese from the toolbar and sizes the typed inputs", async () => {
    const { root, backend } = await editing();
    click(root, "#open-staffing");
    await settle();
    const panel = root.querySelector("#staffing-panel") as HTMLElement;
    expect(panel.querySelector("h3")?.textContent).toBe("人员测算");
    expect(panel.textContent).toContain("方案尚无人员测算");
    type(panel, "slPercent", "85");
    type(panel, "slSeconds", "30");
    click(panel, "#staffing-calculate");
    await settle();
    expect(backend.sized).toEqual([{ ...defaultInputs(), service_level: 0.85, threshold_secs: 30 }]);
    expect(panel.querySelector('[data-figure="peak"]')?.textContent).toBe("20 (08:30)");
    expect(panel.querySelector('[data-figure="employ"]')?.textContent).toBe("29");
    expect(panel.querySelectorAll("svg.bars rect.bar")).toHaveLength(3);
    const rows = [...panel.querySelectorAll("table.proposal tbody tr")].map((tr) =>
      [...tr.querySelectorAll("td.num")].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ["1", "29", "+28"],
      ["1", "3", "+2"],
      ["1", "1", "="],
      ["—", "1", "图中没有"],
    ]);
  });

  it("accepts the ticked positions as one edit and shows the plan's new state", async () => {
    const { root, backend, app } = await editing();
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    // Changes are ticked, unchanged and missing positions are not; untick the team leader.
    expect(panel.chosen()).toEqual(["team", "ops"]);
    (panel.element.querySelector('input.take[data-node="ops"]') as HTMLInputElement).checked = false;
    click(panel.element, "#staffing-accept");
    await settle();
    expect(backend.calls).toContain("acceptStaffing:team");
    expect(backend.accepted[0].inputs).toEqual(defaultInputs());
    expect(panel.element.querySelector("#staffing-status")?.textContent).toBe("已采纳：测算已记入方案，可撤销");
    expect((root.querySelector("#undo") as HTMLButtonElement).disabled).toBe(false);
    expect(backend.title.startsWith("●")).toBe(true);
  });

  it("rejects without touching the plan", async () => {
    const { backend, app } = await editing();
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    click(panel.element, "#staffing-reject");
    expect(backend.calls.some((c) => c.startsWith("acceptStaffing"))).toBe(false);
    expect(panel.element.querySelector("table.proposal")).toBeNull();
    expect(panel.element.querySelector("#staffing-status")?.textContent).toBe("未采纳，方案未改动");
  });

  it("sizes a forecast picked through the open dialog, in English", async () => {
    const backend = new FakeBackend();
    backend.prefsValue = { ...backend.prefsValue, lang: "en" };
    const { app } = await editing(backend);
    const panel = await app.openStaffing();
    click(panel.element, "#pick-forecast");
    await settle();
    expect(backend.calls).toContain("loadForecast:/data/day.csv");
    expect(panel.element.querySelector("#forecast-name")?.textContent).toBe("day.csv (3 intervals)");
    click(panel.element, "#staffing-calculate");
    await settle();
    const sized = backend.sized[0];
    expect(sized.calls).toBeNull();
    expect(sized.forecast_source).toBe("day.csv");
    expect(sized.forecast.map((i) => i.start)).toEqual(["08:00", "08:30", "09:00"]);
    expect(panel.element.querySelector("h4")?.textContent).toBe("Required agents per interval");
  });

  it("fills the form from the sizing the plan holds", async () => {
    const backend = new FakeBackend();
    backend.staffing = { inputs: { ...defaultInputs(), service_level: 0.85, threshold_secs: 30 }, result: sampleSizing().result };
    const { app } = await editing(backend);
    const panel = await app.openStaffing();
    expect(panel.element.querySelector<HTMLInputElement>('input[data-field="slPercent"]')?.value).toBe("85");
    expect(panel.element.textContent).toContain("方案中已有测算：目标 85/30");
  });

  it("shows the core's error for an unstable queue", async () => {
    const backend = new FakeBackend();
    backend.sizeStaffing = async () => {
      throw { code: "staffing.unstable", message: { zh: "话务量超过坐席人数", en: "unstable queue" } };
    };
    const { root, app } = await editing(backend);
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    expect(root.querySelector<HTMLElement>("#toast")?.dataset.code).toBe("staffing.unstable");
    expect(panel.element.querySelector("table.proposal")).toBeNull();
  });
});
