import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRemoteMaskPredictor } from "../../diffusion/create-remote-mask-predictor.js";

// Runs the built CLI (npm run build), as a user would.
const root = join(import.meta.dirname, "..", "..", "..");
const bin = join(root, "bin", "dlmpo.js");
const fixture = join(root, "test", "fixtures", "tiny-mlm");

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env } });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // The "exit" event passes the exit code (or null when killed by a signal) first.
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const serving = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const match = stdout.match(/on (http:\/\/\S+)\/v1/);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, serving, exited, output: () => ({ stdout, stderr }) };
}

describe("dlmpo serve-logits", () => {
  it("serves the model with the token from DLMPO_LOGITS_TOKEN and stops cleanly on SIGTERM", async () => {
    const server = start(["serve-logits", "--model", fixture, "--port", "0"], { DLMPO_LOGITS_TOKEN: "cli-token" });
    const url = await server.serving;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output().stdout).toContain("bearer token required");
    await expect(createRemoteMaskPredictor({ url })).rejects.toMatchObject({ statusCode: 401 });
    const remote = await createRemoteMaskPredictor({ url, bearerToken: "cli-token" });
    expect(remote.modelId).toBe("tiny-mlm-fixture");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output().stdout).not.toContain("cli-token");
  });

  it("exits 2 naming config.json when the model directory is wrong", async () => {
    const server = start(["serve-logits", "--model", join(root, "no-such-model"), "--port", "0"]);
    expect(await server.exited).toBe(2);
    expect(server.output().stderr).toContain("config.json");
    await expect(server.serving).rejects.toThrow();
  });

  it("exits 2 on a bad port", async () => {
    const server = start(["serve-logits", "--model", fixture, "--port", "http"]);
    expect(await server.exited).toBe(2);
    expect(server.output().stderr).toContain("--port");
    await expect(server.serving).rejects.toThrow();
  });

  it("exits 2 with one line when the port is in use", async () => {
    const first = start(["serve-logits", "--model", fixture, "--port", "0"]);
    const url = await first.serving;
    const port = new URL(url).port;
    const second = start(["serve-logits", "--model", fixture, "--port", port]);
    expect(await second.exited).toBe(2);
    const { stderr } = second.output();
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(`Cannot listen on 127.0.0.1:${port}: port ${port} is already in use`);
    await expect(second.serving).rejects.toThrow();
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  });

  it("serves the built-in DLM with the limits given, refusing a batch bomb and still answering", async () => {
    const server = start(["serve-logits", "--model", "builtin", "--port", "0", "--max-sequences", "8"]);
    const url = await server.serving;
    expect(server.output().stdout).toContain("≤ 8 sequences");
    const post = (count: number) =>
      fetch(`${url}/v1/logits`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sequences: Array(count).fill([2, 2, 2]), positions: Array(count).fill([0]) }),
      });
    expect((await post(1000)).status).toBe(413);
    expect((await post(8)).status).toBe(200);
    const remote = await createRemoteMaskPredictor({ url });
    expect(remote.recommended).toEqual({ endTokenBias: -1 });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("exits 2 naming the flag for a bad limit", async () => {
    const server = start(["serve-logits", "--model", fixture, "--max-tokens", "0"]);
    expect(await server.exited).toBe(2);
    expect(server.output().stderr).toContain('field "--max-tokens"');
    await expect(server.serving).rejects.toThrow();
  });
});
