import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOnnxMaskPredictor } from "../diffusion/create-onnx-mask-predictor.js";
import { createRemoteMaskPredictor } from "../diffusion/create-remote-mask-predictor.js";
import { toTopK } from "../diffusion/to-top-k.js";
import type { PositionDistribution } from "../spec/mask-predictor.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { describeMaskPredictorConformance } from "../testing/mask-predictor-conformance.js";
import { loopFlags } from "./commands/loop-flags.test-support.js";
import { runDlmpoBinary } from "./commands/run-dlmpo-binary.js";
import { expectSameFills } from "./expect-same-fills.test-support.js";
import { resolveProposer } from "./resolve-proposer.js";

// The Python logits server (servers/python) serving the built-in DLM over real HTTP, checked against the in-process ONNX
// model. Needs Debian's python3-torch, python3-numpy and python3-uvicorn (CI installs them: .ci/run).
const root = join(import.meta.dirname, "..", "..");
const python = "/usr/bin/python3";
const builtinDirectory = join(root, "models", "builtin-dlm");
const missing = spawnSync(python, ["-c", "import torch, numpy, uvicorn"], { encoding: "utf8" });
const isReady = missing.status === 0;
const why = "needs /usr/bin/python3 with python3-torch, python3-numpy and python3-uvicorn (apt install them)";
if (!isReady && process.env.CI !== undefined)
  throw new Error(`The Python logits server tests ${why}; CI must run them. ${missing.stderr ?? ""}`.trim());

// Importing PyTorch takes seconds, more on a busy machine; the conformance suite's beforeAll waits for the start.
vi.setConfig({ hookTimeout: 120_000 });

let child: ChildProcess | undefined;
let serving: Promise<string> | undefined;

/** Starts the server once for the whole file; resolves with its base URL. */
function pythonServer(): Promise<string> {
  serving ??= new Promise<string>((resolve, reject) => {
    const started = spawn(
      python,
      ["-m", "dlmpo_logits_server", "--model", "builtin", "--port", "0", "--threads", "1", "--max-wait-ms", "2"],
      { cwd: join(root, "servers", "python"), env: { PATH: process.env.PATH ?? "" } },
    );
    child = started;
    let output = "";
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = output.match(/on (http:\/\/\S+)\/v1/);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    started.stdout.on("data", read);
    started.stderr.on("data", read);
    started.on("exit", (code) => reject(new Error(`the Python server exited ${code}: ${output}`)));
  });
  return serving;
}

afterAll(() => {
  child?.kill("SIGTERM");
});

const logitsOf = (distribution: PositionDistribution | undefined): Float32Array => {
  if (distribution?.kind !== "logits") throw new Error("expected full logits");
  return distribution.logits;
};

if (!isReady) {
  describe.skip(`Python logits server: skipped, it ${why}`, () => {
    it("serves the built-in DLM", () => {});
  });
} else {
  describeMaskPredictorConformance("python server (servers/python, built-in DLM over HTTP)", async () =>
    createRemoteMaskPredictor({ url: await pythonServer() }),
  );

  describe("Python logits server against the in-process ONNX model", () => {
    const runtime = createFakeRuntime();
    let url = "";
    beforeAll(async () => {
      url = await pythonServer();
    }, 90_000);

    it("gives the ONNX model's logits within float tolerance, and its top-k", async () => {
      const local = await createOnnxMaskPredictor({ directory: builtinDirectory, intraOpThreads: 1 });
      const remote = await createRemoteMaskPredictor({ url });
      try {
        expect(remote.recommended).toEqual({ endTokenBias: -1 });
        const tokens = local.tokenizer.encode("You are a support agent. Be polite and short.");
        const masked = tokens.map((token, index) => (index % 3 === 1 ? local.maskTokenId : token));
        const ask = {
          sequences: [masked, tokens],
          positions: [
            [1, 4, 7],
            [0, 2],
          ],
        };
        const [here, there, top] = await Promise.all([
          local.doPredict(ask),
          remote.doPredict(ask),
          remote.doPredict({ ...ask, topK: 5 }),
        ]);
        here.distributions.forEach((row, sequence) => {
          row.forEach((distribution, index) => {
            const expected = logitsOf(distribution);
            const got = logitsOf(there.distributions[sequence]?.[index]);
            let largest = 0;
            for (let id = 0; id < expected.length; id += 1)
              largest = Math.max(largest, Math.abs((expected[id] ?? 0) - (got[id] ?? 0)));
            expect(largest).toBeLessThan(1e-3);
            const wanted = toTopK({ logits: expected, k: 5 });
            const answered = top.distributions[sequence]?.[index];
            if (answered?.kind !== "top-k") throw new Error("expected top-k");
            expect([...answered.tokenIds]).toEqual([...wanted.tokenIds]);
            answered.logProbs.forEach((value, k) => {
              expect(value).toBeCloseTo(wanted.logProbs[k] ?? 0, 3);
            });
          });
        });
      } finally {
        await local.close();
      }
    });

    it("samples the same fills as the in-process model for 20 seeds", async () => {
      const local = await resolveProposer({ spec: "builtin", runtime, cwd: root, fluencyGate: false });
      const remote = await resolveProposer({ spec: `remote:${url}`, runtime, cwd: root, fluencyGate: false });
      try {
        expect(remote.proposer.id).toBe(local.proposer.id);
        await expectSameFills({ here: local.proposer, there: remote.proposer, runtime });
      } finally {
        await Promise.all([local.close(), remote.close()]);
      }
    }, 120_000);

    it("runs `dlmpo infill` and `dlmpo optimize` with --dlm remote: through it", async () => {
      const folder = mkdtempSync(join(tmpdir(), "dlmpo-python-server-"));
      writeFileSync(
        join(folder, "prompt.txt"),
        "You are a careful assistant. Classify the review. Answer in one word.",
      );
      const infill = await runDlmpoBinary({
        args: ["infill", "--prompt", "prompt.txt", "--mask", "sentence:1", "--dlm", `remote:${url}`, "--json"],
        cwd: folder,
      });
      expect(infill.stderr).toBe("");
      expect(infill.code).toBe(0);
      expect(infill.stdout).toContain("endTokenBias=-1");
      for (const split of ["train", "dev", "test"]) {
        const lines = Array.from({ length: 6 }, (_, index) =>
          JSON.stringify({
            id: `${split}-${index}`,
            text: `a ${index % 2 ? "good" : "bad"} film`,
            label: index % 2 ? "positive" : "negative",
          }),
        );
        writeFileSync(join(folder, `${split}.jsonl`), `${lines.join("\n")}\n`);
      }
      const optimize = await runDlmpoBinary({
        args: [
          "optimize",
          "--task",
          join(folder, "{split}.jsonl"),
          "--labels",
          "negative,positive",
          "--prompt",
          "prompt.txt",
          "--target",
          "builtin",
          "--dlm",
          `remote:${url}`,
          ...loopFlags({ rounds: 1, candidates: 2, trainMinibatch: 4, devSize: 6, testSize: 6 }),
          "--steps",
          "4",
          "--store",
          join(folder, "store.sqlite"),
          "--json",
        ],
        cwd: folder,
      });
      expect(optimize.code, optimize.stderr).toBe(0);
      expect(JSON.parse(optimize.stdout)).toMatchObject({ bestPrompt: expect.any(String) });
    }, 120_000);
  });
}
