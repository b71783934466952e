// What the chapter editor does to the text, apart from the editor component: audience
// blocks (`::: manager` … `:::`), the references the reference picker inserts, and the
// debounce that turns a burst of typing into one commit. Pure functions and a small timer
// class, so the tests check them without CodeMirror.

/** The audiences a block of a chapter can be limited to. */
export type BlockAudience = "manager" | "csr";

/** A text change: replace `from`..`to` (offsets into the text) by `insert`. */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** The fence words the core accepts after `:::`, with the audience each opens. */
const FENCE_WORDS: Record<string, BlockAudience> = {
  manager: "manager",
  "管理版": "manager",
  "经理版": "manager",
  csr: "csr",
  "员工版": "csr",
  "客户服务代表版": "csr",
};

/** The audience a line opens a block for, or null when it is no opening fence. */
export function openingFence(line: string): BlockAudience | null {
  const m = /^\s*:::\s*(\S+)\s*$/.exec(line);
  return m ? (FENCE_WORDS[m[1].toLowerCase()] ?? null) : null;
}

/** Whether a line closes a block (`:::` alone). */
export function closingFence(line: string): boolean {
  return /^\s*:::\s*$/.test(line);
}

/** An audience block: the lines (from 1) of its opening and closing fences. */
export interface Block {
  audience: BlockAudience;
  open: number;
  /** The closing fence; the last line + 1 for a block left open. */
  close: number;
}

/** The audience blocks of a text, in order (blocks do not nest). */
export function audienceBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  let current: Block | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (current === null) {
      const audience = openingFence(line);
      if (audience) current = { audience, open: n, close: lines.length + 1 };
    } else if (closingFence(line)) {
      current.close = n;
      blocks.push(current);
      current = null;
    }
  });
  if (current) blocks.push(current);
  return blocks;
}

/** Offsets of the start of every line, with the text's length after the last. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  starts.push(text.length + 1);
  return starts;
}

/**
 * The changes that toggle the audience of lines `from`..`to` (from 1, inclusive): lines in
 * a block of that audience come out of it (its fences go); lines in a block of the other
 * audience switch the block to this one; other lines are wrapped in a new block.
 */
export function toggleAudience(text: string, from: number, to: number, audience: BlockAudience): TextChange[] {
  const lines = text.split("\n");
  const starts = lineStarts(text);
  const [first, last] = [Math.max(1, Math.min(from, to)), Math.min(lines.length, Math.max(from, to))];
  const block = audienceBlocks(text).find((b) => b.open <= last && b.close >= first);
  /** The whole of line `n` with its line break, so that removing it leaves no blank line. */
  const wholeLine = (n: number): TextChange => {
    if (n < lines.length) return { from: starts[n - 1], to: starts[n], insert: "" };
    // The last line has no break after it: take the one before it.
    return { from: Math.max(0, starts[n - 1] - 1), to: text.length, insert: "" };
  };
  if (block && block.audience === audience) {
    const changes = [wholeLine(block.open)];
    if (block.close <= lines.length) changes.push(wholeLine(block.close));
    return changes;
  }
  if (block) {
    return [{ from: starts[block.open - 1], to: starts[block.open - 1] + lines[block.open - 1].length, insert: `::: ${audience}` }];
  }
  const endOfLast = starts[last - 1] + lines[last - 1].length;
  return [
    { from: starts[first - 1], to: starts[first - 1], insert: `::: ${audience}\n` },
    { from: endOfLast, to: endOfLast, insert: "\n:::" },
  ];
}

/** `text` with `changes` applied (they do not overlap; any order). */
export function applyChanges(text: string, changes: TextChange[]): string {
  return [...changes].sort((a, b) => b.from - a.from).reduce((out, c) => out.slice(0, c.from) + c.insert + out.slice(c.to), text);
}

/** The heading (`#` … `######`) nearest above line `line` (from 1), without its marks. */
export function headingAbove(text: string, line: number): string | null {
  const lines = text.split("\n");
  let fenced = false;
  let found: string | null = null;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(lines[i]);
    if (m) found = m[1];
  }
  return found;
}

/** A string as the core's reference syntax quotes it. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** The reference the picker inserts for each kind of thing. */
export const reference = {
  center: () => "{{ center.name }}",
  position: (id: string) => `{{ position(${quoted(id)}) }}`,
  role: (key: string) => `{{ role(${quoted(key)}) }}`,
  kpi: (id: string, field: "name" | "target" | "definition") => `{{ kpi(${quoted(id)}).${field} }}`,
  rule: (key: string) => `{{ rule(${quoted(key)}) }}`,
};

/**
 * Runs `fn` once, `ms` after the last `poke`: a burst of keystrokes is one call. `flush`
 * runs a pending call now (before an undo or save), `cancel` drops it.
 */
export class Debounce {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly ms: number,
    private fn: () => void,
  ) {}

  get pending(): boolean {
    return this.timer !== null;
  }

  poke(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fn();
    }, this.ms);
  }

  flush(): void {
    if (!this.timer) return;
    this.cancel();
    this.fn();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
