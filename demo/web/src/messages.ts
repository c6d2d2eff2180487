// The words for each error code are shared with the desktop renderer (shared/ui/messages.ts).
export { messageFor, passwordChangeMessageFor, waitText } from "../../../shared/ui/messages.js";
