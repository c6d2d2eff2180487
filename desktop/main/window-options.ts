import type { BrowserWindowConstructorOptions } from "electron";

/** The custom scheme app pages are served from (never file://, whose origin covers the whole disk). */
export const APP_SCHEME = "app";
export const APP_HOST = "desktop";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface WindowOptionsInput {
  /** Absolute path of the built preload (one CommonJS file). */
  preloadPath: string;
  /** Developer tools; off in packaged builds. */
  devTools: boolean;
}

/**
 * The one window's options, as plain data so a Node test can check every hardening flag
 * (Electron's security checklist: isolation, sandbox, no Node, web security, no webview).
 */
export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 480,
    height: 760,
    minWidth: 380,
    minHeight: 600,
    show: false,
    title: "cognito-mfa-kit",
    backgroundColor: "#f4f5fb",
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would open new windows; they are denied anyway, this removes the event.
      disableBlinkFeatures: "Auxclick",
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
