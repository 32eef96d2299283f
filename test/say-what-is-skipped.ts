// Vitest global setup: says once, before the tests run, which tests will be skipped on this machine and why.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromiumInstallHint, findChromium, isContinuousIntegration } from "../src/testing/find-chromium.js";

export default function sayWhatIsSkipped(): void {
  const root = join(import.meta.dirname, "..");
  const dataDir = process.env.DLMPO_DATA_DIR ?? join(root, "..", "shared", "data");
  const notes: string[] = [];
  if (!existsSync(join(dataDir, "tau-bench")) || !existsSync(join(dataDir, "classification")))
    notes.push(
      `tests that read the benchmark data (tau-bench, the classification sets, the prompt corpus) are skipped: no data in ${dataDir}. Put the data there or set DLMPO_DATA_DIR.`,
    );
  const isCI = isContinuousIntegration({ env: process.env });
  if (findChromium({ env: process.env }) === undefined && !isCI)
    notes.push(
      `the HTML report's browser tests are skipped (CI requires them): no Chromium found; ${chromiumInstallHint}.`,
    );
  for (const note of notes) process.stderr.write(`dlmpo tests: ${note}\n`);
}
