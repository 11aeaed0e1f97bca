import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const headers = (forwardedFor?: string) => new Headers(forwardedFor ? { "x-forwarded-for": forwardedFor } : {});

afterEach(() => {
  delete process.env.TRUSTED_PROXY_COUNT;
});

describe("clientIp", () => {
  it("uses the address next start recorded when nothing else was sent", () => {
    expect(clientIp(headers("127.0.0.1"))).toBe("127.0.0.1");
  });

  it("behind one proxy, takes the address that proxy appended, not what the client claimed", () => {
    process.env.TRUSTED_PROXY_COUNT = "1";
    expect(clientIp(headers("6.6.6.6, 203.0.113.7"))).toBe("203.0.113.7");
  });

  it("behind two proxies, skips the inner proxy's own entry", () => {
    process.env.TRUSTED_PROXY_COUNT = "2";
    expect(clientIp(headers("6.6.6.6, 203.0.113.7, 10.0.0.2"))).toBe("203.0.113.7");
  });

  it("says unknown rather than throwing when there is no address at all", () => {
    expect(clientIp(headers())).toBe("unknown");
  });
});
