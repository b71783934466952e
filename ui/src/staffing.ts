// The staffing panel: inputs (calls per interval or a forecast CSV), the required agents
// per interval as SVG bars, and the headcount proposal against the plan with accept or
// reject. Sizing and accepting happen in Rust; accepting is one undoable edit that also
// records the sizing in the plan (saved with it, stated by the manual).
//
// Safe by default: only increases are ticked; a cut, or a headcount below the people in
// post, is marked on its row and, when ticked, listed for confirmation before it is
// applied. Drawn with lit-html, so what is typed survives every re-render; the app keeps
// one panel per plan, so its inputs survive closing and opening it again.

import { html, nothing, render, svg } from "lit-html";
import type { Backend } from "./backend";
import { asAppError } from "./backend";
import type { AppError } from "./bindings/AppError";
import type { Channel } from "./bindings/Channel";
import type { ForecastIntervalView } from "./bindings/ForecastIntervalView";
import type { PlanView } from "./bindings/PlanView";
import type { ProposalRow } from "./bindings/ProposalRow";
import type { ShrinkageCause } from "./bindings/ShrinkageCause";
import type { ShrinkageShareView } from "./bindings/ShrinkageShareView";
import type { StaffingInputsView } from "./bindings/StaffingInputsView";
import type { StaffingView } from "./bindings/StaffingView";
import { type Bilingual, type Lang, pick } from "./i18n";

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
  channels: { zh: "在线文字与邮件", en: "Chat and email" },
  shrinkageByCause: {
    zh: "已按原因填写损耗：计算时按原因合成，此处不用填写",
    en: "Shrinkage is given by cause: the causes are combined when you calculate",
  },
  byCause: { zh: "按原因划分的损耗（%，可空）", en: "Shrinkage by cause (%, optional)" },
  byCauseNote: {
    zh: "计划内各项相加，计划外各项按扣除计划内缺勤后的剩余工时计，合成后取代上面的损耗率",
    en: "Planned causes add up, unplanned ones count on the time left after planned absence; combined, they replace the shrinkage above",
  },
  "cause-annual-leave": { zh: "年假（计划内）", en: "Annual leave (planned)" },
  "cause-sick-leave": { zh: "病假与事假（计划外）", en: "Sick leave (unplanned)" },
  "cause-training": { zh: "培训（计划内）", en: "Training (planned)" },
  "cause-coaching": { zh: "辅导（计划内）", en: "Coaching (planned)" },
  "cause-meetings": { zh: "会议（计划内）", en: "Meetings (planned)" },
  "cause-breaks": { zh: "休息（计划内）", en: "Breaks (planned)" },
  "cause-system-downtime": { zh: "系统停机（计划外）", en: "System downtime (unplanned)" },
  "cause-other": { zh: "其他（计划外）", en: "Other (unplanned)" },
  chatConcurrency: { zh: "每名坐席同时接待的会话数（1–4）", en: "Chat sessions per agent (1–4)" },
  chatAht: { zh: "在线文字处理时长（秒）", en: "Chat handle time (seconds)" },
  chatSlPercent: { zh: "在线文字服务水平（%）", en: "Chat service level (%)" },
  chatSlSeconds: { zh: "在线文字目标秒数", en: "Chat: within (seconds)" },
  emailAht: { zh: "邮件处理时长（秒）", en: "Email handle time (seconds)" },
  emailPercent: { zh: "邮件按时回复比例（%）", en: "Emails answered in time (%)" },
  emailHours: { zh: "邮件回复时限（小时）", en: "Email: within (hours)" },
  voice: { zh: "语音", en: "Voice" },
  chat: { zh: "在线文字", en: "Chat" },
  email: { zh: "邮件/工单", en: "Email" },
  channelsNote: {
    zh: "在线文字按会话位计算 Erlang C；邮件按回复时限逐时段结转积压。各渠道所需坐席逐时段相加。",
    en: "Chat: Erlang C over session slots; email: the backlog carried interval to interval within the response target. The channels' agents add up per interval.",
  },
  peak: { zh: "高峰在线坐席", en: "Agents at peak" },
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
  closeHint: { zh: "关闭（Esc），已填内容会保留", en: "Close (Esc); what you typed is kept" },
  callsFromForecast: {
    zh: "正在按预测文件测算：选“每时段来电”后可在此输入",
    en: "Sizing from the forecast file: choose “Calls per interval” to type a volume here",
  },
  peakNote: {
    zh: "最忙时段需同时在线接听的坐席数，按服务水平目标（Erlang 公式）算出",
    en: "Agents on the phones at once in the busiest interval, to meet the service-level target (Erlang)",
  },
  scheduledNote: {
    zh: "该时段需排班的人数：高峰在线坐席加上损耗（休息、培训、缺勤）",
    en: "Staff to schedule for that interval: the agents at peak plus shrinkage (breaks, training, absence)",
  },
  fteNote: {
    zh: "整个预测期所需的全职人力：排班总工时 ÷ 每名全职坐席每天的工时",
    en: "Full-time staff the whole forecast needs: scheduled hours ÷ one full-time agent's hours a day",
  },
  employNote: {
    zh: "需聘用的客户服务代表：排班 FTE 向上取整，且不少于高峰排班；其他岗位按配比由此推出",
    en: "Customer service representatives to employ: the FTE rounded up, never fewer than scheduled at peak; the other positions follow by the ratios",
  },
  filledNow: { zh: "在岗", en: "Filled" },
  note: { zh: "说明", en: "Note" },
  missingReason: {
    zh: "图中没有担任此职能的岗位：先在属性面板为某岗位设定此职能",
    en: "No position in the chart has this function: give one this function in the inspector first",
  },
  unchangedReason: { zh: "建议编制与当前相同，采纳不会改变", en: "The proposal equals the plan: accepting changes nothing" },
  confirmTitle: { zh: "采纳所选将会：", en: "Accepting the ticked rows will:" },
  applyAnyway: { zh: "仍然采纳", en: "Accept anyway" },
  back: { zh: "返回", en: "Back" },
  nothingTicked: { zh: "未勾选岗位：只记录测算，不改编制", en: "No row ticked: only the sizing is recorded, no headcount changes" },
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
export function defaultInputs(): StaffingInputsView {
  return {
    calls: 100,
    forecast: [],
    forecastSource: "",
    intervalMinutes: 30,
    ahtSecs: 180,
    serviceLevel: 0.8,
    thresholdSecs: 20,
    maxOccupancy: 0.85,
    shrinkage: 0.3,
    shrinkageCauses: [],
    patienceSecs: null,
    fteHoursPerDay: 8,
    ratios: { agentsPerTeamLeader: 12, agentsPerQaSpecialist: 25, agentsPerTrainer: 50, agentsPerWfmPlanner: 100 },
    chat: { concurrency: 2, ahtSecs: null, serviceLevel: 0.8, thresholdSecs: 60 },
    email: { ahtSecs: null, share: 0.9, withinHours: 24 },
  };
}

/** The causes of shrinkage in the core's order (the bindings test keeps the union in step). */
export const shrinkageCauses: ShrinkageCause[] = [
  "annual-leave", "sick-leave", "training", "coaching", "meetings", "breaks", "system-downtime", "other",
];

type CauseField = `cause-${ShrinkageCause}`;

/** The form's text fields, as typed. */
export interface FormValues extends Record<CauseField, string> {
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
  chatConcurrency: string;
  chatAht: string;
  chatSlPercent: string;
  chatSlSeconds: string;
  emailAht: string;
  emailPercent: string;
  emailHours: string;
}

/** The fields for `inputs`, to fill the form from a plan's recorded sizing. */
export function formValues(inputs: StaffingInputsView): FormValues {
  const pct = (share: number) => String(Math.round(share * 1000) / 10);
  return {
    mode: inputs.forecast.length ? "forecast" : "calls",
    calls: inputs.calls === null ? "" : String(inputs.calls),
    interval: String(inputs.intervalMinutes),
    aht: inputs.ahtSecs === null ? "" : String(inputs.ahtSecs),
    slPercent: pct(inputs.serviceLevel),
    slSeconds: String(inputs.thresholdSecs),
    maxOccupancy: inputs.maxOccupancy === null ? "" : pct(inputs.maxOccupancy),
    shrinkage: pct(inputs.shrinkage),
    patience: inputs.patienceSecs === null ? "" : String(inputs.patienceSecs),
    teamLeader: String(inputs.ratios.agentsPerTeamLeader),
    qa: String(inputs.ratios.agentsPerQaSpecialist),
    trainer: String(inputs.ratios.agentsPerTrainer),
    planner: String(inputs.ratios.agentsPerWfmPlanner),
    chatConcurrency: String(inputs.chat.concurrency),
    chatAht: inputs.chat.ahtSecs === null ? "" : String(inputs.chat.ahtSecs),
    chatSlPercent: pct(inputs.chat.serviceLevel),
    chatSlSeconds: String(inputs.chat.thresholdSecs),
    emailAht: inputs.email.ahtSecs === null ? "" : String(inputs.email.ahtSecs),
    emailPercent: pct(inputs.email.share),
    emailHours: String(inputs.email.withinHours),
    ...causeValues(inputs.shrinkageCauses),
  };
}

/** The cause fields for `shares`: a percentage for each cause given, empty for the rest. */
function causeValues(shares: ShrinkageShareView[]): Record<CauseField, string> {
  const out = {} as Record<CauseField, string>;
  for (const cause of shrinkageCauses) {
    const given = shares.find((s) => s.cause === cause);
    out[`cause-${cause}`] = given ? String(Math.round(given.share * 1000) / 10) : "";
  }
  return out;
}

/**
 * Reads the form into inputs, or lists the fields that are not numbers in range (their
 * labels in `lang`). Ranges beyond syntax (an unstable queue, a bad interval) are the
 * core's to judge.
 */
export function readInputs(
  values: FormValues,
  forecast: { source: string; intervals: ForecastIntervalView[] } | null,
  lang: Lang,
): { inputs: StaffingInputsView } | { errors: string[] } {
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
    agentsPerTeamLeader: ratio(values.teamLeader, "teamLeader"),
    agentsPerQaSpecialist: ratio(values.qa, "qa"),
    agentsPerTrainer: ratio(values.trainer, "trainer"),
    agentsPerWfmPlanner: ratio(values.planner, "planner"),
  };
  const chatConcurrency = num(values.chatConcurrency, "chatConcurrency", 1, 4);
  const chatAht = num(values.chatAht, "chatAht", 1, 86400, true);
  const chatSlPercent = num(values.chatSlPercent, "chatSlPercent", 0.1, 99.9);
  const chatSlSeconds = num(values.chatSlSeconds, "chatSlSeconds", 0, 86400);
  const emailAht = num(values.emailAht, "emailAht", 1, 86400, true);
  const emailPercent = num(values.emailPercent, "emailPercent", 0.1, 100);
  const emailHours = num(values.emailHours, "emailHours", 0.25, 672);
  const causes: ShrinkageShareView[] = [];
  for (const cause of shrinkageCauses) {
    const share = num(values[`cause-${cause}`], `cause-${cause}`, 0, 90, true);
    if (share !== null) causes.push({ cause, share: share / 100 });
  }
  if (errors.length) return { errors };
  return {
    inputs: {
      calls,
      forecast: useForecast && forecast ? forecast.intervals : [],
      forecastSource: useForecast && forecast ? forecast.source : "",
      intervalMinutes: Math.round(interval ?? 30),
      ahtSecs: aht,
      serviceLevel: (slPercent ?? 80) / 100,
      thresholdSecs: slSeconds ?? 20,
      maxOccupancy: maxOccupancy === null ? null : maxOccupancy / 100,
      shrinkage: (shrinkage ?? 0) / 100,
      shrinkageCauses: causes,
      patienceSecs: patience,
      fteHoursPerDay: 8,
      ratios,
      chat: {
        concurrency: Math.round(chatConcurrency ?? 2),
        ahtSecs: chatAht,
        serviceLevel: (chatSlPercent ?? 80) / 100,
        thresholdSecs: chatSlSeconds ?? 60,
      },
      email: { ahtSecs: emailAht, share: (emailPercent ?? 90) / 100, withinHours: emailHours ?? 24 },
    },
  };
}

/** One bar of the chart: an interval and each channel's agents in it, stacked. */
export interface BarColumn {
  start: string;
  parts: { channel: Channel; agents: number }[];
}

/** The bars of a sizing: one per interval of its time line, stacked by channel. */
export function columns(view: StaffingView): BarColumn[] {
  const channels = view.result.channels;
  if (channels.length > 0 && view.timeline.length > 0) {
    return view.timeline.map((start, slot) => ({
      start,
      parts: channels.map((c) => ({ channel: c.channel, agents: c.intervalAgents[slot] ?? 0 })),
    }));
  }
  return view.intervals.map((i) => ({ start: i.start, parts: [{ channel: i.channel, agents: i.agents }] }));
}

/**
 * The required agents per interval as SVG bars, stacked by channel, the peak interval
 * marked. A label under every bar when there is room, else under every n-th so labels
 * never overlap; a key when there is more than one channel.
 */
export function bars(data: BarColumn[], lang: Lang, width = 640, height = 180) {
  if (data.length === 0) return nothing;
  const top = 16;
  const bottom = 22;
  const plot = height - top - bottom;
  const totals = data.map((column) => column.parts.reduce((sum, part) => sum + part.agents, 0));
  const max = Math.max(1, ...totals);
  const step = width / data.length;
  const barWidth = Math.max(1, step * 0.8);
  const peak = totals.indexOf(Math.max(...totals));
  const labelEvery = Math.max(1, Math.ceil(44 / step));
  const channels = [...new Set(data.flatMap((column) => column.parts.map((part) => part.channel)))];
  const stacked = channels.length > 1;
  const drawn = data.map((column, index) => {
    const x = index * step + (step - barWidth) / 2;
    const label = column.start || st("perInterval", lang);
    let base = top + plot;
    const parts = column.parts
      .filter((part) => part.agents > 0 || !stacked)
      .map((part) => {
        const h = (part.agents / max) * plot;
        base -= h;
        const cls = `bar ${part.channel}${index === peak ? " peak" : ""}`;
        const title = stacked ? `${label} ${st(part.channel, lang)}: ${part.agents}` : `${label}: ${part.agents}`;
        return svg`<rect class=${cls} data-index=${index} x=${x.toFixed(1)} y=${base.toFixed(1)}
          width=${barWidth.toFixed(1)} height=${h.toFixed(1)}><title>${title}</title></rect>`;
      });
    const tick =
      index % labelEvery === 0
        ? svg`<text class="tick" x=${(x + barWidth / 2).toFixed(1)} y=${height - 6} text-anchor="middle">${label}</text>`
        : nothing;
    return svg`${parts}${tick}`;
  });
  const key = stacked
    ? channels.map(
        (channel, i) =>
          svg`<rect class=${`key bar ${channel}`} x=${4 + i * 90} y="4" width="10" height="10"></rect><text class="key-label" x=${18 + i * 90} y="13">${st(channel, lang)}</text>`,
      )
    : nothing;
  return html`<svg class=${stacked ? "bars stacked" : "bars"} viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="img" aria-label=${st("chart", lang)}>${drawn}${key}<text
    class="peak-label" x=${width - 4} y="12" text-anchor="end">${st("peak", lang)} ${totals[peak]}</text></svg>`;
}

function change(row: ProposalRow, lang: Lang): string {
  if (row.difference === null) return st("notInChart", lang);
  if (row.difference === 0) return "=";
  return row.difference > 0 ? `+${row.difference}` : String(row.difference);
}

/** Whether accepting `row` would lower the position's planned headcount. */
export function isCut(row: ProposalRow): boolean {
  return row.difference !== null && row.difference < 0;
}

/** Whether accepting `row` would leave more people in post than planned. */
export function isConflict(row: ProposalRow): boolean {
  return row.filled !== null && row.filled > row.proposed;
}

/** The rows ticked when a sizing is shown: increases only, never a cut or a conflict. */
export function defaultTicks(proposal: ProposalRow[]): Set<string> {
  return new Set(proposal.filter((row) => row.difference !== null && row.difference > 0 && !isConflict(row)).map((row) => row.node));
}

/** The position as the chart names it; the role's name when the chart has none. */
export function positionName(row: ProposalRow, lang: Lang): string {
  return row.name ? pick(row.name, lang) : st(roleKey[row.role], lang);
}

/** What accepting `row` would do that the director should see first, in `lang`; none when harmless. */
export function risks(row: ProposalRow, lang: Lang): string[] {
  const out: string[] = [];
  if (isCut(row) && row.current !== null) {
    out.push(
      lang === "zh"
        ? `编制由 ${row.current} 减为 ${row.proposed}（${row.difference}）`
        : `cuts the planned headcount from ${row.current} to ${row.proposed} (${row.difference})`,
    );
  }
  if (isConflict(row)) {
    out.push(lang === "zh" ? `在岗 ${row.filled} 人，多于编制 ${row.proposed} 人` : `leaves ${row.filled} in post, more than the ${row.proposed} planned`);
  }
  return out;
}

/** A risk of `row` with the position it concerns, for the list shown before applying. */
export function namedRisk(row: ProposalRow, risk: string, lang: Lang): string {
  return `${positionName(row, lang)}${lang === "zh" ? "：" : ": "}${risk}`;
}

export interface PanelHost {
  backend: Backend;
  /** The UI language now (it may change between openings). */
  readonly lang: Lang;
  /** The plan after an accepted sizing, for the editor to show. */
  onPlan(plan: PlanView): void;
  onError(err: AppError): void;
}

/** The panel, shown over the editor. */
export class StaffingPanel {
  values: FormValues = formValues(defaultInputs());
  forecast: { source: string; intervals: ForecastIntervalView[] } | null = null;
  view: StaffingView | null = null;
  /** The proposal rows to accept, by node id. */
  ticked = new Set<string>();
  /** Accept was pressed with a cut or a conflict ticked: they are listed for confirmation. */
  confirming = false;
  /** The inputs `view` was computed from; accepting sends exactly these. */
  private sized: StaffingInputsView | null = null;
  private recorded: StaffingInputsView | null = null;
  /** Whether the form was filled once (from the plan's sizing); later openings keep what is typed. */
  private filled = false;
  private status = "";
  /** What had the focus when the panel opened (the toolbar button). */
  private opener: HTMLElement | null = null;
  readonly element: HTMLElement;

  constructor(
    private parent: HTMLElement,
    private host: PanelHost,
  ) {
    this.element = document.createElement("div");
    this.element.className = "modal staffing-modal";
    this.element.id = "staffing-panel";
    this.element.setAttribute("role", "dialog");
    this.element.setAttribute("aria-modal", "true");
    // Focusable, so Esc reaches the panel after a click on its background.
    this.element.tabIndex = -1;
    this.element.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !e.isComposing) {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    });
  }

  private tr(key: StaffingKey): string {
    return st(key, this.host.lang);
  }

  /** Whether the panel is on screen. */
  get isOpen(): boolean {
    return this.element.isConnected;
  }

  /**
   * Shows the panel. The first opening fills the form from the plan's recorded sizing,
   * if any; later ones keep what was typed (and size it again against the plan as it is
   * now, when a sizing was shown).
   */
  async open(): Promise<void> {
    const opener = document.activeElement;
    this.opener = opener instanceof HTMLElement && !this.element.contains(opener) ? opener : null;
    this.status = "";
    this.confirming = false;
    try {
      const staffing = await this.host.backend.planStaffing();
      this.recorded = staffing?.inputs ?? null;
      if (staffing && !this.filled) {
        this.values = formValues(staffing.inputs);
        if (staffing.inputs.forecast.length) {
          this.forecast = { source: staffing.inputs.forecastSource, intervals: staffing.inputs.forecast };
        }
      }
    } catch (err) {
      this.host.onError(asAppError(err));
    }
    this.filled = true;
    if (!this.isOpen) this.parent.append(this.element);
    this.render();
    this.element.querySelector<HTMLElement>("input[data-field]:not(:disabled)")?.focus();
    if (this.view) await this.calculate();
  }

  /** Closes the panel; the keyboard goes back to what opened it. */
  close(): void {
    this.confirming = false;
    this.element.remove();
    if (this.opener?.isConnected) this.opener.focus();
  }

  private field(key: Exclude<keyof FormValues, "mode">, label: StaffingKey, disabledReason: StaffingKey | null = null) {
    const disabled = disabledReason !== null;
    return html`<label class="field" title=${disabled ? this.tr(disabledReason) : nothing}><span>${this.tr(label)}</span><input
      data-field=${key} .value=${this.values[key]} ?disabled=${disabled}
      @input=${(e: Event) => this.set(key, (e.currentTarget as HTMLInputElement).value)}></label>`;
  }

  private set(key: keyof FormValues, value: string): void {
    const before = this.hasCauses();
    this.values = { ...this.values, [key]: value };
    // The total field follows whether causes are given.
    if (this.hasCauses() !== before) this.render();
  }

  private setMode(mode: FormValues["mode"]): void {
    this.values = { ...this.values, mode };
    this.render();
  }

  render(): void {
    const v = this.values;
    const recorded = this.recorded
      ? `${this.tr("savedSizing")} ${Math.round(this.recorded.serviceLevel * 1000) / 10}/${this.recorded.thresholdSecs}`
      : this.tr("noSizing");
    const forecastLabel = this.forecast ? `${this.forecast.source} (${this.forecast.intervals.length} ${this.tr("intervals")})` : this.tr("noForecast");
    const radio = (mode: FormValues["mode"], label: StaffingKey) =>
      html`<label class="radio"><input type="radio" name="mode" value=${mode} .checked=${v.mode === mode} @change=${() => this.setMode(mode)}> ${this.tr(label)}</label>`;
    render(
      html`<div class="modal-box staffing">
      <header class="staffing-head"><h3>${this.tr("title")}</h3><span class="muted">${recorded}</span>
        <span class="grow"></span><button id="staffing-close" title=${this.tr("closeHint")} @click=${() => this.close()}>${this.tr("close")}</button></header>
      <div class="staffing-body">
      <form class="staffing-inputs" @submit=${(e: Event) => e.preventDefault()}>
        <fieldset><legend>${this.tr("volume")}</legend>
          ${radio("calls", "perInterval")}
          ${this.field("calls", "perInterval", v.mode === "calls" ? null : "callsFromForecast")}
          ${radio("forecast", "forecast")}
          <div class="forecast-pick"><button type="button" id="pick-forecast" @click=${() => void this.pickForecast()}>${this.tr("pickForecast")}</button>
            <span id="forecast-name" class="muted">${forecastLabel}</span></div>
          ${this.field("interval", "interval")}
          ${this.field("aht", "aht")}
        </fieldset>
        <fieldset><legend>${this.tr("slPercent")}</legend>
          ${this.field("slPercent", "slPercent")}${this.field("slSeconds", "slSeconds")}
          ${this.field("maxOccupancy", "maxOccupancy")}${this.field("shrinkage", "shrinkage", this.hasCauses() ? "shrinkageByCause" : null)}
          ${this.field("patience", "patience")}
        </fieldset>
        ${this.showsChannels()
          ? html`<fieldset id="staffing-channels"><legend>${this.tr("channels")}</legend>
          ${this.field("chatConcurrency", "chatConcurrency")}${this.field("chatAht", "chatAht")}
          ${this.field("chatSlPercent", "chatSlPercent")}${this.field("chatSlSeconds", "chatSlSeconds")}
          ${this.field("emailAht", "emailAht")}${this.field("emailPercent", "emailPercent")}
          ${this.field("emailHours", "emailHours")}
          <p class="muted">${this.tr("channelsNote")}</p></fieldset>`
          : nothing}
        <fieldset id="staffing-causes"><legend>${this.tr("byCause")}</legend>
          ${shrinkageCauses.map((cause) => this.field(`cause-${cause}`, `cause-${cause}`))}
          <p class="muted">${this.tr("byCauseNote")}</p></fieldset>
        <fieldset><legend>${this.tr("ratios")}</legend>
          ${this.field("teamLeader", "teamLeader")}${this.field("qa", "qa")}
          ${this.field("trainer", "trainer")}${this.field("planner", "planner")}
        </fieldset>
        <button type="button" class="primary" id="staffing-calculate" @click=${() => void this.calculate()}>${this.tr("calculate")}</button>
        <p id="staffing-status" class="muted">${this.status}</p>
      </form>
      <section class="staffing-result" id="staffing-result">${this.view ? this.result(this.view) : nothing}</section>
      </div></div>`,
      this.element,
    );
  }

  /** Whether any cause of shrinkage is filled in, so the total field is not used. */
  private hasCauses(): boolean {
    return shrinkageCauses.some((cause) => this.values[`cause-${cause}`].trim() !== "");
  }

  /** Whether the forecast in use has chat or email rows, so their settings matter. */
  private showsChannels(): boolean {
    return this.values.mode === "forecast" && (this.forecast?.intervals.some((i) => i.channel !== "voice") ?? false);
  }

  /** Each channel's peak and hours, and the email backlog left at the end. */
  private channelTable(view: StaffingView) {
    const lang = this.host.lang;
    const hours = lang === "zh" ? "坐席工时" : "Agent-hours";
    const peak = lang === "zh" ? "渠道高峰坐席" : "Agents at the channel's peak";
    const waiting = lang === "zh" ? "期末待回复" : "Waiting at the end";
    return html`<table class="channels" id="staffing-channel-table"><thead><tr><th></th><th class="num">${peak}</th>
      <th class="num">${hours}</th><th class="num">${waiting}</th></tr></thead><tbody>${view.result.channels.map(
        (c) => html`<tr data-channel=${c.channel}><td><span class=${`swatch ${c.channel}`}></span>${this.tr(c.channel)}</td>
          <td class="num">${c.peakAgents}</td><td class="num">${(Math.round(c.agentHours * 10) / 10).toString()}</td>
          <td class="num">${c.channel === "email" ? (Math.round(c.backlog * 10) / 10).toString() : "—"}</td></tr>`,
      )}</tbody></table>`;
  }

  private result(view: StaffingView) {
    const lang = this.host.lang;
    const r = view.result;
    const figures: [StaffingKey, StaffingKey, string][] = [
      ["peak", "peakNote", `${r.peakAgents}${r.peakInterval ? ` (${r.peakInterval})` : ""}`],
      ["scheduledPeak", "scheduledNote", String(r.peakScheduled)],
      ["fte", "fteNote", (Math.round(r.scheduledFte * 10) / 10).toString()],
      ["employ", "employNote", String(r.agents)],
    ];
    const rows = view.proposal.map((row) => {
      const missing = row.current === null;
      const cut = isCut(row);
      const conflict = isConflict(row);
      const cls = [missing ? "missing" : cut ? "down" : row.difference === 0 ? "same" : "up", conflict ? "conflict" : ""].join(" ");
      const role = st(roleKey[row.role], lang);
      const reason = missing ? this.tr("missingReason") : row.difference === 0 ? this.tr("unchangedReason") : nothing;
      const toggle = (e: Event) => {
        const on = (e.currentTarget as HTMLInputElement).checked;
        if (on) this.ticked.add(row.node);
        else this.ticked.delete(row.node);
        this.confirming = false;
        this.render();
      };
      return html`<tr class=${cls} data-node=${row.node}>
        <td><input type="checkbox" class="take" data-node=${row.node} .checked=${this.ticked.has(row.node)} ?disabled=${missing}
          title=${reason} aria-label=${positionName(row, lang)} @change=${toggle}></td>
        <td class="position">${positionName(row, lang)}${row.name && role.toLowerCase() !== positionName(row, lang).toLowerCase() ? html` <span class="muted role">${role}</span>` : nothing}</td>
        <td class="num">${row.current ?? "—"}</td><td class="num filled">${row.filled ?? "—"}</td><td class="num">${row.proposed}</td>
        <td class="num change">${change(row, lang)}</td>
        <td class="risk">${risks(row, lang).map((text) => html`<div class=${conflict && !cut ? "conflict-note" : "cut-note"}>${text}</div>`)}</td></tr>`;
    });
    const chosen = view.proposal.filter((row) => this.ticked.has(row.node));
    const warnings = chosen.flatMap((row) => risks(row, lang).map((risk) => namedRisk(row, risk, lang)));
    const actions = this.confirming
      ? html`<div class="confirm-risks" id="staffing-confirm" role="alert"><strong>${this.tr("confirmTitle")}</strong>
          <ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul>
          <div class="actions"><button class="danger" id="staffing-apply-anyway" @click=${() => void this.apply()}>${this.tr("applyAnyway")}</button>
          <button id="staffing-back" @click=${() => this.back()}>${this.tr("back")}</button></div></div>`
      : html`<div class="actions"><button class="primary" id="staffing-accept" @click=${() => void this.accept()}>${this.tr("accept")}</button>
          <button id="staffing-reject" @click=${() => this.reject()}>${this.tr("reject")}</button>
          ${chosen.length ? nothing : html`<span class="muted">${this.tr("nothingTicked")}</span>`}</div>`;
    return html`<dl class="figures">${figures.map(
      ([k, note, value]) => html`<div><dt>${this.tr(k)}</dt><dd data-figure=${k}>${value}</dd><p class="figure-note" data-note=${k}>${this.tr(note)}</p></div>`,
    )}</dl>
      <h4>${this.tr("chart")}</h4>${bars(columns(view), lang)}
      ${view.result.channels.some((c) => c.channel !== "voice") ? this.channelTable(view) : nothing}
      <h4>${this.tr("proposal")}</h4>
      <table class="proposal"><thead><tr><th></th><th>${this.tr("position")}</th><th class="num">${this.tr("current")}</th><th class="num">${this.tr("filledNow")}</th>
        <th class="num">${this.tr("proposed")}</th><th class="num">${this.tr("change")}</th><th>${this.tr("note")}</th></tr></thead>
      <tbody>${rows}</tbody></table>${actions}`;
  }

  async pickForecast(): Promise<void> {
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
    const read = readInputs(this.values, this.forecast, this.host.lang);
    this.confirming = false;
    if ("errors" in read) {
      this.status = this.tr("invalid") + read.errors.join(this.host.lang === "zh" ? "、" : ", ");
      this.view = null;
      this.render();
      return;
    }
    try {
      this.view = await this.host.backend.sizeStaffing(read.inputs);
      this.sized = read.inputs;
      this.ticked = defaultTicks(this.view.proposal);
      this.status = "";
    } catch (err) {
      this.view = null;
      this.host.onError(asAppError(err));
    }
    this.render();
  }

  /** The ticked positions of the proposal, in its order. */
  chosen(): string[] {
    return (this.view?.proposal ?? []).filter((row) => this.ticked.has(row.node)).map((row) => row.node);
  }

  /** Accepts the ticked rows; a cut or a conflict among them is shown for confirmation first. */
  async accept(): Promise<void> {
    if (!this.sized || !this.view) return;
    const risky = this.view.proposal.some((row) => this.ticked.has(row.node) && (isCut(row) || isConflict(row)));
    if (risky) {
      this.confirming = true;
      this.render();
      // Back has the focus, so Enter does not cut by accident.
      this.element.querySelector<HTMLElement>("#staffing-back")?.focus();
      return;
    }
    await this.apply();
  }

  /** Applies the ticked rows as one undoable edit. */
  async apply(): Promise<void> {
    if (!this.sized) return;
    this.confirming = false;
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

  private back(): void {
    this.confirming = false;
    this.render();
    this.element.querySelector<HTMLElement>("#staffing-accept")?.focus();
  }

  reject(): void {
    this.view = null;
    this.sized = null;
    this.confirming = false;
    this.status = this.tr("rejected");
    this.render();
  }
}
