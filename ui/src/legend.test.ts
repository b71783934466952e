import { App } from "./app";
import { FakeBackend, sampleBox, samplePlan } from "./fake-backend";
import { allKeys, t, toolbarTips } from "./i18n";
import { boxTip } from "./legend";

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

async function editing(backend = new FakeBackend(), lang: "zh" | "en" = "zh"): Promise<{ app: App; backend: FakeBackend; root: HTMLElement }> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  backend.prefsValue = { ...backend.prefsValue, lang };
  const app = new App(root, backend);
  await app.start();
  app.stop();
  (root.querySelector('.type-card[data-type="hybrid"]') as HTMLElement).click();
  await settle();
  return { app, backend, root };
}

const keyOn = (target: EventTarget, key: string) => {
  const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
};

describe("the chart explains itself", () => {
  it("has a legend of every mark, in both languages, that folds", async () => {
    for (const lang of ["zh", "en"] as const) {
      const { root } = await editing(new FakeBackend(), lang);
      const legend = root.querySelector<HTMLDetailsElement>("#canvas details#legend");
      expect(legend?.open).toBe(true);
      expect(legend?.querySelector("summary")?.textContent).toBe(t("legend", lang));
      const text = legend?.textContent ?? "";
      for (const key of ["legendUnit", "legendHeadcount", "legendVacancy", "legendWarning", "legendError", "legendDotted", "legendBypass", "legendCollapsed"] as const) {
        expect(text).toContain(t(key, lang));
      }
      // Vacancy, warning and error are told apart by shape, not only by colour.
      expect(legend?.querySelector("circle.swatch-vacancy")).not.toBeNull();
      expect(legend?.querySelector("path.swatch-warning")).not.toBeNull();
      expect(legend?.querySelector("circle.swatch-error")).not.toBeNull();
      expect(legend?.querySelectorAll(".legend-arrow.dotted, .legend-arrow.bypass")).toHaveLength(2);
    }
    for (const key of allKeys.filter((k) => k.startsWith("legend"))) {
      expect(t(key, "zh")).not.toBe("");
      expect(t(key, "en")).not.toBe("");
    }
  });

  it("gives every toolbar button a tooltip, with its shortcut where it has one", async () => {
    const { root } = await editing(new FakeBackend(), "en");
    const buttons = [...root.querySelectorAll<HTMLButtonElement>(".toolbar button")];
    expect(buttons.length).toBeGreaterThan(10);
    for (const button of buttons) expect(button.title, `#${button.id}`).not.toBe("");
    expect(root.querySelector("#save")?.getAttribute("title")).toContain("Ctrl+S");
    expect(root.querySelector("#save-as")?.getAttribute("title")).toContain("Ctrl+Shift+S");
    expect(root.querySelector("#search")?.getAttribute("title")).toContain("Ctrl+F");
    for (const tip of Object.values(toolbarTips)) {
      expect(tip.zh).not.toBe("");
      expect(tip.en).not.toBe("");
    }
  });

  it("tells a box's name, function, headcount, level and problems", () => {
    const plan = samplePlan();
    const ops = { ...plan.nodes[1], planned: 5, filled: 3 };
    const functions = [{ key: "operations" as const, name: { zh: "运营部", en: "Operations department" } }];
    const tip = boxTip(ops, plan.diagnostics, functions, "en");
    expect(tip.title).toBe("Operations");
    expect(tip.facts).toEqual(["Position · Level 2", "Function: Operations department", "Filled/planned: 3/5 (2 open)"]);
    expect(tip.problems).toEqual([{ severity: "warning", text: "too many reports" }]);
    const zh = boxTip(ops, plan.diagnostics, functions, "zh");
    expect(zh.facts[2]).toBe("在岗/编制: 3/5 (空缺 2 人)");
  });

  it("shows the tooltip of the box the pointer rests on", async () => {
    const { root } = await editing(new FakeBackend(), "en");
    const box = root.querySelector('g.box[data-id="ops"] rect.frame') as Element;
    box.dispatchEvent(new PointerEvent("pointerover", { bubbles: true, clientX: 40, clientY: 40 }));
    await new Promise((r) => setTimeout(r, 400));
    const tip = root.querySelector<HTMLElement>(".chart-tip");
    expect(tip?.hidden).toBe(false);
    expect(tip?.textContent).toContain("Operations");
    expect(tip?.textContent).toContain("too many reports");
  });

  it("selects and deletes a line into a collapsed team", async () => {
    // A dotted line from the team (hidden under the collapsed operations unit) to the
    // general manager, drawn from the collapsed box; the bypass line stays line 0.
    const backend = new FakeBackend();
    const plan = samplePlan();
    plan.nodes = plan.nodes.map((n) => (n.id === "ops" ? { ...n, collapsed: true } : n));
    plan.lines = [...plan.lines, { index: 1, from: "team", to: "gm", kind: "dotted" }];
    plan.chart.boxes = plan.chart.boxes.filter((b) => b.id !== "team").map((b) => (b.id === "ops" ? sampleBox("ops", "position", b.x, b.y, b.label, 1) : b));
    plan.chart.routes = [...plan.chart.routes, { kind: "dotted", from: "ops", to: "gm", points: [[150, 100], [150, 60], [30, 60], [30, 50]], line: 1 }];
    backend.plan = plan;
    const { root } = await editing(backend, "en");
    const hit = root.querySelector('path.route-hit[data-line="1"]') as Element;
    expect(hit).not.toBeNull();
    hit.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, button: 0 }));
    await settle();
    expect(root.querySelector('path.route.dotted[data-line="1"]')?.classList.contains("selected")).toBe(true);
    expect(root.querySelector("#inspector code")?.textContent).toBe("team");
    expect(root.querySelector('.line-row.selected')?.getAttribute("data-index")).toBe("1");
    // Delete on the chart deletes the line, not the team that reports along it.
    const canvas = root.querySelector("#canvas") as HTMLElement;
    expect(document.activeElement).toBe(canvas);
    expect(keyOn(canvas, "Delete").defaultPrevented).toBe(true);
    await settle();
    expect(backend.edits).toEqual([{ op: "delete-line", index: 1 }]);
  });
});
