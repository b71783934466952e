// The UI's own strings in both languages. Plan content (names, diagnostics, errors)
// comes from the core already in both languages; `pick` chooses the side to show.

export type Lang = "zh" | "en";

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
  deleteUndoHint: { zh: "可用 Ctrl+Z 撤销。", en: "Ctrl+Z brings them back." },
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

/** Every key, for the test that both languages are filled. */
export const allKeys = Object.keys(strings) as StringKey[];

/** `text` safe inside HTML and SVG markup and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
