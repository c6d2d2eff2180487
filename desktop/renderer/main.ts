import { startApp } from "./app.js";
import "./auth-window.js";

const byId = (id: string) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
};

startApp(window.auth, { card: byId("card"), banner: byId("keychain-banner"), announcer: byId("announcer") });
