import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveAppAsset } from "../../desktop/main/app-assets.js";
import { APP_RESPONSE_HEADERS } from "../../desktop/main/content-security-policy.js";

/**
 * Serves the built renderer on 127.0.0.1 the way the app:// protocol handler does (same file
 * lookup, same CSP header): Chromium in tests cannot load a custom scheme.
 */
export async function serveRenderer(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const asset = request.method === "GET" ? resolveAppAsset(root, url.pathname) : { found: false as const };
    if (!asset.found) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(asset.filePath);
      response.writeHead(200, { ...APP_RESPONSE_HEADERS, "content-type": asset.contentType }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
