import { contextBridge, ipcRenderer } from "electron";
import type { AuthState } from "../main/auth-state.js";
import type { IpcChannel, StateChannel } from "../main/ipc/ipc-contract.js";
import { buildAuthApi } from "./auth-api.js";

// Electron's preload, sandboxed: it imports types only from the main side and exposes exactly
// one fixed object. Without context isolation the page could reach ipcRenderer through our
// closures, so it refuses to run at all (better-auth's preload does the same).
if (!process.contextIsolated) {
  throw new Error("cognito-mfa-kit: the preload refuses to run without contextIsolation.");
}

const STATE_CHANNEL: StateChannel = "auth:state";

contextBridge.exposeInMainWorld(
  "auth",
  buildAuthApi({
    invoke: (channel: IpcChannel, payload?: unknown) => (payload === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, payload)),
    subscribe(listener) {
      const handler = (_event: Electron.IpcRendererEvent, state: AuthState) => listener(state);
      ipcRenderer.on(STATE_CHANNEL, handler);
      return () => void ipcRenderer.removeListener(STATE_CHANNEL, handler);
    },
  }),
);
