// The KPI list: name, definition, formula and target (e.g. 85/30) in both languages, and
// which edition shows each. The template's KPIs come prefilled with every new plan.
//
// Drawn with lit-html, rows keyed by KPI id: a re-render after an edit patches the fields
// in place, so focus, selection and typing in progress survive it.

import { html, render } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import type { KpiView } from "./bindings/KpiView";
import type { DocsHost } from "./matrix";
import { type DocKey, audienceChoices, dt } from "./docs-i18n";
import { fitAll, onGrow } from "./fields";

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
    const row = (k: KpiView) => {
      const commit = (e: Event) => {
        const tr = (e.currentTarget as HTMLElement).closest("tr");
        const value = (sel: string) => tr?.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(sel)?.value ?? "";
        const bil = (cls: string) => ({ zh: value(`.${cls}-zh`), en: value(`.${cls}-en`) });
        const kpi: KpiView = {
          id: k.id,
          name: bil("kpi-name"),
          definition: bil("kpi-definition"),
          formula: bil("kpi-formula"),
          target: value(".kpi-target").trim(),
          audience: value(".kpi-audience") as KpiView["audience"],
        };
        void this.host.edit({ op: "set-kpi", kpi });
      };
      const bi = (cls: string, text: { zh: string; en: string }, area = false) =>
        (["zh", "en"] as const).map((l) => {
          const placeholder = this.tr(l === "zh" ? "dutyZh" : "dutyEn");
          return area
            ? html`<textarea class="${cls}-${l} autosize" rows="2" placeholder=${placeholder} .defaultValue=${text[l]} .value=${text[l]}
                @input=${onGrow} @change=${commit}></textarea>`
            : html`<input class="${cls}-${l}" placeholder=${placeholder} .defaultValue=${text[l]} .value=${text[l]} @change=${commit}>`;
        });
      return html`<tr class="kpi-row" data-id=${k.id}>
          <td><code>${k.id}</code>${bi("kpi-name", k.name)}</td>
          <td>${bi("kpi-definition", k.definition, true)}</td>
          <td>${bi("kpi-formula", k.formula, true)}</td>
          <td><input class="kpi-target" size="8" .defaultValue=${k.target} .value=${k.target} @change=${commit}></td>
          <td><select class="kpi-audience" @change=${commit}>${audienceChoices(k.audience, this.host.lang)}</select></td>
          <td><button class="kpi-remove danger" title=${this.tr("remove")} @click=${() => void this.host.edit({ op: "remove-kpi", id: k.id })}>✕</button></td></tr>`;
    };
    const add = () => void this.host.edit({ op: "add-kpi", name: { zh: dt("newKpi", "zh"), en: dt("newKpi", "en") } });
    render(
      html`<div class="kpi-pane"><div class="pane-bar"><button id="kpi-add" @click=${add}>${this.tr("addKpi")}</button></div>
      <table class="form-table kpi-table"><thead><tr><th class="name">${this.tr("kpiName")}</th><th>${this.tr("kpiDefinition")}</th>
      <th>${this.tr("kpiFormula")}</th><th class="target">${this.tr("kpiTarget")}</th><th class="audience">${this.tr("audience")}</th><th class="remove"></th></tr></thead>
      <tbody>${repeat(kpis, (k) => k.id, row)}</tbody></table></div>`,
      this.root,
    );
    fitAll(this.root);
  }
}
