import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { resolveAppAsset } from "./app-assets.js";
import { APP_RESPONSE_HEADERS, CONTENT_SECURITY_POLICY } from "./content-security-policy.js";
import { APP_ENTRY_URL, windowOptions } from "./window-options.js";

test("the window is hardened: isolation, sandbox, no Node, web security, no webview", () => {
  const prefs = windowOptions({ preloadPath: "/app/preload/index.cjs", devTools: false }).webPreferences!;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.devTools, false);
  assert.equal(prefs.preload, "/app/preload/index.cjs");
});

test("pages come from the app:// scheme, not file://", () => {
  assert.match(APP_ENTRY_URL, /^app:\/\/desktop\//);
});

test("the CSP allows only our own scripts and styles, and no network", () => {
  const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(" ")]));
  assert.equal(directives["default-src"], "'none'");
  assert.equal(directives["script-src"], "'self'");
  assert.equal(directives["style-src"], "'self'");
  assert.equal(directives["img-src"], "'self' data:");
  assert.equal(directives["connect-src"], "'none'");
  assert.equal(directives["object-src"], "'none'");
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(APP_RESPONSE_HEADERS["content-security-policy"], CONTENT_SECURITY_POLICY);
});

test("app:// serves only files of the built renderer", () => {
  const root = mkdtempSync(path.join(tmpdir(), "cmk-assets-"));
  mkdirSync(path.join(root, "assets"));
  writeFileSync(path.join(root, "index.html"), "<!doctype html>");
  writeFileSync(path.join(root, "assets", "app.js"), "");
  writeFileSync(path.join(root, ".env"), "SECRET=1");
  assert.deepEqual(resolveAppAsset(root, "/"), { found: true, filePath: path.join(root, "index.html"), contentType: "text/html; charset=utf-8" });
  assert.equal(resolveAppAsset(root, "/assets/app.js").found, true);
  for (const bad of ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/.env", "/assets/%00.js", "/assets\\..\\x.js", "/%E0%A4%A", "/main/index.ts"]) {
    assert.equal(resolveAppAsset(root, bad).found, false, bad);
  }
});
