import { describe, expect, it } from "vitest";
import { redactKnownSecrets } from "./redact-known-secrets.js";

describe("redactKnownSecrets", () => {
  it("removes every occurrence of known secrets and bearer tokens", () => {
    const text = "key sk-abc123456 rejected (sk-abc123456); header Bearer tok.en-1";
    expect(redactKnownSecrets({ text, secrets: ["sk-abc123456"] })).toBe(
      "key [redacted] rejected ([redacted]); header Bearer [redacted]",
    );
  });

  it("leaves text without secrets alone and ignores too-short secrets", () => {
    expect(redactKnownSecrets({ text: "HTTP 500: boom", secrets: ["", "ab"] })).toBe("HTTP 500: boom");
  });
});
