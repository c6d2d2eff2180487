import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { serialize, type SerializeOptions } from "cookie";
import { setCookieHeader } from "./set-cookie.js";

const session: SerializeOptions = { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 3600 };
const cleared: SerializeOptions = { httpOnly: true, secure: false, sameSite: "strict", path: "/auth", maxAge: 0, expires: new Date(0) };

test("a plain value (JWT, base64url, sealed box, challenge token) gives the library's own header", () => {
  const jwt = `${randomBytes(40).toString("base64url")}.${randomBytes(300).toString("base64url")}.${randomBytes(256).toString("base64url")}`;
  for (const value of [jwt, randomBytes(1300).toString("base64url"), "v1.abc_-~", `${randomBytes(32).toString("base64url")}.${randomBytes(32).toString("base64url")}`, ""]) {
    for (const attributes of [session, cleared]) assert.equal(setCookieHeader("__Host-cmk-access", value, attributes), serialize("__Host-cmk-access", value, attributes));
  }
});

test("anything else is escaped by the library, as before", () => {
  for (const value of ["a b", "a;b", "ä", 'q"uote', "a=b", "%41", "a,b"]) {
    const header = setCookieHeader("cmk-id", value, session);
    assert.equal(header, serialize("cmk-id", value, session));
    assert.ok(!header.slice(0, header.indexOf(";")).slice("cmk-id=".length).match(/[ ;",\u0080-\uffff]/), header);
  }
});

test("a bad name or attribute is still refused by the library", () => {
  assert.throws(() => setCookieHeader("bad name", "abc", session), TypeError);
  assert.throws(() => setCookieHeader("cmk", "abc", { ...session, path: "/a;b" }), TypeError);
  assert.throws(() => setCookieHeader("cmk", "abc", { ...session, maxAge: 1.5 }), TypeError);
});
