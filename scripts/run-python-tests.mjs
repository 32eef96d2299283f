// Runs the Python logits server's tests (servers/python, pytest) with Debian's python3. Without python3-torch and
// friends it says what to install and skips, unless CI is set: CI must run them (.ci/run installs them).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const python = process.env.DLMPO_PYTHON ?? "/usr/bin/python3";
const folder = join(dirname(fileURLToPath(import.meta.url)), "..", "servers", "python");
const probe = spawnSync(python, ["-c", "import torch, numpy, uvicorn, pytest"], { encoding: "utf8" });
if (probe.status !== 0) {
  const message = `Python server tests need ${python} with python3-torch python3-numpy python3-uvicorn python3-pytest (apt install them).`;
  if (process.env.CI !== undefined) {
    console.error(`${message}\n${probe.stderr ?? probe.error ?? ""}`);
    process.exit(1);
  }
  console.log(`Skipped: ${message}`);
  process.exit(0);
}
const result = spawnSync(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], {
  cwd: folder,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
