import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, dialog } from "electron";
import { createConsoleLogger } from "../../shared/runtime/logger.js";
import { registerAppScheme, serveAppProtocol } from "./app-protocol.js";
import { createMainWindow, isMainFrameOf } from "./create-window.js";
import { accountHandlers } from "./ipc/account-handlers.js";
import { authHandlers } from "./ipc/auth-handlers.js";
import { deviceHandlers } from "./ipc/device-handlers.js";
import { createIpcRouter } from "./ipc/ipc-router.js";
import { pushState, registerIpc } from "./register-ipc.js";
import { startDesktopAuth, type DesktopAuth } from "./start-auth.js";
import { APP_ORIGIN } from "./window-options.js";

// The Electron entry: lifecycle only. Everything it wires is plain Node, tested without Electron.
const logger = createConsoleLogger(process.env.CMK_LOG_LEVEL === "debug" ? "debug" : "info");
const OFFLINE_RETRY_MS = 30_000;

app.enableSandbox();
registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let auth: DesktopAuth | undefined;

async function main(): Promise<void> {
  await app.whenReady();
  try {
    auth = await startDesktopAuth({
      env: process.env,
      dataDirectory: app.getPath("userData"),
      packaged: app.isPackaged,
      // Inside app.asar, covered by the asar integrity fuse: same-user programs cannot rewrite it.
      bundledConfigFile: path.join(app.getAppPath(), "desktop", "cognito.json"),
      logger,
    });
  } catch (error) {
    dialog.showErrorBox("cognito-mfa-kit cannot start", (error as Error).message);
    app.exit(1);
    return;
  }
  const { service, account, devices } = auth;
  serveAppProtocol(fileURLToPath(new URL("../renderer/", import.meta.url)));
  const window = createMainWindow({ preloadPath: fileURLToPath(new URL("../preload/index.cjs", import.meta.url)), devTools: !app.isPackaged });
  const router = createIpcRouter({ handlers: { ...authHandlers(service), ...deviceHandlers(devices), ...accountHandlers(account) }, logger, sender: { appOrigin: APP_ORIGIN, isMainFrameOfOurWindow: (frame) => isMainFrameOf(window, frame) } });
  registerIpc(router);
  service.onState((state) => pushState(window, state));

  app.on("second-instance", () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // A remembered sign-in that could not be restored because Cognito was unreachable: try again.
  const state = await service.restore();
  if (state.offline) {
    const timer = setInterval(async () => {
      const next = await service.restore().catch(() => service.getState());
      if (!next.offline || next.status !== "signed-out") clearInterval(timer);
    }, OFFLINE_RETRY_MS);
    timer.unref();
  }
}

app.on("window-all-closed", () => app.quit());
app.on("before-quit", () => void auth?.stop());
// Belt and braces for any web contents created later (none are, by design).
app.on("web-contents-created", (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.on("will-navigate", (event) => event.preventDefault());
});

void main();
