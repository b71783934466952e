// The manual as a controlled document: the document number, version, effective date and
// confidentiality label, who prepared, reviewed and approved it (编制 / 审核 / 批准), the
// revision history and the logo. The core prints all of it (cover, control page, header,
// footer, distribution record) once the plan has any of it.
//
// Each change is one `set-control` edit of the whole record (one undoable step); the logo
// is read and checked by Rust (`set_logo`) and removed with a `set-logo` edit. The core's
// diagnostics of the record (`control.*`, by field) are shown on the field they name.

import type { ControlDiagnostic } from "./bindings/ControlDiagnostic";
import type { Confidentiality } from "./bindings/Confidentiality";
import type { DocumentControl } from "./bindings/DocumentControl";
import type { Revision } from "./bindings/Revision";
import type { Signoff } from "./bindings/Signoff";
import type { ReleaseDraft } from "./bindings/ReleaseDraft";
import { html, nothing, render } from "lit-html";
import { type Backend, asAppError } from "./backend";
import type { ChaptersHost } from "./chapters";

const WORDS = {
  tabControl: { zh: "文件控制", en: "Document control" },
  controlTitle: { zh: "文件控制", en: "Document control" },
  controlHelp: {
    zh: "填写后，导出的手册在封面后加文件控制页，页脚印文件编号和版本，末尾附发放签收记录。",
    en: "Once filled in, the exported manual has a document-control page after the cover, the number and version in every footer, and a distribution record at the end.",
  },
  document: { zh: "文件信息", en: "Document" },
  number: { zh: "文件编号", en: "Document number" },
  version: { zh: "版本", en: "Version" },
  effective: { zh: "实施日期", en: "Effective date" },
  confidentiality: { zh: "密级", en: "Confidentiality" },
  signoffs: { zh: "编制、审核与批准", en: "Preparation, review and approval" },
  role: { zh: "职责", en: "Role" },
  name: { zh: "姓名", en: "Name" },
  postZh: { zh: "职务（中文）", en: "Post (Chinese)" },
  postEn: { zh: "职务（英文）", en: "Post (English)" },
  date: { zh: "日期", en: "Date" },
  prepared: { zh: "编制", en: "Prepared by" },
  reviewed: { zh: "审核", en: "Reviewed by" },
  approved: { zh: "批准", en: "Approved by" },
  revisions: { zh: "修订记录", en: "Revision history" },
  author: { zh: "修订人", en: "Revised by" },
  summaryZh: { zh: "修订内容（中文）", en: "Changes (Chinese)" },
  summaryEn: { zh: "修订内容（英文）", en: "Changes (English)" },
  addRevision: { zh: "添加修订记录", en: "Add revision" },
  removeRevision: { zh: "删除此条", en: "Remove this entry" },
  noRevisions: { zh: "尚无修订记录。", en: "No revisions recorded yet." },
  logo: { zh: "标志", en: "Logo" },
  logoHelp: {
    zh: "PNG 或 SVG，最大 512 KB；印在封面和每页页眉。",
    en: "PNG or SVG, at most 512 KB; printed on the cover and in every page's header.",
  },
  chooseLogo: { zh: "选择图片…", en: "Choose image…" },
  removeLogo: { zh: "移除标志", en: "Remove logo" },
  noLogo: { zh: "未设置标志", en: "No logo" },
  release: { zh: "发布版本…", en: "Release version…" },
  releaseTitle: { zh: "发布版本", en: "Release a version" },
  releaseHelp: {
    zh: "发布会把当前方案冻结为这个版本，写入修订记录；此后导出的手册不再带“草稿”水印，直到方案再次修改。",
    en: "Releasing freezes the plan as this version and adds it to the revision history; exported manuals lose the DRAFT watermark until the plan changes again.",
  },
  releaseChanges: { zh: "自上次发布以来的修改", en: "Changes since the last release" },
  releaseFirst: { zh: "首次发布：没有可比较的上一版本。", en: "First release: there is no earlier version to compare with." },
  releaseNoChanges: { zh: "自上次发布以来没有修改。", en: "Nothing has changed since the last release." },
  releaseConfirm: { zh: "发布", en: "Release" },
  cancel: { zh: "取消", en: "Cancel" },
  draftState: { zh: "草稿：导出的手册带“草稿”水印", en: "Draft: exported manuals carry a DRAFT watermark" },
  releasedState: { zh: "已发布", en: "Released" },
  neverReleased: { zh: "尚未发布", en: "Never released" },
  "conf-none": { zh: "不标注", en: "Not marked" },
  "conf-public": { zh: "公开", en: "Public" },
  "conf-internal": { zh: "内部", en: "Internal" },
  "conf-confidential": { zh: "秘密", en: "Confidential" },
  "conf-strictly-confidential": { zh: "机密", en: "Strictly confidential" },
} as const;

export type ControlKey = keyof typeof WORDS;

export function cw(key: ControlKey, lang: "zh" | "en"): string {
  return WORDS[key][lang];
}

const CONFIDENTIALITY: Confidentiality[] = ["none", "public", "internal", "confidential", "strictly-confidential"];
const ROLES = ["prepared", "reviewed", "approved"] as const;

/** A date field's text as the record holds it: `YYYY-MM-DD`, or null when empty. */
export function dateValue(text: string): string | null {
  const t = text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
}

/** The record with a new revision at the end: the current version, today, the preparer. */
export function withNewRevision(control: DocumentControl, today: string): DocumentControl {
  const revision: Revision = {
    version: control.version,
    date: today,
    author: control.prepared.name,
    summary: { zh: "", en: "" },
  };
  return { ...control, revisions: [...control.revisions, revision] };
}

/** The diagnostics of `field` (`version`, `approved.date`, `revisions[2].date`). */
export function controlDiagnostics(all: ControlDiagnostic[], field: string): ControlDiagnostic[] {
  return all.filter((d) => d.field === field || d.field.startsWith(`${field}.`));
}

function isoToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export class ControlForm {
  private visible = false;
  /** The logo picture, by the fingerprint of the logo it shows. */
  private logoUrl: { fingerprint: number; url: string } | null = null;
  /** The release dialog's state while it is open. */
  private releasing: (ReleaseDraft & { author: string }) | null = null;

  constructor(
    private root: HTMLElement,
    private host: ChaptersHost,
    private backend: Backend,
  ) {}

  private tr(key: ControlKey): string {
    return cw(key, this.host.lang);
  }

  adopt(old: ControlForm): void {
    this.logoUrl = old.logoUrl;
  }

  show(): void {
    this.visible = true;
    this.render();
  }

  hide(): void {
    this.visible = false;
  }

  private async set(control: DocumentControl): Promise<void> {
    await this.host.edit({ op: "set-control", control });
  }

  /** Fetches the logo's picture when the plan's logo is not the one shown. */
  private async refreshLogo(): Promise<void> {
    const logo = this.host.plan?.manual.logo ?? null;
    if (!logo) {
      this.logoUrl = null;
      return;
    }
    if (this.logoUrl?.fingerprint === logo.fingerprint) return;
    try {
      const url = await this.backend.logoUrl();
      if (url) this.logoUrl = { fingerprint: logo.fingerprint, url };
      this.render();
    } catch (err) {
      this.host.showError(asAppError(err));
    }
  }

  /** Opens the release dialog with the suggested version and a summary drafted from the changes. */
  async openRelease(): Promise<void> {
    try {
      const draft = await this.backend.releaseDraft();
      this.releasing = { ...draft, author: this.host.plan?.manual.control.prepared.name ?? "" };
      this.render();
      this.root.querySelector<HTMLInputElement>("#release-version")?.focus();
    } catch (err) {
      this.host.showError(asAppError(err));
    }
  }

  private async confirmRelease(): Promise<void> {
    const r = this.releasing;
    if (!r) return;
    const field = (id: string) => this.root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)?.value.trim() ?? "";
    const edit = {
      op: "release" as const,
      version: field("release-version"),
      date: isoToday(),
      summary: { zh: field("release-summary-zh"), en: field("release-summary-en") },
      author: field("release-author"),
    };
    this.releasing = null;
    await this.host.edit(edit);
    this.render();
  }

  private releaseDialog() {
    const r = this.releasing;
    if (!r) return nothing;
    const lang = this.host.lang;
    const cancel = () => {
      this.releasing = null;
      this.render();
    };
    return html`<div class="modal" id="release-dialog" role="dialog" aria-labelledby="release-title"
        @keydown=${(e: KeyboardEvent) => e.key === "Escape" && cancel()}>
      <div class="modal-box release-box">
        <h3 id="release-title">${this.tr("releaseTitle")}</h3>
        <p class="muted">${this.tr("releaseHelp")}</p>
        <div class="rule-grid">
          <label class="rule-label" for="release-version">${this.tr("version")}</label>
          <div class="rule-input"><input id="release-version" class="control-text short" .value=${r.version}></div>
          <label class="rule-label" for="release-author">${this.tr("author")}</label>
          <div class="rule-input"><input id="release-author" class="control-text" .value=${r.author}></div>
          <label class="rule-label" for="release-summary-zh">${this.tr("summaryZh")}</label>
          <div class="rule-input"><textarea id="release-summary-zh" rows="3" .value=${r.summary.zh}></textarea></div>
          <label class="rule-label" for="release-summary-en">${this.tr("summaryEn")}</label>
          <div class="rule-input"><textarea id="release-summary-en" rows="3" .value=${r.summary.en}></textarea></div>
        </div>
        <h4>${this.tr("releaseChanges")}</h4>
        ${r.since === null
          ? html`<p class="muted">${this.tr("releaseFirst")}</p>`
          : r.changes.length
            ? html`<ul class="release-changes">${r.changes.map((c) => html`<li>${c[lang]}</li>`)}</ul>`
            : html`<p class="muted">${this.tr("releaseNoChanges")}</p>`}
        <div class="actions">
          <button id="release-confirm" class="primary" @click=${() => void this.confirmRelease()}>${this.tr("releaseConfirm")}</button>
          <button id="release-cancel" @click=${cancel}>${this.tr("cancel")}</button>
        </div>
      </div>
    </div>`;
  }

  private async chooseLogo(): Promise<void> {
    try {
      const path = await this.backend.pickLogoPath();
      if (!path) return;
      await this.host.applyView(() => this.backend.setLogo(path));
    } catch (err) {
      this.host.showError(asAppError(err));
    }
  }

  render(): void {
    if (!this.visible) return;
    const plan = this.host.plan;
    if (!plan) {
      render(nothing, this.root);
      return;
    }
    const control = plan.manual.control;
    const diags = plan.manual.controlDiagnostics;
    void this.refreshLogo();
    const marks = (field: string) =>
      controlDiagnostics(diags, field).map(
        (d) => html`<div class="rule-diag ${d.severity}" data-code=${d.code}>${d.message[this.host.lang]}</div>`,
      );
    const flagged = (field: string) => (controlDiagnostics(diags, field).length ? "flagged" : "");
    const text = (id: string, value: string, apply: (v: string) => DocumentControl, cls = "") =>
      html`<input id=${id} class="control-text ${cls}" .value=${value}
        @change=${(e: Event) => void this.set(apply((e.target as HTMLInputElement).value.trim()))}>`;
    const date = (id: string, value: string | null, apply: (v: string | null) => DocumentControl, label = "") =>
      html`<input id=${id || nothing} class="control-date" type="date" aria-label=${label || nothing} .value=${value ?? ""}
        @change=${(e: Event) => void this.set(apply(dateValue((e.target as HTMLInputElement).value)))}>`;
    const withSignoff = (role: (typeof ROLES)[number], patch: Partial<Signoff>): DocumentControl => ({
      ...control,
      [role]: { ...control[role], ...patch },
    });
    const withRevision = (i: number, patch: Partial<Revision>): DocumentControl => ({
      ...control,
      revisions: control.revisions.map((r, j) => (j === i ? { ...r, ...patch } : r)),
    });
    const posts = (lang: "zh" | "en") => [...new Set(plan.nodes.map((n) => n.name[lang]).filter((n) => n))];
    const logo = plan.manual.logo;
    render(
      html`<div class="rules-pane" id="control-form">
        <div class="pane-bar"><strong>${this.tr("controlTitle")}</strong>
          <span id="control-state" class="release-state ${plan.manual.draft ? "draft" : ""}">${this.releaseState()}</span>
          <button id="control-release" @click=${() => void this.openRelease()}>${this.tr("release")}</button>
          <span class="muted help">${this.tr("controlHelp")}</span></div>
        <div class="rules-scroll">
          <datalist id="control-posts-zh">${posts("zh").map((p) => html`<option value=${p}></option>`)}</datalist>
          <datalist id="control-posts-en">${posts("en").map((p) => html`<option value=${p}></option>`)}</datalist>
          <section class="rule-group">
            <h3>${this.tr("document")}</h3>
            <div class="rule-grid">
              <label class="rule-label" for="control-number">${this.tr("number")}</label>
              <div class="rule-input">${text("control-number", control.number, (number) => ({ ...control, number }))}</div>
              <label class="rule-label" for="control-version">${this.tr("version")}</label>
              <div class="rule-input ${flagged("version")}">${text("control-version", control.version, (version) => ({ ...control, version }), "short")}${marks("version")}</div>
              <label class="rule-label" for="control-effective">${this.tr("effective")}</label>
              <div class="rule-input ${flagged("effective")}">${date("control-effective", control.effective, (effective) => ({ ...control, effective }))}${marks("effective")}</div>
              <label class="rule-label" for="control-confidentiality">${this.tr("confidentiality")}</label>
              <div class="rule-input">
                <select id="control-confidentiality" @change=${(e: Event) =>
                  void this.set({ ...control, confidentiality: (e.target as HTMLSelectElement).value as Confidentiality })}>
                  ${CONFIDENTIALITY.map((c) => html`<option value=${c} .selected=${c === control.confidentiality}>${this.tr(`conf-${c}`)}</option>`)}
                </select>
              </div>
            </div>
          </section>
          <section class="rule-group">
            <h3>${this.tr("signoffs")}</h3>
            <table class="shift-table" id="control-signoffs">
              <thead><tr><th>${this.tr("role")}</th><th>${this.tr("name")}</th><th>${this.tr("postZh")}</th><th>${this.tr("postEn")}</th><th>${this.tr("date")}</th></tr></thead>
              <tbody>${ROLES.map((role) => {
                const s = control[role];
                return html`<tr class="signoff-row ${flagged(role)}" data-role=${role}>
                    <th>${this.tr(role)}</th>
                    <td><input class="shift-text signoff-name" aria-label=${this.tr("name")} .value=${s.name}
                      @change=${(e: Event) => void this.set(withSignoff(role, { name: (e.target as HTMLInputElement).value.trim() }))}></td>
                    <td><input class="shift-text signoff-post-zh" list="control-posts-zh" aria-label=${this.tr("postZh")} .value=${s.post.zh}
                      @change=${(e: Event) => void this.set(withSignoff(role, { post: { ...s.post, zh: (e.target as HTMLInputElement).value.trim() } }))}></td>
                    <td><input class="shift-text signoff-post-en" list="control-posts-en" aria-label=${this.tr("postEn")} .value=${s.post.en}
                      @change=${(e: Event) => void this.set(withSignoff(role, { post: { ...s.post, en: (e.target as HTMLInputElement).value.trim() } }))}></td>
                    <td>${date("", s.date, (d) => withSignoff(role, { date: d }), this.tr("date"))}</td>
                  </tr>
                  ${controlDiagnostics(diags, role).length ? html`<tr class="shift-diags"><td colspan="5">${marks(role)}</td></tr>` : nothing}`;
              })}</tbody>
            </table>
          </section>
          <section class="rule-group">
            <h3>${this.tr("revisions")}</h3>
            ${control.revisions.length
              ? html`<table class="shift-table" id="control-revisions">
                  <thead><tr><th>${this.tr("version")}</th><th>${this.tr("date")}</th><th>${this.tr("author")}</th><th>${this.tr("summaryZh")}</th><th>${this.tr("summaryEn")}</th><th></th></tr></thead>
                  <tbody>${control.revisions.map((r, i) => {
                    const field = `revisions[${i}]`;
                    return html`<tr class="revision-row ${flagged(field)}" data-index=${i}>
                        <td><input class="shift-number revision-version" aria-label=${this.tr("version")} .value=${r.version}
                          @change=${(e: Event) => void this.set(withRevision(i, { version: (e.target as HTMLInputElement).value.trim() }))}></td>
                        <td>${date("", r.date, (d) => withRevision(i, { date: d }), this.tr("date"))}</td>
                        <td><input class="shift-text revision-author" aria-label=${this.tr("author")} .value=${r.author}
                          @change=${(e: Event) => void this.set(withRevision(i, { author: (e.target as HTMLInputElement).value.trim() }))}></td>
                        <td><input class="shift-text wide revision-summary-zh" aria-label=${this.tr("summaryZh")} .value=${r.summary.zh}
                          @change=${(e: Event) => void this.set(withRevision(i, { summary: { ...r.summary, zh: (e.target as HTMLInputElement).value } }))}></td>
                        <td><input class="shift-text wide revision-summary-en" aria-label=${this.tr("summaryEn")} .value=${r.summary.en}
                          @change=${(e: Event) => void this.set(withRevision(i, { summary: { ...r.summary, en: (e.target as HTMLInputElement).value } }))}></td>
                        <td><button class="remove-revision link" title=${this.tr("removeRevision")} aria-label=${this.tr("removeRevision")}
                          @click=${() => void this.set({ ...control, revisions: control.revisions.filter((_, j) => j !== i) })}>✕</button></td>
                      </tr>
                      ${controlDiagnostics(diags, field).length ? html`<tr class="shift-diags"><td colspan="6">${marks(field)}</td></tr>` : nothing}`;
                  })}</tbody>
                </table>`
              : html`<p class="muted">${this.tr("noRevisions")}</p>`}
            <button id="control-add-revision" @click=${() => void this.set(withNewRevision(control, isoToday()))}>${this.tr("addRevision")}</button>
          </section>
          <section class="rule-group">
            <h3>${this.tr("logo")}</h3>
            <p class="muted">${this.tr("logoHelp")}</p>
            <div class="control-logo">
              ${logo
                ? html`${this.logoUrl ? html`<img id="control-logo-image" src=${this.logoUrl.url} alt=${this.tr("logo")}>` : nothing}
                  <span class="muted" id="control-logo-info">${logo.format.toUpperCase()} ${logo.width}×${logo.height} · ${Math.max(1, Math.round(logo.bytes / 1024))} KB</span>`
                : html`<span class="muted">${this.tr("noLogo")}</span>`}
              <button id="control-choose-logo" @click=${() => void this.chooseLogo()}>${this.tr("chooseLogo")}</button>
              ${logo ? html`<button id="control-remove-logo" @click=${() => void this.host.edit({ op: "set-logo", logo: null })}>${this.tr("removeLogo")}</button>` : nothing}
            </div>
          </section>
        </div>
        ${this.releaseDialog()}
      </div>`,
      this.root,
    );
  }

  /** "Released 1.1 (2026-03-20)", with the draft mark when the plan changed since. */
  private releaseState(): string {
    const manual = this.host.plan?.manual;
    if (!manual) return "";
    const last = manual.releases[manual.releases.length - 1];
    const dated = (v: string, d: string) => (this.host.lang === "zh" ? `${v}（${d}）` : `${v} (${d})`);
    const released = last ? `${this.tr("releasedState")} ${dated(last.version, last.date)}` : this.tr("neverReleased");
    return manual.draft ? `${released} · ${this.tr("draftState")}` : released;
  }
}
