import { parse, type SerializeOptions } from "cookie";
import type { TokenSet } from "../../shared/cognito/cognito-port.js";
import type { ResolvedOptions } from "./options.js";
import { setCookieHeader } from "./set-cookie.js";

export interface SessionCookies {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  /** This browser's remembered device cookie, still sealed: `CookieJar.deviceOf` opens it (only a refresh needs it). */
  sealedDevice?: string;
}

/**
 * Names and attributes of every cookie the middleware sets. Tokens live only here: HttpOnly,
 * Secure, SameSite, and `__Host-` (Path=/, no Domain) so no subdomain can plant or read them.
 *
 * The challenge cookie is `__Host-` too, so it has Path=/. A sibling subdomain (or a plain-http
 * page of the same host) can set a cookie for our host with `Domain=` or any Path, but a
 * browser refuses it a `__Host-` name, and the server reads only that name: a planted challenge
 * id is never answered. Path-scoping it to the auth routes kept only 43 bytes off other requests
 * and is no security boundary, so it gave way. (A `__Host-` binding cookie plus an HMAC in the
 * challenge record would do the same with a second cookie and more code.) Without `secure`
 * (plain http on a LAN name) no prefix is possible: the cookie then stays scoped to the routes.
 */
export class CookieJar {
  private readonly hostPrefix: string;
  readonly names: { access: string; id: string; refresh: string; challenge: string; device: string };

  constructor(
    private readonly options: ResolvedOptions["cookies"],
    private readonly openDevice: (sealed: string | undefined) => { deviceKey: string; cognitoUsername: string } | undefined = () => undefined,
  ) {
    // `__Host-` requires Secure; without it (plain http on a LAN name) the prefix would be refused.
    this.hostPrefix = options.secure ? "__Host-" : "";
    const base = options.namePrefix;
    this.names = {
      access: `${this.hostPrefix}${base}-access`,
      id: `${this.hostPrefix}${base}-id`,
      refresh: `${this.hostPrefix}${base}-refresh`,
      challenge: `${this.hostPrefix}${base}-challenge`,
      device: `${this.hostPrefix}${base}-device`,
    };
  }

  /**
   * The session cookies, the challenge cookie (`<id>.<stash key>`: `challengeId` is the id part,
   * `challengeKey` the key that opens the resend stash) and the sealed device cookie, as sent.
   */
  read(cookieHeader: string | null | undefined): { session: SessionCookies; challengeId?: string; challengeKey?: string; device?: string } {
    const all = cookieHeader ? parse(cookieHeader) : {};
    const challenge = splitChallengeToken(all[this.names.challenge]);
    return {
      session: this.sessionOf(all),
      ...(challenge.id ? { challengeId: challenge.id } : {}),
      ...(challenge.key ? { challengeKey: challenge.key } : {}),
      ...(all[this.names.device] ? { device: all[this.names.device] } : {}),
    };
  }

  /** Only the session cookies (what every guarded request reads). */
  readSession(cookieHeader: string | null | undefined): SessionCookies {
    return cookieHeader ? this.sessionOf(parse(cookieHeader)) : {};
  }

  /** The remembered device of a session, when its sealed cookie opens. Opened on demand: decrypting is not free. */
  deviceOf(session: SessionCookies): { deviceKey: string; cognitoUsername: string } | undefined {
    const device = this.openDevice(session.sealedDevice);
    return device ? { deviceKey: device.deviceKey, cognitoUsername: device.cognitoUsername } : undefined;
  }

  private sessionOf(all: Record<string, string | undefined>): SessionCookies {
    return {
      ...(all[this.names.access] ? { accessToken: all[this.names.access] } : {}),
      ...(all[this.names.id] ? { idToken: all[this.names.id] } : {}),
      ...(all[this.names.refresh] ? { refreshToken: all[this.names.refresh] } : {}),
      ...(all[this.names.device] ? { sealedDevice: all[this.names.device] } : {}),
    };
  }

  /** Set-Cookie headers for a signed-in session. */
  session(tokens: TokenSet): string[] {
    const maxAge = this.options.sessionMaxAgeSeconds;
    return [
      this.serialize(this.names.access, tokens.accessToken, "/", maxAge),
      this.serialize(this.names.id, tokens.idToken, "/", maxAge),
      ...(tokens.refreshToken ? [this.serialize(this.names.refresh, tokens.refreshToken, "/", maxAge)] : []),
    ];
  }

  clearSession(): string[] {
    return [this.names.access, this.names.id, this.names.refresh].map((name) => this.serialize(name, "", "/", 0));
  }

  challenge(id: string, basePath: string, maxAgeSeconds: number): string {
    return this.serialize(this.names.challenge, id, this.challengePath(basePath), maxAgeSeconds);
  }

  clearChallenge(basePath: string): string {
    return this.serialize(this.names.challenge, "", this.challengePath(basePath), 0);
  }

  /** The remembered device, sealed (see device-cookie.ts): long-lived, Path=/ like the session. */
  device(sealed: string): string {
    return this.serialize(this.names.device, sealed, "/", DEVICE_MAX_AGE_SECONDS);
  }

  clearDevice(): string {
    return this.serialize(this.names.device, "", "/", 0);
  }

  /** `__Host-` demands Path=/. */
  private challengePath(basePath: string): string {
    return this.hostPrefix ? "/" : basePath;
  }

  private serialize(name: string, value: string, path: string, maxAge: number): string {
    const attributes: SerializeOptions = {
      httpOnly: true,
      secure: this.options.secure,
      sameSite: this.options.sameSite,
      path,
      maxAge,
      ...(maxAge === 0 ? { expires: new Date(0) } : {}),
    };
    return setCookieHeader(name, value, attributes);
  }
}

/** A remembered device outlives any session: a year, renewed at each sign-in that uses it. */
const DEVICE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * A challenge cookie or challengeToken: `<challenge id>.<base64url stash key>`. The key opens the
 * resend stash and lives only here, never in the store. An id alone (no key) still names the
 * challenge; it just cannot resend.
 */
export function splitChallengeToken(value: string | undefined): { id?: string; key?: string } {
  if (!value) return {};
  const dot = value.indexOf(".");
  if (dot < 0) return { id: value };
  return { id: value.slice(0, dot), key: value.slice(dot + 1) };
}

export function joinChallengeToken(id: string, key: string | undefined): string {
  return key ? `${id}.${key}` : id;
}
