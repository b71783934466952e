// Job descriptions: per position, a summary and an ordered duty list, each duty shown in
// both editions or only one. A position without one starts from the template's duties.
//
// Drawn with lit-html: a re-render after an edit patches the fields in place, so the field
// the user tabbed into keeps its focus, selection and what is being typed in it.

import { html, nothing, render } from "lit-html";
import type { DutyView } from "./bindings/DutyView";
import type { JobView } from "./bindings/JobView";
import { pick } from "./i18n";
import { type DocsHost, moved, replaced } from "./matrix";
import { type DocKey, audienceChoices, dt } from "./docs-i18n";
import { fitAll, onGrow, onSingleLineKey } from "./fields";

type Audience = DutyView["audience"];
export class JobsEditor {
  selected: string | null = null;

  constructor(
    private root: HTMLElement,
    private host: DocsHost,
  ) {}

  private tr(key: DocKey): string {
    return dt(key, this.host.lang);
  }

  private jobs(): JobView[] {
    return this.host.plan?.docs.jobs ?? [];
  }

  render(): void {
    const lang = this.host.lang;
    const jobs = this.jobs();
    if (!jobs.some((j) => j.position === this.selected)) this.selected = jobs[0]?.position ?? null;
    const choose = (position: string) => {
      this.selected = position;
      this.render();
    };
    const list = jobs.map(
      (j) => html`<li class="job-item ${j.position === this.selected ? "selected" : ""} ${j.exists ? "" : "missing"}" data-position=${j.position}
          @click=${() => choose(j.position)}>${pick(j.name, lang)} <span class="muted">${j.exists ? j.duties.length : "—"}</span></li>`,
    );
    const job = jobs.find((j) => j.position === this.selected);
    render(
      html`<div class="jobs-pane"><ul class="job-list">${list}</ul>
        <section class="job-detail" id="job-detail">${job ? (job.exists ? this.detail(job) : this.missing(job)) : nothing}</section></div>`,
      this.root,
    );
    fitAll(this.root);
  }

  private missing(job: JobView) {
    const lang = this.host.lang;
    const preview = job.templateDuties.map((d) => html`<li>${pick(d.text, lang)}</li>`);
    return html`<h3>${pick(job.name, lang)} <code>${job.position}</code></h3>
      <p class="muted">${this.tr("noJob")}</p>
      <div class="actions"><button id="job-from-template" class="primary" ?disabled=${!job.templateDuties.length}
        title=${job.templateDuties.length ? nothing : this.tr("noTemplateDuties")}
        @click=${() => this.save(job, job.templateDuties, job.templateSummary)}>${this.tr("fromTemplate")}</button>
      <button id="job-blank" @click=${() => this.save(job, [], job.summary)}>${this.tr("emptyJob")}</button></div>
      ${preview.length ? html`<ol class="muted">${preview}</ol>` : nothing}`;
  }

  private detail(job: JobView) {
    const lang = this.host.lang;
    const root = this.root;
    const summary = () => ({
      zh: root.querySelector<HTMLTextAreaElement>("#jd-summary-zh")?.value ?? "",
      en: root.querySelector<HTMLTextAreaElement>("#jd-summary-en")?.value ?? "",
    });
    const saveSummary = () => this.save(job, job.duties, summary());
    const rows = job.duties.map((d, i) => {
      const update = (e: Event) => {
        const tr = (e.currentTarget as HTMLElement).closest("tr");
        const read = (sel: string) => tr?.querySelector<HTMLTextAreaElement | HTMLSelectElement>(sel)?.value ?? "";
        const duty: DutyView = { text: { zh: read(".jd-zh"), en: read(".jd-en") }, audience: (read(".jd-audience") || "both") as Audience };
        this.save(job, replaced(job.duties, i, duty));
      };
      const text = (cls: string, value: string, placeholder: DocKey) =>
        html`<textarea class="${cls} autosize" rows="1" data-single-line placeholder=${this.tr(placeholder)} .defaultValue=${value} .value=${value}
          @input=${onGrow} @keydown=${onSingleLineKey} @change=${update}></textarea>`;
      return html`<tr data-index=${i}><td class="num">${i + 1}</td>
          <td>${text("jd-zh", d.text.zh, "dutyZh")}</td>
          <td>${text("jd-en", d.text.en, "dutyEn")}</td>
          <td><select class="jd-audience" @change=${update}>${audienceChoices(d.audience, lang)}</select></td>
          <td class="nowrap"><button class="jd-up" ?disabled=${i === 0} title=${this.tr(i === 0 ? "firstDuty" : "moveUp")} @click=${() => this.save(job, moved(job.duties, i, -1))}>↑</button><button
            class="jd-down" ?disabled=${i === job.duties.length - 1} title=${this.tr(i === job.duties.length - 1 ? "lastDuty" : "moveDown")} @click=${() => this.save(job, moved(job.duties, i, 1))}>↓</button><button
            class="jd-remove" title=${this.tr("remove")} @click=${() => this.save(job, job.duties.filter((_, k) => k !== i))}>✕</button></td></tr>`;
    });
    const summaryField = (id: string, value: string) =>
      html`<textarea id=${id} class="autosize" rows="2" .defaultValue=${value} .value=${value} @input=${onGrow} @change=${saveSummary}></textarea>`;
    return html`<h3>${pick(job.name, lang)} <code>${job.position}</code></h3>
      <label class="stack">${this.tr("summary")} (${this.tr("dutyZh")})${summaryField("jd-summary-zh", job.summary.zh)}</label>
      <label class="stack">${this.tr("summary")} (${this.tr("dutyEn")})${summaryField("jd-summary-en", job.summary.en)}</label>
      <table class="form-table job-table"><thead><tr><th class="num">#</th><th>${this.tr("dutyZh")}</th><th>${this.tr("dutyEn")}</th><th class="audience">${this.tr("audience")}</th><th class="nowrap"></th></tr></thead>
      <tbody>${rows}</tbody></table>
      <div class="actions"><button id="jd-add" @click=${() => this.save(job, [...job.duties, { text: { zh: "", en: "" }, audience: "both" }])}>${this.tr("addDuty")}</button>
      <button id="jd-delete" class="danger" @click=${() => void this.host.edit({ op: "remove-job-description", position: job.position })}>${this.tr("removeJob")}</button></div>`;
  }

  private save(job: JobView, duties: DutyView[], summary = job.summary): void {
    void this.host.edit({ op: "set-job-description", position: job.position, summary, duties });
  }
}
