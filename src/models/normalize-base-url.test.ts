import { describe, expect, it } from "vitest";
import { normalizeBaseUrl } from "./normalize-base-url.js";

describe("normalizeBaseUrl", () => {
  it("lower-cases the host, drops the default port, credentials and trailing slashes", () => {
    expect(normalizeBaseUrl("HTTP://User:pw@LOCALHOST:80/v1/")).toBe("http://localhost/v1");
    expect(normalizeBaseUrl("https://api.example.com:443/v1")).toBe("https://api.example.com/v1");
  });

  it("keeps the port and path that tell two servers apart", () => {
    expect(normalizeBaseUrl("http://127.0.0.1:8001/v1")).not.toBe(normalizeBaseUrl("http://127.0.0.1:8002/v1"));
    expect(normalizeBaseUrl("http://host/a/v1")).not.toBe(normalizeBaseUrl("http://host/b/v1"));
  });

  it("removes credential query parameters and sorts the rest", () => {
    expect(normalizeBaseUrl("https://h/v1?key=sk-1&b=2&api-version=1")).toBe("https://h/v1?api-version=1&b=2");
    expect(normalizeBaseUrl("https://h/v1?token=x")).toBe("https://h/v1");
  });
});
