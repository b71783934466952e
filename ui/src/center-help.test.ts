// The center settings, the help panel, the "wrote …" message after an export and the
// preview's page keys.

import { App } from "./app";
import { FakeBackend } from "./fake-backend";
import { HOW_TOS, SHORTCUTS } from "./help";
import { wroteMessage } from "./i18n";

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0));
}

async function editor(backend = new FakeBackend()): Promise<{ app: App; backend: FakeBackend; root: HTMLElement }> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  const app = new App(root, backend);
  await app.start();
  app.stop();
  await app.newPlan("hybrid", "");
  await settle();
  return { app, backend, root };
}

function el<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

function key(target: EventTarget, k: string, extra: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra });
  target.dispatchEvent(event);
  return event;
}

function change(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

describe("center settings", () => {
  it("renames the center in Chinese and in English, one edit each", async () => {
    const { root, backend } = await editor();
    el(root, "#center-settings").click();
    expect(el(root, "#center-dialog").textContent).toContain("中心设置");
    expect(el<HTMLInputElement>(root, "#center-name-zh").value).toBe("测试中心");
    // No English name yet: the field is empty and shows the name the English manual prints.
    expect(el<HTMLInputElement>(root, "#center-name-en").value).toBe("");
    expect(el<HTMLInputElement>(root, "#center-name-en").placeholder).toBe("测试中心");
    change(el<HTMLInputElement>(root, "#center-name-en"), " North China Service Center ");
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "rename-plan-en", name: "North China Service Center" });
    change(el<HTMLInputElement>(root, "#center-name-zh"), "华北客户服务中心");
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "rename-plan", name: "华北客户服务中心" });
    // The dialog shows the plan as it now is, and an empty Chinese name is not taken.
    expect(el<HTMLInputElement>(root, "#center-name-en").value).toBe("North China Service Center");
    const edits = backend.edits.length;
    change(el<HTMLInputElement>(root, "#center-name-zh"), "  ");
    await settle();
    expect(backend.edits).toHaveLength(edits);
    expect(el<HTMLInputElement>(root, "#center-name-zh").value).toBe("华北客户服务中心");
  });

  it("changes the type only after a warning that says what changes and what stays", async () => {
    const { root, backend } = await editor();
    el(root, "#center-settings").click();
    expect(el<HTMLSelectElement>(root, "#center-type").value).toBe("hybrid");
    change(el<HTMLSelectElement>(root, "#center-type"), "service");
    await settle();
    expect(backend.calls).toContain("typeChange:service");
    const warning = el(root, "#type-warning");
    expect(warning.textContent).toContain("将中心类型从“hybrid-zh”改为“service-zh”？");
    expect(warning.textContent).toContain("不会添加或删除任何内容");
    expect(warning.querySelector('[data-code="chart.hybrid-oversight-vp-missing"]')).not.toBeNull();
    expect(backend.edits.some((e) => e.op === "set-center-type")).toBe(false);
    // Cancel: nothing changes and the picker shows the type the plan has.
    el(root, "#type-cancel").click();
    await settle();
    expect(root.querySelector("#type-warning")).toBeNull();
    expect(el<HTMLSelectElement>(root, "#center-type").value).toBe("hybrid");
    expect(backend.edits.some((e) => e.op === "set-center-type")).toBe(false);
    // Confirm: one edit.
    change(el<HTMLSelectElement>(root, "#center-type"), "service");
    await settle();
    el(root, "#type-confirm").click();
    await settle();
    expect(backend.edits.filter((e) => e.op === "set-center-type")).toEqual([{ op: "set-center-type", centerType: "service" }]);
    expect(el<HTMLSelectElement>(root, "#center-type").value).toBe("service");
    expect(root.querySelector("#type-warning")).toBeNull();
  });

  it("says when validation stays the same, and Esc cancels the warning, then closes", async () => {
    const backend = new FakeBackend();
    backend.typeChange = { added: [], removed: [] };
    const { root } = await editor(backend);
    el(root, "#center-settings").click();
    change(el<HTMLSelectElement>(root, "#center-type"), "sales");
    await settle();
    expect(el(root, "#type-warning").textContent).toContain("校验结果不变");
    key(el(root, "#center-type"), "Escape");
    expect(root.querySelector("#type-warning")).toBeNull();
    expect(root.querySelector("#center-dialog")).not.toBeNull();
    key(el(root, "#center-name-zh"), "Escape");
    expect(root.querySelector("#center-dialog")).toBeNull();
  });

  it("speaks English in the English UI", async () => {
    const { app, root } = await editor();
    await app.toggleLang();
    await settle();
    el(root, "#center-settings").click();
    expect(el(root, "#center-settings").textContent).toBe("Center");
    expect(el(root, "#center-dialog").textContent).toContain("Center name (English)");
    change(el<HTMLSelectElement>(root, "#center-type"), "service");
    await settle();
    expect(el(root, "#type-warning").textContent).toContain("Change the center type from hybrid-en to service-en?");
    expect(el(root, "#type-warning").textContent).toContain("nothing is added or deleted");
  });
});

describe("help", () => {
  it("opens with F1, lists the shortcuts and the five how-tos, and closes with Esc", async () => {
    const { root } = await editor();
    const canvas = el(root, "#canvas");
    canvas.focus();
    key(canvas, "F1");
    const panel = el(root, "#help-panel");
    expect(panel.textContent).toContain("快捷键");
    for (const shortcut of ["Ctrl+S", "Ctrl+Shift+Z / Ctrl+Y", "Delete", "Ctrl+Enter", "PageDown / PageUp", "F1"]) {
      expect(panel.textContent).toContain(shortcut);
    }
    expect(panel.querySelectorAll("article.howto")).toHaveLength(5);
    expect(panel.textContent).toContain("从模板新建方案");
    key(el(root, "#help-close"), "Escape");
    expect(root.querySelector("#help-panel")).toBeNull();
    // The focus goes back where it was.
    expect(document.activeElement).toBe(canvas);
  });

  it("opens from the toolbar and on the start screen, closes with F1 again", async () => {
    const { root } = await editor();
    el(root, "#help").click();
    expect(root.querySelector("#help-panel")).not.toBeNull();
    key(el(root, "#help-close"), "F1");
    expect(root.querySelector("#help-panel")).toBeNull();
    document.body.innerHTML = `<div id="app"></div>`;
    const start = document.getElementById("app") as HTMLElement;
    const app = new App(start, new FakeBackend());
    await app.start();
    app.stop();
    key(document.body, "F1");
    expect(start.querySelector("#help-panel")).not.toBeNull();
  });

  it("keeps the plan's keys away while it is open", async () => {
    const { root, backend } = await editor();
    key(document.body, "F1");
    key(el(root, "#help-close"), "z", { ctrlKey: true });
    await settle();
    expect(backend.calls).not.toContain("undo");
  });

  it("says the same in English: every entry has both languages", async () => {
    for (const group of SHORTCUTS) {
      expect(group.title.zh && group.title.en).toBeTruthy();
      for (const item of group.items) expect(item.what.zh && item.what.en).toBeTruthy();
    }
    expect(HOW_TOS).toHaveLength(5);
    for (const howTo of HOW_TOS) {
      for (const step of howTo.steps) expect(step.zh && step.en).toBeTruthy();
    }
    const { app, root } = await editor();
    await app.toggleLang();
    key(document.body, "F1");
    const panel = el(root, "#help-panel");
    expect(panel.textContent).toContain("Keyboard shortcuts");
    expect(panel.textContent).toContain("Size the staffing");
    expect(panel.textContent).toContain("Wheel");
    expect(panel.textContent).not.toContain("滚轮");
  });
});

describe("the message after an export", () => {
  it("lists the file a chart export wrote, with Open folder", async () => {
    const { root, backend } = await editor();
    backend.savePath = "/out/chart.svg";
    el(root, "#export-svg").click();
    await settle();
    const toast = el(root, "#toast");
    expect(toast.textContent).toContain("已写入 1 个文件：");
    expect([...toast.querySelectorAll(".written li")].map((li) => li.textContent)).toEqual(["/out/chart.svg"]);
    el(toast, ".open-folder").click();
    await settle();
    expect(backend.calls).toContain("reveal:/out/chart.svg");
  });

  it("lists every manual an export wrote", async () => {
    const { root, backend } = await editor();
    el(root, "#tab-manual").click();
    await settle();
    backend.savePath = "/out/manual.pdf";
    el<HTMLSelectElement>(root, "#export-which").value = "both";
    el(root, "#export-pdf").click();
    await settle();
    const files = [...el(root, "#toast").querySelectorAll(".written li")].map((li) => li.textContent);
    expect(files).toEqual(["/out/manual-manager.pdf", "/out/manual-csr.pdf"]);
    el(root, "#toast .open-folder").click();
    await settle();
    expect(backend.calls).toContain("reveal:/out/manual-manager.pdf,/out/manual-csr.pdf");
  });

  it("reads the same in both languages", () => {
    expect(wroteMessage(["a"], "zh")).toBe("已写入 1 个文件：");
    expect(wroteMessage(["a"], "en")).toBe("Wrote 1 file:");
    expect(wroteMessage(["a", "b"], "en")).toBe("Wrote 2 files:");
  });
});

describe("manual preview keys", () => {
  it("turns pages with PageDown and PageUp without a click on the page first", async () => {
    const { root, backend } = await editor();
    el(root, "#tab-manual").click();
    await settle();
    // The tab button has the focus, as after a click on it.
    el(root, "#tab-manual").focus();
    const down = key(el(root, "#tab-manual"), "PageDown");
    await settle();
    expect(down.defaultPrevented).toBe(true);
    expect(backend.calls).toContain("preview:manager:zh:1");
    expect(el<HTMLImageElement>(root, "#page-image").dataset.page).toBe("2");
    key(document.body, "PageUp");
    await settle();
    expect(el<HTMLImageElement>(root, "#page-image").dataset.page).toBe("1");
    // One key, one page: the page itself does not turn a second one.
    key(el(root, ".page-scroll"), "PageDown");
    await settle();
    expect(el<HTMLImageElement>(root, "#page-image").dataset.page).toBe("2");
    // In the page number field the keys are the field's.
    key(el(root, "#page-number"), "PageUp");
    await settle();
    expect(el<HTMLImageElement>(root, "#page-image").dataset.page).toBe("2");
  });

  it("gives the page the focus when the tab opens", async () => {
    const { root } = await editor();
    el(root, "#tab-manual").click();
    await settle();
    expect(document.activeElement).toBe(el(root, ".page-scroll"));
  });
});
