// The editor's tabs past the chart: responsibility matrix, job descriptions, KPIs and the
// manual preview. The app mounts this once per editor and tells it when the plan changes.

import type { AppError } from "./bindings/AppError";
import type { Backend } from "./backend";
import { asAppError } from "./backend";
import { JobsEditor } from "./jobs";
import { KpiEditor } from "./kpis";
import { type DocsHost, MatrixEditor } from "./matrix";
import { PreviewPane } from "./preview";
import { type DocKey, dt, esc } from "./docs-i18n";
import { type ChaptersHost, ChaptersPane } from "./chapters";
import { ct } from "./chapters-i18n";
import { RulesForm } from "./rules-form";
import { ControlForm, cw } from "./control-form";

export type Tab = "chart" | "matrix" | "jobs" | "kpis" | "chapters" | "rules" | "control" | "manual";
const TABS: [Tab, DocKey | "tabChapters" | "tabRules" | "tabControl"][] = [
  ["chart", "tabChart"],
  ["matrix", "tabMatrix"],
  ["jobs", "tabJobs"],
  ["kpis", "tabKpis"],
  ["chapters", "tabChapters"],
  ["rules", "tabRules"],
  ["control", "tabControl"],
  ["manual", "tabManual"],
];

export interface DocsApp extends DocsHost, ChaptersHost {
  showError(err: AppError): void;
  /** Says which files an export wrote, with an "open folder" action. */
  wrote(files: string[]): void;
}

export class DocsPane {
  tab: Tab = "chart";
  matrix: MatrixEditor | null = null;
  jobs: JobsEditor | null = null;
  kpis: KpiEditor | null = null;
  preview: PreviewPane | null = null;
  chapters: ChaptersPane | null = null;
  rules: RulesForm | null = null;
  control: ControlForm | null = null;
  private root: HTMLElement | null = null;

  constructor(
    private app: DocsApp,
    private backend: Backend,
  ) {}

  /** Builds the tab bar and the panes inside a freshly rendered editor. */
  mount(root: HTMLElement): void {
    this.root = root;
    const nav = root.querySelector<HTMLElement>("#doc-tabs");
    const pane = root.querySelector<HTMLElement>("#docs-pane");
    if (!nav || !pane) return;
    const lang = this.app.lang;
    nav.innerHTML = TABS.map(
      ([tab, key]) =>
        `<button class="tab ${tab === this.tab ? "active" : ""}" data-tab="${tab}" id="tab-${tab}">${esc(key === "tabControl" ? cw(key, lang) : key === "tabChapters" || key === "tabRules" ? ct(key, lang) : dt(key, lang))}</button>`,
    ).join("");
    for (const button of nav.querySelectorAll<HTMLElement>(".tab")) {
      button.addEventListener("click", () => this.show(button.dataset.tab as Tab));
    }
    pane.innerHTML = `<div id="pane-matrix" class="pane"></div><div id="pane-jobs" class="pane"></div>
      <div id="pane-kpis" class="pane"></div><div id="pane-chapters" class="pane"></div>
      <div id="pane-rules" class="pane"></div><div id="pane-control" class="pane"></div><div id="pane-manual" class="pane"></div>`;
    const sub = (id: string) => pane.querySelector<HTMLElement>(`#${id}`) as HTMLElement;
    this.matrix = new MatrixEditor(sub("pane-matrix"), this.app, (format) => void this.exportMatrix(format));
    this.jobs = new JobsEditor(sub("pane-jobs"), this.app);
    this.kpis = new KpiEditor(sub("pane-kpis"), this.app);
    const [oldChapters, oldRules, oldControl] = [this.chapters, this.rules, this.control];
    this.chapters = new ChaptersPane(sub("pane-chapters"), this.app, this.backend);
    this.rules = new RulesForm(sub("pane-rules"), this.app, this.backend);
    this.control = new ControlForm(sub("pane-control"), this.app, this.backend);
    if (oldChapters) this.chapters.adopt(oldChapters);
    if (oldRules) this.rules.adopt(oldRules);
    if (oldControl) this.control.adopt(oldControl);
    const old = this.preview;
    this.preview = new PreviewPane(sub("pane-manual"), this.app, this.backend, (err) => this.app.showError(err), (files) => this.app.wrote(files));
    if (old) {
      // A language switch re-renders the editor: keep the preview's choices and pages.
      this.preview.adopt(old);
    }
    this.show(this.tab);
  }

  show(tab: Tab): void {
    this.tab = tab;
    const root = this.root;
    if (!root) return;
    for (const button of root.querySelectorAll<HTMLElement>("#doc-tabs .tab")) {
      button.classList.toggle("active", button.dataset.tab === tab);
    }
    const workspace = root.querySelector<HTMLElement>(".workspace");
    const pane = root.querySelector<HTMLElement>("#docs-pane");
    if (workspace) workspace.hidden = tab !== "chart";
    if (pane) pane.hidden = tab === "chart";
    for (const el of root.querySelectorAll<HTMLElement>("#docs-pane .pane")) el.hidden = el.id !== `pane-${tab}`;
    if (tab === "manual") this.preview?.show();
    else this.preview?.hide();
    if (tab === "chapters") void this.chapters?.show();
    else this.chapters?.hide();
    if (tab === "rules") void this.rules?.show();
    else this.rules?.hide();
    if (tab === "control") this.control?.show();
    else this.control?.hide();
    this.renderActive();
  }

  /** The plan changed (an edit, undo, open): redraw the visible pane. */
  update(): void {
    this.preview?.planChanged();
    this.chapters?.planChanged();
    this.renderActive();
  }

  /** Commits typing the chapter editor has not committed yet (before a save or an undo). */
  async flush(): Promise<void> {
    await this.chapters?.flush();
  }

  private renderActive(): void {
    if (this.tab === "matrix") this.matrix?.render();
    if (this.tab === "jobs") this.jobs?.render();
    if (this.tab === "kpis") this.kpis?.render();
    if (this.tab === "rules") this.rules?.render();
    if (this.tab === "control") this.control?.render();
  }

  async exportMatrix(format: "csv" | "xlsx"): Promise<void> {
    const plan = this.app.plan;
    if (!plan) return;
    const base = (plan.fileName ?? plan.name).replace(/\.centerplan$/, "");
    try {
      const path = await this.backend.pickSavePath(format, `${base}-matrix`);
      if (!path) return;
      await this.backend.exportMatrix(path, format);
      this.app.wrote([path]);
    } catch (err) {
      this.app.showError(asAppError(err));
    }
  }
}
