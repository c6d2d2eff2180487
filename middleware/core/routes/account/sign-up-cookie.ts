import { parse } from "cookie";
import type { ResolvedOptions } from "../../options.js";
import { setCookieHeader } from "../../set-cookie.js";

/**
 * The sign-up cookie: only the opaque id of the sign-up session the server keeps, HttpOnly,
 * SameSite, and `__Host-` (Path=/, no Domain) when Secure, as the challenge cookie is, so a
 * sibling subdomain cannot plant one. Without Secure it is scoped to the routes.
 */
export class SignUpCookie {
  readonly name: string;

  constructor(private readonly options: ResolvedOptions["cookies"]) {
    this.name = `${options.secure ? "__Host-" : ""}${options.namePrefix}-signup`;
  }

  read(cookieHeader: string | null): string | undefined {
    return cookieHeader ? parse(cookieHeader)[this.name] : undefined;
  }

  set(id: string, basePath: string, maxAgeSeconds: number): string {
    return this.serialize(id, basePath, maxAgeSeconds);
  }

  clear(basePath: string): string {
    return this.serialize("", basePath, 0);
  }

  private serialize(value: string, basePath: string, maxAge: number): string {
    const { secure, sameSite } = this.options;
    return setCookieHeader(this.name, value, { httpOnly: true, secure, sameSite, path: secure ? "/" : basePath, maxAge, ...(maxAge === 0 ? { expires: new Date(0) } : {}) });
  }
}
