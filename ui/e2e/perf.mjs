// Timing of a large plan in a real window (`make perf`, not part of `make test`): opens
// the plan, finds a unit, zooms until names are readable, renames it, undoes, drags a team
// onto another leader and undoes that, pans, and reports how long each takes until the
// next frame after the window shows the result.
// usage: node e2e/perf.mjs <app binary> <plan.centerplan>   (tauri-driver on port 4444)
// The plan is one from `cargo run -p centerplan-app --example large_plan`.

import { remote } from "webdriverio";

const [application, plan] = process.argv.slice(2);
const browser = await remote({
  hostname: "127.0.0.1",
  port: Number(process.env.E2E_PORT ?? 4444),
  logLevel: "warn",
  capabilities: { "tauri:options": { application }, "wdio:enforceWebDriverClassic": true },
});

const RENAMED = "改名后的运营部";
// Each step runs inside the page (WebDriver scripts are exempt from the CSP, which
// forbids eval): it acts, waits until the DOM shows the result, and reports the time to
// the next frame.
const STEPS = {
  find: [
    () => {
      const search = document.querySelector("#search");
      search.value = "运营0部";
      search.dispatchEvent(new Event("input"));
    },
    () => document.querySelector("#inspector code")?.textContent === "unit0",
  ],
  zoom: [
    () => {
      for (let i = 0; i < 12; i++) document.querySelector("#zoom-in").click();
    },
    () => !!document.querySelector('g.box[data-id="unit0"] text.label'),
  ],
  rename: [
    () => {
      const input = document.querySelector("#name-zh");
      input.value = "改名后的运营部";
      input.dispatchEvent(new Event("change"));
    },
    () => document.querySelector('g.box[data-id="unit0"]')?.textContent.includes("改名后的运营部"),
  ],
  undo: [
    () => document.querySelector("#undo").click(),
    () => !document.querySelector('g.box[data-id="unit0"]')?.textContent.includes("改名后的运营部"),
  ],
  // A team (a team leader and twelve agents) dragged onto the next team leader, with the
  // pointer events the chart listens to, at the boxes' places on screen.
  drag: [
    () => {
      const frame = (id) => document.querySelector(`g.box[data-id="${id}"] rect.frame`);
      const centre = (id) => {
        const r = frame(id)?.getBoundingClientRect();
        if (!r) throw new Error(`${id} is not drawn`);
        return [r.x + r.width / 2, r.y + r.height / 2];
      };
      const [ax, ay] = centre("unit0-lead0");
      const [bx, by] = centre("unit0-lead1");
      const ev = (type, x, y) => new PointerEvent(type, { bubbles: true, button: 0, pointerId: 1, clientX: x, clientY: y });
      const svg = document.querySelector("svg.chart");
      frame("unit0-lead0").dispatchEvent(ev("pointerdown", ax, ay));
      svg.dispatchEvent(ev("pointermove", ax + 12, ay + 12));
      svg.dispatchEvent(ev("pointermove", bx, by));
      svg.dispatchEvent(ev("pointerup", bx, by));
    },
    () => !!document.querySelector('path.route.solid[data-from="unit0-lead1"][data-to="unit0-lead0"]'),
  ],
  undoDrag: [
    () => document.querySelector("#undo").click(),
    () => !!document.querySelector('path.route.solid[data-from="unit0"][data-to="unit0-lead0"]'),
  ],
  pan: [
    () => {
      const svg = document.querySelector("svg.chart");
      const ev = (type, x) => new PointerEvent(type, { bubbles: true, button: 0, pointerId: 1, clientX: x, clientY: 5 });
      svg.dispatchEvent(ev("pointerdown", 400));
      svg.dispatchEvent(ev("pointermove", 100));
      svg.dispatchEvent(ev("pointerup", 100));
    },
    () => true,
  ],
};

async function timed(label, name) {
  const [act, done] = STEPS[name];
  const ms = await browser.executeAsync(
    `const act = ${act.toString()}; const done = ${done.toString()}; const finish = arguments[arguments.length - 1];
     const start = performance.now(); act();
     const poll = () => (done() ? requestAnimationFrame(() => finish(performance.now() - start)) : setTimeout(poll, 2));
     poll();`,
  );
  console.log(`${label.padEnd(44)} ${Number(ms).toFixed(0).padStart(6)} ms`);
}

try {
  await (await browser.$("#open-plan")).waitForExist({ timeout: 20000 });
  await browser.execute((path) => {
    window.__centerplanTestDialogs = { open: path };
  }, plan);
  await browser.setTimeout({ script: 20000 });
  // The start screen is drawn twice while the app starts (preferences, then recovery copies).
  await browser.pause(1000);
  await (await browser.$("#open-plan")).waitForExist({ timeout: 20000 });
  // Opening is started by a WebDriver click (a click from a script here does not reach
  // the start screen's button in WebKitWebDriver); the page notes when the click came.
  await browser.execute(() =>
    document.querySelector("#open-plan").addEventListener("click", () => (window.__perfStart = performance.now()), { capture: true }),
  );
  await (await browser.$("#open-plan")).click();
  const openMs = await browser.executeAsync(
    `const finish = arguments[arguments.length - 1];
     const poll = () => (document.querySelector("#editor g.box") ? requestAnimationFrame(() => finish(performance.now() - window.__perfStart)) : setTimeout(poll, 2));
     poll();`,
  );
  console.log(`${"open and draw (whole chart, fitted)".padEnd(44)} ${Number(openMs).toFixed(0).padStart(6)} ms`);
  const count = () => browser.execute(() => document.querySelectorAll("g.box").length);
  console.log(`  boxes in the document: ${await count()}`);
  await timed("search a unit (select and centre)", "find");
  await timed("zoom in until names show", "zoom");
  console.log(`  boxes in the document: ${await count()}`);
  await timed("rename (edit, layout, validate, redraw)", "rename");
  await timed("undo", "undo");
  // Centre the first team's leader, then zoom out until the next leader shows too.
  await browser.execute(() => {
    const search = document.querySelector("#search");
    search.value = "主管（班组长）0-0";
    search.dispatchEvent(new Event("input"));
  });
  const bothShown = () =>
    browser.execute(() => {
      const area = document.querySelector("#canvas").getBoundingClientRect();
      return ["unit0-lead0", "unit0-lead1"].every((id) => {
        const r = document.querySelector(`g.box[data-id="${id}"] rect.frame`)?.getBoundingClientRect();
        return r && r.left > area.left && r.right < area.right && r.top > area.top && r.bottom < area.bottom;
      });
    });
  for (let i = 0; i < 12 && !(await bothShown()); i++) await (await browser.$("#zoom-out")).click();
  console.log(`  boxes in the document: ${await count()}`);
  await timed("drag a team to another leader (move, redraw)", "drag");
  await timed("undo the move", "undoDrag");
  await timed("pan", "pan");
  console.log(`renamed: ${RENAMED}`);
} catch (err) {
  await browser.saveScreenshot("/tmp/perf-fail.png").catch(() => {});
  console.log(`perf failed: ${err.message.split("\n")[0]}`);
  console.log(await browser.execute(() => document.querySelector("#toast")?.textContent ?? "no toast").catch(() => "?"));
  process.exitCode = 1;
} finally {
  await browser.deleteSession();
}
