import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets.js";

describe("redactSecrets", () => {
  it("replaces the values of credential fields at any depth", () => {
    const result = redactSecrets({
      target: "openai:gpt-4o-mini",
      apiKey: "abc123",
      providers: [{ headers: { Authorization: "xyz", "x-api-key": "k1" }, api_key: "k2" }],
      maxTokens: 64,
      inputTokens: 10,
    });
    expect(result).toEqual({
      target: "openai:gpt-4o-mini",
      apiKey: "[redacted]",
      providers: [{ headers: { Authorization: "[redacted]", "x-api-key": "[redacted]" }, api_key: "[redacted]" }],
      maxTokens: 64,
      inputTokens: 10,
    });
  });

  it("removes secret-looking text inside strings", () => {
    const result = redactSecrets({
      note: "header Bearer abc.def-123 sent",
      key: "sk-proj-ABCDEFGH12345678",
      url: "https://user:hunter2@example.com/v1?key=s3cr3t&x=1",
    });
    expect(JSON.stringify(result)).not.toMatch(/abc\.def-123|ABCDEFGH12345678|hunter2|s3cr3t/);
    expect(JSON.stringify(result)).toContain("x=1");
  });

  it("does not modify its input", () => {
    const input = { apiKey: "abc" };
    redactSecrets(input);
    expect(input.apiKey).toBe("abc");
  });
});
