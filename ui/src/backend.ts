// The one module through which the UI reaches Rust and the host: commands, native
// dialogs, the window title and the close request. Tests hand the app a fake `Backend`.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { open, save } from "@tauri-apps/plugin-dialog";

import type { AppError } from "./bindings/AppError";
import type { CenterType } from "./bindings/CenterType";
import type { CenterTypeChange } from "./bindings/CenterTypeChange";
import type { ChapterPageRequest } from "./bindings/ChapterPageRequest";
import type { ChapterPreview } from "./bindings/ChapterPreview";
import type { ChapterTextView } from "./bindings/ChapterTextView";
import type { RulesSpecView } from "./bindings/RulesSpecView";
import type { ReleaseDraft } from "./bindings/ReleaseDraft";
import type { SheetPreview } from "./bindings/SheetPreview";
import type { CenterTypeInfo } from "./bindings/CenterTypeInfo";
import type { Edit } from "./bindings/Edit";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { Paper } from "./bindings/Paper";
import type { ForecastView } from "./bindings/ForecastView";
import type { FunctionInfo } from "./bindings/FunctionInfo";
import type { Lang } from "./bindings/Lang";
import type { PlanView } from "./bindings/PlanView";
import type { Prefs } from "./bindings/Prefs";
import type { RecoveryInfo } from "./bindings/RecoveryInfo";
import type { Edition } from "./bindings/Edition";
import type { ManualFormat } from "./bindings/ManualFormat";
import type { AboutView } from "./bindings/AboutView";
import type { MatrixFormat } from "./bindings/MatrixFormat";
import type { PreviewView } from "./bindings/PreviewView";
import type { StaffingInputsView } from "./bindings/StaffingInputsView";
import type { StaffingRecordView } from "./bindings/StaffingRecordView";
import type { StaffingView } from "./bindings/StaffingView";

export type FileKind = "plan" | "svg" | "png" | "pdf" | "docx" | "csv" | "xlsx";

export interface Backend {
  centerTypes(): Promise<CenterTypeInfo[]>;
  /** Every function (the role a node plays) with its names, for the inspector. */
  functions(): Promise<FunctionInfo[]>;
  prefs(): Promise<Prefs>;
  setLang(lang: Lang): Promise<Prefs>;
  newPlan(centerType: CenterType, name: string): Promise<PlanView>;
  openPlan(path: string): Promise<PlanView>;
  savePlan(path: string | null): Promise<PlanView>;
  /** The open plan again, e.g. laid out anew after a language change. */
  currentPlan(): Promise<PlanView>;
  edit(edit: Edit): Promise<PlanView>;
  undo(): Promise<PlanView>;
  redo(): Promise<PlanView>;
  closePlan(): Promise<void>;
  autosave(): Promise<boolean>;
  pendingRecovery(): Promise<RecoveryInfo[]>;
  restoreRecovery(file: string): Promise<PlanView>;
  discardRecovery(file: string): Promise<void>;
  exportChart(path: string, format: ExportFormat): Promise<void>;
  /** Prints the chart as a PDF of `paper` pages (split by subtree when it is large). */
  exportChartPdf(path: string, paper: Paper, landscape: boolean): Promise<void>;
  /** Reads a forecast CSV (interval_start,calls[,aht]). */
  loadForecast(path: string): Promise<ForecastView>;
  /** Sizes the inputs, with a headcount proposal against the open plan. */
  sizeStaffing(inputs: StaffingInputsView): Promise<StaffingView>;
  /** Records the sizing and the chosen positions' headcount: one undoable edit. */
  acceptStaffing(inputs: StaffingInputsView, accepted: string[]): Promise<PlanView>;
  /** The sizing the open plan holds, if any. */
  planStaffing(): Promise<StaffingRecordView | null>;
  quit(): Promise<void>;
  /** The manual's pages as SVG documents, typeset off the UI thread. */
  /** Page `page` (from 0) of the manual, laid out again only when the plan changed. */
  previewManual(edition: Edition, lang: Lang, page: number): Promise<PreviewView>;
  exportManual(path: string, edition: Edition, lang: Lang, format: ManualFormat): Promise<void>;
  exportMatrix(path: string, format: MatrixFormat): Promise<void>;
  /** One chapter's text in one language, for the chapter editor (with a built-in change). */
  chapterText(id: string, lang: "zh" | "en"): Promise<ChapterTextView>;
  /** The page where a chapter is printed, with the text being typed in it previewed. */
  previewChapter(request: ChapterPageRequest): Promise<ChapterPreview>;
  /** The center's rules as the form lays them out. */
  rulesSpec(): Promise<RulesSpecView>;
  /** Shows files an export wrote in the system's file manager ("open folder"). */
  revealExports(files: string[]): Promise<void>;
  /** What changing the center type to `centerType` would raise and clear in validation. */
  centerTypeChange(centerType: CenterType): Promise<CenterTypeChange>;
  /** Whether the app is a debug build (developers keep the webview's context menu). */
  debugBuild(): Promise<boolean>;
  /** Native open dialog for a plan or a spreadsheet to import (XLSX, CSV); null when cancelled. */
  pickOpenPath(): Promise<string | null>;
  /** What importing a spreadsheet would do: its sheets, the columns found, the first rows, every bad cell. */
  previewSheet(path: string, sheet: string | null, map: [string, string][]): Promise<SheetPreview>;
  /** Imports a spreadsheet's chart: a new plan, or the open plan's chart replaced (one undoable edit). */
  importSheet(path: string, sheet: string | null, map: [string, string][], replace: boolean): Promise<PlanView>;
  /** Native open dialog for a forecast CSV; null when cancelled. */
  pickForecastPath(): Promise<string | null>;
  /** Native open dialog for a logo image (PNG, SVG); null when cancelled. */
  pickLogoPath(): Promise<string | null>;
  /** Sets the plan's logo from an image file, checked by Rust: one undoable edit. */
  setLogo(path: string): Promise<PlanView>;
  /** The plan's logo as a `data:` URL, or null. */
  logoUrl(): Promise<string | null>;
  /** The release dialog's suggested version, drafted summary and the changes since the last release. */
  releaseDraft(): Promise<ReleaseDraft>;
  /** Native save dialog; null when cancelled. */
  pickSavePath(kind: FileKind, suggested: string): Promise<string | null>;
  setTitle(title: string): Promise<void>;
  /** Called when the user closes the window while the plan has unsaved changes. */
  onCloseRequested(handler: () => void): void;
  /** The files the app was asked to open from outside (its command line, a second launch), each handed out once. */
  launchFiles(): Promise<string[]>;
  /** Called when a second launch of the app left files for this window to open. */
  onOpenFile(handler: () => void): void;
  /** The version and the licences the About dialog shows. */
  about(): Promise<AboutView>;
  /** Tells Rust the start screen is on screen (`make perf` times the start with it). */
  firstFrame(): Promise<void>;
}

/** Every rejection as the core's `{code, message}`, whatever threw it. */
export function asAppError(err: unknown): AppError {
  if (err && typeof err === "object" && "code" in err && "message" in err) {
    const e = err as { code: unknown; message: unknown };
    if (typeof e.code === "string" && e.message && typeof e.message === "object") return err as AppError;
  }
  // Not the core's error: a defect in the app or its bridge. Its own words mean nothing to
  // the user, so they go to the console and the screen says what happened.
  console.error("unexpected failure:", err);
  return {
    code: "app.internal",
    message: {
      zh: "发生了意外错误，操作未完成（这是 Centerplan 的缺陷，请报告）",
      en: "something unexpected went wrong and the action was not done (a defect of Centerplan: please report it)",
    },
  };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw asAppError(err);
  }
}

const extensions: Record<FileKind, string> = { plan: "centerplan", svg: "svg", png: "png", pdf: "pdf", docx: "docx", csv: "csv", xlsx: "xlsx" };

/**
 * The end-to-end test cannot click native dialogs; it sets this object from WebDriver
 * and the dialogs answer with its paths instead. Nothing else can set it: the CSP only
 * runs the app's own script.
 */
interface TestDialogs {
  open?: string;
  forecast?: string;
  logo?: string;
  save?: string;
}
declare global {
  interface Window {
    __centerplanTestDialogs?: TestDialogs;
  }
}

/** The native open dialog for one file of `filters`, or the test's answer for `key`; null when cancelled. */
async function pickFile(key: "open" | "forecast" | "logo", filters: { name: string; extensions: string[] }[]): Promise<string | null> {
  const test = window.__centerplanTestDialogs?.[key];
  if (test) return test;
  const picked = await open({ multiple: false, directory: false, filters });
  return typeof picked === "string" ? picked : null;
}

export const tauriBackend: Backend = {
  centerTypes: () => call("center_types"),
  functions: () => call("functions"),
  prefs: () => call("prefs"),
  setLang: (lang) => call("set_lang", { lang }),
  newPlan: (centerType, name) => call("new_plan", { centerType, name }),
  openPlan: (path) => call("open_plan", { path }),
  savePlan: (path) => call("save_plan", { path }),
  currentPlan: () => call("current_plan"),
  edit: (edit) => call("edit", { edit }),
  undo: () => call("undo"),
  redo: () => call("redo"),
  closePlan: () => call("close_plan"),
  autosave: () => call("autosave"),
  pendingRecovery: () => call("pending_recovery"),
  restoreRecovery: (file) => call("restore_recovery", { file }),
  discardRecovery: (file) => call("discard_recovery", { file }),
  exportChart: (path, format) => call("export_chart", { path, format }),
  exportChartPdf: (path, paper, landscape) => call("export_chart_pdf", { path, paper, landscape }),
  loadForecast: (path) => call("load_forecast", { path }),
  sizeStaffing: (inputs) => call("size_staffing", { inputs }),
  acceptStaffing: (inputs, accepted) => call("accept_staffing", { inputs, accepted }),
  planStaffing: () => call("plan_staffing"),
  quit: () => call("quit"),
  previewManual: (edition, lang, page) => call("preview_manual", { edition, lang, page }),
  exportManual: (path, edition, lang, format) => call("export_manual", { path, edition, lang, format }),
  exportMatrix: (path, format) => call("export_matrix", { path, format }),
  chapterText: (id, lang) => call("chapter_text", { id, lang }),
  previewChapter: (request) => call("preview_chapter", { request }),
  rulesSpec: () => call("rules_spec"),
  revealExports: (files) => call("reveal_exports", { files }),
  centerTypeChange: (centerType) => call("center_type_change", { centerType }),
  debugBuild: () => call("debug_build"),
  pickOpenPath: () =>
    pickFile("open", [
      { name: "Centerplan", extensions: ["centerplan"] },
      { name: "Excel, CSV", extensions: ["xlsx", "csv"] },
    ]),
  previewSheet: (path, sheet, map) => call("preview_sheet", { path, sheet, map }),
  importSheet: (path, sheet, map, replace) => call("import_sheet", { path, sheet, map, replace }),
  pickForecastPath: () => pickFile("forecast", [{ name: "CSV", extensions: ["csv"] }]),
  pickLogoPath: () => pickFile("logo", [{ name: "PNG, SVG", extensions: ["png", "svg"] }]),
  setLogo: (path) => call("set_logo", { path }),
  logoUrl: () => call("logo_url"),
  releaseDraft: () => call("release_draft"),
  async pickSavePath(kind, suggested) {
    const test = window.__centerplanTestDialogs;
    if (test?.save) return test.save;
    const ext = extensions[kind];
    const picked = await save({
      defaultPath: suggested.endsWith(`.${ext}`) ? suggested : `${suggested}.${ext}`,
      filters: [{ name: kind === "docx" ? "Word" : ext.toUpperCase(), extensions: [ext] }],
    });
    if (!picked) return null;
    return picked.toLowerCase().endsWith(`.${ext}`) ? picked : `${picked}.${ext}`;
  },
  async setTitle(title) {
    document.title = title;
    await getCurrentWindow().setTitle(title);
  },
  onCloseRequested(handler) {
    void listen("close-requested", () => handler());
  },
  launchFiles: () => call("launch_files"),
  onOpenFile(handler) {
    void listen("open-file", () => handler());
  },
  about: () => call("about"),
  firstFrame: () => call("first_frame"),
};
