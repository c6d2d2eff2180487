/**
 * The parts of Electron's IpcMainInvokeEvent the sender check reads. Typed structurally so the
 * check runs in plain Node tests with plain objects.
 */
export interface IpcEventLike {
  /** The frame that sent the message; null once it has navigated away or been destroyed. */
  senderFrame: { url: string } | null;
}

export interface SenderPolicy {
  /** The app's own origin, e.g. "app://desktop". Compared on scheme and host: custom schemes have an opaque URL origin. */
  appOrigin: string;
  /** True when `frame` is the main frame of our one window (not a subframe, not another window). */
  isMainFrameOfOurWindow(frame: { url: string }): boolean;
}

/** Electron's security checklist, item 17: validate the sender of every IPC message. */
export function isTrustedSender(event: IpcEventLike, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || !policy.isMainFrameOfOurWindow(frame)) return false;
  return sameOrigin(frame.url, policy.appOrigin);
}

function sameOrigin(url: string, origin: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(origin);
  } catch {
    return false;
  }
  return actual.protocol === expected.protocol && actual.host === expected.host && actual.username === "" && actual.password === "";
}
