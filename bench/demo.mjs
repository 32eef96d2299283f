#!/usr/bin/env node
// The demo's claims (issue 15), measured through the real binary on the shipped demo set, seed by seed:
//   - `dlmpo demo` (the DLM conditioned on the traces) against `--method random-edit` at the same budget;
//   - the ablation `--no-conditioning`: the same DLM with empty conditioning;
//   - wall time of each run, and whether every accepted fill reads as text.
// Run after `npm run build`:   node bench/demo.mjs [--seeds 5] [--variants dlm,random-edit,no-conditioning]
// Prints one line per run, a table of held-out accuracy per variant and seed, the wins of dlm over each other variant,
// and a JSON summary at the end. Every run uses a fresh store in a temporary folder (no cache carries over).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "5" },
    variants: { type: "string", default: "dlm,random-edit,no-conditioning" },
  },
});
const binary = join(import.meta.dirname, "..", "bin", "dlmpo.js");
const variantArgs = {
  dlm: [],
  "random-edit": ["--method", "random-edit"],
  "no-conditioning": ["--no-conditioning"],
};
const variants = values.variants.split(",");
const seeds = Array.from({ length: Number(values.seeds) }, (_, index) => index);
const accuracyOf = (metrics) => metrics?.find((metric) => metric.name === "accuracy")?.value;
const results = [];
for (const variant of variants) {
  for (const seed of seeds) {
    const folder = mkdtempSync(join(tmpdir(), "dlmpo-demo-bench-"));
    const started = performance.now();
    try {
      const stdout = execFileSync(
        process.execPath,
        [
          binary,
          "demo",
          "--seed",
          String(seed),
          "--json",
          "--data-dir",
          join(folder, "absent"),
          ...variantArgs[variant],
        ],
        { cwd: folder, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
      );
      const summary = JSON.parse(stdout);
      const row = {
        variant,
        seed,
        seconds: (performance.now() - started) / 1000,
        seedAccuracy: accuracyOf(summary.seed.testMetrics),
        bestAccuracy: accuracyOf(summary.best.testMetrics),
        pValue: summary.testComparison?.pValue,
        accepted: summary.accepted,
        prompt: summary.best.prompt,
      };
      results.push(row);
      console.log(
        `${variant.padEnd(12)} seed ${seed}: ${(row.seedAccuracy * 100).toFixed(1)}% -> ${(row.bestAccuracy * 100).toFixed(1)}%` +
          `${row.pValue === undefined ? "" : ` (p ${row.pValue.toExponential(1)})`}, ${row.accepted} accepted, ` +
          `${row.seconds.toFixed(1)} s · ${JSON.stringify(row.prompt)}`,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}
console.log("\nheld-out accuracy (60 test examples) per seed:");
console.log(`${"variant".padEnd(12)} ${seeds.map((seed) => `seed ${seed}`.padStart(8)).join(" ")}     mean`);
for (const variant of variants) {
  const rows = results.filter((row) => row.variant === variant);
  const mean = rows.reduce((sum, row) => sum + row.bestAccuracy, 0) / rows.length;
  console.log(
    `${variant.padEnd(12)} ${rows.map((row) => `${(row.bestAccuracy * 100).toFixed(1)}%`.padStart(8)).join(" ")} ${`${(mean * 100).toFixed(1)}%`.padStart(8)}`,
  );
}
const wins = {};
for (const other of variants.filter((variant) => variant !== "dlm")) {
  const won = seeds.filter((seed) => {
    const mine = results.find((row) => row.variant === "dlm" && row.seed === seed);
    const theirs = results.find((row) => row.variant === other && row.seed === seed);
    return mine !== undefined && theirs !== undefined && mine.bestAccuracy > theirs.bestAccuracy;
  }).length;
  wins[other] = won;
  console.log(`dlm beats ${other} on held-out accuracy in ${won} of ${seeds.length} seeds`);
}
const slowest = Math.max(...results.filter((row) => row.variant === "dlm").map((row) => row.seconds));
console.log(`slowest dlm demo: ${slowest.toFixed(1)} s`);
console.log(JSON.stringify({ results, wins, slowestDlmSeconds: slowest }));
