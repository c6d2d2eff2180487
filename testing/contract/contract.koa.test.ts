// The contract suite on Koa 3 (and a smoke pass on Koa 2), over real loopback HTTP.
import { koaAuth, requireAuth } from "../../middleware/adapters/koa.js";
import { runContractSuite, runSmokeSuite } from "./contract-cases.js";
import { koa2Factory, koa3Factory } from "./servers.js";

runContractSuite({ name: "Koa 3", start: koa3Factory, create: koaAuth, exportedRequireAuth: requireAuth, bodyParser: true });
runSmokeSuite({ name: "Koa 2", start: koa2Factory, create: koaAuth, exportedRequireAuth: requireAuth, bodyParser: true });
