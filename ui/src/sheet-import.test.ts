import { FakeBackend } from "./fake-backend";
import { mapWith } from "./sheet-import";
import { el, settle, startApp, useFakeTimers } from "./test-helpers";

useFakeTimers();

async function app(withPlan: boolean) {
  const started = await startApp(withPlan);
  started.backend.openAnswer = "/data/人员.xlsx";
  return started;
}

describe("spreadsheet import dialog", () => {
  it("maps a field to another column as the --map of the next preview", () => {
    const backend = new FakeBackend();
    expect(mapWith(backend.sheetPreview, "filled", 1)).toEqual([
      ["id", "工号"], ["name", "岗位"], ["reports_to", "直属上级"], ["headcount", "编制"], ["filled", "姓名"],
    ]);
    expect(mapWith(backend.sheetPreview, "name", -1).map(([f]) => f)).toEqual(["id", "reports_to", "headcount"]);
  });

  it("opens from Open… for a workbook, shows the columns and rows, and creates a plan", async () => {
    const { root, backend } = await app(false);
    await (root.querySelector<HTMLElement>("#open-plan") as HTMLElement).click();
    await settle();
    expect(backend.calls).toContain("previewSheet:/data/人员.xlsx:");
    expect(root.querySelectorAll("#sheet-fields [data-field]")).toHaveLength(5);
    expect(el(root, "#sheet-rows").textContent).toContain("中心总经理");
    expect(el(root, "#sheet-ignored").textContent).toContain("姓名");
    expect(root.querySelector("#sheet-replace")).toBeNull();
    const filled = el<HTMLSelectElement>(root, '[data-field="filled"] select');
    filled.value = "4";
    filled.dispatchEvent(new Event("change"));
    await settle();
    expect(backend.sheetMaps.at(-1)).toContainEqual(["filled", "编制"]);
    el(root, "#sheet-create").click();
    await settle();
    expect(backend.calls.some((c) => c.startsWith("importSheet:/data/人员.xlsx:人员:new:"))).toBe(true);
    expect(root.querySelector("#sheet-dialog")).toBeNull();
    expect(root.querySelector("#editor")).not.toBeNull();
  });

  it("replaces the open plan's chart, and a file with bad cells can do neither", async () => {
    const { root, backend } = await app(true);
    backend.sheetPreview = { ...backend.sheetPreview, errors: [{ zh: "工作表 人员 第 3 行 E 列：…", en: "sheet 人员, row 3, column E (编制): …" }] };
    el(root, "#open").click();
    await settle();
    expect(el<HTMLButtonElement>(root, "#sheet-create").disabled).toBe(true);
    expect(el<HTMLButtonElement>(root, "#sheet-replace").disabled).toBe(true);
    expect(el(root, "#sheet-errors").textContent).toContain("第 3 行");
    el(root, "#sheet-cancel").click();
    await settle();
    backend.sheetPreview = { ...backend.sheetPreview, errors: [] };
    el(root, "#open").click();
    await settle();
    el(root, "#sheet-replace").click();
    await settle();
    expect(backend.calls.some((c) => c.includes(":replace:"))).toBe(true);
  });
});
