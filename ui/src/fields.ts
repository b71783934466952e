// Text fields that grow with their text, so a long duty or definition is read whole
// instead of scrolled inside a one-line box.

/** Fits a textarea's height to its text. */
export function fit(area: HTMLTextAreaElement): void {
  area.style.height = "auto";
  if (area.scrollHeight > 0) area.style.height = `${area.scrollHeight + 2}px`;
}

/**
 * Makes every `textarea.autosize` under `root` fit its text now and as it is typed in.
 * Those marked `data-single-line` take Enter as "done" (the change is committed on blur)
 * instead of a line break, like the one-line inputs they replace.
 */
export function autosize(root: ParentNode): void {
  fitAll(root);
  for (const area of root.querySelectorAll<HTMLTextAreaElement>("textarea.autosize")) {
    area.addEventListener("input", onGrow);
    if (area.dataset.singleLine !== undefined) area.addEventListener("keydown", onSingleLineKey);
  }
}

/** Fits every `textarea.autosize` under `root` to its text, in one layout. */
export function fitAll(root: ParentNode): void {
  const areas = [...root.querySelectorAll<HTMLTextAreaElement>("textarea.autosize")];
  for (const area of areas) area.style.height = "auto";
  const heights = areas.map((area) => area.scrollHeight);
  areas.forEach((area, i) => {
    if (heights[i] > 0) area.style.height = `${heights[i] + 2}px`;
  });
}

/** `input` handler of an autosizing textarea (bound in a template). */
export function onGrow(e: Event): void {
  fit(e.currentTarget as HTMLTextAreaElement);
}

/** `keydown` handler of a one-line textarea: Enter is "done" (the change commits on blur). */
export function onSingleLineKey(e: KeyboardEvent): void {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    (e.currentTarget as HTMLElement).blur();
  }
}

const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image", "hidden"]);

/** Whether `el` is a field that takes typing (a text input, a textarea, editable content). */
export function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !NOT_TEXT.has(el.type);
  return (el as HTMLElement).isContentEditable === true;
}

/**
 * Whether a text field holds typing of its own not yet committed, i.e. its value differs
 * from the one the pane last drew (its `defaultValue`). Ctrl+Z there is the field's own
 * undo; in a field with nothing of its own to undo it is the plan's.
 */
export function hasOwnEdits(el: Element | null): boolean {
  if (!isTextField(el)) return false;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return true;
  return el.value !== el.defaultValue;
}
