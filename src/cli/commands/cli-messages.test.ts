import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
let folder = "";
let server: OpenAITestServer;

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  // Slow answers keep all 16 calls of --concurrency in flight at once.
  server = await startOpenAITestServer({ respond: () => ({ text: "positive" }), latencyMs: 50 });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-messages-"));
  const lines = Array.from({ length: 48 }, (_, index) =>
    JSON.stringify({ id: index, text: `review ${index}`, label: index % 2 === 0 ? "positive" : "negative" }),
  );
  writeFileSync(join(folder, "task.jsonl"), `${lines.join("\n")}\n`);
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("dlmpo's messages", () => {
  it("prints its version", async () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }; // our package.json
    const result = await runDlmpoBinary({ args: ["--version"], cwd: folder });
    expect(result).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it("shows --mask as required, not as defaulting to []", async () => {
    const result = await runDlmpoBinary({ args: ["infill", "--help"], cwd: folder });
    expect(result.stdout).not.toContain("(default: [])");
    expect(result.stdout).toMatch(/--mask <spec>\s+required:/);
  });

  it("lists the tau-bench tasks among the known tasks and builtin among the models", async () => {
    const task = await runDlmpoBinary({ args: ["optimize", "--task", "nope", "--target", "builtin"], cwd: folder });
    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/unknown task "nope"\. Use one of sst2, .*tau-retail, tau-airline or a path/);
    const model = await runDlmpoBinary({ args: ["eval", "--task", "sst2", "--target", "nope:x"], cwd: folder });
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/Unknown model "nope:x"\. Use one of: .*builtin/);
  });

  it("runs 16 calls at once without a MaxListenersExceededWarning", async () => {
    const result = await runDlmpoBinary({
      args: [
        ...["optimize", "--task", "task.jsonl", "--target", `openai-compatible:${server.baseURL}#m`, "--no-cache"],
        ...["--method", "none", "--dev-size", "40", "--test-size", "8", "--concurrency", "16"],
      ],
      cwd: folder,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("MaxListenersExceededWarning");
  });
});
