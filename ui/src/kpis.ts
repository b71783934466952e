// The KPI list: name, definition, formula and target (e.g. 85/30) in both languages, and
// which edition shows each. The template's KPIs come prefilled with every new plan.

import type { KpiView } from "./bindings/KpiView";
import type { DocsHost } from "./matrix";
import { type DocKey, audienceOptions, dt, esc } from "./docs-i18n";
import { autosize } from "./fields";

export class KpiEditor {
  constructor(
    private root: HTMLElement,
    private host: DocsHost,
  ) {}

  private tr(key: DocKey): string {
    return dt(key, this.host.lang);
  }

  render(): void {
    const kpis = this.host.plan?.docs.kpis ?? [];
    const bi = (cls: string, text: { zh: string; en: string }, area = false) =>
      (["zh", "en"] as const)
        .map((l) =>
          area
            ? `<textarea class="${cls}-${l} autosize" rows="2" placeholder="${esc(this.tr(l === "zh" ? "dutyZh" : "dutyEn"))}">${esc(text[l])}</textarea>`
            : `<input class="${cls}-${l}" value="${esc(text[l])}" placeholder="${esc(this.tr(l === "zh" ? "dutyZh" : "dutyEn"))}">`,
        )
        .join("");
    const rows = kpis
      .map((k) => {
        const options = audienceOptions(k.audience, this.host.lang);
        return `<tr class="kpi-row" data-id="${esc(k.id)}">
          <td><code>${esc(k.id)}</code>${bi("kpi-name", k.name)}</td>
          <td>${bi("kpi-definition", k.definition, true)}</td>
          <td>${bi("kpi-formula", k.formula, true)}</td>
          <td><input class="kpi-target" value="${esc(k.target)}" size="8"></td>
          <td><select class="kpi-audience">${options}</select></td>
          <td><button class="kpi-remove danger" title="${esc(this.tr("remove"))}">✕</button></td></tr>`;
      })
      .join("");
    this.root.innerHTML = `<div class="kpi-pane"><div class="pane-bar"><button id="kpi-add">${esc(this.tr("addKpi"))}</button></div>
      <table class="form-table kpi-table"><thead><tr><th class="name">${esc(this.tr("kpiName"))}</th><th>${esc(this.tr("kpiDefinition"))}</th>
      <th>${esc(this.tr("kpiFormula"))}</th><th class="target">${esc(this.tr("kpiTarget"))}</th><th class="audience">${esc(this.tr("audience"))}</th><th class="remove"></th></tr></thead>
      <tbody>${rows}</tbody></table></div>`;
    this.root.querySelector("#kpi-add")?.addEventListener("click", () =>
      void this.host.edit({ op: "add-kpi", name: { zh: dt("newKpi", "zh"), en: dt("newKpi", "en") } }),
    );
    for (const tr of this.root.querySelectorAll<HTMLElement>(".kpi-row")) {
      const id = tr.dataset.id ?? "";
      const value = (sel: string) => tr.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(sel)?.value ?? "";
      const bil = (cls: string) => ({ zh: value(`.${cls}-zh`), en: value(`.${cls}-en`) });
      const commit = () => {
        const kpi: KpiView = {
          id,
          name: bil("kpi-name"),
          definition: bil("kpi-definition"),
          formula: bil("kpi-formula"),
          target: value(".kpi-target").trim(),
          audience: value(".kpi-audience") as KpiView["audience"],
        };
        void this.host.edit({ op: "set-kpi", kpi });
      };
      for (const field of tr.querySelectorAll("input, textarea, select")) field.addEventListener("change", commit);
      tr.querySelector(".kpi-remove")?.addEventListener("click", () => void this.host.edit({ op: "remove-kpi", id }));
    }
    autosize(this.root);
  }
}
