import { render } from "lit-html";
import { App } from "./app";
import type { ProposalRow } from "./bindings/ProposalRow";
import { FakeBackend, sampleSizing } from "./fake-backend";
import {
  bars, columns, defaultInputs, defaultTicks, formValues, namedRisk, readInputs, risks, shrinkageCauses, st, staffingKeys,
} from "./staffing";

/** The bars drawn into a detached element, to read back. */
function drawBars(...args: Parameters<typeof bars>): HTMLElement {
  const host = document.createElement("div");
  render(bars(...args), host);
  return host;
}

/** A proposal row with the fields a test does not care about filled in. */
function row(node: string, current: number | null, filled: number | null, proposed: number): ProposalRow {
  return {
    role: "csr", node, name: current === null ? null : { zh: `${node}-zh`, en: `${node}-en` },
    current, filled, proposed, difference: current === null ? null : proposed - current,
  };
}

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
  input.dispatchEvent(new Event("input"));
}

describe("staffing inputs", () => {
  it("reads the form into the core's inputs, shares as fractions", () => {
    const values = { ...formValues(defaultInputs()), slPercent: "85", slSeconds: "30", patience: "300", maxOccupancy: "" };
    const read = readInputs(values, null, "zh");
    expect(read).toEqual({
      inputs: {
        ...defaultInputs(),
        serviceLevel: 0.85,
        thresholdSecs: 30,
        patienceSecs: 300,
        maxOccupancy: null,
      },
    });
  });

  it("names every field that is not a number in range, in the UI language", () => {
    const values = { ...formValues(defaultInputs()), calls: "many", slPercent: "100", shrinkage: "-1" };
    expect(readInputs(values, null, "zh")).toEqual({ errors: ["每时段来电", "服务水平（%）", "损耗率（%）"] });
    expect(readInputs({ ...formValues(defaultInputs()), mode: "forecast" }, null, "en")).toEqual({ errors: ["Forecast file"] });
  });

  it("round-trips a recorded sizing through the form", () => {
    const inputs = { ...defaultInputs(), serviceLevel: 0.925, shrinkage: 0.35, patienceSecs: 240 };
    expect(readInputs(formValues(inputs), null, "en")).toEqual({ inputs });
  });

  it("reads shrinkage by cause, only the causes filled in, in the core's order", () => {
    const values = { ...formValues(defaultInputs()), "cause-breaks": "8", "cause-annual-leave": "6", "cause-sick-leave": " 3 " };
    const read = readInputs(values, null, "en");
    expect("inputs" in read && read.inputs.shrinkageCauses).toEqual([
      { cause: "annual-leave", share: 0.06 },
      { cause: "sick-leave", share: 0.03 },
      { cause: "breaks", share: 0.08 },
    ]);
    expect(readInputs({ ...values, "cause-other": "95" }, null, "en")).toEqual({ errors: ["Other (unplanned)"] });
    const inputs = { ...defaultInputs(), shrinkageCauses: [{ cause: "training" as const, share: 0.045 }] };
    expect(readInputs(formValues(inputs), null, "en")).toEqual({ inputs });
    expect(new Set(shrinkageCauses).size).toBe(8);
  });

  it("has every string in both languages", () => {
    for (const key of staffingKeys) {
      expect(st(key, "zh")).not.toBe(st(key, "en"));
    }
  });
});

describe("required agents chart", () => {
  it("draws one bar per interval, scaled to the peak, the peak marked", () => {
    const doc = drawBars(columns(sampleSizing()), "en", 300, 122);
    const drawn = [...doc.querySelectorAll("rect.bar")];
    expect(drawn).toHaveLength(3);
    // Plot height 122 − 16 − 22 = 84: the peak of 20 is full height, 14 is 0.7 of it.
    expect(drawn.map((b) => b.getAttribute("height"))).toEqual(["58.8", "84.0", "37.8"]);
    expect(drawn[1].getAttribute("class")).toBe("bar voice peak");
    expect(doc.querySelector("rect.peak title")?.textContent).toBe("08:30: 20");
    expect(doc.querySelector(".peak-label")?.textContent).toBe("Agents at peak 20");
    expect(drawBars([], "en").querySelector("svg")).toBeNull();
  });

  it("thins the labels of a week of quarter hours so they never overlap", () => {
    const week = Array.from({ length: 672 }, (_, i) => ({
      start: `d${Math.floor(i / 96)} ${i % 96}`, parts: [{ channel: "voice" as const, agents: 1 + (i % 7) }],
    }));
    const doc = drawBars(week, "zh");
    expect(doc.querySelectorAll("rect.bar")).toHaveLength(672);
    const ticks = [...doc.querySelectorAll("text.tick")].map((t) => Number(t.getAttribute("x")));
    expect(ticks.length).toBeLessThan(16);
    expect(Math.min(...ticks.slice(1).map((x, i) => x - ticks[i]))).toBeGreaterThanOrEqual(44);
  });

  it("stacks the channels of an interval and marks the busiest interval by their sum", () => {
    const view = sampleSizing();
    view.timeline = ["08:00", "08:30"];
    view.result.channels = [
      { channel: "voice", intervalAgents: [10, 6], peakAgents: 10, agentHours: 8, backlog: 0 },
      { channel: "chat", intervalAgents: [2, 4], peakAgents: 4, agentHours: 3, backlog: 0 },
      { channel: "email", intervalAgents: [0, 5], peakAgents: 5, agentHours: 2.5, backlog: 12.5 },
    ];
    const doc = drawBars(columns(view), "en", 300, 122);
    // 08:00 has 12 (the email part of 0 is not drawn), 08:30 has 15: the peak.
    const first = [...doc.querySelectorAll('rect.bar[data-index="0"]')];
    const second = [...doc.querySelectorAll('rect.bar[data-index="1"]')];
    expect(first.map((r) => r.getAttribute("class"))).toEqual(["bar voice", "bar chat"]);
    expect(second.map((r) => r.getAttribute("class"))).toEqual(["bar voice peak", "bar chat peak", "bar email peak"]);
    // Plot height 84 for a peak of 15: the parts stack without gaps from the baseline.
    const heights = second.map((r) => Number(r.getAttribute("height")));
    expect(heights.reduce((a, b) => a + b, 0)).toBeCloseTo(84, 5);
    expect(Number(second[1].getAttribute("y")) + heights[1]).toBeCloseTo(Number(second[0].getAttribute("y")), 5);
    expect(doc.querySelector(".peak-label")?.textContent).toBe("Agents at peak 15");
    expect([...doc.querySelectorAll(".key-label")].map((t) => t.textContent)).toEqual(["Voice", "Chat", "Email"]);
    expect(second[2].querySelector("title")?.textContent).toBe("08:30 Email: 5");
  });

  it("escapes an interval label by construction", () => {
    const doc = drawBars([{ start: "<b>8</b>", parts: [{ channel: "voice", agents: 1 }] }], "en");
    expect(doc.querySelector("b")).toBeNull();
    expect(doc.querySelector("text.tick")?.textContent).toBe("<b>8</b>");
  });
});

describe("staffing defaults", () => {
  it("ticks increases only: never a cut, an unchanged row, a missing position or a conflict", () => {
    const proposal = [
      row("up", 3, 3, 5),
      row("cut", 120, 90, 20),
      row("same", 2, 2, 2),
      row("missing", null, null, 1),
      // Planned up from 3 to 4, but 6 are in post: still more people than planned.
      row("still-over", 3, 6, 4),
    ];
    expect([...defaultTicks(proposal)]).toEqual(["up"]);
  });

  it("says what a cut and a conflict do, in both languages", () => {
    const cut = row("csr", 120, 90, 20);
    expect(risks(cut, "en")).toEqual(["cuts the planned headcount from 120 to 20 (-100)", "leaves 90 in post, more than the 20 planned"]);
    expect(risks(cut, "zh")).toEqual(["编制由 120 减为 20（-100）", "在岗 90 人，多于编制 20 人"]);
    expect(namedRisk(cut, risks(cut, "en")[0], "en")).toBe("csr-en: cuts the planned headcount from 120 to 20 (-100)");
    expect(namedRisk(cut, risks(cut, "zh")[1], "zh")).toBe("csr-zh：在岗 90 人，多于编制 20 人");
    expect(risks(row("up", 3, 3, 5), "en")).toEqual([]);
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
    expect(backend.sized).toEqual([{ ...defaultInputs(), serviceLevel: 0.85, thresholdSecs: 30 }]);
    expect(panel.querySelector('[data-figure="peak"]')?.textContent).toBe("20 (08:30)");
    expect(panel.querySelector('[data-figure="employ"]')?.textContent).toBe("29");
    expect(panel.querySelectorAll("svg.bars rect.bar")).toHaveLength(3);
    const rows = [...panel.querySelectorAll("table.proposal tbody tr")].map((tr) =>
      [...tr.querySelectorAll("td.num")].map((td) => td.textContent),
    );
    // Planned now, filled now, proposed, change.
    expect(rows).toEqual([
      ["1", "1", "29", "+28"],
      ["1", "1", "3", "+2"],
      ["1", "1", "1", "="],
      ["—", "—", "1", "图中没有"],
    ]);
  });

  it("accepts the ticked positions as one edit and shows the plan's new state", async () => {
    const { root, backend, app } = await editing();
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    // Changes are ticked, unchanged and missing positions are not; untick the team leader.
    expect(panel.chosen()).toEqual(["team", "ops"]);
    click(panel.element, 'input.take[data-node="ops"]');
    expect(panel.chosen()).toEqual(["team"]);
    click(panel.element, "#staffing-accept");
    await settle();
    expect(backend.calls).toContain("acceptStaffing:team");
    expect(backend.accepted[0].inputs).toEqual(defaultInputs());
    expect(panel.element.querySelector("#staffing-status")?.textContent).toBe("已采纳：测算已记入方案，可撤销");
    expect((root.querySelector("#undo") as HTMLButtonElement).disabled).toBe(false);
    expect(backend.title.startsWith("●")).toBe(true);
  });

  it("asks for chat and email settings only for a forecast that has them, and shows each channel's part", async () => {
    const { backend, app } = await editing();
    const panel = await app.openStaffing();
    click(panel.element, "#pick-forecast");
    await settle();
    // The sample forecast is voice only: no chat or email settings.
    expect(panel.element.querySelector("#staffing-channels")).toBeNull();
    backend.loadForecast = async (path: string) => ({
      source: path,
      intervals: [
        { start: "08:00", calls: 100, ahtSecs: null, channel: "voice" },
        { start: "08:00", calls: 30, ahtSecs: null, channel: "chat" },
        { start: "08:00", calls: 50, ahtSecs: null, channel: "email" },
      ],
    });
    click(panel.element, "#pick-forecast");
    await settle();
    const fields = panel.element.querySelector("#staffing-channels") as HTMLElement;
    expect(fields.querySelector("legend")?.textContent).toBe("在线文字与邮件");
    type(fields, "chatConcurrency", "3");
    type(fields, "chatAht", "600");
    type(fields, "emailAht", "300");
    type(fields, "emailHours", "8");
    backend.sizing = {
      ...sampleSizing(),
      timeline: ["08:00"],
      result: {
        ...sampleSizing().result,
        intervalAgents: [30],
        channels: [
          { channel: "voice", intervalAgents: [14], peakAgents: 14, agentHours: 7, backlog: 0 },
          { channel: "chat", intervalAgents: [6], peakAgents: 6, agentHours: 3, backlog: 0 },
          { channel: "email", intervalAgents: [10], peakAgents: 10, agentHours: 5, backlog: 12.25 },
        ],
      },
    };
    click(panel.element, "#staffing-calculate");
    await settle();
    const sent = backend.sized[backend.sized.length - 1];
    expect(sent.chat).toEqual({ concurrency: 3, ahtSecs: 600, serviceLevel: 0.8, thresholdSecs: 60 });
    expect(sent.email).toEqual({ ahtSecs: 300, share: 0.9, withinHours: 8 });
    expect(sent.forecast.map((i) => i.channel)).toEqual(["voice", "chat", "email"]);
    const table = [...panel.element.querySelectorAll("#staffing-channel-table tbody tr")].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim()),
    );
    expect(table).toEqual([
      ["语音", "14", "7", "—"],
      ["在线文字", "6", "3", "—"],
      ["邮件/工单", "10", "5", "12.3"],
    ]);
    expect(panel.element.querySelectorAll("svg.bars.stacked rect.bar:not(.key)")).toHaveLength(3);
  });

  it("sends shrinkage by cause and sets the total field aside while causes are given", async () => {
    const { backend, app } = await editing();
    const panel = await app.openStaffing();
    const total = () => panel.element.querySelector<HTMLInputElement>('input[data-field="shrinkage"]') as HTMLInputElement;
    expect(total().disabled).toBe(false);
    type(panel.element, "cause-breaks", "8");
    type(panel.element, "cause-sick-leave", "3");
    expect(total().disabled).toBe(true);
    click(panel.element, "#staffing-calculate");
    await settle();
    expect(backend.sized[backend.sized.length - 1].shrinkageCauses).toEqual([
      { cause: "sick-leave", share: 0.03 },
      { cause: "breaks", share: 0.08 },
    ]);
    type(panel.element, "cause-breaks", "");
    type(panel.element, "cause-sick-leave", "");
    expect(total().disabled).toBe(false);
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
    expect(sized.forecastSource).toBe("day.csv");
    expect(sized.forecast.map((i) => i.start)).toEqual(["08:00", "08:30", "09:00"]);
    expect(panel.element.querySelector("h4")?.textContent).toBe("Required agents per interval");
  });

  it("fills the form from the sizing the plan holds", async () => {
    const backend = new FakeBackend();
    backend.staffing = { inputs: { ...defaultInputs(), serviceLevel: 0.85, thresholdSecs: 30 }, result: sampleSizing().result };
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

  it("shows the chart's names, not ids, and explains its figures in both languages", async () => {
    const { app } = await editing();
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    const names = [...panel.element.querySelectorAll("table.proposal td.position")].map((td) => td.textContent?.trim());
    expect(names).toEqual(["班组 客户服务代表", "运营部 主管", "质量管理 质检专员", "培训师"]);
    expect(panel.element.querySelector("table.proposal code")).toBeNull();
    const notes = () => [...panel.element.querySelectorAll(".figure-note")].map((p) => (p as HTMLElement).dataset.note);
    expect(notes()).toEqual(["peak", "scheduledPeak", "fte", "employ"]);
    expect(panel.element.querySelector('[data-note="peak"]')?.textContent).toContain("最忙时段");
    expect(panel.element.querySelector('[data-note="employ"]')?.textContent).toContain("向上取整");
    // A position the chart lacks cannot be ticked, and says why.
    const missing = panel.element.querySelector<HTMLInputElement>('input.take[data-node="trainer"]');
    expect(missing?.disabled).toBe(true);
    expect(missing?.title).toBe(st("missingReason", "zh"));
    panel.close();
    await app.toggleLang();
    const english = await app.openStaffing();
    expect(english.element.querySelector('[data-note="scheduledPeak"]')?.textContent).toContain("plus shrinkage");
    expect(english.element.querySelector("table.proposal td.position")?.textContent?.trim()).toBe("Team CSR");
  });

  it("ticks no cut, marks a cut and a conflict, and lists them for confirmation before applying", async () => {
    const backend = new FakeBackend();
    backend.sizing = {
      ...sampleSizing(),
      proposal: [
        { role: "csr", node: "team", name: { zh: "班组", en: "Team" }, current: 120, filled: 90, proposed: 20, difference: -100 },
        { role: "team-leader", node: "ops", name: { zh: "运营部", en: "Operations" }, current: 1, filled: 1, proposed: 2, difference: 1 },
      ],
    };
    backend.prefsValue = { ...backend.prefsValue, lang: "en" };
    const { app } = await editing(backend);
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    const el = panel.element;
    expect(panel.chosen()).toEqual(["ops"]);
    expect(el.querySelector<HTMLInputElement>('input.take[data-node="team"]')?.checked).toBe(false);
    const cutRow = el.querySelector('tr[data-node="team"]') as HTMLElement;
    expect(cutRow.className).toBe("down conflict");
    expect([...cutRow.querySelectorAll(".risk div")].map((d) => d.textContent)).toEqual([
      "cuts the planned headcount from 120 to 20 (-100)",
      "leaves 90 in post, more than the 20 planned",
    ]);
    // Ticked on purpose: Accept shows what it will do and applies nothing yet.
    click(el, 'input.take[data-node="team"]');
    click(el, "#staffing-accept");
    await settle();
    expect(backend.calls.some((c) => c.startsWith("acceptStaffing"))).toBe(false);
    const confirm = el.querySelector("#staffing-confirm") as HTMLElement;
    expect(confirm.textContent).toContain("Accepting the ticked rows will:");
    expect([...confirm.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Team: cuts the planned headcount from 120 to 20 (-100)",
      "Team: leaves 90 in post, more than the 20 planned",
    ]);
    expect(document.activeElement?.id).toBe("staffing-back");
    click(el, "#staffing-back");
    expect(el.querySelector("#staffing-confirm")).toBeNull();
    click(el, "#staffing-accept");
    click(el, "#staffing-apply-anyway");
    await settle();
    expect(backend.calls).toContain("acceptStaffing:team,ops");
  });

  it("applies increases at once, without a confirmation", async () => {
    const { backend, app } = await editing();
    const panel = await app.openStaffing();
    click(panel.element, "#staffing-calculate");
    await settle();
    click(panel.element, "#staffing-accept");
    await settle();
    expect(panel.element.querySelector("#staffing-confirm")).toBeNull();
    expect(backend.calls).toContain("acceptStaffing:team,ops");
  });

  it("closes with Esc and keeps its inputs for the next opening", async () => {
    const { root, app } = await editing();
    await app.openStaffing();
    const panel = root.querySelector("#staffing-panel") as HTMLElement;
    type(panel, "slPercent", "92");
    type(panel, "calls", "240");
    click(panel, 'input[name="mode"][value="forecast"]');
    const field = panel.querySelector<HTMLInputElement>('input[data-field="aht"]') as HTMLInputElement;
    field.value = "200";
    field.dispatchEvent(new Event("input"));
    field.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(root.querySelector("#staffing-panel")).toBeNull();
    click(root, "#open-staffing");
    await settle();
    const again = root.querySelector("#staffing-panel") as HTMLElement;
    const value = (f: string) => again.querySelector<HTMLInputElement>(`input[data-field="${f}"]`)?.value;
    expect([value("slPercent"), value("calls"), value("aht")]).toEqual(["92", "240", "200"]);
    expect(again.querySelector<HTMLInputElement>('input[name="mode"][value="forecast"]')?.checked).toBe(true);
    // The volume field is off while the forecast is chosen, and says why.
    const calls = again.querySelector<HTMLInputElement>('input[data-field="calls"]') as HTMLInputElement;
    expect(calls.disabled).toBe(true);
    expect(calls.closest("label")?.title).toBe(st("callsFromForecast", "zh"));
    // Esc from the panel's background closes it too, and the focus goes back to the toolbar.
    (root.querySelector("#open-staffing") as HTMLElement).focus();
    await app.openStaffing();
    again.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(root.querySelector("#staffing-panel")).toBeNull();
    expect(document.activeElement?.id).toBe("open-staffing");
  });

  it("starts again from the recorded sizing for another plan", async () => {
    const { root, app } = await editing();
    await app.openStaffing();
    type(root.querySelector("#staffing-panel") as HTMLElement, "slPercent", "92");
    (root.querySelector("#staffing-close") as HTMLElement).click();
    await app.newPlan("hybrid", "");
    await settle();
    const panel = await app.openStaffing();
    expect(panel.element.querySelector<HTMLInputElement>('input[data-field="slPercent"]')?.value).toBe("80");
  });
});
