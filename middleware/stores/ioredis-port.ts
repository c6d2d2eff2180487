import type { IoredisClient } from "./redis-client.js";
import { assertOneSlot, isNoScript, withDeadline, type LuaScript, type RedisPort, type Subscription, type SubscriptionListener } from "./redis-port.js";

/** An ioredis client or Cluster behind the kit's RedisPort. Cluster routes each script by its first key. */
export function ioredisPort(client: IoredisClient, options: { deadlineMs: number; owned: boolean }): RedisPort {
  const { deadlineMs } = options;
  const bounded = <T>(call: Promise<T>) => withDeadline(call, deadlineMs);
  const subscriptions = new Set<Subscription>();
  let everReady = client.status === "ready";
  if (!everReady) client.once("ready", () => (everReady = true));

  return {
    kind: client.isCluster ? "ioredis-cluster" : "ioredis",
    deadlineMs,
    limiterOptions: { storeClient: client },

    async run(script: LuaScript, keys, args) {
      assertOneSlot(keys);
      try {
        return await bounded(client.evalsha(script.sha, keys.length, ...keys, ...args));
      } catch (error) {
        // A node that has not seen the script yet (first call, restart, failover) loads it once.
        if (!isNoScript(error)) throw error;
        return bounded(client.eval(script.source, keys.length, ...keys, ...args));
      }
    },

    async del(key) {
      await bounded(client.del(key));
    },

    async publish(channel, message) {
      await bounded(client.publish(channel, message));
    },

    subscribe(channel, listener) {
      const subscription = subscribeWith(client, channel, listener);
      subscriptions.add(subscription);
      return {
        close() {
          subscriptions.delete(subscription);
          subscription.close();
        },
      };
    },

    whenConnected() {
      return everReady ? Promise.resolve() : firstReady(client, deadlineMs);
    },

    async close() {
      for (const subscription of subscriptions) subscription.close();
      subscriptions.clear();
      if (options.owned) client.disconnect();
    },
  };
}

/**
 * A duplicate connection in subscriber mode. It queues its SUBSCRIBE until connected and
 * re-subscribes after every reconnect; every close, reconnect or node change is reported as
 * `lost`, since a message published in the gap never arrives.
 */
function subscribeWith(client: IoredisClient, channel: string, listener: SubscriptionListener): Subscription {
  const retry = (times: number) => Math.min(100 * times, 1000);
  const subscriber = client.isCluster
    ? client.duplicate([], { enableOfflineQueue: true, lazyConnect: false, clusterRetryStrategy: retry })
    : client.duplicate({ enableOfflineQueue: true, lazyConnect: false, autoResubscribe: true, retryStrategy: retry, maxRetriesPerRequest: null });
  let closed = false;
  subscriber.on("error", () => {}); // reported through `lost` below
  subscriber.on("message", (from: string, text: string) => {
    if (from === channel) listener.message(text);
  });
  for (const event of ["close", "end", "reconnecting", "-node", "node error"]) subscriber.on(event, () => closed || listener.lost());
  subscriber.subscribe(channel).catch(() => closed || listener.lost());
  return {
    close() {
      closed = true;
      subscriber.disconnect();
    },
  };
}

function firstReady(client: IoredisClient, timeoutMs: number): Promise<void> {
  // Without an offline queue, a request arriving while the client still connects would fail
  // although Redis is fine; an outage after the first connection fails fast as intended.
  if (client.status === "ready" || !["wait", "connecting", "connect"].includes(client.status)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once("ready", done);
  });
}
