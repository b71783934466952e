// End-to-end test in a real window: the built app under tauri-driver + WebKitWebDriver
// (started by scripts/e2e.sh under Xvfb). Creates a hybrid plan, renames a unit, drags a
// unit to a new parent, undoes it, saves, exports the chart, reopens, and checks the chart
// and the files. Then the matrix: edits a cell, moves the intake lead, edits a job duty,
// previews the manual, exports both editions and reads the PDFs' text with pdftotext.
// Then the roles: deletes the QA specialist (a warning, the manual still exports) and gives
// a new position its function through the inspector's picker, in English.
// Then typing and focus: Tab between fields of the inspector, a job duty and a KPI keeps
// what was typed and the focus; Delete in a field leaves the node; Ctrl+Z from a drop-down
// undoes; deleting a node with reports asks first; a new box's name field is focused.
// Then staffing in English at 1280×800: no cut ticked, a cut shown before it applies, the
// inputs kept, Esc; and each tab's screenshot with its labels neither clipped nor overlapping;
// then a forecast of voice, chat and email sized and accepted (undone again).
// Then the close prompt, crash recovery after the app is killed, and a damaged file.
// Last, in a fresh window (1280×800, English): the center's English name and type through
// the center settings, the help panel (F1) and About, PageDown in the preview without a click, a
// steady bar and a "wrote …" message while exporting, and a clean close after undoing
// back to the saved state (no recovery offered on restart).
// Then the manual's chapters (Chinese, 1280×800): a paragraph of the scheduling chapter
// typed in the editor with the page beside it following; a new chapter with a manager-only
// block, another hidden, the new one dragged and moved with Alt+↓; one rule changed; saved,
// reopened, both editions exported and read with pdftotext; the chapters tab and the rules
// form photographed in both languages with nothing cut off or overlapping.
//
// usage: node e2e/e2e.mjs <app binary> <work dir> <artifact dir>
// The app binary is scripts/e2e.sh's wrapper, which writes the app's pid to <work dir>/app.pid.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { remote } from "webdriverio";

const [application, workDir, artifacts] = process.argv.slice(2);
if (!application || !workDir || !artifacts) {
  console.error("usage: node e2e/e2e.mjs <app binary> <work dir> <artifact dir>");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const RENAMED = "运营中心（端到端）";
const RECOVERED = "质量管理部（未保存）";
const CENTER_EN = "North China E2E Center";
const MATRIX_EDIT = "端到端核对合同范围";
const JOB_EDIT = "端到端每班检查耳麦";
const manualBase = join(workDir, "e2e-manual.pdf");
const planFile = join(workDir, "e2e-hybrid.centerplan");
const badFile = join(workDir, "damaged.centerplan");
writeFileSync(badFile, "this is not a Centerplan document");

/** A PDF's text as pdftotext extracts it, without white space (CJK lines wrap anywhere). */
function pdfText(file) {
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
}

/** Rows of a SQL query on the saved document (the file format is SQLite). */
function query(sql) {
  const script = "import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute(sys.argv[2]).fetchall()))";
  return JSON.parse(execFileSync("python3", ["-c", script, planFile, sql], { encoding: "utf8" }));
}

/** The whole screen as a person would see it (ImageMagick's import, under Xvfb). */
function screenShot(file) {
  try {
    execFileSync("import", ["-window", "root", join(artifacts, file)]);
  } catch (err) {
    console.log(`     (no screen shot: ${err.message})`);
  }
}

/** The chart tab in English in a 1280×800 window; returns the window's size before. */
async function englishAt1280() {
  await (await browser.$("#tab-chart")).click();
  await (await browser.$("#lang-toggle")).click();
  await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "中文", { timeout: 5000 });
  const size = await browser.getWindowRect();
  await browser.setWindowRect(0, 0, 1280, 800);
  await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= 1280, { timeout: 5000, timeoutMsg: "the window did not shrink to 1280×800" });
  return size;
}

/** A screenshot of the window once the next frame is painted. */
async function shot(file) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.saveScreenshot(join(artifacts, file));
}

let passed = 0;
let failed = 0;
async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}\n     ${err?.stack ?? err}`);
    throw err;
  }
}

/** A WebDriver session: tauri-driver starts a fresh app process for each. */
const startSession = () =>
  remote({
    hostname: "127.0.0.1",
    port: Number(process.env.E2E_PORT ?? 4444),
    logLevel: "warn",
    connectionRetryCount: 2,
    // A request to a session whose app was killed fails fast instead of after 2 minutes.
    connectionRetryTimeout: 30000,
    capabilities: {
      "tauri:options": { application },
      "wdio:enforceWebDriverClassic": true,
    },
  });

let browser = await startSession();

const pidFile = join(workDir, "app.pid");
const recoveryDir = join(workDir, "app", "recovery");
const appPid = () => Number(readFileSync(pidFile, "utf8").trim());
/** Whether a process runs (a zombie its parent has not reaped yet counts as gone). */
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}
const recoveryFiles = () => (existsSync(recoveryDir) ? readdirSync(recoveryDir) : []);
/** Presses the window's close button, as far as the window manager's part goes. */
const closeWindow = () => execFileSync("python3", [join(import.meta.dirname, "close-window.py"), String(appPid())]);
/** Ends the WebDriver session; after the app died or quit this may fail, which is fine. */
async function endSession() {
  try {
    await browser.deleteSession();
  } catch (err) {
    console.log(`     (session end: ${err.message.split("\n")[0]})`);
  }
}

const box = (id) => browser.$(`g.box[data-id="${id}"]`);
const solidRoute = (from, to) => browser.$(`path.route.solid[data-from="${from}"][data-to="${to}"]`);
const boxLabel = async (id) => browser.execute((i) => document.querySelector(`g.box[data-id="${i}"]`)?.textContent ?? "", id);

/** The centre of a node's box on screen, and whether it lies inside the chart area. */
async function screenBox(id) {
  return browser.execute((i) => {
    const frame = document.querySelector(`g.box[data-id="${i}"] rect.frame`);
    const area = document.querySelector("#canvas").getBoundingClientRect();
    if (!frame) return null;
    const r = frame.getBoundingClientRect();
    const x = r.x + r.width / 2;
    const y = r.y + r.height / 2;
    const inside = x > area.left + 4 && x < area.right - 4 && y > area.top + 4 && y < area.bottom - 4;
    return { x: Math.round(x), y: Math.round(y), width: r.width, inside };
  }, id);
}

const chartScale = async () =>
  browser.execute(() => {
    const match = /scale\(([^)]+)\)/.exec(document.querySelector("svg.chart > g")?.getAttribute("transform") ?? "");
    return match ? Number(match[1]) : 1;
  });

/** Centres a node's box through the search box (as a user would) and zooms to read it. */
async function reveal(id) {
  const name = await browser.execute((i) => document.querySelector(`g.box[data-id="${i}"] text.label`)?.textContent ?? "", id);
  const search = await browser.$("#search");
  await search.setValue(name);
  for (let i = 0; i < 10; i++) {
    const selected = await browser.execute(() => document.querySelector("#inspector code")?.textContent);
    if (selected === id) break;
    await browser.keys("Enter");
  }
  while ((await chartScale()) < 0.7) await (await browser.$("#zoom-in")).click();
  await search.clearValue();
  await browser.execute(() => document.querySelector("#search")?.dispatchEvent(new Event("input")));
}

async function clickBox(id) {
  const at = await screenBox(id);
  assert.ok(at?.inside, `box ${id} is on screen`);
  await browser.action("pointer").move({ origin: "viewport", x: at.x, y: at.y }).down({ button: 0 }).up({ button: 0 }).perform();
}

/** Drags one box onto another with real pointer input, zooming out until both show. */
async function dragBox(from, to) {
  await reveal(from);
  let a = await screenBox(from);
  let b = await screenBox(to);
  for (let i = 0; i < 8 && !(a.inside && b.inside); i++) {
    await (await browser.$("#zoom-out")).click();
    a = await screenBox(from);
    b = await screenBox(to);
  }
  assert.ok(a.inside && b.inside, `boxes ${from} and ${to} are on screen together`);
  await browser
    .action("pointer", { parameters: { pointerType: "mouse" } })
    .move({ origin: "viewport", x: a.x, y: a.y })
    .down({ button: 0 })
    .move({ origin: "viewport", x: a.x + 10, y: a.y + 10, duration: 100 })
    .move({ origin: "viewport", x: b.x, y: b.y, duration: 300 })
    .move({ origin: "viewport", x: b.x + 1, y: b.y + 1, duration: 50 })
    .up({ button: 0 })
    .perform();
}

/** The labels of the toolbar, the tabs and the shown pane's bars that are cut off, squeezed or overlap. */
const clipped = () =>
  browser.execute(() => {
    const visible = (el) => el.getClientRects().length > 0;
    const bars = [...document.querySelectorAll(".pane:not([hidden]) .pane-bar, .toolbar, #doc-tabs")];
    const out = [];
    for (const bar of bars) {
      const items = [...bar.children].filter((el) => visible(el) && !el.classList.contains("sep") && !el.classList.contains("grow"));
      // A slot of fixed width that shows its whole text on hover is clipped by design.
      for (const el of items) if (el.scrollWidth > el.clientWidth + 1 && el.title !== el.textContent) out.push(`clipped: ${el.id || el.className}`);
      for (const el of items.filter((e) => e.tagName === "SELECT")) {
        // A select is as wide as its widest option unless something squeezes it.
        const probe = document.createElement("span");
        probe.style.font = getComputedStyle(el).font;
        probe.style.position = "absolute";
        probe.style.whiteSpace = "nowrap";
        document.body.append(probe);
        const widest = Math.max(...[...el.options].map((o) => ((probe.textContent = o.textContent), probe.getBoundingClientRect().width)));
        probe.remove();
        if (el.clientWidth < widest) out.push(`squeezed: ${el.id} ${el.clientWidth} < ${Math.ceil(widest)}`);
      }
      const rects = items.map((el) => [el.id || el.className, el.getBoundingClientRect()]);
      for (let i = 0; i < rects.length; i++)
        for (let j = i + 1; j < rects.length; j++) {
          const [a, ra] = rects[i];
          const [b, rb] = rects[j];
          if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) out.push(`overlap: ${a} / ${b}`);
        }
    }
    return out;
  });

async function selectBox(id) {
  await reveal(id);
  await clickBox(id);
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("#inspector code")?.textContent)) === id, {
    timeout: 5000,
    timeoutMsg: `inspector did not show ${id}`,
  });
}

try {
  await step("the start screen offers the four center types in Chinese", async () => {
    const cards = await browser.$$(".type-card");
    await browser.waitUntil(async () => (await browser.$$(".type-card")).length === 4, { timeout: 20000 });
    assert.ok(cards);
    const text = await (await browser.$("#start-screen")).getText();
    assert.match(text, /综合型/);
    assert.match(text, /外包型/);
    await browser.saveScreenshot(join(artifacts, "e2e-start.png"));
  });

  await step("a new hybrid plan shows its chart with the raised oversight VP and the bypass line", async () => {
    await (await browser.$("#center-name")).setValue("端到端测试中心");
    await (await browser.$('.type-card[data-type="hybrid"]')).click();
    await (await box("vp-oversight")).waitForExist({ timeout: 10000 });
    const y = async (id) => Number(await (await browser.$(`g.box[data-id="${id}"] rect.frame`)).getAttribute("y"));
    assert.ok((await y("vp-oversight")) < (await y("vp-operations")), "oversight VP is drawn above the operations VP");
    assert.ok(await (await browser.$("path.route.bypass")).isExisting(), "the bypass line is drawn");
    assert.match(await browser.getTitle(), /^● /, "a new plan is unsaved");
    await browser.saveScreenshot(join(artifacts, "e2e-hybrid.png"));
  });

  await step("renaming a unit updates the chart", async () => {
    await selectBox("operations");
    const name = await browser.$("#name-zh");
    await name.clearValue();
    await name.setValue(RENAMED);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await boxLabel("operations")).includes(RENAMED), { timeout: 5000 });
  });

  await step("a drop that would make a cycle is refused", async () => {
    await dragBox("oversight", "quality");
    const toast = await browser.$("#toast");
    await toast.waitForExist({ timeout: 5000 });
    assert.equal(await toast.getAttribute("data-code"), "edit.cycle");
    assert.ok(await (await solidRoute("vp-oversight", "oversight")).isExisting());
    await (await browser.$("#toast .dismiss")).click();
  });

  await step("dragging a unit onto a new parent moves it, and Ctrl+Z undoes it", async () => {
    assert.ok(await (await solidRoute("oversight", "hr-admin")).isExisting());
    await dragBox("hr-admin", "quality");
    await (await solidRoute("quality", "hr-admin")).waitForExist({ timeout: 5000 });
    assert.equal(await (await solidRoute("oversight", "hr-admin")).isExisting(), false);
    await browser.saveScreenshot(join(artifacts, "e2e-moved.png"));
    await (await browser.$("#diagnostics h3")).click(); // focus out of any text field
    await browser.keys(["Control", "z"]);
    await (await solidRoute("oversight", "hr-admin")).waitForExist({ timeout: 5000 });
    assert.ok((await boxLabel("operations")).includes(RENAMED), "undo took back the move only");
  });

  await step("Ctrl+S saves through the save dialog and clears the unsaved marker", async () => {
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, planFile);
    await browser.keys(["Control", "s"]);
    await browser.waitUntil(async () => (await browser.getTitle()).startsWith("e2e-hybrid.centerplan"), {
      timeout: 10000,
      timeoutMsg: "title did not show the saved file",
    });
    assert.ok(existsSync(planFile));
    const [[name]] = query("SELECT name_zh FROM nodes WHERE id = 'operations'");
    assert.equal(name, RENAMED);
    const [[parent]] = query("SELECT parent FROM nodes WHERE id = 'hr-admin'");
    assert.equal(parent, "oversight", "the undone move is not in the file");
    const bypass = query("SELECT from_node, to_node FROM lines WHERE kind = 'bypass'");
    assert.ok(bypass.length >= 1);
    const [[planName]] = query("SELECT name FROM plan");
    assert.equal(planName, "端到端测试中心");
  });

  await step("the chart exports to SVG and PNG (the save dialog answered by the test seam)", async () => {
    const svgFile = join(workDir, "chart.svg");
    const pngFile = join(workDir, "chart.png");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, svgFile);
    await (await browser.$("#export-svg")).click();
    await browser.waitUntil(async () => existsSync(svgFile), { timeout: 10000, timeoutMsg: "no SVG written" });
    const svg = readFileSync(svgFile, "utf8");
    assert.match(svg, /^<\?xml|^<svg/);
    assert.ok(svg.includes(RENAMED), "the SVG carries the renamed unit");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, pngFile);
    await (await browser.$("#export-png")).click();
    await browser.waitUntil(async () => existsSync(pngFile) || (await (await browser.$("#toast.error")).isExisting()), {
      timeout: 20000,
      timeoutMsg: "no PNG written",
    });
    assert.ok(existsSync(pngFile), `PNG written (toast: ${await browser.execute(() => document.querySelector("#toast")?.textContent)})`);
    const png = readFileSync(pngFile);
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
    assert.ok(png.readUInt32BE(16) > 400 && png.readUInt32BE(20) > 200, "the PNG has the chart's size");
    await browser.execute(() => {
      window.__centerplanTestDialogs = undefined;
    });
  });

  await step("a damaged file shows the core's error and the app keeps running", async () => {
    await (await browser.$("#home")).click();
    await (await browser.$("#start-screen")).waitForExist({ timeout: 5000 });
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { open: path };
    }, badFile);
    await (await browser.$("#open-plan")).click();
    const toast = await browser.$("#toast");
    await toast.waitForExist({ timeout: 5000 });
    assert.match(await toast.getAttribute("data-code"), /^document\./);
    await browser.saveScreenshot(join(artifacts, "e2e-bad-file.png"));
  });

  await step("reopening the saved file shows the renamed unit in its place", async () => {
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { open: path };
    }, planFile);
    await (await browser.$("#open-plan")).click();
    await (await box("operations")).waitForExist({ timeout: 10000 });
    assert.ok((await boxLabel("operations")).includes(RENAMED));
    assert.ok(await (await solidRoute("oversight", "hr-admin")).isExisting());
    assert.ok(await (await browser.$("path.route.bypass")).isExisting());
    assert.doesNotMatch(await browser.getTitle(), /^● /);
    await browser.saveScreenshot(join(artifacts, "e2e-reopened.png"));
    screenShot("e2e-screen.png");
  });

  await step("the chart explains itself (English, 1280×800): legend, tooltips, arrowheads, names whole and readable at fit", async () => {
    const { width, height } = await englishAt1280();
    await (await browser.$("#fit")).click();
    assert.ok((await chartScale()) * 14 >= 8.9, `names are readable at fit (zoom ${await chartScale()})`);
    const legend = await browser.$("#legend");
    assert.notEqual(await legend.getAttribute("open"), null, "the legend starts unfolded");
    const legendText = await legend.getText();
    for (const words of ["Vacancy", "Validation warning", "Validation error", "Dotted line", "Bypass line", "Filled/planned"]) assert.ok(legendText.includes(words), `${words} in the legend`);
    assert.equal(await (await browser.$("path.route.bypass")).getAttribute("marker-end"), "url(#chart-arrow-bypass)");
    // English names drawn whole, inside their boxes.
    const badLabels = await browser.execute(() =>
      [...document.querySelectorAll("g.box")].flatMap((g) => {
        const frame = g.querySelector("rect.frame").getBoundingClientRect();
        return [...g.querySelectorAll("text.label")]
          .filter((t) => t.textContent.endsWith("…") || t.getBoundingClientRect().width > frame.width + 0.5)
          .map((t) => `${g.dataset.id}: ${t.textContent}`);
      }),
    );
    assert.deepEqual(badLabels, [], "labels cut or wider than their box");
    const untitled = await browser.execute(() => [...document.querySelectorAll(".toolbar button")].filter((b) => !b.title).map((b) => b.id));
    assert.deepEqual(untitled, [], "every toolbar button has a tooltip");
    assert.match(await (await browser.$("#undo")).getAttribute("title"), /Ctrl\+Z/);
    await shot("e2e-legend-en.png");
    // Resting the pointer on a box shows what it is.
    const at = await screenBox("vp-operations");
    assert.ok(at?.inside, "the operations VP is on screen at fit");
    await browser.action("pointer").move({ origin: "viewport", x: at.x - 5, y: at.y - 5 }).move({ origin: "viewport", x: at.x, y: at.y, duration: 50 }).perform();
    const tip = await browser.$(".chart-tip");
    await browser.waitUntil(async () => !(await browser.execute(() => document.querySelector(".chart-tip")?.hidden ?? true)), { timeout: 5000, timeoutMsg: "no tooltip on the box" });
    const tipText = await tip.getText();
    assert.match(tipText, /Vice president, operations/);
    assert.match(tipText, /Level \d/);
    assert.match(tipText, /Filled\/planned: \d+\/\d+/);
    await shot("e2e-tooltip-en.png");
    // The legend folds away.
    await (await browser.$("#legend summary")).click();
    assert.equal(await legend.getAttribute("open"), null, "the legend folds");
    await (await browser.$("#legend summary")).click();
    await browser.setWindowRect(0, 0, width, height);
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "English", { timeout: 5000 });
  });

  // What has the keyboard focus: the next keystrokes go there.
  const active = () =>
    browser.execute(() => {
      const el = document.activeElement;
      return { id: el?.id ?? "", cls: el?.className ?? "", tag: el?.tagName ?? "", value: el?.value ?? null,
        start: el?.selectionStart ?? null, end: el?.selectionEnd ?? null };
    });
  // Key by key, as a person types (WebDriver's key actions drop spaces here: none in `text`).
  const typeHere = async (text) => {
    await browser.keys(["Control", "a"]);
    await browser.keys(text.split(""));
  };

  await step("typing in the inspector: Tab from the Chinese name to the English name saves both and keeps the focus", async () => {
    await (await browser.$("#tab-chart")).click();
    await selectBox("qa-supervisor");
    const zh = await browser.$("#name-zh");
    await zh.click();
    await zh.setValue("质检主管（端到端）");
    await browser.keys("Tab");
    assert.equal((await active()).id, "name-en", "Tab leads to the English name");
    await typeHere("QA-lead-e2e");
    await browser.keys("Tab");
    await browser.waitUntil(async () => (await boxLabel("qa-supervisor")).includes("质检主管（端到端）"), { timeout: 5000, timeoutMsg: "the Chinese name was not saved" });
    // The re-renders after both changes left the focus where Tab put it: the third field.
    await browser.pause(300);
    assert.equal((await active()).id, "kind", `the focus is in the kind picker (${JSON.stringify(await active())})`);
    assert.equal(await (await browser.$("#name-en")).getValue(), "QA-lead-e2e");
    // The English UI draws the chart from the plan in English: the English name was saved.
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await boxLabel("qa-supervisor")).includes("QA-lead-e2e"), { timeout: 5000, timeoutMsg: "the English name was not saved" });
  });

  await step("typing in a job-description duty (English UI): Tab keeps the focus and both editions' text is saved", async () => {
    await (await browser.$("#tab-jobs")).click();
    await (await browser.$('.job-item[data-position="csr"]')).click();
    const zh = await browser.$('#job-detail tbody tr[data-index="0"] .jd-zh');
    await zh.waitForExist({ timeout: 5000 });
    await zh.click();
    await zh.setValue("端到端准时上线");
    await browser.keys("Tab");
    assert.match((await active()).cls, /\bjd-en\b/, "Tab leads to the English duty");
    await typeHere("On-time-e2e");
    await browser.keys("Tab");
    await browser.pause(500);
    const now = await active();
    assert.match(now.cls, /\bjd-audience\b/, `the focus is in the edition picker (${JSON.stringify(now)})`);
    // Another job and back: the fields are drawn from the plan again.
    await (await browser.$('.job-item[data-position="team-leader"]')).click();
    await (await browser.$('.job-item[data-position="csr"]')).click();
    const values = async () => browser.execute(() => [".jd-zh", ".jd-en"].map((c) => document.querySelector(`#job-detail tbody tr[data-index="0"] ${c}`)?.value));
    await browser.waitUntil(async () => JSON.stringify(await values()) === JSON.stringify(["端到端准时上线", "On-time-e2e"]), {
      timeout: 5000,
      timeoutMsg: `the duty was not saved: ${JSON.stringify(await values())}`,
    });
  });

  await step("typing in a KPI definition (English UI): Tab keeps the focus and both languages are saved", async () => {
    await (await browser.$("#tab-kpis")).click();
    const zh = await browser.$(".kpi-row .kpi-definition-zh");
    await zh.waitForExist({ timeout: 5000 });
    const id = await (await browser.$(".kpi-row")).getAttribute("data-id");
    await zh.click();
    await zh.setValue("端到端定义");
    await browser.keys("Tab");
    assert.match((await active()).cls, /\bkpi-definition-en\b/, "Tab leads to the English definition");
    await typeHere("Definition-e2e");
    await browser.keys("Tab");
    await browser.pause(500);
    const now = await active();
    assert.match(now.cls, /\bkpi-formula-zh\b/, `the focus is in the formula (${JSON.stringify(now)})`);
    // A language switch draws the panes anew from the plan.
    await (await browser.$("#lang-toggle")).click();
    await (await browser.$("#lang-toggle")).click();
    const values = async () =>
      browser.execute((k) => [".kpi-definition-zh", ".kpi-definition-en"].map((c) => document.querySelector(`.kpi-row[data-id="${k}"] ${c}`)?.value), id);
    await browser.waitUntil(async () => JSON.stringify(await values()) === JSON.stringify(["端到端定义", "Definition-e2e"]), {
      timeout: 5000,
      timeoutMsg: `the KPI was not saved: ${JSON.stringify(await values())}`,
    });
    await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "中文", { timeout: 5000 });
  });

  await step("the Delete key in a field leaves the node; Ctrl+Z from a drop-down undoes", async () => {
    await (await browser.$("#tab-chart")).click();
    await selectBox("qa-supervisor");
    await (await browser.$("#name-en")).click();
    await browser.keys(["End"]);
    await browser.keys("Delete");
    await browser.execute(() => document.querySelector("#kind")?.focus());
    await browser.keys("Delete");
    await browser.pause(500);
    assert.ok(await (await box("qa-supervisor")).isExisting(), "the node is still there");
    assert.equal(await (await browser.$("#delete-dialog")).isExisting(), false, "no delete question");
    const kind = await browser.$("#kind");
    await kind.selectByAttribute("value", "unit");
    await browser.waitUntil(async () => /kind-unit/.test(await (await box("qa-supervisor")).getAttribute("class")), { timeout: 5000, timeoutMsg: "the kind was not set" });
    await browser.execute(() => document.querySelector("#kind")?.focus());
    assert.equal((await active()).id, "kind", "the drop-down has the focus");
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => /kind-position/.test(await (await box("qa-supervisor")).getAttribute("class")), { timeout: 5000, timeoutMsg: "Ctrl+Z from the drop-down did not undo" });
    assert.equal(await (await browser.$("#kind")).getValue(), "position");
  });

  await step("deleting a node with reports asks first, naming the positions and the headcount (English UI)", async () => {
    await clickBox("qa-supervisor");
    assert.equal((await active()).id, "canvas", "a click on the chart gives it the focus");
    await browser.keys("Delete");
    const dialog = await browser.$("#delete-dialog");
    await dialog.waitForExist({ timeout: 5000, timeoutMsg: "no delete question" });
    const text = await dialog.getText();
    assert.match(text, /Delete "QA-lead-e2e" and everything under it\?/);
    assert.match(text, /\d+ positions go \(\d+ reports? under it\), with a planned headcount of \d+ \(\d+ filled\)/);
    // Until the next frames are drawn, so the question shows in the picture.
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.pause(300);
    await browser.saveScreenshot(join(artifacts, "e2e-delete-confirm.png"));
    await (await browser.$('#delete-dialog [data-act="cancel"]')).click();
    await dialog.waitForExist({ reverse: true, timeout: 5000 });
    assert.ok(await (await box("qa-supervisor")).isExisting(), "cancel keeps the node");
    await (await browser.$("#delete-node")).click();
    await (await browser.$('#delete-dialog [data-act="delete"]')).click();
    await (await box("qa-supervisor")).waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "the node was not deleted" });
    await browser.keys(["Control", "z"]);
    await (await box("qa-supervisor")).waitForExist({ timeout: 5000, timeoutMsg: "undo did not bring the node back" });
  });

  await step("a new box's name field is focused and selected", async () => {
    await selectBox("qa-supervisor");
    await (await browser.$("#add-assistant")).click();
    await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("#inspector code")?.textContent)) !== "qa-supervisor", { timeout: 5000 });
    // The inspector shows the new box as soon as the edit returns; the focus follows once
    // the window title has been updated (one more round trip): wait for it, not a moment.
    await browser.waitUntil(async () => (await active()).id === "name-en", { timeout: 5000, timeoutMsg: "no field got the focus" }).catch(() => {});
    const now = await active();
    assert.equal(now.id, "name-en", `the English name field has the focus (English UI): ${JSON.stringify(now)}`);
    assert.deepEqual([now.start, now.end], [0, now.value.length], "its text is selected");
    await browser.keys("Aide-e2e".split(""));
    await browser.keys("Enter");
    const added = await browser.execute(() => document.querySelector("#inspector code")?.textContent);
    await browser.waitUntil(async () => (await boxLabel(added)).includes("Aide-e2e"), {
      timeout: 5000,
      timeoutMsg: `the typed name was not saved: ${await boxLabel(added)} / ${JSON.stringify(await active())}`,
    });
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#inspector")).getText()).includes("职能"), { timeout: 5000 });
  });

  await step("the matrix grid shows the hybrid plan's seven roles × four phases in Chinese", async () => {
    await (await browser.$("#tab-matrix")).click();
    await (await browser.$("#matrix-grid")).waitForExist({ timeout: 5000 });
    assert.equal((await browser.$$("#matrix-grid tbody tr")).length, 7);
    assert.equal((await browser.$$("#matrix-grid td.cell")).length, 28);
    const head = await (await browser.$("#matrix-grid thead")).getText();
    for (const phase of ["项目引入", "项目开始", "项目运行", "项目结束"]) assert.ok(head.includes(phase), phase);
    assert.equal((await browser.$$('td.cell.lead[data-phase="intake"]')).length, 1);
    // In a full-HD window, as a director works, the whole grid shows without scrolling.
    const { width, height } = await browser.getWindowRect();
    await browser.setWindowRect(0, 0, 1920, 1080);
    await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) >= 1900, {
      timeout: 5000,
      timeoutMsg: "the window did not grow to 1920×1080",
    });
    const hidden = await browser.execute(() => {
      const view = document.querySelector(".matrix-scroll").getBoundingClientRect();
      return [...document.querySelectorAll("#matrix-grid tbody tr")]
        .filter((row) => row.getBoundingClientRect().bottom > view.bottom + 1)
        .map((row) => row.dataset.role);
    });
    assert.deepEqual(hidden, [], "rows below the fold");
    await browser.saveScreenshot(join(artifacts, "matrix.png"));
    await browser.setWindowRect(0, 0, width, height);
  });

  let newLead = "";
  await step("a duty typed into a matrix cell lands in the cell", async () => {
    newLead = await browser.execute(
      () => [...document.querySelectorAll("#matrix-grid tbody tr")].map((tr) => tr.dataset.role).find((role) => !document.querySelector(`td.cell.lead[data-role="${role}"][data-phase="intake"]`)),
    );
    const cell = `td.cell[data-role="${newLead}"][data-phase="intake"]`;
    await (await browser.$(`${cell} .duty-add`)).click();
    const input = await browser.$(`${cell} .duty.editing .duty-zh`);
    await input.waitForExist({ timeout: 5000 });
    await input.setValue(MATRIX_EDIT);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await (await browser.$(cell)).getText()).includes(MATRIX_EDIT), {
      timeout: 5000,
      timeoutMsg: "the cell did not show the new duty",
    });
  });

  await step("one click moves the intake lead", async () => {
    await (await browser.$(`td.cell[data-role="${newLead}"][data-phase="intake"] .lead-toggle`)).click();
    await browser.waitUntil(
      async () => (await browser.execute(() => [...document.querySelectorAll('td.cell.lead[data-phase="intake"]')].map((td) => td.dataset.role))).join() === newLead,
      { timeout: 5000, timeoutMsg: "the intake lead did not move" },
    );
    assert.equal((await browser.$$("#matrix-grid .cell-diag.error")).length, 0, "still one lead per phase");
    await browser.saveScreenshot(join(artifacts, "e2e-matrix-edited.png"));
  });

  await step("a duty added to the CSR's job description", async () => {
    await (await browser.$("#tab-jobs")).click();
    await (await browser.$('.job-item[data-position="csr"]')).click();
    const rows = (await browser.$$("#job-detail tbody tr")).length;
    await (await browser.$("#jd-add")).click();
    const input = await browser.$(`#job-detail tbody tr[data-index="${rows}"] .jd-zh`);
    await input.waitForExist({ timeout: 5000 });
    await input.setValue(JOB_EDIT);
    await browser.keys("Tab");
    await browser.waitUntil(
      async () => (await browser.execute(() => [...document.querySelectorAll("#job-detail .jd-zh")].map((i) => i.value))).includes(JOB_EDIT),
      { timeout: 5000, timeoutMsg: "the job duty was not kept" },
    );
    await browser.saveScreenshot(join(artifacts, "jobs.png"));
    await (await browser.$("#tab-kpis")).click();
    await browser.pause(300);
    await browser.saveScreenshot(join(artifacts, "kpis.png"));
  });

  await step("the preview shows a manual page and refreshes after an edit", async () => {
    await (await browser.$("#tab-manual")).click();
    const ready = async () =>
      browser.execute(() => {
        const status = document.querySelector("#preview-status");
        const img = document.querySelector("#page-image");
        return status?.dataset.rendering === "false" && !!img?.getAttribute("src")?.startsWith("data:image/svg+xml");
      });
    await browser.waitUntil(ready, { timeout: 60000, timeoutMsg: "no preview page" });
    // An edit made while the preview shows (undo, then redo): time until its pages show.
    const times = [];
    const rendering = async () => browser.execute(() => document.querySelector("#preview-status")?.dataset.rendering === "true");
    for (const keys of [["Control", "z"], ["Control", "Shift", "z"]]) {
      await (await browser.$(".page-scroll")).click();
      await browser.keys(keys);
      // The refresh starts after the debounce; then wait for its pages.
      await browser.waitUntil(rendering, { timeout: 5000, interval: 20, timeoutMsg: "the edit did not start a refresh" });
      await browser.waitUntil(ready, { timeout: 30000, timeoutMsg: "the preview did not refresh" });
      times.push(Number(await browser.execute(() => document.querySelector("#preview-status")?.dataset.ms)));
    }
    console.log(`     preview refresh after an edit (hybrid manager edition, zh): ${times.join(" ms, ")} ms`);
    writeFileSync(join(artifacts, "preview-refresh-ms.txt"), `${times.join("\n")}\n`);
    // Turning pages asks for one page each: the second click lands on page 3.
    await (await browser.$("#page-next")).click();
    await (await browser.$("#page-next")).click();
    await browser.waitUntil(
      async () => (await browser.execute(() => {
        const img = document.querySelector("#page-image");
        return `${img?.dataset.page}:${document.querySelector("#preview-status")?.dataset.rendering}`;
      })) === "3:false",
      { timeout: 10000, timeoutMsg: "page 3 did not show" },
    );
    await browser.saveScreenshot(join(artifacts, "preview.png"));
  });

  await step("both editions export as PDF: the CSR one has the job duty and no manager-only content", async () => {
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, manualBase);
    await (await browser.$("#export-which")).selectByAttribute("value", "both");
    await (await browser.$("#export-pdf")).click();
    await browser.waitUntil(async () => (await (await browser.$("#export-progress")).getAttribute("data-state")) === "done", {
      timeout: 120000,
      timeoutMsg: "the export did not finish",
    });
    const manager = manualBase.replace(/\.pdf$/, "-manager.pdf");
    const csr = manualBase.replace(/\.pdf$/, "-csr.pdf");
    assert.ok(existsSync(csr) && statSync(csr).size > 10000, "the CSR PDF exists");
    const csrText = pdfText(csr);
    assert.ok(csrText.includes(JOB_EDIT), "the CSR edition has the job duty");
    assert.ok(!csrText.includes("附录：项目职责矩阵"), "no matrix appendix in the CSR edition");
    assert.ok(!csrText.includes("项目生命周期管理"), "no project lifecycle chapter in the CSR edition");
    assert.ok(!csrText.includes(MATRIX_EDIT), "the matrix edit is manager-only");
    const managerText = pdfText(manager);
    assert.ok(managerText.includes("附录：项目职责矩阵"));
    assert.ok(managerText.includes(MATRIX_EDIT), "the manager edition's matrix has the edited cell");
  });
  await step("deleting the QA specialist warns that no position holds its function, and the manual still exports", async () => {
    await (await browser.$("#tab-chart")).click();
    await selectBox("qa-specialist");
    await (await browser.$("#delete-node")).click();
    await (await box("qa-specialist")).waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "the QA specialist is still drawn" });
    const warning = await browser.$('#diagnostics .diag[data-code="manual.role-unassigned"][data-function="qa-specialist"]');
    await warning.waitForExist({ timeout: 5000, timeoutMsg: "no manual.role-unassigned warning for qa-specialist" });
    assert.match(await warning.getAttribute("class"), /\bwarning\b/);
    assert.match(await warning.getText(), /质检专员/);
    assert.equal(
      (await browser.$$('#diagnostics .diag[data-code="manual.role-unassigned"]')).length,
      1,
      "only the QA specialist's function is unassigned",
    );
    await warning.scrollIntoView();
    // The previous export's notice fades by itself; the screen shot is clearer without it.
    await browser.waitUntil(async () => !(await (await browser.$("#toast")).isExisting()), { timeout: 5000 }).catch(() => {});
    await browser.saveScreenshot(join(artifacts, "e2e-role-unassigned.png"));

    // The manual exports all the same (the manager edition, Chinese).
    const pdf = join(workDir, "e2e-no-qa.pdf");
    await (await browser.$("#tab-manual")).click();
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, pdf);
    await (await browser.$("#export-which")).selectByAttribute("value", "this");
    await (await browser.$("#export-pdf")).click();
    await browser.waitUntil(async () => existsSync(pdf) && (await (await browser.$("#export-progress")).getAttribute("data-state")) === "done", {
      timeout: 120000,
      timeoutMsg: `the export did not finish (toast: ${await browser.execute(() => document.querySelector("#toast")?.textContent)})`,
    });
    assert.equal(await (await browser.$("#toast.error")).isExisting(), false, "no export error");
    let text = "";
    await browser.waitUntil(
      async () => {
        try {
          text = pdfText(pdf);
          return text.length > 1000;
        } catch {
          return false;
        }
      },
      { timeout: 10000, timeoutMsg: "the PDF has no text" },
    );
    assert.ok(statSync(pdf).size > 10000, "the PDF has pages");
    assert.ok(text.includes("端到端测试中心"), "the PDF is this plan's manual");
    await browser.execute(() => {
      window.__centerplanTestDialogs = undefined;
    });
  });

  await step("the dangling manual reference is told in the user's terms, and undoing the deletion clears it", async () => {
    await (await browser.$("#tab-chart")).click();
    const warning = '#diagnostics .diag[data-code="manual.role-unassigned"]';
    const text = await (await browser.$(warning)).getText();
    // The chapter by its title and the fix (the inspector's function), never a template
    // path or the template engine's words.
    assert.match(text, /质量监控与神秘顾客/, text);
    assert.match(text, /检查器/, text);
    const screen = await browser.execute(() => `${document.querySelector("#diagnostics")?.textContent} ${document.querySelector("#toast")?.textContent ?? ""}`);
    assert.doesNotMatch(screen, /manuals\/|\.md\b|\{\{|minijinja|undefined/, screen);
    await (await browser.$("#undo")).click();
    await (await browser.$(warning)).waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "the warning outlived the undo of its cause" });
    assert.equal(await (await browser.$("#toast.error")).isExisting(), false, "no error banner after the undo");
    await (await browser.$("#redo")).click();
    await (await browser.$(warning)).waitForExist({ timeout: 5000, timeoutMsg: "redo did not delete the QA specialist again" });
  });

  await step("the inspector's function picker (English UI) gives a new position the QA specialist's function", async () => {
    await (await browser.$("#tab-chart")).click();
    await selectBox("qa-supervisor");
    await (await browser.$("#add-child")).click();
    const selected = async () => browser.execute(() => document.querySelector("#inspector code")?.textContent);
    await browser.waitUntil(async () => (await selected()) !== "qa-supervisor", { timeout: 5000, timeoutMsg: "the new report was not selected" });
    const added = await selected();
    assert.equal(await (await browser.$("#function")).getValue(), "", "a new position has no function");
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#inspector")).getText()).includes("Function"), {
      timeout: 5000,
      timeoutMsg: "the inspector did not switch to English",
    });
    assert.equal(await selected(), added, "the selection survives the language change");
    const picker = await browser.$("#function");
    const options = await browser.execute(() => [...document.querySelectorAll("#function option")].map((o) => [o.value, o.textContent]));
    assert.deepEqual(options[0], ["", "None"]);
    assert.equal(options.length, 31, "none and the core's 30 functions");
    assert.ok(options.some(([key, name]) => key === "qa-specialist" && name === "QA specialist"), JSON.stringify(options));
    assert.ok(options.some(([key, name]) => key === "team-leader" && name === "Team leader"));
    await picker.selectByAttribute("value", "qa-specialist");
    const unassigned = async () => (await browser.$$('#diagnostics .diag[data-code="manual.role-unassigned"]')).length;
    await browser.waitUntil(async () => (await unassigned()) === 0, { timeout: 5000, timeoutMsg: "the warning did not go away" });
    // The inspector is drawn again from the plan: it shows the function the core now holds.
    assert.equal(await (await browser.$("#function")).getValue(), "qa-specialist");
    assert.equal(await browser.execute(() => document.querySelector("#function")?.selectedOptions[0]?.textContent), "QA specialist");
    await browser.saveScreenshot(join(artifacts, "e2e-function-picker.png"));
    // One undoable edit.
    await (await browser.$("#diagnostics h3")).click();
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => (await unassigned()) === 1, { timeout: 5000, timeoutMsg: "undo did not bring the warning back" });
    assert.equal(await (await browser.$("#function")).getValue(), "");
    assert.equal(await selected(), added, "undo took back the function only");
    await browser.keys(["Control", "Shift", "z"]);
    await browser.waitUntil(async () => (await (await browser.$("#function")).getValue()) === "qa-specialist", { timeout: 5000 });
    assert.equal(await unassigned(), 0);
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#inspector")).getText()).includes("职能"), { timeout: 5000 });
  });

  await step("staffing (English, 1280×800): no cut ticked, a cut and a conflict shown before applying, inputs kept, Esc closes; every tab", async () => {
    const { width, height } = await englishAt1280();
    await (await browser.$("#open-staffing")).click();
    const sl = await browser.$('#staffing-panel input[data-field="slPercent"]');
    await sl.waitForExist({ timeout: 5000 });
    await sl.setValue("90");
    await (await browser.$("#staffing-calculate")).click();
    await (await browser.$("#staffing-panel table.proposal")).waitForExist({ timeout: 5000 });
    const rows = await browser.execute(() =>
      [...document.querySelectorAll("#staffing-panel table.proposal tbody tr")].map((tr) => ({
        node: tr.dataset.node, cls: tr.className, ticked: tr.querySelector("input.take").checked,
        change: tr.querySelector(".change").textContent, name: tr.querySelector(".position").textContent, risk: tr.querySelector(".risk").textContent,
      })),
    );
    const csr = rows.find((r) => r.node === "csr");
    // 100 calls per half hour need some 20 agents: far fewer than the template's 120 planned, 108 in post.
    assert.ok(csr && /^-\d+$/.test(csr.change), `the CSR headcount is cut: ${JSON.stringify(rows)}`);
    assert.equal(csr.ticked, false, "a cut is not ticked");
    assert.match(csr.name, /^Customer service representative/, "the chart's name, not the id");
    assert.match(csr.cls, /\bconflict\b/);
    assert.match(csr.risk, /cuts the planned headcount from 120 to \d+/);
    assert.match(csr.risk, /leaves 108 in post, more than the \d+ planned/);
    for (const row of rows.filter((r) => r.ticked)) assert.match(row.change, /^\+\d+$/, `only increases are ticked: ${JSON.stringify(row)}`);
    const notes = await browser.execute(() => [...document.querySelectorAll("#staffing-panel .figure-note")].map((p) => p.textContent));
    assert.equal(notes.length, 4, "each figure is explained");
    await shot("staffing-en.png");
    // Ticked on purpose: Accept lists the cut and the conflict and applies nothing yet.
    await (await browser.$('#staffing-panel input.take[data-node="csr"]')).click();
    await (await browser.$("#staffing-accept")).click();
    const confirm = await browser.$("#staffing-confirm");
    await confirm.waitForExist({ timeout: 5000, timeoutMsg: "no confirmation of the cut" });
    assert.match(await confirm.getText(), /Customer service representative: cuts the planned headcount from 120 to \d+/);
    await (await browser.$("#staffing-confirm li:last-child")).scrollIntoView();
    await shot("staffing-confirm-en.png");
    await (await browser.$("#staffing-back")).click();
    await browser.keys("Escape");
    await (await browser.$("#staffing-panel")).waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "Esc did not close the panel" });
    await (await browser.$("#open-staffing")).click();
    await (await browser.$("#staffing-panel")).waitForExist({ timeout: 5000 });
    assert.equal(await (await browser.$('#staffing-panel input[data-field="slPercent"]')).getValue(), "90", "the typed input is kept");
    await browser.keys("Escape");
    await (await browser.$("#staffing-panel")).waitForExist({ reverse: true, timeout: 5000 });
    assert.match(await boxLabel("csr"), /108\/120/, "nothing was applied");

    // Each tab in English at 1280×800; the pane bars' labels neither truncate nor overlap.
    await shot("tab-chart-en.png");
    for (const tab of ["matrix", "jobs", "kpis"]) {
      await (await browser.$(`#tab-${tab}`)).click();
      await browser.pause(300);
      assert.deepEqual(await clipped(), [], `the ${tab} tab's labels`);
      if (tab === "jobs") {
        // A job's name never runs into its duty count ("Customer survey supervisor9").
        const touching = await browser.execute(() =>
          [...document.querySelectorAll(".job-item")].filter((li) => {
            const count = li.querySelector(".muted");
            const range = document.createRange();
            const text = [...li.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            if (!text) return false;
            range.selectNodeContents(text);
            const name = [...range.getClientRects()];
            return count && name.some((r) => r.right > count.getBoundingClientRect().left - 4 && r.bottom > count.getBoundingClientRect().top);
          }).map((li) => li.textContent),
        );
        assert.deepEqual(touching, [], "job names touching their counts");
      }
      await shot(`tab-${tab}-en.png`);
    }
    await (await browser.$("#tab-manual")).click();
    await browser.waitUntil(
      async () => browser.execute(() => document.querySelector("#preview-status")?.dataset.rendering === "false" && !!document.querySelector("#page-image")?.getAttribute("src")),
      { timeout: 60000, timeoutMsg: "no preview page" },
    );
    assert.deepEqual(await clipped(), [], "the manual tab's labels");
    await shot("tab-manual-en.png");
    await (await browser.$("#tab-chart")).click();
    await browser.setWindowRect(0, 0, width, height);
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "English", { timeout: 5000 });
  });

  await step("staffing of voice, chat and email (English, 1280×800): the channel settings, stacked bars and each channel's part; accepting is one undoable edit", async () => {
    const { width, height } = await englishAt1280();
    const csv = join(workDir, "channels.csv");
    const lines = ["interval_start,channel,calls"];
    for (let half = 16; half < 40; half++) {
      const start = `${String(Math.floor(half / 2)).padStart(2, "0")}:${half % 2 ? "30" : "00"}`;
      const hour = half / 2;
      const calls = Math.round(10 + 180 * (Math.exp(-((hour - 10.5) ** 2) / 6) + 0.8 * Math.exp(-((hour - 15) ** 2) / 8)));
      lines.push(`${start},voice,${calls}`, `${start},在线文字,${Math.round(calls / 3)}`, `${start},email,${Math.round(calls / 4)}`);
    }
    writeFileSync(csv, `${lines.join("\n")}\n`);
    await browser.execute((path) => { window.__centerplanTestDialogs = { forecast: path }; }, csv);
    await (await browser.$("#open-staffing")).click();
    await (await browser.$("#pick-forecast")).waitForExist({ timeout: 5000 });
    await (await browser.$("#pick-forecast")).click();
    const fields = await browser.$("#staffing-channels");
    await fields.waitForExist({ timeout: 5000, timeoutMsg: "no chat and email settings for a forecast with them" });
    await (await browser.$('#staffing-panel input[data-field="chatAht"]')).setValue("600");
    await (await browser.$('#staffing-panel input[data-field="emailAht"]')).setValue("300");
    await (await browser.$("#staffing-calculate")).click();
    await (await browser.$("#staffing-channel-table")).waitForExist({ timeout: 10000, timeoutMsg: "no channel table" });
    const parts = await browser.execute(() => ({
      channels: [...document.querySelectorAll("#staffing-channel-table tbody tr")].map((tr) => tr.dataset.channel),
      peaks: [...document.querySelectorAll("#staffing-channel-table tbody tr td:nth-child(2)")].map((td) => Number(td.textContent)),
      stacks: document.querySelectorAll("svg.bars.stacked rect.bar:not(.key)").length,
      key: [...document.querySelectorAll("svg.bars .key-label")].map((t) => t.textContent),
    }));
    assert.deepEqual(parts.channels, ["voice", "chat", "email"]);
    assert.ok(parts.peaks.every((p) => p > 0), `each channel needs agents: ${parts.peaks}`);
    assert.ok(parts.stacks > 24, `the bars are stacked by channel: ${parts.stacks} parts for 24 intervals`);
    assert.deepEqual(parts.key, ["Voice", "Chat", "Email"]);
    assert.deepEqual(await clipped(), [], "the staffing panel's labels");
    await (await browser.$("#staffing-channel-table")).scrollIntoView();
    await shot("staffing-channels-en.png");
    // Nothing ticked: only the sizing is recorded, as one edit that undo takes back.
    for (const box of await browser.$$("#staffing-panel input.take")) if (await box.isSelected()) await box.click();
    await (await browser.$("#staffing-accept")).click();
    await browser.waitUntil(async () => (await (await browser.$("#staffing-status")).getText()).startsWith("Accepted"), { timeout: 5000 });
    await (await browser.$("#staffing-close")).click();
    await (await browser.$("#staffing-panel")).waitForExist({ reverse: true, timeout: 5000 });
    const undo = await browser.$("#undo");
    assert.equal(await undo.isEnabled(), true, "the sizing is an undoable edit");
    await undo.click();
    await browser.setWindowRect(0, 0, width, height);
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "English", { timeout: 5000 });
  });

  await step("closing with unsaved changes asks first; cancel keeps the window", async () => {
    await (await browser.$("#tab-chart")).click();
    await selectBox("quality");
    const name = await browser.$("#name-zh");
    await name.clearValue();
    await name.setValue(RECOVERED);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await boxLabel("quality")).includes(RECOVERED), { timeout: 5000 });
    assert.match(await browser.getTitle(), /^● /);
    closeWindow();
    const dialog = await browser.$("#unsaved-dialog");
    await dialog.waitForExist({ timeout: 5000, timeoutMsg: "no unsaved-changes prompt" });
    await browser.saveScreenshot(join(artifacts, "e2e-close-prompt.png"));
    await (await browser.$('#unsaved-dialog [data-act="cancel"]')).click();
    await dialog.waitForExist({ reverse: true, timeout: 5000 });
    assert.ok(alive(appPid()), "the app is still running");
    assert.ok((await boxLabel("quality")).includes(RECOVERED), "the edit is still there");
  });

  await step("after the app is killed, its recovery copy is offered back on restart", async () => {
    // The recovery copy with the edit is written within a few seconds of it.
    const copyHasEdit = () => recoveryFiles().some((f) => readFileSync(join(recoveryDir, f), "utf8").includes(RECOVERED));
    await browser.waitUntil(async () => copyHasEdit(), { timeout: 15000, timeoutMsg: "no recovery copy with the edit written" });
    const pid = appPid();
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(pid), "the app was killed");
    await endSession();
    browser = await startSession();
    const row = await browser.$(".recovery");
    await row.waitForExist({ timeout: 20000, timeoutMsg: "no recovery offered" });
    assert.match(await row.getText(), /端到端测试中心/);
    await browser.saveScreenshot(join(artifacts, "e2e-recovery-offer.png"));
    await (await row.$(".restore")).click();
    await (await box("quality")).waitForExist({ timeout: 10000 });
    const label = await boxLabel("quality");
    assert.ok(label.includes(RECOVERED), `the unsaved rename came back (quality reads ${label})`);
    assert.ok((await boxLabel("operations")).includes(RENAMED), "the saved rename too");
    const title = await browser.getTitle();
    assert.match(title, /^● e2e-hybrid\.centerplan/, "restored as unsaved changes to its document");
  });

  await step("closing and choosing not to save quits and drops the recovery copy", async () => {
    const pid = appPid();
    closeWindow();
    const dialog = await browser.$("#unsaved-dialog");
    await dialog.waitForExist({ timeout: 5000, timeoutMsg: "no unsaved-changes prompt" });
    try {
      await (await browser.$('#unsaved-dialog [data-act="discard"]')).click();
    } catch (err) {
      // The app quits while answering the click, taking the WebDriver session with it.
      assert.match(err.message, /invalid session id|session/i);
    }
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(pid), "the app quit");
    assert.deepEqual(recoveryFiles(), [], "no recovery copy is left behind");
    const [[name]] = query("SELECT name_zh FROM nodes WHERE id = 'quality'");
    assert.notEqual(name, RECOVERED, "the discarded edit is not in the file");
  });

  await step("the center gets an English name and another type after a warning (English UI, 1280×800)", async () => {
    browser = await startSession();
    await browser.waitUntil(async () => (await browser.$$(".type-card")).length === 4, { timeout: 20000 });
    assert.equal((await browser.$$(".recovery")).length, 0, "nothing to recover after choosing not to save");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { open: path };
    }, planFile);
    await (await browser.$("#open-plan")).click();
    await (await box("operations")).waitForExist({ timeout: 10000 });
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "中文", { timeout: 5000 });
    await (await browser.$("#center-settings")).click();
    const english = await browser.$("#center-name-en");
    await english.waitForExist({ timeout: 5000, timeoutMsg: "no center settings" });
    await english.setValue(CENTER_EN);
    await browser.keys("Enter");
    await browser.waitUntil(async () => /^● /.test(await browser.getTitle()), { timeout: 5000, timeoutMsg: "the English name was not set" });
    await (await browser.$("#center-type")).selectByAttribute("value", "service");
    const warning = await browser.$("#type-warning");
    await warning.waitForExist({ timeout: 5000, timeoutMsg: "no warning before changing the type" });
    const text = await warning.getText();
    assert.match(text, /Change the center type from Hybrid.* to Service/i);
    assert.match(text, /nothing is added or deleted/);
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.saveScreenshot(join(artifacts, "e2e-center-settings.png"));
    const boxes = (await browser.$$("g.box")).length;
    await (await browser.$("#type-confirm")).click();
    await warning.waitForExist({ reverse: true, timeout: 5000 });
    assert.equal((await browser.$$("g.box")).length, boxes, "changing the type kept every box");
    await (await browser.$("#center-close")).click();
    await browser.keys(["Control", "s"]);
    await browser.waitUntil(async () => !/^● /.test(await browser.getTitle()), { timeout: 10000, timeoutMsg: "not saved" });
    assert.deepEqual(query("SELECT name_en, center_type FROM plan"), [[CENTER_EN, "service"]]);
  });

  await step("F1 opens the help with the shortcuts and the five how-tos (English UI); Esc closes it", async () => {
    await (await browser.$("#canvas")).click();
    await browser.keys("F1");
    const panel = await browser.$("#help-panel");
    await panel.waitForExist({ timeout: 5000, timeoutMsg: "F1 opened no help" });
    const text = await panel.getText();
    for (const expected of ["Keyboard shortcuts", "Ctrl+Shift+S", "PageDown / PageUp", "Create a plan from a template", "Export the manual"]) {
      assert.ok(text.includes(expected), `the help lists ${expected}`);
    }
    assert.equal((await browser.$$("#help-panel article.howto")).length, 5);
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.saveScreenshot(join(artifacts, "e2e-help.png"));
    await browser.keys("Escape");
    await panel.waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "Esc did not close the help" });
  });

  await step("Help → About shows the version, the engines, the fonts and the libraries' licences; the filter narrows the list", async () => {
    await browser.keys("F1");
    await (await browser.$("#help-about")).click();
    const about = await browser.$("#about-dialog");
    await about.waitForExist({ timeout: 5000, timeoutMsg: "the About dialog did not open" });
    const text = await about.getText();
    for (const expected of ["Centerplan 0.1.0", "Tauri 2.", "Typst 0.", "Noto Sans CJK SC", "OFL-1.1", "fonts-noto-cjk"]) {
      assert.ok(text.includes(expected), `About shows ${expected}`);
    }
    const rows = async () => (await browser.$$("#about-dialog .about-libs tr")).length;
    const all = await rows();
    assert.ok(all > 300, `About lists ${all - 1} libraries`);
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.saveScreenshot(join(artifacts, "e2e-about.png"));
    await (await browser.$("#about-search")).setValue("typst");
    await browser.waitUntil(async () => (await rows()) < all && (await rows()) > 5, { timeout: 5000, timeoutMsg: "the filter did not narrow the list" });
    assert.ok((await browser.$("#about-dialog .about-libs").getText()).includes("typst-pdf"));
    await browser.keys("Escape");
    await about.waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "Esc did not close About" });
  });

  await step("PageDown turns the preview's page without a click on it; the bar stays put while exporting, which says what it wrote", async () => {
    await (await browser.$("#tab-manual")).click();
    await (await browser.$("#preview-lang")).selectByAttribute("value", "en");
    const shown = async () =>
      browser.execute(() => `${document.querySelector("#page-image")?.dataset.page}:${document.querySelector("#preview-status")?.dataset.rendering}`);
    await browser.waitUntil(async () => (await shown()) === "1:false", { timeout: 60000, timeoutMsg: "no English preview" });
    // The focus on nothing in particular (as after a re-render), not on the page.
    await browser.execute(() => document.activeElement?.blur());
    await browser.keys("PageDown");
    await browser.waitUntil(async () => (await shown()) === "2:false", { timeout: 10000, timeoutMsg: "PageDown did not turn the page" });
    await browser.keys("PageUp");
    await browser.waitUntil(async () => (await shown()) === "1:false", { timeout: 10000, timeoutMsg: "PageUp did not turn the page" });

    const layout = () =>
      browser.execute(() =>
        [...document.querySelectorAll(".preview-pane .pane-bar > *")].map((el) => {
          const r = el.getBoundingClientRect();
          return `${el.id || el.className}@${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}`;
        }),
      );
    const before = await layout();
    const englishManual = join(workDir, "e2e-manual-en.pdf");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, englishManual);
    await (await browser.$("#export-which")).selectByAttribute("value", "this");
    await (await browser.$("#export-pdf")).click();
    const during = [];
    for (let i = 0; i < 2000; i++) {
      const state = await (await browser.$("#export-progress")).getAttribute("data-state");
      if (state === "running") during.push(await layout());
      if (state === "done" || state === "failed") break;
    }
    assert.equal(await (await browser.$("#export-progress")).getAttribute("data-state"), "done", "the export finished");
    assert.ok(during.length > 0, "the export was seen under way");
    for (const seen of during) assert.deepEqual(seen, before, "the bar moved while exporting");
    const toast = await browser.$("#toast.wrote");
    await toast.waitForExist({ timeout: 5000, timeoutMsg: "no message saying what was written" });
    assert.match(await toast.getText(), /Wrote 1 file:/);
    assert.ok((await toast.getText()).includes(englishManual), "the message names the file");
    assert.ok(await (await toast.$(".open-folder")).isExisting(), "with Open folder");
    const text = pdfText(englishManual);
    assert.ok(text.includes(CENTER_EN.replace(/\s+/g, "")), "the English manual prints the English name");
    assert.ok(!text.includes("端到端测试中心"), "and not the Chinese one");
  });

  await step("after undoing back to the saved state, closing is clean: no recovery offered on restart", async () => {
    await (await browser.$("#tab-chart")).click();
    await selectBox("quality");
    const name = await browser.$("#name-zh");
    await name.clearValue();
    await name.setValue(RECOVERED);
    await browser.keys("Enter");
    // The English UI's chart shows the English name: the unsaved marker tells the edit landed.
    await browser.waitUntil(async () => /^● /.test(await browser.getTitle()), { timeout: 5000, timeoutMsg: "the rename did not land" });
    const copyHasEdit = () => recoveryFiles().some((f) => readFileSync(join(recoveryDir, f), "utf8").includes(RECOVERED));
    await browser.waitUntil(async () => copyHasEdit(), { timeout: 15000, timeoutMsg: "no recovery copy with the edit written" });
    // Clearing the field was an edit of its own: undo both, back to the saved state.
    for (let i = 0; i < 3 && /^● /.test(await browser.getTitle()); i++) {
      await (await browser.$("#undo")).click();
      await browser.pause(300);
    }
    await browser.waitUntil(async () => !/^● /.test(await browser.getTitle()), { timeout: 5000, timeoutMsg: "undo did not reach the saved state" });
    // At once, not at the next autosave: a crash now must not bring the undone edit back.
    await browser.waitUntil(async () => recoveryFiles().length === 0, { timeout: 1000, interval: 50, timeoutMsg: `a recovery copy is left: ${recoveryFiles()}` });
    const pid = appPid();
    closeWindow();
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(pid), "the window closed without asking");
    await endSession();
    browser = await startSession();
    await browser.waitUntil(async () => (await browser.$$(".type-card")).length === 4, { timeout: 20000 });
    assert.equal((await browser.$$(".recovery")).length, 0, "a recovery copy is offered after a clean close");
    await browser.saveScreenshot(join(artifacts, "e2e-clean-restart.png"));
  });

  // ---- the manual's chapters and the center's rules --------------------------------------
  const chapterPlan = join(workDir, "e2e-chapters.centerplan");
  const chapterManual = join(workDir, "e2e-chapters.pdf");
  const SCHEDULING = "08-scheduling-attendance";
  const HIDDEN = "15-center-planning";
  const row = (id) => browser.$(`.chapter-row[data-id="${id}"]`);
  const rowIds = () => browser.execute(() => [...document.querySelectorAll(".chapter-row")].map((r) => r.dataset.id));
  const badges = (id) => browser.execute((i) => document.querySelector(`.chapter-row[data-id="${i}"] .badges`)?.textContent ?? "", id);
  /** The editor's lines as text (CodeMirror draws them inside the editor's shadow root). */
  const editorText = () =>
    browser.execute(() =>
      [...(document.querySelector("#chapter-editor")?.shadowRoot?.querySelectorAll(".cm-line") ?? [])].map((l) => l.textContent).join("\n"),
    );
  const pagesShown = () => browser.execute(() => Number(document.querySelector("#chapter-page")?.dataset.shown ?? 0));
  /** Gives the editor the focus, then puts the cursor where `keys` take it. */
  async function cursorWith(...keys) {
    await browser.execute(() => document.querySelector("#chapter-editor")?.shadowRoot?.querySelector(".cm-content")?.focus());
    for (const k of keys) await browser.keys(k);
    await browser.pause(100);
  }
  /** The chapters tab's and the rules form's screenshots, with nothing cut off or overlapping. */
  async function chapterShots(lang) {
    // The export's message is the app's, not the tab's: out of the picture.
    for (const dismiss of await browser.$$("#toast button.dismiss")) await dismiss.click();
    await (await browser.$("#tab-chapters")).click();
    await (await row(SCHEDULING)).click();
    await browser.waitUntil(async () => (await editorText()).includes("E2ESCHEDULINGEDIT"), { timeout: 10000, timeoutMsg: "the edited text is not shown" });
    await browser.pause(800);
    assert.deepEqual(await clipped(), [], `the chapters tab's labels (${lang})`);
    const overflow = await browser.execute(() =>
      [...document.querySelectorAll(".chapter-row")]
        .filter((r) => r.scrollWidth > r.clientWidth + 1 || [...r.querySelectorAll(".badge, .hide-toggle")].some((b) => b.getBoundingClientRect().right > r.getBoundingClientRect().right))
        .map((r) => r.dataset.id),
    );
    assert.deepEqual(overflow, [], "chapter rows whose badges or buttons spill out");
    await shot(`chapters-${lang}.png`);
    await (await browser.$("#tab-rules")).click();
    await (await browser.$("#shift-table")).waitForExist({ timeout: 5000 });
    assert.deepEqual(await clipped(), [], `the rules form's labels (${lang})`);
    const spill = await browser.execute(() => {
      const pane = document.querySelector(".rules-scroll");
      return pane.scrollWidth - pane.clientWidth;
    });
    assert.ok(spill <= 1, `the rules form scrolls sideways by ${spill} px`);
    await shot(`rules-${lang}.png`);
  }

  await step("chapters (Chinese, 1280×800): a paragraph of the scheduling chapter is edited, the page beside it following the keyboard", async () => {
    if ((await (await browser.$("#lang-toggle")).getText()) === "中文") {
      await (await browser.$("#lang-toggle")).click();
      await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "English", { timeout: 5000 });
    }
    await browser.setWindowRect(0, 0, 1280, 800);
    await (await browser.$("#center-name")).setValue("端到端章节中心");
    await (await browser.$('.type-card[data-type="hybrid"]')).click();
    await (await box("vp-oversight")).waitForExist({ timeout: 10000 });
    await (await browser.$("#tab-chapters")).click();
    await (await row(SCHEDULING)).click();
    await browser.waitUntil(async () => (await editorText()).startsWith("# 排班与考勤"), { timeout: 10000, timeoutMsg: "the scheduling chapter's text" });
    await browser.waitUntil(async () => (await pagesShown()) > 0, { timeout: 60000, timeoutMsg: "no page beside the editor" });
    const status = await browser.execute(() => {
      const img = document.querySelector("#chapter-page");
      return `${document.querySelector("#chapter-page-status")?.textContent}|${img?.dataset.page}|${img?.getAttribute("src")?.slice(0, 30)}|${document.querySelector("#toast")?.textContent ?? ""}`;
    });
    assert.match(status, /^第 \d+ \/ \d+ 页\|\d+\|data:image\/svg\+xml/, status);
    // Line 3 is the chapter's first paragraph: typed at its start.
    await cursorWith(["Control", "Home"], "ArrowDown", "ArrowDown");
    const times = [];
    for (const word of ["E2ESCHEDULING", "EDIT"]) {
      // The page answering the last keystroke is the one shown when none is to come.
      await browser.keys(word.split(""));
      await browser.pause(50);
      const pending = () => browser.execute(() => document.querySelector("#chapter-page")?.dataset.pending);
      await browser.waitUntil(async () => (await pending()) === "false", { timeout: 30000, interval: 20, timeoutMsg: "the page did not follow the typing" });
      times.push(Number(await browser.execute(() => document.querySelector("#chapter-page")?.dataset.ms)));
    }
    console.log(`     chapter editor, last keystroke to page (hybrid manager edition, zh): ${times.join(" ms, ")} ms`);
    writeFileSync(join(artifacts, "chapter-preview-ms.txt"), `${times.join("\n")}\n`);
    assert.ok((await editorText()).split("\n")[2].startsWith("E2ESCHEDULINGEDIT班表决定"), "typed at the start of the paragraph");
    // The pause commits the text as one edit: the chapter is edited in Chinese.
    await browser.waitUntil(async () => (await badges(SCHEDULING)).includes("已修改 中"), { timeout: 5000, timeoutMsg: "the typing was not committed" });
  });

  await step("a chapter with a manager-only block is added, another hidden, the new one dragged and moved with Alt+↓", async () => {
    await (await browser.$("#add-chapter")).click();
    await browser.waitUntil(async () => (await editorText()).startsWith("# 新章节"), { timeout: 5000, timeoutMsg: "no new chapter" });
    const ids = await rowIds();
    const added = ids[ids.indexOf(SCHEDULING) + 1];
    assert.match(added, /^custom-/);
    const title = await browser.$("#chapter-title");
    await title.setValue("端到端夜间值班");
    await browser.keys("Tab");
    await browser.waitUntil(async () => (await editorText()).startsWith("# 端到端夜间值班"), { timeout: 5000, timeoutMsg: "the title did not change" });
    await cursorWith(["Control", "End"]);
    await browser.keys("E2EBOTHLINE".split(""));
    await browser.keys("Enter");
    // One key at a time: WebKitWebDriver drops a repeated shifted key sent in one go.
    for (const key of ["#", "#", " ", ..."E2EMGRSECTION"]) await browser.keys(key);
    await browser.keys("Enter");
    await browser.keys("E2EMGRBODY".split(""));
    await browser.keys(["Shift", "ArrowUp"]);
    await browser.keys(["Shift", "Home"]);
    await (await browser.$("#audience-manager")).click();
    await browser.waitUntil(async () => /::: manager\n## E2EMGRSECTION\nE2EMGRBODY\n:::/.test(await editorText()), { timeout: 5000, timeoutMsg: "the block was not wrapped" });
    await browser.waitUntil(async () => (await badges(added)).includes("自定义"), { timeout: 5000 });
    // Hidden: out of both editions.
    await (await browser.$(`.chapter-row[data-id="${HIDDEN}"] .hide-toggle`)).click();
    await browser.waitUntil(async () => (await badges(HIDDEN)).includes("已隐藏"), { timeout: 5000, timeoutMsg: "not hidden" });
    // Dragged by its handle below the next chapter, then one further with Alt+↓.
    const next = ids[ids.indexOf(added) + 1];
    const after = ids[ids.indexOf(added) + 2];
    const handle = await browser.$(`.chapter-row[data-id="${added}"] .drag-handle`);
    const from = await handle.getLocation();
    const target = await (await row(next)).getLocation();
    const targetSize = await (await row(next)).getSize();
    await browser
      .action("pointer", { parameters: { pointerType: "mouse" } })
      .move({ origin: "viewport", x: Math.round(from.x + 4), y: Math.round(from.y + 6) })
      .down({ button: 0 })
      .move({ origin: "viewport", x: Math.round(from.x + 4), y: Math.round(from.y + 12), duration: 100 })
      .move({ origin: "viewport", x: Math.round(from.x + 4), y: Math.round(target.y + targetSize.height * 0.8), duration: 300 })
      .up({ button: 0 })
      .perform();
    await browser.waitUntil(async () => {
      const now = await rowIds();
      return now.indexOf(added) === now.indexOf(next) + 1;
    }, { timeout: 5000, timeoutMsg: "the drag did not move the chapter" });
    await (await row(added)).click();
    await browser.keys(["Alt", "ArrowDown"]);
    await browser.waitUntil(async () => {
      const now = await rowIds();
      return now.indexOf(added) === now.indexOf(after) + 1;
    }, { timeout: 5000, timeoutMsg: "Alt+↓ did not move the chapter" });
    assert.equal(await browser.execute(() => document.activeElement?.dataset?.id), added, "the moved row keeps the focus");
  });

  await step("one rule is changed in the rules form; the plan is saved and reopened as it was", async () => {
    await (await browser.$("#tab-rules")).click();
    const sample = await browser.$('[data-key="qa.sample"] input');
    await sample.waitForExist({ timeout: 5000, timeoutMsg: "no rules form" });
    assert.equal(await sample.getValue(), "8");
    await sample.setValue("13");
    await browser.keys("Tab");
    await browser.waitUntil(async () => (await browser.$$('[data-key="qa.sample"] .rule-default')).length === 1, { timeout: 5000, timeoutMsg: "the rule did not change" });
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path, open: path };
    }, chapterPlan);
    await browser.keys(["Control", "s"]);
    await browser.waitUntil(async () => !/^● /.test(await browser.getTitle()), { timeout: 10000, timeoutMsg: "not saved" });
    const order = await rowIds();
    await (await browser.$("#home")).click();
    await (await browser.$("#open-plan")).click();
    await (await box("vp-oversight")).waitForExist({ timeout: 10000 });
    await (await browser.$("#tab-chapters")).click();
    await browser.waitUntil(async () => (await rowIds()).length > 0, { timeout: 5000 });
    assert.deepEqual(await rowIds(), order, "the chapters' order");
    assert.ok((await badges(HIDDEN)).includes("已隐藏"), "the hidden chapter");
    await (await browser.$("#tab-rules")).click();
    assert.equal(await (await browser.$('[data-key="qa.sample"] input')).getValue(), "13", "the changed rule");
  });

  await step("both editions export: the edits are printed, the manager-only block only in the manager edition's body and contents", async () => {
    await (await browser.$("#tab-manual")).click();
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, chapterManual);
    await (await browser.$("#preview-lang")).selectByAttribute("value", "zh");
    await (await browser.$("#export-which")).selectByAttribute("value", "both");
    await (await browser.$("#export-pdf")).click();
    await browser.waitUntil(async () => (await (await browser.$("#export-progress")).getAttribute("data-state")) === "done", {
      timeout: 120000,
      timeoutMsg: "the export did not finish",
    });
    const manager = pdfText(chapterManual.replace(/\.pdf$/, "-manager.pdf"));
    const csr = pdfText(chapterManual.replace(/\.pdf$/, "-csr.pdf"));
    const count = (text, word) => text.split(word).length - 1;
    for (const [name, text] of [["manager", manager], ["CSR", csr]]) {
      assert.ok(text.includes("E2ESCHEDULINGEDIT"), `the ${name} edition has the edited paragraph`);
      assert.equal(count(text, "端到端夜间值班"), 2, `the ${name} edition has the new chapter in its contents and body`);
      assert.ok(text.includes("E2EBOTHLINE"), `the ${name} edition has the new chapter's text for both`);
      assert.ok(!text.includes("中心规划与再规划"), `the hidden chapter is not in the ${name} edition`);
      assert.ok(text.includes("每人每月至少13通") && !text.includes("每人每月至少8通"), `the ${name} edition prints the changed rule`);
    }
    assert.equal(count(manager, "E2EMGRSECTION"), 2, "the manager-only heading is in the manager edition's contents and body");
    assert.ok(manager.includes("E2EMGRBODY"));
    assert.equal(count(csr, "E2EMGR"), 0, "nothing of the manager-only block in the CSR edition, contents included");
    // The new chapter prints where it was moved, after the two chapters it was moved past:
    // the order of the contents, which come before any chapter mentions another.
    const at = (word) => manager.indexOf(word);
    assert.ok(at("培训与辅导") < at("端到端夜间值班") && at("职业发展与激励") < at("端到端夜间值班"), "the new chapter's place");
    assert.ok(at("端到端夜间值班") < at("关键绩效指标"), "before the KPI chapter");
  });

  await step("the chapters tab and the rules form in Chinese and English at 1280×800: nothing cut off or overlapping", async () => {
    await chapterShots("zh");
    await (await browser.$("#lang-toggle")).click();
    await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "中文", { timeout: 5000 });
    await chapterShots("en");
    assert.ok((await badges(SCHEDULING)).includes("Edited zh"), "the English badges");
  });

  await step("document control: number, approval and logo filled in, a version released, the draft mark gone; both languages look right", async () => {
    const logo = join(workDir, "e2e-logo.svg");
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="72"><rect width="240" height="72" rx="10" fill="#1f4e99"/><circle cx="36" cy="36" r="22" fill="#fff"/><text x="70" y="46" font-size="28" fill="#fff" font-family="sans-serif">HAIHE</text></svg>');
    await (await browser.$("#tab-control")).click();
    const number = await browser.$("#control-number");
    await number.waitForExist({ timeout: 5000, timeoutMsg: "no document-control form" });
    await number.setValue("KF-YY-001");
    await browser.keys("Tab");
    await browser.waitUntil(async () => (await browser.$("#control-state").getText()).length > 0, { timeout: 5000 });
    const approver = await browser.$('.signoff-row[data-role="approved"] .signoff-name');
    await approver.setValue("陈静");
    await browser.keys("Tab");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { logo: path };
    }, logo);
    await (await browser.$("#control-choose-logo")).click();
    await (await browser.$("#control-logo-image")).waitForExist({ timeout: 5000, timeoutMsg: "the logo is not shown" });
    assert.match(await (await browser.$("#control-logo-info")).getText(), /SVG 240×72/);
    assert.match(await (await browser.$("#control-state")).getText(), /Draft|草稿/);
    await (await browser.$("#control-release")).click();
    const version = await browser.$("#release-version");
    await version.waitForExist({ timeout: 5000, timeoutMsg: "no release dialog" });
    assert.equal(await version.getValue(), "1.0");
    await shot("release-dialog.png");
    await (await browser.$("#release-confirm")).click();
    await browser.waitUntil(async () => /1\.0/.test(await (await browser.$("#control-state")).getText()) && !/Draft|草稿/.test(await (await browser.$("#control-state")).getText()), { timeout: 5000, timeoutMsg: "not released" });
    assert.equal(await (await browser.$$(".revision-row")).length, 1, "the release's revision entry");
    for (const lang of ["en", "zh"]) {
      if (lang === "zh") {
        await (await browser.$("#lang-toggle")).click();
        await browser.waitUntil(async () => (await (await browser.$("#lang-toggle")).getText()) === "English", { timeout: 5000 });
        await (await browser.$("#tab-control")).click();
        await (await browser.$("#control-form")).waitForExist({ timeout: 5000 });
      }
      assert.deepEqual(await clipped(), [], `the document-control form's labels (${lang})`);
      const spill = await browser.execute(() => {
        const pane = document.querySelector("#control-form .rules-scroll");
        return pane.scrollWidth - pane.clientWidth;
      });
      assert.ok(spill <= 1, `the document-control form scrolls sideways by ${spill} px`);
      await shot(`control-${lang}.png`);
    }
  });

  await step("the chart goes out as XLSX and comes back through the import dialog, replacing the chart as one undoable step", async () => {
    const xlsx = join(workDir, "e2e-chart.xlsx");
    await (await browser.$("#tab-chart")).click();
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, xlsx);
    await (await browser.$("#export-xlsx")).click();
    await browser.waitUntil(() => existsSync(xlsx), { timeout: 10000, timeoutMsg: "no XLSX written" });
    assert.deepEqual(await clipped(), [], "the toolbar with Export XLSX");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { open: path };
    }, xlsx);
    await (await browser.$("#open")).click();
    const ok = await browser.$("#sheet-ok");
    await ok.waitForExist({ timeout: 10000, timeoutMsg: "the import dialog shows no result" });
    assert.ok((await browser.$$("#sheet-fields [data-field]")).length >= 9, "every field listed");
    await shot("sheet-import.png");
    await (await browser.$("#sheet-replace")).click();
    await browser.waitUntil(async () => (await browser.$$("#sheet-dialog")).length === 0, { timeout: 10000, timeoutMsg: "the dialog stays" });
    assert.equal(await (await browser.$("#undo")).isEnabled(), true, "the import is an undoable step");
  });

  await step("the chart prints to a PDF of A3 pages through the print dialog", async () => {
    const pdf = join(workDir, "e2e-chart.pdf");
    await browser.execute((path) => {
      window.__centerplanTestDialogs = { save: path };
    }, pdf);
    await (await browser.$("#export-chart-pdf")).click();
    await (await browser.$("#chart-pdf-dialog")).waitForExist({ timeout: 5000, timeoutMsg: "no print dialog" });
    assert.deepEqual(await clipped(), [], "the print dialog");
    await shot("chart-pdf-dialog.png");
    await browser.execute(() => {
      document.querySelector("#chart-pdf-paper").value = "A3";
    });
    await (await browser.$('#chart-pdf-dialog [data-act="export"]')).click();
    // Written atomically: once the file is there, it is whole.
    await browser.waitUntil(async () => existsSync(pdf) || (await (await browser.$("#toast.error")).isExisting()), {
      timeout: 30000,
      timeoutMsg: "no chart PDF written",
    });
    assert.ok(existsSync(pdf), `chart PDF written (toast: ${await browser.execute(() => document.querySelector("#toast")?.textContent)})`);
    const text = pdfText(pdf);
    // The chart the import dialog just put back: every box of the hybrid template.
    for (const name of ["中心总经理", "总经理助理", "监管部", "运营部", "客户服务代表"]) {
      assert.ok(text.includes(name), `the PDF names ${name}`);
    }
    assert.ok(text.includes("组织架构图"), "the PDF's header");
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.match(info, /Page size:\s+(841\.89 x 1190\.55|1190\.55 x 841\.89) pts \(A3\)/, "A3 pages");
  });
} catch {
  // Reported by `step`; the session is still deleted below.
} finally {
  if (failed) screenShot("e2e-screen-failed.png");
  // Delete the session before tauri-driver stops, or WebKitWebDriver is left running.
  await endSession();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
