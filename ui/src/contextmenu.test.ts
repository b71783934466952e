// The webview's context menu (Reload, Inspect): kept in debug builds for developers, off in
// release builds except in text fields. A file of its own: the listener an app adds to the
// document stays for the rest of a file, so the debug case must run before any release app.

import { App } from "./app";
import { FakeBackend } from "./fake-backend";

async function editor(debug: boolean): Promise<HTMLElement> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  const backend = new FakeBackend();
  backend.debug = debug;
  const app = new App(root, backend);
  await app.start();
  app.stop();
  await app.newPlan("hybrid", "");
  return root;
}

function menu(target: Element | null): boolean {
  if (!target) throw new Error("no target");
  const event = new MouseEvent("contextmenu", { bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

describe("context menu", () => {
  it("stays in a debug build", async () => {
    const root = await editor(true);
    expect(menu(root.querySelector("#canvas"))).toBe(false);
  });

  it("is off in a release build, except in text fields", async () => {
    const root = await editor(false);
    expect(menu(root.querySelector("#canvas"))).toBe(true);
    expect(menu(root.querySelector("#search"))).toBe(false);
  });
});
