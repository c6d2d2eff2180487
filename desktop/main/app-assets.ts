import path from "node:path";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

export type AssetLookup = { found: true; filePath: string; contentType: string } | { found: false };

/**
 * Maps a request path under the app:// scheme to a file of the built renderer. Only files
 * inside `root`, only known types, no dot-files: `app://desktop/../../etc/passwd` finds nothing.
 * Plain Node, shared by the Electron protocol handler and the test server.
 */
export function resolveAppAsset(root: string, pathname: string): AssetLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { found: false };
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return { found: false };
  const relative = decoded === "/" || decoded === "" ? "index.html" : decoded.replace(/^\/+/, "");
  const filePath = path.resolve(root, relative);
  const rootWithSeparator = path.resolve(root) + path.sep;
  if (!filePath.startsWith(rootWithSeparator)) return { found: false };
  if (relative.split("/").some((segment) => segment.startsWith("."))) return { found: false };
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  if (!contentType) return { found: false };
  return { found: true, filePath, contentType };
}
