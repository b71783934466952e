// A backend in memory for the UI tests: a small plan, edits recorded, no Rust.

import type { ForecastView } from "./bindings/ForecastView";
import type { Backend, FileKind } from "./backend";
import type { AboutView } from "./bindings/AboutView";
import type { AppError } from "./bindings/AppError";
import type { CenterType } from "./bindings/CenterType";
import type { Lang } from "./bindings/Lang";
import type { BoxView } from "./bindings/BoxView";
import type { ChartView } from "./bindings/ChartView";
import type { CenterTypeChange } from "./bindings/CenterTypeChange";
import type { Edit } from "./bindings/Edit";
import type { Function } from "./bindings/Function";
import type { FunctionInfo } from "./bindings/FunctionInfo";
import type { NodeView } from "./bindings/NodeView";
import type { PlanView } from "./bindings/PlanView";
import type { Prefs } from "./bindings/Prefs";
import type { RecoveryInfo } from "./bindings/RecoveryInfo";
import type { DocsView } from "./bindings/DocsView";
import type { PreviewView } from "./bindings/PreviewView";
import type { StaffingRecordView } from "./bindings/StaffingRecordView";
import type { StaffingInputsView } from "./bindings/StaffingInputsView";
import type { StaffingView } from "./bindings/StaffingView";
import type { ChapterPageRequest } from "./bindings/ChapterPageRequest";
import type { ReleaseDraft } from "./bindings/ReleaseDraft";
import type { SheetPreview } from "./bindings/SheetPreview";
import { FakeManual, sampleRulesSpec } from "./fake-chapters";

function node(id: string, parent: string | null, zh: string, en: string, rank: number, fn: Function | null = null): NodeView {
  return {
    id, parent, kind: parent ? "position" : "unit", name: { zh, en }, rank: null,
    effectiveRank: rank, level: String(rank / 2 + 1), planned: 1, filled: 1, function: fn, collapsed: false,
  };
}

/** A few of the core's functions (the app gets them all from Rust). */
export function sampleFunctions(): FunctionInfo[] {
  return [
    { key: "general-manager", name: { zh: "中心总经理", en: "General manager" } },
    { key: "operations", name: { zh: "运营部", en: "Operations department" } },
    { key: "team-leader", name: { zh: "主管", en: "Team leader" } },
    { key: "quality-management", name: { zh: "质量管理组", en: "Quality management team" } },
    { key: "qa-specialist", name: { zh: "质检专员", en: "QA specialist" } },
  ];
}

export function samplePlan(overrides: Partial<PlanView> = {}): PlanView {
  const nodes = [
    node("gm", null, "中心总经理", "General manager", 0, "general-manager"),
    node("ops", "gm", "运营部", "Operations", 2, "operations"),
    node("team", "ops", "班组", "Team", 4),
    node("qa", "gm", "质量管理", "Quality", 2, "quality-management"),
  ];
  return {
    name: "测试中心", nameEn: "", centerType: "hybrid", path: null, fileName: null, dirty: true, canUndo: false, canRedo: false,
    nodes,
    lines: [{ index: 0, from: "qa", to: "gm", kind: "bypass" }],
    diagnostics: [{ code: "chart.span-of-control", severity: "warning", message: { zh: "下属过多", en: "too many reports" }, nodes: ["ops"], function: null }],
    chart: {
      ...sampleChartStyle(),
      width: 400, height: 300, halfLevel: 45, fontSize: 14, smallFontSize: 12, lineHeight: 18,
      boxes: nodes.map((n, i) => sampleBox(n.id, n.kind, 10 + i * 90, 10 + n.effectiveRank * 45, [n.name.zh])),
      routes: [{ kind: "bypass", from: "qa", to: "gm", points: [[300, 100], [300, 30], [90, 30]], line: 0 }],
    },
    select: null,
    docs: sampleDocs(),
    manual: new FakeManual().view(),
    ...overrides,
  };
}

/** The chart style the core sends with a layout (its palette, arrowheads, corners). */
export function sampleChartStyle(): Pick<ChartView, "cornerRadius" | "arrowSize" | "vacancyStroke" | "palette"> {
  return {
    cornerRadius: 4, arrowSize: 9, vacancyStroke: 1.8,
    palette: {
      unitFill: "#e8f0fb", unitStroke: "#2f5d8a", positionFill: "#ffffff", positionStroke: "#5b6b7b",
      assistantFill: "#f3f3f3", assistantStroke: "#8a8a8a", label: "#1d2733", headcount: "#4a5663",
      vacancy: "#7b3fb5", solid: "#5b6b7b", dotted: "#2f6fb0", bypass: "#d62828",
    },
  };
}

/** An 80×40 box at (x, y) with its parts placed as the core places them. */
export function sampleBox(id: string, kind: BoxView["kind"], x: number, y: number, label: string[], hidden: number | null = null): BoxView {
  return {
    id, kind, x, y, w: 80, h: 40, label, headcount: "1/1", vacant: false, hidden,
    centerX: x + 40, labelBaselines: label.map((_, i) => y + 18 + i * 18), headcountBaseline: y + 34,
    vacancy: null, diagnostic: { cx: x + 2, cy: y + 2, r: 6 },
    collapsed: hidden === null ? null : { x: x + 25, y: y + 32, w: 30, h: 16, text: `+${hidden}`, baseline: y + 44 },
  };
}

/** Two matrix rows over the sample chart, with a second intake lead flagged. */
export function sampleDocs(): DocsView {
  const cell = (lead: boolean, duties: string[]) => ({
    lead, raci: null, duties: duties.map((zh) => ({ zh, en: `${zh}-en` })),
  });
  return {
    matrix: [
      { role: "ops", name: { zh: "运营部", en: "Operations" }, inChart: true,
        cells: [cell(true, ["评估需求", "报价"]), cell(true, ["组建团队"]), cell(true, ["日常运营"]), cell(false, [])] },
      { role: "qa", name: { zh: "质量管理", en: "Quality" }, inChart: true,
        cells: [cell(true, ["制定质检标准"]), cell(false, []), cell(false, ["抽检"]), cell(true, ["结项评估"])] },
    ],
    matrixDiagnostics: [
      { code: "matrix.multiple-leads", severity: "error", message: { zh: "“项目引入”阶段只能有一个牵头角色", en: "the intake phase must have exactly one lead" }, role: "qa", phase: "intake" },
    ],
    jobs: [
      { position: "team", name: { zh: "班组", en: "Team" }, exists: true, summary: { zh: "带班", en: "Leads a team" },
        duties: [{ text: { zh: "排班", en: "Rosters" }, audience: "both" }, { text: { zh: "绩效面谈", en: "Reviews" }, audience: "manager" }],
        templateDuties: [], templateSummary: { zh: "", en: "" } },
      { position: "gm", name: { zh: "中心总经理", en: "General manager" }, exists: false, summary: { zh: "", en: "" }, duties: [],
        templateDuties: [{ text: { zh: "制定战略", en: "Sets strategy" }, audience: "both" }], templateSummary: { zh: "全面负责", en: "Runs the center" } },
    ],
    kpis: [
      { id: "service-level", name: { zh: "服务水平", en: "Service level" }, definition: { zh: "接通比例", en: "Share answered" },
        formula: { zh: "", en: "" }, target: "80/20", audience: "both" },
    ],
  };
}

export function sampleSizing(): StaffingView {
  const interval = (start: string, calls: number, agents: number, scheduled: number) => ({
    start, channel: "voice" as const, calls, agents, scheduled, serviceLevel: 0.85, occupancy: 0.7, backlog: null,
  });
  return {
    result: {
      peakAgents: 20, peakScheduled: 29, peakInterval: "08:30", peakServiceLevel: 0.86,
      peakOccupancy: 0.74, scheduledFte: 5.5, agents: 29, teamLeaders: 3, qaSpecialists: 2,
      trainers: 1, wfmPlanners: 1, intervalAgents: [14, 20, 9],
      channels: [{ channel: "voice", intervalAgents: [14, 20, 9], peakAgents: 20, agentHours: 21.5, backlog: 0 }],
    },
    intervals: [interval("08:00", 100, 14, 20), interval("08:30", 160, 20, 29), interval("09:00", 60, 9, 13)],
    timeline: ["08:00", "08:30", "09:00"],
    proposal: [
      { role: "csr", node: "team", name: { zh: "班组", en: "Team" }, current: 1, filled: 1, proposed: 29, difference: 28 },
      { role: "team-leader", node: "ops", name: { zh: "运营部", en: "Operations" }, current: 1, filled: 1, proposed: 3, difference: 2 },
      { role: "qa-specialist", node: "qa", name: { zh: "质量管理", en: "Quality" }, current: 1, filled: 1, proposed: 1, difference: 0 },
      { role: "trainer", node: "trainer", name: null, current: null, filled: null, proposed: 1, difference: null },
    ],
  };
}

export class FakeBackend implements Backend {
  calls: string[] = [];
  edits: Edit[] = [];
  plan: PlanView = samplePlan();
  prefsValue: Prefs = { lang: "zh", recent: [{ path: "/plans/north.centerplan", name: "north.centerplan" }] };
  recovery: RecoveryInfo[] = [];
  title = "";
  openError: AppError | null = null;
  savePath: string | null = "/plans/new.centerplan";
  closeHandler: (() => void) | null = null;

  private record(name: string): void {
    this.calls.push(name);
  }

  async centerTypes() {
    return (["outsourced", "sales", "service", "hybrid"] as const).map((key) => ({
      key, name: { zh: `${key}-zh`, en: `${key}-en` }, description: { zh: `${key} 描述`, en: `${key} description` },
    }));
  }
  async functions() { return sampleFunctions(); }
  async prefs() { return this.prefsValue; }
  async setLang(lang: Lang) {
    this.record(`setLang:${lang}`);
    this.prefsValue = { ...this.prefsValue, lang };
    return this.prefsValue;
  }
  async newPlan(centerType: CenterType, name: string) {
    this.record(`newPlan:${centerType}:${name}`);
    return this.plan;
  }
  async openPlan(path: string) {
    this.record(`openPlan:${path}`);
    if (this.openError) throw this.openError;
    this.plan = { ...this.plan, path, fileName: path.split("/").pop() ?? null, dirty: false };
    return this.plan;
  }
  async savePlan(path: string | null) {
    this.record(`savePlan:${path}`);
    const p = path ?? this.plan.path;
    this.plan = { ...this.plan, path: p, fileName: p?.split("/").pop() ?? null, dirty: false };
    return this.plan;
  }
  async currentPlan() { return this.plan; }
  async edit(edit: Edit) {
    this.record(`edit:${edit.op}`);
    this.edits.push(edit);
    this.plan = { ...this.plan, dirty: true, canUndo: true, select: null };
    if (this.manual.apply(edit)) this.plan = { ...this.plan, manual: this.manual.view() };
    // The edits the fake applies, so the panes show what was chosen.
    const nodes = (fn: (n: NodeView) => NodeView) => ({ ...this.plan, nodes: this.plan.nodes.map(fn) });
    if (edit.op === "set-function") {
      const { id, function: fn } = edit;
      this.plan = nodes((n) => (n.id === id ? { ...n, function: fn } : n));
    } else if (edit.op === "rename-plan") {
      this.plan = { ...this.plan, name: edit.name };
    } else if (edit.op === "rename-plan-en") {
      this.plan = { ...this.plan, nameEn: edit.name };
    } else if (edit.op === "set-center-type") {
      this.plan = { ...this.plan, centerType: edit.centerType };
    } else if (edit.op === "rename") {
      const { id, name } = edit;
      this.plan = nodes((n) => (n.id === id ? { ...n, name } : n));
    } else if (edit.op === "add-child") {
      const added = { ...node(`new-${this.edits.length}`, edit.parent, edit.name.zh, edit.name.en, 6), kind: edit.kind };
      this.plan = { ...this.plan, nodes: [...this.plan.nodes, added], select: added.id };
    } else if (edit.op === "delete-subtree") {
      this.plan = { ...this.plan, nodes: this.plan.nodes.filter((n) => n.id !== edit.id && n.parent !== edit.id) };
    } else if (edit.op === "set-job-description") {
      const { position, summary, duties } = edit;
      const jobs = this.plan.docs.jobs.map((j) => (j.position === position ? { ...j, exists: true, summary, duties } : j));
      this.plan = { ...this.plan, docs: { ...this.plan.docs, jobs } };
    } else if (edit.op === "set-kpi") {
      const { kpi } = edit;
      const kpis = this.plan.docs.kpis.map((k) => (k.id === kpi.id ? kpi : k));
      this.plan = { ...this.plan, docs: { ...this.plan.docs, kpis } };
    }
    return this.plan;
  }
  async undo() {
    this.record("undo");
    if (this.manual.undo()) this.plan = { ...this.plan, manual: this.manual.view() };
    return this.plan;
  }
  async redo() {
    this.record("redo");
    if (this.manual.redo()) this.plan = { ...this.plan, manual: this.manual.view() };
    return this.plan;
  }
  /** The chapters, their texts and the rules, with the chapter edits applied. */
  manual = new FakeManual();
  async chapterText(id: string, lang: "zh" | "en") { this.record(`chapterText:${id}:${lang}`); return this.manual.text(id, lang); }
  async previewChapter(request: ChapterPageRequest) { this.record(`previewChapter:${request.chapter}`); return this.manual.preview(request); }
  async rulesSpec() { return sampleRulesSpec(); }
  async closePlan() { this.record("closePlan"); }
  async autosave() { this.record("autosave"); return true; }
  async pendingRecovery() { return this.recovery; }
  async restoreRecovery(file: string) { this.record(`restore:${file}`); return this.plan; }
  async discardRecovery(file: string) { this.record(`discard:${file}`); }
  async exportChart(path: string, format: string) { this.record(`export:${format}:${path}`); }
  async exportChartPdf(path: string, paper: string, landscape: boolean) {
    this.record(`export:pdf:${paper}:${landscape ? "landscape" : "auto"}:${path}`);
  }
  staffing: StaffingRecordView | null = null;
  sized: StaffingInputsView[] = [];
  accepted: { inputs: StaffingInputsView; accepted: string[] }[] = [];
  /** What sizing returns: 14 agents at the peak of a three-interval day. */
  sizing: StaffingView = sampleSizing();
  async loadForecast(path: string): Promise<ForecastView> {
    this.record(`loadForecast:${path}`);
    return {
      source: path.split("/").pop() ?? path,
      intervals: [
        { start: "08:00", calls: 100, ahtSecs: null, channel: "voice" as const },
        { start: "08:30", calls: 160, ahtSecs: 200, channel: "voice" as const },
        { start: "09:00", calls: 60, ahtSecs: null, channel: "voice" as const },
      ],
    };
  }
  async sizeStaffing(inputs: StaffingInputsView) {
    this.record("sizeStaffing");
    this.sized.push(inputs);
    return this.sizing;
  }
  async acceptStaffing(inputs: StaffingInputsView, accepted: string[]) {
    this.record(`acceptStaffing:${accepted.join(",")}`);
    this.accepted.push({ inputs, accepted });
    this.staffing = { inputs, result: this.sizing.result };
    this.plan = { ...this.plan, dirty: true, canUndo: true };
    return this.plan;
  }
  async planStaffing() { return this.staffing; }
  async pickForecastPath() { return "/data/day.csv"; }
  /** What the logo dialog answers (null: cancelled). */
  logoPath: string | null = "/data/logo.png";
  async pickLogoPath() { return this.logoPath; }
  async setLogo(path: string) {
    this.record(`setLogo:${path}`);
    this.manual.logo = { format: "png", width: 320, height: 100, bytes: 20480, fingerprint: this.edits.length + 1 };
    this.plan = { ...this.plan, dirty: true, canUndo: true, manual: this.manual.view() };
    return this.plan;
  }
  /** What the fake's release dialog starts from. */
  draft: ReleaseDraft = {
    version: "1.2", since: "1.1",
    summary: { zh: "岗位“主管”编制由 3 人改为 4 人", en: "“Team leader”: planned headcount 3 → 4" },
    changes: [{ zh: "岗位“主管”编制由 3 人改为 4 人", en: "“Team leader”: planned headcount 3 → 4" }],
  };
  async releaseDraft() { this.record("releaseDraft"); return this.draft; }
  async logoUrl() { this.record("logoUrl"); return this.manual.logo ? "data:image/png;base64,iVBORw0KGgo=" : null; }
  async quit() { this.record("quit"); }
  previewPages = ["<svg xmlns='http://www.w3.org/2000/svg'><text>1</text></svg>", "<svg xmlns='http://www.w3.org/2000/svg'><text>2</text></svg>"];
  /** Whether the next preview call lays the manual out again (the fake's layout cache). */
  private laidOut = "";
  async previewManual(edition: string, lang: string, page: number): Promise<PreviewView> {
    this.record(`preview:${edition}:${lang}:${page}`);
    const key = `${edition}:${lang}:${this.edits.length}`;
    const typeset = key !== this.laidOut;
    this.laidOut = key;
    const index = Math.max(0, Math.min(this.previewPages.length - 1, page));
    return { page: index, pageCount: this.previewPages.length, svg: this.previewPages[index], typeset, millis: 5 };
  }
  async exportManual(path: string, edition: string, lang: string, format = "pdf") {
    this.record(format === "pdf" ? `exportManual:${edition}:${lang}:${path}` : `exportManual:${format}:${edition}:${lang}:${path}`);
  }
  async exportMatrix(path: string, format: string) { this.record(`exportMatrix:${format}:${path}`); }
  async revealExports(files: string[]) { this.record(`reveal:${files.join(",")}`); }
  /** What the fake says a type change would do. */
  typeChange: CenterTypeChange = {
    added: [{ code: "chart.hybrid-oversight-vp-missing", severity: "warning", message: { zh: "综合型中心应设主管监管部的副总经理", en: "a hybrid center should have a VP in charge of oversight" }, nodes: [], function: null }],
    removed: [],
  };
  async centerTypeChange(centerType: CenterType) { this.record(`typeChange:${centerType}`); return this.typeChange; }
  debug = false;
  async debugBuild() { return this.debug; }
  /** What the open dialog answers. */
  openAnswer = "/plans/picked.centerplan";
  async pickOpenPath() { return this.openAnswer; }
  /** What the fake's spreadsheet preview says (the `map` it was last asked with recorded). */
  sheetPreview: SheetPreview = {
    sheets: ["人员", "说明"], sheet: "人员", encoding: "XLSX",
    header: ["工号", "姓名", "岗位", "直属上级", "编制"],
    fields: [
      { field: "id", column: 0 }, { field: "name", column: 2 }, { field: "reports_to", column: 3 },
      { field: "headcount", column: 4 }, { field: "filled", column: null },
    ],
    rows: [["gm", "陈静", "中心总经理", "", "1"], ["tl", "", "主管", "gm", "4"]],
    rowCount: 2, errors: [], ignored: ["姓名"],
  };
  sheetMaps: [string, string][][] = [];
  async previewSheet(path: string, sheet: string | null, map: [string, string][]) {
    this.record(`previewSheet:${path}:${sheet ?? ""}`);
    this.sheetMaps.push(map);
    return this.sheetPreview;
  }
  async importSheet(path: string, sheet: string | null, map: [string, string][], replace: boolean) {
    this.record(`importSheet:${path}:${sheet ?? ""}:${replace ? "replace" : "new"}:${map.map((m) => m.join("=")).join(",")}`);
    this.plan = { ...samplePlan(), dirty: replace, canUndo: replace };
    return this.plan;
  }
  async pickSavePath(kind: FileKind, suggested: string) {
    this.record(`pickSave:${kind}:${suggested}`);
    return this.savePath;
  }
  async setTitle(title: string) { this.title = title; }
  onCloseRequested(handler: () => void) { this.closeHandler = handler; }
  /** Files "given on the command line" or by a second launch, waiting to be taken. */
  launchQueue: string[] = [];
  openFileHandler: (() => void) | null = null;
  async launchFiles() {
    this.record("launchFiles");
    return this.launchQueue.splice(0);
  }
  onOpenFile(handler: () => void) { this.openFileHandler = handler; }
  /** A second launch with `paths`, as the single-instance plugin reports it. */
  secondLaunch(...paths: string[]) {
    this.launchQueue.push(...paths);
    this.openFileHandler?.();
  }
  aboutValue: AboutView = {
    version: "0.1.0", license: "MIT OR Apache-2.0", tauri: "2.12.5", typst: "0.15.0",
    fonts: [{ name: "Noto Sans CJK SC", license: "OFL-1.1", package: "fonts-noto-cjk", useZh: "手册中的全部文字", useEn: "All text of the manual" }],
    libraries: [
      { name: "tauri", version: "2.12.5", license: "Apache-2.0 OR MIT", origin: "crate" },
      { name: "typst", version: "0.15.0", license: "Apache-2.0", origin: "crate" },
      { name: "lit-html", version: "3.3.3", license: "BSD-3-Clause", origin: "npm" },
    ],
  };
  async about() { this.record("about"); return this.aboutValue; }
  async firstFrame() { this.record("firstFrame"); }
}
