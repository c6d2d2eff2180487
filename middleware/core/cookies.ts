import { parse, serialize, type SerializeOptions } from "cookie";
import type { TokenSet } from "../../shared/cognito/cognito-port.js";
import type { ResolvedOptions } from "./options.js";

export interface SessionCookies {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
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
  readonly names: { access: string; id: string; refresh: string; challenge: string };

  constructor(private readonly options: ResolvedOptions["cookies"]) {
    // `__Host-` requires Secure; without it (plain http on a LAN name) the prefix would be refused.
    this.hostPrefix = options.secure ? "__Host-" : "";
    const base = options.namePrefix;
    this.names = {
      access: `${this.hostPrefix}${base}-access`,
      id: `${this.hostPrefix}${base}-id`,
      refresh: `${this.hostPrefix}${base}-refresh`,
      challenge: `${this.hostPrefix}${base}-challenge`,
    };
  }

  read(cookieHeader: string | null | undefined): { session: SessionCookies; challengeId?: string } {
    const all = cookieHeader ? parse(cookieHeader) : {};
    return {
      session: {
        ...(all[this.names.access] ? { accessToken: all[this.names.access] } : {}),
        ...(all[this.names.id] ? { idToken: all[this.names.id] } : {}),
        ...(all[this.names.refresh] ? { refreshToken: all[this.names.refresh] } : {}),
      },
      ...(all[this.names.challenge] ? { challengeId: all[this.names.challenge] } : {}),
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
    return serialize(name, value, attributes);
  }
}
