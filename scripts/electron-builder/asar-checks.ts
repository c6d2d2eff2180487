// Pure checks on what a packaged app contains, given the archive's file list. Kept apart from
// the build so they can be shown to fail on a listing with a leak in it.
import { builtinModules } from "node:module";

/** The package an archive path belongs to (the innermost node_modules), or undefined for app files. */
export function packageOf(file: string): string | undefined {
  const parts = file.split("/").filter(Boolean);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const first = parts[at + 1];
  if (!first) return undefined;
  return first.startsWith("@") && parts[at + 2] ? `${first}/${parts[at + 2]}` : first;
}

/** Where a package's folder starts, e.g. "/node_modules/@aws-sdk/core". */
export function packageRoot(file: string): string | undefined {
  const name = packageOf(file);
  if (!name) return undefined;
  const marker = `/node_modules/${name}`;
  return file.slice(0, file.lastIndexOf(marker) + marker.length);
}

// Server frameworks, build tools, test tools and the development Cognito: none belongs in the app.
const FORBIDDEN = /^(express\d*|koa\d*|@koa\/.+|vite|vite-.+|@vitejs\/.+|rolldown|@rolldown\/.+|playwright(-core)?|@playwright\/.+|cognito-local|typescript|tsx|esbuild|electron|electron-.+|@electron\/.+|sharp|@img\/.+)$/;

/** Files that belong to a forbidden package or to one of the project's dev dependencies. */
export function forbiddenPackages(files: readonly string[], devDependencies: readonly string[]): string[] {
  const dev = new Set(devDependencies);
  const found = new Set<string>();
  for (const file of files) {
    const name = packageOf(file);
    if (name && (FORBIDDEN.test(name) || dev.has(name))) found.add(name);
  }
  return [...found].sort();
}

const SOURCE = /\.(ts|tsx|mts|cts)$/; // includes .d.ts
const MAP = /\.map$/;
const TEST = /(\.(test|spec)\.[cm]?[jt]sx?$)|(\/(test|tests|__tests__|testing)\/)/;
// The app's own files (desktop/ is the app folder) may only be the built output and package.json.
const APP_FILES = /^\/(package\.json$|out\/|node_modules\/)/;

/** TypeScript sources, source maps, tests and any repository file other than the built app. */
export function unwantedFiles(files: readonly string[]): string[] {
  return files.filter((file) => {
    if (!APP_FILES.test(file) && !isAncestorOfAllowed(file)) return true;
    return SOURCE.test(file) || MAP.test(file) || TEST.test(file);
  });
}

function isAncestorOfAllowed(file: string): boolean {
  return file === "/out" || file === "/node_modules";
}

const BUILTINS = new Set(["electron", ...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Package names a bundle imports or requires by bare specifier (not relative, not built in). */
export function bareImports(code: string): string[] {
  const found = new Set<string>();
  const patterns = [/\bfrom\s*["']([^"'./][^"']*)["']/g, /\bimport\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g, /\brequire\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g, /\)\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1] ?? "";
      if (BUILTINS.has(specifier) || specifier.startsWith("node:")) continue;
      const parts = specifier.split("/");
      found.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier));
    }
  }
  return [...found].sort();
}

/**
 * Dependencies that would fail to resolve at run time: for each packaged package, each entry
 * of its `dependencies` must be found by Node's lookup (its own node_modules, then the
 * parents'). `allowedMissing` names build-only dependencies left out on purpose.
 */
export function missingDependencies(
  packages: ReadonlyMap<string, { dependencies?: Record<string, string> }>,
  allowedMissing: ReadonlySet<string>,
): string[] {
  const missing: string[] = [];
  for (const [root, manifest] of packages) {
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (allowedMissing.has(dependency)) continue;
      if (!resolvesFrom(root, dependency, packages)) missing.push(`${root} → ${dependency}`);
    }
  }
  return missing;
}

function resolvesFrom(root: string, dependency: string, packages: ReadonlyMap<string, unknown>): boolean {
  let base = root;
  for (;;) {
    if (packages.has(`${base}/node_modules/${dependency}`)) return true;
    const at = base.lastIndexOf("/node_modules/");
    if (at < 0) return packages.has(`/node_modules/${dependency}`);
    base = base.slice(0, at);
  }
}
