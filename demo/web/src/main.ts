// Entry point of the demo login page (built by Vite into dist/demo-web).
import { startApp } from "./app.js";

const card = document.getElementById("card");
if (card) startApp(card);
