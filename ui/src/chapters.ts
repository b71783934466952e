// The chapters tab: the manual's chapters in print order (reorder by dragging or
// Alt+↑/↓, hide, show, add, rename, delete, reset), the editor of the selected chapter in
// one language, and beside it the page of the manual where that chapter is printed.
//
// Typing is committed as one `set-chapter-text` edit per pause (COMMIT_MS), so the app's
// undo takes back a pause's worth of typing and the editor follows the plan's text after
// an undo. The preview does not wait for the commit: PREVIEW_MS after the last keystroke it
// asks for the page with the text as typed (the backend previews it on a copy of the plan).
//
// The list and the editor's bar are lit-html templates over a lasting element, so a
// re-render keeps the focus; the CodeMirror view lives in a host element no template
// touches.

import type { AppError } from "./bindings/AppError";
import type { PlanView } from "./bindings/PlanView";
import type { ChapterDiagnostic } from "./bindings/ChapterDiagnostic";
import type { ChapterDiff } from "./bindings/ChapterDiff";
import type { ChapterEntry } from "./bindings/ChapterEntry";
import type { Edition } from "./bindings/Edition";
import type { FunctionInfo } from "./bindings/FunctionInfo";
import type { RulesSpecView } from "./bindings/RulesSpecView";
import { html, nothing, render } from "lit-html";
import { type Backend, asAppError } from "./backend";
import { ChapterEditor } from "./chapter-editor";
import { type BlockAudience, Debounce, headingAbove, reference, toggleAudience } from "./chapter-text";
import { type ChapterKey, ct } from "./chapters-i18n";
import { type Lang, pick } from "./i18n";
import type { DocsHost } from "./matrix";

/** A pause in typing this long commits the text: one undoable edit. */
export const COMMIT_MS = 700;
/** The preview asks for the page this long after the last keystroke. */
export const PREVIEW_MS = 100;

/** What the chapters tab needs from the app. */
export interface ChaptersHost extends DocsHost {
  showError(err: AppError): void;
  /** Runs a command that changes the plan and returns it (the logo from a file). */
  applyView(run: () => Promise<PlanView>): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Asks before a delete or reset; resolves to the answer. */
  confirm(question: { title: string; body: string; confirm: string }): Promise<boolean>;
}

/** Where a dragged row lands: the number of the other rows whose middle is above `y`. */
export function dropIndex(middles: number[], dragged: number, y: number): number {
  return middles.filter((mid, i) => i !== dragged && mid < y).length;
}

/** The badges a chapter's row shows, in order. */
export function chapterBadges(entry: ChapterEntry): ChapterKey[] {
  const badges: ChapterKey[] = [];
  if (entry.state === "custom") badges.push("stateCustom");
  else if (entry.state === "missing") badges.push("stateMissing");
  else if (entry.state === "edited") badges.push("stateEdited");
  else badges.push("stateBuiltin");
  if (entry.builtinChanged.length > 0) badges.push("stateChanged");
  if (entry.hidden) badges.push("stateHidden");
  return badges;
}

/** The languages a badge is about ("已修改 中/英"), for the edited and changed badges. */
function badgeLangs(entry: ChapterEntry, badge: ChapterKey): Lang[] {
  if (badge === "stateEdited") return entry.edited;
  if (badge === "stateChanged") return entry.builtinChanged;
  return [];
}

const LANG_MARK: Record<Lang, Record<Lang, string>> = {
  zh: { zh: "中", en: "英" },
  en: { zh: "zh", en: "en" },
};

/** A new custom chapter's text: its title as the first heading. */
export function newChapterText(): { zh: string; en: string } {
  return { zh: `# ${ct("newChapterTitle", "zh")}\n\n`, en: `# ${ct("newChapterTitle", "en")}\n\n` };
}

export class ChaptersPane {
  selected: string | null = null;
  /** The language of the text being edited. */
  textLang: Lang;
  /** The edition the preview shows. */
  edition: Edition = "manager";
  /** The text the plan holds for the selected chapter and language, as last fetched. */
  private planText: string | null = null;
  private builtinChange: ChapterDiff | null = null;
  /** Whether the editor holds typing not yet committed. */
  private dirty = false;
  private editor: ChapterEditor | null = null;
  private readonly commitTimer: Debounce;
  private readonly previewTimer: Debounce;
  private previewBusy = false;
  private previewAgain = false;
  /** When the typing the preview answers happened, for the refresh time. */
  private keyAt = 0;
  /** Last preview: page (from 0), count, SVG, and how long from keystroke to page. */
  preview = { page: 0, pageCount: 0, svg: "", found: true, ms: 0, shown: 0 };
  private visible = false;
  private functions: FunctionInfo[] = [];
  private spec: RulesSpecView | null = null;
  private drag: { id: string; from: number; pointer: number; target: number } | null = null;
  /** A chapter row to give the focus once the list is drawn (after a move by keyboard). */
  private focusRow: string | null = null;
  private loadSeq = 0;

  constructor(
    private root: HTMLElement,
    private host: ChaptersHost,
    private backend: Backend,
  ) {
    this.textLang = host.lang;
    this.commitTimer = new Debounce(COMMIT_MS, () => void this.commit());
    this.previewTimer = new Debounce(PREVIEW_MS, () => void this.refreshPreview());
  }

  private tr(key: ChapterKey, values?: Record<string, string | number>): string {
    return ct(key, this.host.lang, values);
  }

  /** Takes over the selection and choices of the pane this one replaces (a language switch). */
  adopt(old: ChaptersPane): void {
    this.selected = old.selected;
    this.textLang = old.textLang;
    this.edition = old.edition;
    this.preview = old.preview;
    this.functions = old.functions;
    this.spec = old.spec;
    // Typing the old pane has not committed goes in before its editor goes.
    void old.flush();
    old.editor?.destroy();
  }

  private chapters(): ChapterEntry[] {
    return this.host.plan?.manual.chapters ?? [];
  }

  private entry(): ChapterEntry | undefined {
    return this.chapters().find((c) => c.id === this.selected);
  }

  async show(): Promise<void> {
    this.visible = true;
    if (this.functions.length === 0) {
      try {
        [this.functions, this.spec] = await Promise.all([this.backend.functions(), this.backend.rulesSpec()]);
      } catch (err) {
        this.host.showError(asAppError(err));
      }
    }
    if (!this.selected || !this.entry()) this.selected = this.chapters()[0]?.id ?? null;
    this.render();
    await this.loadText();
    this.previewTimer.flush();
    if (!this.previewTimer.pending) void this.refreshPreview();
  }

  hide(): void {
    this.visible = false;
    void this.flush();
  }

  /** Commits typing not yet committed (before an undo, a save, a switch). */
  async flush(): Promise<void> {
    if (this.commitTimer.pending) {
      this.commitTimer.cancel();
      await this.commit();
    }
  }

  /** The plan changed (an edit, undo, redo, open): redraw; the editor follows the plan. */
  planChanged(): void {
    if (!this.visible) return;
    if (this.selected && !this.entry()) {
      this.selected = this.chapters()[0]?.id ?? null;
      this.planText = null;
    }
    this.render();
    if (!this.dirty) void this.loadText();
    this.previewTimer.poke();
  }

  /** Fetches the selected chapter's text in the editing language and shows it. */
  private async loadText(): Promise<void> {
    const id = this.selected;
    const lang = this.textLang;
    const seq = ++this.loadSeq;
    if (!id) return;
    try {
      const view = await this.backend.chapterText(id, lang);
      // Another chapter or language was picked meanwhile, or the user typed: not this text.
      if (seq !== this.loadSeq || this.dirty) return;
      this.planText = view.markdown;
      this.builtinChange = view.builtinChange;
      this.editor?.setText(view.markdown);
      this.render();
    } catch (err) {
      this.host.showError(asAppError(err));
    }
  }

  async select(id: string): Promise<void> {
    if (id === this.selected) return;
    await this.flush();
    this.selected = id;
    this.planText = null;
    this.builtinChange = null;
    this.render();
    await this.loadText();
    await this.refreshPreview();
  }

  async setTextLang(lang: Lang): Promise<void> {
    if (lang === this.textLang) return;
    await this.flush();
    this.textLang = lang;
    this.planText = null;
    this.render();
    await this.loadText();
    await this.refreshPreview();
  }

  private typed(): void {
    this.dirty = true;
    this.keyAt = performance.now();
    this.commitTimer.poke();
    this.previewTimer.poke();
    this.root.querySelector<HTMLElement>("#chapter-page")?.setAttribute("data-pending", "true");
    this.renderDiagnostics();
  }

  /** Commits the editor's text as one edit, unless it is the plan's already. */
  private async commit(): Promise<void> {
    const id = this.selected;
    if (!id || !this.editor) return;
    const text = this.editor.text();
    if (text === this.planText) {
      this.dirty = false;
      return;
    }
    await this.host.edit({ op: "set-chapter-text", id, lang: this.textLang, markdown: text });
    // Typing that came in while the edit ran stays uncommitted for the next pause.
    if (this.editor.text() === text && !this.commitTimer.pending) {
      this.dirty = false;
      this.planText = text;
      await this.loadText();
    }
  }

  private async undo(): Promise<void> {
    await this.flush();
    await this.host.undo();
  }

  private async redo(): Promise<void> {
    await this.flush();
    await this.host.redo();
  }

  /** Asks for the page where the edited chapter (or the heading above the cursor) is printed. */
  async refreshPreview(): Promise<void> {
    if (!this.visible || !this.selected) return;
    if (this.previewBusy) {
      this.previewAgain = true;
      return;
    }
    this.previewBusy = true;
    const since = this.keyAt || performance.now();
    this.keyAt = 0;
    const text = this.editor?.text() ?? "";
    try {
      const view = await this.backend.previewChapter({
        edition: this.edition,
        lang: this.textLang,
        chapter: this.selected,
        heading: this.editor ? headingAbove(text, this.editor.cursorLine()) : null,
        draft: this.dirty ? { chapter: this.selected, lang: this.textLang, markdown: text } : null,
      });
      this.preview = {
        page: view.preview.page,
        pageCount: view.preview.pageCount,
        svg: view.preview.svg,
        found: view.found,
        ms: Math.round(performance.now() - since),
        shown: this.preview.shown + 1,
      };
    } catch (err) {
      this.host.showError(asAppError(err));
    } finally {
      this.previewBusy = false;
    }
    if (this.previewAgain) {
      this.previewAgain = false;
      await this.refreshPreview();
      return;
    }
    this.renderPreview();
  }

  // ---- list operations ----------------------------------------------------------------

  async move(id: string, index: number): Promise<void> {
    const list = this.chapters();
    const from = list.findIndex((c) => c.id === id);
    const target = Math.max(0, Math.min(list.length - 1, index));
    if (from < 0 || from === target) return;
    await this.flush();
    this.focusRow = id;
    await this.host.edit({ op: "move-chapter", id, index: target });
  }

  async setHidden(id: string, hidden: boolean): Promise<void> {
    await this.flush();
    await this.host.edit({ op: "set-chapter-hidden", id, hidden });
  }

  /** Adds a custom chapter after the selected one and selects it. */
  async add(): Promise<void> {
    await this.flush();
    const before = new Set(this.chapters().map((c) => c.id));
    const at = this.chapters().findIndex((c) => c.id === this.selected);
    await this.host.edit({ op: "add-chapter", id: null, index: at < 0 ? null : at + 1, text: newChapterText() });
    const added = this.chapters().find((c) => !before.has(c.id));
    if (added) {
      await this.select(added.id);
      this.editor?.focus();
    }
  }

  async rename(title: string): Promise<void> {
    const entry = this.entry();
    if (!entry || entry.state !== "custom" || !title.trim()) return;
    await this.flush();
    await this.host.edit({ op: "rename-chapter", id: entry.id, lang: this.textLang, title: title.trim() });
  }

  async remove(): Promise<void> {
    const entry = this.entry();
    if (!entry || entry.state !== "custom") return;
    const title = pick(entry.title, this.host.lang);
    const yes = await this.host.confirm({ title: this.tr("deleteChapterQuestion", { title }), body: this.tr("deleteChapterBody"), confirm: this.tr("deleteChapter") });
    if (!yes) return;
    this.commitTimer.cancel();
    this.dirty = false;
    const list = this.chapters();
    const at = list.findIndex((c) => c.id === entry.id);
    const next = list[at + 1] ?? list[at - 1];
    await this.host.edit({ op: "delete-chapter", id: entry.id });
    if (next && this.chapters().some((c) => c.id === next.id)) await this.select(next.id);
  }

  async reset(): Promise<void> {
    const entry = this.entry();
    if (!entry || !entry.edited.includes(this.textLang) || entry.state === "custom") return;
    const title = pick(entry.title, this.host.lang);
    const yes = await this.host.confirm({ title: this.tr("resetQuestion", { title }), body: this.tr("resetBody"), confirm: this.tr("resetConfirm") });
    if (!yes) return;
    this.commitTimer.cancel();
    this.dirty = false;
    await this.host.edit({ op: "reset-chapter", id: entry.id, lang: this.textLang });
  }

  /** "Keep mine": the built-in change is acknowledged, the user's text stays. */
  async keepMine(): Promise<void> {
    if (!this.selected) return;
    await this.flush();
    await this.host.edit({ op: "rebase-chapter", id: this.selected, lang: this.textLang });
  }

  /** "Take the new text": the user's text in this language gives way to the built-in one. */
  async takeNew(): Promise<void> {
    if (!this.selected) return;
    this.commitTimer.cancel();
    this.dirty = false;
    await this.host.edit({ op: "reset-chapter", id: this.selected, lang: this.textLang });
  }

  toggleAudience(audience: BlockAudience): void {
    if (!this.editor) return;
    const [from, to] = this.editor.selectedLines();
    this.editor.apply(toggleAudience(this.editor.text(), from, to, audience));
  }

  insertReference(value: string): void {
    if (value) this.editor?.insert(value);
  }

  // ---- drawing -------------------------------------------------------------------------

  render(): void {
    if (!this.visible) return;
    render(this.template(), this.root);
    const host = this.root.querySelector<HTMLElement>("#chapter-editor");
    if (host && !this.editor) {
      this.editor = new ChapterEditor(
        host,
        {
          changed: () => this.typed(),
          cursorMoved: () => this.previewTimer.poke(),
          undo: () => void this.undo(),
          redo: () => void this.redo(),
        },
        this.tr("editorLabel"),
      );
      // Leaving the editor commits at once: a click on Save saves what was typed.
      this.editor.view.contentDOM.addEventListener("blur", () => void this.flush());
      if (this.planText !== null) this.editor.setText(this.planText);
    }
    this.renderDiagnostics();
    this.renderPreview();
    if (this.focusRow) {
      this.root.querySelector<HTMLElement>(`.chapter-row[data-id="${CSS.escape(this.focusRow)}"]`)?.focus();
      this.focusRow = null;
    }
  }

  private template() {
    const list = this.chapters();
    const entry = this.entry();
    return html`<div class="chapters-pane">
      <aside class="chapter-list-pane">
        <div class="pane-bar"><strong>${this.tr("chapterList")}</strong><span class="grow"></span>
          <button id="add-chapter" @click=${() => void this.add()}>${this.tr("addChapter")}</button></div>
        <ol class="chapter-list" id="chapter-list" role="listbox" aria-label=${this.tr("chapterList")}>
          ${list.map((c, i) => this.row(c, i))}
        </ol>
        <p class="muted help">${this.tr("listHelp")}</p>
      </aside>
      <section class="chapter-edit">
        ${this.editorBar(entry)}
        ${this.changePanel()}
        <div class="chapter-editor-host" id="chapter-editor" ?hidden=${!entry}></div>
        ${entry ? nothing : html`<p class="muted empty">${this.tr("noChapter")}</p>`}
        <div class="chapter-diagnostics" id="chapter-diagnostics"></div>
      </section>
      <section class="chapter-preview">
        <div class="pane-bar">
          <strong>${this.tr("previewOf")}</strong>
          <span class="seg" role="group" aria-label=${this.tr("audience")}>${(["manager", "csr"] as const).map(
            (e) => html`<button class=${this.edition === e ? "active" : ""} id=${`chapter-edition-${e}`} aria-pressed=${this.edition === e}
              @click=${() => this.setEdition(e)}>${this.tr(e === "manager" ? "editionManager" : "editionCsr")}</button>`,
          )}</span>
          <span class="grow"></span><span id="chapter-page-status" class="muted"></span>
        </div>
        <div class="page-scroll chapter-page-scroll"><img id="chapter-page" class="page-image" alt=""></div>
      </section>
    </div>`;
  }

  private row(c: ChapterEntry, i: number) {
    const lang = this.host.lang;
    const selected = c.id === this.selected;
    const dragging = this.drag?.id === c.id;
    const target = this.drag && this.drag.target === i && !dragging;
    return html`<li class="chapter-row ${selected ? "selected" : ""} ${c.hidden ? "hidden-chapter" : ""} ${dragging ? "dragging" : ""} ${target ? "drop-target" : ""}"
      data-id=${c.id} role="option" aria-selected=${selected} tabindex=${selected ? 0 : -1}
      @click=${() => void this.select(c.id)} @keydown=${(e: KeyboardEvent) => this.onRowKey(e, c, i)}>
      <span class="drag-handle" title=${this.tr("dragHandle")} @pointerdown=${(e: PointerEvent) => this.startDrag(e, c.id, i)}>⠿</span>
      <span class="chapter-title">${pick(c.title, lang) || c.id}</span>
      <span class="badges">${chapterBadges(c).map((b) => {
        const langs = badgeLangs(c, b);
        return html`<span class="badge badge-${b}">${this.tr(b)}${langs.length && c.state !== "custom" ? ` ${langs.map((l) => LANG_MARK[lang][l]).join("/")}` : ""}</span>`;
      })}</span>
      <button class="hide-toggle" title=${this.tr(c.hidden ? "showTitle" : "hideTitle")}
        @click=${(e: Event) => {
          e.stopPropagation();
          void this.setHidden(c.id, !c.hidden);
        }}>${this.tr(c.hidden ? "show" : "hide")}</button>
    </li>`;
  }

  private editorBar(entry: ChapterEntry | undefined) {
    if (!entry) return nothing;
    const lang = this.host.lang;
    const custom = entry.state === "custom";
    const edited = entry.edited.includes(this.textLang) && !custom;
    return html`<div class="pane-bar chapter-bar">
      <span class="seg" role="group" aria-label=${this.tr("textLang")}>${(["zh", "en"] as const).map(
        (l) => html`<button id=${`chapter-lang-${l}`} class=${this.textLang === l ? "active" : ""} aria-pressed=${this.textLang === l}
          @click=${() => void this.setTextLang(l)}>${l === "zh" ? "中文" : "English"}</button>`,
      )}</span>
      ${custom
        ? html`<input id="chapter-title" class="chapter-title-input" aria-label=${this.tr("renameTitle")} title=${this.tr("renameTitle")}
            .value=${entry.title[this.textLang]} @change=${(e: Event) => void this.rename((e.target as HTMLInputElement).value)}>`
        : nothing}
      <span class="sep"></span>
      <button id="audience-manager" title=${this.tr("audienceTitle")} @click=${() => this.toggleAudience("manager")}>${this.tr("managerOnly")}</button>
      <button id="audience-csr" title=${this.tr("audienceTitle")} @click=${() => this.toggleAudience("csr")}>${this.tr("csrOnly")}</button>
      <select id="insert-reference" aria-label=${this.tr("insertReference")} @change=${(e: Event) => {
        const select = e.target as HTMLSelectElement;
        this.insertReference(select.value);
        select.value = "";
      }}>${this.referenceOptions(lang)}</select>
      <span class="grow"></span>
      ${custom
        ? html`<button id="delete-chapter" class="danger" @click=${() => void this.remove()}>${this.tr("deleteChapter")}</button>`
        : html`<button id="reset-chapter" ?disabled=${!edited} title=${this.tr(edited ? "resetTitle" : "resetNothing")} @click=${() => void this.reset()}>${this.tr("reset")}</button>`}
    </div>`;
  }

  private referenceOptions(lang: Lang) {
    const plan = this.host.plan;
    const nodes = plan?.nodes ?? [];
    const kpis = plan?.docs.kpis ?? [];
    return html`<option value="" selected>${this.tr("insertReference")}</option>
      <optgroup label=${this.tr("refCenter")}><option value=${reference.center()}>${this.tr("refCenterName")}</option></optgroup>
      <optgroup label=${this.tr("refPositions")}>${nodes.map((n) => html`<option value=${reference.position(n.id)}>${pick(n.name, lang)}</option>`)}</optgroup>
      <optgroup label=${this.tr("refRoles")}>${this.functions.map((f) => html`<option value=${reference.role(f.key)}>${pick(f.name, lang)}</option>`)}</optgroup>
      <optgroup label=${this.tr("refKpis")}>${kpis.flatMap((k) => [
        html`<option value=${reference.kpi(k.id, "name")}>${pick(k.name, lang)} · ${this.tr("kpiNameOf")}</option>`,
        html`<option value=${reference.kpi(k.id, "target")}>${pick(k.name, lang)} · ${this.tr("kpiTargetOf")}</option>`,
      ])}</optgroup>
      <optgroup label=${this.tr("refRules")}>${(this.spec?.rules ?? []).map((r) => html`<option value=${reference.rule(r.key)}>${pick(r.label, lang)}</option>`)}</optgroup>`;
  }

  /** The built-in change beside the user's text, with "keep mine" and "take the new text". */
  private changePanel() {
    const diff = this.builtinChange;
    if (!diff) return nothing;
    return html`<div class="builtin-change" id="builtin-change">
      <div class="change-head"><strong>${this.tr("changedTitle")}</strong> <span class="muted">${this.tr("changedBody")}</span>
        <span class="grow"></span>
        <button id="keep-mine" @click=${() => void this.keepMine()}>${this.tr("keepMine")}</button>
        <button id="take-new" @click=${() => void this.takeNew()}>${this.tr("takeNew")}</button></div>
      <table class="diff"><thead><tr><th colspan="2">${this.tr("diffBuiltin")}</th><th colspan="2">${this.tr("diffMine")}</th></tr></thead>
        <tbody>${diff.hunks.map((hunk) => {
          let [left, right] = [hunk.builtinStart, hunk.mineStart];
          return html`<tr class="hunk"><td colspan="4">@@ ${hunk.builtinStart} / ${hunk.mineStart} @@</td></tr>
            ${hunk.lines.map((line) => {
              const l = line.tag === "mine" ? "" : String(left++);
              const r = line.tag === "builtin" ? "" : String(right++);
              return html`<tr class="diff-${line.tag}">
                <td class="ln">${l}</td><td class="side">${line.tag === "mine" ? "" : line.text}</td>
                <td class="ln">${r}</td><td class="side">${line.tag === "builtin" ? "" : line.text}</td></tr>`;
            })}`;
        })}</tbody></table>
    </div>`;
  }

  private diagnostics(): ChapterDiagnostic[] {
    const all = this.host.plan?.manual.chapterDiagnostics ?? [];
    return all.filter((d) => d.chapter === this.selected && (d.lang === null || d.lang === this.textLang));
  }

  /** The chapter's problems in the gutter and listed under the editor (click: go to the line). */
  private renderDiagnostics(): void {
    const box = this.root.querySelector<HTMLElement>("#chapter-diagnostics");
    if (!box) return;
    const lang = this.host.lang;
    // While typing, lines move: the marks wait for the committed text's validation.
    const list = this.dirty ? [] : this.diagnostics();
    this.editor?.setDiagnostics(list.map((d) => ({ line: d.line ?? 1, severity: d.severity, message: pick(d.message, lang) })));
    render(
      list.length === 0
        ? html`<span class="muted">${this.dirty ? "" : this.tr("noDiagnostics")}</span>`
        : html`<strong>${this.tr("diagnostics")}</strong><ul>${list.map(
            (d) => html`<li class="diag ${d.severity}" data-code=${d.code} data-line=${d.line ?? ""}
              @click=${() => this.goToLine(d.line ?? 1)}>${d.line ? html`<span class="ln">${this.tr("line", { n: d.line })}</span> ` : nothing}${pick(d.message, lang)}</li>`,
          )}</ul>`,
      box,
    );
  }

  private goToLine(line: number): void {
    const view = this.editor?.view;
    if (!view) return;
    const at = view.state.doc.line(Math.max(1, Math.min(line, view.state.doc.lines))).from;
    view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    view.focus();
  }

  private renderPreview(): void {
    const img = this.root.querySelector<HTMLImageElement>("#chapter-page");
    const status = this.root.querySelector<HTMLElement>("#chapter-page-status");
    if (!img || !status) return;
    const p = this.preview;
    if (p.svg) img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.svg)}`;
    img.dataset.page = String(p.page + 1);
    img.dataset.ms = String(p.ms);
    // How many pages were shown, and whether one is still to come for the typing, so a
    // test can wait for the page that answers the last keystroke.
    img.dataset.shown = String(p.shown);
    img.dataset.pending = String(this.previewBusy || this.previewTimer.pending);
    const lang = this.host.lang;
    const pageText = p.pageCount ? (lang === "zh" ? `第 ${p.page + 1} / ${p.pageCount} 页` : `Page ${p.page + 1} of ${p.pageCount}`) : "";
    status.textContent = p.found ? pageText : `${this.tr("notInEdition")} · ${pageText}`;
  }

  private setEdition(edition: Edition): void {
    if (edition === this.edition) return;
    this.edition = edition;
    this.render();
    void this.refreshPreview();
  }

  // ---- reordering ----------------------------------------------------------------------

  private onRowKey(e: KeyboardEvent, c: ChapterEntry, i: number): void {
    const list = this.chapters();
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      void this.move(c.id, i + (e.key === "ArrowUp" ? -1 : 1));
      return;
    }
    if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      e.preventDefault();
      const next = list[Math.max(0, Math.min(list.length - 1, i + (e.key === "ArrowUp" ? -1 : 1)))];
      if (next) {
        this.focusRow = next.id;
        void this.select(next.id).then(() => this.render());
      }
    }
  }

  private startDrag(e: PointerEvent, id: string, from: number): void {
    if (e.button !== 0) return;
    e.preventDefault();
    const handle = e.currentTarget as HTMLElement;
    handle.setPointerCapture?.(e.pointerId);
    this.drag = { id, from, pointer: e.pointerId, target: from };
    const rows = () => [...this.root.querySelectorAll<HTMLElement>(".chapter-row")];
    const onMove = (ev: PointerEvent) => {
      if (!this.drag) return;
      const middles = rows().map((r) => {
        const box = r.getBoundingClientRect();
        return box.top + box.height / 2;
      });
      const target = dropIndex(middles, this.drag.from, ev.clientY);
      if (target !== this.drag.target) {
        this.drag.target = target;
        render(this.template(), this.root);
      }
    };
    const onUp = () => {
      handle.removeEventListener("pointermove", onMove);
      handle.removeEventListener("pointerup", onUp);
      handle.removeEventListener("pointercancel", onUp);
      const drag = this.drag;
      this.drag = null;
      render(this.template(), this.root);
      if (drag && drag.target !== drag.from) void this.move(drag.id, drag.target);
    };
    handle.addEventListener("pointermove", onMove);
    handle.addEventListener("pointerup", onUp);
    handle.addEventListener("pointercancel", onUp);
  }
}
