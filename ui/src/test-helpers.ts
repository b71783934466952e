// What the UI tests of the newer panes share: fake timers, letting the app's promises
// settle, finding an element, and an app started on the fake backend.

import { App } from "./app";
import { FakeBackend } from "./fake-backend";

/** Fake timers for each test, real ones after. */
export function useFakeTimers(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
  });
  afterEach(() => vi.useRealTimers());
}

/** Lets the app's pending promises and zero-delay timers run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

export function el<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

/** The app on a fake backend, on its start screen or (`withPlan`) with a new hybrid plan. */
export async function startApp(
  withPlan: boolean,
  lang: "zh" | "en" = "zh",
  backend = new FakeBackend(),
): Promise<{ root: HTMLElement; backend: FakeBackend; app: App }> {
  document.body.innerHTML = `<div id="app"></div>`;
  const root = document.getElementById("app") as HTMLElement;
  backend.prefsValue = { ...backend.prefsValue, lang };
  const app = new App(root, backend);
  await app.start();
  app.stop();
  if (withPlan) await app.newPlan("hybrid", "");
  return { root, backend, app };
}
