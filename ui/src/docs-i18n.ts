// The strings of the matrix, job description, KPI and manual views, in both languages.
// Kept apart from i18n.ts so the chart editor's strings and these change independently.

import { html, type TemplateResult } from "lit-html";
import type { Audience } from "./bindings/Audience";
import type { Phase } from "./bindings/Phase";
import { type Bilingual, type Lang, esc } from "./i18n";

const strings = {
  tabChart: { zh: "组织架构", en: "Org chart" },
  tabMatrix: { zh: "职责矩阵", en: "Matrix" },
  tabJobs: { zh: "岗位说明书", en: "Job descriptions" },
  tabKpis: { zh: "KPI 指标", en: "KPIs" },
  tabManual: { zh: "手册预览", en: "Manual" },
  role: { zh: "角色", en: "Role" },
  lead: { zh: "牵头", en: "Lead" },
  makeLead: { zh: "设为本阶段牵头角色", en: "Make this role the phase's lead" },
  isLead: { zh: "本阶段牵头角色", en: "Leads this phase" },
  raci: { zh: "RACI", en: "RACI" },
  addDuty: { zh: "＋ 职责", en: "+ Duty" },
  moveUp: { zh: "上移", en: "Move up" },
  moveDown: { zh: "下移", en: "Move down" },
  firstRow: { zh: "已是第一行，不能再上移", en: "Already the first row: it cannot move up" },
  lastRow: { zh: "已是最后一行，不能再下移", en: "Already the last row: it cannot move down" },
  firstDuty: { zh: "已是第一条，不能再上移", en: "Already the first: it cannot move up" },
  lastDuty: { zh: "已是最后一条，不能再下移", en: "Already the last: it cannot move down" },
  pickRoleFirst: { zh: "先在左侧列表中选择要添加的岗位或部门", en: "Pick the position or unit to add in the list first" },
  allRolesIn: { zh: "组织架构图中的岗位和部门都已在矩阵中", en: "Every position and unit of the chart has a row already" },
  firstPage: { zh: "已是第一页", en: "This is the first page" },
  lastPage: { zh: "已是最后一页", en: "This is the last page" },
  smallestZoom: { zh: "已缩到最小", en: "Zoomed out as far as it goes" },
  largestZoom: { zh: "已放到最大", en: "Zoomed in as far as it goes" },
  exportRunning: { zh: "正在导出，完成后可再次导出", en: "An export is running: wait for it to finish" },
  noTemplateDuties: { zh: "模板中没有此岗位的职责，请新建空白说明书", en: "The template has no duties for this position: start blank" },
  remove: { zh: "删除", en: "Remove" },
  dutyZh: { zh: "中文", en: "Chinese" },
  dutyEn: { zh: "英文", en: "English" },
  noDuty: { zh: "—", en: "—" },
  addRole: { zh: "添加角色", en: "Add role" },
  pickRole: { zh: "选择组织架构中的岗位或部门…", en: "Pick a position or unit of the chart…" },
  removeRole: { zh: "移除此行", en: "Remove row" },
  notInChart: { zh: "不在组织架构图中", en: "not in the org chart" },
  matrixHelp: {
    zh: "方向键在单元格间移动，Enter 编辑第一条职责，Ctrl+Enter 新增职责，L 设为牵头。",
    en: "Arrow keys move between cells, Enter edits the first duty, Ctrl+Enter adds one, L makes the role lead.",
  },
  exportCsv: { zh: "导出 CSV", en: "Export CSV" },
  exportXlsx: { zh: "导出 XLSX", en: "Export XLSX" },
  position: { zh: "岗位", en: "Position" },
  summary: { zh: "概述", en: "Summary" },
  audience: { zh: "适用版本", en: "Edition" },
  audBoth: { zh: "两版", en: "Both" },
  audManager: { zh: "经理版", en: "Manager" },
  audCsr: { zh: "客户服务代表版", en: "CSR" },
  noJob: { zh: "此岗位还没有岗位说明书。", en: "This position has no job description yet." },
  fromTemplate: { zh: "从模板开始", en: "Start from the template" },
  emptyJob: { zh: "新建空白说明书", en: "Start blank" },
  removeJob: { zh: "删除说明书", en: "Delete description" },
  kpiName: { zh: "名称", en: "Name" },
  kpiDefinition: { zh: "定义", en: "Definition" },
  kpiFormula: { zh: "计算公式", en: "Formula" },
  kpiTarget: { zh: "目标值", en: "Target" },
  addKpi: { zh: "＋ 指标", en: "+ KPI" },
  newKpi: { zh: "新指标", en: "New KPI" },
  edition: { zh: "版本", en: "Edition" },
  manualLang: { zh: "语言", en: "Language" },
  langZh: { zh: "中文", en: "Chinese" },
  langEn: { zh: "英文", en: "English" },
  page: { zh: "页", en: "Page" },
  prevPage: { zh: "上一页", en: "Previous page" },
  nextPage: { zh: "下一页", en: "Next page" },
  pageZoomOut: { zh: "缩小页面", en: "Zoom out" },
  pageZoomIn: { zh: "放大页面", en: "Zoom in" },
  fitWidth: { zh: "适合宽度", en: "Fit width" },
  rendering: { zh: "正在排版…", en: "Typesetting…" },
  renderedIn: { zh: "排版用时", en: "Typeset in" },
  exportPdf: { zh: "导出 PDF…", en: "Export PDF…" },
  exportDocx: { zh: "导出 Word…", en: "Export Word…" },
  exportWhich: { zh: "导出", en: "Export" },
  thisEdition: { zh: "当前版本", en: "This edition" },
  bothEditions: { zh: "两个版本", en: "Both editions" },
  allManuals: { zh: "两个版本 × 中英文", en: "Both editions × zh and en" },
  exporting: { zh: "正在导出", en: "Exporting" },
} satisfies Record<string, Bilingual>;

export type DocKey = keyof typeof strings;

export function dt(key: DocKey, lang: Lang): string {
  return strings[key][lang];
}

export const allDocKeys = Object.keys(strings) as DocKey[];

// Keyed by the generated `Phase`, so a phase added in Rust fails to compile here until it
// has its names; the columns follow this (the core's) order.
export const PHASE_NAMES: Record<Phase, Bilingual> = {
  intake: { zh: "项目引入", en: "Intake" },
  start: { zh: "项目开始", en: "Start" },
  running: { zh: "项目运行", en: "Running" },
  close: { zh: "项目结束", en: "Close" },
};

export const PHASES = Object.keys(PHASE_NAMES) as Phase[];

export { esc };

/** The editions a duty or KPI can be shown in, with their labels' keys. */
const AUDIENCES: Record<Audience, DocKey> = {
  both: "audBoth",
  manager: "audManager",
  csr: "audCsr",
};

/** The `<option>`s of an edition picker with `current` selected (`.selected` is a property, so a re-render sets it). */
export function audienceChoices(current: string, lang: Lang): TemplateResult[] {
  return (Object.entries(AUDIENCES) as [Audience, DocKey][]).map(([a, key]) => html`<option value=${a} .selected=${a === current}>${dt(key, lang)}</option>`);
}
