// Timing of a large plan in a real window (`make perf`, not part of `make test`): opens
// the plan, finds a unit, zooms until names are readable, renames it, drags a team leader
// to another one, undoes, and reports how long each takes until the next frame after the
// window shows the result.
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
  open: [() => document.querySelector("#open-plan").click(), () => !!document.querySelector('g.box[data-id="unit0"]')],
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
  drag: [
    () => {
      const centre = (id) => {
        const r = document.querySelector(`g.box[data-id="${id}"] rect.frame`).getBoundingClientRect();
        return { clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 };
      };
      const a = centre("unit0-lead0");
      const b = centre("unit0-lead1");
      const svg = document.querySelector("svg.chart");
      const ev = (type, at) => new PointerEvent(type, { bubbles: true, button: 0, pointerId: 1, ...at });
      document.querySelector('g.box[data-id="unit0-lead0"] rect.frame').dispatchEvent(ev("pointerdown", a));
      svg.dispatchEvent(ev("pointermove", { clientX: a.clientX + 20, clientY: a.clientY + 20 }));
      svg.dispatchEvent(ev("pointermove", b));
      svg.dispatchEvent(ev("pointerup", b));
    },
    () => !!document.querySelector('path.route.solid[data-from="unit0-lead1"][data-to="unit0-lead0"]'),
  ],
  undo: [
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
  await browser.setTimeout({ script: 60000 });
  await timed("open and draw (whole chart, fitted)", "open");
  const count = () => browser.execute(() => document.querySelectorAll("g.box").length);
  console.log(`  boxes in the document: ${await count()}`);
  await timed("search a unit (select and centre)", "find");
  await timed("zoom in until names show", "zoom");
  console.log(`  boxes in the document: ${await count()}`);
  await timed("rename (edit, layout, validate, redraw)", "rename");
  await timed("drag a team leader onto another", "drag");
  await timed("undo", "undo");
  await timed("pan", "pan");
  console.log(`renamed: ${RENAMED}`);
} finally {
  await browser.deleteSession();
}
