// The manual preview: the chosen edition and language typeset by the core, shown one page
// at a time as SVG, refreshed shortly after each edit, with page navigation and PDF export.
// The backend keeps the last layout, so an edit costs one layout and one page, and turning
// pages costs one page (a whole manual's SVG is about 25 MB). Rendering runs in a Rust
// async command on a blocking thread, so the window stays responsive; requests run one at
// a time and the newest wanted page wins.

import type { AppError } from "./bindings/AppError";
import type { Edition } from "./bindings/Edition";
import type { ManualFormat } from "./bindings/ManualFormat";
import type { Backend } from "./backend";
import { asAppError } from "./backend";
import type { Lang } from "./i18n";
import type { DocsHost } from "./matrix";
import { type DocKey, dt, esc } from "./docs-i18n";

/** How long after the last edit the preview waits before typesetting again. */
export const PREVIEW_DEBOUNCE_MS = 250;

/** The page's zoom steps; 1 is an A4 page at 96 dpi (794 px wide). */
export const PAGE_ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
const A4_WIDTH_PX = 794;

/** Width of the page image: the pane's width when fitting, else the zoomed A4 width. */
export function pageWidth(zoom: number | "fit"): string {
  return zoom === "fit" ? "100%" : `${Math.round(A4_WIDTH_PX * zoom)}px`;
}

/** The next zoom step from `zoom` in direction `dir` (fitting counts as 100 %). */
export function stepZoom(zoom: number | "fit", dir: 1 | -1): number {
  const current = zoom === "fit" ? 1 : zoom;
  const steps = dir > 0 ? PAGE_ZOOMS.filter((z) => z > current) : PAGE_ZOOMS.filter((z) => z < current).reverse();
  return steps[0] ?? current;
}

export type { Edition };

/** What an export writes: one edition, both editions, or both editions in both languages. */
export type ExportWhich = Edition | "both" | "all";

/**
 * The files an export writes for the chosen path `x.pdf` (or `x.docx`), each with its
 * edition and language: one edition goes to `x.pdf`; both editions to `x-manager.pdf` and
 * `x-csr.pdf` in `lang`; both in both languages to `x-manager-zh.pdf` and so on, the names
 * `centerplan batch` gives them.
 */
export function editionPaths(path: string, which: ExportWhich, lang: Lang, format: ManualFormat = "pdf"): [Edition, Lang, string][] {
  if (which === "manager" || which === "csr") return [[which, lang, path]];
  const base = path.replace(new RegExp(`\\.${format}$`, "i"), "");
  const editions: Edition[] = ["manager", "csr"];
  if (which === "both") return editions.map((e) => [e, lang, `${base}-${e}.${format}`]);
  return editions.flatMap((e) => (["zh", "en"] as const).map((l): [Edition, Lang, string] => [e, l, `${base}-${e}-${l}.${format}`]));
}

export class PreviewPane {
  edition: Edition = "manager";
  manualLang: Lang;
  /** The page's zoom, kept across refreshes and language switches. */
  zoom: number | "fit" = 1;
  /** The page shown (from 0) and how many the manual has. */
  page = 0;
  pageCount = 0;
  /** Pages of the current layout already fetched, by index. */
  private pages = new Map<number, string>();
  /** The page to show once the request under way returns. */
  private wanted = 0;
  /** Wall time of the last refresh (request to pages shown), in milliseconds. */
  lastMs = 0;
  rendering = false;
  /** The export's state and message, kept here so a re-render shows them too. */
  progress: { state: "" | "running" | "done" | "failed"; text: string } = { state: "", text: "" };
  private visible = false;
  private stale = true;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = 0;

  constructor(
    private root: HTMLElement,
    private host: DocsHost,
    private backend: Backend,
    private showError: (err: AppError) => void,
    private wrote: (files: string[]) => void,
  ) {
    this.manualLang = host.lang;
  }

  /** Takes over the choices, pages and export state of the pane this one replaces. */
  adopt(old: PreviewPane): void {
    this.edition = old.edition;
    this.manualLang = old.manualLang;
    this.pages = old.pages;
    this.page = old.page;
    this.wanted = old.wanted;
    this.pageCount = old.pageCount;
    this.lastMs = old.lastMs;
    this.stale = old.stale;
    this.progress = old.progress;
    this.zoom = old.zoom;
  }

  private tr(key: DocKey): string {
    return dt(key, this.host.lang);
  }

  /** The plan changed: typeset again soon if shown, else when next shown. */
  planChanged(): void {
    this.stale = true;
    if (!this.visible) return;
    if (this.timer) clearTimeout(this.timer);
    if (!this.started) this.started = performance.now();
    this.timer = setTimeout(() => void this.refresh(), PREVIEW_DEBOUNCE_MS);
  }

  show(): void {
    this.visible = true;
    this.render();
    // The page takes the focus, so the arrow keys scroll it without a click first.
    this.root.querySelector<HTMLElement>(".page-scroll")?.focus({ preventScroll: true });
    if (this.stale) void this.refresh();
  }

  /**
   * The preview's keys, whatever has the focus in the tab (the app leaves text fields and
   * drop-downs their own keys): PageDown / PageUp turn pages, + and − zoom. Returns
   * whether the key was one of them.
   */
  onKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
    if (!this.visible || e.ctrlKey || e.metaKey || e.altKey) return false;
    switch (e.key) {
      case "PageDown":
        this.goTo(this.wanted + 1);
        return true;
      case "PageUp":
        this.goTo(this.wanted - 1);
        return true;
      case "+":
      case "=":
        this.setZoom(stepZoom(this.zoom, 1));
        return true;
      case "-":
        this.setZoom(stepZoom(this.zoom, -1));
        return true;
      default:
        return false;
    }
  }

  hide(): void {
    this.visible = false;
  }

  async refresh(): Promise<void> {
    // A refresh asked for directly (a page turn, a new edition) covers a pending one.
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.rendering) {
      this.again = true;
      return;
    }
    this.rendering = true;
    this.stale = false;
    const started = this.started || performance.now();
    this.started = 0;
    this.renderStatus();
    try {
      const view = await this.backend.previewManual(this.edition, this.manualLang, this.wanted);
      if (view.typeset) this.pages.clear();
      this.pages.set(view.page, view.svg);
      this.pageCount = view.pageCount;
      this.page = view.page;
      if (!this.again) this.wanted = view.page;
      // The status line reports the last layout (after an edit or a change of edition or
      // language), not page turns.
      if (view.typeset) {
        this.lastMs = Math.round(performance.now() - started);
      }
    } catch (err) {
      this.showError(asAppError(err));
    } finally {
      this.rendering = false;
    }
    if (this.again) {
      this.again = false;
      await this.refresh();
      return;
    }
    if (!this.visible) return;
    if (this.root.querySelector("#page-image")) {
      this.renderPage();
      this.renderStatus();
    } else {
      this.render();
    }
  }

  /** Shows page `page` (from 0): at once when fetched since the last edit, else after
   * asking the backend for it. */
  goTo(page: number): void {
    this.wanted = Math.max(0, Math.min(this.pageCount - 1, page));
    if (this.pages.has(this.wanted) && !this.stale) {
      this.page = this.wanted;
      this.renderPage();
    } else {
      void this.refresh();
    }
  }

  render(): void {
    const opt = (value: string, label: string, current: string) =>
      `<option value="${value}" ${value === current ? "selected" : ""}>${esc(label)}</option>`;
    this.root.innerHTML = `<div class="preview-pane">
      <div class="pane-bar">
        <label>${esc(this.tr("edition"))} <select id="preview-edition">${opt("manager", this.tr("audManager"), this.edition)}${opt("csr", this.tr("audCsr"), this.edition)}</select></label>
        <label>${esc(this.tr("manualLang"))} <select id="preview-lang">${opt("zh", this.tr("langZh"), this.manualLang)}${opt("en", this.tr("langEn"), this.manualLang)}</select></label>
        <span class="sep"></span>
        <button id="page-prev" title="${esc(this.tr("prevPage"))}">◀</button>
        <input id="page-number" type="number" min="1" value="${this.page + 1}"> <span id="page-count"></span>
        <button id="page-next" title="${esc(this.tr("nextPage"))}">▶</button>
        <span class="sep"></span>
        <button id="page-zoom-out" title="${esc(this.tr("pageZoomOut"))}">−</button>
        <span id="page-zoom" class="zoom-level"></span>
        <button id="page-zoom-in" title="${esc(this.tr("pageZoomIn"))}">＋</button>
        <button id="page-fit">${esc(this.tr("fitWidth"))}</button>
        <span class="sep"></span>
        <select id="export-which">${opt("this", this.tr("thisEdition"), "this")}${opt("both", this.tr("bothEditions"), "this")}${opt("all", this.tr("allManuals"), "this")}</select>
        <button id="export-pdf" class="primary">${esc(this.tr("exportPdf"))}</button>
        <button id="export-docx">${esc(this.tr("exportDocx"))}</button>
        <span id="export-progress" class="progress"></span>
        <span class="grow"></span><span id="preview-status" class="muted"></span>
      </div>
      <div class="page-scroll" tabindex="0"><img id="page-image" class="page-image" alt=""></div></div>`;
    const q = <T extends HTMLElement>(sel: string) => this.root.querySelector<T>(sel);
    q<HTMLSelectElement>("#preview-edition")?.addEventListener("change", (e) => {
      this.edition = (e.target as HTMLSelectElement).value as Edition;
      this.wanted = 0;
      this.pages.clear();
      void this.refresh();
    });
    q<HTMLSelectElement>("#preview-lang")?.addEventListener("change", (e) => {
      this.manualLang = (e.target as HTMLSelectElement).value as Lang;
      this.pages.clear();
      void this.refresh();
    });
    q("#page-zoom-out")?.addEventListener("click", () => this.setZoom(stepZoom(this.zoom, -1)));
    q("#page-zoom-in")?.addEventListener("click", () => this.setZoom(stepZoom(this.zoom, 1)));
    q("#page-fit")?.addEventListener("click", () => this.setZoom("fit"));
    q("#page-prev")?.addEventListener("click", () => this.goTo(this.wanted - 1));
    q("#page-next")?.addEventListener("click", () => this.goTo(this.wanted + 1));
    q<HTMLInputElement>("#page-number")?.addEventListener("change", (e) => this.goTo(Number((e.target as HTMLInputElement).value) - 1));
    for (const format of ["pdf", "docx"] as const) {
      q(`#export-${format}`)?.addEventListener("click", () => {
        const choice = q<HTMLSelectElement>("#export-which")?.value;
        void this.exportManual(choice === "both" || choice === "all" ? choice : this.edition, format);
      });
    }
    this.renderPage();
    this.renderZoom();
    this.renderStatus();
    this.renderProgress();
  }

  private renderProgress(): void {
    const progress = this.root.querySelector<HTMLElement>("#export-progress");
    if (progress) {
      progress.dataset.state = this.progress.state;
      progress.textContent = this.progress.text;
      // The slot has a fixed width (the bar must not move); the whole text on hover.
      progress.title = this.progress.text;
    }
    for (const button of this.root.querySelectorAll<HTMLButtonElement>("#export-pdf, #export-docx")) {
      button.disabled = this.progress.state === "running";
      // A disabled button says why.
      button.title = button.disabled ? this.tr("exportRunning") : "";
    }
  }

  setZoom(zoom: number | "fit"): void {
    this.zoom = zoom;
    this.renderZoom();
  }

  private renderZoom(): void {
    const img = this.root.querySelector<HTMLImageElement>("#page-image");
    if (img) img.style.width = pageWidth(this.zoom);
    const level = this.root.querySelector("#page-zoom");
    if (level) level.textContent = this.zoom === "fit" ? this.tr("fitWidth") : `${Math.round(this.zoom * 100)}%`;
    const out = this.root.querySelector<HTMLButtonElement>("#page-zoom-out");
    const into = this.root.querySelector<HTMLButtonElement>("#page-zoom-in");
    if (out) {
      out.disabled = this.zoom !== "fit" && this.zoom <= PAGE_ZOOMS[0];
      out.title = this.tr(out.disabled ? "smallestZoom" : "pageZoomOut");
    }
    if (into) {
      into.disabled = this.zoom !== "fit" && this.zoom >= PAGE_ZOOMS[PAGE_ZOOMS.length - 1];
      into.title = this.tr(into.disabled ? "largestZoom" : "pageZoomIn");
    }
  }

  private renderPage(): void {
    const img = this.root.querySelector<HTMLImageElement>("#page-image");
    const svg = this.pages.get(this.page);
    if (img) {
      if (svg) img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
      else img.removeAttribute("src");
      img.dataset.page = String(this.page + 1);
    }
    const number = this.root.querySelector<HTMLInputElement>("#page-number");
    if (number) number.value = String(this.page + 1);
    const count = this.root.querySelector("#page-count");
    if (count) count.textContent = `/ ${this.pageCount}`;
    const prev = this.root.querySelector<HTMLButtonElement>("#page-prev");
    const next = this.root.querySelector<HTMLButtonElement>("#page-next");
    if (prev) {
      prev.disabled = this.page <= 0;
      prev.title = this.tr(prev.disabled ? "firstPage" : "prevPage");
    }
    if (next) {
      next.disabled = this.page >= this.pageCount - 1;
      next.title = this.tr(next.disabled ? "lastPage" : "nextPage");
    }
  }

  private renderStatus(): void {
    const status = this.root.querySelector<HTMLElement>("#preview-status");
    if (!status) return;
    status.dataset.ms = String(this.lastMs);
    status.dataset.rendering = String(this.rendering);
    status.textContent = this.rendering
      ? this.tr("rendering")
      : this.pageCount
        ? `${this.tr("renderedIn")} ${this.lastMs} ms`
        : "";
    // A slot of fixed width (the bar does not jump as the figure changes): a slow layout's
    // longer figure shows whole on hover.
    status.title = status.textContent;
  }

  /** Asks where, then writes one or more manuals (PDF or Word), showing which one is under way. */
  async exportManual(which: ExportWhich, format: ManualFormat = "pdf"): Promise<void> {
    const plan = this.host.plan;
    if (!plan || this.progress.state === "running") return;
    const base = (plan.fileName ?? plan.name).replace(/\.centerplan$/, "");
    const suggested = which === "both" || which === "all" ? base : `${base}-${which}`;
    let path: string | null;
    try {
      path = await this.backend.pickSavePath(format, suggested);
    } catch (err) {
      this.showError(asAppError(err));
      return;
    }
    if (!path) return;
    const jobs = editionPaths(path, which, this.manualLang, format);
    try {
      for (const [i, [edition, lang, file]] of jobs.entries()) {
        let name = this.tr(edition === "manager" ? "audManager" : "audCsr");
        if (which === "all") name += ` · ${this.tr(lang === "zh" ? "langZh" : "langEn")}`;
        this.progress = { state: "running", text: `${this.tr("exporting")} ${name} (${i + 1}/${jobs.length})…` };
        this.renderProgress();
        await this.backend.exportManual(file, edition, lang, format);
      }
      this.progress = { state: "done", text: "" };
      this.wrote(jobs.map(([, , file]) => file));
    } catch (err) {
      this.progress = { state: "failed", text: "" };
      this.showError(asAppError(err));
    } finally {
      this.renderProgress();
    }
  }
}
