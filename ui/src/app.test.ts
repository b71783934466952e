import { App } from "./app";
import { FakeBackend } from "./fake-backend";

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

async function started(backend = new FakeBackend()): Promise<{ app: App; backend: FakeBackend; root: HTMLElement }> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  const app = new App(root, backend);
  await app.start();
  app.stop();
  return { app, backend, root };
}

function click(root: HTMLElement, selector: string): void {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`no element ${selector}`);
  el.click();
}

describe("start screen", () => {
  it("offers the four center types in Chinese, the recent files and open", async () => {
    const { root } = await started();
    const cards = [...root.querySelectorAll(".type-card")];
    expect(cards.map((c) => c.getAttribute("data-type"))).toEqual(["outsourced", "sales", "service", "hybrid"]);
    expect(cards[3].textContent).toContain("hybrid 描述");
    expect(root.querySelector("#open-plan")?.textContent).toBe("打开…");
    expect(root.querySelector(".recent a")?.textContent).toBe("north.centerplan");
  });

  it("creates a plan of the chosen type with the typed name", async () => {
    const { root, backend } = await started();
    (root.querySelector("#center-name") as HTMLInputElement).value = "华北中心";
    click(root, '.type-card[data-type="hybrid"]');
    await settle();
    expect(backend.calls).toContain("newPlan:hybrid:华北中心");
    expect(root.querySelectorAll("g.box")).toHaveLength(4);
    expect(root.querySelector("path.route.bypass")).not.toBeNull();
    expect(backend.title).toBe("● 未命名 — 测试中心 — Centerplan");
  });

  it("shows the core's error for a bad file and stays usable", async () => {
    const backend = new FakeBackend();
    backend.openError = { code: "document.not-sqlite", message: { zh: "不是 SQLite 数据库", en: "not a SQLite database" } };
    const { root } = await started(backend);
    click(root, ".recent a");
    await settle();
    const toast = root.querySelector<HTMLElement>("#toast");
    expect(toast?.dataset.code).toBe("document.not-sqlite");
    expect(toast?.textContent).toContain("不是 SQLite 数据库");
    expect(root.querySelector("#start-screen")).not.toBeNull();
  });

  it("switches to English and remembers it through the backend", async () => {
    const { root, backend } = await started();
    click(root, "#lang-toggle");
    await settle();
    expect(backend.calls).toContain("setLang:en");
    expect(root.querySelector("#open-plan")?.textContent).toBe("Open…");
    expect(root.querySelector(".type-card")?.textContent).toContain("outsourced description");
  });

  it("keeps the center name being typed through a language switch (the screen is patched, not rebuilt)", async () => {
    const { root, backend } = await started();
    const name = root.querySelector("#center-name") as HTMLInputElement;
    name.value = "华北中心";
    name.focus();
    click(root, "#lang-toggle");
    await settle();
    expect(root.querySelector("#center-name")).toBe(name);
    expect(name.value).toBe("华北中心");
    expect(name.placeholder).toBe("e.g. North China Service Center");
    click(root, '.type-card[data-type="sales"]');
    await settle();
    expect(backend.calls).toContain("newPlan:sales:华北中心");
  });

  it("escapes names on the start screen by construction", async () => {
    const backend = new FakeBackend();
    backend.prefsValue = { ...backend.prefsValue, recent: [{ path: "/p/<b>x</b>.centerplan", name: "<b>x</b>.centerplan" }] };
    const { root } = await started(backend);
    expect(root.querySelector(".recent b")).toBeNull();
    expect(root.querySelector(".recent a")?.textContent).toBe("<b>x</b>.centerplan");
  });

  it("offers a recovery copy back", async () => {
    const backend = new FakeBackend();
    backend.recovery = [{ file: "recovery-untitled.json", document: null, name: "测试中心" }];
    const { root } = await started(backend);
    expect(root.querySelector(".recovery")?.textContent).toContain("测试中心");
    click(root, ".recovery .restore");
    await settle();
    expect(backend.calls).toContain("restore:recovery-untitled.json");
    expect(root.querySelector("#editor")).not.toBeNull();
  });
});

describe("editor", () => {
  async function editing() {
    const ctx = await started();
    click(ctx.root, '.type-card[data-type="hybrid"]');
    await settle();
    return ctx;
  }

  it("edits the selected node's name, rank and headcount", async () => {
    const { app, root, backend } = await editing();
    app.select("ops");
    const zh = root.querySelector("#name-zh") as HTMLInputElement;
    expect(zh.value).toBe("运营部");
    zh.value = "运营中心";
    zh.dispatchEvent(new Event("change"));
    click(root, "#rank-up");
    const planned = root.querySelector("#planned") as HTMLInputElement;
    planned.value = "7";
    planned.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits).toEqual([
      { op: "rename", id: "ops", name: { zh: "运营中心", en: "Operations" } },
      { op: "set-rank", id: "ops", rank: 1 },
      { op: "set-headcount", id: "ops", planned: 7, filled: 1 },
    ]);
  });

  it("shows the node's function in the picker and sets another as one edit", async () => {
    const { app, root, backend } = await editing();
    app.select("qa");
    const picker = root.querySelector("#function") as HTMLSelectElement;
    expect(picker.value).toBe("quality-management");
    expect(picker.selectedOptions[0].textContent).toBe("质量管理组");
    // Every function the backend lists, by its name, after "none".
    expect([...picker.options].map((o) => o.value)).toEqual(["", "general-manager", "operations", "team-leader", "quality-management", "qa-specialist"]);
    expect(picker.options[0].textContent).toBe("无");
    picker.value = "qa-specialist";
    picker.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits).toEqual([{ op: "set-function", id: "qa", function: "qa-specialist" }]);
    expect((root.querySelector("#function") as HTMLSelectElement).value).toBe("qa-specialist");
    expect(root.querySelector<HTMLButtonElement>("#undo")?.disabled).toBe(false);

    app.select("team");
    const none = root.querySelector("#function") as HTMLSelectElement;
    expect(none.value).toBe("");
    none.value = "team-leader";
    none.dispatchEvent(new Event("change"));
    await settle();
    app.select("ops");
    const ops = root.querySelector("#function") as HTMLSelectElement;
    ops.value = "";
    ops.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits.slice(1)).toEqual([
      { op: "set-function", id: "team", function: "team-leader" },
      { op: "set-function", id: "ops", function: null },
    ]);
  });

  it("names the functions in English when the UI is in English", async () => {
    const backend = new FakeBackend();
    backend.prefsValue = { ...backend.prefsValue, lang: "en" };
    const { app, root } = await started(backend);
    click(root, '.type-card[data-type="hybrid"]');
    await settle();
    app.select("gm");
    const picker = root.querySelector("#function") as HTMLSelectElement;
    expect(picker.closest("label")?.textContent).toContain("Function");
    expect(picker.selectedOptions[0].textContent).toBe("General manager");
    expect(picker.options[0].textContent).toBe("None");
  });

  it("lists a diagnostic about a missing function, on no node", async () => {
    const backend = new FakeBackend();
    backend.plan.diagnostics.push({
      code: "manual.role-unassigned", severity: "warning", nodes: [], function: "qa-specialist",
      message: { zh: "组织架构图中没有岗位承担“质检专员”职能", en: "no position on the chart has the function \"QA specialist\"" },
    });
    const { app, root } = await started(backend);
    click(root, '.type-card[data-type="hybrid"]');
    await settle();
    app.select("gm");
    const item = root.querySelector<HTMLElement>('.diag[data-code="manual.role-unassigned"]');
    expect(item?.dataset.function).toBe("qa-specialist");
    expect(item?.classList.contains("warning")).toBe(true);
    expect(item?.textContent).toContain("质检专员");
    expect(root.querySelector("#diagnostics .count")?.textContent).toBe("2");
    item?.click();
    expect(app.selected).toBe("gm");
    expect(root.querySelectorAll(".marker")).toHaveLength(1);
  });

  it("refuses a drop onto the node's own report without asking the backend", async () => {
    const { app, root, backend } = await editing();
    await app.move("ops", "team");
    expect(backend.edits).toEqual([]);
    expect(root.querySelector<HTMLElement>("#toast")?.dataset.code).toBe("edit.cycle");
    await app.move("team", "qa");
    expect(backend.edits).toEqual([{ op: "move", id: "team", newParent: "qa" }]);
  });

  it("draws a line by picking its target", async () => {
    const { app, root, backend } = await editing();
    app.select("team");
    click(root, "#add-dotted");
    expect(root.querySelector("#pick-hint")?.textContent).not.toBe("");
    await app.clickNode("qa");
    expect(backend.edits).toEqual([{ op: "add-line", from: "team", to: "qa", kind: "dotted" }]);
  });

  it("lists diagnostics and marks their nodes", async () => {
    const { root } = await editing();
    expect(root.querySelector(".diag.warning")?.textContent).toContain("下属过多");
    expect(root.querySelector('g.box[data-id="ops"] .marker.warning')).not.toBeNull();
  });

  it("undoes with Ctrl+Z, redoes with Ctrl+Shift+Z and saves with Ctrl+S through the dialog", async () => {
    const { root, backend } = await editing();
    const key = (k: string, shiftKey = false) =>
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key: k, ctrlKey: true, shiftKey, bubbles: true }));
    key("z");
    key("Z", true);
    key("s");
    await settle();
    expect(backend.calls).toEqual(expect.arrayContaining(["undo", "redo", "pickSave:plan:测试中心", "savePlan:/plans/new.centerplan"]));
    expect(backend.title).toBe("new.centerplan — 测试中心 — Centerplan");
    expect(root.querySelector("#toast")?.textContent).toBe("已保存");
  });

  it("asks before closing with unsaved changes", async () => {
    const { backend, root } = await editing();
    backend.closeHandler?.();
    await settle();
    expect(root.querySelector("#unsaved-dialog")).not.toBeNull();
    click(root, '#unsaved-dialog [data-act="cancel"]');
    await settle();
    expect(backend.calls).not.toContain("quit");
    backend.closeHandler?.();
    await settle();
    click(root, '#unsaved-dialog [data-act="discard"]');
    await settle();
    expect(backend.calls).toContain("quit");
  });

  it("searches and highlights matches", async () => {
    const { app, root } = await editing();
    app.runSearch("quality");
    expect(app.matches).toEqual(["qa"]);
    expect(root.querySelector('g.box[data-id="qa"]')?.classList.contains("match")).toBe(true);
    expect(app.selected).toBe("qa");
  });

  it("writes the recovery copy only while there are unsaved changes", async () => {
    const { app, backend } = await editing();
    await app.autosave();
    expect(backend.calls.filter((c) => c === "autosave")).toHaveLength(1);
    backend.plan = { ...backend.plan, dirty: false };
    app.plan = backend.plan;
    await app.autosave();
    expect(backend.calls.filter((c) => c === "autosave")).toHaveLength(1);
  });

  it("exports the chart through the save dialog", async () => {
    const { app, backend } = await editing();
    backend.savePath = "/tmp/chart.svg";
    await app.exportChart("svg");
    expect(backend.calls).toEqual(expect.arrayContaining(["pickSave:svg:测试中心", "export:svg:/tmp/chart.svg"]));
  });

  it("prints the chart to PDF on the paper and orientation chosen, and keeps the choice", async () => {
    const { app, root, backend } = await editing();
    backend.savePath = "/tmp/chart.pdf";
    click(root, "#export-chart-pdf");
    await settle();
    const dialog = root.querySelector("#chart-pdf-dialog");
    expect(dialog).not.toBeNull();
    const paper = root.querySelector<HTMLSelectElement>("#chart-pdf-paper")!;
    const orientation = root.querySelector<HTMLSelectElement>("#chart-pdf-orientation")!;
    expect(paper.value).toBe("A4");
    expect(orientation.value).toBe("auto");
    paper.value = "A3";
    orientation.value = "landscape";
    click(root, '#chart-pdf-dialog [data-act="export"]');
    await settle();
    expect(root.querySelector("#chart-pdf-dialog")).toBeNull();
    expect(backend.calls).toEqual(expect.arrayContaining(["pickSave:pdf:测试中心", "export:pdf:A3:landscape:/tmp/chart.pdf"]));
    // The next time, the dialog opens on the last choice; Cancel exports nothing.
    click(root, "#export-chart-pdf");
    await settle();
    expect(root.querySelector<HTMLSelectElement>("#chart-pdf-paper")!.value).toBe("A3");
    expect(root.querySelector<HTMLSelectElement>("#chart-pdf-orientation")!.value).toBe("landscape");
    const before = backend.calls.length;
    click(root, '#chart-pdf-dialog [data-act="cancel"]');
    await settle();
    expect(root.querySelector("#chart-pdf-dialog")).toBeNull();
    expect(backend.calls.slice(before).filter((c) => c.startsWith("export:"))).toEqual([]);
    void app;
  });
});

describe("typing is never lost, destructive actions ask", () => {
  async function editing() {
    const ctx = await started();
    click(ctx.root, '.type-card[data-type="hybrid"]');
    await settle();
    return ctx;
  }
  const keyOn = (target: EventTarget, k: string, extra: KeyboardEventInit = {}) => {
    const e = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra });
    target.dispatchEvent(e);
    return e;
  };

  it("keeps the field tabbed into, its focus and its typing, when a change re-renders the inspector", async () => {
    const { app, root, backend } = await editing();
    app.select("ops");
    const zh = root.querySelector("#name-zh") as HTMLInputElement;
    const en = root.querySelector("#name-en") as HTMLInputElement;
    zh.focus();
    zh.value = "运营中心";
    // Tab: the change commits, the next field has the focus and is typed in at once.
    zh.dispatchEvent(new Event("change"));
    en.focus();
    en.value = "Operations cent";
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "rename", id: "ops", name: { zh: "运营中心", en: "Operations" } });
    expect(root.querySelector("#name-en")).toBe(en);
    expect(document.activeElement).toBe(en);
    expect(en.value).toBe("Operations cent");
    expect(zh.value).toBe("运营中心");
    en.value = "Operations center";
    en.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "rename", id: "ops", name: { zh: "运营中心", en: "Operations center" } });
    expect(root.querySelector("#name-en")).toBe(en);
    // Another selection patches the same fields with the other node's values.
    app.select("qa");
    expect(root.querySelector("#name-zh")).toBe(zh);
    expect(zh.value).toBe("质量管理");
    expect(zh.defaultValue).toBe("质量管理");
  });

  it("focuses and selects a new box's name field", async () => {
    const { app, root, backend } = await editing();
    app.select("team");
    click(root, "#add-child");
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "add-child", parent: "team" });
    expect(app.selected).toMatch(/^new-/);
    const zh = root.querySelector("#name-zh") as HTMLInputElement;
    expect(zh.value).toBe("新岗位");
    expect(document.activeElement).toBe(zh);
    expect([zh.selectionStart, zh.selectionEnd]).toEqual([0, zh.value.length]);
  });

  it("asks before deleting a box with reports, naming the positions and headcount", async () => {
    const { app, root, backend } = await editing();
    app.select("ops");
    click(root, "#delete-node");
    await settle();
    const dialog = root.querySelector<HTMLElement>("#delete-dialog");
    expect(dialog?.textContent).toContain("删除“运营部”及其全部下级？");
    expect(dialog?.textContent).toContain("2 个岗位（含 1 个下级），编制 2 人、在岗 2 人");
    expect(document.activeElement?.getAttribute("data-act")).toBe("cancel");
    click(root, '#delete-dialog [data-act="cancel"]');
    await settle();
    expect(root.querySelector("#delete-dialog")).toBeNull();
    expect(backend.edits).toEqual([]);
    click(root, "#delete-node");
    await settle();
    keyOn(root.querySelector("#delete-dialog") as HTMLElement, "Escape");
    await settle();
    expect(root.querySelector("#delete-dialog")).toBeNull();
    expect(backend.edits).toEqual([]);
    click(root, "#delete-node");
    await settle();
    click(root, '#delete-dialog [data-act="delete"]');
    await settle();
    expect(backend.edits).toEqual([{ op: "delete-subtree", id: "ops" }]);
    expect(app.selected).toBeNull();
    expect(document.activeElement?.id).toBe("canvas");
  });

  it("says it in English too, and deletes a box without reports at once", async () => {
    const backend = new FakeBackend();
    backend.prefsValue = { ...backend.prefsValue, lang: "en" };
    const { app, root } = await started(backend);
    click(root, '.type-card[data-type="hybrid"]');
    await settle();
    app.select("ops");
    click(root, "#delete-node");
    await settle();
    const text = root.querySelector("#delete-dialog")?.textContent ?? "";
    expect(text).toContain("Delete \"Operations\" and everything under it?");
    expect(text).toContain("2 positions go (1 report under it), with a planned headcount of 2 (2 filled).");
    click(root, '#delete-dialog [data-act="cancel"]');
    app.select("team");
    click(root, "#delete-node");
    await settle();
    expect(root.querySelector("#delete-dialog")).toBeNull();
    expect(backend.edits).toEqual([{ op: "delete-subtree", id: "team" }]);
  });

  it("acts on the Delete key only when the chart has the focus", async () => {
    const { app, root, backend } = await editing();
    app.select("team");
    const zh = root.querySelector("#name-zh") as HTMLInputElement;
    zh.focus();
    expect(keyOn(zh, "Delete").defaultPrevented).toBe(false);
    const kind = root.querySelector("#kind") as HTMLSelectElement;
    kind.focus();
    keyOn(kind, "Delete");
    // Focus lost to the page (as after a re-render): not the chart's either.
    kind.blur();
    keyOn(document.body, "Delete");
    await settle();
    expect(backend.edits).toEqual([]);
    const canvas = root.querySelector("#canvas") as HTMLElement;
    canvas.dispatchEvent(new Event("pointerdown", { bubbles: true }));
    expect(document.activeElement).toBe(canvas);
    expect(keyOn(canvas, "Delete").defaultPrevented).toBe(true);
    await settle();
    expect(backend.edits).toEqual([{ op: "delete-subtree", id: "team" }]);
  });

  it("undoes with Ctrl+Z from a drop-down or a clean field; a field with typing of its own undoes that first", async () => {
    const { app, root, backend } = await editing();
    app.select("ops");
    const undos = () => backend.calls.filter((c) => c === "undo").length;
    const kind = root.querySelector("#kind") as HTMLSelectElement;
    kind.focus();
    expect(keyOn(kind, "z", { ctrlKey: true }).defaultPrevented).toBe(true);
    await settle();
    expect(undos()).toBe(1);
    keyOn(kind, "Z", { ctrlKey: true, shiftKey: true });
    await settle();
    expect(backend.calls.filter((c) => c === "redo")).toHaveLength(1);
    const zh = root.querySelector("#name-zh") as HTMLInputElement;
    zh.focus();
    zh.value = "运营部门";
    expect(keyOn(zh, "z", { ctrlKey: true }).defaultPrevented).toBe(false);
    await settle();
    expect(undos()).toBe(1);
    // Its own undo took the typing back: the next Ctrl+Z is the plan's.
    zh.value = "运营部";
    keyOn(zh, "z", { ctrlKey: true });
    await settle();
    expect(undos()).toBe(2);
  });
});
