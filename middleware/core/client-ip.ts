import { isIP } from "node:net";

/**
 * The client's address. X-Forwarded-For is trusted only for the configured number of proxy
 * hops, counted from the right (the entries our own proxies appended); anything further left
 * was written by the client and could be spoofed. An entry that is not an IP address
 * ("unknown", an obfuscated RFC 7239 name, garbage) is never used as an address: positions are
 * still counted over the raw list, so dropping it cannot promote a client-written entry.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | null, trustedHops: number): string {
  const direct = normaliseIp(remoteAddress) ?? "unknown";
  if (trustedHops <= 0 || !forwardedFor) return direct;
  const chain = forwardedFor.split(",").map((entry) => entry.trim()).filter(Boolean);
  // With N trusted hops, the Nth address from the right was added by our outermost proxy and
  // names the client as that proxy saw it. If that entry is no address, the nearest trusted
  // hop to its right that is one names who reached us; failing that, the socket does.
  const first = Math.max(chain.length - trustedHops, 0);
  for (let index = first; index < chain.length; index += 1) {
    const address = normaliseIp(chain[index]);
    if (address) return address;
  }
  return direct;
}

/** An IP address in canonical form (IPv4-mapped IPv6 as the IPv4, no zone), or undefined for anything else. */
export function normaliseIp(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const address = value.replace(/%.*$/, "");
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind !== 6) return undefined;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  return address.toLowerCase();
}

/**
 * The bucket an address is limited in: an IPv4 address alone, an IPv6 client by its /64 (one
 * subscriber or LAN is routinely handed a whole /64, 2^64 addresses to rotate through).
 */
export function ipLimitKey(ip: string): string {
  const address = normaliseIp(ip);
  if (!address) return ip;
  if (isIP(address) === 4) return address;
  const prefix = ipv6Groups(address).slice(0, 4).map((group) => group.toString(16));
  return `${prefix.join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}
