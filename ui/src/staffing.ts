// The staffing panel: inputs (calls per interval or a forecast CSV), the required agents
// per interval as SVG bars, and the headcount proposal against the plan with accept or
// reject. Sizing and accepting happen in Rust; accepting is one undoable edit that also
// records the sizing in the plan (saved with it, stated by the manual).

import type { Backend } from "./backend";
import { asAppError } from "./backend";
import type { AppError } from "./bindings/AppError";
import type { ForecastInterval } from "./bindings/ForecastInterval";
import type { IntervalView } from "./bindings/IntervalView";
import type { PlanView } from "./bindings/PlanView";
import type { ProposalRow } from "./bindings/ProposalRow";
import type { StaffingInputs } from "./bindings/StaffingInputs";
import type { StaffingView } from "./bindings/StaffingView";
import { type Bilingual, type Lang, esc, pick } from "./i18n";

const strings = {
  title: { zh: "人员测算", en: "Staffing" },
  close: { zh: "关闭", en: "Close" },
  volume: { zh: "话务量", en: "Call volume" },
  perInterval: { zh: "每时段来电", en: "Calls per interval" },
  forecast: { zh: "预测文件", en: "Forecast file" },
  pickForecast: { zh: "选择预测 CSV…", en: "Choose forecast CSV…" },
  noForecast: { zh: "未选择", en: "none chosen" },
  intervals: { zh: "个时段", en: "intervals" },
  interval: { zh: "时段长度（分钟）", en: "Interval (minutes)" },
  aht: { zh: "平均处理时长（秒）", en: "AHT (seconds)" },
  slPercent: { zh: "服务水平（%）", en: "Service level (%)" },
  slSeconds: { zh: "目标秒数", en: "within (seconds)" },
  maxOccupancy: { zh: "占用率上限（%，可空）", en: "Max occupancy (%, optional)" },
  shrinkage: { zh: "损耗率（%）", en: "Shrinkage (%)" },
  patience: { zh: "客户耐心（秒，可空：Erlang C）", en: "Patience (s, empty: Erlang C)" },
  ratios: { zh: "配比：每名岗位对应的坐席数（0 表示不设）", en: "Ratios: agents per position (0: none)" },
  teamLeader: { zh: "主管", en: "Team leader" },
  qa: { zh: "质检专员", en: "QA specialist" },
  trainer: { zh: "培训师", en: "Trainer" },
  planner: { zh: "排班人员", en: "Workforce planner" },
  csr: { zh: "客户服务代表", en: "CSR" },
  calculate: { zh: "计算", en: "Calculate" },
  peak: { zh: "高峰在线坐席", en: "Peak agents" },
  scheduledPeak: { zh: "高峰排班", en: "Scheduled at peak" },
  fte: { zh: "排班 FTE", en: "Scheduled FTE" },
  employ: { zh: "需聘用坐席", en: "Agents to employ" },
  chart: { zh: "各时段所需在线坐席", en: "Required agents per interval" },
  proposal: { zh: "编制建议（与当前方案对比）", en: "Headcount proposal (against the plan)" },
  position: { zh: "岗位", en: "Position" },
  current: { zh: "当前", en: "Current" },
  proposed: { zh: "建议", en: "Proposed" },
  change: { zh: "变化", en: "Change" },
  notInChart: { zh: "图中没有", en: "not in chart" },
  accept: { zh: "采纳所选", en: "Accept selected" },
  reject: { zh: "不采纳", en: "Reject" },
  accepted: { zh: "已采纳：测算已记入方案，可撤销", en: "Accepted: the sizing is recorded in the plan (undo reverts it)" },
  rejected: { zh: "未采纳，方案未改动", en: "Rejected: the plan is unchanged" },
  savedSizing: { zh: "方案中已有测算：目标", en: "The plan holds a sizing: target" },
  noSizing: { zh: "方案尚无人员测算", en: "The plan has no sizing yet" },
  invalid: { zh: "请检查：", en: "Please check: " },
} satisfies Record<string, Bilingual>;

export type StaffingKey = keyof typeof strings;

export function st(key: StaffingKey, lang: Lang): string {
  return pick(strings[key], lang);
}

/** Every key, for the test that both languages are filled. */
export const staffingKeys = Object.keys(strings) as StaffingKey[];

const roleKey: Record<ProposalRow["role"], StaffingKey> = {
  csr: "csr",
  "team-leader": "teamLeader",
  "qa-specialist": "qa",
  trainer: "trainer",
  "wfm-planner": "planner",
};

/** The starting inputs: the issue's worked example, 100 calls per 30 minutes at 80/20. */
export function defaultInputs(): StaffingInputs {
  return {
    calls: 100,
    forecast: [],
    forecast_source: "",
    interval_minutes: 30,
    aht_secs: 180,
    service_level: 0.8,
    threshold_secs: 20,
    max_occupancy: 0.85,
    shrinkage: 0.3,
    patience_secs: null,
    fte_hours_per_day: 8,
    ratios: { agents_per_team_leader: 12, agents_per_qa_specialist: 25, agents_per_trainer: 50, agents_per_wfm_planner: 100 },
  };
}

/** The form's text fields, as typed. */
export interface FormValues {
  mode: "calls" | "forecast";
  calls: string;
  interval: string;
  aht: string;
  slPercent: string;
  slSeconds: string;
  maxOccupancy: string;
  shrinkage: string;
  patience: string;
  teamLeader: string;
  qa: string;
  trainer: string;
  planner: string;
}

/** The fields for `inputs`, to fill the form from a plan's recorded sizing. */
export function formValues(inputs: StaffingInputs): FormValues {
  const pct = (share: number) => String(Math.round(share * 1000) / 10);
  return {
    mode: inputs.forecast.length ? "forecast" : "calls",
    calls: inputs.calls === null ? "" : String(inputs.calls),
    interval: String(inputs.interval_minutes),
    aht: inputs.aht_secs === null ? "" : String(inputs.aht_secs),
    slPercent: pct(inputs.service_level),
    slSeconds: String(inputs.threshold_secs),
    maxOccupancy: inputs.max_occupancy === null ? "" : pct(inputs.max_occupancy),
    shrinkage: pct(inputs.shrinkage),
    patience: inputs.patience_secs === null ? "" : String(inputs.patience_secs),
    teamLeader: String(inputs.ratios.agents_per_team_leader),
    qa: String(inputs.ratios.agents_per_qa_specialist),
    trainer: String(inputs.ratios.agents_per_trainer),
    planner: String(inputs.ratios.agents_per_wfm_planner),
  };
}

/**
 * Reads the form into inputs, or lists the fields that are not numbers in range (their
 * labels in `lang`). Ranges beyond syntax (an unstable queue, a bad interval) are the
 * core's to judge.
 */
export function readInputs(
  values: FormValues,
  forecast: { source: string; intervals: ForecastInterval[] } | null,
  lang: Lang,
): { inputs: StaffingInputs } | { errors: string[] } {
  const errors: string[] = [];
  const num = (text: string, key: StaffingKey, min: number, max: number, optional = false): number | null => {
    const trimmed = text.trim();
    if (trimmed === "" && optional) return null;
    const value = Number(trimmed);
    if (trimmed === "" || !Number.isFinite(value) || value < min || value > max) {
      errors.push(st(key, lang));
      return null;
    }
    return value;
  };
  const useForecast = values.mode === "forecast";
  if (useForecast && !forecast) errors.push(st("forecast", lang));
  const calls = useForecast ? null : num(values.calls, "perInterval", 0, 1e9);
  const interval = num(values.interval, "interval", 1, 1440);
  const aht = num(values.aht, "aht", 1, 86400, useForecast);
  const slPercent = num(values.slPercent, "slPercent", 0.1, 99.9);
  const slSeconds = num(values.slSeconds, "slSeconds", 0, 86400);
  const maxOccupancy = num(values.maxOccupancy, "maxOccupancy", 1, 100, true);
  const shrinkage = num(values.shrinkage, "shrinkage", 0, 99);
  const patience = num(values.patience, "patience", 1, 86400, true);
  const ratio = (text: string, key: StaffingKey) => Math.round(num(text, key, 0, 100000) ?? 0);
  const ratios = {
    agents_per_team_leader: ratio(values.teamLeader, "teamLeader"),
    agents_per_qa_specialist: ratio(values.qa, "qa"),
    agents_per_trainer: ratio(values.trainer, "trainer"),
    agents_per_wfm_planner: ratio(values.planner, "planner"),
  };
  if (errors.length) return { errors };
  return {
    inputs: {
      calls,
      forecast: useForecast && forecast ? forecast.intervals : [],
      forecast_source: useForecast && forecast ? forecast.source : "",
      interval_minutes: Math.round(interval ?? 30),
      aht_secs: aht,
      service_level: (slPercent ?? 80) / 100,
      threshold_secs: slSeconds ?? 20,
      max_occupancy: maxOccupancy === null ? null : maxOccupancy / 100,
      shrinkage: (shrinkage ?? 0) / 100,
      patience_secs: patience,
      fte_hours_per_day: 8,
      ratios,
    },
  };
}

/**
 * The required agents per interval as SVG bars, the peak in the accent colour. A label
 * under every bar when there is room, else under every n-th so labels never overlap.
 */
export function barsSvg(intervals: IntervalView[], lang: Lang, width = 640, height = 180): string {
  if (intervals.length === 0) return "";
  const top = 16;
  const bottom = 22;
  const plot = height - top - bottom;
  const max = Math.max(1, ...intervals.map((i) => i.agents));
  const step = width / intervals.length;
  const barWidth = Math.max(1, step * 0.8);
  const peak = intervals.findIndex((i) => i.agents === max);
  const labelEvery = Math.max(1, Math.ceil(44 / step));
  const bars = intervals
    .map((interval, index) => {
      const h = (interval.agents / max) * plot;
      const x = index * step + (step - barWidth) / 2;
      const y = top + plot - h;
      const label = interval.start || st("perInterval", lang);
      const title = `${label}: ${interval.agents}`;
      const cls = index === peak ? "bar peak" : "bar";
      const text =
        index % labelEvery === 0
          ? `<text class="tick" x="${(x + barWidth / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle">${esc(label)}</text>`
          : "";
      return `<rect class="${cls}" data-index="${index}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(title)}</title></rect>${text}`;
    })
    .join("");
  const peakLabel = `<text class="peak-label" x="${width - 4}" y="12" text-anchor="end">${esc(st("peak", lang))} ${max}</text>`;
  return `<svg class="bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(st("chart", lang))}">${bars}${peakLabel}</svg>`;
}

function change(row: ProposalRow, lang: Lang): string {
  if (row.difference === null) return st("notInChart", lang);
  if (row.difference === 0) return "=";
  return row.difference > 0 ? `+${row.difference}` : String(row.difference);
}

export interface PanelHost {
  backend: Backend;
  lang: Lang;
  /** The plan after an accepted sizing, for the editor to show. */
  onPlan(plan: PlanView): void;
  onError(err: AppError): void;
}

/** The panel, shown over the editor. */
export class StaffingPanel {
  values: FormValues = formValues(defaultInputs());
  forecast: { source: string; intervals: ForecastInterval[] } | null = null;
  view: StaffingView | null = null;
  /** The inputs `view` was computed from; accepting sends exactly these. */
  private sized: StaffingInputs | null = null;
  private recorded: StaffingInputs | null = null;
  private status = "";
  readonly element: HTMLElement;

  constructor(
    parent: HTMLElement,
    private host: PanelHost,
  ) {
    this.element = document.createElement("div");
    this.element.className = "modal staffing-modal";
    this.element.id = "staffing-panel";
    parent.append(this.element);
  }

  private tr(key: StaffingKey): string {
    return st(key, this.host.lang);
  }

  /** Fills the form from the plan's recorded sizing, if any, and shows the panel. */
  async open(): Promise<void> {
    try {
      const staffing = await this.host.backend.planStaffing();
      if (staffing) {
        this.recorded = staffing.inputs;
        this.values = formValues(staffing.inputs);
        if (staffing.inputs.forecast.length) {
          this.forecast = { source: staffing.inputs.forecast_source, intervals: staffing.inputs.forecast };
        }
      }
    } catch (err) {
      this.host.onError(asAppError(err));
    }
    this.render();
  }

  close(): void {
    this.element.remove();
  }

  private field(key: keyof FormValues, label: StaffingKey, attrs = ""): string {
    return `<label class="field"><span>${esc(this.tr(label))}</span><input data-field="${key}" value="${esc(this.values[key])}" ${attrs}></label>`;
  }

  render(): void {
    const v = this.values;
    const recorded = this.recorded
      ? `${this.tr("savedSizing")} ${Math.round(this.recorded.service_level * 1000) / 10}/${this.recorded.threshold_secs}`
      : this.tr("noSizing");
    const forecastLabel = this.forecast
      ? `${esc(this.forecast.source)} (${this.forecast.intervals.length} ${esc(this.tr("intervals"))})`
      : esc(this.tr("noForecast"));
    const result = this.view ? this.renderResult() : "";
    this.element.innerHTML = `<div class="modal-box staffing">
      <header class="staffing-head"><h3>${esc(this.tr("title"))}</h3><span class="muted">${esc(recorded)}</span>
        <span class="grow"></span><button id="staffing-close">${esc(this.tr("close"))}</button></header>
      <div class="staffing-body">
      <form class="staffing-inputs" onsubmit="return false">
        <fieldset><legend>${esc(this.tr("volume"))}</legend>
          <label class="radio"><input type="radio" name="mode" value="calls" ${v.mode === "calls" ? "checked" : ""}> ${esc(this.tr("perInterval"))}</label>
          ${this.field("calls", "perInterval", v.mode === "calls" ? "" : "disabled")}
          <label class="radio"><input type="radio" name="mode" value="forecast" ${v.mode === "forecast" ? "checked" : ""}> ${esc(this.tr("forecast"))}</label>
          <div class="forecast-pick"><button type="button" id="pick-forecast">${esc(this.tr("pickForecast"))}</button> <span id="forecast-name" class="muted">${forecastLabel}</span></div>
          ${this.field("interval", "interval")}
          ${this.field("aht", "aht")}
        </fieldset>
        <fieldset><legend>${esc(this.tr("slPercent"))}</legend>
          ${this.field("slPercent", "slPercent")}${this.field("slSeconds", "slSeconds")}
          ${this.field("maxOccupancy", "maxOccupancy")}${this.field("shrinkage", "shrinkage")}
          ${this.field("patience", "patience")}
        </fieldset>
        <fieldset><legend>${esc(this.tr("ratios"))}</legend>
          ${this.field("teamLeader", "teamLeader")}${this.field("qa", "qa")}
          ${this.field("trainer", "trainer")}${this.field("planner", "planner")}
        </fieldset>
        <button type="button" class="primary" id="staffing-calculate">${esc(this.tr("calculate"))}</button>
        <p id="staffing-status" class="muted">${esc(this.status)}</p>
      </form>
      <section class="staffing-result" id="staffing-result">${result}</section>
      </div></div>`;
    this.wire();
  }

  private renderResult(): string {
    const view = this.view as StaffingView;
    const lang = this.host.lang;
    const r = view.result;
    const figures = [
      ["peak", `${r.peak_agents}${r.peak_interval ? ` (${r.peak_interval})` : ""}`],
      ["scheduledPeak", String(r.peak_scheduled)],
      ["fte", (Math.round(r.scheduled_fte * 10) / 10).toString()],
      ["employ", String(r.agents)],
    ] as const;
    const rows = view.proposal
      .map((row) => {
        const canApply = row.current !== null;
        const checked = canApply && row.difference !== 0 ? "checked" : "";
        const cls = row.difference === null ? "missing" : row.difference > 0 ? "up" : row.difference < 0 ? "down" : "same";
        return `<tr class="${cls}" data-node="${esc(row.node)}">
          <td><input type="checkbox" class="take" data-node="${esc(row.node)}" ${checked} ${canApply ? "" : "disabled"}></td>
          <td>${esc(st(roleKey[row.role], lang))} <code>${esc(row.node)}</code></td>
          <td class="num">${row.current ?? "—"}</td><td class="num">${row.proposed}</td><td class="num change">${esc(change(row, lang))}</td></tr>`;
      })
      .join("");
    return `<dl class="figures">${figures.map(([k, value]) => `<div><dt>${esc(this.tr(k))}</dt><dd data-figure="${k}">${esc(value)}</dd></div>`).join("")}</dl>
      <h4>${esc(this.tr("chart"))}</h4>${barsSvg(view.intervals, lang)}
      <h4>${esc(this.tr("proposal"))}</h4>
      <table class="proposal"><thead><tr><th></th><th>${esc(this.tr("position"))}</th><th>${esc(this.tr("current"))}</th><th>${esc(this.tr("proposed"))}</th><th>${esc(this.tr("change"))}</th></tr></thead>
      <tbody>${rows}</tbody></table>
      <div class="actions"><button class="primary" id="staffing-accept">${esc(this.tr("accept"))}</button> <button id="staffing-reject">${esc(this.tr("reject"))}</button></div>`;
  }

  private wire(): void {
    const el = this.element;
    el.querySelector("#staffing-close")?.addEventListener("click", () => this.close());
    for (const input of el.querySelectorAll<HTMLInputElement>("input[data-field]")) {
      input.addEventListener("change", () => {
        this.values = { ...this.values, [input.dataset.field as keyof FormValues]: input.value };
      });
    }
    for (const radio of el.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
      radio.addEventListener("change", () => {
        this.readForm();
        this.values = { ...this.values, mode: radio.value === "forecast" ? "forecast" : "calls" };
        this.render();
      });
    }
    el.querySelector("#pick-forecast")?.addEventListener("click", () => void this.pickForecast());
    el.querySelector("#staffing-calculate")?.addEventListener("click", () => void this.calculate());
    el.querySelector("#staffing-accept")?.addEventListener("click", () => void this.accept());
    el.querySelector("#staffing-reject")?.addEventListener("click", () => this.reject());
  }

  /** Takes the form's current text, typed or not yet committed by a change event. */
  private readForm(): void {
    const values = { ...this.values };
    for (const input of this.element.querySelectorAll<HTMLInputElement>("input[data-field]")) {
      (values as Record<string, string>)[input.dataset.field as string] = input.value;
    }
    this.values = values;
  }

  async pickForecast(): Promise<void> {
    this.readForm();
    try {
      const path = await this.host.backend.pickForecastPath();
      if (!path) return;
      this.forecast = await this.host.backend.loadForecast(path);
      this.values = { ...this.values, mode: "forecast" };
    } catch (err) {
      this.host.onError(asAppError(err));
    }
    this.render();
  }

  async calculate(): Promise<void> {
    this.readForm();
    const read = readInputs(this.values, this.forecast, this.host.lang);
    if ("errors" in read) {
      this.status = this.tr("invalid") + read.errors.join(this.host.lang === "zh" ? "、" : ", ");
      this.view = null;
      this.render();
      return;
    }
    try {
      this.view = await this.host.backend.sizeStaffing(read.inputs);
      this.sized = read.inputs;
      this.status = "";
    } catch (err) {
      this.view = null;
      this.host.onError(asAppError(err));
    }
    this.render();
  }

  /** The ticked positions of the proposal. */
  chosen(): string[] {
    return [...this.element.querySelectorAll<HTMLInputElement>("input.take:checked")].map((box) => box.dataset.node as string);
  }

  async accept(): Promise<void> {
    if (!this.sized) return;
    try {
      const plan = await this.host.backend.acceptStaffing(this.sized, this.chosen());
      this.host.onPlan(plan);
      this.recorded = this.sized;
      this.view = null;
      this.status = this.tr("accepted");
    } catch (err) {
      this.host.onError(asAppError(err));
    }
    this.render();
  }

  reject(): void {
    this.view = null;
    this.sized = null;
    this.status = this.tr("rejected");
    this.render();
  }
}
