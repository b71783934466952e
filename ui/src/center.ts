// The center settings dialog: the center's Chinese and English names (the English manual
// prints the English one) and its center type. Each change is one undoable edit. Changing
// the type first shows what it changes — the backend lists the diagnostics it would raise
// and clear — and says that nothing of the plan is added or deleted.

import type { AppError } from "./bindings/AppError";
import type { CenterType } from "./bindings/CenterType";
import type { CenterTypeChange } from "./bindings/CenterTypeChange";
import type { CenterTypeInfo } from "./bindings/CenterTypeInfo";
import type { DiagnosticView } from "./bindings/DiagnosticView";
import type { Edit } from "./bindings/Edit";
import type { PlanView } from "./bindings/PlanView";
import { html, nothing, render } from "lit-html";
import { type Backend, asAppError } from "./backend";
import { type Lang, type StringKey, pick, t } from "./i18n";

export interface CenterHost {
  readonly lang: Lang;
  readonly plan: PlanView | null;
  edit(edit: Edit): Promise<void>;
  showError(err: AppError): void;
}

export class CenterDialog {
  private modal: HTMLElement | null = null;
  /** A type change waiting for the user's go-ahead, with what it would change. */
  pending: { key: CenterType; change: CenterTypeChange } | null = null;

  constructor(
    private root: HTMLElement,
    private host: CenterHost,
    private backend: Backend,
    private centerTypes: () => CenterTypeInfo[],
  ) {}

  private tr(key: StringKey): string {
    return t(key, this.host.lang);
  }

  /** Open and still in the page (a redraw of the whole window removes it). */
  get isOpen(): boolean {
    return this.modal?.isConnected === true;
  }

  open(): void {
    if (this.isOpen || !this.host.plan) return;
    const modal = document.createElement("div");
    modal.className = "modal";
    modal.id = "center-dialog";
    modal.setAttribute("role", "dialog");
    modal.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !e.isComposing) {
        e.stopPropagation();
        if (this.pending) this.cancelType();
        else this.close();
      }
    });
    this.root.append(modal);
    this.modal = modal;
    this.render();
    modal.querySelector<HTMLInputElement>("#center-name-zh")?.focus();
  }

  close(): void {
    this.modal?.remove();
    this.modal = null;
    this.pending = null;
  }

  /** Asks what changing the type to `key` would change; the change waits for a yes. */
  async chooseType(key: CenterType): Promise<void> {
    if (!this.host.plan || key === this.host.plan.centerType) {
      this.pending = null;
      this.render();
      return;
    }
    try {
      const change = await this.backend.centerTypeChange(key);
      this.pending = { key, change };
    } catch (err) {
      this.host.showError(asAppError(err));
      this.pending = null;
    }
    this.render();
  }

  async confirmType(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    await this.host.edit({ op: "set-center-type", centerType: pending.key });
    this.render();
  }

  cancelType(): void {
    this.pending = null;
    this.render();
  }

  /** Draws the dialog again (after an edit, an undo, a language switch). */
  render(): void {
    const modal = this.modal;
    const plan = this.host.plan;
    if (!modal || !this.isOpen) return;
    if (!plan) {
      this.close();
      return;
    }
    const lang = this.host.lang;
    const types = this.centerTypes();
    const typeName = (key: CenterType) => {
      const info = types.find((c) => c.key === key);
      return info ? pick(info.name, lang) : key;
    };
    const commitZh = (e: Event) => {
      const value = (e.currentTarget as HTMLInputElement).value.trim();
      if (value && value !== plan.name) void this.host.edit({ op: "rename-plan", name: value });
      else (e.currentTarget as HTMLInputElement).value = plan.name;
    };
    const commitEn = (e: Event) => {
      const value = (e.currentTarget as HTMLInputElement).value.trim();
      if (value !== plan.nameEn) void this.host.edit({ op: "rename-plan-en", name: value });
    };
    const enter = (e: KeyboardEvent) => {
      if (e.key === "Enter" && !e.isComposing) (e.currentTarget as HTMLInputElement).blur();
    };
    const selected = this.pending?.key ?? plan.centerType;
    const list = (items: DiagnosticView[]) =>
      html`<ul class="type-diags">${items.map((d) => html`<li class=${d.severity} data-code=${d.code}>${pick(d.message, lang)}</li>`)}</ul>`;
    const warning = this.pending
      ? html`<div class="type-warning" id="type-warning" role="alert">
          <h4>${typeChangeTitle(typeName(plan.centerType), typeName(this.pending.key), lang)}</h4>
          <p>${this.tr("typeChangeKeeps")}</p>
          <p>${this.tr("typeChangeFollows")}</p>
          ${this.pending.change.added.length ? html`<p>${this.tr("typeChangeAdded")}</p>${list(this.pending.change.added)}` : nothing}
          ${this.pending.change.removed.length ? html`<p>${this.tr("typeChangeRemoved")}</p>${list(this.pending.change.removed)}` : nothing}
          ${this.pending.change.added.length || this.pending.change.removed.length ? nothing : html`<p>${this.tr("typeChangeSame")}</p>`}
          <p class="muted">${this.tr("undoHint")}</p>
          <div class="actions"><button class="primary" id="type-confirm" @click=${() => void this.confirmType()}>${this.tr("changeType")}</button>
            <button id="type-cancel" @click=${() => this.cancelType()}>${this.tr("cancel")}</button></div>
        </div>`
      : nothing;
    render(
      html`<div class="modal-box center-box">
        <h3>${this.tr("centerSettings")}</h3>
        <label>${this.tr("centerNameZh")}<input id="center-name-zh" .defaultValue=${plan.name} .value=${plan.name} @change=${commitZh} @keydown=${enter}></label>
        <label>${this.tr("centerNameEn")}<input id="center-name-en" .defaultValue=${plan.nameEn} .value=${plan.nameEn}
          placeholder=${plan.name} @change=${commitEn} @keydown=${enter}></label>
        <p class="muted hint-text">${this.tr("centerNameEnHint")}</p>
        <label>${this.tr("centerType")}<select id="center-type" @change=${(e: Event) => void this.chooseType((e.currentTarget as HTMLSelectElement).value as CenterType)}>
          ${types.map((c) => html`<option value=${c.key} .selected=${c.key === selected}>${pick(c.name, lang)}</option>`)}
        </select></label>
        ${warning}
        <div class="actions"><span class="grow"></span><button id="center-close" @click=${() => this.close()}>${this.tr("close")}</button></div>
      </div>`,
      modal,
    );
    // Set as well as marked: some DOMs (happy-dom) do not honour `selected` on options.
    const select = modal.querySelector<HTMLSelectElement>("#center-type");
    if (select && select.value !== selected) select.value = selected;
  }
}

/** The heading of the type change warning. */
export function typeChangeTitle(from: string, to: string, lang: Lang): string {
  return lang === "zh" ? `将中心类型从“${from}”改为“${to}”？` : `Change the center type from ${from} to ${to}?`;
}
