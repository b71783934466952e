import type { Edit } from "./bindings/Edit";
import { controlDiagnostics, dateValue, withNewRevision } from "./control-form";
import { emptyControl } from "./fake-chapters";
import type { FakeBackend } from "./fake-backend";
import { el, settle, startApp, useFakeTimers } from "./test-helpers";

useFakeTimers();

function edits<T extends Edit["op"]>(backend: FakeBackend, op: T): Extract<Edit, { op: T }>[] {
  return backend.edits.filter((e): e is Extract<Edit, { op: T }> => e.op === op);
}

async function form(lang: "zh" | "en" = "zh"): Promise<{ backend: FakeBackend; root: HTMLElement }> {
  const { root, backend } = await startApp(true, lang);
  el(root, "#tab-control").click();
  await settle();
  return { backend, root };
}

function change(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("change"));
}

describe("document-control helpers", () => {
  it("reads a date field as YYYY-MM-DD or none", () => {
    expect(dateValue(" 2026-03-05 ")).toBe("2026-03-05");
    expect(dateValue("")).toBeNull();
    expect(dateValue("5.3.2026")).toBeNull();
  });

  it("adds a revision for the current version, dated today, by the preparer", () => {
    const control = { ...emptyControl(), version: "1.1", prepared: { name: "王芳", post: { zh: "", en: "" }, date: null } };
    expect(withNewRevision(control, "2026-03-05").revisions).toEqual([
      { version: "1.1", date: "2026-03-05", author: "王芳", summary: { zh: "", en: "" } },
    ]);
  });

  it("finds the diagnostics of a field and of the fields inside it", () => {
    const d = (field: string) => ({ code: "control.signoff-order", severity: "warning" as const, message: { zh: "", en: "" }, field });
    const all = [d("approved.date"), d("revisions[1].date"), d("version")];
    expect(controlDiagnostics(all, "approved").map((x) => x.field)).toEqual(["approved.date"]);
    expect(controlDiagnostics(all, "revisions[1]").map((x) => x.field)).toEqual(["revisions[1].date"]);
    expect(controlDiagnostics(all, "version")).toHaveLength(1);
  });
});

describe("document-control form", () => {
  it("sends each field as one set-control edit of the whole record", async () => {
    const { root, backend } = await form();
    change(el<HTMLInputElement>(root, "#control-number"), " KF-YY-001 ");
    await settle();
    change(el<HTMLSelectElement>(root, "#control-confidentiality"), "internal");
    await settle();
    change(el<HTMLInputElement>(root, '.signoff-row[data-role="approved"] .signoff-name'), "陈静");
    await settle();
    change(el<HTMLInputElement>(root, '.signoff-row[data-role="approved"] input[type="date"]'), "2026-03-16");
    await settle();
    const sets = edits(backend, "set-control").map((e) => e.control);
    expect(sets).toHaveLength(4);
    expect(sets[3]).toMatchObject({
      number: "KF-YY-001",
      confidentiality: "internal",
      approved: { name: "陈静", date: "2026-03-16" },
    });
    el(root, "#control-add-revision").click();
    await settle();
    expect(root.querySelectorAll(".revision-row")).toHaveLength(1);
    el(root, ".remove-revision").click();
    await settle();
    expect(root.querySelectorAll(".revision-row")).toHaveLength(0);
  });

  it("sets the logo from a picked file and removes it", async () => {
    const { root, backend } = await form("en");
    el(root, "#control-choose-logo").click();
    await settle();
    expect(backend.calls).toContain("setLogo:/data/logo.png");
    expect(el(root, "#control-logo-info").textContent).toContain("PNG 320×100");
    expect(el<HTMLImageElement>(root, "#control-logo-image").src).toContain("data:image/png");
    el(root, "#control-remove-logo").click();
    await settle();
    expect(edits(backend, "set-logo")).toEqual([{ op: "set-logo", logo: null }]);
    expect(root.querySelector("#control-logo-image")).toBeNull();
    // A cancelled dialog does nothing.
    backend.logoPath = null;
    el(root, "#control-choose-logo").click();
    await settle();
    expect(backend.calls.filter((c) => c.startsWith("setLogo"))).toHaveLength(1);
  });

  it("releases a version from the dialog, its summary drafted from the changes", async () => {
    const { root, backend } = await form();
    expect(el(root, "#control-state").textContent).toContain("草稿");
    el(root, "#control-release").click();
    await settle();
    expect(el<HTMLInputElement>(root, "#release-version").value).toBe("1.2");
    expect(el<HTMLTextAreaElement>(root, "#release-summary-zh").value).toContain("编制由 3 人改为 4 人");
    expect(root.querySelectorAll(".release-changes li")).toHaveLength(1);
    el(root, "#release-confirm").click();
    await settle();
    const [release] = edits(backend, "release");
    expect(release).toMatchObject({ version: "1.2", summary: { zh: "岗位“主管”编制由 3 人改为 4 人" } });
    expect(release.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(root.querySelector("#release-dialog")).toBeNull();
    expect(el(root, "#control-state").textContent).toBe("已发布 1.2（" + release.date + "）");
    // Escape closes the dialog without releasing.
    el(root, "#control-release").click();
    await settle();
    el(root, "#release-dialog").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await settle();
    expect(root.querySelector("#release-dialog")).toBeNull();
    expect(edits(backend, "release")).toHaveLength(1);
  });
});
