import { BrowserWindow, type WebFrameMain } from "electron";
import { APP_ENTRY_URL, windowOptions } from "./window-options.js";

/**
 * Creates the one window: hardened options, every navigation, new window and permission
 * request denied (the app is a single page that talks to main over IPC only).
 */
export function createMainWindow(input: { preloadPath: string; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow(windowOptions(input));
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  window.once("ready-to-show", () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** True when `frame` is the top frame of `window` (the IPC sender check's frame test). */
export function isMainFrameOf(window: BrowserWindow, frame: unknown): boolean {
  if (window.isDestroyed()) return false;
  const main = window.webContents.mainFrame;
  const candidate = frame as WebFrameMain;
  return candidate === main || (candidate.parent === null && candidate.processId === main.processId && candidate.routingId === main.routingId);
}
