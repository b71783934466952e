import { App } from "./app";
import { allDocKeys, dt } from "./docs-i18n";
import { FakeBackend } from "./fake-backend";
import { cellDiagnostics, moved, step } from "./matrix";
import { editionPaths, pageWidth, stepZoom } from "./preview";

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0));
}

async function editor(tab: string): Promise<{ app: App; backend: FakeBackend; root: HTMLElement }> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  const backend = new FakeBackend();
  const app = new App(root, backend);
  await app.start();
  app.stop();
  await app.newPlan("hybrid", "");
  el(root, `#tab-${tab}`).click();
  await settle();
  return { app, backend, root };
}

function el<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

function cell(root: HTMLElement, role: string, phase: string): HTMLElement {
  return el(root, `td.cell[data-role="${role}"][data-phase="${phase}"]`);
}

function key(target: HTMLElement, k: string, extra: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, ...extra }));
}

describe("matrix grid", () => {
  it("shows every role × the four phases in Chinese with the leads marked", async () => {
    const { root } = await editor("matrix");
    const heads = [...root.querySelectorAll("#matrix-grid thead th")].map((th) => th.firstChild?.textContent);
    expect(heads).toEqual(["角色", "项目引入", "项目开始", "项目运行", "项目结束"]);
    expect(root.querySelectorAll("#matrix-grid tbody tr")).toHaveLength(2);
    expect(root.querySelectorAll("td.cell")).toHaveLength(8);
    expect(cell(root, "ops", "intake").querySelector(".lead-toggle")?.textContent).toContain("★");
    expect(cell(root, "ops", "close").querySelector(".lead-toggle")?.textContent).toContain("☆");
    expect([...cell(root, "ops", "intake").querySelectorAll(".duty-text")].map((d) => d.textContent)).toEqual(["评估需求", "报价"]);
    expect(cell(root, "ops", "close").textContent).toContain("—");
    expect(el(root, "#workspace, .workspace").hidden).toBe(true);
  });

  it("puts the validation diagnostics on the cells they concern", async () => {
    const { root } = await editor("matrix");
    const flagged = cell(root, "qa", "intake");
    expect(flagged.classList.contains("error")).toBe(true);
    expect(el(flagged, ".cell-diag").dataset.code).toBe("matrix.multiple-leads");
    expect(flagged.textContent).toContain("只能有一个牵头角色");
    expect(cell(root, "ops", "intake").classList.contains("error")).toBe(false);
  });

  it("edits a duty in place and sends the cell's new list as one edit", async () => {
    const { root, backend } = await editor("matrix");
    el(cell(root, "ops", "intake"), '.duty[data-index="1"] .duty-text').click();
    const zh = el<HTMLInputElement>(cell(root, "ops", "intake"), ".duty.editing .duty-zh");
    expect(zh.value).toBe("报价");
    zh.value = "编制报价";
    key(zh, "Enter");
    await settle();
    expect(backend.edits.at(-1)).toEqual({
      op: "set-cell-duties", role: "ops", phase: "intake",
      duties: [{ zh: "评估需求", en: "评估需求-en" }, { zh: "编制报价", en: "报价-en" }],
    });
  });

  it("adds, reorders and removes duties", async () => {
    const { root, backend } = await editor("matrix");
    el(cell(root, "ops", "intake"), '.duty[data-index="0"] .duty-down').click();
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-cell-duties", duties: [{ zh: "报价" }, { zh: "评估需求" }] });
    el(cell(root, "ops", "intake"), '.duty[data-index="1"] .duty-remove').click();
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ duties: [{ zh: "评估需求" }] });
    el(cell(root, "ops", "close"), ".duty-add").click();
    const zh = el<HTMLInputElement>(cell(root, "ops", "close"), ".duty.editing .duty-zh");
    zh.value = "项目复盘";
    key(zh, "Enter");
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "set-cell-duties", role: "ops", phase: "close", duties: [{ zh: "项目复盘", en: "" }] });
  });

  it("changes a phase's lead with one click and sets a RACI letter", async () => {
    const { root, backend } = await editor("matrix");
    el(cell(root, "qa", "start"), ".lead-toggle").click();
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "set-lead", role: "qa", phase: "start" });
    const raci = el<HTMLSelectElement>(cell(root, "qa", "running"), "select.raci");
    raci.value = "C";
    raci.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "set-raci", role: "qa", phase: "running", raci: "C" });
  });

  it("moves between cells with the keyboard and edits with Enter", async () => {
    const { app, root, backend } = await editor("matrix");
    app.docs.matrix?.focusCell(0, 0);
    key(document.activeElement as HTMLElement, "ArrowRight");
    expect((document.activeElement as HTMLElement).dataset.phase).toBe("start");
    key(document.activeElement as HTMLElement, "ArrowDown");
    expect((document.activeElement as HTMLElement).dataset.role).toBe("qa");
    key(document.activeElement as HTMLElement, "Tab");
    expect((document.activeElement as HTMLElement).dataset.phase).toBe("running");
    key(document.activeElement as HTMLElement, "l");
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "set-lead", role: "qa", phase: "running" });
    key(el(root, 'td.cell[data-role="qa"][data-phase="running"]'), "Enter");
    expect((document.activeElement as HTMLInputElement).value).toBe("抽检");
    key(document.activeElement as HTMLElement, "Escape");
    expect(root.querySelector(".duty.editing")).toBeNull();
  });

  it("adds, moves and removes role rows picked from the chart", async () => {
    const { root, backend } = await editor("matrix");
    const pickRole = el<HTMLSelectElement>(root, "#matrix-add-role");
    expect([...pickRole.options].map((o) => o.value)).toEqual(["", "gm", "team"]);
    // Nothing picked: Add is off and says why.
    expect(el<HTMLButtonElement>(root, "#matrix-add").disabled).toBe(true);
    expect(el(root, "#matrix-add").title).toBe(dt("pickRoleFirst", "zh"));
    pickRole.value = "team";
    pickRole.dispatchEvent(new Event("change"));
    expect(el<HTMLButtonElement>(root, "#matrix-add").disabled).toBe(false);
    el(root, "#matrix-add").click();
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "add-matrix-row", role: "team", index: null });
    el(root, 'tr[data-role="ops"] .row-down').click();
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "move-matrix-row", role: "ops", index: 1 });
    el(root, 'tr[data-role="qa"] .row-remove').click();
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "remove-matrix-row", role: "qa" });
  });

  it("says why a disabled button is off", async () => {
    const { root } = await editor("matrix");
    const up = el<HTMLButtonElement>(root, 'tr[data-role="ops"] .row-up');
    expect(up.disabled).toBe(true);
    expect(up.title).toBe(dt("firstRow", "zh"));
    expect(el(root, 'tr[data-role="qa"] .row-up').title).toBe(dt("moveUp", "zh"));
    const down = el<HTMLButtonElement>(cell(root, "ops", "intake"), '.duty[data-index="1"] .duty-down');
    expect([down.disabled, down.title]).toEqual([true, dt("lastDuty", "zh")]);
    expect((root.querySelector("#undo") as HTMLButtonElement).title).toBe("没有可撤销的操作。撤销（Ctrl+Z）");
  });

  it("keeps the focus on a cell whose key made an edit, and arrows work from a clicked button", async () => {
    const { app, backend } = await editor("matrix");
    app.docs.matrix?.focusCell(1, 2);
    const focused = document.activeElement as HTMLElement;
    key(focused, "l");
    await settle();
    expect(backend.edits.at(-1)).toEqual({ op: "set-lead", role: "qa", phase: "running" });
    // The grid was patched, not rebuilt: the same cell element still has the focus.
    expect(document.activeElement).toBe(focused);
    const lead = focused.querySelector(".lead-toggle") as HTMLButtonElement;
    lead.focus();
    key(lead, "ArrowLeft");
    expect((document.activeElement as HTMLElement).dataset.phase).toBe("start");
    expect((document.activeElement as HTMLElement).tabIndex).toBe(0);
    expect(document.querySelectorAll('td.cell[tabindex="0"]')).toHaveLength(1);
    // Esc and Enter in a duty editor give the keyboard back to its cell.
    const start = document.activeElement as HTMLElement;
    key(start, "Enter");
    expect((document.activeElement as HTMLElement).classList.contains("duty-zh")).toBe(true);
    key(document.activeElement as HTMLElement, "Escape");
    expect(document.activeElement).toBe(start);
    key(start, "Enter", { ctrlKey: true });
    (document.activeElement as HTMLInputElement).value = "新职责";
    key(document.activeElement as HTMLElement, "Enter");
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-cell-duties", role: "qa", phase: "start" });
    expect(document.activeElement).toBe(start);
  });

  it("switches to English with the rest of the app", async () => {
    const { app, root } = await editor("matrix");
    await app.toggleLang();
    await settle();
    expect(el(root, "#tab-matrix").textContent).toBe("Matrix");
    expect(el(root, '#matrix-grid thead th[data-phase="intake"]').firstChild?.textContent).toBe("Intake");
    expect(cell(root, "ops", "intake").querySelector(".duty-text")?.textContent).toBe("评估需求-en");
  });

  it("exports the matrix through the save dialog", async () => {
    const { root, backend } = await editor("matrix");
    backend.savePath = "/out/m.xlsx";
    el(root, "#matrix-export-xlsx").click();
    await settle();
    expect(backend.calls).toContain("pickSave:xlsx:测试中心-matrix");
    expect(backend.calls).toContain("exportMatrix:xlsx:/out/m.xlsx");
  });
});

describe("job descriptions and KPIs", () => {
  it("starts a missing job description from the template's duties", async () => {
    const { root, backend } = await editor("jobs");
    el(root, '.job-item[data-position="gm"]').click();
    el(root, "#job-from-template").click();
    await settle();
    expect(backend.edits.at(-1)).toEqual({
      op: "set-job-description", position: "gm", summary: { zh: "全面负责", en: "Runs the center" },
      duties: [{ text: { zh: "制定战略", en: "Sets strategy" }, audience: "both" }],
    });
  });

  it("edits a duty's edition", async () => {
    const { root, backend } = await editor("jobs");
    const audience = el<HTMLSelectElement>(root, 'tr[data-index="0"] .jd-audience');
    audience.value = "csr";
    audience.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-job-description", position: "team", duties: [{ audience: "csr" }, { audience: "manager" }] });
  });

  it("edits a duty's text in a field that wraps and takes Enter as done", async () => {
    const { root, backend } = await editor("jobs");
    const zh = el<HTMLTextAreaElement>(root, 'tr[data-index="1"] .jd-zh');
    expect(zh.tagName).toBe("TEXTAREA");
    zh.focus();
    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    zh.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(document.activeElement).not.toBe(zh);
    const shiftEnter = new KeyboardEvent("keydown", { key: "Enter", shiftKey: true, bubbles: true, cancelable: true });
    zh.dispatchEvent(shiftEnter);
    expect(shiftEnter.defaultPrevented).toBe(false);
    zh.value = "按排班表准时上线";
    zh.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-job-description", duties: [{}, { text: { zh: "按排班表准时上线" } }] });
  });

  it("edits a KPI's target", async () => {
    const { root, backend } = await editor("kpis");
    const target = el<HTMLInputElement>(root, '.kpi-row[data-id="service-level"] .kpi-target');
    expect(target.value).toBe("80/20");
    target.value = "85/30";
    target.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-kpi", kpi: { id: "service-level", target: "85/30", name: { zh: "服务水平" } } });
  });
});

describe("manual preview", () => {
  it("shows the pages of the chosen edition and pages through them", async () => {
    const { root, backend } = await editor("manual");
    expect(backend.calls).toContain("preview:manager:zh:0");
    const img = el<HTMLImageElement>(root, "#page-image");
    expect(img.dataset.page).toBe("1");
    expect(el(root, "#page-count").textContent).toBe("/ 2");
    expect(decodeURIComponent(img.src)).toContain("<text>1</text>");
    el(root, "#page-next").click();
    await settle();
    expect(backend.calls).toContain("preview:manager:zh:1");
    expect(decodeURIComponent(el<HTMLImageElement>(root, "#page-image").src)).toContain("<text>2</text>");
    expect(el<HTMLButtonElement>(root, "#page-next").disabled).toBe(true);
    const edition = el<HTMLSelectElement>(root, "#preview-edition");
    edition.value = "csr";
    edition.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.calls).toContain("preview:csr:zh:0");
    expect(el<HTMLImageElement>(root, "#page-image").dataset.page).toBe("1");
  });

  it("shows the whole typesetting time on hover when a slow layout's figure outgrows its slot", async () => {
    // Under load the English "Typeset in 12345 ms" was cut off in its fixed-width slot.
    const { root } = await editor("manual");
    const status = el(root, "#preview-status");
    expect(status.textContent).toMatch(/ \d+ ms$/);
    expect(status.title).toBe(status.textContent);
  });

  it("asks for one page at a time and keeps those it has until the plan changes", async () => {
    const { app, root, backend } = await editor("manual");
    el(root, "#page-next").click();
    await settle();
    const asked = () => backend.calls.filter((c) => c.startsWith("preview:"));
    expect(asked()).toEqual(["preview:manager:zh:0", "preview:manager:zh:1"]);
    // Back to a page already drawn for this layout: shown at once, nothing asked.
    el(root, "#page-prev").click();
    expect(decodeURIComponent(el<HTMLImageElement>(root, "#page-image").src)).toContain("<text>1</text>");
    expect(asked()).toHaveLength(2);
    // After an edit the page on screen is asked for again, and the old pages are dropped.
    backend.previewPages = backend.previewPages.map((p) => p.replace("</text>", " edited</text>"));
    await app.edit({ op: "rename-plan", name: "改名中心" });
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(asked().at(-1)).toBe("preview:manager:zh:0");
    expect(decodeURIComponent(el<HTMLImageElement>(root, "#page-image").src)).toContain("1 edited");
    el(root, "#page-next").click();
    await settle();
    expect(asked().at(-1)).toBe("preview:manager:zh:1");
    expect(decodeURIComponent(el<HTMLImageElement>(root, "#page-image").src)).toContain("2 edited");
  });

  it("zooms the page in steps, fits it to the pane, and keeps the zoom across a language switch", async () => {
    const { app, root } = await editor("manual");
    const width = () => el<HTMLImageElement>(root, "#page-image").style.width;
    expect(width()).toBe("794px");
    expect(el(root, "#page-zoom").textContent).toBe("100%");
    el(root, "#page-zoom-in").click();
    expect(width()).toBe("993px");
    expect(el(root, "#page-zoom").textContent).toBe("125%");
    el(root, "#page-fit").click();
    expect(width()).toBe("100%");
    expect(el(root, "#page-zoom").textContent).toBe("适合宽度");
    el(root, "#page-zoom-out").click();
    expect(width()).toBe("596px");
    el(root, "#page-zoom-out").click();
    expect(width()).toBe("397px");
    expect(el<HTMLButtonElement>(root, "#page-zoom-out").disabled).toBe(true);
    await app.toggleLang();
    await settle();
    el(root, "#tab-manual").click();
    await settle();
    expect(width()).toBe("397px");
    expect(el(root, "#page-zoom").textContent).toBe("50%");
  });

  it("exports both editions from one save dialog", async () => {
    const { root, backend } = await editor("manual");
    backend.savePath = "/out/manual.pdf";
    el<HTMLSelectElement>(root, "#export-which").value = "both";
    el(root, "#export-pdf").click();
    await settle();
    expect(backend.calls).toContain("exportManual:manager:zh:/out/manual-manager.pdf");
    expect(backend.calls).toContain("exportManual:csr:zh:/out/manual-csr.pdf");
    expect(el(root, "#export-progress").dataset.state).toBe("done");
  });

  it("exports both editions in both languages from one save dialog", async () => {
    const { root, backend } = await editor("manual");
    backend.savePath = "/out/manual.pdf";
    el<HTMLSelectElement>(root, "#export-which").value = "all";
    el(root, "#export-pdf").click();
    await settle();
    expect(backend.calls.filter((c) => c.startsWith("exportManual:"))).toEqual([
      "exportManual:manager:zh:/out/manual-manager-zh.pdf",
      "exportManual:manager:en:/out/manual-manager-en.pdf",
      "exportManual:csr:zh:/out/manual-csr-zh.pdf",
      "exportManual:csr:en:/out/manual-csr-en.pdf",
    ]);
    expect(el(root, "#export-progress").dataset.state).toBe("done");
  });

  it("exports the manual as Word from its own button", async () => {
    const { root, backend } = await editor("manual");
    backend.savePath = "/out/manual.docx";
    el<HTMLSelectElement>(root, "#export-which").value = "both";
    el(root, "#export-docx").click();
    await settle();
    expect(backend.calls.filter((c) => c.startsWith("pickSave:"))).toEqual([expect.stringMatching(/^pickSave:docx:/)]);
    expect(backend.calls.filter((c) => c.startsWith("exportManual:"))).toEqual([
      "exportManual:docx:manager:zh:/out/manual-manager.docx",
      "exportManual:docx:csr:zh:/out/manual-csr.docx",
    ]);
    expect(el(root, "#export-progress").dataset.state).toBe("done");
  });
});

describe("helpers", () => {
  it("moves list items within bounds", () => {
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], 2, -2)).toEqual(["c", "a", "b"]);
  });

  it("steps between cells inside the grid", () => {
    expect(step(0, 0, "ArrowUp", 3)).toEqual([0, 0]);
    expect(step(2, 3, "ArrowRight", 3)).toEqual([2, 3]);
    expect(step(1, 1, "ArrowDown", 3)).toEqual([2, 1]);
  });

  it("gives a cell its own, its row's and its column's diagnostics", () => {
    const d = (role: string | null, phase: "intake" | "start" | null) =>
      ({ code: `${role}/${phase}`, severity: "error", message: { zh: "", en: "" }, role, phase }) as const;
    const all = [d("a", "intake"), d("a", null), d(null, "intake"), d("b", "intake"), d(null, "start")];
    expect(cellDiagnostics([...all], "a", "intake").map((x) => x.code)).toEqual(["a/intake", "a/null", "null/intake"]);
  });

  it("steps the page zoom within its range", () => {
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom("fit", -1)).toBe(0.75);
    expect(stepZoom(2, 1)).toBe(2);
    expect(stepZoom(0.5, -1)).toBe(0.5);
    expect(pageWidth(1.5)).toBe("1191px");
    expect(pageWidth("fit")).toBe("100%");
  });

  it("names both editions' files after the chosen one", () => {
    expect(editionPaths("/x/m.pdf", "both", "en")).toEqual([["manager", "en", "/x/m-manager.pdf"], ["csr", "en", "/x/m-csr.pdf"]]);
    expect(editionPaths("/x/m.pdf", "csr", "zh")).toEqual([["csr", "zh", "/x/m.pdf"]]);
    expect(editionPaths("/x/m.PDF", "all", "zh").map(([e, l, f]) => `${e}:${l}:${f}`)).toEqual([
      "manager:zh:/x/m-manager-zh.pdf",
      "manager:en:/x/m-manager-en.pdf",
      "csr:zh:/x/m-csr-zh.pdf",
      "csr:en:/x/m-csr-en.pdf",
    ]);
    expect(editionPaths("/x/m.docx", "both", "zh", "docx").map(([, , f]) => f)).toEqual(["/x/m-manager.docx", "/x/m-csr.docx"]);
  });

  it("has every string in both languages", () => {
    for (const k of allDocKeys) {
      expect(dt(k, "zh")).not.toBe("");
      expect(dt(k, "en")).not.toBe("");
    }
  });
});

describe("typing survives the re-render after a change", () => {
  it("keeps the job-description field tabbed into", async () => {
    const { root, backend } = await editor("jobs");
    const zh = el<HTMLTextAreaElement>(root, 'tr[data-index="0"] .jd-zh');
    const en = el<HTMLTextAreaElement>(root, 'tr[data-index="0"] .jd-en');
    zh.focus();
    zh.value = "排班与考勤";
    zh.dispatchEvent(new Event("change"));
    en.focus();
    en.value = "Rosters and";
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-job-description", duties: [{ text: { zh: "排班与考勤", en: "Rosters" } }, {}] });
    expect(el(root, 'tr[data-index="0"] .jd-en')).toBe(en);
    expect(document.activeElement).toBe(en);
    expect(en.value).toBe("Rosters and");
    expect(zh.value).toBe("排班与考勤");
    // Enter still means done, once (no second listener from the re-render).
    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    en.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(document.activeElement).not.toBe(en);
  });

  it("keeps the KPI field tabbed into", async () => {
    const { root, backend } = await editor("kpis");
    const row = '.kpi-row[data-id="service-level"]';
    const zh = el<HTMLTextAreaElement>(root, `${row} .kpi-definition-zh`);
    const en = el<HTMLTextAreaElement>(root, `${row} .kpi-definition-en`);
    zh.focus();
    zh.value = "20 秒内接通的比例";
    zh.dispatchEvent(new Event("change"));
    en.focus();
    en.value = "Share answered within";
    await settle();
    expect(backend.edits.at(-1)).toMatchObject({ op: "set-kpi", kpi: { id: "service-level", definition: { zh: "20 秒内接通的比例" } } });
    expect(el(root, `${row} .kpi-definition-en`)).toBe(en);
    expect(document.activeElement).toBe(en);
    expect(en.value).toBe("Share answered within");
    expect(el<HTMLSelectElement>(root, `${row} .kpi-audience`).value).toBe("both");
  });
});
