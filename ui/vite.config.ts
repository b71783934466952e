import { defineConfig } from "vitest/config";

// Tauri serves the built files from the binary; relative asset paths keep them working
// under tauri://localhost.
export default defineConfig({
  base: "./",
  clearScreen: false,
  build: { target: "safari15", outDir: "dist", emptyOutDir: true },
  test: { environment: "happy-dom", globals: true, include: ["src/**/*.test.ts"] },
});
