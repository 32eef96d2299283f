import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { diffEpisodeDatabases, type EpisodeDatabase } from "./episode-database.js";
import { invokeTool } from "./invoke-tool.js";
import { loadTauDomain, type TauDomain, type TauDomainName } from "./load-tau-domain.js";
import { toPythonHashText } from "./python-hash-text.js";
import { readToolArguments } from "./read-tool-arguments.js";
import { TauEpisodeCrash } from "./tau-episode-crash.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

/** One recorded step: the call as JSON text and what the original returned (text, or SHA-256 when long). */
interface Step {
  readonly name: string;
  readonly kwargs: string;
  readonly output?: string;
  readonly outputSha256?: string;
}
/** A record of `fixtures/perturbations.jsonl` (written by scripts/make-tau-perturbations.py from the original). */
interface Record_ {
  readonly domain: TauDomainName;
  readonly task?: string;
  readonly steps: readonly Step[];
  readonly changes: readonly { readonly table: string; readonly key: string; readonly hash: string | null }[];
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

const records: Record_[] = readFileSync(new URL("./fixtures/perturbations.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  // The fixture's own JSON lines, written by the generator script.
  .map((line) => JSON.parse(line) as Record_);

/** What the original's environment observes for one call (a tool returning None is observed as "None"). */
function observe(domain: TauDomain, database: EpisodeDatabase<object>, step: Step): string {
  const parsed = readToolArguments(step.kwargs);
  if (!parsed.ok) throw new Error(`fixture kwargs are not an object: ${step.kwargs}`);
  try {
    return invokeTool({ database, tools: domain.tools, name: step.name, args: parsed.value });
  } catch (error) {
    if (error instanceof TauEpisodeCrash) return error.observation;
    throw error;
  }
}

/** Replays one record on a fresh database; returns its mismatches as text. */
function replay(domain: TauDomain, record: Record_, label: string): string[] {
  const database = domain.createDatabase();
  const mismatches: string[] = [];
  for (const [index, step] of record.steps.entries()) {
    const output = observe(domain, database, step);
    const same = step.output !== undefined ? output === step.output : sha256(output) === step.outputSha256;
    if (!same)
      mismatches.push(
        `${label} step ${index} ${step.name}(${step.kwargs.slice(0, 200)}): got ${output.slice(0, 200)} want ${step.output ?? step.outputSha256}`,
      );
  }
  const actual = diffEpisodeDatabases({ expected: domain.createDatabase(), actual: database })
    .map((difference) => ({
      table: difference.table,
      key: difference.key,
      hash:
        difference.actual === undefined
          ? null
          : sha256(toPythonHashText({ value: difference.actual, format: database.format })),
    }))
    .sort((a, b) => `${a.table}/${a.key}`.localeCompare(`${b.table}/${b.key}`));
  const expected = [...record.changes].sort((a, b) => `${a.table}/${a.key}`.localeCompare(`${b.table}/${b.key}`));
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    mismatches.push(
      `${label}: database changes differ: got ${JSON.stringify(actual)} want ${JSON.stringify(expected)}`,
    );
  return mismatches;
}

describe.skipIf(!hasData)("tau-bench perturbation conformance (recorded from the original tools)", () => {
  const domains = new Map<TauDomainName, TauDomain>();
  beforeAll(async () => {
    for (const name of ["retail", "airline"] as const)
      domains.set(name, await loadTauDomain({ dataDir, domain: name }));
  });

  it("has single calls and multi-step sequences of both domains", () => {
    expect(records.filter((record) => record.task === undefined).length).toBeGreaterThan(2000);
    expect(records.filter((record) => record.task !== undefined).length).toBeGreaterThan(200);
    expect(new Set(records.map((record) => record.domain)).size).toBe(2);
  });

  it("reproduces every output, database change and record hash", () => {
    const mismatches = records.flatMap((record, index) => {
      const domain = domains.get(record.domain);
      if (domain === undefined) throw new Error("domain not loaded");
      return replay(
        domain,
        record,
        `perturbations.jsonl:${index + 1}${record.task === undefined ? "" : ` (${record.task})`}`,
      );
    });
    expect(mismatches.slice(0, 15)).toEqual([]);
    expect(mismatches.length).toBe(0);
  });
});
