import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "electron-vite";

// Builds main (ESM), preload (one CommonJS file: a sandboxed preload cannot load modules) and
// the renderer (Vite) into desktop/out/, offline. `npm run desktop:build` runs it.
const here = fileURLToPath(new URL(".", import.meta.url));
const out = (part: string) => resolve(here, "out", part);

export default defineConfig({
  main: {
    build: {
      outDir: out("main"),
      lib: { entry: resolve(here, "main/index.ts") },
      // The root package.json's dependencies are external already; the desktop app's own (the
      // keychain's native module) live in desktop/package.json; cognito-local is only loaded in
      // development (the embedded local Cognito). All stay external.
      externalizeDeps: { include: ["@github/keytar", "cognito-local"] },
    },
  },
  preload: {
    build: {
      outDir: out("preload"),
      lib: { entry: resolve(here, "preload/index.ts"), formats: ["cjs"] },
      rolldownOptions: { output: { format: "cjs", entryFileNames: "[name].cjs", codeSplitting: false } },
    },
  },
  renderer: {
    root: resolve(here, "renderer"),
    base: "./",
    build: {
      outDir: out("renderer"),
      emptyOutDir: true,
      // The polyfill would be an inline script, which the CSP forbids.
      modulePreload: { polyfill: false },
      rolldownOptions: { input: resolve(here, "renderer/index.html") },
    },
  },
});
