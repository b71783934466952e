// The About dialog: the app's version, what it is built on, and the licence of every
// font and library that ships with it (the list Rust keeps in src-tauri/licenses.json,
// generated from the lock files). Opened from the start screen and the help panel; Esc or
// the close button closes it and gives the focus back.

import { html, render } from "lit-html";
import type { Backend } from "./backend";
import type { AboutView } from "./bindings/AboutView";
import type { Library } from "./bindings/Library";
import type { Lang } from "./i18n";
import { ModalPanel } from "./modal";

/** The libraries whose name or licence contains `filter` (case-insensitive). */
export function filterLibraries(libraries: Library[], filter: string): Library[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return libraries;
  return libraries.filter((l) => l.name.toLowerCase().includes(needle) || l.license.toLowerCase().includes(needle));
}

export class AboutDialog {
  private modal: ModalPanel;
  private view: AboutView | null = null;
  private filter = "";

  constructor(
    root: HTMLElement,
    private backend: Backend,
    private lang: () => Lang,
    private fail: (err: unknown) => void,
  ) {
    this.modal = new ModalPanel(root, "about-dialog");
  }

  get isOpen(): boolean {
    return this.modal.isOpen;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    try {
      this.view ??= await this.backend.about();
    } catch (err) {
      this.fail(err);
      return;
    }
    const panel = this.modal.open();
    this.filter = "";
    this.render();
    panel.querySelector<HTMLElement>("#about-close")?.focus();
  }

  close(): void {
    this.modal.close();
  }

  render(): void {
    const view = this.view;
    const panel = this.modal.element;
    if (!panel || !view) return;
    const zh = this.lang() === "zh";
    const shown = filterLibraries(view.libraries, this.filter);
    const origin = (l: Library) => (l.origin === "crate" ? "Rust" : "npm");
    render(
      html`<div class="modal-box about-box">
        <header class="help-head"><h2>${zh ? "关于 Centerplan" : "About Centerplan"}</h2><span class="grow"></span>
          <button id="about-close" @click=${() => this.close()}>${zh ? "关闭（Esc）" : "Close (Esc)"}</button></header>
        <div class="about-body">
          <p class="about-version"><strong>Centerplan ${view.version}</strong> · ${zh ? "许可证" : "Licence"} ${view.license}</p>
          <p class="muted">${zh
            ? `界面基于 Tauri ${view.tauri}（系统的 WebKitGTK 显示），手册由 Typst ${view.typst} 排版。`
            : `The window is Tauri ${view.tauri} (drawn by the system's WebKitGTK); the manual is typeset by Typst ${view.typst}.`}</p>
          <h3>${zh ? "字体" : "Fonts"}</h3>
          <p class="muted">${zh ? "程序不自带字体，使用系统软件包安装的字体：" : "The app bundles no font; it uses these, installed by the system's packages:"}</p>
          <table class="about-fonts">
            <tr><th>${zh ? "字体" : "Font"}</th><th>${zh ? "许可证" : "Licence"}</th><th>${zh ? "软件包" : "Package"}</th><th>${zh ? "用途" : "Used for"}</th></tr>
            ${view.fonts.map((f) => html`<tr><td>${f.name}</td><td>${f.license}</td><td><code>${f.package}</code></td><td>${zh ? f.useZh : f.useEn}</td></tr>`)}
          </table>
          <h3>${zh ? "开源库" : "Open-source libraries"}</h3>
          <div class="about-filter">
            <input id="about-search" type="search" placeholder=${zh ? "按名称或许可证筛选" : "Filter by name or licence"} .value=${this.filter}
              @input=${(e: Event) => { this.filter = (e.target as HTMLInputElement).value; this.render(); }}>
            <span class="muted" id="about-count">${zh
              ? `${shown.length} / ${view.libraries.length} 个`
              : `${shown.length} of ${view.libraries.length}`}</span>
          </div>
          <div class="about-libs"><table>
            <tr><th>${zh ? "名称" : "Name"}</th><th>${zh ? "版本" : "Version"}</th><th>${zh ? "许可证" : "Licence"}</th><th>${zh ? "来源" : "Kind"}</th></tr>
            ${shown.map((l) => html`<tr><td>${l.name}</td><td>${l.version}</td><td>${l.license}</td><td>${origin(l)}</td></tr>`)}
          </table></div>
        </div></div>`,
      panel,
    );
  }
}
