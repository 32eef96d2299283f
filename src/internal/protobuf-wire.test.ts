import { describe, expect, it } from "vitest";
import { bytesField, fieldText, packedIntegersField, readFields, stringField, varintField } from "./protobuf-wire.js";

describe("protobuf wire format", () => {
  it("writes varints as protobuf does", () => {
    expect(varintField({ field: 1, value: 150 })).toEqual([0x08, 0x96, 0x01]);
    expect(stringField({ field: 2, text: "testing" })).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    // −1 as int64 is ten bytes of two's complement.
    expect(packedIntegersField({ field: 7, values: [-1] })).toEqual([0x3a, 10, ...Array(9).fill(0xff), 0x01]);
  });

  it("reads back the top-level fields it wrote, without descending into messages", () => {
    const inner = [...varintField({ field: 2, value: 300 })];
    const message = Uint8Array.from([
      ...varintField({ field: 1, value: 2 ** 40 }),
      ...stringField({ field: 3, text: "ai.onnx" }),
      ...bytesField({ field: 8, bytes: inner }),
    ]);
    const fields = readFields(message);
    expect(fields.map((field) => field.field)).toEqual([1, 3, 8]);
    expect(fields[0]?.value).toBe(2 ** 40);
    expect(fieldText(fields[1] ?? { field: 0 })).toBe("ai.onnx");
    expect(readFields(fields[2]?.bytes ?? new Uint8Array())[0]?.value).toBe(300);
  });

  it("rejects truncated messages", () => {
    expect(() => readFields(Uint8Array.of(0x12, 0x05, 0x61))).toThrow(/Truncated/);
    expect(() => readFields(Uint8Array.of(0x08, 0x96))).toThrow(/Truncated/);
  });
});
