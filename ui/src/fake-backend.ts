// A backend in memory for the UI tests: a small plan, edits recorded, no Rust.

import type { Backend, FileKind } from "./backend";
import type { AppError } from "./bindings/AppError";
import type { Edit } from "./bindings/Edit";
import type { NodeView } from "./bindings/NodeView";
import type { PlanView } from "./bindings/PlanView";
import type { Prefs } from "./bindings/Prefs";
import type { RecoveryInfo } from "./bindings/RecoveryInfo";
import type { DocsView } from "./bindings/DocsView";
import type { PreviewView } from "./bindings/PreviewView";

function node(id: string, parent: string | null, zh: string, en: string, rank: number): NodeView {
  return {
    id, parent, kind: parent ? "position" : "unit", name: { zh, en }, rank: null,
    effectiveRank: rank, level: String(rank / 2 + 1), planned: 1, filled: 1, function: null, collapsed: false,
  };
}

export function samplePlan(overrides: Partial<PlanView> = {}): PlanView {
  const nodes = [
    node("gm", null, "中心总经理", "General manager", 0),
    node("ops", "gm", "运营部", "Operations", 2),
    node("team", "ops", "班组", "Team", 4),
    node("qa", "gm", "质量管理", "Quality", 2),
  ];
  return {
    name: "测试中心", centerType: "hybrid", path: null, fileName: null, dirty: true, canUndo: false, canRedo: false,
    nodes,
    lines: [{ index: 0, from: "qa", to: "gm", kind: "bypass" }],
    diagnostics: [{ code: "chart.span-of-control", severity: "warning", message: { zh: "下属过多", en: "too many reports" }, nodes: ["ops"] }],
    chart: {
      width: 400, height: 300, halfLevel: 45, fontSize: 14, smallFontSize: 12, lineHeight: 18,
      boxes: nodes.map((n, i) => ({
        id: n.id, kind: n.kind, x: 10 + i * 90, y: 10 + n.effectiveRank * 45, w: 80, h: 40,
        label: [n.name.zh], headcount: "1/1", vacant: false, hidden: null,
      })),
      routes: [{ kind: "bypass", from: "qa", to: "gm", points: [[300, 100], [300, 30], [90, 30]], line: 0 }],
    },
    select: null,
    docs: sampleDocs(),
    ...overrides,
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
    return ["outsourced", "sales", "service", "hybrid"].map((key) => ({
      key, name: { zh: `${key}-zh`, en: `${key}-en` }, description: { zh: `${key} 描述`, en: `${key} description` },
    }));
  }
  async prefs() { return this.prefsValue; }
  async setLang(lang: "zh" | "en") {
    this.record(`setLang:${lang}`);
    this.prefsValue = { ...this.prefsValue, lang };
    return this.prefsValue;
  }
  async newPlan(centerType: string, name: string) {
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
    this.plan = { ...this.plan, dirty: true, canUndo: true };
    return this.plan;
  }
  async undo() { this.record("undo"); return this.plan; }
  async redo() { this.record("redo"); return this.plan; }
  async closePlan() { this.record("closePlan"); }
  async autosave() { this.record("autosave"); return true; }
  async pendingRecovery() { return this.recovery; }
  async restoreRecovery(file: string) { this.record(`restore:${file}`); return this.plan; }
  async discardRecovery(file: string) { this.record(`discard:${file}`); }
  async exportChart(path: string, format: string) { this.record(`export:${format}:${path}`); }
  async quit() { this.record("quit"); }
  previewPages = ["<svg xmlns='http://www.w3.org/2000/svg'><text>1</text></svg>", "<svg xmlns='http://www.w3.org/2000/svg'><text>2</text></svg>"];
  async previewManual(edition: string, lang: string): Promise<PreviewView> {
    this.record(`preview:${edition}:${lang}`);
    return { pages: this.previewPages, millis: 5 };
  }
  async exportManual(path: string, edition: string, lang: string) { this.record(`exportManual:${edition}:${lang}:${path}`); }
  async exportMatrix(path: string, format: string) { this.record(`exportMatrix:${format}:${path}`); }
  async pickOpenPath() { return "/plans/picked.centerplan"; }
  async pickSavePath(kind: FileKind, suggested: string) {
    this.record(`pickSave:${kind}:${suggested}`);
    return this.savePath;
  }
  async setTitle(title: string) { this.title = title; }
  onCloseRequested(handler: () => void) { this.closeHandler = handler; }
}
