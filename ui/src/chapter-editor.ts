// The chapter text editor: CodeMirror 6 with Markdown highlighting, the chapter's
// diagnostics on their lines (the lint gutter), and no undo history of its own. Ctrl+Z
// in it is the app's undo, so the text and the rest of the plan go back together; the
// text the plan holds is set back into the editor after every plan change.
//
// The editor lives in a shadow root: CodeMirror then puts its styles in a constructed
// style sheet (adoptedStyleSheets), which the app's strict Content-Security-Policy
// (`style-src 'self'`) allows, where the <style> element it adds to a document would be
// refused. The pane's own styling of the editor is therefore a CodeMirror theme.

import { defaultKeymap, indentWithTab } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { Annotation, EditorState } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import type { TextChange } from "./chapter-text";

/** What the editor tells its pane. */
export interface ChapterEditorHost {
  /** The user changed the text (typing, a paste, an audience toggle, a reference). */
  changed(text: string): void;
  /** The cursor moved to another line (the preview may follow its heading). */
  cursorMoved(line: number): void;
  undo(): void;
  redo(): void;
}

/** A problem to show on a line (from 1). */
export interface LineDiagnostic {
  line: number;
  severity: "error" | "warning";
  message: string;
}

/** The editor fills its pane, in the app's fonts (inherited through the shadow root). */
const THEME = EditorView.theme({
  "&": { height: "100%", fontSize: "13px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "inherit", lineHeight: "1.55" },
  ".cm-gutters": { backgroundColor: "#f4f6f9", borderRight: "1px solid #c9d2dc", color: "#6b7785" },
});

/** Marks a change the pane made (the plan's text set back), which is not the user's typing. */
const fromPlan = Annotation.define<boolean>();

export class ChapterEditor {
  readonly view: EditorView;
  private lastLine = 1;

  constructor(element: HTMLElement, host: ChapterEditorHost, label: string) {
    const parent = element.shadowRoot ?? element.attachShadow({ mode: "open" });
    const undo = () => {
      host.undo();
      return true;
    };
    const redo = () => {
      host.redo();
      return true;
    };
    this.view = new EditorView({
      parent,
      root: parent,
      state: EditorState.create({
        doc: "",
        extensions: [
          lineNumbers(),
          lintGutter(),
          drawSelection(),
          highlightActiveLine(),
          EditorView.lineWrapping,
          THEME,
          markdown(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([
            { key: "Mod-z", run: undo, preventDefault: true },
            { key: "Mod-Shift-z", run: redo, preventDefault: true },
            { key: "Mod-y", run: redo, preventDefault: true },
            indentWithTab,
            ...defaultKeymap,
          ]),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((tr) => tr.annotation(fromPlan))) {
              host.changed(update.state.doc.toString());
            }
            if (update.selectionSet || update.docChanged) {
              const line = this.cursorLine();
              if (line !== this.lastLine) {
                this.lastLine = line;
                host.cursorMoved(line);
              }
            }
          }),
        ],
      }),
    });
  }

  text(): string {
    return this.view.state.doc.toString();
  }

  /**
   * Shows `text` (the plan's), keeping the cursor where it was as far as the text allows;
   * not reported as typing. Only the lines that differ are replaced, so the view keeps its
   * scroll position after an undo.
   */
  setText(text: string): void {
    const current = this.text();
    if (current === text) return;
    let start = 0;
    while (start < current.length && start < text.length && current[start] === text[start]) start++;
    let endOld = current.length;
    let endNew = text.length;
    while (endOld > start && endNew > start && current[endOld - 1] === text[endNew - 1]) {
      endOld--;
      endNew--;
    }
    const head = Math.min(this.view.state.selection.main.head, current.length);
    const mapped = head <= start ? head : head >= endOld ? head + (endNew - endOld) : endNew;
    this.view.dispatch({
      changes: { from: start, to: endOld, insert: text.slice(start, endNew) },
      selection: { anchor: Math.max(0, Math.min(mapped, text.length)) },
      annotations: fromPlan.of(true),
    });
  }

  /** The selected lines (from 1), first and last. */
  selectedLines(): [number, number] {
    const { from, to } = this.view.state.selection.main;
    const doc = this.view.state.doc;
    return [doc.lineAt(from).number, doc.lineAt(to).number];
  }

  cursorLine(): number {
    return this.view.state.doc.lineAt(this.view.state.selection.main.head).number;
  }

  /** Applies the user's own change (an audience toggle), reported like typing. */
  apply(changes: TextChange[]): void {
    this.view.dispatch({ changes, scrollIntoView: true });
    this.view.focus();
  }

  /** Types `text` at the cursor, replacing the selection. */
  insert(text: string): void {
    this.view.dispatch(this.view.state.replaceSelection(text));
    this.view.focus();
  }

  /** Puts the chapter's diagnostics on their lines (a diagnostic without a line: line 1). */
  setDiagnostics(list: LineDiagnostic[]): void {
    const doc = this.view.state.doc;
    const marks: Diagnostic[] = list.map((d) => {
      const line = doc.line(Math.max(1, Math.min(d.line, doc.lines)));
      return { from: line.from, to: line.to, severity: d.severity, message: d.message };
    });
    this.view.dispatch(setDiagnostics(this.view.state, marks));
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }
}
