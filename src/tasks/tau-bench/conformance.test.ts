import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { diffEpisodeDatabases } from "./episode-database.js";
import { invokeTool } from "./invoke-tool.js";
import { loadTauDomain, type TauDomain, type TauDomainName } from "./load-tau-domain.js";
import { toPythonJson } from "./python-json.js";
import type { PyValue } from "./python-value.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

interface Step {
  readonly name: string;
  readonly kwargs: Record<string, PyValue>;
  readonly output?: string;
  readonly skippedInReplay?: boolean;
}
interface Change {
  readonly table: string;
  readonly key: string;
  readonly before: unknown;
  readonly after: unknown;
}
interface Case {
  readonly label: string;
  readonly steps: readonly Step[];
  readonly changes: readonly Change[];
}

function readCases(domain: TauDomainName, file: string): Case[] {
  const text = readFileSync(`${dataDir}/tau-bench/${domain}/conformance/${file}`, "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      // Conformance records are the data set's own JSON lines.
      const record = JSON.parse(line) as Record<string, unknown> & Step & { changes: Change[]; steps?: Step[] };
      const steps: readonly Step[] = record.steps ?? [
        { name: record.name, kwargs: record.kwargs, output: record.output ?? "" },
      ];
      return { label: `${file}:${index + 1}`, steps, changes: record.changes };
    });
}

/** Replays one case on a fresh database and returns every mismatch as text (empty when it conforms). */
function replay(domain: TauDomain, testCase: Case): { mismatches: string[]; exactJson: number; json: number } {
  const database = domain.createDatabase();
  const mismatches: string[] = [];
  let exactJson = 0;
  let json = 0;
  for (const [index, step] of testCase.steps.entries()) {
    if (step.skippedInReplay === true) break;
    const output = invokeTool({ database, tools: domain.tools, name: step.name, args: step.kwargs });
    const expected = step.output ?? "";
    const isJson = expected.startsWith("{") || expected.startsWith("[");
    if (isJson) {
      json += 1;
      if (output === expected) exactJson += 1;
    }
    const same = isJson ? isDeepStrictEqual(safeParse(output), JSON.parse(expected)) : output === expected;
    if (!same) mismatches.push(`${testCase.label} step ${index} ${step.name}: got ${output.slice(0, 300)}`);
  }
  // The recorded changes are JSON, where an int that became a float (60 → 60.0) looks unchanged: compare as JSON.
  const asJson = (value: unknown): unknown =>
    JSON.parse(toPythonJson({ value: value ?? null, format: database.format }));
  const actual = diffEpisodeDatabases({ expected: domain.createDatabase(), actual: database })
    .map((difference) => ({
      table: difference.table,
      key: difference.key,
      before: asJson(difference.expected),
      after: asJson(difference.actual),
    }))
    .filter((change) => !isDeepStrictEqual(change.before, change.after));
  const order = (a: Change, b: Change): number => `${a.table}/${a.key}`.localeCompare(`${b.table}/${b.key}`);
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(actual.sort(order))), [...testCase.changes].sort(order)))
    mismatches.push(`${testCase.label}: database changes differ`);
  return { mismatches, exactJson, json };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const suites: readonly [TauDomainName, readonly string[]][] = [
  ["retail", ["test.jsonl", "train.jsonl", "dev.jsonl", "variants.jsonl"]],
  ["airline", ["test.jsonl"]],
];

describe.skipIf(!hasData)("tau-bench conformance", () => {
  const domains = new Map<TauDomainName, TauDomain>();
  beforeAll(async () => {
    for (const [name] of suites) domains.set(name, await loadTauDomain({ dataDir, domain: name }));
  });
  for (const [name, files] of suites) {
    for (const file of files) {
      it(`reproduces every output and database change of ${name}/${file}`, () => {
        const domain = domains.get(name);
        if (domain === undefined) throw new Error("domain not loaded");
        const cases = readCases(name, file);
        const results = cases.map((testCase) => replay(domain, testCase));
        const mismatches = results.flatMap((result) => result.mismatches);
        expect(mismatches.slice(0, 10)).toEqual([]);
        expect(cases.length).toBeGreaterThan(0);
        // The exact text the model sees: Python's json.dumps formatting, floats and key order included.
        const json = results.reduce((sum, result) => sum + result.json, 0);
        const exact = results.reduce((sum, result) => sum + result.exactJson, 0);
        expect(exact).toBe(json);
      });
    }
  }
});
