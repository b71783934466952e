// What the app shows of a failure, decided in one place: the core's message in the user's
// language (the core words it in the user's terms: the file, node, chapter or field to
// fix), and whether the banner outlives a change to the plan.

import type { AppError } from "./bindings/AppError";
import type { PlanView } from "./bindings/PlanView";
import { type Lang, pick } from "./i18n";

/** The message to show for `err`, in `lang`. */
export function errorText(err: AppError, lang: Lang): string {
  return pick(err.message, lang);
}

/**
 * Failures whose cause lies outside the plan (a file, the disk, the fonts, the app
 * itself): changing the plan does not undo them, so their banner stays until dismissed or
 * replaced. Every other failure comes from the plan's content or from an edit the plan
 * refused, and its banner goes away as soon as the plan changes (an undo, a fix); the
 * preview, which re-renders after every change, shows it again if the cause is still there.
 */
const OUTSIDE_THE_PLAN = [/^document\.(?!limit$)/, /^app\./, /^export\.(write|no-font)$/, /^font\./, /^json\./, /^manual\.(no-font|font)$/, /^staffing\.forecast/];

export function clearsWhenPlanChanges(code: string): boolean {
  return !OUTSIDE_THE_PLAN.some((pattern) => pattern.test(code));
}

/**
 * What a plan holds, without its file state (path, dirty, undo flags): a save or a
 * re-render leaves it alone, an edit or an undo changes it.
 */
export function planContent(plan: PlanView | null): string {
  if (!plan) return "";
  const { path: _path, fileName: _fileName, dirty: _dirty, canUndo: _undo, canRedo: _redo, select: _select, ...content } = plan;
  return JSON.stringify(content);
}
