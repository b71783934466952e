// Files from outside the window (the command line, a second launch) and the About dialog.

import { filterLibraries } from "./about";
import { FakeBackend } from "./fake-backend";
import { el, settle, startApp, useFakeTimers } from "./test-helpers";

useFakeTimers();

describe("files given from outside", () => {
  it("opens the file on the command line once the start screen is up, and shows its name in the title", async () => {
    const backend = new FakeBackend();
    backend.launchQueue = ["/home/li/华北中心.centerplan"];
    const { root } = await startApp(false, "zh", backend);
    await settle();
    expect(backend.calls).toContain("openPlan:/home/li/华北中心.centerplan");
    expect(backend.title).toBe("华北中心.centerplan — 测试中心 — Centerplan");
    expect(root.querySelector("#start-screen")).toBeNull();
  });

  it("imports a spreadsheet given on the command line rather than opening it as a plan", async () => {
    const backend = new FakeBackend();
    backend.launchQueue = ["/home/li/staff.xlsx"];
    await startApp(false, "zh", backend);
    await settle();
    expect(backend.calls).toContain("previewSheet:/home/li/staff.xlsx:");
    expect(backend.calls.some((c) => c.startsWith("openPlan:"))).toBe(false);
  });

  it("opens a second launch's file in this window", async () => {
    const { backend } = await startApp(false);
    backend.secondLaunch("/plans/second.centerplan");
    await settle();
    expect(backend.calls).toContain("openPlan:/plans/second.centerplan");
    expect(backend.title).toBe("second.centerplan — 测试中心 — Centerplan");
  });

  it("asks about unsaved changes before a second launch's file replaces the open plan", async () => {
    const { root, backend } = await startApp(true);
    expect(backend.title.startsWith("●")).toBe(true);
    backend.secondLaunch("/plans/second.centerplan");
    await settle();
    el(root, '#unsaved-dialog [data-act="cancel"]').click();
    await settle();
    expect(backend.calls).not.toContain("openPlan:/plans/second.centerplan");
    backend.secondLaunch("/plans/second.centerplan");
    await settle();
    el(root, '#unsaved-dialog [data-act="discard"]').click();
    await settle();
    expect(backend.calls).toContain("openPlan:/plans/second.centerplan");
  });

  it("opening_with_unsaved_changes_asks_first: the open dialog no longer drops unsaved work", async () => {
    const { root, backend } = await startApp(true);
    el(root, "#open").click();
    await settle();
    expect(root.querySelector("#unsaved-dialog")).not.toBeNull();
    el(root, '#unsaved-dialog [data-act="cancel"]').click();
    await settle();
    expect(backend.calls).not.toContain("openPlan:/plans/picked.centerplan");
  });

  it("opens files of launches in quick succession one after the other", async () => {
    const { backend } = await startApp(false);
    backend.secondLaunch("/plans/a.centerplan");
    backend.secondLaunch("/plans/b.centerplan");
    await settle();
    const opened = backend.calls.filter((c) => c.startsWith("openPlan:"));
    expect(opened).toEqual(["openPlan:/plans/a.centerplan", "openPlan:/plans/b.centerplan"]);
    expect(backend.title).toBe("b.centerplan — 测试中心 — Centerplan");
  });

  it("tells Rust when the first frame is painted", async () => {
    const { backend } = await startApp(false);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await settle();
    expect(backend.calls).toContain("firstFrame");
  });
});

describe("about", () => {
  it("shows the version, the engines, the fonts and every library with its licence", async () => {
    const { root, backend } = await startApp(false);
    el(root, "#about-app").click();
    await settle();
    const dialog = el(root, "#about-dialog");
    expect(dialog.textContent).toContain("Centerplan 0.1.0");
    expect(dialog.textContent).toContain("Tauri 2.12.5");
    expect(dialog.textContent).toContain("Typst 0.15.0");
    expect(dialog.querySelector(".about-fonts")?.textContent).toContain("OFL-1.1");
    const rows = dialog.querySelectorAll(".about-libs tr");
    expect(rows).toHaveLength(backend.aboutValue.libraries.length + 1);
    expect(el(dialog, "#about-count").textContent).toBe("3 / 3 个");
  });

  it("filters the libraries by name or licence", async () => {
    const { root } = await startApp(false, "en");
    el(root, "#about-app").click();
    await settle();
    const search = el<HTMLInputElement>(root, "#about-search");
    search.value = "bsd";
    search.dispatchEvent(new Event("input"));
    expect(el(root, "#about-count").textContent).toBe("1 of 3");
    expect(el(root, ".about-libs").textContent).toContain("lit-html");
    expect(filterLibraries([], "x")).toEqual([]);
  });

  it("opens from the help panel and closes with Esc", async () => {
    const { root, app } = await startApp(true);
    app.help.open();
    el(root, "#help-about").click();
    await settle();
    expect(root.querySelector("#help-panel")).toBeNull();
    const dialog = el(root, "#about-dialog");
    dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(root.querySelector("#about-dialog")).toBeNull();
  });
});
