import { ipcMain, type BrowserWindow } from "electron";
import type { AuthState } from "./auth-state.js";
import { IPC_CONTRACT, STATE_CHANNEL, authStateSchema } from "./ipc/ipc-contract.js";
import type { IpcRouter } from "./ipc/ipc-router.js";

/**
 * The only file that touches ipcMain: one handle per contract channel, each going through the
 * router (sender check, input validation, envelope).
 */
export function registerIpc(router: IpcRouter): void {
  for (const channel of Object.keys(IPC_CONTRACT)) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => router.handle(channel, event, args));
  }
}

/** Pushes a state change to the window, through the same strict schema as replies. */
export function pushState(window: BrowserWindow, state: AuthState): void {
  if (window.isDestroyed()) return;
  window.webContents.send(STATE_CHANNEL, authStateSchema.parse(state));
}
