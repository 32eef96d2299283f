import { describe, expect, it } from "vitest";
import { checkRequestOrigin } from "./check-request-origin.js";

describe("checkRequestOrigin", () => {
  it("accepts programs calling a loopback server by a local name", () => {
    for (const host of ["127.0.0.1:8123", "localhost:8123", "[::1]:8123", "127.0.0.2", "localhost"])
      expect(checkRequestOrigin({ headers: { host }, boundHost: "127.0.0.1" })).toBeUndefined();
  });

  it("refuses any Origin, cross-site fetches, and other names on a loopback server", () => {
    const origin = { host: "127.0.0.1:8123", origin: "http://127.0.0.1:8123" };
    expect(checkRequestOrigin({ headers: origin, boundHost: "127.0.0.1" })).toMatch(/web pages/);
    const site = { host: "127.0.0.1:8123", "sec-fetch-site": "cross-site" };
    expect(checkRequestOrigin({ headers: site, boundHost: "127.0.0.1" })).toMatch(/web pages/);
    expect(checkRequestOrigin({ headers: { host: "evil.example:8123" }, boundHost: "::1" })).toMatch(
      /not this machine/,
    );
  });

  it("accepts any name on a server bound to another interface (the token guards it there)", () => {
    expect(checkRequestOrigin({ headers: { host: "gpu-box:8123" }, boundHost: "0.0.0.0" })).toBeUndefined();
  });
});
