import { App } from "./app";
import { asAppError } from "./backend";
import type { AppError } from "./bindings/AppError";
import type { Edit } from "./bindings/Edit";
import type { PlanView } from "./bindings/PlanView";
import { clearsWhenPlanChanges } from "./errors";
import { FakeBackend } from "./fake-backend";

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0));
}

/** The core's error for a manual that cannot be produced, in its own words. */
const chapterFailure: AppError = {
  code: "manual.template",
  message: {
    zh: "手册章节“质量监控与神秘顾客”第 12 行无法生成：章节引用了方案中不存在的内容",
    en: 'the manual chapter "Quality monitoring and mystery shopping" fails at line 12: the chapter refers to something the plan does not have',
  },
};

/** A fake with a real undo, whose manual export fails while the QA unit is deleted. */
class UndoingBackend extends FakeBackend {
  private history: PlanView[] = [];
  async edit(edit: Edit) {
    this.history.push(this.plan);
    return super.edit(edit);
  }
  async undo() {
    this.plan = this.history.pop() ?? this.plan;
    return this.plan;
  }
  async exportManual(path: string, edition: string, lang: string, format = "pdf") {
    if (!this.plan.nodes.some((n) => n.id === "qa")) throw chapterFailure;
    return super.exportManual(path, edition, lang, format);
  }
}

async function editor(backend: FakeBackend): Promise<{ app: App; root: HTMLElement }> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  const app = new App(root, backend);
  await app.start();
  app.stop();
  await app.newPlan("hybrid", "");
  return { app, root };
}

function el<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

async function exportManual(root: HTMLElement, backend: FakeBackend): Promise<void> {
  el(root, "#tab-manual").click();
  await settle();
  backend.savePath = "/out/manual.pdf";
  el<HTMLSelectElement>(root, "#export-which").value = "this";
  el(root, "#export-pdf").click();
  await settle();
}

describe("error banner", () => {
  it("shows a manual export failure in the user's terms and clears it when the deletion is undone", async () => {
    const backend = new UndoingBackend();
    const { app, root } = await editor(backend);
    await app.edit({ op: "delete-subtree", id: "qa" });
    await exportManual(root, backend);
    const toast = el(root, "#toast.error");
    expect(toast.dataset.code).toBe("manual.template");
    expect(toast.textContent).toContain("质量监控与神秘顾客");
    expect(toast.textContent).not.toMatch(/manuals\/|\.md\b/);

    await app.undo();
    await settle();
    expect(root.querySelector("#toast.error")).toBeNull();
    // The cause is gone: the same export now succeeds.
    await exportManual(root, backend);
    expect(root.querySelector("#toast.error")).toBeNull();
    expect(backend.calls.some((c) => c.startsWith("exportManual:"))).toBe(true);
  });

  it("keeps a banner whose cause is outside the plan across an undo", async () => {
    const backend = new UndoingBackend();
    const { app, root } = await editor(backend);
    await app.edit({ op: "delete-subtree", id: "qa" });
    app.showError({ code: "export.write", message: { zh: "无法写入 /out/a.pdf：磁盘已满", en: "cannot write /out/a.pdf: the disk is full" } });
    await app.undo();
    await settle();
    expect(el(root, "#toast.error").dataset.code).toBe("export.write");
  });

  it("keeps a plan's banner while the plan stays as it failed", async () => {
    const backend = new UndoingBackend();
    const { app, root } = await editor(backend);
    await app.edit({ op: "delete-subtree", id: "qa" });
    await exportManual(root, backend);
    // Switching tabs re-renders the panes from the same plan: the cause is still there.
    el(root, "#tab-chart").click();
    await settle();
    expect(el(root, "#toast.error").dataset.code).toBe("manual.template");
    // An edit elsewhere changes the plan: the banner goes, and a new export says again.
    await app.edit({ op: "rename", id: "gm", name: { zh: "总经理室", en: "GM office" } });
    expect(root.querySelector("#toast.error")).toBeNull();
    await exportManual(root, backend);
    expect(el(root, "#toast.error").dataset.code).toBe("manual.template");
  });

  it("shows no raw message for a failure that is not the core's", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const err = asAppError(new Error("invoke: command export_manual not found at src/commands.rs:42"));
    spy.mockRestore();
    expect(err.code).toBe("app.internal");
    expect(err.message.en).not.toContain("commands.rs");
    expect(err.message.zh).not.toContain("invoke");
    expect(err.message.zh).toMatch(/缺陷/);
  });

  it("tells plan-caused failures from those outside the plan by code", () => {
    for (const code of ["manual.template", "edit.cycle", "staffing.out-of-range", "document.limit", "chart.png-too-large"]) {
      expect(clearsWhenPlanChanges(code), code).toBe(true);
    }
    for (const code of ["document.corrupt", "export.write", "app.autosave", "staffing.forecast", "manual.no-font"]) {
      expect(clearsWhenPlanChanges(code), code).toBe(false);
    }
  });
});
