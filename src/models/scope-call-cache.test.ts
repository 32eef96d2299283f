import { describe, expect, it } from "vitest";
import { createMemoryCallCache } from "../testing/memory-call-cache.js";
import { scopeCallCache } from "./scope-call-cache.js";

describe("scopeCallCache", () => {
  it("keeps entries of two scopes apart", async () => {
    const cache = createMemoryCallCache();
    const first = scopeCallCache({ cache, scope: "chat:openai-compatible:http://a/v1#m", mode: "use" });
    const second = scopeCallCache({ cache, scope: "chat:openai-compatible:http://b/v1#m", mode: "use" });
    await first?.set("k", { text: "a" }, { modelId: "m" });
    expect(await first?.get("k")).toEqual({ text: "a" });
    expect(await second?.get("k")).toBeUndefined();
  });

  it("writes without reading in refresh mode and is absent when off", async () => {
    const cache = createMemoryCallCache();
    await scopeCallCache({ cache, scope: "s", mode: "use" })?.set("k", 1, { modelId: "m" });
    const refreshing = scopeCallCache({ cache, scope: "s", mode: "refresh" });
    expect(await refreshing?.get("k")).toBeUndefined();
    await refreshing?.set("k", 2, { modelId: "m" });
    expect(await scopeCallCache({ cache, scope: "s", mode: "use" })?.get("k")).toBe(2);
    expect(scopeCallCache({ cache, scope: "s", mode: "off" })).toBeUndefined();
  });
});
