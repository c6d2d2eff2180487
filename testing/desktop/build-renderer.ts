import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type InlineConfig } from "vite";
import desktopConfig from "../../desktop/electron.vite.config.js";

const desktopRoot = fileURLToPath(new URL("../../desktop/", import.meta.url));

export interface BuiltRenderer {
  /** The built renderer folder (index.html + assets), as app:// serves it. */
  rendererDir: string;
  /** The preload's `buildAuthApi`, bundled for a browser page (an IIFE defining `CmkAuthApi`). */
  authApiScript: string;
}

/**
 * Builds the renderer with the app's own Vite settings (from electron.vite.config.ts) into a
 * temporary folder, and the preload's API builder for a page, so browser tests load exactly
 * what the app ships.
 */
export async function buildRendererForTests(): Promise<BuiltRenderer> {
  const outDir = await mkdtemp(path.join(tmpdir(), "cmk-renderer-"));
  const renderer = (desktopConfig as { renderer: InlineConfig }).renderer;
  await build({ ...renderer, configFile: false, logLevel: "warn", build: { ...renderer.build, outDir: path.join(outDir, "renderer"), emptyOutDir: true } });
  await build({
    configFile: false,
    logLevel: "warn",
    build: {
      outDir: path.join(outDir, "auth-api"),
      emptyOutDir: true,
      minify: false,
      lib: { entry: path.join(desktopRoot, "preload/auth-api.ts"), formats: ["iife"], name: "CmkAuthApi", fileName: () => "auth-api.js" },
    },
  });
  return { rendererDir: path.join(outDir, "renderer"), authApiScript: await readFile(path.join(outDir, "auth-api/auth-api.js"), "utf8") };
}
