// Timing check with a large plan in a real window (not part of `make test`): opens a
// plan and reports how long opening, one edit, undo and a zoom step take in the webview.
// usage: node e2e/perf.mjs <app binary> <plan.centerplan>   (tauri-driver on port 4444)

import { remote } from "webdriverio";

const [application, plan] = process.argv.slice(2);
const browser = await remote({
  hostname: "127.0.0.1",
  port: 4444,
  logLevel: "warn",
  capabilities: { "tauri:options": { application }, "wdio:enforceWebDriverClassic": true },
});

// Each step runs inside the page (WebDriver scripts are exempt from the CSP, which
// forbids eval): it acts, waits until the DOM shows the result, and reports the time to
// the next frame.
const STEPS = {
  open: [() => document.querySelector("#open-plan").click(), () => document.querySelectorAll("g.box").length > 2000],
  select: [
    () => {
      document.querySelector('g.box[data-id="u3"]').dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, button: 0 }));
      document.querySelector("svg.chart").dispatchEvent(new PointerEvent("pointerup", { bubbles: true, button: 0 }));
    },
    () => document.querySelector("#inspector code")?.textContent === "u3",
  ],
  rename: [
    () => {
      const input = document.querySelector("#name-zh");
      input.value = "改名后的运营部";
      input.dispatchEvent(new Event("change"));
    },
    () => document.querySelector('g.box[data-id="u3"]')?.textContent.includes("改名后的运营部"),
  ],
  undo: [
    () => document.querySelector("#undo").click(),
    () => !document.querySelector('g.box[data-id="u3"]')?.textContent.includes("改名后的运营部"),
  ],
  zoom: [() => document.querySelector("#zoom-in").click(), () => true],
};

async function timed(label, name) {
  const [act, done] = STEPS[name];
  const ms = await browser.executeAsync(
    `const act = ${act.toString()}; const done = ${done.toString()}; const finish = arguments[arguments.length - 1];
     const start = performance.now(); act();
     const poll = () => (done() ? requestAnimationFrame(() => finish(performance.now() - start)) : setTimeout(poll, 2));
     poll();`,
  );
  console.log(`${label}: ${Number(ms).toFixed(0)} ms`);
}

try {
  await (await browser.$("#open-plan")).waitForExist({ timeout: 20000 });
  await browser.execute((path) => {
    window.__centerplanTestDialogs = { open: path };
  }, plan);
  await timed("open and draw", "open");
  console.log(`boxes: ${await browser.execute(() => document.querySelectorAll("g.box").length)}`);
  await timed("select a box", "select");
  await timed("rename (edit, layout, validate, redraw)", "rename");
  await timed("undo", "undo");
  await timed("zoom step", "zoom");
} finally {
  await browser.deleteSession();
}
