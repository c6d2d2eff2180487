import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The demo login page: plain TypeScript and CSS, built into dist/demo-web at the repo root,
// which the demo server serves (`npm run demo:build`; `npm start` builds it first).
const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../../dist/demo-web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
  },
});
