// The help panel (F1): the keyboard shortcuts the app has and a short "how to" for each of
// the five main tasks, in both languages. Drawn with lit-html like the other panes; Esc,
// F1 again or the close button closes it and gives the focus back to where it was.
//
// The shortcuts listed here are the ones the code handles: `shortcut()` in plan.ts and
// `App.onKey` (general, chart), the chart canvas (mouse), `MatrixEditor.onCellKey` and its
// duty editor (matrix), `PreviewPane.onKey` (manual), the dialogs' Esc. Keep them in step.

import { html, render } from "lit-html";
import { type Bilingual, type Lang, pick } from "./i18n";
import { ModalPanel } from "./modal";

export interface Shortcut {
  /** The keys as written on the keyboard, or a mouse gesture (worded per language). */
  keys: string | Bilingual;
  what: Bilingual;
}

export interface ShortcutGroup {
  title: Bilingual;
  items: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: { zh: "全局", en: "Everywhere" },
    items: [
      { keys: "Ctrl+S", what: { zh: "保存", en: "Save" } },
      { keys: "Ctrl+Shift+S", what: { zh: "另存为", en: "Save as" } },
      { keys: "Ctrl+Z", what: { zh: "撤销（文本框中先撤销正在输入的文字）", en: "Undo (in a text field, its own typing first)" } },
      { keys: "Ctrl+Shift+Z / Ctrl+Y", what: { zh: "重做", en: "Redo" } },
      { keys: "Enter / Tab", what: { zh: "提交字段的修改", en: "Commit a field's change" } },
      { keys: "Esc", what: { zh: "关闭对话框或本帮助；取消画汇报线", en: "Close a dialog or this help; stop drawing a line" } },
      { keys: "F1", what: { zh: "打开或关闭本帮助", en: "Open or close this help" } },
    ],
  },
  {
    title: { zh: "组织架构图", en: "Org chart" },
    items: [
      { keys: "Ctrl+F", what: { zh: "搜索名称", en: "Search names" } },
      { keys: "Enter", what: { zh: "（在搜索框中）下一个匹配", en: "(in the search box) next match" } },
      { keys: "Delete", what: { zh: "删除选中的框及其下级（图表有焦点时）", en: "Delete the selected box with its reports (while the chart has the focus)" } },
      { keys: { zh: "滚轮", en: "Wheel" }, what: { zh: "缩放", en: "Zoom" } },
      { keys: { zh: "拖动背景", en: "Drag the background" }, what: { zh: "平移", en: "Pan" } },
      { keys: { zh: "拖动框", en: "Drag a box" }, what: { zh: "放到另一个框上，改为向它汇报", en: "Drop it on another box to report to that one" } },
    ],
  },
  {
    title: { zh: "职责矩阵", en: "Matrix" },
    items: [
      { keys: "↑ ↓ ← →", what: { zh: "在单元格间移动", en: "Move between cells" } },
      { keys: "Tab / Shift+Tab", what: { zh: "右一格 / 左一格", en: "Next / previous cell" } },
      { keys: "Enter", what: { zh: "编辑第一条职责（编辑中：保留修改）", en: "Edit the first duty (while editing: keep it)" } },
      { keys: "Ctrl+Enter", what: { zh: "新增一条职责", en: "Add a duty" } },
      { keys: "L", what: { zh: "设为本阶段牵头角色", en: "Make the role the phase's lead" } },
      { keys: "Esc", what: { zh: "（编辑职责时）放弃修改", en: "(while editing a duty) drop the change" } },
    ],
  },
  {
    title: { zh: "手册预览", en: "Manual preview" },
    items: [
      { keys: "PageDown / PageUp", what: { zh: "下一页 / 上一页", en: "Next / previous page" } },
      { keys: "+ / −", what: { zh: "放大 / 缩小页面", en: "Zoom the page in / out" } },
    ],
  },
];

export interface HowTo {
  title: Bilingual;
  steps: Bilingual[];
}

export const HOW_TOS: HowTo[] = [
  {
    title: { zh: "从模板新建方案", en: "Create a plan from a template" },
    steps: [
      { zh: "在首页填写中心名称，点击四种中心类型之一：方案从该类型的模板开始，已含组织架构、职责矩阵、岗位说明书和 KPI。", en: "On the start screen, type the center's name and click one of the four center types: the plan starts from that type's template, with its chart, matrix, job descriptions and KPIs." },
      { zh: "按 Ctrl+S 保存为 .centerplan 文件。", en: "Press Ctrl+S to save it as a .centerplan file." },
      { zh: "中心的中英文名称和类型以后可在标签栏右侧的“中心设置”中修改。", en: "The center's Chinese and English names and its type can be changed later under Center, at the right of the tabs." },
    ],
  },
  {
    title: { zh: "调整组织架构", en: "Adapt the chart" },
    steps: [
      { zh: "点击一个框，在右侧属性面板修改名称、类型、职能、层级和编制。", en: "Click a box and change its names, kind, function, level and headcount in the panel on the right." },
      { zh: "“添加下级”“添加助理”在它下面加框；“删除（含下级）”连同下级一起删除，Ctrl+Z 可恢复。", en: "Add report and Add assistant add a box under it; Delete (with reports) removes it with everything under it, and Ctrl+Z brings it back." },
      { zh: "把框拖到另一个框上即改为向其汇报；“画虚线汇报”“画越级汇报”后点击接收汇报的框。", en: "Drag a box onto another to make it report there; for Draw dotted line or Draw bypass line, then click the box that receives the report." },
      { zh: "“校验”列表列出要处理的问题，点击一条即跳到相关的框。", en: "The Validation list shows what to fix; click an entry to go to its box." },
    ],
  },
  {
    title: { zh: "编辑职责矩阵", en: "Edit the responsibility matrix" },
    steps: [
      { zh: "打开“职责矩阵”标签：每行一个角色，每列一个项目阶段。", en: "Open the Matrix tab: one row per role, one column per project phase." },
      { zh: "点击一条职责即可编辑（Enter 保留，Esc 放弃），“＋ 职责”新增一条，点击 ★ 或按 L 设为本阶段牵头角色。", en: "Click a duty to edit it (Enter keeps it, Esc drops the change), + Duty adds one, ★ or L makes the role the phase's lead." },
      { zh: "“添加角色”从组织架构中的岗位或部门添加一行。", en: "Add role adds a row for a position or unit of the chart." },
    ],
  },
  {
    title: { zh: "测算人员编制", en: "Size the staffing" },
    steps: [
      { zh: "点击工具栏的“人员测算”，填写每时段来电（或选择预测 CSV）、平均处理时长、服务水平目标和损耗率，点击“计算”。", en: "Click Staffing in the toolbar, enter the calls per interval (or choose a forecast CSV), the AHT, the service-level target and the shrinkage, then Calculate." },
      { zh: "结果给出高峰在线坐席、高峰排班和需聘用坐席，并按岗位给出编制建议。", en: "The result gives the agents at peak, scheduled at peak and to employ, and a headcount proposal per position." },
      { zh: "勾选要采纳的岗位后点击“采纳所选”：测算和编制作为一步记入方案，可撤销。", en: "Tick the positions to take over and click Accept selected: the sizing and the headcount go into the plan as one step you can undo." },
    ],
  },
  {
    title: { zh: "导出运营手册", en: "Export the manual" },
    steps: [
      { zh: "打开“手册预览”标签，选择版本（经理版或客户服务代表版）和语言；每次修改后预览自动更新。", en: "Open the Manual tab and choose the edition (manager or CSR) and the language; the preview follows every edit." },
      { zh: "“导出 PDF…”可导出当前版本、两个版本或两个版本 × 中英文。", en: "Export PDF… writes this edition, both editions, or both editions in both languages." },
      { zh: "完成后的提示列出写入的文件，“打开文件夹”在文件管理器中显示它们。", en: "When it is done, the message lists the files written; Open folder shows them in the file manager." },
    ],
  },
];

export class HelpPanel {
  private modal: ModalPanel;

  constructor(
    root: HTMLElement,
    private lang: () => Lang,
    private onAbout: () => void = () => undefined,
  ) {
    this.modal = new ModalPanel(root, "help-panel", ["Escape", "F1"]);
  }

  /** Open and still in the page (a redraw of the whole window removes it). */
  get isOpen(): boolean {
    return this.modal.isOpen;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    if (this.isOpen) return;
    const panel = this.modal.open();
    this.render();
    panel.querySelector<HTMLElement>("#help-close")?.focus();
  }

  close(): void {
    this.modal.close();
  }

  /** Draws the panel again, e.g. after a language switch. */
  render(): void {
    const panel = this.modal.element;
    if (!panel) return;
    const lang = this.lang();
    const zh = lang === "zh";
    render(
      html`<div class="modal-box help-box">
        <header class="help-head"><h2>${zh ? "帮助" : "Help"}</h2><span class="grow"></span>
          <button id="help-about" @click=${() => this.onAbout()}>${zh ? "关于 Centerplan" : "About Centerplan"}</button>
          <button id="help-close" @click=${() => this.close()}>${zh ? "关闭（Esc）" : "Close (Esc)"}</button></header>
        <div class="help-body">
          <section class="help-howto"><h3>${zh ? "怎么做" : "How to"}</h3>
            ${HOW_TOS.map(
              (howTo) => html`<article class="howto"><h4>${pick(howTo.title, lang)}</h4>
                <ol>${howTo.steps.map((step) => html`<li>${pick(step, lang)}</li>`)}</ol></article>`,
            )}
          </section>
          <section class="help-keys"><h3>${zh ? "快捷键" : "Keyboard shortcuts"}</h3>
            ${SHORTCUTS.map(
              (group) => html`<h4>${pick(group.title, lang)}</h4>
                <table class="keys">${group.items.map(
                  (item) => html`<tr><td><kbd>${typeof item.keys === "string" ? item.keys : pick(item.keys, lang)}</kbd></td><td>${pick(item.what, lang)}</td></tr>`,
                )}</table>`,
            )}
          </section>
        </div></div>`,
      panel,
    );
  }
}
