import { describe, expect, it } from "vitest";
import { createEpisodeDatabase, diffEpisodeDatabases } from "./episode-database.js";
import { parseOrderedJson } from "./parse-ordered-json.js";
import { toPythonJson } from "./python-json.js";

interface Tables {
  items: { name: string; price: number; variants?: Record<string, number> };
}

function setup() {
  const keyOrders = new WeakMap<object, readonly string[]>();
  const parsed = parseOrderedJson({
    text: '{"b": {"name": "B", "price": 2.0, "variants": {"9000000000": 1, "1000": 2}}, "a": {"name": "A", "price": 1.5}}',
    file: "items.json",
    keyOrders,
  });
  const records = new Map(Object.entries(parsed.value as Record<string, object>)); // a JSON object of records
  for (const record of records.values()) Object.freeze(record);
  const base = new Map([["items", records]]);
  const create = () => createEpisodeDatabase<Tables>({ base, floatKeys: new Set(["price"]), keyOrders });
  return { create };
}

describe("createEpisodeDatabase", () => {
  it("copies a record on its first write and leaves the shared base and other episodes untouched", () => {
    const { create } = setup();
    const first = create();
    const second = create();
    const edited = first.edit("items", "a");
    if (edited === undefined) throw new Error("missing");
    edited.price = 3;
    expect(first.get("items", "a")?.price).toBe(3);
    expect(second.get("items", "a")?.price).toBe(1.5);
    expect(() => {
      const shared = second.get("items", "a");
      if (shared !== undefined) shared.price = 9;
    }).toThrow(TypeError);
    expect([...first.touchedKeys("items")]).toEqual(["a"]);
  });

  it("keeps insertion order, appending new records", () => {
    const { create } = setup();
    const database = create();
    database.insert("items", "c", { name: "C", price: 1 });
    expect([...database.entries("items")].map(([key]) => key)).toEqual(["b", "a", "c"]);
  });

  it("prints records as Python did: floats with .0 and the file's key order", () => {
    const { create } = setup();
    const database = create();
    expect(toPythonJson({ value: database.get("items", "b"), format: database.format })).toBe(
      '{"name": "B", "price": 2.0, "variants": {"9000000000": 1, "1000": 2}}',
    );
    const record = database.edit("items", "a");
    if (record === undefined) throw new Error("missing");
    database.markNumber(record, "price", "int");
    expect(toPythonJson({ value: record, format: database.format })).toBe('{"name": "A", "price": 1.5}');
    record.price = 4;
    expect(toPythonJson({ value: record, format: database.format })).toBe('{"name": "A", "price": 4}');
  });

  it("diffs only touched records and reports both sides", () => {
    const { create } = setup();
    const expected = create();
    const actual = create();
    const record = actual.edit("items", "b");
    if (record === undefined) throw new Error("missing");
    record.name = "changed";
    expected.edit("items", "a");
    expect(diffEpisodeDatabases({ expected, actual })).toEqual([
      {
        table: "items",
        key: "b",
        expected: expect.objectContaining({ name: "B" }),
        actual: expect.objectContaining({ name: "changed" }),
      },
    ]);
  });
});
