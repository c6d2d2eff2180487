// Placeholder until the middleware lands: starts the local Cognito and signs the demo user in,
// so a newcomer sees the code line printed. Replaced by the demo server.
import { createSdkCognitoPort } from "../../shared/cognito/sdk-cognito-port.js";
import { createSignInFlow } from "../../shared/flow/sign-in-flow.js";
import { startLocalCognito } from "../../shared/local-cognito/local-cognito.js";

const local = await startLocalCognito();
const flow = createSignInFlow({
  cognito: createSdkCognitoPort({ region: local.region, endpoint: local.endpoint, clientId: local.serverClient.clientId, clientSecret: local.serverClient.clientSecret }),
});
const outcome = await flow.signIn({ username: "demo@example.com", password: "Demo-Passw0rd!" });
console.log(JSON.stringify(outcome.result));
