import { App } from "./app";
import { tauriBackend } from "./backend";

const root = document.getElementById("app");
if (root) {
  const app = new App(root, tauriBackend);
  void app.start();
}
