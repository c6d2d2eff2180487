import { createConnection, createServer, type Socket } from "node:net";

/**
 * A loopback TCP proxy that can go silent without closing anything: the half-open connection a
 * dead network path leaves behind (no FIN, no RST, bytes just stop). `thaw` drops the frozen
 * connections (the bytes swallowed meanwhile broke their streams) so clients reconnect.
 */
export interface FreezeProxy {
  port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezeProxy(target: { host: string; port: number }): Promise<FreezeProxy> {
  let frozen = false;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk) => frozen || upstream.write(chunk));
    upstream.on("data", (chunk) => frozen || client.write(chunk));
    for (const socket of pair) {
      socket.on("error", forget);
      socket.on("close", forget);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    freeze: () => void (frozen = true),
    thaw() {
      frozen = false;
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
