import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One Cognito API call as it crossed the wire. */
export interface CognitoCall {
  /** The API operation, e.g. "InitiateAuth" (from X-Amz-Target). */
  operation: string;
  body: Record<string, any>;
}

/** What the proxy does instead of forwarding a call. */
export type CognitoFault =
  /** Cognito's error answer: `x-amzn-errortype` plus a JSON body, as the service sends it. */
  | { error: string; message: string; status?: number }
  /** Accepts the request and never answers (a stalled connection). */
  | { stall: true }
  /** Forwards, then lets the test rewrite Cognito's JSON answer. */
  | { rewrite: (body: Record<string, any>) => Record<string, any> };

export interface CognitoProxy {
  /** Point the SDK (and the JWKS fetch) here instead of at the local Cognito. */
  endpoint: string;
  /** Every API call received, in order (faulted ones included). */
  readonly calls: CognitoCall[];
  /** Every answer the upstream gave, for tests that need to know what Cognito said. */
  readonly answers: Array<{ operation: string; body: Record<string, any> }>;
  /** Calls of one operation (or all) so far. */
  count(operation?: string): number;
  /** Decides per call whether to inject a fault; undefined forwards the call untouched. */
  setFault(rule: ((call: CognitoCall) => CognitoFault | undefined) | undefined): void;
  stop(): Promise<void>;
}

/**
 * A loopback proxy in front of the local Cognito. It counts calls (the "zero Cognito calls"
 * checks) and injects the faults no emulator produces, on the real wire, so the SDK's own
 * retry, timeout and error parsing run exactly as they would against AWS.
 */
export async function startCognitoProxy(upstream: string): Promise<CognitoProxy> {
  const calls: CognitoCall[] = [];
  const answers: Array<{ operation: string; body: Record<string, any> }> = [];
  const sockets = new Set<Socket>();
  let rule: ((call: CognitoCall) => CognitoFault | undefined) | undefined;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.split(".")[1] ?? "";
    let fault: CognitoFault | undefined;
    if (operation) {
      const call = { operation, body: raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, any>) : {} };
      calls.push(call);
      fault = rule?.(call);
    }
    if (fault && "stall" in fault) return; // the socket stays open until the caller gives up
    if (fault && "error" in fault) {
      res.writeHead(fault.status ?? 400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": fault.error });
      res.end(JSON.stringify({ __type: fault.error, message: fault.message }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name, value]) => typeof value === "string" && !["host", "content-length", "connection"].includes(name)),
    ) as Record<string, string>;
    const upstreamResponse = await fetch(`${upstream}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
      ...(raw.length ? { body: raw } : {}),
    });
    let text = await upstreamResponse.text();
    if (operation && upstreamResponse.ok && text) {
      let body = JSON.parse(text) as Record<string, any>;
      answers.push({ operation, body });
      if (fault && "rewrite" in fault) {
        body = fault.rewrite(body);
        text = JSON.stringify(body);
      }
    }
    const passHeaders: Record<string, string> = {};
    upstreamResponse.headers.forEach((value, name) => {
      if (!["content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive"].includes(name)) passHeaders[name] = value;
    });
    res.writeHead(upstreamResponse.status, passHeaders);
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    answers,
    count: (operation) => (operation ? calls.filter((call) => call.operation === operation).length : calls.length),
    setFault(next) {
      rule = next;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
