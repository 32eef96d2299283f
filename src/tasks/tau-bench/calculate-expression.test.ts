import { describe, expect, it } from "vitest";
import { calculateExpression } from "./calculate-expression.js";

describe("calculateExpression", () => {
  it("evaluates with Python's arithmetic and prints str(round(float(x), 2))", () => {
    expect(calculateExpression("1000 + 200")).toBe("1200.0");
    expect(calculateExpression("2 + 3 * 4")).toBe("14.0");
    expect(calculateExpression("(2 + 3) * 4 / 3")).toBe("6.67");
    expect(calculateExpression("-2 ** 2")).toBe("-4.0");
    expect(calculateExpression("2 ** -1")).toBe("0.5");
    expect(calculateExpression("7 // 2")).toBe("3.0");
    expect(calculateExpression("100.1 - 118.09")).toBe("-17.99");
  });

  it("returns the reference's error strings", () => {
    expect(calculateExpression("2 + x")).toBe("Error: invalid characters in expression");
    expect(calculateExpression("1 / 0")).toBe("Error: division by zero");
    expect(calculateExpression("1.0 / 0")).toBe("Error: float division by zero");
    expect(calculateExpression("2 +")).toBe("Error: invalid syntax (<string>, line 1)");
    expect(calculateExpression("2 (3)")).toBe("Error: 'int' object is not callable");
  });
});
