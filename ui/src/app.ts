// The application controller: start screen, editor, dialogs and shortcuts, over a
// `Backend` (the real one talks to Rust; tests pass a fake).

import type { Paper } from "./bindings/Paper";
import type { AppError } from "./bindings/AppError";
import type { CenterType } from "./bindings/CenterType";
import type { CenterTypeInfo } from "./bindings/CenterTypeInfo";
import type { Edit } from "./bindings/Edit";
import type { FunctionInfo } from "./bindings/FunctionInfo";
import type { LineKind } from "./bindings/LineKind";
import type { NodeView } from "./bindings/NodeView";
import type { PlanView } from "./bindings/PlanView";
import type { Prefs } from "./bindings/Prefs";
import type { RecoveryInfo } from "./bindings/RecoveryInfo";
import { html, nothing, render } from "lit-html";
import { type Backend, asAppError } from "./backend";
import { ChartCanvas } from "./chart";
import { boxTip, renderLegend } from "./legend";
import { CenterDialog } from "./center";
import { DocsPane } from "./docs-pane";
import { clearsWhenPlanChanges, errorText, planContent } from "./errors";
import { hasOwnEdits, isTextField } from "./fields";
import { AboutDialog } from "./about";
import { HelpPanel } from "./help";
import { type Lang, type StringKey, deleteQuestion, esc, pick, t, toolbarTip, wroteMessage } from "./i18n";
import { isInSubtree, markers, search, shortcut, subtree, windowTitle } from "./plan";
import { StaffingPanel } from "./staffing";
import { SheetImport } from "./sheet-import";

/** How often the recovery copy is written while there are unsaved changes. */
export const AUTOSAVE_MS = 3000;

export class App {
  lang: Lang = "zh";
  plan: PlanView | null = null;
  selected: string | null = null;
  /** Drawing a line: the kind, waiting for the user to click who receives the report. */
  linePick: LineKind | null = null;
  matches: string[] = [];
  private matchIndex = -1;
  private prefs: Prefs = { lang: "zh", recent: [] };
  private centerTypes: CenterTypeInfo[] = [];
  /** Every function with its names, from the core, for the inspector's picker. */
  private functions: FunctionInfo[] = [];
  private recovery: RecoveryInfo[] = [];
  /** The content of the plan the error banner is about, or null when it outlives edits. */
  private errorPlan: string | null = null;
  private canvas: ChartCanvas | null = null;
  /** The dotted or bypass line clicked on the chart, by plan line index. */
  selectedLine: number | null = null;
  /** Whether the chart's legend is unfolded (for this session). */
  private legendOpen = true;
  private autosaveTimer: ReturnType<typeof setInterval> | null = null;
  private query = "";
  /** The open plan's staffing panel, kept between openings. */
  private staffingPanel: StaffingPanel | null = null;
  /** The matrix, job description, KPI and manual tabs. */
  readonly docs: DocsPane;
  /** The center's names and type (toolbar, *Center*). */
  readonly center: CenterDialog;
  /** Shortcuts and how-tos (F1). */
  readonly help: HelpPanel;
  /** Version and licences. */
  readonly about: AboutDialog;
  /** The files from outside (command line, second launch) being opened, one after the other. */
  private launching: Promise<void> = Promise.resolve();

  constructor(
    private root: HTMLElement,
    private backend: Backend,
  ) {
    this.docs = new DocsPane(this, backend);
    this.center = new CenterDialog(root, this, backend, () => this.centerTypes);
    this.about = new AboutDialog(root, backend, () => this.lang, (err) => this.showError(asAppError(err)));
    this.help = new HelpPanel(root, () => this.lang, () => {
      this.help.close();
      void this.about.open();
    });
  }

  private tr(key: StringKey): string {
    return t(key, this.lang);
  }

  async start(): Promise<void> {
    this.prefs = await this.backend.prefs();
    this.lang = this.prefs.lang;
    this.centerTypes = await this.backend.centerTypes();
    this.functions = await this.backend.functions();
    this.recovery = await this.backend.pendingRecovery();
    document.addEventListener("keydown", (e) => void this.onKey(e));
    // The webview's own menu (Reload, Inspect) is for developers: a release build keeps
    // only the text fields' menu (cut, copy, paste).
    if (!(await this.backend.debugBuild())) {
      document.addEventListener("contextmenu", (e) => {
        if (!isTextField(e.target as Element | null)) e.preventDefault();
      });
    }
    this.backend.onCloseRequested(() => this.promptClose());
    this.autosaveTimer = setInterval(() => void this.autosave(), AUTOSAVE_MS);
    this.renderStart();
    await this.updateTitle();
    // The second animation frame's callback runs once the first frame is painted.
    requestAnimationFrame(() => requestAnimationFrame(() => void this.backend.firstFrame().catch(() => undefined)));
    this.backend.onOpenFile(() => void this.openLaunchFiles());
    await this.openLaunchFiles();
  }

  /**
   * Opens the files the app was given from outside — on its command line (a double-click
   * in the file manager) or by a second launch while it runs — one after the other, each
   * as if picked in the open dialog.
   */
  openLaunchFiles(): Promise<void> {
    this.launching = this.launching.then(async () => {
      const files = (await this.guard(() => this.backend.launchFiles())) ?? [];
      for (const path of files) await this.openAny(path);
    });
    return this.launching;
  }

  stop(): void {
    if (this.autosaveTimer) clearInterval(this.autosaveTimer);
  }

  async autosave(): Promise<void> {
    if (!this.plan?.dirty) return;
    try {
      await this.backend.autosave();
    } catch (err) {
      this.showError(asAppError(err));
    }
  }

  private async updateTitle(): Promise<void> {
    await this.backend.setTitle(windowTitle(this.plan, this.lang));
  }

  // ---- feedback ---------------------------------------------------------------------

  /**
   * Every failure the app shows comes here (the panes pass theirs up): the core's message
   * in the user's terms, with its code for support. A failure caused by the plan's content
   * remembers the plan it happened on, so its banner goes when the plan changes
   * (`clearStaleError`).
   */
  showError(err: AppError): void {
    const box = this.root.querySelector<HTMLElement>("#toast") ?? this.makeToast();
    box.className = "toast error";
    box.dataset.code = err.code;
    this.errorPlan = clearsWhenPlanChanges(err.code) ? planContent(this.plan) : null;
    box.innerHTML = `<strong>${esc(this.tr("error"))}</strong> ${esc(errorText(err, this.lang))} <code>${esc(err.code)}</code> <button class="dismiss">×</button>`;
    box.querySelector("button")?.addEventListener("click", () => box.remove());
  }

  /** Removes a banner about the plan's content once the plan is no longer what failed. */
  private clearStaleError(plan: PlanView): void {
    if (this.errorPlan === null) return;
    const box = this.root.querySelector<HTMLElement>("#toast.error");
    if (box && planContent(plan) === this.errorPlan) return;
    box?.remove();
    this.errorPlan = null;
  }

  private notify(text: string): void {
    const box = this.root.querySelector<HTMLElement>("#toast") ?? this.makeToast();
    box.className = "toast info";
    box.dataset.code = "";
    box.textContent = text;
    setTimeout(() => {
      if (box.textContent === text) box.remove();
    }, 2500);
  }

  /** How long the "wrote …" message stays, unless dismissed or replaced. */
  static readonly WROTE_MS = 15000;

  /** After an export: the files it wrote, each in full, with *Open folder* to show them. */
  wrote(files: string[]): void {
    if (!files.length) return;
    // A fresh element: lit-html must not patch one the other messages rewrote.
    this.root.querySelector("#toast")?.remove();
    const box = this.makeToast();
    const stamp = String(Date.now() + Math.random());
    box.className = "toast info wrote";
    box.dataset.code = "";
    box.dataset.stamp = stamp;
    render(
      html`<span>${wroteMessage(files, this.lang)}</span>
        <ul class="written">${files.map((f) => html`<li>${f}</li>`)}</ul>
        <button class="open-folder" @click=${() => void this.guard(() => this.backend.revealExports(files))}>${this.tr("openFolder")}</button>
        <button class="dismiss" @click=${() => box.remove()}>×</button>`,
      box,
    );
    setTimeout(() => {
      if (box.dataset.stamp === stamp) box.remove();
    }, App.WROTE_MS);
  }

  private makeToast(): HTMLElement {
    const box = document.createElement("div");
    box.id = "toast";
    this.root.append(box);
    return box;
  }

  /** Runs a backend call; a failure is shown and leaves the app as it was. */
  private async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (err) {
      this.showError(asAppError(err));
      return undefined;
    }
  }

  // ---- start screen ----------------------------------------------------------------

  /**
   * The start screen, drawn with lit-html into one lasting element: a re-render (a
   * language switch, a discarded recovery copy) patches it, so a center name being typed
   * stays as typed.
   */
  renderStart(): void {
    this.canvas = null;
    let screen = this.root.querySelector<HTMLElement>(":scope > #start-screen");
    if (!screen) {
      screen = document.createElement("div");
      screen.className = "start";
      screen.id = "start-screen";
      this.root.replaceChildren(screen);
    }
    const cards = this.centerTypes.map(
      (c) => html`<button class="type-card" data-type=${c.key} @click=${() => void this.newPlan(c.key, this.centerNameTyped())}>
          <span class="type-name">${pick(c.name, this.lang)}</span>
          <span class="type-desc">${pick(c.description, this.lang)}</span></button>`,
    );
    const openRecent = (e: Event, path: string) => {
      e.preventDefault();
      void this.openPath(path);
    };
    const recent = this.prefs.recent.length
      ? this.prefs.recent.map((r) => html`<li><a href="#" data-path=${r.path} title=${r.path} @click=${(e: Event) => openRecent(e, r.path)}>${r.name}</a></li>`)
      : html`<li class="muted">${this.tr("noRecent")}</li>`;
    const recovery = this.recovery.map(
      (r) => html`<div class="recovery" data-file=${r.file}>${this.tr("recoveryFound")}
          <strong>${r.name}</strong> <span class="muted">${r.document ?? this.tr("untitled")}</span>
          <button class="restore" @click=${() => void this.restore(r.file)}>${this.tr("restore")}</button>
          <button class="discard" @click=${() => void this.discardRecovery(r.file)}>${this.tr("discard")}</button></div>`,
    );
    render(
      html`<header class="start-head"><h1>${this.tr("appName")}</h1>
        <button id="lang-toggle" @click=${() => void this.toggleLang()}>${this.tr("language")}</button></header>
      ${recovery}
      <h2>${this.tr("startTitle")}</h2>
      <label class="name-field">${this.tr("centerName")}
        <input id="center-name" placeholder=${this.tr("centerNamePlaceholder")}></label>
      <div class="types">${cards}</div>
      <div class="start-foot">
        <div class="start-actions"><button id="open-plan" @click=${() => void this.openDialog()}>${this.tr("open")}</button>
          <button id="about-app" class="link" @click=${() => void this.about.open()}>${this.tr("about")}</button></div>
        <div><h3>${this.tr("recent")}</h3><ul class="recent">${recent}</ul></div>
      </div>`,
      screen,
    );
  }

  /** The center name typed on the start screen. */
  private centerNameTyped(): string {
    return this.root.querySelector<HTMLInputElement>("#center-name")?.value ?? "";
  }

  async newPlan(centerType: CenterType, name: string): Promise<void> {
    const plan = await this.guard(() => this.backend.newPlan(centerType, name));
    if (plan) await this.showPlan(plan, true);
  }

  async openDialog(): Promise<void> {
    const path = await this.guard(() => this.backend.pickOpenPath());
    if (path) await this.openAny(path);
  }

  /** Opens a plan, or imports a spreadsheet (a new plan, or the open plan's chart). */
  private async openAny(path: string): Promise<void> {
    if (/\.(xlsx|csv)$/i.test(path)) {
      await new SheetImport(this, this.backend).open(path, this.root);
      return;
    }
    await this.openPath(path);
  }

  /** Whether the open plan may be left for another (asking about unsaved changes). */
  async mayLeave(): Promise<boolean> {
    return !this.plan?.dirty || (await this.askUnsaved());
  }

  /** Shows what a spreadsheet import made: a new plan, or the open plan with its chart replaced. */
  async imported(plan: PlanView, created: boolean): Promise<void> {
    await this.showPlan(plan, created);
  }

  /** Opens a plan file, asking first when the open plan has unsaved changes. */
  async openPath(path: string): Promise<void> {
    if (!(await this.mayLeave())) return;
    const plan = await this.guard(() => this.backend.openPlan(path));
    if (plan) {
      await this.showPlan(plan, true);
    } else {
      // A file that failed to open is dropped from the recent list by the backend.
      this.prefs = await this.backend.prefs();
      if (!this.plan) {
        const toast = this.root.querySelector("#toast");
        this.renderStart();
        if (toast) this.root.append(toast);
      }
    }
  }

  private async restore(file: string): Promise<void> {
    const plan = await this.guard(() => this.backend.restoreRecovery(file));
    if (plan) {
      this.recovery = this.recovery.filter((r) => r.file !== file);
      await this.showPlan(plan, true);
    }
  }

  private async discardRecovery(file: string): Promise<void> {
    await this.guard(() => this.backend.discardRecovery(file));
    this.recovery = this.recovery.filter((r) => r.file !== file);
    this.renderStart();
  }

  async toggleLang(): Promise<void> {
    this.prefs = await this.backend.setLang(this.lang === "zh" ? "en" : "zh");
    this.lang = this.prefs.lang;
    document.documentElement.lang = this.lang === "zh" ? "zh-CN" : "en";
    if (this.plan) {
      // Chart labels are laid out by the core in the chosen language.
      const plan = await this.guard(() => this.backend.currentPlan());
      this.renderEditor();
      if (plan) this.updatePlan(plan);
    } else {
      this.renderStart();
    }
    await this.updateTitle();
  }

  // ---- editor ----------------------------------------------------------------------

  private async showPlan(plan: PlanView, fresh: boolean): Promise<void> {
    if (fresh || !this.canvas) {
      this.selected = null;
      // Another plan: the staffing panel starts from its recorded sizing.
      this.staffingPanel = null;
      this.renderEditor();
    }
    this.updatePlan(plan);
    if (fresh) this.canvas?.fit();
    await this.updateTitle();
  }

  private renderEditor(): void {
    const tip = (id: string) => {
      const text = toolbarTip(id, this.lang);
      return text ? ` title="${esc(text)}"` : "";
    };
    const b = (id: string, key: StringKey, extra = "") => `<button id="${id}"${extra.includes("title=") ? "" : tip(id)} ${extra}>${esc(this.tr(key))}</button>`;
    this.root.innerHTML = `<div class="editor" id="editor">
      <header class="toolbar">
        ${b("home", "home")}${b("open", "open")}${b("save", "save")}${b("save-as", "saveAs")}
        <span class="sep"></span>${b("undo", "undo")}${b("redo", "redo")}
        <span class="sep"></span>${b("zoom-out", "zoomOut")}${b("zoom-in", "zoomIn")}${b("fit", "fit")}
        <span class="sep"></span>${b("export-svg", "exportSvg")}${b("export-png", "exportPng")}${b("export-chart-pdf", "exportChartPdf")}${b("export-xlsx", "exportXlsx")}${b("open-staffing", "staffing")}
        <span class="sep"></span><input id="search" type="search"${tip("search")} placeholder="${esc(this.tr("search"))}" value="${esc(this.query)}">
        <span id="match-count" class="muted"></span>
        <span class="grow"></span><span id="pick-hint" class="hint"></span>${b("lang-toggle", "language")}
      </header>
      <nav class="tabs" id="doc-tabs"></nav>
      <section class="docs-pane" id="docs-pane" hidden></section>
      <main class="workspace">
        <section class="canvas" id="canvas" tabindex="0" aria-label="${esc(this.tr("chartLabel"))}"></section>
        <aside class="side">
          <section class="inspector" id="inspector"></section>
          <section class="diagnostics" id="diagnostics"></section>
        </aside>
      </main></div>`;
    const on = (id: string, fn: () => unknown) => this.root.querySelector(`#${id}`)?.addEventListener("click", () => void fn());
    on("home", () => this.goHome());
    on("open", () => this.openDialog());
    on("save", () => this.save());
    on("save-as", () => this.saveAs());
    on("undo", () => this.undo());
    on("redo", () => this.redo());
    on("zoom-in", () => this.canvas?.zoom(1.25));
    on("zoom-out", () => this.canvas?.zoom(0.8));
    on("fit", () => this.canvas?.fit());
    on("export-svg", () => this.exportChart("svg"));
    on("export-png", () => this.exportChart("png"));
    on("export-xlsx", () => this.exportChart("xlsx"));
    on("export-chart-pdf", () => this.exportChartPdf());
    on("open-staffing", () => this.openStaffing());
    on("lang-toggle", () => this.toggleLang());
    const searchBox = this.root.querySelector<HTMLInputElement>("#search");
    searchBox?.addEventListener("input", () => this.runSearch(searchBox.value));
    searchBox?.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.nextMatch();
    });
    const container = this.root.querySelector<HTMLElement>("#canvas");
    if (container) {
      // The chart takes the focus when pressed, so Delete knows it is meant for the chart.
      container.addEventListener("pointerdown", () => container.focus({ preventScroll: true }));
      this.canvas = new ChartCanvas(container, {
        select: (id) => void this.clickNode(id),
        selectLine: (index) => this.selectLine(index),
        drop: (id, target) => void this.move(id, target),
        toggleCollapse: (id) => void this.edit({ op: "set-collapsed", id, collapsed: false }),
        describe: (id) => {
          const node = this.plan?.nodes.find((n) => n.id === id);
          return node && this.plan ? boxTip(node, this.plan.diagnostics, this.functions, this.lang) : null;
        },
      });
      const legend = document.createElement("div");
      legend.className = "legend-host";
      container.append(legend);
      // Clicks on the legend are not chart gestures.
      legend.addEventListener("pointerdown", (e) => e.stopPropagation());
      renderLegend(legend, this.lang, this.legendOpen, (open) => {
        this.legendOpen = open;
      });
    }
    this.docs.mount(this.root);
    // The center settings and the help sit at the end of the tab bar, which has the room
    // the toolbar lacks in English at 1280 px.
    const tabs = this.root.querySelector<HTMLElement>("#doc-tabs");
    tabs?.insertAdjacentHTML(
      "beforeend",
      `<span class="grow"></span>${b("center-settings", "centerButton", `class="tab-tool" title="${esc(this.tr("centerButtonTitle"))}"`)}${b("help", "help", `class="tab-tool" title="${esc(this.tr("helpTitle"))}"`)}`,
    );
    tabs?.querySelector("#center-settings")?.addEventListener("click", () => this.center.open());
    tabs?.querySelector("#help")?.addEventListener("click", () => this.help.toggle());
  }

  /**
   * The staffing panel over the editor; accepting a sizing updates the plan here. One
   * panel per plan, so what was typed in it is there again when it is opened again.
   */
  async openStaffing(): Promise<StaffingPanel> {
    if (!this.staffingPanel) {
      const app = this;
      this.staffingPanel = new StaffingPanel(this.root, {
        backend: this.backend,
        get lang() {
          return app.lang;
        },
        onPlan: (plan) => {
          this.updatePlan(plan);
          void this.updateTitle();
        },
        onError: (err) => this.showError(err),
      });
    }
    await this.staffingPanel.open();
    return this.staffingPanel;
  }

  private updatePlan(plan: PlanView): void {
    this.clearStaleError(plan);
    this.plan = plan;
    if (plan.select !== null && plan.nodes.some((n) => n.id === plan.select)) this.selected = plan.select;
    if (this.selected && !plan.nodes.some((n) => n.id === this.selected)) this.selected = null;
    this.canvas?.setChart(plan.chart, markers(plan));
    this.canvas?.setSelection(this.selected);
    // Line indices shift when a line goes: a selected line does not outlive an edit.
    this.selectedLine = null;
    this.canvas?.setLineSelection(null);
    this.matches = search(plan.nodes, this.query);
    this.canvas?.setHighlights(this.matches);
    this.renderMatchCount();
    this.renderInspector();
    this.renderDiagnostics();
    // A disabled button says why in its tooltip, ahead of its usual tip (its shortcut).
    const set = (id: string, disabled: boolean, why: StringKey) => {
      const el = this.root.querySelector<HTMLButtonElement>(`#${id}`);
      if (!el) return;
      el.disabled = disabled;
      const tip = toolbarTip(id, this.lang) ?? "";
      el.title = disabled ? [this.tr(why), tip].filter(Boolean).join(this.lang === "zh" ? "。" : ". ") : tip;
    };
    set("undo", !plan.canUndo, "nothingToUndo");
    set("redo", !plan.canRedo, "nothingToRedo");
    this.docs.update();
    this.center.render();
  }

  private selectedNode(): NodeView | undefined {
    return this.plan?.nodes.find((n) => n.id === this.selected);
  }

  async clickNode(id: string | null): Promise<void> {
    if (this.linePick && id && this.selected && id !== this.selected) {
      const kind = this.linePick;
      this.setLinePick(null);
      await this.edit({ op: "add-line", from: this.selected, to: id, kind });
      return;
    }
    this.select(id);
  }

  select(id: string | null): void {
    this.selected = id;
    this.selectedLine = null;
    this.canvas?.setSelection(id);
    this.canvas?.setLineSelection(null);
    this.renderInspector();
  }

  /**
   * Selects a dotted or bypass line (clicked on the chart): its reporter shows in the
   * inspector with the line marked, and Delete deletes the line, not the reporter. A line
   * into or out of a collapsed team is drawn to the collapsed box and selects the same way.
   */
  private selectLine(index: number): void {
    const line = this.plan?.lines.find((l) => l.index === index);
    if (!line) return;
    this.select(line.from);
    this.selectedLine = index;
    this.canvas?.setLineSelection(index);
    this.renderInspector();
  }

  setLinePick(kind: LineKind | null): void {
    this.linePick = kind;
    const hint = this.root.querySelector("#pick-hint");
    if (hint) hint.textContent = kind ? this.tr("pickTarget") : "";
  }

  /**
   * The inspector, drawn with lit-html: a re-render (after an edit, undo, another
   * selection) patches the fields in place, so the field the user tabbed into keeps its
   * focus, selection and typing. Each text field's `defaultValue` is the value drawn, so
   * Ctrl+Z can tell typing of its own (`hasOwnEdits`).
   */
  private renderInspector(): void {
    const panel = this.root.querySelector<HTMLElement>("#inspector");
    if (!panel || !this.plan) return;
    const node = this.selectedNode();
    if (!node) {
      render(html`<h3>${this.tr("inspector")}</h3><p class="muted">${this.tr("noSelection")}</p>`, panel);
      return;
    }
    const plan = this.plan;
    const id = node.id;
    const kinds: [NodeView["kind"], StringKey][] = [
      ["unit", "kindUnit"],
      ["position", "kindPosition"],
      ["assistant", "kindAssistant"],
    ];
    const lines = plan.lines
      .filter((l) => l.from === id || l.to === id)
      .map((l) => {
        const other = plan.nodes.find((n) => n.id === (l.from === id ? l.to : l.from));
        const arrow = l.from === id ? "→" : "←";
        return html`<li class="line-row ${l.kind}${l.index === this.selectedLine ? " selected" : ""}" data-index=${l.index}><span>${this.tr(l.kind)} ${arrow} ${other ? pick(other.name, this.lang) : "?"}</span>
          <button class="delete-line" data-index=${l.index} @click=${() => void this.edit({ op: "delete-line", index: l.index })}>${this.tr("deleteLine")}</button></li>`;
      });
    const hasChildren = plan.nodes.some((n) => n.parent === id);
    const input = (sel: string) => panel.querySelector<HTMLInputElement>(sel);
    const commitName = () => {
      const zh = input("#name-zh")?.value ?? "";
      const en = input("#name-en")?.value ?? "";
      if (zh !== node.name.zh || en !== node.name.en) void this.edit({ op: "rename", id, name: { zh, en } });
    };
    const nameKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && !e.isComposing) commitName();
    };
    const commitHeadcount = () => {
      const planned = Number(input("#planned")?.value ?? node.planned);
      const filled = Number(input("#filled")?.value ?? node.filled);
      if (Number.isInteger(planned) && Number.isInteger(filled) && (planned !== node.planned || filled !== node.filled)) {
        void this.edit({ op: "set-headcount", id, planned, filled });
      }
    };
    const setKind = (e: Event) => {
      const kind = (e.currentTarget as HTMLSelectElement).value as NodeView["kind"];
      if (kind !== node.kind) void this.edit({ op: "set-kind", id, kind });
    };
    const setFunction = (e: Event) => {
      const value = (e.currentTarget as HTMLSelectElement).value;
      const function_ = this.functions.find((f) => f.key === value)?.key ?? null;
      if (function_ !== node.function) void this.edit({ op: "set-function", id, function: function_ });
    };
    const rank = node.effectiveRank;
    const field = (fieldId: string, value: string, onChange: () => void, extra?: (e: KeyboardEvent) => void) =>
      html`<input id=${fieldId} .defaultValue=${value} .value=${value} @change=${onChange} @keydown=${extra ?? (() => {})}>`;
    const count = (fieldId: string, value: number) =>
      html`<input id=${fieldId} type="number" min="0" .defaultValue=${String(value)} .value=${String(value)} @change=${commitHeadcount}>`;
    render(
      html`<h3>${this.tr("inspector")} <code>${id}</code></h3>
      <label>${this.tr("nameZh")}${field("name-zh", node.name.zh, commitName, nameKey)}</label>
      <label>${this.tr("nameEn")}${field("name-en", node.name.en, commitName, nameKey)}</label>
      <label>${this.tr("kind")}<select id="kind" @change=${setKind}>${kinds.map(
        ([k, key]) => html`<option value=${k} .selected=${k === node.kind}>${this.tr(key)}</option>`,
      )}</select></label>
      <label>${this.tr("function")}<select id="function" @change=${setFunction}><option value="" .selected=${node.function === null}>${this.tr("functionNone")}</option>${this.functions.map(
        (f) => html`<option value=${f.key} .selected=${f.key === node.function}>${pick(f.name, this.lang)}</option>`,
      )}</select></label>
      <div class="row"><span>${this.tr("level")} <strong id="level">${node.level}</strong>${node.rank === null ? html` <span class="muted">(${this.tr("levelAuto")})</span>` : nothing}</span>
        <button id="rank-up" title=${this.tr("levelUp")} @click=${() => void this.edit({ op: "set-rank", id, rank: rank - 1 })}>▲ ½</button>
        <button id="rank-down" title=${this.tr("levelDown")} @click=${() => void this.edit({ op: "set-rank", id, rank: rank + 1 })}>▼ ½</button>
        <button id="rank-auto" ?disabled=${node.rank === null} title=${node.rank === null ? this.tr("levelIsAuto") : nothing} @click=${() => void this.edit({ op: "set-rank", id, rank: null })}>${this.tr("levelAuto")}</button></div>
      <div class="row"><label>${this.tr("planned")}${count("planned", node.planned)}</label>
        <label>${this.tr("filled")}${count("filled", node.filled)}</label></div>
      <div class="actions">
        <button id="add-child" @click=${() => void this.addBox("add-child", id)}>${this.tr("addChild")}</button>
        <button id="add-assistant" @click=${() => void this.addBox("add-assistant", id)}>${this.tr("addAssistant")}</button>
        <button id="toggle-collapse" ?disabled=${!(hasChildren || node.collapsed)} title=${hasChildren || node.collapsed ? nothing : this.tr("nothingToCollapse")}
          @click=${() => void this.edit({ op: "set-collapsed", id, collapsed: !node.collapsed })}>${this.tr(node.collapsed ? "expand" : "collapse")}</button>
        <button id="add-dotted" @click=${() => this.setLinePick("dotted")}>${this.tr("addDotted")}</button>
        <button id="add-bypass" @click=${() => this.setLinePick("bypass")}>${this.tr("addBypass")}</button>
        <button id="delete-node" class="danger" ?disabled=${node.parent === null} title=${node.parent === null ? this.tr("rootNotDeletable") : nothing} @click=${() => void this.deleteSelected()}>${this.tr("delete")}</button>
      </div>
      <h4>${this.tr("lines")}</h4><ul class="lines">${lines}</ul>`,
      panel,
    );
    // Set as well as marked: some DOMs (happy-dom) do not honour `selected` on options.
    const kind = panel.querySelector<HTMLSelectElement>("#kind");
    if (kind && kind.value !== node.kind) kind.value = node.kind;
    const picker = panel.querySelector<HTMLSelectElement>("#function");
    if (picker && picker.value !== (node.function ?? "")) picker.value = node.function ?? "";
  }

  /** Adds a report or an assistant under `id`; the new box is selected with its name field focused and selected. */
  private async addBox(op: "add-child" | "add-assistant", id: string): Promise<void> {
    const before = new Set(this.plan?.nodes.map((n) => n.id));
    const name = (key: StringKey) => ({ zh: t(key, "zh"), en: t(key, "en") });
    await this.edit(
      op === "add-child"
        ? { op, parent: id, kind: "position", name: name("newChildName") }
        : { op, manager: id, name: name("newAssistantName") },
    );
    if (!this.selected || before.has(this.selected)) return;
    const field = this.root.querySelector<HTMLInputElement>(this.lang === "zh" ? "#name-zh" : "#name-en");
    field?.focus();
    field?.select();
  }

  private renderDiagnostics(): void {
    const panel = this.root.querySelector<HTMLElement>("#diagnostics");
    if (!panel || !this.plan) return;
    const items = this.plan.diagnostics
      .map(
        (d, i) => `<li class="diag ${d.severity}${d.nodes.length ? "" : " no-node"}" data-index="${i}" data-code="${esc(d.code)}"${d.function ? ` data-function="${esc(d.function)}"` : ""}>
          <span class="sev">${esc(this.tr(d.severity))}</span> ${esc(pick(d.message, this.lang))} <code>${esc(d.code)}</code></li>`,
      )
      .join("");
    panel.innerHTML = `<h3>${esc(this.tr("diagnostics"))} <span class="count">${this.plan.diagnostics.length}</span></h3>
      ${items ? `<ul>${items}</ul>` : `<p class="muted ok">${esc(this.tr("noDiagnostics"))}</p>`}`;
    for (const li of panel.querySelectorAll<HTMLElement>("li.diag")) {
      li.addEventListener("click", () => {
        const d = this.plan?.diagnostics[Number(li.dataset.index)];
        const id = d?.nodes[0];
        if (id) {
          this.select(id);
          this.canvas?.reveal(id);
        }
      });
    }
  }

  runSearch(query: string): void {
    this.query = query;
    this.matches = this.plan ? search(this.plan.nodes, query) : [];
    this.matchIndex = -1;
    this.canvas?.setHighlights(this.matches);
    this.renderMatchCount();
    if (this.matches.length) this.nextMatch();
  }

  nextMatch(): void {
    if (!this.matches.length) return;
    this.matchIndex = (this.matchIndex + 1) % this.matches.length;
    const id = this.matches[this.matchIndex];
    this.select(id);
    this.canvas?.reveal(id);
  }

  private renderMatchCount(): void {
    const el = this.root.querySelector("#match-count");
    if (el) el.textContent = this.query.trim() ? `${this.matches.length} ${this.tr("matches")}` : "";
  }

  // ---- actions ---------------------------------------------------------------------

  async edit(edit: Edit): Promise<void> {
    await this.applyView(() => this.backend.edit(edit));
  }

  /** Runs a command that changes the plan and returns it (an edit, a logo from a file). */
  async applyView(run: () => Promise<PlanView>): Promise<void> {
    const plan = await this.guard(run);
    if (plan) {
      this.updatePlan(plan);
      await this.updateTitle();
    }
  }

  /** Re-parents by drag and drop; a drop onto its own subtree is refused here already. */
  async move(id: string, target: string): Promise<void> {
    if (!this.plan) return;
    if (isInSubtree(this.plan.nodes, id, target)) {
      this.showError({ code: "edit.cycle", message: { zh: t("moveRefused", "zh"), en: t("moveRefused", "en") } });
      return;
    }
    await this.edit({ op: "move", id, newParent: target });
  }

  /**
   * Deletes the selected box with its subtree. One with boxes under it asks first, naming
   * how many positions and how much headcount go with it. The chart has the focus after.
   */
  async deleteSelected(): Promise<void> {
    const node = this.selectedNode();
    if (!node || node.parent === null || !this.plan) return;
    const doomed = subtree(this.plan.nodes, node.id);
    if (doomed.length > 1) {
      const sum = (pickCount: (n: NodeView) => number) => doomed.reduce((total, n) => total + pickCount(n), 0);
      const question = deleteQuestion(pick(node.name, this.lang), doomed.length - 1, sum((n) => n.planned), sum((n) => n.filled), this.lang);
      if (!(await this.confirmDelete(question))) {
        this.focusChart();
        return;
      }
    }
    await this.edit({ op: "delete-subtree", id: node.id });
    this.focusChart();
  }

  /** Delete / cancel, with Cancel focused (Enter does not delete by accident); Esc cancels. */
  confirmDelete(question: { title: string; body: string }): Promise<boolean> {
    return this.confirm({ ...question, confirm: this.tr("deleteConfirm") });
  }

  /** A question with a destructive answer (`confirm`) and Cancel, Cancel focused; Esc cancels. */
  confirm(question: { title: string; body: string; confirm: string }): Promise<boolean> {
    return new Promise((resolve) => {
      const modal = document.createElement("div");
      modal.className = "modal";
      modal.id = "delete-dialog";
      modal.setAttribute("role", "alertdialog");
      modal.innerHTML = `<div class="modal-box"><h3>${esc(question.title)}</h3><p>${esc(question.body)}</p>
        <p class="muted">${esc(this.tr("deleteUndoHint"))}</p>
        <div class="actions"><button class="danger" data-act="delete">${esc(question.confirm)}</button>
        <button data-act="cancel">${esc(this.tr("cancel"))}</button></div></div>`;
      this.root.append(modal);
      const done = (yes: boolean) => {
        modal.remove();
        resolve(yes);
      };
      modal.addEventListener("click", (e) => {
        const act = (e.target as HTMLElement).dataset.act;
        if (act) done(act === "delete");
      });
      modal.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          done(false);
        }
      });
      modal.querySelector<HTMLElement>('[data-act="cancel"]')?.focus();
    });
  }

  private focusChart(): void {
    this.root.querySelector<HTMLElement>("#canvas")?.focus({ preventScroll: true });
  }

  private chartHasFocus(): boolean {
    const canvas = this.root.querySelector("#canvas");
    return !!canvas && canvas.contains(document.activeElement);
  }

  async undo(): Promise<void> {
    await this.docs.flush();
    const plan = await this.guard(() => this.backend.undo());
    if (plan) {
      this.updatePlan(plan);
      await this.updateTitle();
    }
  }

  async redo(): Promise<void> {
    await this.docs.flush();
    const plan = await this.guard(() => this.backend.redo());
    if (plan) {
      this.updatePlan(plan);
      await this.updateTitle();
    }
  }

  /** Saves to the document's file, asking where first when it has none. */
  async save(): Promise<boolean> {
    if (!this.plan) return false;
    await this.docs.flush();
    if (!this.plan.path) return this.saveAs();
    const plan = await this.guard(() => this.backend.savePlan(null));
    if (!plan) return false;
    this.updatePlan(plan);
    this.notify(this.tr("saved"));
    await this.updateTitle();
    return true;
  }

  async saveAs(): Promise<boolean> {
    if (!this.plan) return false;
    await this.docs.flush();
    const suggested = this.plan.fileName ?? this.plan.name;
    const path = await this.guard(() => this.backend.pickSavePath("plan", suggested));
    if (!path) return false;
    const plan = await this.guard(() => this.backend.savePlan(path));
    if (!plan) return false;
    this.updatePlan(plan);
    this.notify(this.tr("saved"));
    await this.updateTitle();
    return true;
  }

  async exportChart(format: "svg" | "png" | "xlsx"): Promise<void> {
    if (!this.plan) return;
    const base = (this.plan.fileName ?? this.plan.name).replace(/\.centerplan$/, "");
    const path = await this.guard(() => this.backend.pickSavePath(format, base));
    if (!path) return;
    const done = await this.guard(async () => {
      await this.backend.exportChart(path, format);
      return true;
    });
    if (done) this.wrote([path]);
  }

  /**
   * The chart printed to PDF: a dialog for the paper and orientation (the last choice
   * kept for the session), then where to save; the typesetting runs off the UI thread.
   */
  async exportChartPdf(): Promise<void> {
    if (!this.plan) return;
    const choice = await this.askPrint();
    if (!choice) return;
    this.pdfChoice = choice;
    const base = (this.plan.fileName ?? this.plan.name).replace(/\.centerplan$/, "");
    const path = await this.guard(() => this.backend.pickSavePath("pdf", base));
    if (!path) return;
    const button = this.root.querySelector<HTMLButtonElement>("#export-chart-pdf");
    if (button) button.disabled = true;
    this.notify(this.tr("pdfWorking"));
    const done = await this.guard(async () => {
      await this.backend.exportChartPdf(path, choice.paper, choice.landscape);
      return true;
    });
    if (button) button.disabled = false;
    if (done) this.wrote([path]);
  }

  private pdfChoice: { paper: Paper; landscape: boolean } = { paper: "A4", landscape: false };

  /** Paper and orientation for the chart PDF; null when cancelled (Esc or Cancel). */
  askPrint(): Promise<{ paper: Paper; landscape: boolean } | null> {
    return new Promise((resolve) => {
      const modal = document.createElement("div");
      modal.className = "modal";
      modal.id = "chart-pdf-dialog";
      modal.setAttribute("role", "dialog");
      modal.setAttribute("aria-labelledby", "chart-pdf-title");
      const papers: Paper[] = ["A4", "A3", "A2"];
      const { paper, landscape } = this.pdfChoice;
      modal.innerHTML = `<div class="modal-box"><h3 id="chart-pdf-title">${esc(this.tr("pdfTitle"))}</h3>
        <label class="field">${esc(this.tr("pdfPaper"))} <select id="chart-pdf-paper">${papers
          .map((p) => `<option value="${p}"${p === paper ? " selected" : ""}>${p}</option>`)
          .join("")}</select></label>
        <label class="field">${esc(this.tr("pdfOrientation"))} <select id="chart-pdf-orientation">
          <option value="auto"${landscape ? "" : " selected"}>${esc(this.tr("pdfAuto"))}</option>
          <option value="landscape"${landscape ? " selected" : ""}>${esc(this.tr("pdfLandscape"))}</option></select></label>
        <p class="muted">${esc(this.tr("pdfHint"))}</p>
        <div class="actions"><button class="primary" data-act="export">${esc(this.tr("pdfExport"))}</button>
        <button data-act="cancel">${esc(this.tr("cancel"))}</button></div></div>`;
      this.root.append(modal);
      const done = (yes: boolean) => {
        const paper = modal.querySelector<HTMLSelectElement>("#chart-pdf-paper")?.value as Paper;
        const landscape = modal.querySelector<HTMLSelectElement>("#chart-pdf-orientation")?.value === "landscape";
        modal.remove();
        resolve(yes ? { paper: papers.includes(paper) ? paper : "A4", landscape } : null);
      };
      modal.addEventListener("click", (e) => {
        const act = (e.target as HTMLElement).dataset.act;
        if (act) done(act === "export");
      });
      modal.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          done(false);
        }
      });
      modal.querySelector<HTMLElement>('[data-act="export"]')?.focus();
    });
  }

  /** Leaves the plan for the start screen, asking first about unsaved changes. */
  async goHome(): Promise<void> {
    if (this.plan?.dirty && !(await this.askUnsaved())) return;
    await this.guard(() => this.backend.closePlan());
    this.plan = null;
    this.selected = null;
    this.prefs = await this.backend.prefs();
    this.recovery = await this.backend.pendingRecovery();
    this.renderStart();
    await this.updateTitle();
  }

  /** The window's close button with unsaved changes. */
  async promptClose(): Promise<void> {
    if (await this.askUnsaved()) await this.backend.quit();
  }

  /** Save / don't save / cancel. Resolves true when it is fine to go on closing. */
  askUnsaved(): Promise<boolean> {
    return new Promise((resolve) => {
      const modal = document.createElement("div");
      modal.className = "modal";
      modal.id = "unsaved-dialog";
      modal.innerHTML = `<div class="modal-box"><h3>${esc(this.tr("unsavedTitle"))}</h3><p>${esc(this.tr("unsavedBody"))}</p>
        <div class="actions"><button class="primary" data-act="save">${esc(this.tr("save"))}</button>
        <button data-act="discard">${esc(this.tr("dontSave"))}</button>
        <button data-act="cancel">${esc(this.tr("cancel"))}</button></div></div>`;
      this.root.append(modal);
      modal.addEventListener("click", async (e) => {
        const act = (e.target as HTMLElement).dataset.act;
        if (!act) return;
        modal.remove();
        if (act === "save") resolve(await this.save());
        else resolve(act === "discard");
      });
    });
  }

  private async onKey(e: KeyboardEvent): Promise<void> {
    // The delete or unsaved-changes question is open: its own keys only.
    if (this.root.querySelector("#delete-dialog, #unsaved-dialog")) return;
    // F1 opens the help anywhere (the panel closes itself on F1 and Esc); while it is
    // open the keys are its own.
    if (e.key === "F1") {
      e.preventDefault();
      this.help.toggle();
      return;
    }
    if (this.help.isOpen) return;
    const target = e.target as Element | null;
    // The manual's page keys work without a click on the page first, except in a field,
    // a drop-down or a dialog over the tab, whose keys they are.
    const free = !isTextField(target) && !(target instanceof HTMLSelectElement) && !this.root.querySelector(".modal");
    if (this.plan && this.docs.tab === "manual" && free && this.docs.preview?.onKey(e)) {
      e.preventDefault();
      return;
    }
    // A drop-down or a button leaves Ctrl+Z to the plan; a text field keeps it while it
    // holds typing of its own (its own undo runs first).
    const action = shortcut(e, hasOwnEdits(target));
    if (!action || !this.plan) return;
    // Search acts on the chart only; Delete only when the chart has the focus (not a field,
    // not the page after a re-render).
    if (action === "find" && this.docs.tab !== "chart") return;
    if (action === "delete" && (this.docs.tab !== "chart" || !this.chartHasFocus())) return;
    e.preventDefault();
    switch (action) {
      case "save":
        await this.save();
        break;
      case "save-as":
        await this.saveAs();
        break;
      case "undo":
        await this.undo();
        break;
      case "redo":
        await this.redo();
        break;
      case "delete":
        if (this.selectedLine !== null) await this.edit({ op: "delete-line", index: this.selectedLine });
        else await this.deleteSelected();
        break;
      case "find":
        this.root.querySelector<HTMLInputElement>("#search")?.focus();
        break;
      case "escape":
        this.setLinePick(null);
        break;
    }
  }
}
