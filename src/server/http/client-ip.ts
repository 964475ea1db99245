import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6 } from "node:net";

/**
 * The address a request comes from, for per-IP limits. Behind a reverse proxy (TRUST_PROXY=true)
 * it is the last X-Forwarded-For entry, the one our proxy wrote: entries before it are whatever
 * the client sent. Otherwise it is the socket's peer, and X-Forwarded-For is ignored, since
 * anyone could write it. IPv4 in IPv6 form ("::ffff:1.2.3.4") is written as IPv4.
 */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? lastForwardedFor(req.headers["x-forwarded-for"]) : null;
  const address = forwarded ?? req.socket.remoteAddress ?? null;
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function lastForwardedFor(header: string | string[] | undefined): string | null {
  const entries = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",");
  const last = entries[entries.length - 1]?.trim() ?? "";
  return isIPv4(last) || isIPv6(last) ? last : null;
}

/**
 * The key a per-IP limit counts under: the IPv4 address, or an IPv6 address's /64 network (one
 * household or server gets a whole /64, so counting single IPv6 addresses counts nothing).
 */
export function networkOf(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
