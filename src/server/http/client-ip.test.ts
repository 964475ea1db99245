import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIpOf, networkOf } from "./client-ip";

const request = (remoteAddress: string | undefined, forwardedFor?: string | string[]) =>
  ({ headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe("the client IP of a request", () => {
  it("is the socket's address unless TRUST_PROXY, whatever X-Forwarded-For says", () => {
    expect(clientIpOf(request("203.0.113.9", "198.51.100.1"), false)).toBe("203.0.113.9");
    expect(clientIpOf(request("::ffff:127.0.0.1"), false)).toBe("127.0.0.1");
    expect(clientIpOf(request(undefined), false)).toBeNull();
  });

  it("behind a trusted proxy is the last X-Forwarded-For entry (the one the proxy wrote)", () => {
    expect(clientIpOf(request("10.0.0.2", "198.51.100.1"), true)).toBe("198.51.100.1");
    expect(clientIpOf(request("10.0.0.2", "1.2.3.4, 198.51.100.1"), true)).toBe("198.51.100.1");
    expect(clientIpOf(request("10.0.0.2", ["1.2.3.4", "2001:db8::1"]), true)).toBe("2001:db8::1");
    // Nothing usable forwarded: the socket's address.
    expect(clientIpOf(request("10.0.0.2", "not an address"), true)).toBe("10.0.0.2");
    expect(clientIpOf(request("10.0.0.2"), true)).toBe("10.0.0.2");
  });

  it("is counted per IPv4 address, and per /64 network for IPv6", () => {
    expect(networkOf("198.51.100.1")).toBe("198.51.100.1");
    expect(networkOf("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0DB8:0001:0002::9")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
    expect(networkOf("fe80::1:2:3:4")).toBe("fe80:0:0:0::/64");
  });
});
