import { readFile } from "node:fs/promises";
import { protocol } from "electron";
import { resolveAppAsset } from "./app-assets.js";
import { APP_RESPONSE_HEADERS } from "./content-security-policy.js";
import { APP_HOST, APP_SCHEME } from "./window-options.js";

/** Must run before `app.whenReady()`: app:// behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);
}

/** Serves the built renderer from `root` on app://desktop/, with the CSP header. */
export function serveAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (request.method !== "GET" || url.host !== APP_HOST) return new Response(null, { status: 404 });
    const asset = resolveAppAsset(root, url.pathname);
    if (!asset.found) return new Response(null, { status: 404 });
    try {
      return new Response(await readFile(asset.filePath), { headers: { ...APP_RESPONSE_HEADERS, "content-type": asset.contentType } });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
