/**
 * The client's address. X-Forwarded-For is trusted only for the configured number of proxy
 * hops, counted from the right (the entries our own proxies appended); anything further left
 * was written by the client and could be spoofed.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | null, trustedHops: number): string {
  const direct = normalise(remoteAddress ?? "unknown");
  if (trustedHops <= 0 || !forwardedFor) return direct;
  const chain = forwardedFor.split(",").map((entry) => entry.trim()).filter(Boolean);
  // With N trusted hops, the Nth address from the right was added by our outermost proxy and
  // names the client as that proxy saw it.
  const candidate = chain[chain.length - trustedHops];
  return candidate ? normalise(candidate) : normalise(chain[0] ?? direct);
}

function normalise(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
