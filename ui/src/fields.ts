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
  const areas = [...root.querySelectorAll<HTMLTextAreaElement>("textarea.autosize")];
  // All writes, then all reads, then all writes: one layout for the whole pane rather
  // than one per field.
  for (const area of areas) area.style.height = "auto";
  const heights = areas.map((area) => area.scrollHeight);
  areas.forEach((area, i) => {
    if (heights[i] > 0) area.style.height = `${heights[i] + 2}px`;
  });
  for (const area of areas) {
    area.addEventListener("input", () => fit(area));
    if (area.dataset.singleLine !== undefined) {
      area.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          area.blur();
        }
      });
    }
  }
}
