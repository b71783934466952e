// Job descriptions: per position, a summary and an ordered duty list, each duty shown in
// both editions or only one. A position without one starts from the template's duties.

import type { DutyView } from "./bindings/DutyView";
import type { JobView } from "./bindings/JobView";
import { pick } from "./i18n";
import { type DocsHost, moved, replaced } from "./matrix";
import { type DocKey, audienceOptions, dt, esc } from "./docs-i18n";
import { autosize } from "./fields";

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
    const list = jobs
      .map(
        (j) => `<li class="job-item ${j.position === this.selected ? "selected" : ""} ${j.exists ? "" : "missing"}" data-position="${esc(j.position)}">
          ${esc(pick(j.name, lang))} <span class="muted">${j.exists ? j.duties.length : "—"}</span></li>`,
      )
      .join("");
    const job = jobs.find((j) => j.position === this.selected);
    this.root.innerHTML = `<div class="jobs-pane"><ul class="job-list">${list}</ul>
      <section class="job-detail" id="job-detail">${job ? this.detail(job) : ""}</section></div>`;
    for (const li of this.root.querySelectorAll<HTMLElement>(".job-item")) {
      li.addEventListener("click", () => {
        this.selected = li.dataset.position ?? null;
        this.render();
      });
    }
    if (job) this.wire(job);
    autosize(this.root);
  }

  private detail(job: JobView): string {
    const lang = this.host.lang;
    if (!job.exists) {
      const preview = job.templateDuties.map((d) => `<li>${esc(pick(d.text, lang))}</li>`).join("");
      return `<h3>${esc(pick(job.name, lang))} <code>${esc(job.position)}</code></h3>
        <p class="muted">${esc(this.tr("noJob"))}</p>
        <div class="actions"><button id="job-from-template" class="primary" ${job.templateDuties.length ? "" : "disabled"}>${esc(this.tr("fromTemplate"))}</button>
        <button id="job-blank">${esc(this.tr("emptyJob"))}</button></div>
        ${preview ? `<ol class="muted">${preview}</ol>` : ""}`;
    }
    const rows = job.duties
      .map((d, i) => {
        const options = audienceOptions(d.audience, this.host.lang);
        return `<tr data-index="${i}"><td class="num">${i + 1}</td>
          <td><textarea class="jd-zh autosize" rows="1" data-single-line placeholder="${esc(this.tr("dutyZh"))}">${esc(d.text.zh)}</textarea></td>
          <td><textarea class="jd-en autosize" rows="1" data-single-line placeholder="${esc(this.tr("dutyEn"))}">${esc(d.text.en)}</textarea></td>
          <td><select class="jd-audience">${options}</select></td>
          <td class="nowrap"><button class="jd-up" ${i === 0 ? "disabled" : ""} title="${esc(this.tr("moveUp"))}">↑</button><button class="jd-down" ${i === job.duties.length - 1 ? "disabled" : ""} title="${esc(this.tr("moveDown"))}">↓</button><button class="jd-remove" title="${esc(this.tr("remove"))}">✕</button></td></tr>`;
      })
      .join("");
    return `<h3>${esc(pick(job.name, lang))} <code>${esc(job.position)}</code></h3>
      <label class="stack">${esc(this.tr("summary"))} (${esc(this.tr("dutyZh"))})<textarea id="jd-summary-zh" class="autosize" rows="2">${esc(job.summary.zh)}</textarea></label>
      <label class="stack">${esc(this.tr("summary"))} (${esc(this.tr("dutyEn"))})<textarea id="jd-summary-en" class="autosize" rows="2">${esc(job.summary.en)}</textarea></label>
      <table class="form-table job-table"><thead><tr><th class="num">#</th><th>${esc(this.tr("dutyZh"))}</th><th>${esc(this.tr("dutyEn"))}</th><th class="audience">${esc(this.tr("audience"))}</th><th class="nowrap"></th></tr></thead>
      <tbody>${rows}</tbody></table>
      <div class="actions"><button id="jd-add">${esc(this.tr("addDuty"))}</button>
      <button id="jd-delete" class="danger">${esc(this.tr("removeJob"))}</button></div>`;
  }

  private save(job: JobView, duties: DutyView[], summary = job.summary): void {
    void this.host.edit({ op: "set-job-description", position: job.position, summary, duties });
  }

  private wire(job: JobView): void {
    const root = this.root;
    const on = (sel: string, fn: () => void) => root.querySelector(sel)?.addEventListener("click", fn);
    on("#job-from-template", () => this.save(job, job.templateDuties, job.templateSummary));
    on("#job-blank", () => this.save(job, [], job.summary));
    on("#jd-add", () => this.save(job, [...job.duties, { text: { zh: "", en: "" }, audience: "both" }]));
    on("#jd-delete", () => void this.host.edit({ op: "remove-job-description", position: job.position }));
    const summary = () => ({
      zh: root.querySelector<HTMLTextAreaElement>("#jd-summary-zh")?.value ?? "",
      en: root.querySelector<HTMLTextAreaElement>("#jd-summary-en")?.value ?? "",
    });
    for (const sel of ["#jd-summary-zh", "#jd-summary-en"]) {
      root.querySelector(sel)?.addEventListener("change", () => this.save(job, job.duties, summary()));
    }
    for (const tr of root.querySelectorAll<HTMLElement>("tbody tr[data-index]")) {
      const i = Number(tr.dataset.index);
      const read = (): DutyView => ({
        text: {
          zh: tr.querySelector<HTMLTextAreaElement>(".jd-zh")?.value ?? "",
          en: tr.querySelector<HTMLTextAreaElement>(".jd-en")?.value ?? "",
        },
        audience: (tr.querySelector<HTMLSelectElement>(".jd-audience")?.value ?? "both") as Audience,
      });
      const update = () => this.save(job, replaced(job.duties, i, read()));
      for (const sel of [".jd-zh", ".jd-en", ".jd-audience"]) tr.querySelector(sel)?.addEventListener("change", update);
      tr.querySelector(".jd-up")?.addEventListener("click", () => this.save(job, moved(job.duties, i, -1)));
      tr.querySelector(".jd-down")?.addEventListener("click", () => this.save(job, moved(job.duties, i, 1)));
      tr.querySelector(".jd-remove")?.addEventListener("click", () => this.save(job, job.duties.filter((_, k) => k !== i)));
    }
  }
}
