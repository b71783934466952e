// The fake backend's manual: a few chapters with their texts, a small rules table and its
// spec, and the chapter and rules edits applied in memory, with an undo stack of their own
// so the tests can see the editor follow an undo.

import type { ChapterDiff } from "./bindings/ChapterDiff";
import type { ChapterEntry } from "./bindings/ChapterEntry";
import type { ChapterPageRequest } from "./bindings/ChapterPageRequest";
import type { ChapterPreview } from "./bindings/ChapterPreview";
import type { ChapterTextView } from "./bindings/ChapterTextView";
import type { Edit } from "./bindings/Edit";
import type { Lang } from "./bindings/Lang";
import type { ManualView } from "./bindings/ManualView";
import type { DocumentControl } from "./bindings/DocumentControl";
import type { Rules } from "./bindings/Rules";
import type { RulesSpecView } from "./bindings/RulesSpecView";

/**
 * The fake's rules: only the fields its spec lists (the form reads and writes nothing
 * else), so the cast stands for the rest of the core's table.
 */
export function sampleRules(): Rules {
  return {
    shifts: [
      { name: { zh: "早班", en: "Early" }, start: "08:00", end: "16:30", flexible: false, mealMinutes: 30, breaks: 2, breakMinutes: 15, purpose: { zh: "早高峰", en: "Morning peak" } },
      { name: { zh: "晚班", en: "Late" }, start: "13:30", end: "22:00", flexible: false, mealMinutes: 30, breaks: 2, breakMinutes: 15, purpose: { zh: "晚间", en: "Evening" } },
    ],
    serviceOpen: "08:00",
    complaintL4Resolve: { amount: 5, unit: "working-days" },
    qaSample: 8,
    mysteryFrequency: "quarterly",
  } as unknown as Rules;
}

export function sampleRulesSpec(): RulesSpecView {
  const label = (zh: string, en: string) => ({ zh, en });
  const none = label("", "");
  return {
    rules: [
      { key: "service.open", field: "serviceOpen", group: "service", kind: "time", label: label("人工服务开始", "Service opens"), unit: none },
      { key: "complaint.l4.resolve", field: "complaintL4Resolve", group: "complaints", kind: "span", label: label("四级投诉处理结果", "Level 4 complaint: result"), unit: none },
      { key: "qa.sample", field: "qaSample", group: "quality", kind: "count", label: label("每人每月抽样通数", "Calls sampled per agent a month"), unit: label("通", "calls") },
      { key: "mystery.frequency", field: "mysteryFrequency", group: "quality", kind: "frequency", label: label("神秘顾客频次", "Mystery shopping frequency"), unit: none },
    ],
    groups: [
      { value: "service", name: label("服务时间", "Service hours") },
      { value: "schedule", name: label("排班", "Scheduling") },
      { value: "complaints", name: label("投诉", "Complaints") },
      { value: "quality", name: label("质量监控", "Quality monitoring") },
    ],
    spanUnits: [
      { value: "hours", name: label("小时", "hours") },
      { value: "days", name: label("天", "days") },
      { value: "working-days", name: label("个工作日", "working days") },
    ],
    frequencies: [
      { value: "monthly", name: label("每月", "monthly") },
      { value: "quarterly", name: label("每季度", "quarterly") },
    ],
    defaults: sampleRules(),
  };
}

const BUILTIN: [string, string, string][] = [
  ["01-about", "关于本手册", "About this manual"],
  ["05-scheduling", "排班与考勤", "Scheduling and attendance"],
  ["09-complaints", "投诉处理", "Complaints"],
];

/** The first `# ` heading of a text. */
function title(text: string): string {
  return /^# (.*)$/m.exec(text)?.[1] ?? "";
}

interface Chapter {
  id: string;
  hidden: boolean;
  custom: boolean;
  /** The built-in text, per language (built-in chapters). */
  builtin: Record<Lang, string>;
  /** The user's text, per language, when edited (a custom chapter: always). */
  mine: Partial<Record<Lang, string>>;
  /** Languages whose built-in text changed since they were edited. */
  changed: Lang[];
}

interface State {
  chapters: Chapter[];
  rules: Rules;
  control: DocumentControl;
  releases: ManualView["releases"];
  /** Whether an edit came after the last release (the fake's stand-in for the core's comparison). */
  changedSinceRelease: boolean;
}

/** The core's empty document-control record. */
export function emptyControl(): DocumentControl {
  const signoff = () => ({ name: "", post: { zh: "", en: "" }, date: null });
  return {
    number: "", version: "", effective: null, confidentiality: "none",
    prepared: signoff(), reviewed: signoff(), approved: signoff(), revisions: [],
  };
}

const clone = (state: State): State => JSON.parse(JSON.stringify(state)) as State;

export class FakeManual {
  state: State = {
    chapters: BUILTIN.map(([id, zh, en]) => ({
      id, hidden: false, custom: false,
      builtin: { zh: `# ${zh}\n\n内置正文第一段。\n\n## 小节\n\n内置正文。\n`, en: `# ${en}\n\nBuilt-in first paragraph.\n\n## Section\n\nBuilt-in text.\n` },
      mine: {}, changed: [],
    })),
    rules: sampleRules(),
    control: emptyControl(),
    releases: [],
    changedSinceRelease: true,
  };
  /** The logo the fake holds (set by `setLogo`, removed by a `set-logo` edit). */
  logo: ManualView["logo"] = null;
  controlDiagnostics: ManualView["controlDiagnostics"] = [];
  /** Diagnostics of chapters the tests set. */
  diagnostics: ManualView["chapterDiagnostics"] = [];
  ruleDiagnostics: ManualView["ruleDiagnostics"] = [];
  private undoStack: State[] = [];
  private redoStack: State[] = [];
  previews: ChapterPageRequest[] = [];
  private fresh = 0;

  view(): ManualView {
    const chapters: ChapterEntry[] = this.state.chapters.map((c) => {
      const text = (lang: Lang) => c.mine[lang] ?? c.builtin[lang];
      const edited = (["zh", "en"] as const).filter((l) => c.mine[l] !== undefined);
      return {
        id: c.id, hidden: c.hidden,
        state: c.custom ? "custom" : edited.length ? "edited" : "builtin",
        title: { zh: title(text("zh")) || c.id, en: title(text("en")) || c.id },
        edited, builtinChanged: c.changed.filter((l) => edited.includes(l)),
      };
    });
    return {
      chapters, chapterDiagnostics: this.diagnostics, rules: this.state.rules, ruleDiagnostics: this.ruleDiagnostics,
      control: this.state.control, controlDiagnostics: this.controlDiagnostics, logo: this.logo,
      releases: this.state.releases, draft: this.state.releases.length === 0 || this.state.changedSinceRelease,
    };
  }

  /** Marks a built-in chapter edited in `lang` from an older built-in text. */
  markChanged(id: string, lang: Lang, mine: string): void {
    const c = this.find(id);
    c.mine[lang] = mine;
    c.changed = [lang];
  }

  private find(id: string): Chapter {
    const c = this.state.chapters.find((ch) => ch.id === id);
    if (!c) throw { code: "edit.unknown-chapter", message: { zh: `没有章节 ${id}`, en: `no chapter ${id}` } };
    return c;
  }

  /** Applies a chapter or rules edit; false for any other edit (the fake's own). */
  apply(edit: Edit): boolean {
    const ops = ["add-chapter", "delete-chapter", "move-chapter", "set-chapter-hidden", "set-chapter-text", "rename-chapter", "reset-chapter", "rebase-chapter", "set-rules", "set-control", "set-logo", "release"];
    if (!ops.includes(edit.op)) return false;
    const before = clone(this.state);
    const list = this.state.chapters;
    switch (edit.op) {
      case "add-chapter": {
        const id = edit.id ?? `custom-${++this.fresh}`;
        const chapter: Chapter = { id, hidden: false, custom: true, builtin: { zh: "", en: "" }, mine: { ...edit.text }, changed: [] };
        list.splice(edit.index ?? list.length, 0, chapter);
        break;
      }
      case "delete-chapter":
        this.state.chapters = list.filter((c) => c.id !== edit.id);
        break;
      case "move-chapter": {
        const from = list.findIndex((c) => c.id === edit.id);
        const [c] = list.splice(from, 1);
        list.splice(edit.index, 0, c);
        break;
      }
      case "set-chapter-hidden":
        this.find(edit.id).hidden = edit.hidden;
        break;
      case "set-chapter-text": {
        const c = this.find(edit.id);
        if (!c.custom && edit.markdown === c.builtin[edit.lang]) delete c.mine[edit.lang];
        else c.mine[edit.lang] = edit.markdown;
        break;
      }
      case "rename-chapter": {
        const c = this.find(edit.id);
        c.mine[edit.lang] = (c.mine[edit.lang] ?? "").replace(/^# .*$/m, `# ${edit.title}`);
        break;
      }
      case "reset-chapter": {
        const c = this.find(edit.id);
        for (const l of edit.lang ? [edit.lang] : (["zh", "en"] as const)) delete c.mine[l];
        c.changed = [];
        break;
      }
      case "rebase-chapter":
        this.find(edit.id).changed = [];
        break;
      case "set-rules":
        this.state.rules = edit.rules;
        break;
      case "set-control":
        this.state.control = edit.control;
        break;
      case "set-logo":
        // The fake only removes: a logo comes from a file through `setLogo`.
        this.logo = null;
        break;
      case "release": {
        const { version, date, summary, author } = edit;
        this.state.releases = [...this.state.releases, { version, date }];
        const revisions = [...this.state.control.revisions, { version, date, author: author || this.state.control.prepared.name, summary }];
        this.state.control = { ...this.state.control, version, revisions };
        break;
      }
    }
    this.state.changedSinceRelease = edit.op !== "release";
    this.undoStack.push(before);
    this.redoStack = [];
    return true;
  }

  undo(): boolean {
    const last = this.undoStack.pop();
    if (!last) return false;
    this.redoStack.push(clone(this.state));
    this.state = last;
    return true;
  }

  redo(): boolean {
    const next = this.redoStack.pop();
    if (!next) return false;
    this.undoStack.push(clone(this.state));
    this.state = next;
    return true;
  }

  text(id: string, lang: Lang): ChapterTextView {
    const c = this.find(id);
    const markdown = c.mine[lang] ?? c.builtin[lang];
    const diff: ChapterDiff | null = c.changed.includes(lang) && c.mine[lang] !== undefined
      ? { hunks: [{ builtinStart: 3, mineStart: 3, lines: [
          { tag: "same", text: "" },
          { tag: "builtin", text: c.builtin[lang].split("\n")[2] ?? "" },
          { tag: "mine", text: markdown.split("\n")[2] ?? "" },
        ] }] }
      : null;
    return { id, lang, markdown, builtinChange: diff };
  }

  preview(request: ChapterPageRequest): ChapterPreview {
    this.previews.push(request);
    const at = this.state.chapters.filter((c) => !c.hidden).findIndex((c) => c.id === request.chapter);
    const page = Math.max(0, at) * 2 + (request.heading && !/^# /.test(request.heading) && request.heading !== title(this.text(request.chapter, request.lang).markdown) ? 1 : 0);
    return {
      preview: { page, pageCount: 8, svg: `<svg xmlns='http://www.w3.org/2000/svg'><text>${page + 1}</text></svg>`, typeset: true, millis: 5 },
      found: at >= 0,
    };
  }
}
