import { authFlowSuite } from "../../testing/desktop/auth-flow-suite.js";

// Runs inside a D-Bus session with an unlocked gnome-keyring (scripts/run-tests.mjs).
authFlowSuite("persisted");
