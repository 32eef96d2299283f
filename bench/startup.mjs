#!/usr/bin/env node
// Start-up time of the CLI (issue 16): `dlmpo --help`, `dlmpo eval --help` and `dlmpo optimize --help` against bare
// `node -e 0`, in child processes, interleaved so load on the machine hits each alike. Run after `npm run build`:
//   node bench/startup.mjs [--runs 15]
// Prints the median wall time of each command, its ratio to bare node, and a JSON summary.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Math.max(1, Number(values.runs));
const binary = fileURLToPath(new URL("../bin/dlmpo.js", import.meta.url));
const commands = {
  "node -e 0": ["-e", "0"],
  "dlmpo --help": [binary, "--help"],
  "dlmpo eval --help": [binary, "eval", "--help"],
  "dlmpo optimize --help": [binary, "optimize", "--help"],
};

const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let run = 0; run < runs + 1; run += 1) {
  for (const [name, args] of Object.entries(commands)) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    const elapsedMs = performance.now() - started;
    if (result.status !== 0) throw new Error(`${name} exited with ${result.status}: ${result.stderr}`);
    // The first round warms the file cache and is not counted.
    if (run > 0) times[name].push(elapsedMs);
  }
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const bare = median(times["node -e 0"]);
const summary = {};
for (const [name, list] of Object.entries(times)) {
  const ms = median(list);
  summary[name] = { medianMs: Math.round(ms), ratioToBareNode: Number((ms / bare).toFixed(2)) };
  console.log(
    `${name.padEnd(21)} median ${(ms / 1000).toFixed(3)} s over ${list.length} runs  (${(ms / bare).toFixed(2)}× bare node)`,
  );
}
console.log(JSON.stringify({ runs, ...summary }));
