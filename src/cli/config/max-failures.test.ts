import { describe, expect, it } from "vitest";
import { resolveMaxFailures } from "../../tasks/resolve-max-failures.js";
import { maxFailuresOption } from "./max-failures.js";

describe("resolveMaxFailures", () => {
  it("takes a count as given and a percentage of the examples rounded down", () => {
    expect(resolveMaxFailures({ value: 3, examples: 300 })).toBe(3);
    expect(resolveMaxFailures({ value: "7", examples: 300 })).toBe(7);
    expect(resolveMaxFailures({ value: "5%", examples: 300 })).toBe(15);
    expect(resolveMaxFailures({ value: "5%", examples: 10 })).toBe(0);
    expect(resolveMaxFailures({ value: "100%", examples: 10 })).toBe(10);
  });

  it("refuses a share above 100% and text that is neither", () => {
    expect(() => resolveMaxFailures({ value: "150%", examples: 10 })).toThrow(/up to 100%/);
    expect(maxFailuresOption.safeParse("ten").success).toBe(false);
    expect(maxFailuresOption.safeParse("2.5%").success).toBe(true);
  });
});
