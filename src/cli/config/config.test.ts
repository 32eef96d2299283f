import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configJsonSchemaPath, configJsonSchemaText } from "./config-json-schema.js";
import { packageRoot } from "./default-paths.js";
import { evalOptionsSchema } from "./eval-options.js";
import { loadConfigFile } from "./load-config-file.js";
import { resolveCommandOptions } from "./resolve-command-options.js";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-config-"));
  mkdirSync(join(folder, "configs"));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const write = (name: string, text: string): string => {
  writeFileSync(join(folder, name), text);
  return name;
};

describe("loadConfigFile", () => {
  it("reads YAML and JSON files", async () => {
    write("a.yaml", "target: openai:gpt-4o-mini\nconcurrency: 4\neval:\n  task: sst2\n");
    write("b.json", JSON.stringify({ target: "x:y", eval: { limit: 3 } }));
    expect((await loadConfigFile({ file: "a.yaml", cwd: folder })).config).toEqual({
      target: "openai:gpt-4o-mini",
      concurrency: 4,
      eval: { task: "sst2" },
    });
    expect((await loadConfigFile({ file: "b.json", cwd: folder })).config).toMatchObject({ eval: { limit: 3 } });
  });

  it.each<[string, string | RegExp]>([
    ["concurrency: 0\n", 'run.yaml: field "concurrency": expected a positive integer'],
    ["concurrency: fast\n", 'run.yaml: field "concurrency": expected a positive integer'],
    ["eval:\n  split: validation\n", 'run.yaml: field "eval.split": expected "train", "dev" or "test"'],
    ["concurency: 3\n", 'run.yaml: field "concurency": unknown option'],
    [
      "eval:\n  limit: -1\n  seed: x\n",
      'run.yaml: field "eval.seed": expected a whole number ≥ 0 (and 1 more problem)',
    ],
    ["target: [unclosed\n", /^run\.yaml: line \d+: not valid YAML or JSON\.$/],
  ])("names the field of a wrong value (%j)", async (text, message) => {
    write("run.yaml", text);
    await expect(loadConfigFile({ file: "run.yaml", cwd: folder })).rejects.toMatchObject({
      code: "invalid-config",
      message: typeof message === "string" ? message : expect.stringMatching(message),
    });
  });

  it("names a file it cannot read", async () => {
    await expect(loadConfigFile({ file: "missing.yaml", cwd: folder })).rejects.toThrow(
      /missing\.yaml: cannot read the config file/,
    );
  });
});

describe("resolveCommandOptions", () => {
  it("lets the section override the top level and flags override both, with defaults filled in", async () => {
    write(
      "configs/run.yaml",
      "target: a:top\nconcurrency: 2\neval:\n  target: a:section\n  limit: 5\n  prompt: p.txt\n  task: ./mine.jsonl\n",
    );
    const config = await loadConfigFile({ file: "configs/run.yaml", cwd: folder });
    const options = resolveCommandOptions({
      section: "eval",
      schema: evalOptionsSchema,
      config,
      flags: { limit: 7, store: "s.sqlite" },
      pathOptions: ["prompt", "store"],
      pathLikeOptions: ["task"],
      cwd: folder,
    });
    expect(options).toMatchObject({
      target: "a:section",
      concurrency: 2,
      limit: 7,
      task: join(folder, "configs", "mine.jsonl"),
      split: "dev",
      cache: "use",
      seed: 0,
      json: false,
      prompt: join(folder, "configs", "p.txt"),
      store: join(folder, "s.sqlite"),
    });
  });

  it("keeps names of path-like options, and names the flag of a wrong value and a missing option", () => {
    const resolve = (flags: Record<string, unknown>) =>
      resolveCommandOptions({
        section: "eval",
        schema: evalOptionsSchema,
        flags,
        pathLikeOptions: ["task"],
        cwd: folder,
      });
    expect(resolve({ target: "a:b", task: "sst2" }).task).toBe("sst2");
    expect(() => resolve({ target: "a:b", task: "sst2", maxOutputTokens: "lots" })).toThrow(
      "option --max-output-tokens: expected a positive integer",
    );
    expect(() => resolve({ task: "sst2" })).toThrow('missing option --target (or "target" in a config file).');
  });
});

describe("the published config schema", () => {
  it("is current (run `npm run schema` after changing options)", () => {
    const committed = readFileSync(join(packageRoot, configJsonSchemaPath), "utf8");
    expect(committed).toBe(configJsonSchemaText());
  });
});
