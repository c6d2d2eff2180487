import { isAuthError } from "../../../shared/errors/auth-error.js";
import { silentLogger, type Logger } from "../../../shared/runtime/logger.js";
import { IPC_CONTRACT, errorEnvelope, isIpcChannel, type IpcChannel, type IpcEnvelope, type IpcInput, type IpcOutput } from "./ipc-contract.js";
import { isTrustedSender, type IpcEventLike, type SenderPolicy } from "./sender-check.js";

/** One handler per channel, typed by the contract. */
export type IpcHandlers = { [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcOutput<C>> | IpcOutput<C> };
/** The handlers of some channels (the sign-in ones, the account ones), merged into IpcHandlers. */
export type IpcHandlersFor<C extends IpcChannel> = Pick<IpcHandlers, C>;

export interface IpcRouterOptions {
  handlers: IpcHandlers;
  sender: SenderPolicy;
  logger?: Logger;
}

/**
 * The logic behind every `ipcMain.handle`: sender check, then input validation, then the
 * handler, then output validation; always an envelope, never a throw. Electron-free, so it is
 * tested with plain objects standing in for the event.
 */
export interface IpcRouter {
  handle(channel: unknown, event: IpcEventLike, args: readonly unknown[]): Promise<IpcEnvelope<unknown>>;
}

export function createIpcRouter(options: IpcRouterOptions): IpcRouter {
  const logger = options.logger ?? silentLogger;

  async function run<C extends IpcChannel>(channel: C, raw: unknown): Promise<IpcEnvelope<IpcOutput<C>>> {
    const schemas = IPC_CONTRACT[channel];
    const parsed = schemas.input.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".");
      // Name the field, never echo the value (it may be a password).
      return errorEnvelope("INVALID_REQUEST", field ? `${field}: ${issue?.message}` : "The request is not valid.");
    }
    const handler = options.handlers[channel] as (input: unknown) => Promise<unknown>;
    let result: unknown;
    try {
      result = await handler(parsed.data);
    } catch (error) {
      if (isAuthError(error)) {
        return { ok: false, error: { code: error.code, message: error.message, ...error.details } };
      }
      logger.error("ipc.handler-crashed", { channel, message: (error as Error)?.message });
      return errorEnvelope("INTERNAL");
    }
    const checked = schemas.output.safeParse(result);
    if (!checked.success) {
      // A result that does not match the contract (a token field, say) never leaves main.
      logger.error("ipc.output-rejected", { channel, path: checked.error.issues[0]?.path.join(".") });
      return errorEnvelope("INTERNAL");
    }
    return { ok: true, data: checked.data as IpcOutput<C> };
  }

  return {
    async handle(channel, event, args) {
      if (!isIpcChannel(channel)) return errorEnvelope("INVALID_REQUEST", "Unknown channel.");
      if (!isTrustedSender(event, options.sender)) {
        logger.warn("ipc.sender-rejected", { channel, url: event.senderFrame?.url?.slice(0, 200) });
        return errorEnvelope("FORBIDDEN_ORIGIN");
      }
      if (args.length > 1) return errorEnvelope("INVALID_REQUEST", "Send one argument.");
      return run(channel, args[0]);
    },
  };
}
