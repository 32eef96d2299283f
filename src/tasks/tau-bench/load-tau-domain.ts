import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { airlineFloatKeys } from "./airline/airline-records.js";
import { airlineTools } from "./airline/airline-tools.js";
import { type BaseDatabase, createEpisodeDatabase, type EpisodeDatabase } from "./episode-database.js";
import { parseOrderedJson } from "./parse-ordered-json.js";
import type { PyValue } from "./python-value.js";
import { retailFloatKeys } from "./retail/retail-records.js";
import { retailTools } from "./retail/retail-tools.js";
import type { TauTool } from "./tau-tool.js";

/** The two tau-bench domains. */
export type TauDomainName = "retail" | "airline";

/** A tool as `tools.json` declares it (OpenAI function schema); shown to the model verbatim. */
export interface TauToolDefinition {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: {
      readonly type: "object";
      readonly properties?: Readonly<Record<string, unknown>>;
      readonly required?: readonly string[];
    };
  };
}

/** One ground-truth tool call of a task. */
export interface TauAction {
  readonly name: string;
  /** JSON.parse yields Python-typed values here: the task files hold no integral floats. */
  readonly kwargs: Readonly<Record<string, PyValue>>;
}

/** One tau-bench task: the simulated user's instruction, the ground-truth actions and the outputs the agent must say. */
export interface TauTaskSpec {
  readonly user_id: string;
  readonly instruction: string;
  readonly actions: readonly TauAction[];
  readonly outputs: readonly string[];
}

/** A loaded domain: policy, tools, a factory of fresh episode databases, and its task splits. */
export interface TauDomain {
  readonly name: TauDomainName;
  /** `policy.md`: the agent's system prompt in the original benchmark. */
  readonly policy: string;
  readonly rules: readonly string[];
  readonly toolDefinitions: readonly TauToolDefinition[];
  readonly tools: ReadonlyMap<string, { readonly tool: TauTool<object>; readonly definition: TauToolDefinition }>;
  /** A fresh copy-on-write database (cost: a few small objects; records are cloned on first write). */
  createDatabase(): EpisodeDatabase<object>;
  /** Tasks of a split (`retail`: train 500, dev 20, test 115; `airline`: test 50). Cached after the first read. */
  loadTasks(split: "train" | "dev" | "test"): Promise<readonly TauTaskSpec[]>;
}

const tablesOf: Record<TauDomainName, readonly string[]> = {
  retail: ["users", "orders", "products"],
  airline: ["users", "flights", "reservations"],
};

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new InvalidInputError({
      message: "cannot read the tau-bench data file; pass the data directory with --data-dir (or dataDir)",
      location: { file },
      cause: error,
    });
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

function asRecordMap(value: unknown, file: string): Map<string, object> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new InvalidInputError({ message: "expected a JSON object of records", location: { file } });
  const records = new Map<string, object>();
  for (const [key, record] of Object.entries(value)) {
    if (record === null || typeof record !== "object")
      throw new InvalidInputError({ message: "expected an object", location: { file, field: key } });
    records.set(key, record);
  }
  return records;
}

/**
 * Loads a domain from `<dataDir>/tau-bench/<domain>/` (db, policy, rules, tools; tasks on demand). Load once and
 * reuse: the database is parsed and frozen here, and every episode shares it.
 * @throws InvalidInputError when a file is missing or malformed, or when `tools.json` and the implemented tools differ.
 */
export async function loadTauDomain(options: {
  readonly dataDir: string;
  readonly domain: TauDomainName;
}): Promise<TauDomain> {
  const root = join(options.dataDir, "tau-bench", options.domain);
  const base = new Map<string, ReadonlyMap<string, object>>();
  const keyOrders = new WeakMap<object, readonly string[]>();
  for (const table of tablesOf[options.domain]) {
    const file = join(root, "db", `${table}.json`);
    const parsed = parseOrderedJson({ text: await readText(file), file, keyOrders });
    const records = asRecordMap(parsed.value, file);
    deepFreeze(parsed.value);
    base.set(table, records);
  }
  const toolsFile = join(root, "tools.json");
  // tools.json is the benchmark's own file; its shape is checked against the implemented tools below.
  const toolDefinitions = JSON.parse(await readText(toolsFile)) as TauToolDefinition[];
  const implemented: readonly TauTool<object>[] = options.domain === "retail" ? retailTools : airlineTools;
  const tools = new Map<string, { tool: TauTool<object>; definition: TauToolDefinition }>();
  for (const definition of toolDefinitions) {
    const tool = implemented.find((candidate) => candidate.name === definition.function?.name);
    if (tool === undefined)
      throw new InvalidInputError({
        message: `tool "${definition.function?.name}" has no implementation`,
        location: { file: toolsFile },
      });
    tools.set(tool.name, { tool, definition });
  }
  const rulesFile = join(root, "rules.json");
  // rules.json is a list of strings in the benchmark's data.
  const rules = JSON.parse(await readText(rulesFile)) as string[];
  const policy = await readText(join(root, "policy.md"));
  const floatKeys = options.domain === "retail" ? retailFloatKeys : airlineFloatKeys;
  const taskCache = new Map<string, Promise<readonly TauTaskSpec[]>>();
  const frozenBase: BaseDatabase = base;
  return {
    name: options.domain,
    policy,
    rules,
    toolDefinitions,
    tools,
    createDatabase: () => createEpisodeDatabase({ base: frozenBase, floatKeys, keyOrders }),
    loadTasks(split) {
      let tasks = taskCache.get(split);
      if (tasks === undefined) {
        const file = join(root, "tasks", `${split}.json`);
        // Task files are lists of task objects in the benchmark's data.
        tasks = readText(file).then((text) => JSON.parse(text) as TauTaskSpec[]);
        taskCache.set(split, tasks);
      }
      return tasks;
    },
  };
}
