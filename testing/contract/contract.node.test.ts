// The contract suite on Node's http module, over real loopback HTTP.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeAuth } from "../../middleware/adapters/node.js";
import { assertError } from "./assertions.js";
import { runContractSuite } from "./contract-cases.js";
import { useContractEnv } from "./contract-env.js";
import { nodeFactory, nodeListenerFactory } from "./servers.js";

const target = { name: "Node http", start: nodeFactory, create: nodeAuth, bodyParser: false };
runContractSuite(target);

const env = useContractEnv({ ...target, name: "Node http listener", start: nodeListenerFactory });
test("createServer(nodeAuth(options)) serves the auth routes and answers 404 NOT_FOUND elsewhere", async () => {
  const client = env.client();
  assertError(await client.get("/auth/session"), "NOT_SIGNED_IN");
  assertError(await client.get("/elsewhere"), "NOT_FOUND");
  const signIn = await client.post("/auth/sign-in", { username: "plain@example.com", password: "Plain-Passw0rd!" });
  assert.equal(signIn.status, 200);
});
