import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AuthOptionsError, type AuthOptions } from "../../middleware/core/options.js";
import type { ContractEnv } from "./contract-env.js";

/** Options are checked when the factory is called, and the caller's object is never touched. */
export function optionCases(env: ContractEnv): void {
  describe("options", () => {
    const bad: Array<[string, (options: AuthOptions) => unknown]> = [
      ["options.cognito.region", (options) => ({ ...options, cognito: { ...options.cognito, region: "moon" } })],
      ["options.cognito.userPoolId", (options) => ({ ...options, cognito: { ...options.cognito, userPoolId: "no-underscore" } })],
      ["options.cognito.endpoint", (options) => ({ ...options, cognito: { ...options.cognito, endpoint: "not a url" } })],
      ["options.cognito.timeoutMs", (options) => ({ ...options, cognito: { ...options.cognito, timeoutMs: -1 } })],
      ["options.tokenTransport", (options) => ({ ...options, tokenTransport: "header" })],
      ["options.basePath", (options) => ({ ...options, basePath: "auth/" })],
      ["options.limits.signInsPerIp.points", (options) => ({ ...options, limits: { signInsPerIp: { points: 0, durationSeconds: 60 } } })],
      ["options.cookies.sameSite", (options) => ({ ...options, cookies: { sameSite: "none" } })],
    ];
    for (const [name, mutate] of bad) {
      test(`a bad ${name} fails at the factory call with AuthOptionsError naming it`, () => {
        assert.throws(
          () => env.target.create(mutate(env.options()) as AuthOptions),
          (error: unknown) => error instanceof AuthOptionsError && error.message.includes(`${name} `),
        );
      });
    }

    test('basePath "/" is refused at the factory call: the routes would shadow the whole app', () => {
      assert.throws(
        () => env.target.create({ ...env.options(), basePath: "/" }),
        (error: unknown) => error instanceof AuthOptionsError && error.message.includes("options.basePath "),
      );
    });

    test("cognito.region may be left out: it is read from the pool id, and sign-in works", async () => {
      const { region: _region, ...cognito } = env.options().cognito;
      const created = env.target.create({ ...env.options(), cognito });
      try {
        assert.equal(created.core.options.cognito.region, cognito.userPoolId.split("_")[0]);
        assert.equal(created.core.options.cognito.timeoutMs, 5000, "defaults are filled in once, by the schema");
      } finally {
        await created.close();
      }
    });

    test("the resolved options are frozen all the way down", async () => {
      const created = env.target.create(env.options());
      try {
        assert.ok(Object.isFrozen(created.core.options) && Object.isFrozen(created.core.options.limits) && Object.isFrozen(created.core.options.limits.signInsPerIp));
        assert.ok(Object.isFrozen(created.core.options.cookies) && Object.isFrozen(created.core.options.allowedOrigins));
      } finally {
        await created.close();
      }
    });

    test("a misspelt option fails at the factory call, naming the unknown key", () => {
      assert.throws(
        () => env.target.create({ ...env.options(), tokenTransprot: "body" } as AuthOptions),
        (error: unknown) => error instanceof AuthOptionsError && error.message.includes("tokenTransprot"),
      );
    });

    test("a missing cognito block fails at the factory call, naming options.cognito", () => {
      const { cognito: _cognito, ...rest } = env.options();
      assert.throws(() => env.target.create(rest as AuthOptions), (error: unknown) => error instanceof AuthOptionsError && /options\.cognito\b/.test(error.message));
    });

    test("the caller's options object is not mutated (deeply frozen, unchanged afterwards)", async () => {
      const options = deepFreeze(env.options({ allowedOrigins: ["http://localhost:5173"], cookies: { sameSite: "strict" }, basePath: "/auth" }));
      const snapshot = JSON.stringify(options);
      const created = env.target.create(options);
      await created.close();
      assert.equal(JSON.stringify(options), snapshot);
    });
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    // Shared objects (the logger) are frozen too; nothing here should write to them.
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
