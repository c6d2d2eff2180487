import { assertOneSlot, isNoScript, withDeadline, type NodeRedisClient, type RedisPort, type Subscription, type SubscriptionListener } from "./redis-port.js";

/**
 * A node-redis (v4/v5) client or cluster behind the kit's RedisPort. The host connects it and
 * closes it; the kit only closes the subscriber connections it opened.
 */
export function nodeRedisPort(client: NodeRedisClient, options: { deadlineMs: number }): RedisPort {
  const { deadlineMs } = options;
  const bounded = <T>(call: Promise<T>) => withDeadline(call, deadlineMs);
  const subscriptions = new Set<Subscription>();
  const strings = (values: ReadonlyArray<string | number>) => values.map(String);
  const firstConnection: Promise<void> =
    client.isReady !== false || !client.isOpen
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadlineMs);
          timer.unref();
          client.on("ready", () => {
            clearTimeout(timer);
            resolve();
          });
        });

  return {
    kind: "node-redis",
    deadlineMs,
    // rate-limiter-flexible speaks node-redis' camelCase API only when told to.
    limiterOptions: { storeClient: client, useRedisPackage: true },

    async run(script, keys, args) {
      assertOneSlot(keys);
      const call = { keys: [...keys], arguments: strings(args) };
      try {
        return await bounded(client.evalSha(script.sha, call));
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return bounded(client.eval(script.source, call));
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
      // Only the first connection is waited for: during a later outage requests fail fast.
      return firstConnection;
    },

    async close() {
      for (const subscription of subscriptions) subscription.close();
      subscriptions.clear();
    },
  };
}

function subscribeWith(client: NodeRedisClient, channel: string, listener: SubscriptionListener): Subscription {
  const subscriber = client.duplicate();
  let closed = false;
  for (const event of ["end", "reconnecting", "error"]) subscriber.on(event, () => closed || listener.lost());
  // node-redis re-subscribes on its own after a reconnect.
  subscriber
    .connect()
    .then(() => subscriber.subscribe(channel, (text) => listener.message(text)))
    .catch(() => closed || listener.lost());
  return {
    close() {
      closed = true;
      void Promise.resolve(subscriber.destroy ? subscriber.destroy() : subscriber.disconnect?.()).catch(() => {});
    },
  };
}
