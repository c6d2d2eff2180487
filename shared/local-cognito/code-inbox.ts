/** One code the local Cognito sent. */
export interface SentCode {
  medium: "SMS" | "EMAIL";
  destination: string;
  /** The sign-in name (the e-mail address for the seeded users). */
  username: string;
  code: string;
}

/**
 * Captures every code the local Cognito sends, the way a phone would: tests (and the demo)
 * read the newest one with `nextCode`, which waits for it when it has not arrived yet.
 */
export class CodeInbox {
  readonly sent: SentCode[] = [];
  private readonly unread = new Map<string, SentCode>();
  private readonly waiters = new Map<string, Array<(code: SentCode) => void>>();

  deliver(code: SentCode): void {
    this.sent.push(code);
    const key = code.username.toLowerCase();
    const waiting = this.waiters.get(key);
    if (waiting?.length) {
      this.waiters.delete(key);
      for (const resolve of waiting) resolve(code);
      return;
    }
    this.unread.set(key, code);
  }

  /** The newest unread code for a user (older unread ones are skipped, as a person would). */
  nextCode(username: string, { timeoutMs = 5000 } = {}): Promise<string> {
    const key = username.toLowerCase();
    const ready = this.unread.get(key);
    if (ready) {
      this.unread.delete(key);
      return Promise.resolve(ready.code);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(key) ?? [];
        this.waiters.set(key, list.filter((waiter) => waiter !== onCode));
        reject(new Error(`No code was sent to ${username} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onCode = (code: SentCode) => {
        clearTimeout(timer);
        resolve(code.code);
      };
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), onCode]);
    });
  }

  /** How many codes went to a user so far. */
  countFor(username: string): number {
    return this.sent.filter((code) => code.username.toLowerCase() === username.toLowerCase()).length;
  }
}
