// The center's rules as a form: every scalar rule of the core's table (`RULE_SPECS`, sent
// as `RulesSpecView`) by group, rendered by its kind — a span as an amount and a unit, a
// count or an amount of money as a number, a time as HH:MM, a frequency as a choice —
// and the shift table as an editable table with rows to add and remove. Nothing here
// lists the rules: a rule added to the core appears in the form.
//
// Each change is one `set-rules` edit of the whole table (one undoable step); the core's
// diagnostics of the rules (`rules.*`, by key) are shown on the field or shift they name.

import type { RuleDiagnostic } from "./bindings/RuleDiagnostic";
import type { RuleSpec } from "./bindings/RuleSpec";
import type { Rules } from "./bindings/Rules";
import type { RulesSpecView } from "./bindings/RulesSpecView";
import type { Shift } from "./bindings/Shift";
import type { Span } from "./bindings/Span";
import { html, nothing, render } from "lit-html";
import { type Backend, asAppError } from "./backend";
import { type ChapterKey, ct } from "./chapters-i18n";
import type { ChaptersHost } from "./chapters";
import { pick } from "./i18n";

/** A rule's value as the form reads and writes it (the `Rules` field named by the spec). */
type RuleValue = Span | number | string;

/** "08:30" and friends: the core's ClockTime. */
export function isClockTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text.trim());
}

/** A whole number 0 or above, or null. */
export function wholeNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** The rules with the field of `spec` set to `value`. */
export function withRule(rules: Rules, spec: Pick<RuleSpec, "field">, value: RuleValue): Rules {
  return { ...rules, [spec.field]: value } as Rules;
}

export function ruleValue(rules: Rules, spec: Pick<RuleSpec, "field">): RuleValue {
  return (rules as unknown as Record<string, RuleValue>)[spec.field];
}

/** The rules with shift `index` changed by `patch`. */
export function withShift(rules: Rules, index: number, patch: Partial<Shift>): Rules {
  return { ...rules, shifts: rules.shifts.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

/** The diagnostics of rule `key` (a scalar's key; `shift.N`, from 1, for a shift; `shifts` for the table). */
export function ruleDiagnostics(all: RuleDiagnostic[], key: string): RuleDiagnostic[] {
  return all.filter((d) => d.key === key);
}

export class RulesForm {
  private spec: RulesSpecView | null = null;
  /** A field whose text is not a value (a bad time): its key and message, kept until fixed. */
  private invalid = new Map<string, ChapterKey>();
  private visible = false;

  constructor(
    private root: HTMLElement,
    private host: ChaptersHost,
    private backend: Backend,
  ) {}

  private tr(key: ChapterKey, values?: Record<string, string | number>): string {
    return ct(key, this.host.lang, values);
  }

  adopt(old: RulesForm): void {
    this.spec = old.spec;
  }

  async show(): Promise<void> {
    this.visible = true;
    if (!this.spec) {
      try {
        this.spec = await this.backend.rulesSpec();
      } catch (err) {
        this.host.showError(asAppError(err));
      }
    }
    this.render();
  }

  hide(): void {
    this.visible = false;
  }

  private rules(): Rules | null {
    return this.host.plan?.manual.rules ?? null;
  }

  private async set(rules: Rules): Promise<void> {
    await this.host.edit({ op: "set-rules", rules });
  }

  render(): void {
    if (!this.visible) return;
    const rules = this.rules();
    const spec = this.spec;
    if (!rules || !spec) {
      render(nothing, this.root);
      return;
    }
    const diags = this.host.plan?.manual.ruleDiagnostics ?? [];
    const lang = this.host.lang;
    render(
      html`<div class="rules-pane" id="rules-form">
        <div class="pane-bar"><strong>${this.tr("rulesTitle")}</strong><span class="muted help">${this.tr("rulesHelp")}</span></div>
        <div class="rules-scroll">
          ${spec.groups.map(
            (group) => html`<section class="rule-group" data-group=${group.value}>
              <h3>${pick(group.name, lang)}</h3>
              ${group.value === "schedule" ? this.shiftTable(rules, diags) : nothing}
              <div class="rule-grid">
                ${spec.rules.filter((r) => r.group === group.value).map((r) => this.field(rules, r, diags))}
              </div>
            </section>`,
          )}
        </div>
      </div>`,
      this.root,
    );
  }

  private diagMarks(list: RuleDiagnostic[]) {
    const lang = this.host.lang;
    return list.map((d) => html`<div class="rule-diag ${d.severity}" data-code=${d.code}>${pick(d.message, lang)}</div>`);
  }

  private field(rules: Rules, spec: RuleSpec, diags: RuleDiagnostic[]) {
    const lang = this.host.lang;
    const value = ruleValue(rules, spec);
    const defaults = this.spec?.defaults;
    const fallback = defaults ? ruleValue(defaults, spec) : undefined;
    const changed = fallback !== undefined && JSON.stringify(fallback) !== JSON.stringify(value);
    const own = ruleDiagnostics(diags, spec.key);
    const bad = this.invalid.get(spec.key);
    const id = `rule-${spec.key.replace(/[^a-z0-9]+/gi, "-")}`;
    return html`<label class="rule-label" for=${id}>${pick(spec.label, lang)}</label>
      <div class="rule-input ${own.length || bad ? "flagged" : ""}" data-key=${spec.key}>
        ${this.input(id, rules, spec, value)}
        ${changed && defaults
          ? html`<button class="rule-default link" title=${this.tr("resetRuleTitle", { value: this.printed(spec, fallback as RuleValue) })}
              @click=${() => void this.set(withRule(rules, spec, fallback as RuleValue))}>${this.tr("resetRule")}</button>`
          : nothing}
        ${bad ? html`<div class="rule-diag error">${this.tr(bad)}</div>` : nothing}
        ${this.diagMarks(own)}
      </div>`;
  }

  /** How a value reads on the "back to the default" tip. */
  private printed(spec: RuleSpec, value: RuleValue): string {
    const lang = this.host.lang;
    if (spec.kind === "span" && typeof value === "object") {
      const unit = this.spec?.spanUnits.find((u) => u.value === value.unit);
      return `${value.amount} ${unit ? pick(unit.name, lang) : value.unit}`;
    }
    if (spec.kind === "frequency") {
      const f = this.spec?.frequencies.find((c) => c.value === value);
      return f ? pick(f.name, lang) : String(value);
    }
    return `${value}${spec.unit.zh || spec.unit.en ? ` ${pick(spec.unit, lang)}` : ""}`;
  }

  private input(id: string, rules: Rules, spec: RuleSpec, value: RuleValue) {
    const lang = this.host.lang;
    const key = spec.key;
    const number = (current: number, apply: (n: number) => Rules, cls = "rule-number") =>
      html`<input id=${id} class=${cls} type="text" inputmode="numeric" .value=${String(current)}
        @change=${(e: Event) => {
          const n = wholeNumber((e.target as HTMLInputElement).value);
          if (n === null) return this.mark(key, "badNumber");
          this.invalid.delete(key);
          void this.set(apply(n));
        }}>`;
    switch (spec.kind) {
      case "span": {
        const span = value as Span;
        return html`${number(span.amount, (amount) => withRule(rules, spec, { ...span, amount }), "rule-number rule-amount")}
          <select class="rule-unit" aria-label=${pick(spec.label, lang)} @change=${(e: Event) =>
            void this.set(withRule(rules, spec, { ...span, unit: (e.target as HTMLSelectElement).value as Span["unit"] }))}>
            ${(this.spec?.spanUnits ?? []).map((u) => html`<option value=${u.value} .selected=${u.value === span.unit}>${pick(u.name, lang)}</option>`)}
          </select>`;
      }
      case "count":
      case "yuan":
        return html`${number(value as number, (n) => withRule(rules, spec, n))}<span class="rule-unit-text">${pick(spec.unit, lang)}</span>`;
      case "time":
        return this.timeInput(id, key, value as string, (time) => withRule(rules, spec, time));
      case "frequency":
        return html`<select id=${id} class="rule-frequency" @change=${(e: Event) => void this.set(withRule(rules, spec, (e.target as HTMLSelectElement).value))}>
          ${(this.spec?.frequencies ?? []).map((f) => html`<option value=${f.value} .selected=${f.value === value}>${pick(f.name, lang)}</option>`)}
        </select>`;
    }
  }

  private timeInput(id: string, key: string, value: string, apply: (time: string) => Rules, label = "") {
    return html`<input id=${id} class="rule-time" type="text" placeholder="HH:MM" maxlength="5" aria-label=${label || nothing} .value=${value}
      @change=${(e: Event) => {
        const text = (e.target as HTMLInputElement).value.trim();
        if (!isClockTime(text)) return this.mark(key, "badTime");
        this.invalid.delete(key);
        void this.set(apply(text));
      }}>`;
  }

  private mark(key: string, message: ChapterKey): void {
    this.invalid.set(key, message);
    this.render();
  }

  private shiftTable(rules: Rules, diags: RuleDiagnostic[]) {
    const cols: ChapterKey[] = ["shiftName", "shiftNameEn", "shiftStart", "shiftEnd", "shiftFlexible", "shiftMeal", "shiftBreaks", "shiftBreakMinutes", "shiftPurpose", "shiftPurposeEn"];
    const tableDiags = diags.filter((d) => d.key === "shifts");
    const text = (i: number, value: string, apply: (v: string) => Partial<Shift>, label: string, cls = "") =>
      html`<input class="shift-text ${cls}" aria-label=${label} .value=${value} @change=${(e: Event) => void this.set(withShift(rules, i, apply((e.target as HTMLInputElement).value)))}>`;
    const num = (i: number, field: "mealMinutes" | "breaks" | "breakMinutes", label: string) => {
      const key = `shift.${i + 1}.${field}`;
      return html`<input class="shift-number" inputmode="numeric" aria-label=${label} .value=${String(rules.shifts[i][field])}
        @change=${(e: Event) => {
          const n = wholeNumber((e.target as HTMLInputElement).value);
          if (n === null) return this.mark(key, "badNumber");
          this.invalid.delete(key);
          void this.set(withShift(rules, i, { [field]: n }));
        }}>`;
    };
    return html`<div class="shift-table-wrap"><h4>${this.tr("shiftTable")}</h4>
      <table class="shift-table" id="shift-table">
        <thead><tr>${cols.map((c) => html`<th>${this.tr(c)}</th>`)}<th></th></tr></thead>
        <tbody>${rules.shifts.map((s, i) => {
          const own = ruleDiagnostics(diags, `shift.${i + 1}`);
          const bad = [...this.invalid].filter(([k]) => k.startsWith(`shift.${i + 1}.`)).map(([, m]) => m);
          return html`<tr class="shift-row ${own.length || bad.length ? "flagged" : ""}" data-index=${i}>
              <td>${text(i, s.name.zh, (zh) => ({ name: { ...s.name, zh } }), this.tr("shiftName"))}</td>
              <td>${text(i, s.name.en, (en) => ({ name: { ...s.name, en } }), this.tr("shiftNameEn"))}</td>
              <td>${this.timeInput("", `shift.${i + 1}.start`, s.start, (start) => withShift(rules, i, { start }), this.tr("shiftStart"))}</td>
              <td>${this.timeInput("", `shift.${i + 1}.end`, s.end, (end) => withShift(rules, i, { end }), this.tr("shiftEnd"))}</td>
              <td class="center"><input type="checkbox" aria-label=${this.tr("shiftFlexible")} .checked=${s.flexible}
                @change=${(e: Event) => void this.set(withShift(rules, i, { flexible: (e.target as HTMLInputElement).checked }))}></td>
              <td>${num(i, "mealMinutes", this.tr("shiftMeal"))}</td>
              <td>${num(i, "breaks", this.tr("shiftBreaks"))}</td>
              <td>${num(i, "breakMinutes", this.tr("shiftBreakMinutes"))}</td>
              <td>${text(i, s.purpose.zh, (zh) => ({ purpose: { ...s.purpose, zh } }), this.tr("shiftPurpose"), "wide")}</td>
              <td>${text(i, s.purpose.en, (en) => ({ purpose: { ...s.purpose, en } }), this.tr("shiftPurposeEn"), "wide")}</td>
              <td><button class="remove-shift link" title=${this.tr("removeShift")} aria-label=${this.tr("removeShift")}
                @click=${() => void this.set({ ...rules, shifts: rules.shifts.filter((_, j) => j !== i) })}>✕</button></td>
            </tr>
            ${own.length || bad.length
              ? html`<tr class="shift-diags"><td colspan=${cols.length + 1}>${bad.map((m) => html`<div class="rule-diag error">${this.tr(m)}</div>`)}${this.diagMarks(own)}</td></tr>`
              : nothing}`;
        })}</tbody>
      </table>
      ${this.diagMarks(tableDiags)}
      <button id="add-shift" @click=${() => void this.set({ ...rules, shifts: [...rules.shifts, this.newShift(rules)] })}>${this.tr("addShift")}</button>
    </div>`;
  }

  /** A new row: the first default shift's times under a name no row has. */
  private newShift(rules: Rules): Shift {
    const base = this.spec?.defaults.shifts[0];
    let n = rules.shifts.length + 1;
    const taken = (name: string) => rules.shifts.some((s) => s.name.zh === name || s.name.en === name);
    while (taken(`${ct("newShift", "zh")} ${n}`) || taken(`${ct("newShift", "en")} ${n}`)) n++;
    return {
      name: { zh: `${ct("newShift", "zh")} ${n}`, en: `${ct("newShift", "en")} ${n}` },
      start: base?.start ?? "09:00",
      end: base?.end ?? "17:30",
      flexible: false,
      mealMinutes: base?.mealMinutes ?? 30,
      breaks: base?.breaks ?? 2,
      breakMinutes: base?.breakMinutes ?? 15,
      purpose: { zh: "", en: "" },
    };
  }
}
