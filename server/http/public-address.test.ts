import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./public-address";

/**
 * Each IPv6 range that carries an IPv4 address, with loopback, the metadata address and a private
 * one inside it: refused whatever the IPv4 half, since a relay or translator may deliver it to that
 * IPv4 address. Written out by hand from the RFCs, not from the block list.
 */
const EMBEDDING_IPV4 = [
  // IPv4-compatible (::/96, RFC 4291, deprecated)
  ["::127.0.0.1", "::7f00:1", "::a9fe:a9fe", "::808:808"],
  // IPv4-mapped (::ffff:0:0/96): judged by the IPv4 address, so 8.8.8.8 mapped is public (below)
  ["::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "::ffff:a00:1"],
  // IPv4-translated (::ffff:0:0:0/96, RFC 2765)
  ["::ffff:0:7f00:1", "::ffff:0:127.0.0.1", "::ffff:0:a9fe:a9fe", "::ffff:0:808:808"],
  // NAT64 well-known prefix (64:ff9b::/96, RFC 6052)
  ["64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::808:808"],
  // local-use NAT64 (64:ff9b:1::/48, RFC 8215)
  ["64:ff9b:1::7f00:1", "64:ff9b:1:ffff::a9fe:a9fe", "64:ff9b:1:0:1::c0a8:101"],
  // 6to4 (2002::/16, RFC 3056): the IPv4 address is the next 32 bits
  ["2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:808:808::1", "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  // Teredo (2001::/32, RFC 4380): the client's address, inverted, in the last 32 bits
  ["2001:0:4136:e378:8000:63bf:80ff:fffe", "2001::1", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff"],
].flat();

describe("isPublicAddress", () => {
  it.each(EMBEDDING_IPV4)("refuses %s, an IPv6 address with an IPv4 address inside", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::", "fd00:ec2::254", "fe80::1", "not an address", ""])(
    "refuses %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );

  it.each([
    "8.8.8.8",
    "93.184.215.14",
    "::ffff:8.8.8.8", // mapped: 8.8.8.8 itself
    "2606:4700::1111",
    "2001:4860:4860::8888", // Google's, next to Teredo's 2001::/32 but outside it
    "2003::1", // next to 6to4's 2002::/16
    "64:ff9c::1", // next to NAT64's 64:ff9b::/96 and /48
  ])("accepts %s, a public address", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
