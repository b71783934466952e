// The responsibility matrix editor: roles (rows) × the four phases (columns). Each cell
// holds the phase's lead marker, an optional RACI letter and an ordered list of duties,
// edited in place. Every change is one core edit (set-cell-duties, set-lead, ...), so
// undo and validation come from the core.
//
// Drawn with lit-html: a re-render after an edit patches the grid in place, so the cell,
// button or duty field with the focus keeps it. The focused cell is the grid's one tab
// stop (a roving tabindex); focus is moved by hand only where the element that had it
// goes away (a duty editor closing).

import type { Bilingual } from "./i18n";
import type { Edit } from "./bindings/Edit";
import type { MatrixDiagnostic } from "./bindings/MatrixDiagnostic";
import type { MatrixRowView } from "./bindings/MatrixRowView";
import type { PlanView } from "./bindings/PlanView";
import type { Phase } from "./bindings/Phase";
import type { Raci } from "./bindings/Raci";
import { html, nothing, render } from "lit-html";
import { type Lang, pick } from "./i18n";
import { PHASES, PHASE_NAMES, dt } from "./docs-i18n";

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
export function cellDiagnostics(all: MatrixDiagnostic[], role: string, phase: Phase): MatrixDiagnostic[] {
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

/** Diagnostics as marks inside a cell, row or column head. */
function diagnosticMarks(list: MatrixDiagnostic[], cls: string, lang: Lang) {
  return list.map((d) => html`<div class="${cls} ${d.severity}" data-code=${d.code}>${pick(d.message, lang)}</div>`);
}

interface Editing {
  role: string;
  phase: Phase;
  /** The duty being edited; the list's length for a new one. */
  index: number;
}

export class MatrixEditor {
  /** The cell with the keyboard focus: the grid's one tab stop. */
  focus: { row: number; col: number } = { row: 0, col: 0 };
  editing: Editing | null = null;
  /** The role chosen in the add-role picker, if any. */
  private picked = "";

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
    // A patch keeps every element that stays; only one that goes away (a removed row's
    // button) can take the focus with it, and then the keyboard goes back to the grid.
    const hadFocus = this.root.contains(document.activeElement);
    const lang = this.host.lang;
    const rows = this.rows();
    const diags = plan.docs.matrixDiagnostics;
    this.focus.row = Math.max(0, Math.min(this.focus.row, rows.length - 1));
    const inMatrix = new Set(rows.map((r) => r.role));
    const candidates = plan.nodes.filter((n) => !inMatrix.has(n.id));
    if (!candidates.some((n) => n.id === this.picked)) this.picked = "";
    const marks = (list: MatrixDiagnostic[], cls: string) => diagnosticMarks(list, cls, lang);
    const head = PHASES.map(
      (p) => html`<th data-phase=${p}><span class="phase-name">${pick(PHASE_NAMES[p], lang)}</span>${marks(
        diags.filter((d) => d.role === null && d.phase === p),
        "col-diag",
      )}</th>`,
    );
    const body = rows.map((row, r) => {
      const rowDiags = diags.filter((d) => d.role === row.role && d.phase === null);
      const rowClass = rowDiags.some((d) => d.severity === "error") ? "error" : rowDiags.length ? "warning" : "";
      const first = r === 0;
      const last = r === rows.length - 1;
      return html`<tr data-role=${row.role} class=${rowClass}>
          <th class="role-head" scope="row">
            <div class="role-name">${pick(row.name, lang)}</div>
            ${row.inChart ? nothing : html`<div class="row-diag error">${this.tr("notInChart")}</div>`}
            ${marks(rowDiags, "row-diag")}
            <div class="role-actions">
              <button class="row-up" title=${this.tr(first ? "firstRow" : "moveUp")} ?disabled=${first}
                @click=${() => void this.host.edit({ op: "move-matrix-row", role: row.role, index: r - 1 })}>↑</button>
              <button class="row-down" title=${this.tr(last ? "lastRow" : "moveDown")} ?disabled=${last}
                @click=${() => void this.host.edit({ op: "move-matrix-row", role: row.role, index: r + 1 })}>↓</button>
              <button class="row-remove danger" title=${this.tr("removeRole")}
                @click=${() => void this.host.edit({ op: "remove-matrix-row", role: row.role })}>✕</button>
            </div>
          </th>${PHASES.map((p, c) => this.cell(row, r, p, c, diags))}</tr>`;
    });
    const addReason = this.picked ? nothing : this.tr(candidates.length ? "pickRoleFirst" : "allRolesIn");
    const pickRole = (e: Event) => {
      this.picked = (e.currentTarget as HTMLSelectElement).value;
      this.render();
    };
    render(
      html`<div class="matrix-pane">
      <div class="pane-bar">
        <select id="matrix-add-role" @change=${pickRole}><option value="" .selected=${this.picked === ""}>${this.tr("pickRole")}</option>${candidates.map(
          (n) => html`<option value=${n.id} .selected=${n.id === this.picked}>${pick(n.name, lang)}</option>`,
        )}</select>
        <button id="matrix-add" ?disabled=${!this.picked} title=${addReason} @click=${() => this.addRole()}>${this.tr("addRole")}</button>
        <span class="sep"></span>
        <button id="matrix-export-csv" @click=${() => this.exportMatrix("csv")}>${this.tr("exportCsv")}</button>
        <button id="matrix-export-xlsx" @click=${() => this.exportMatrix("xlsx")}>${this.tr("exportXlsx")}</button>
        <span class="muted help">${this.tr("matrixHelp")}</span>
      </div>
      <div class="matrix-scroll"><table class="matrix-grid" id="matrix-grid">
        <thead><tr><th class="role-col"><span>${this.tr("role")}</span></th>${head}</tr></thead>
        <tbody>${body}</tbody></table></div></div>`,
      this.root,
    );
    // Set as well as marked: some DOMs (happy-dom) do not honour `selected` on options.
    const picker = this.root.querySelector<HTMLSelectElement>("#matrix-add-role");
    if (picker && picker.value !== this.picked) picker.value = this.picked;
    if (hadFocus && !this.root.contains(document.activeElement)) this.cellAt(this.focus.row, this.focus.col)?.focus({ preventScroll: true });
  }

  private addRole(): void {
    const role = this.picked;
    if (!role) return;
    this.picked = "";
    void this.host.edit({ op: "add-matrix-row", role, index: null });
  }

  private cell(row: MatrixRowView, r: number, phase: Phase, c: number, diags: MatrixDiagnostic[]) {
    const lang = this.host.lang;
    const cell = row.cells[c];
    const role = row.role;
    const own = diags.filter((d) => d.role === role && d.phase === phase);
    const sev = own.some((d) => d.severity === "error") ? "error" : own.length ? "warning" : "";
    const editing = this.editing?.role === role && this.editing.phase === phase ? this.editing.index : -1;
    const duties = () => this.rows().find((x) => x.role === role)?.cells[c].duties ?? [];
    const count = cell.duties.length;
    const items = cell.duties.map((d, i) =>
      i === editing
        ? this.editor(d)
        : html`<li class="duty" data-index=${i}><span class="duty-text" @click=${() => this.startEditing(role, phase, i)}>${pick(d, lang)}</span>
          <span class="duty-actions"><button class="duty-up" title=${this.tr(i === 0 ? "firstDuty" : "moveUp")} ?disabled=${i === 0}
            @click=${() => void this.setDuties(role, phase, moved(duties(), i, -1))}>↑</button><button class="duty-down"
            title=${this.tr(i === count - 1 ? "lastDuty" : "moveDown")} ?disabled=${i === count - 1}
            @click=${() => void this.setDuties(role, phase, moved(duties(), i, 1))}>↓</button><button class="duty-remove" title=${this.tr("remove")}
            @click=${() => void this.setDuties(role, phase, duties().filter((_, k) => k !== i))}>✕</button></span></li>`,
    );
    const adding = editing === count ? this.editor({ zh: "", en: "" }) : nothing;
    const raci = (e: Event) => {
      const value = (e.currentTarget as HTMLSelectElement).value;
      void this.host.edit({ op: "set-raci", role, phase, raci: value ? (value as Raci) : null });
    };
    const focused = this.focus.row === r && this.focus.col === c;
    return html`<td class="cell ${sev} ${cell.lead ? "lead" : ""}" tabindex=${focused ? 0 : -1} data-row=${r} data-col=${c} data-role=${role} data-phase=${phase}
        title=${own.map((d) => pick(d.message, lang)).join("\n")}
        @focus=${() => (this.focus = { row: r, col: c })} @keydown=${(e: KeyboardEvent) => this.onCellKey(e, role, phase, r, c)}>
      <div class="cell-head">
        <button class="lead-toggle ${cell.lead ? "on" : ""}" title=${this.tr(cell.lead ? "isLead" : "makeLead")}
          @click=${() => void this.host.edit({ op: "set-lead", role, phase })}>${cell.lead ? "★" : "☆"} ${this.tr("lead")}</button>
        <select class="raci" title=${this.tr("raci")} @change=${raci}>${["", "R", "A", "C", "I"].map(
          (l) => html`<option value=${l} .selected=${(cell.raci ?? "") === l}>${l || "–"}</option>`,
        )}</select>
        <button class="duty-add" title=${this.tr("addDuty")} @click=${() => this.startEditing(role, phase, duties().length)}>${this.tr("addDuty")}</button>
      </div>
      ${diagnosticMarks(own, "cell-diag", lang)}
      <ol class="duties">${items}${adding}</ol>
      ${count || editing === count ? nothing : html`<div class="muted empty">${this.tr("noDuty")}</div>`}
    </td>`;
  }

  /** The open duty editor: Enter commits, Esc cancels, leaving both fields commits. */
  private editor(d: Bilingual) {
    const key = (e: KeyboardEvent) => {
      // The grid's keys (arrows, L, Enter) are the cell's; typing here is the field's.
      e.stopPropagation();
      if (e.isComposing) return;
      const li = (e.currentTarget as HTMLElement).closest("li") as HTMLElement;
      if (e.key === "Enter") {
        e.preventDefault();
        void this.commitFrom(li, true);
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.cancelEditing();
      }
    };
    const leave = (e: FocusEvent) => {
      const li = e.currentTarget as HTMLElement;
      // Moving between the duty's two fields is not leaving it; nor is the window losing focus.
      if (li.contains(e.relatedTarget as Node | null) || !document.hasFocus()) return;
      void this.commitFrom(li, false);
    };
    return html`<li class="duty editing" @focusout=${leave}><input class="duty-zh" placeholder=${this.tr("dutyZh")} .value=${d.zh} @keydown=${key}>
      <input class="duty-en" placeholder=${this.tr("dutyEn")} .value=${d.en} @keydown=${key}></li>`;
  }

  private cellAt(row: number, col: number): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`td.cell[data-row="${row}"][data-col="${col}"]`);
  }

  /** Starts editing duty `index` of a cell (the list's length adds a new duty). */
  startEditing(role: string, phase: Phase, index: number): void {
    const r = this.rows().findIndex((row) => row.role === role);
    if (r >= 0) this.focus = { row: r, col: PHASES.indexOf(phase) };
    this.editing = { role, phase, index };
    this.render();
    const input = this.cellAt(this.focus.row, this.focus.col)?.querySelector<HTMLInputElement>(".duty.editing .duty-zh");
    input?.focus();
    input?.select();
  }

  /** Closes the duty editor without a change; the keyboard goes back to its cell. */
  private cancelEditing(): void {
    this.editing = null;
    this.render();
    this.focusCell(this.focus.row, this.focus.col);
  }

  /** Commits the editor `li` once; `keepKeyboard` puts the focus back on its cell after. */
  private async commitFrom(li: HTMLElement, keepKeyboard: boolean): Promise<void> {
    if (!this.editing || !li.isConnected) return;
    const value = (cls: string) => li.querySelector<HTMLInputElement>(cls)?.value ?? "";
    await this.commitEditing(value(".duty-zh"), value(".duty-en"));
    if (keepKeyboard) this.focusCell(this.focus.row, this.focus.col);
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

  private async setDuties(role: string, phase: Phase, duties: Bilingual[]): Promise<void> {
    const before = this.rows().find((r) => r.role === role)?.cells[PHASES.indexOf(phase)].duties;
    if (before && JSON.stringify(before) === JSON.stringify(duties)) return this.render();
    await this.host.edit({ op: "set-cell-duties", role, phase, duties });
  }

  private onCellKey(e: KeyboardEvent, role: string, phase: Phase, r: number, c: number): void {
    if (e.target !== e.currentTarget) {
      // From a cell's button (one just clicked) the arrows still move between cells.
      if (e.target instanceof HTMLButtonElement && e.key.startsWith("Arrow")) {
        e.preventDefault();
        const [row, col] = step(r, c, e.key, this.rows().length);
        this.focusCell(row, col);
      }
      return;
    }
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

  /** Moves the grid's tab stop to a cell and focuses it. */
  focusCell(row: number, col: number): void {
    this.focus = { row, col };
    this.render();
    this.cellAt(row, col)?.focus();
  }
}
