/**
 * A password kept only while a challenge is open, so "Resend code" can sign in again without
 * asking for it. Held in a Buffer rather than a string so it can be overwritten when the
 * challenge ends (a JS string lingers until the garbage collector gets to it).
 */
export class HeldSecret {
  private buffer: Buffer | undefined;

  constructor(value: string) {
    this.buffer = Buffer.from(value, "utf8");
  }

  get wiped(): boolean {
    return this.buffer === undefined;
  }

  /** The secret for one call; throws once wiped. */
  reveal(): string {
    if (!this.buffer) throw new Error("The secret has been wiped");
    return this.buffer.toString("utf8");
  }

  /** Overwrites the bytes and forgets them. Safe to call twice. */
  wipe(): void {
    this.buffer?.fill(0);
    this.buffer = undefined;
  }
}
