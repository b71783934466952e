// The responsibility matrix editor: roles (rows) × the four phases (columns). Each cell
// holds the phase's lead marker, an optional RACI letter and an ordered list of duties,
// edited in place. Every change is one core edit (set-cell-duties, set-lead, ...), so
// undo and validation come from the core.

import type { Bilingual } from "./i18n";
import type { Edit } from "./bindings/Edit";
import type { MatrixDiagnostic } from "./bindings/MatrixDiagnostic";
import type { MatrixRowView } from "./bindings/MatrixRowView";
import type { PlanView } from "./bindings/PlanView";
import { type Lang, pick } from "./i18n";
import { PHASES, PHASE_NAMES, type PhaseKey, dt, esc } from "./docs-i18n";

/** What the matrix, job and KPI views need from the app. */
export interface DocsHost {
  lang: Lang;
  plan: PlanView | null;
  edit(edit: Edit): Promise<void>;
}

/** `list` with the item at `index` moved by `delta` places (clamped to the list). */
export function moved<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, index + delta));
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(target, 0, item);
  return out;
}

/** `list` with the item at `index` replaced (or appended when `index` is the length). */
export function replaced<T>(list: readonly T[], index: number, item: T): T[] {
  const out = [...list];
  out[index] = item;
  return out;
}

/** The diagnostics that concern one cell: its own, its row's and its column's. */
export function cellDiagnostics(all: MatrixDiagnostic[], role: string, phase: PhaseKey): MatrixDiagnostic[] {
  return all.filter(
    (d) => (d.role === role && (d.phase === phase || d.phase === null)) || (d.role === null && d.phase === phase),
  );
}

/** The next cell from (row, col) for an arrow key, staying inside the grid. */
export function step(row: number, col: number, key: string, rows: number): [number, number] {
  switch (key) {
    case "ArrowUp":
      return [Math.max(0, row - 1), col];
    case "ArrowDown":
      return [Math.min(rows - 1, row + 1), col];
    case "ArrowLeft":
      return [row, Math.max(0, col - 1)];
    case "ArrowRight":
      return [row, Math.min(PHASES.length - 1, col + 1)];
    default:
      return [row, col];
  }
}

interface Editing {
  role: string;
  phase: PhaseKey;
  /** The duty being edited; the list's length for a new one. */
  index: number;
}

export class MatrixEditor {
  /** The cell with the keyboard focus. */
  focus: { row: number; col: number } = { row: 0, col: 0 };
  editing: Editing | null = null;

  constructor(
    private root: HTMLElement,
    private host: DocsHost,
    private exportMatrix: (format: "csv" | "xlsx") => void,
  ) {}

  private tr(key: Parameters<typeof dt>[0]): string {
    return dt(key, this.host.lang);
  }

  private rows(): MatrixRowView[] {
    return this.host.plan?.docs.matrix ?? [];
  }

  render(): void {
    const plan = this.host.plan;
    if (!plan) return;
    const lang = this.host.lang;
    const rows = this.rows();
    const diags = plan.docs.matrixDiagnostics;
    const inMatrix = new Set(rows.map((r) => r.role));
    const candidates = plan.nodes.filter((n) => !inMatrix.has(n.id));
    const head = PHASES.map((p) => {
      const col = diags.filter((d) => d.role === null && d.phase === p);
      const marks = col
        .map((d) => `<div class="col-diag ${d.severity}" data-code="${esc(d.code)}">${esc(pick(d.message, lang))}</div>`)
        .join("");
      return `<th data-phase="${p}">${esc(pick(PHASE_NAMES[p], lang))}${marks}</th>`;
    }).join("");
    const body = rows
      .map((row, r) => {
        const rowDiags = diags.filter((d) => d.role === row.role && d.phase === null);
        const rowClass = rowDiags.some((d) => d.severity === "error") ? "error" : rowDiags.length ? "warning" : "";
        const cells = PHASES.map((p, c) => this.cellHtml(row, r, p, c, diags)).join("");
        return `<tr data-role="${esc(row.role)}" class="${rowClass}">
          <th class="role-head" scope="row">
            <div class="role-name">${esc(pick(row.name, lang))}</div>
            ${row.inChart ? "" : `<div class="row-diag error">${esc(this.tr("notInChart"))}</div>`}
            ${rowDiags.map((d) => `<div class="row-diag ${d.severity}" data-code="${esc(d.code)}">${esc(pick(d.message, lang))}</div>`).join("")}
            <div class="role-actions">
              <button class="row-up" title="${esc(this.tr("moveUp"))}" ${r === 0 ? "disabled" : ""}>↑</button>
              <button class="row-down" title="${esc(this.tr("moveDown"))}" ${r === rows.length - 1 ? "disabled" : ""}>↓</button>
              <button class="row-remove danger" title="${esc(this.tr("removeRole"))}">✕</button>
            </div>
          </th>${cells}</tr>`;
      })
      .join("");
    const options = candidates
      .map((n) => `<option value="${esc(n.id)}">${esc(pick(n.name, lang))}</option>`)
      .join("");
    this.root.innerHTML = `<div class="matrix-pane">
      <div class="pane-bar">
        <select id="matrix-add-role"><option value="">${esc(this.tr("pickRole"))}</option>${options}</select>
        <button id="matrix-add">${esc(this.tr("addRole"))}</button>
        <span class="sep"></span>
        <button id="matrix-export-csv">${esc(this.tr("exportCsv"))}</button>
        <button id="matrix-export-xlsx">${esc(this.tr("exportXlsx"))}</button>
        <span class="muted help">${esc(this.tr("matrixHelp"))}</span>
      </div>
      <div class="matrix-scroll"><table class="matrix-grid" id="matrix-grid">
        <thead><tr><th class="role-col">${esc(this.tr("role"))}</th>${head}</tr></thead>
        <tbody>${body}</tbody></table></div></div>`;
    this.wire();
    this.restoreFocus();
  }

  private cellHtml(row: MatrixRowView, r: number, phase: PhaseKey, c: number, diags: MatrixDiagnostic[]): string {
    const lang = this.host.lang;
    const cell = row.cells[c];
    const own = diags.filter((d) => d.role === row.role && d.phase === phase);
    const sev = own.some((d) => d.severity === "error") ? "error" : own.length ? "warning" : "";
    const editing = this.editing?.role === row.role && this.editing.phase === phase ? this.editing.index : -1;
    const duties = cell.duties
      .map((d, i) =>
        i === editing
          ? this.editorHtml(d)
          : `<li class="duty" data-index="${i}"><span class="duty-text">${esc(pick(d, lang))}</span>
          <span class="duty-actions"><button class="duty-up" title="${esc(this.tr("moveUp"))}" ${i === 0 ? "disabled" : ""}>↑</button><button class="duty-down" title="${esc(this.tr("moveDown"))}" ${i === cell.duties.length - 1 ? "disabled" : ""}>↓</button><button class="duty-remove" title="${esc(this.tr("remove"))}">✕</button></span></li>`,
      )
      .join("");
    const adding = editing === cell.duties.length ? this.editorHtml({ zh: "", en: "" }) : "";
    const raci = ["", "R", "A", "C", "I"]
      .map((l) => `<option value="${l}" ${(cell.raci ?? "") === l ? "selected" : ""}>${l || "–"}</option>`)
      .join("");
    return `<td class="cell ${sev} ${cell.lead ? "lead" : ""}" tabindex="-1" data-row="${r}" data-col="${c}" data-role="${esc(row.role)}" data-phase="${phase}"
        title="${esc(own.map((d) => pick(d.message, lang)).join("\n"))}">
      <div class="cell-head">
        <button class="lead-toggle ${cell.lead ? "on" : ""}" title="${esc(this.tr(cell.lead ? "isLead" : "makeLead"))}">${cell.lead ? "★" : "☆"} ${esc(this.tr("lead"))}</button>
        <select class="raci" title="${esc(this.tr("raci"))}">${raci}</select>
        <button class="duty-add" title="${esc(this.tr("addDuty"))}">${esc(this.tr("addDuty"))}</button>
      </div>
      ${own.map((d) => `<div class="cell-diag ${d.severity}" data-code="${esc(d.code)}">${esc(pick(d.message, lang))}</div>`).join("")}
      <ol class="duties">${duties}${adding}</ol>
      ${cell.duties.length || adding ? "" : `<div class="muted empty">${esc(this.tr("noDuty"))}</div>`}
    </td>`;
  }

  private editorHtml(d: Bilingual): string {
    return `<li class="duty editing"><input class="duty-zh" placeholder="${esc(this.tr("dutyZh"))}" value="${esc(d.zh)}">
      <input class="duty-en" placeholder="${esc(this.tr("dutyEn"))}" value="${esc(d.en)}"></li>`;
  }

  private cellAt(row: number, col: number): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`td.cell[data-row="${row}"][data-col="${col}"]`);
  }

  private restoreFocus(): void {
    const rows = this.rows().length;
    if (!rows) return;
    this.focus.row = Math.min(this.focus.row, rows - 1);
    const cell = this.cellAt(this.focus.row, this.focus.col);
    if (!cell) return;
    cell.tabIndex = 0;
    if (this.editing) {
      const input = cell.querySelector<HTMLInputElement>(".duty.editing .duty-zh");
      input?.focus();
      input?.select();
    } else if (this.root.contains(document.activeElement) || document.activeElement === document.body) {
      cell.focus({ preventScroll: true });
    }
  }

  /** Starts editing duty `index` of a cell (the list's length adds a new duty). */
  startEditing(role: string, phase: PhaseKey, index: number): void {
    const r = this.rows().findIndex((row) => row.role === role);
    if (r >= 0) this.focus = { row: r, col: PHASES.indexOf(phase) };
    this.editing = { role, phase, index };
    this.render();
  }

  /** Writes the open duty editor back through one core edit. */
  async commitEditing(zh: string, en: string): Promise<void> {
    const editing = this.editing;
    this.editing = null;
    if (!editing) return;
    const row = this.rows().find((r) => r.role === editing.role);
    if (!row) return this.render();
    const duties = row.cells[PHASES.indexOf(editing.phase)].duties;
    const text = { zh: zh.trim(), en: en.trim() };
    let next: Bilingual[];
    if (!text.zh && !text.en) {
      // Emptying a duty removes it; an empty new one is dropped.
      next = duties.filter((_, i) => i !== editing.index);
    } else {
      next = replaced(duties, editing.index, text);
    }
    await this.setDuties(editing.role, editing.phase, next);
  }

  private async setDuties(role: string, phase: PhaseKey, duties: Bilingual[]): Promise<void> {
    const before = this.rows().find((r) => r.role === role)?.cells[PHASES.indexOf(phase)].duties;
    if (before && JSON.stringify(before) === JSON.stringify(duties)) return this.render();
    await this.host.edit({ op: "set-cell-duties", role, phase, duties });
  }

  private wire(): void {
    const root = this.root;
    root.querySelector("#matrix-add")?.addEventListener("click", () => {
      const role = root.querySelector<HTMLSelectElement>("#matrix-add-role")?.value;
      if (role) void this.host.edit({ op: "add-matrix-row", role, index: null });
    });
    root.querySelector("#matrix-export-csv")?.addEventListener("click", () => this.exportMatrix("csv"));
    root.querySelector("#matrix-export-xlsx")?.addEventListener("click", () => this.exportMatrix("xlsx"));
    const rows = this.rows();
    for (const tr of root.querySelectorAll<HTMLElement>("tbody tr")) {
      const role = tr.dataset.role ?? "";
      const index = rows.findIndex((r) => r.role === role);
      tr.querySelector(".row-up")?.addEventListener("click", () => void this.host.edit({ op: "move-matrix-row", role, index: index - 1 }));
      tr.querySelector(".row-down")?.addEventListener("click", () => void this.host.edit({ op: "move-matrix-row", role, index: index + 1 }));
      tr.querySelector(".row-remove")?.addEventListener("click", () => void this.host.edit({ op: "remove-matrix-row", role }));
    }
    for (const td of root.querySelectorAll<HTMLElement>("td.cell")) {
      const role = td.dataset.role ?? "";
      const phase = td.dataset.phase as PhaseKey;
      const r = Number(td.dataset.row);
      const c = Number(td.dataset.col);
      const duties = () => this.rows()[r]?.cells[c].duties ?? [];
      td.addEventListener("focus", () => {
        this.focus = { row: r, col: c };
      });
      td.querySelector(".lead-toggle")?.addEventListener("click", () => void this.host.edit({ op: "set-lead", role, phase }));
      td.querySelector<HTMLSelectElement>(".raci")?.addEventListener("change", (e) => {
        const value = (e.target as HTMLSelectElement).value;
        void this.host.edit({ op: "set-raci", role, phase, raci: value ? (value as "R" | "A" | "C" | "I") : null });
      });
      td.querySelector(".duty-add")?.addEventListener("click", () => this.startEditing(role, phase, duties().length));
      for (const li of td.querySelectorAll<HTMLElement>(".duty:not(.editing)")) {
        const i = Number(li.dataset.index);
        li.querySelector(".duty-text")?.addEventListener("click", () => this.startEditing(role, phase, i));
        li.querySelector(".duty-up")?.addEventListener("click", () => void this.setDuties(role, phase, moved(duties(), i, -1)));
        li.querySelector(".duty-down")?.addEventListener("click", () => void this.setDuties(role, phase, moved(duties(), i, 1)));
        li.querySelector(".duty-remove")?.addEventListener("click", () =>
          void this.setDuties(role, phase, duties().filter((_, k) => k !== i)),
        );
      }
      const editor = td.querySelector<HTMLElement>(".duty.editing");
      if (editor) {
        const zh = editor.querySelector<HTMLInputElement>(".duty-zh");
        const en = editor.querySelector<HTMLInputElement>(".duty-en");
        let done = false;
        const commit = () => {
          if (done) return;
          done = true;
          void this.commitEditing(zh?.value ?? "", en?.value ?? "");
        };
        for (const input of [zh, en]) {
          input?.addEventListener("keydown", (e) => {
            e.stopPropagation();
            if (e.key === "Enter") {
              e.preventDefault();
              commit();
            } else if (e.key === "Escape") {
              done = true;
              this.editing = null;
              this.render();
            }
          });
          input?.addEventListener("blur", () => {
            // Moving between the two inputs of the same duty is not leaving it.
            setTimeout(() => {
              if (!editor.contains(document.activeElement)) commit();
            }, 0);
          });
        }
      }
      td.addEventListener("keydown", (e) => this.onCellKey(e, td, role, phase, r, c));
    }
  }

  private onCellKey(e: KeyboardEvent, td: HTMLElement, role: string, phase: PhaseKey, r: number, c: number): void {
    if (e.target !== td) return;
    const count = this.rows()[r]?.cells[c].duties.length ?? 0;
    if (e.key.startsWith("Arrow")) {
      e.preventDefault();
      const [row, col] = step(r, c, e.key, this.rows().length);
      this.focusCell(row, col);
    } else if (e.key === "Enter") {
      e.preventDefault();
      this.startEditing(role, phase, e.ctrlKey || e.metaKey || count === 0 ? count : 0);
    } else if (e.key === "l" || e.key === "L") {
      e.preventDefault();
      void this.host.edit({ op: "set-lead", role, phase });
    } else if (e.key === "Tab" && !e.shiftKey && c < PHASES.length - 1) {
      e.preventDefault();
      this.focusCell(r, c + 1);
    } else if (e.key === "Tab" && e.shiftKey && c > 0) {
      e.preventDefault();
      this.focusCell(r, c - 1);
    }
  }

  focusCell(row: number, col: number): void {
    const cell = this.cellAt(row, col);
    if (!cell) return;
    for (const other of this.root.querySelectorAll<HTMLElement>("td.cell")) other.tabIndex = -1;
    cell.tabIndex = 0;
    this.focus = { row, col };
    cell.focus();
  }
}
