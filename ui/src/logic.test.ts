import { allKeys, pick, t } from "./i18n";
import { isInSubtree, levelLabel, markers, search, shortcut, windowTitle } from "./plan";
import { samplePlan } from "./fake-backend";
import { fit, toChart, zoomAt } from "./viewport";

describe("i18n", () => {
  it("has every UI string in both languages", () => {
    for (const key of allKeys) {
      expect(t(key, "zh"), key).not.toBe("");
      expect(t(key, "en"), key).not.toBe("");
    }
  });
  it("falls back to the other language when a side is empty", () => {
    expect(pick({ zh: "", en: "Team" }, "zh")).toBe("Team");
    expect(pick({ zh: "主管", en: "" }, "en")).toBe("主管");
  });
});

describe("plan helpers", () => {
  const plan = samplePlan();
  it("titles the window with file name and unsaved marker", () => {
    expect(windowTitle(plan, "zh")).toBe("● 未命名 — 测试中心 — Centerplan");
    expect(windowTitle({ ...plan, fileName: "north.centerplan", dirty: false }, "en")).toBe("north.centerplan — 测试中心 — Centerplan");
    expect(windowTitle(null, "zh")).toBe("Centerplan");
  });
  it("searches names in both languages, case-insensitively", () => {
    expect(search(plan.nodes, "运营")).toEqual(["ops"]);
    expect(search(plan.nodes, "QUAL")).toEqual(["qa"]);
    expect(search(plan.nodes, "  ")).toEqual([]);
  });
  it("knows which drops would make a cycle", () => {
    expect(isInSubtree(plan.nodes, "ops", "team")).toBe(true);
    expect(isInSubtree(plan.nodes, "ops", "ops")).toBe(true);
    expect(isInSubtree(plan.nodes, "ops", "qa")).toBe(false);
    expect(isInSubtree(plan.nodes, "team", "gm")).toBe(false);
  });
  it("marks nodes named by diagnostics, errors winning over warnings", () => {
    const m = markers({
      ...plan,
      diagnostics: [
        ...plan.diagnostics,
        { code: "chart.cycle", severity: "error", message: { zh: "", en: "" }, nodes: ["ops", "team"], function: null },
      ],
    });
    expect(m.get("ops")).toBe("error");
    expect(m.get("team")).toBe("error");
    expect(m.get("gm")).toBeUndefined();
  });
  it("labels half levels as people say them", () => {
    expect([0, 1, 2, 3].map(levelLabel)).toEqual(["1", "1.5", "2", "2.5"]);
  });
  it("maps keys to editor shortcuts, leaving text fields their own undo", () => {
    const k = (key: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}) => ({
      key, ctrlKey: false, metaKey: false, shiftKey: false, ...mods,
    });
    expect(shortcut(k("s", { ctrlKey: true }), true)).toBe("save");
    expect(shortcut(k("S", { ctrlKey: true, shiftKey: true }), false)).toBe("save-as");
    expect(shortcut(k("z", { ctrlKey: true }), false)).toBe("undo");
    expect(shortcut(k("Z", { ctrlKey: true, shiftKey: true }), false)).toBe("redo");
    expect(shortcut(k("z", { ctrlKey: true }), true)).toBeNull();
    expect(shortcut(k("Delete"), false)).toBe("delete");
    expect(shortcut(k("a"), false)).toBeNull();
  });
});

describe("viewport", () => {
  it("fits a chart into the view, centred and never enlarged", () => {
    const v = fit(2000, 1000, 1000, 600, 0);
    expect(v.scale).toBeCloseTo(0.5);
    expect(v.x).toBeCloseTo(0);
    expect(v.y).toBeCloseTo(50);
    expect(fit(100, 100, 1000, 600).scale).toBe(1);
  });
  it("zooms about the pointer", () => {
    const v = { scale: 1, x: 10, y: 20 };
    const before = toChart(v, 300, 200);
    const after = toChart(zoomAt(v, 2, 300, 200), 300, 200);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });
});

describe("subtree and delete question", () => {
  it("lists a node and everything under it, even on a cycle", async () => {
    const { subtree } = await import("./plan");
    const n = (id: string, parent: string | null) => ({ id, parent }) as unknown as import("./bindings/NodeView").NodeView;
    const nodes = [n("a", null), n("b", "a"), n("c", "b"), n("d", "a"), n("x", "y"), n("y", "x")];
    expect(subtree(nodes, "b").map((x) => x.id)).toEqual(["b", "c"]);
    expect(subtree(nodes, "a").map((x) => x.id).sort()).toEqual(["a", "b", "c", "d"]);
    expect(subtree(nodes, "x").map((x) => x.id).sort()).toEqual(["x", "y"]);
    expect(subtree(nodes, "nope")).toEqual([]);
  });

  it("tells a text field with typing of its own from a clean one or a drop-down", async () => {
    const { hasOwnEdits, isTextField } = await import("./fields");
    const input = document.createElement("input");
    input.defaultValue = "a";
    expect(hasOwnEdits(input)).toBe(false);
    input.value = "ab";
    expect(hasOwnEdits(input)).toBe(true);
    const box = document.createElement("input");
    box.type = "checkbox";
    expect(isTextField(box)).toBe(false);
    expect(hasOwnEdits(document.createElement("select"))).toBe(false);
    expect(isTextField(document.createElement("textarea"))).toBe(true);
  });
});
