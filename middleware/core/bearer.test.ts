import assert from "node:assert/strict";
import { test } from "node:test";
import { bearerOf } from "./bearer.js";

test("the token of `Authorization: Bearer <token>`, the scheme in any case, after spaces or tabs", () => {
  assert.equal(bearerOf("Bearer abc.def.ghi"), "abc.def.ghi");
  assert.equal(bearerOf("bearer abc.def.ghi"), "abc.def.ghi");
  assert.equal(bearerOf("BEARER \t  abc.def.ghi"), "abc.def.ghi");
  assert.equal(bearerOf("bEaReR abc.def.ghi"), "abc.def.ghi");
});

test("no token for anything else: no header, another scheme, no separator, nothing after it", () => {
  for (const header of [null, "", "Bearer", "Bearer ", "Bearer   ", "Basic dXNlcjpwYXNz", "Bearerabc.def.ghi", "Token abc.def.ghi", "xBearer abc", "Bearez abc", "Bearer\u00a0abc", "B\u00e5arer abc", "Bearer\nabc", "bearer\u0000abc"]) {
    assert.equal(bearerOf(header), undefined, JSON.stringify(header));
  }
});
