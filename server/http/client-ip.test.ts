import { afterEach, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address";
import { addressForLimits, clientIp } from "./client-ip";

const headers = (forwardedFor?: string, peer?: string) =>
  new Headers({ ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}), ...(peer ? { [PEER_ADDRESS_HEADER]: peer } : {}) });

afterEach(() => {
  delete process.env.TRUSTED_PROXY_COUNT;
});

describe("clientIp behind our server (the peer address is known)", () => {
  it("with no proxy, is the peer whatever X-Forwarded-For claims", () => {
    expect(clientIp(headers(undefined, "203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(headers("6.6.6.6", "203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(headers("6.6.6.6, 7.7.7.7", "203.0.113.7"))).toBe("203.0.113.7");
  });

  it("behind one proxy, is what that proxy appended, not what the client claimed", () => {
    process.env.TRUSTED_PROXY_COUNT = "1";
    expect(clientIp(headers("6.6.6.6, 203.0.113.7", "10.0.0.2"))).toBe("203.0.113.7");
  });

  it("behind two proxies, skips the inner proxy's own entry", () => {
    process.env.TRUSTED_PROXY_COUNT = "2";
    expect(clientIp(headers("6.6.6.6, 203.0.113.7, 10.0.0.3", "10.0.0.2"))).toBe("203.0.113.7");
  });

  it("with more proxies configured than the chain holds, takes the leftmost", () => {
    process.env.TRUSTED_PROXY_COUNT = "5";
    expect(clientIp(headers("203.0.113.7", "10.0.0.2"))).toBe("203.0.113.7");
  });

  // QA round 5: twelve sign-ups from one /64 all got through a limit of ten.
  it("counts an IPv6 client by its /64", () => {
    expect(clientIp(headers(undefined, "2001:db8:0:1::1"))).toBe("2001:db8:0:1::/64");
    expect(clientIp(headers(undefined, "2001:DB8:0:1:ffff:1:2:3"))).toBe("2001:db8:0:1::/64");
    expect(clientIp(headers(undefined, "2001:db8::c"))).toBe("2001:db8:0:0::/64");
    expect(clientIp(headers(undefined, "fe80::1%eth0"))).toBe("fe80:0:0:0::/64");
    expect(addressForLimits("::1")).toBe("0:0:0:0::/64");
    expect(addressForLimits("64:ff9b::203.0.113.7")).toBe("64:ff9b::203.0.113.7");
    expect(addressForLimits("not an address")).toBe("not an address");
  });

  it("reads an IPv4 client on a dual-stack socket as IPv4", () => {
    expect(clientIp(headers(undefined, "::ffff:203.0.113.7"))).toBe("203.0.113.7");
  });
});

describe("clientIp without our server (next dev)", () => {
  it("falls back to the rightmost X-Forwarded-For entry", () => {
    expect(clientIp(headers("127.0.0.1"))).toBe("127.0.0.1");
  });

  it("says unknown rather than throwing when there is no address at all", () => {
    expect(clientIp(headers())).toBe("unknown");
  });
});
