#!/usr/bin/env node
// Enforces DESIGN.md's layering: each folder under src/ may import only the folders listed for it,
// nothing imports cli/, and only runtime/, testing/ and cli/ touch process globals, the clock, randomness or the console.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..", "src");
const base = ["spec", "errors", "internal"];
const allowed = {
  spec: ["spec"],
  errors: ["spec", "errors"],
  internal: ["spec", "errors", "internal"],
  runtime: [...base, "runtime"],
  prompt: [...base, "prompt"],
  diffusion: [...base, "diffusion"],
  store: [...base, "store"],
  models: [...base, "models"],
  traces: [...base, "prompt", "traces"],
  proposers: [...base, "prompt", "diffusion", "models", "traces", "proposers"],
  tasks: [...base, "prompt", "diffusion", "models", "traces", "tasks"],
  optimizer: [...base, "prompt", "diffusion", "models", "traces", "proposers", "tasks", "optimizer"],
  baselines: [...base, "prompt", "diffusion", "models", "traces", "proposers", "tasks", "optimizer", "baselines"],
  report: [...base, "prompt", "report"],
  testing: [
    ...base,
    "prompt",
    "diffusion",
    "models",
    "traces",
    "proposers",
    "tasks",
    "optimizer",
    "baselines",
    "report",
    "store",
    "runtime",
    "testing",
  ],
  cli: null,
  ".": null,
};
const effectful = new Set(["runtime", "testing", "cli"]);
const bannedGlobals = [
  [/\bprocess\.env\b/, "process.env"],
  [/\bDate\.now\s*\(/, "Date.now()"],
  [/\bnew Date\s*\(\s*\)/, "new Date()"],
  [/\bMath\.random\s*\(/, "Math.random()"],
  [/\bconsole\.\w+/, "console"],
  [/\bprocess\.(stdout|stderr|exit)\b/, "process.stdout/stderr/exit"],
];

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith(".ts") && !path.endsWith(".test.ts")) yield path;
  }
}

const layerOf = (file) => {
  const parts = relative(root, file).split(sep);
  return parts.length === 1 ? "." : parts[0];
};

const problems = [];
for (const file of walk(root)) {
  const layer = layerOf(file);
  if (!(layer in allowed)) {
    problems.push(`${relative(process.cwd(), file)}: folder "${layer}" is not a layer of DESIGN.md`);
    continue;
  }
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const where = `${relative(process.cwd(), file)}:${index + 1}`;
    const match = line.match(/(?:from\s+|import\s*\(\s*)["'](\.[^"']*)["']/);
    if (match) {
      const target = layerOf(resolve(dirname(file), match[1]));
      if (target === "cli" && layer !== "cli") problems.push(`${where}: imports cli/ (nothing may import the CLI)`);
      else if (allowed[layer] && target !== "." && !allowed[layer].includes(target))
        problems.push(`${where}: ${layer}/ may not import ${target}/ (allowed: ${allowed[layer].join(", ")})`);
      else if (allowed[layer] && target === ".") problems.push(`${where}: ${layer}/ may not import the package root`);
      if (layer === "spec" && !/^\s*(import|export)\s+type\b/.test(line) && /^\s*import\b/.test(line))
        problems.push(`${where}: spec/ imports types only (use "import type")`);
    }
    if (!effectful.has(layer)) {
      const code = /^\s*(\*|\/\*)/.test(line) ? "" : line.replace(/\/\/.*$/, "");
      for (const [pattern, name] of bannedGlobals)
        if (pattern.test(code)) problems.push(`${where}: ${name} is only allowed in runtime/, testing/ and cli/`);
    }
  });
}
if (problems.length > 0) {
  console.error(`Layer check failed (${problems.length}):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log("Layer check passed.");
