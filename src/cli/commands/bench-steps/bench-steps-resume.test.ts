import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StepRow, StepRun } from "../../../report/summarize-step-sweep.js";
import { openSqliteStore } from "../../../store/open-sqlite-store.js";
import { startOpenAITestServer } from "../../../testing/openai-test-server.js";
import { demoTaskFlags, loopFlags } from "../loop-flags.test-support.js";
import { type DlmpoRunResult, runDlmpoBinary } from "../run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
let folder = "";

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

beforeAll(() => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-steps-resume-"));
});

describe("dlmpo bench steps, killed and run again", () => {
  it("resumes the unfinished run, leaves the finished one alone and ends with an uninterrupted sweep's table", async () => {
    /** While set, the DLM's answer for 16 steps waits for it, so the test can kill the sweep mid-run. */
    let gate: Promise<void> | undefined;
    let held = 0;
    const served = await startOpenAITestServer({
      respond: async (request) => {
        const text = JSON.stringify(request.body);
        if (!text.includes("You improve system prompts"))
          return { text: text.includes("bad") ? "negative" : "positive" };
        if (text.includes('"steps":16') && gate !== undefined) {
          held += 1;
          await gate;
        }
        return { text: `<fill id="1">${text.includes('"steps":16') ? "Read it twice." : "Think carefully."}</fill>` };
      },
    });
    const sweep = (store: string): string[] => [
      "bench",
      "steps",
      "--steps",
      "4,16",
      "--seeds",
      "1",
      ...demoTaskFlags(),
      "--target",
      `openai-compatible:${served.baseURL}#target`,
      "--dlm",
      `chat:openai-compatible:${served.baseURL}#dlm`,
      ...loopFlags({ rounds: 2, candidates: 1, devSize: 4, testSize: 2, trainMinibatch: 2 }),
      "--store",
      join(folder, store),
      "--json",
    ];
    type SweepJson = { id: string; rows: StepRow[]; runs: (StepRun & { state: string })[] };
    /** The figures of a sweep that do not depend on the clock. */
    const figures = (output: SweepJson) => ({
      rows: output.rows.map(({ wallSeconds: _wall, ...row }) => row),
      runs: output.runs.map(({ wallMs: _wall, state: _state, ...run }) => run),
    });
    try {
      let release = (): void => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      const child = spawn(process.execPath, [join(root, "bin", "dlmpo.js"), ...sweep("killed.sqlite")], {
        cwd: folder,
        env: { PATH: process.env.PATH ?? "" },
        stdio: "ignore",
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      for (let attempt = 0; attempt < 600 && held === 0; attempt += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(held).toBe(1);
      // The store writes cache entries in batches (up to 200 ms): let the held process flush them, so the count of
      // model requests below measures resuming, not the store's write window.
      await new Promise((resolve) => setTimeout(resolve, 400));
      child.kill("SIGKILL");
      await exited;
      release();
      gate = undefined;
      const firstSession = served.requestCount;
      const before = openSqliteStore({ path: join(folder, "killed.sqlite") });
      const runs = before.listRuns({ kind: "optimize" });
      const finished = runs.find((run) => run.id.endsWith("-st4-s0"));
      const finishedEvents = finished === undefined ? 0 : before.listEvents(finished.id).length;
      before.close();
      expect(runs.map((run) => [run.id.replace(/^stp_[0-9a-f]{12}/, "stp"), run.status]).sort()).toEqual([
        ["stp-st16-s0", "running"],
        ["stp-st4-s0", "completed"],
      ]);

      const rerun = await runCli(sweep("killed.sqlite"));
      expect(rerun.code, rerun.stderr).toBe(0);
      const resumed = JSON.parse(rerun.stdout) as SweepJson; // printed by the command
      expect(resumed.runs.map((run) => [run.steps, run.state])).toEqual([
        [4, "stored"],
        [16, "resumed"],
      ]);
      const after = openSqliteStore({ path: join(folder, "killed.sqlite") });
      try {
        expect(after.getRun(finished?.id ?? "")?.updatedAtMs).toBe(finished?.updatedAtMs);
        expect(after.listEvents(finished?.id ?? "")).toHaveLength(finishedEvents);
      } finally {
        after.close();
      }
      const killedRequests = served.requestCount;

      const whole = await runCli(sweep("whole.sqlite"));
      expect(whole.code, whole.stderr).toBe(0);
      const uninterrupted = JSON.parse(whole.stdout) as SweepJson; // printed by the command
      expect(uninterrupted.runs.map((run) => run.state)).toEqual(["ran", "ran"]);
      expect(figures(resumed)).toEqual(figures(uninterrupted));
      expect(resumed.rows.map((row) => row.steps)).toEqual([4, 16]);
      // The killed sweep and its re-run together asked the models once more than the uninterrupted sweep: the DLM
      // request cut off by the kill. Nothing the finished run or the first session had answered was asked again.
      expect(killedRequests).toBe(served.requestCount - killedRequests + 1);
      expect(firstSession).toBeGreaterThan(0);
    } finally {
      await served.close();
    }
  });
});
