// The contract suite on Express 5 (and a smoke pass on Express 4), over real loopback HTTP.
import { expressAuth, requireAuth } from "../../middleware/adapters/express.js";
import { runContractSuite, runSmokeSuite } from "./contract-cases.js";
import { express4Factory, express5Factory } from "./servers.js";

runContractSuite({ name: "Express 5", start: express5Factory, create: expressAuth, exportedRequireAuth: requireAuth, bodyParser: true });
runSmokeSuite({ name: "Express 4", start: express4Factory, create: expressAuth, exportedRequireAuth: requireAuth, bodyParser: true });
