// The UI's own strings in both languages. Plan content (names, diagnostics, errors)
// comes from the core already in both languages; `pick` chooses the side to show.

export type { Lang } from "./bindings/Lang";
import type { Lang } from "./bindings/Lang";

export interface Bilingual {
  zh: string;
  en: string;
}

/** The text in `lang`, falling back to the other side when empty (as the core does). */
export function pick(text: Bilingual, lang: Lang): string {
  const wanted = lang === "zh" ? text.zh : text.en;
  const other = lang === "zh" ? text.en : text.zh;
  return wanted || other;
}

const strings = {
  appName: { zh: "Centerplan 客服中心规划", en: "Centerplan" },
  about: { zh: "关于 Centerplan", en: "About Centerplan" },
  untitled: { zh: "未命名", en: "Untitled" },
  startTitle: { zh: "新建方案：选择中心类型", en: "New plan: choose the center type" },
  centerName: { zh: "中心名称", en: "Center name" },
  centerNamePlaceholder: { zh: "例如：华北客户服务中心", en: "e.g. North China Service Center" },
  open: { zh: "打开…", en: "Open…" },
  recent: { zh: "最近打开", en: "Recent files" },
  noRecent: { zh: "暂无最近文件", en: "No recent files" },
  recoveryFound: { zh: "发现上次未正常关闭时保存的恢复副本：", en: "A recovery copy from a session that did not close normally:" },
  restore: { zh: "恢复", en: "Restore" },
  discard: { zh: "丢弃", en: "Discard" },
  home: { zh: "首页", en: "Home" },
  save: { zh: "保存", en: "Save" },
  saveAs: { zh: "另存为…", en: "Save as…" },
  undo: { zh: "撤销", en: "Undo" },
  redo: { zh: "重做", en: "Redo" },
  fit: { zh: "适应窗口", en: "Fit" },
  zoomIn: { zh: "放大", en: "Zoom in" },
  zoomOut: { zh: "缩小", en: "Zoom out" },
  exportSvg: { zh: "导出 SVG", en: "Export SVG" },
  exportPng: { zh: "导出 PNG", en: "Export PNG" },
  exportXlsx: { zh: "导出 XLSX", en: "Export XLSX" },
  exportChartPdf: { zh: "打印为 PDF…", en: "Print to PDF…" },
  pdfTitle: { zh: "把组织架构图打印为 PDF", en: "Print the org chart to PDF" },
  pdfPaper: { zh: "纸张", en: "Paper" },
  pdfOrientation: { zh: "方向", en: "Orientation" },
  pdfAuto: { zh: "每页自动（哪个方向印得大就用哪个）", en: "Each page as it prints larger" },
  pdfLandscape: { zh: "全部横向", en: "Landscape throughout" },
  pdfHint: {
    zh: "整张图能以不小于 7 磅的字号印在一页上时只占一页；否则按部门分页：总览页之后每个部门一页，折叠的方框注明“→ 第 N 页”。",
    en: "The chart takes one page when its names print at 7 pt or more there; otherwise it is split by unit: an overview, then a page per unit, each folded box saying \"→ page N\".",
  },
  pdfExport: { zh: "导出 PDF", en: "Export PDF" },
  pdfWorking: { zh: "正在生成 PDF…", en: "Making the PDF…" },
  staffing: { zh: "人员测算", en: "Staffing" },
  search: { zh: "搜索名称", en: "Search names" },
  matches: { zh: "个匹配", en: "matches" },
  language: { zh: "English", en: "中文" },
  inspector: { zh: "属性", en: "Properties" },
  noSelection: { zh: "点击图中的节点进行编辑", en: "Click a box in the chart to edit it" },
  nameZh: { zh: "名称（中文）", en: "Name (Chinese)" },
  nameEn: { zh: "名称（英文）", en: "Name (English)" },
  kind: { zh: "类型", en: "Kind" },
  kindUnit: { zh: "部门", en: "Unit" },
  kindPosition: { zh: "岗位", en: "Position" },
  kindAssistant: { zh: "助理", en: "Assistant" },
  function: { zh: "职能", en: "Function" },
  functionNone: { zh: "无", en: "None" },
  level: { zh: "层级", en: "Level" },
  levelUp: { zh: "上移半级", en: "Half a level up" },
  levelDown: { zh: "下移半级", en: "Half a level down" },
  levelAuto: { zh: "自动", en: "Auto" },
  planned: { zh: "编制", en: "Planned" },
  filled: { zh: "在岗", en: "Filled" },
  addChild: { zh: "添加下级", en: "Add report" },
  addAssistant: { zh: "添加助理", en: "Add assistant" },
  delete: { zh: "删除（含下级）", en: "Delete (with reports)" },
  collapse: { zh: "折叠", en: "Collapse" },
  expand: { zh: "展开", en: "Expand" },
  addDotted: { zh: "画虚线汇报", en: "Draw dotted line" },
  addBypass: { zh: "画越级汇报", en: "Draw bypass line" },
  pickTarget: { zh: "请点击汇报对象…（Esc 取消）", en: "Click who receives the report… (Esc cancels)" },
  lines: { zh: "汇报线", en: "Lines" },
  dotted: { zh: "虚线", en: "Dotted" },
  bypass: { zh: "越级", en: "Bypass" },
  deleteLine: { zh: "删除", en: "Delete" },
  newChildName: { zh: "新岗位", en: "New position" },
  newAssistantName: { zh: "助理", en: "Assistant" },
  diagnostics: { zh: "校验", en: "Validation" },
  noDiagnostics: { zh: "没有发现问题", en: "No problems found" },
  error: { zh: "错误", en: "Error" },
  warning: { zh: "警告", en: "Warning" },
  moveRefused: { zh: "不能移到自己的下级之下（会形成汇报环）", en: "Cannot move a unit under its own report (that would be a cycle)" },
  unsavedTitle: { zh: "有未保存的更改", en: "Unsaved changes" },
  unsavedBody: { zh: "关闭前要保存对此方案的更改吗？", en: "Save the changes to this plan before closing?" },
  dontSave: { zh: "不保存", en: "Don't save" },
  cancel: { zh: "取消", en: "Cancel" },
  close: { zh: "关闭", en: "Close" },
  saved: { zh: "已保存", en: "Saved" },
  exported: { zh: "已导出", en: "Exported" },
  planFilter: { zh: "Centerplan 方案", en: "Centerplan plan" },
  chartLabel: { zh: "组织架构图", en: "Org chart" },
  deleteConfirm: { zh: "删除", en: "Delete" },
  nothingToUndo: { zh: "没有可撤销的操作", en: "Nothing to undo" },
  nothingToRedo: { zh: "没有可重做的操作", en: "Nothing to redo" },
  levelIsAuto: { zh: "层级已是自动（上级之下一级）", en: "The level is automatic already (one below the manager)" },
  nothingToCollapse: { zh: "没有下级，无可折叠", en: "No reports to collapse" },
  rootNotDeletable: { zh: "最顶层的节点不能删除", en: "The top of the chart cannot be deleted" },
  deleteUndoHint: { zh: "可用 Ctrl+Z 撤销。", en: "Ctrl+Z brings them back." },
  legend: { zh: "图例", en: "Legend" },
  legendUnit: { zh: "部门", en: "Unit" },
  legendPosition: { zh: "岗位", en: "Position" },
  legendAssistant: { zh: "助理", en: "Assistant" },
  legendHeadcount: { zh: "在岗/编制", en: "Filled/planned" },
  legendVacancy: { zh: "有空缺（在岗少于编制）", en: "Vacancy (fewer filled than planned)" },
  legendWarning: { zh: "校验警告", en: "Validation warning" },
  legendError: { zh: "校验错误", en: "Validation error" },
  legendSolid: { zh: "直接汇报", en: "Reports to" },
  legendDotted: { zh: "虚线汇报（箭头指向汇报对象）", en: "Dotted line (arrow to who receives the report)" },
  legendBypass: { zh: "越级汇报（箭头指向汇报对象）", en: "Bypass line (arrow to who receives the report)" },
  legendCollapsed: { zh: "已折叠的下级数（点击展开）", en: "Reports folded away (click to expand)" },
  tipHeadcount: { zh: "在岗/编制", en: "Filled/planned" },
  tipOpen: { zh: "空缺 {n} 人", en: "{n} open" },
  centerButton: { zh: "中心设置", en: "Center" },
  centerButtonTitle: { zh: "中心的名称和类型", en: "The center's names and type" },
  centerSettings: { zh: "中心设置", en: "Center settings" },
  centerNameZh: { zh: "中心名称（中文）", en: "Center name (Chinese)" },
  centerNameEn: { zh: "中心名称（英文）", en: "Center name (English)" },
  centerNameEnHint: { zh: "英文手册的封面和页眉使用英文名称；留空则使用中文名称。", en: "The English manual's cover and page headers print the English name; left empty, they print the Chinese name." },
  centerType: { zh: "中心类型", en: "Center type" },
  typeChangeKeeps: {
    zh: "只更改中心类型：组织架构图、职责矩阵、岗位说明书和 KPI 保持原样，不会添加或删除任何内容。",
    en: "Only the center type changes: the chart, the matrix, the job descriptions and the KPIs stay as they are; nothing is added or deleted.",
  },
  typeChangeFollows: {
    zh: "随类型改变的是：手册中按中心类型撰写的段落（如问候语、质检结果报送、汇报路线、项目生命周期）和封面上的中心类型，以及按新类型模板的设计检查缺少哪些岗位。",
    en: "What follows the type: the manual's passages written for each type (such as the greeting, QA reports to clients, reporting lines, the project lifecycle) and the type on its cover, and the checks for the positions the new type's template has.",
  },
  typeChangeAdded: { zh: "更改后将出现的校验提示：", en: "Validation will then report:" },
  typeChangeRemoved: { zh: "更改后将消失的校验提示：", en: "These reports will go:" },
  typeChangeSame: { zh: "校验结果不变。", en: "Validation stays the same." },
  changeType: { zh: "更改类型", en: "Change type" },
  undoHint: { zh: "可用 Ctrl+Z 撤销。", en: "Ctrl+Z undoes it." },
  help: { zh: "帮助", en: "Help" },
  helpTitle: { zh: "快捷键和操作说明（F1）", en: "Shortcuts and how-tos (F1)" },
  openFolder: { zh: "打开文件夹", en: "Open folder" },
} satisfies Record<string, Bilingual>;

export type StringKey = keyof typeof strings;

export function t(key: StringKey, lang: Lang): string {
  return strings[key][lang];
}

/** What a confirmation asks before deleting `name` with the `reports` boxes under it. */
export function deleteQuestion(name: string, reports: number, planned: number, filled: number, lang: Lang): { title: string; body: string } {
  const total = reports + 1;
  if (lang === "zh") {
    return {
      title: `删除“${name}”及其全部下级？`,
      body: `将一并删除 ${total} 个岗位（含 ${reports} 个下级），编制 ${planned} 人、在岗 ${filled} 人。`,
    };
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return {
    title: `Delete "${name}" and everything under it?`,
    body: `${plural(total, "position", "positions")} go (${plural(reports, "report", "reports")} under it), with a planned headcount of ${planned} (${filled} filled).`,
  };
}

/** The message after an export: which files it wrote. */
export function wroteMessage(files: string[], lang: Lang): string {
  if (lang === "zh") return `已写入 ${files.length} 个文件：`;
  return `Wrote ${files.length} ${files.length === 1 ? "file" : "files"}:`;
}

/** Every key, for the test that both languages are filled. */
export const allKeys = Object.keys(strings) as StringKey[];

/** The tooltips of the editor's toolbar, by control id: what it does and its shortcut. */
export const toolbarTips = {
  home: { zh: "回到首页（会先询问是否保存）", en: "Back to the start screen (asks about unsaved changes first)" },
  open: { zh: "打开 .centerplan 方案文件", en: "Open a .centerplan plan" },
  save: { zh: "保存（Ctrl+S）", en: "Save (Ctrl+S)" },
  "save-as": { zh: "另存为（Ctrl+Shift+S）", en: "Save as (Ctrl+Shift+S)" },
  undo: { zh: "撤销（Ctrl+Z）", en: "Undo (Ctrl+Z)" },
  redo: { zh: "重做（Ctrl+Shift+Z 或 Ctrl+Y）", en: "Redo (Ctrl+Shift+Z or Ctrl+Y)" },
  "zoom-out": { zh: "缩小（或在图上滚动鼠标滚轮）", en: "Zoom out (or turn the mouse wheel over the chart)" },
  "zoom-in": { zh: "放大（或在图上滚动鼠标滚轮）", en: "Zoom in (or turn the mouse wheel over the chart)" },
  fit: { zh: "适应窗口：名称仍可辨认的最大视图；更小请用“缩小”", en: "Fit: the largest view in which names stay readable; zoom out for more" },
  "export-svg": { zh: "把组织架构图导出为 SVG 矢量图", en: "Export the org chart as an SVG drawing" },
  "export-png": { zh: "把组织架构图导出为 PNG 图片", en: "Export the org chart as a PNG image" },
  "export-chart-pdf": { zh: "把组织架构图打印为 A4/A3/A2 页面的 PDF", en: "Print the org chart as a PDF of A4, A3 or A2 pages" },
  "export-xlsx": { zh: "把组织架构导出为 Excel 表格（可再导入）", en: "Export the org chart as an Excel workbook (it imports back)" },
  "open-staffing": { zh: "按话务量测算所需人员，并可应用到编制", en: "Size the staff from the call volume, and apply it to the headcount" },
  search: { zh: "按中英文名称搜索（Ctrl+F；Enter 跳到下一个）", en: "Search names in either language (Ctrl+F; Enter goes to the next)" },
  "lang-toggle": { zh: "切换界面和图中名称的语言", en: "Switch the language of the window and the chart's names" },
} satisfies Record<string, Bilingual>;

/** The tooltip of toolbar control `id`, if it has one. */
export function toolbarTip(id: string, lang: Lang): string | undefined {
  return (toolbarTips as Record<string, Bilingual>)[id]?.[lang];
}

/** `text` safe inside HTML and SVG markup and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
