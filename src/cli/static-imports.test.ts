import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const sourceRoot = resolve(import.meta.dirname, "..");

/** Packages a command's own module loads before it runs, following static (not type-only, not dynamic) imports. */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [join(sourceRoot, entry)];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;"]*?\sfrom\s+)?"([^"]+)";/gm)) {
      const [, typeOnly, specifier = ""] = match;
      if (typeOnly !== undefined || specifier.startsWith("node:")) continue;
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
      if (existsSync(target)) queue.push(target);
    }
  }
  return packages;
}

describe("what each command loads before it runs", () => {
  it("leaves the AI SDK, the YAML parser and the native runtimes to the runs that use them", () => {
    for (const entry of ["cli/commands/eval.ts", "cli/commands/optimize.ts", "cli/commands/demo.ts"]) {
      const packages = staticPackages(entry);
      expect(packages.size, entry).toBeGreaterThan(0);
      for (const heavy of ["ai", "yaml", "onnxruntime-node", "better-sqlite3", "@ai-sdk/openai", "@ai-sdk/anthropic"])
        expect([entry, packages.has(heavy)]).toEqual([entry, false]);
    }
  });
});
