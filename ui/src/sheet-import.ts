// The spreadsheet import dialog: a workbook or CSV the user opened, read by Rust as
// `centerplan import-sheet` reads it. It shows the sheet (a choice when the workbook has
// several), which of the file's columns each field is read from (each changeable), the
// first rows and every bad cell; then creates a plan from it or replaces the open plan's
// chart as one undoable edit. Nothing changes until the user chooses, and a file with a
// bad cell can do neither.

import { html, nothing, render } from "lit-html";
import type { AppError } from "./bindings/AppError";
import type { Lang } from "./bindings/Lang";
import type { PlanView } from "./bindings/PlanView";
import type { SheetPreview } from "./bindings/SheetPreview";
import { type Backend, asAppError } from "./backend";

const WORDS = {
  title: { zh: "导入表格", en: "Import a spreadsheet" },
  sheet: { zh: "工作表", en: "Sheet" },
  readAs: { zh: "读取为", en: "Read as" },
  columns: { zh: "列的对应", en: "Columns" },
  field: { zh: "字段", en: "Field" },
  column: { zh: "表格中的列", en: "Column in the file" },
  none: { zh: "（无）", en: "(none)" },
  preview: { zh: "前几行", en: "First rows" },
  rows: { zh: "行", en: "rows" },
  errors: { zh: "有误的单元格（修改文件后重新导入）", en: "Cells to fix (fix the file, then import again)" },
  ignored: { zh: "未导入的列", en: "Columns left out" },
  create: { zh: "新建方案", en: "Create a plan" },
  replace: { zh: "替换当前组织架构", en: "Replace the current chart" },
  cancel: { zh: "取消", en: "Cancel" },
  ok: { zh: "没有错误，可以导入。", en: "No errors: ready to import." },
} as const;

/** What each field is called in the dialog. */
const FIELD_NAMES: Record<string, { zh: string; en: string }> = {
  id: { zh: "编号", en: "Id" },
  name: { zh: "名称（岗位）", en: "Name (post)" },
  reports_to: { zh: "上级", en: "Reports to" },
  dotted_to: { zh: "虚线上级", en: "Dotted line to" },
  kind: { zh: "类型", en: "Kind" },
  rank: { zh: "级别", en: "Level" },
  headcount: { zh: "编制", en: "Planned headcount" },
  filled: { zh: "在岗", en: "Filled" },
  function: { zh: "职能", en: "Function" },
  collapsed: { zh: "折叠", en: "Collapsed" },
};

export interface SheetHost {
  lang: Lang;
  plan: PlanView | null;
  showError(err: AppError): void;
  /** Shows the plan an import made (a new plan, or the open one changed). */
  imported(plan: PlanView, created: boolean): Promise<void>;
  /** Whether the open plan may be left for a new one (asks about unsaved changes). */
  mayLeave(): Promise<boolean>;
}

/** The `--map` pairs of a preview with field `field` set to column `column` (-1: none). */
export function mapWith(preview: SheetPreview, field: string, column: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (const f of preview.fields) {
    const at = f.field === field ? column : f.column;
    if (at !== null && at >= 0 && at < preview.header.length) pairs.push([f.field, preview.header[at]]);
  }
  return pairs;
}

export class SheetImport {
  private path = "";
  private preview: SheetPreview | null = null;
  private map: [string, string][] = [];
  private root: HTMLElement | null = null;

  constructor(
    private host: SheetHost,
    private backend: Backend,
  ) {}

  private tr(key: keyof typeof WORDS): string {
    return WORDS[key][this.host.lang];
  }

  /** Reads `path` and opens the dialog over `parent`. */
  async open(path: string, parent: HTMLElement): Promise<void> {
    this.path = path;
    this.map = [];
    try {
      this.preview = await this.backend.previewSheet(path, null, []);
    } catch (err) {
      this.host.showError(asAppError(err));
      return;
    }
    this.root = document.createElement("div");
    parent.append(this.root);
    this.render();
    this.root.querySelector<HTMLElement>("#sheet-create")?.focus();
  }

  close(): void {
    this.root?.remove();
    this.root = null;
  }

  private async reread(sheet: string | null, map: [string, string][]): Promise<void> {
    try {
      this.preview = await this.backend.previewSheet(this.path, sheet, map);
      this.map = map;
    } catch (err) {
      this.host.showError(asAppError(err));
    }
    this.render();
  }

  private async run(replace: boolean): Promise<void> {
    const p = this.preview;
    if (!p) return;
    if (!replace && !(await this.host.mayLeave())) return;
    try {
      const plan = await this.backend.importSheet(this.path, p.sheet, this.map, replace);
      this.close();
      await this.host.imported(plan, !replace);
    } catch (err) {
      this.host.showError(asAppError(err));
    }
  }

  render(): void {
    const p = this.preview;
    if (!this.root || !p) return;
    const lang = this.host.lang;
    const mapped = p.fields.filter((f) => f.column !== null);
    const cell = (row: string[], at: number | null) => (at === null ? "" : (row[at] ?? ""));
    const ok = p.errors.length === 0;
    render(
      html`<div class="modal" id="sheet-dialog" role="dialog" aria-labelledby="sheet-title"
          @keydown=${(e: KeyboardEvent) => e.key === "Escape" && this.close()}>
        <div class="modal-box sheet-box">
          <h3 id="sheet-title">${this.tr("title")}</h3>
          <p class="muted sheet-file">${this.path.split(/[\\/]/).pop()} · ${this.tr("readAs")} ${p.encoding} · ${p.rowCount} ${this.tr("rows")}</p>
          ${p.sheets.length > 1
            ? html`<label>${this.tr("sheet")}
                <select id="sheet-choice" @change=${(e: Event) => void this.reread((e.target as HTMLSelectElement).value, [])}>
                  ${p.sheets.map((s) => html`<option value=${s} .selected=${s === p.sheet}>${s}</option>`)}
                </select></label>`
            : nothing}
          ${p.fields.length
            ? html`<h4>${this.tr("columns")}</h4>
              <div class="sheet-fields" id="sheet-fields">${p.fields.map(
                (f) => html`<label class="sheet-field" data-field=${f.field}><span>${FIELD_NAMES[f.field]?.[lang] ?? f.field}</span>
                  <select class="sheet-column" @change=${(e: Event) =>
                    void this.reread(p.sheet, mapWith(p, f.field, Number((e.target as HTMLSelectElement).value)))}>
                    <option value="-1" .selected=${f.column === null}>${this.tr("none")}</option>
                    ${p.header.map((h, i) => html`<option value=${i} .selected=${f.column === i}>${h}</option>`)}
                  </select></label>`,
              )}</div>`
            : nothing}
          ${mapped.length
            ? html`<h4>${this.tr("preview")}</h4>
              <div class="sheet-preview"><table class="form-table" id="sheet-rows">
                <thead><tr>${mapped.map((f) => html`<th>${FIELD_NAMES[f.field]?.[lang] ?? f.field}</th>`)}</tr></thead>
                <tbody>${p.rows.map((row) => html`<tr>${mapped.map((f) => html`<td>${cell(row, f.column)}</td>`)}</tr>`)}</tbody>
              </table></div>`
            : nothing}
          ${ok
            ? html`<p class="sheet-ok" id="sheet-ok">${this.tr("ok")}</p>`
            : html`<h4>${this.tr("errors")}</h4><ul class="sheet-errors" id="sheet-errors">${p.errors.map((e) => html`<li>${e[lang]}</li>`)}</ul>`}
          ${p.ignored.length ? html`<p class="muted" id="sheet-ignored">${this.tr("ignored")}：${p.ignored.join("、")}</p>` : nothing}
          <div class="actions">
            <button id="sheet-create" class="primary" ?disabled=${!ok} @click=${() => void this.run(false)}>${this.tr("create")}</button>
            ${this.host.plan
              ? html`<button id="sheet-replace" ?disabled=${!ok} @click=${() => void this.run(true)}>${this.tr("replace")}</button>`
              : nothing}
            <button id="sheet-cancel" @click=${() => this.close()}>${this.tr("cancel")}</button>
          </div>
        </div>
      </div>`,
      this.root,
    );
  }
}
