import { EditorView } from "@codemirror/view";
import { App } from "./app";
import type { Edit } from "./bindings/Edit";
import { allChapterKeys, ct } from "./chapters-i18n";
import { applyChanges, audienceBlocks, Debounce, headingAbove, reference, toggleAudience } from "./chapter-text";
import { COMMIT_MS, PREVIEW_MS, chapterBadges, dropIndex } from "./chapters";
import type { FakeBackend } from "./fake-backend";
import { startApp } from "./test-helpers";
import { isClockTime, wholeNumber, withRule, withShift } from "./rules-form";
import { sampleRules } from "./fake-chapters";

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});
afterEach(() => {
  // An editor left behind keeps listening to the document's selection changes, which
  // happy-dom's shadow roots cannot answer once detached by the next test.
  const shadow = document.querySelector("#chapter-editor")?.shadowRoot;
  const editor = shadow?.querySelector<HTMLElement>(".cm-editor");
  if (editor) EditorView.findFromDOM(editor)?.destroy();
  vi.useRealTimers();
});

async function editor(tab: "chapters" | "rules", lang: "zh" | "en" = "zh"): Promise<{ app: App; backend: FakeBackend; root: HTMLElement }> {
  const { app, backend, root } = await startApp(true, lang);
  el(root, `#tab-${tab}`).click();
  await settle();
  return { app, backend, root };
}

function el<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

function rows(root: HTMLElement): string[] {
  return [...root.querySelectorAll<HTMLElement>(".chapter-row")].map((r) => r.dataset.id ?? "");
}

/** The chapter editor (CodeMirror, inside the editor host's shadow root). */
function cm(root: HTMLElement): EditorView {
  const shadow = el(root, "#chapter-editor").shadowRoot;
  const view = shadow && EditorView.findFromDOM(el(shadow, ".cm-editor"));
  if (!view) throw new Error("no editor");
  return view;
}

/** Types `text` at the end of the editor's text, one character per keystroke. */
async function type(view: EditorView, text: string, gapMs = 40): Promise<void> {
  for (const ch of text) {
    view.dispatch({ changes: { from: view.state.doc.length, insert: ch } });
    await vi.advanceTimersByTimeAsync(gapMs);
  }
}

function press(target: HTMLElement, key: string, extra: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, ...extra }));
}

function edits<T extends Edit["op"]>(backend: FakeBackend, op: T): Extract<Edit, { op: T }>[] {
  return backend.edits.filter((e): e is Extract<Edit, { op: T }> => e.op === op);
}

describe("audience blocks", () => {
  const text = "# 标题\n\n第一段\n第二段\n\n第三段";

  it("wraps the selected lines in a block of that edition", () => {
    const out = applyChanges(text, toggleAudience(text, 3, 4, "manager"));
    expect(out).toBe("# 标题\n\n::: manager\n第一段\n第二段\n:::\n\n第三段");
    expect(audienceBlocks(out)).toEqual([{ audience: "manager", open: 3, close: 6 }]);
  });

  it("takes lines inside a block of the same edition out of it, fences and all", () => {
    const wrapped = applyChanges(text, toggleAudience(text, 3, 4, "manager"));
    expect(applyChanges(wrapped, toggleAudience(wrapped, 4, 4, "manager"))).toBe(text);
  });

  it("switches a block to the other edition", () => {
    const wrapped = applyChanges(text, toggleAudience(text, 6, 6, "csr"));
    expect(wrapped).toBe("# 标题\n\n第一段\n第二段\n\n::: csr\n第三段\n:::");
    const switched = applyChanges(wrapped, toggleAudience(wrapped, 7, 7, "manager"));
    expect(switched).toBe("# 标题\n\n第一段\n第二段\n\n::: manager\n第三段\n:::");
    // The last line's block goes without leaving a blank line behind.
    expect(applyChanges(switched, toggleAudience(switched, 8, 8, "manager"))).toBe(text);
  });

  it("reads the core's Chinese fence words and a block left open", () => {
    expect(audienceBlocks("::: 经理版\n甲\n:::\n::: 员工版\n乙")).toEqual([
      { audience: "manager", open: 1, close: 3 },
      { audience: "csr", open: 4, close: 6 },
    ]);
  });

  it("finds the heading above a line, not one inside a code block", () => {
    const doc = "# 章\n\n## 一节\n正文\n```\n# 注释\n```\n正文";
    expect(headingAbove(doc, 4)).toBe("一节");
    expect(headingAbove(doc, 8)).toBe("一节");
    expect(headingAbove(doc, 1)).toBe("章");
  });

  it("quotes what it references in the core's syntax", () => {
    expect(reference.position('qa "lead"')).toBe('{{ position("qa \\"lead\\"") }}');
    expect(reference.kpi("service-level", "target")).toBe('{{ kpi("service-level").target }}');
    expect(reference.rule("complaint.l4.resolve")).toBe('{{ rule("complaint.l4.resolve") }}');
  });
});

describe("debounce", () => {
  it("runs once after a burst, at once on flush, never after cancel", async () => {
    let runs = 0;
    const d = new Debounce(100, () => runs++);
    for (let i = 0; i < 5; i++) {
      d.poke();
      await vi.advanceTimersByTimeAsync(60);
    }
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
    d.poke();
    d.flush();
    expect(runs).toBe(2);
    d.poke();
    d.cancel();
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toBe(2);
  });

  it("puts a dragged row after the rows whose middle is above the pointer", () => {
    const middles = [10, 30, 50, 70];
    expect(dropIndex(middles, 0, 55)).toBe(2);
    expect(dropIndex(middles, 3, 5)).toBe(0);
    expect(dropIndex(middles, 1, 31)).toBe(1);
  });
});

describe("chapter list", () => {
  it("lists the chapters in print order with their states", async () => {
    const { root, backend } = await editor("chapters");
    expect(rows(root)).toEqual(["01-about", "05-scheduling", "09-complaints"]);
    expect(el(root, ".chapter-row.selected").dataset.id).toBe("01-about");
    backend.manual.markChanged("09-complaints", "zh", "# 投诉处理\n\n我的文本\n");
    await backend.edit({ op: "set-chapter-hidden", id: "05-scheduling", hidden: true });
    const entries = backend.plan.manual.chapters;
    expect(chapterBadges(entries[1])).toEqual(["stateBuiltin", "stateHidden"]);
    expect(chapterBadges(entries[2])).toEqual(["stateEdited", "stateChanged"]);
  });

  it("moves the focused chapter with Alt+↓ and Alt+↑, one edit each, the focus following", async () => {
    const { root, backend } = await editor("chapters");
    press(el(root, '.chapter-row[data-id="01-about"]'), "ArrowDown", { altKey: true });
    await settle();
    expect(edits(backend, "move-chapter")).toEqual([{ op: "move-chapter", id: "01-about", index: 1 }]);
    expect(rows(root)).toEqual(["05-scheduling", "01-about", "09-complaints"]);
    expect((document.activeElement as HTMLElement).dataset.id).toBe("01-about");
    press(el(root, '.chapter-row[data-id="01-about"]'), "ArrowUp", { altKey: true });
    await settle();
    expect(rows(root)).toEqual(["01-about", "05-scheduling", "09-complaints"]);
    // At the top, Alt+↑ does nothing.
    press(el(root, '.chapter-row[data-id="01-about"]'), "ArrowUp", { altKey: true });
    await settle();
    expect(edits(backend, "move-chapter")).toHaveLength(2);
  });

  it("hides and shows a chapter", async () => {
    const { root, backend } = await editor("chapters");
    el(root, '.chapter-row[data-id="05-scheduling"] .hide-toggle').click();
    await settle();
    expect(el(root, '.chapter-row[data-id="05-scheduling"]').classList.contains("hidden-chapter")).toBe(true);
    expect(el(root, '.chapter-row[data-id="05-scheduling"] .badges').textContent).toContain("已隐藏");
    el(root, '.chapter-row[data-id="05-scheduling"] .hide-toggle').click();
    await settle();
    expect(edits(backend, "set-chapter-hidden").map((e) => e.hidden)).toEqual([true, false]);
  });

  it("adds a chapter after the selected one, selects it, renames it and deletes it after asking", async () => {
    const { root, backend } = await editor("chapters");
    el(root, '.chapter-row[data-id="05-scheduling"]').click();
    await settle();
    el(root, "#add-chapter").click();
    await settle();
    expect(edits(backend, "add-chapter")[0]).toMatchObject({ id: null, index: 2, text: { zh: "# 新章节\n\n", en: "# New chapter\n\n" } });
    expect(rows(root)[2]).toBe("custom-1");
    expect(el(root, ".chapter-row.selected").dataset.id).toBe("custom-1");
    expect(cm(root).state.doc.toString()).toBe("# 新章节\n\n");
    const title = el<HTMLInputElement>(root, "#chapter-title");
    title.value = "夜间值班";
    title.dispatchEvent(new Event("change"));
    await settle();
    expect(edits(backend, "rename-chapter")).toEqual([{ op: "rename-chapter", id: "custom-1", lang: "zh", title: "夜间值班" }]);
    expect(el(root, ".chapter-row.selected .chapter-title").textContent).toBe("夜间值班");

    el(root, "#delete-chapter").click();
    await settle();
    expect(el(root, "#delete-dialog").textContent).toContain("删除章节“夜间值班”？");
    el(root, '#delete-dialog [data-act="cancel"]').click();
    await settle();
    expect(edits(backend, "delete-chapter")).toHaveLength(0);
    el(root, "#delete-chapter").click();
    await settle();
    el(root, '#delete-dialog [data-act="delete"]').click();
    await settle();
    expect(edits(backend, "delete-chapter")).toEqual([{ op: "delete-chapter", id: "custom-1" }]);
    expect(rows(root)).not.toContain("custom-1");
  });

  it("resets an edited built-in chapter after asking; an unedited one has nothing to reset", async () => {
    const { root, backend } = await editor("chapters");
    expect(el<HTMLButtonElement>(root, "#reset-chapter").disabled).toBe(true);
    expect(root.querySelector("#delete-chapter")).toBeNull();
    await type(cm(root), "加");
    await vi.advanceTimersByTimeAsync(COMMIT_MS);
    await settle();
    expect(el(root, ".chapter-row.selected .badges").textContent).toContain("已修改 中");
    el(root, "#reset-chapter").click();
    await settle();
    expect(el(root, "#delete-dialog").textContent).toContain("恢复为内置文本");
    el(root, '#delete-dialog [data-act="delete"]').click();
    await settle();
    expect(edits(backend, "reset-chapter")).toEqual([{ op: "reset-chapter", id: "01-about", lang: "zh" }]);
    expect(cm(root).state.doc.toString()).toBe(backend.manual.text("01-about", "zh").markdown);
  });
});

describe("chapter editor", () => {
  it("commits a burst of typing as one edit, after the pause", async () => {
    const { root, backend } = await editor("chapters");
    const view = cm(root);
    const before = view.state.doc.toString();
    await type(view, "本中心夜间有值班经理。");
    expect(edits(backend, "set-chapter-text")).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(COMMIT_MS);
    await settle();
    expect(edits(backend, "set-chapter-text")).toEqual([
      { op: "set-chapter-text", id: "01-about", lang: "zh", markdown: `${before}本中心夜间有值班经理。` },
    ]);
  });

  it("previews the typed text within the debounce, before it is committed", async () => {
    const { root, backend } = await editor("chapters");
    const view = cm(root);
    backend.manual.previews = [];
    await type(view, "甲乙", 20);
    await vi.advanceTimersByTimeAsync(PREVIEW_MS);
    await settle();
    const last = backend.manual.previews.at(-1);
    expect(last?.draft?.markdown).toBe(view.state.doc.toString());
    expect(edits(backend, "set-chapter-text")).toHaveLength(0);
    expect(backend.manual.previews).toHaveLength(1);
    expect(el<HTMLImageElement>(root, "#chapter-page").src).toContain("data:image/svg+xml");
  });

  it("follows the plan's text on undo and redo, Ctrl+Z in the editor being the app's undo", async () => {
    const { root, backend } = await editor("chapters");
    const view = cm(root);
    const original = view.state.doc.toString();
    await type(view, "一");
    await vi.advanceTimersByTimeAsync(COMMIT_MS);
    await settle();
    await type(view, "二");
    // Ctrl+Z with typing not yet committed: it is committed, then the last step undone.
    press(view.contentDOM, "z", { ctrlKey: true });
    await settle();
    expect(edits(backend, "set-chapter-text")).toHaveLength(2);
    expect(view.state.doc.toString()).toBe(`${original}一`);
    press(view.contentDOM, "z", { ctrlKey: true });
    await settle();
    expect(view.state.doc.toString()).toBe(original);
    press(view.contentDOM, "y", { ctrlKey: true });
    await settle();
    expect(view.state.doc.toString()).toBe(`${original}一`);
    expect(backend.calls.filter((c) => c === "undo" || c === "redo")).toEqual(["undo", "undo", "redo"]);
  });

  it("edits the other language's text on its own", async () => {
    const { root, backend } = await editor("chapters");
    el(root, "#chapter-lang-en").click();
    await settle();
    expect(cm(root).state.doc.toString()).toContain("Built-in first paragraph.");
    await type(cm(root), "!");
    await vi.advanceTimersByTimeAsync(COMMIT_MS);
    await settle();
    expect(edits(backend, "set-chapter-text")[0]).toMatchObject({ lang: "en" });
  });

  it("wraps the selected lines for one edition with the toggle", async () => {
    const { root } = await editor("chapters");
    const view = cm(root);
    const line = view.state.doc.line(3);
    view.dispatch({ selection: { anchor: line.from, head: line.to } });
    el(root, "#audience-manager").click();
    expect(view.state.doc.line(3).text).toBe("::: manager");
    expect(view.state.doc.line(5).text).toBe(":::");
    el(root, "#audience-manager").click();
    expect(view.state.doc.line(3).text).toBe("内置正文第一段。");
  });

  it("inserts a reference picked from positions, roles, KPIs and rules", async () => {
    const { root } = await editor("chapters");
    const picker = el<HTMLSelectElement>(root, "#insert-reference");
    const groups = [...picker.querySelectorAll("optgroup")].map((g) => g.getAttribute("label"));
    expect(groups).toEqual(["中心", "岗位（组织架构）", "角色（按职能）", "KPI 指标", "中心规则"]);
    const values = [...picker.querySelectorAll("option")].map((o) => o.value);
    expect(values).toContain('{{ position("qa") }}');
    expect(values).toContain('{{ role("qa-specialist") }}');
    expect(values).toContain('{{ kpi("service-level").target }}');
    expect(values).toContain('{{ rule("complaint.l4.resolve") }}');
    const view = cm(root);
    view.dispatch({ selection: { anchor: 0 } });
    picker.value = '{{ rule("complaint.l4.resolve") }}';
    picker.dispatchEvent(new Event("change"));
    expect(view.state.doc.toString().startsWith('{{ rule("complaint.l4.resolve") }}# 关于本手册')).toBe(true);
    expect(picker.value).toBe("");
  });

  it("shows the chapter's diagnostics of this language on their lines", async () => {
    const { app, root, backend } = await editor("chapters");
    backend.manual.diagnostics = [
      { code: "manual.unknown-reference", severity: "error", message: { zh: "没有岗位 x", en: "no position x" }, chapter: "01-about", lang: "zh", line: 3 },
      { code: "manual.unknown-reference", severity: "error", message: { zh: "英文的", en: "the English one" }, chapter: "01-about", lang: "en", line: 1 },
      { code: "manual.unknown-reference", severity: "error", message: { zh: "别的章", en: "another chapter" }, chapter: "09-complaints", lang: "zh", line: 1 },
    ];
    await app.edit({ op: "set-chapter-hidden", id: "09-complaints", hidden: false });
    await settle();
    const listed = [...root.querySelectorAll<HTMLElement>("#chapter-diagnostics .diag")];
    expect(listed.map((d) => d.textContent?.trim())).toEqual(["第 3 行 没有岗位 x"]);
    expect(listed[0].dataset.line).toBe("3");
    await vi.advanceTimersByTimeAsync(0);
    expect(el(root, "#chapter-editor").shadowRoot?.querySelectorAll(".cm-lint-marker-error")).toHaveLength(1);
  });
});

describe("built-in change", () => {
  it("shows the new built-in text beside mine with keep mine and take the new text", async () => {
    const { app, root, backend } = await editor("chapters");
    backend.manual.markChanged("05-scheduling", "zh", "# 排班与考勤\n\n我的第一段。\n");
    await app.edit({ op: "set-chapter-hidden", id: "09-complaints", hidden: false });
    el(root, '.chapter-row[data-id="05-scheduling"]').click();
    await settle();
    const panel = el(root, "#builtin-change");
    expect(panel.querySelector(".diff-builtin")?.textContent).toContain("内置正文第一段。");
    expect(panel.querySelector(".diff-mine")?.textContent).toContain("我的第一段。");
    expect(el(root, '.chapter-row[data-id="05-scheduling"] .badges').textContent).toContain("内置文本有更新 中");
    el(root, "#keep-mine").click();
    await settle();
    expect(edits(backend, "rebase-chapter")).toEqual([{ op: "rebase-chapter", id: "05-scheduling", lang: "zh" }]);
    expect(root.querySelector("#builtin-change")).toBeNull();
    expect(cm(root).state.doc.toString()).toContain("我的第一段。");

    backend.manual.markChanged("05-scheduling", "zh", "# 排班与考勤\n\n我的第一段。\n");
    await app.edit({ op: "set-chapter-hidden", id: "09-complaints", hidden: false });
    await settle();
    el(root, "#take-new").click();
    await settle();
    expect(edits(backend, "reset-chapter")).toEqual([{ op: "reset-chapter", id: "05-scheduling", lang: "zh" }]);
    expect(cm(root).state.doc.toString()).toContain("内置正文第一段。");
  });
});

describe("rules form", () => {
  it("lays out every rule of the spec by group, with the shift table under scheduling", async () => {
    const { root } = await editor("rules");
    const groups = [...root.querySelectorAll<HTMLElement>(".rule-group")].map((g) => g.dataset.group);
    expect(groups).toEqual(["service", "schedule", "complaints", "quality"]);
    expect(el(root, '.rule-group[data-group="schedule"] #shift-table')).toBeTruthy();
    expect([...root.querySelectorAll(".rule-label")].map((l) => l.textContent)).toEqual(["人工服务开始", "四级投诉处理结果", "每人每月抽样通数", "神秘顾客频次"]);
    expect(root.querySelectorAll(".shift-row")).toHaveLength(2);
  });

  it("changes a span, a count and a frequency, each as one set-rules edit", async () => {
    const { root, backend } = await editor("rules");
    const amount = el<HTMLInputElement>(root, '[data-key="complaint.l4.resolve"] .rule-amount');
    amount.value = "7";
    amount.dispatchEvent(new Event("change"));
    await settle();
    const unit = el<HTMLSelectElement>(root, '[data-key="complaint.l4.resolve"] .rule-unit');
    unit.value = "days";
    unit.dispatchEvent(new Event("change"));
    await settle();
    const count = el<HTMLInputElement>(root, '[data-key="qa.sample"] input');
    count.value = "12";
    count.dispatchEvent(new Event("change"));
    await settle();
    const sets = edits(backend, "set-rules").map((e) => e.rules as unknown as Record<string, unknown>);
    expect(sets.map((r) => [r.complaintL4Resolve, r.qaSample])).toEqual([
      [{ amount: 7, unit: "working-days" }, 8],
      [{ amount: 7, unit: "days" }, 8],
      [{ amount: 7, unit: "days" }, 12],
    ]);
    // A changed rule offers its default back.
    el(root, '[data-key="qa.sample"] .rule-default').click();
    await settle();
    expect((edits(backend, "set-rules").at(-1)?.rules as unknown as Record<string, unknown>).qaSample).toBe(8);
  });

  it("refuses a time that is not HH:MM on the field, sending nothing", async () => {
    const { root, backend } = await editor("rules");
    const time = el<HTMLInputElement>(root, '[data-key="service.open"] input');
    time.value = "8点";
    time.dispatchEvent(new Event("change"));
    await settle();
    expect(edits(backend, "set-rules")).toHaveLength(0);
    expect(el(root, '[data-key="service.open"]').textContent).toContain("请按 时:分 填写");
    time.value = "07:30";
    time.dispatchEvent(new Event("change"));
    await settle();
    expect((edits(backend, "set-rules")[0].rules as unknown as Record<string, unknown>).serviceOpen).toBe("07:30");
    expect(el(root, '[data-key="service.open"]').textContent).not.toContain("请按 时:分 填写");
  });

  it("adds, edits and removes shifts, and shows the core's diagnostics on their row", async () => {
    const { app, root, backend } = await editor("rules");
    el(root, "#add-shift").click();
    await settle();
    expect(root.querySelectorAll(".shift-row")).toHaveLength(3);
    const added = edits(backend, "set-rules")[0].rules.shifts[2];
    expect(added).toMatchObject({ name: { zh: "新班次 3", en: "New shift 3" }, start: "08:00", end: "16:30" });
    const end = el<HTMLInputElement>(root, '.shift-row[data-index="2"] .rule-time[aria-label="结束"]');
    end.value = "09:00";
    end.dispatchEvent(new Event("change"));
    await settle();
    expect(edits(backend, "set-rules")[1].rules.shifts[2].end).toBe("09:00");
    backend.manual.ruleDiagnostics = [
      { code: "rules.breaks-exceed-shift", severity: "error", message: { zh: "“新班次 3”的休息超过班次长度", en: "breaks exceed the shift" }, key: "shift.3" },
      { code: "rules.deadline-order", severity: "error", message: { zh: "处理结果早于首次联系", en: "result before first contact" }, key: "complaint.l4.resolve" },
    ];
    await app.edit({ op: "set-chapter-hidden", id: "01-about", hidden: false });
    await settle();
    expect(el(root, '.shift-row[data-index="2"]').classList.contains("flagged")).toBe(true);
    expect(el(root, ".shift-diags").textContent).toContain("休息超过班次长度");
    expect(el(root, '[data-key="complaint.l4.resolve"]').textContent).toContain("处理结果早于首次联系");
    el(root, '.shift-row[data-index="0"] .remove-shift').click();
    await settle();
    expect(edits(backend, "set-rules").at(-1)?.rules.shifts.map((s) => s.name.zh)).toEqual(["晚班", "新班次 3"]);
  });

  it("reads values generically", () => {
    expect(isClockTime("23:59")).toBe(true);
    expect(isClockTime("24:00")).toBe(false);
    expect(wholeNumber(" 12 ")).toBe(12);
    expect(wholeNumber("-1")).toBeNull();
    const rules = sampleRules();
    expect((withRule(rules, { field: "qaSample" }, 3) as unknown as Record<string, unknown>).qaSample).toBe(3);
    expect(withShift(rules, 1, { breaks: 0 }).shifts.map((s) => s.breaks)).toEqual([2, 0]);
    expect(rules.shifts[1].breaks).toBe(2);
  });
});

describe("chapters in English", () => {
  it("has every string in both languages and shows the English ones", async () => {
    for (const key of allChapterKeys) {
      expect(ct(key, "zh"), key).not.toBe("");
      expect(ct(key, "en"), key).not.toBe("");
    }
    const { root } = await editor("chapters", "en");
    expect(el(root, "#tab-chapters").textContent).toBe("Chapters");
    expect(el(root, "#tab-rules").textContent).toBe("Rules");
    expect(el(root, "#add-chapter").textContent).toBe("+ Add chapter");
    expect(el(root, "#chapter-diagnostics").textContent).toContain("No problems in this chapter");
  });
});
