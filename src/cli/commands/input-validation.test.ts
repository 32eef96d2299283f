import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

let server: OpenAITestServer;
let root = "";
let cases = 0;

/** A fresh folder per case, so "nothing written" can be checked on `.dlmpo`. */
function newFolder(files: Readonly<Record<string, string | Uint8Array>> = {}): string {
  cases += 1;
  const folder = join(root, `case-${cases}`);
  mkdirSync(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
const good = line({ id: 1, text: "fine", label: "positive" }) + line({ id: 2, text: "bad", label: "negative" });

function evalIn(folder: string, args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({
    args: ["eval", "--target", `openai-compatible:${server.baseURL}#m`, "--labels", "negative,positive", ...args],
    cwd: folder,
  });
}

/** Exit 2, one line on stderr matching `message`, no stack trace, and no store written. */
function expectRefused(result: DlmpoRunResult, folder: string, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/unexpected error|at .*\.js:\d+/);
  expect(existsSync(join(folder, ".dlmpo"))).toBe(false);
}

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, "..", "..", "..", "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` before the CLI tests.");
  server = await startOpenAITestServer({ respond: () => ({ text: "positive" }) });
  root = mkdtempSync(join(tmpdir(), "dlmpo-validation-"));
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe("task data validation through the binary", () => {
  it("refuses an empty task and one of blank lines only", async () => {
    for (const content of ["", "\n  \n\n"]) {
      const folder = newFolder({ "task.jsonl": content });
      expectRefused(await evalIn(folder, ["--task", "task.jsonl"]), folder, /task\.jsonl: no examples/);
    }
  });

  it('refuses duplicate ids, 1 and "1" alike, naming both lines', async () => {
    const folder = newFolder({ "task.jsonl": good + line({ id: "1", text: "again", label: "positive" }) });
    expectRefused(
      await evalIn(folder, ["--task", "task.jsonl"]),
      folder,
      /task\.jsonl, line 3, field "id": id "1" is already used on line 1/,
    );
  });

  it("accepts a UTF-8 byte-order mark", async () => {
    const folder = newFolder({ "task.jsonl": `\uFEFF${good}` });
    const result = await evalIn(folder, ["--task", "task.jsonl", "--json"]);
    expect(result.stderr).not.toMatch(/dlmpo:/);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { examples: number }).examples).toBe(2); // eval --json prints its summary
  });

  it("refuses invalid UTF-8 with the byte offset", async () => {
    const bytes = Buffer.concat([
      Buffer.from(good),
      Buffer.from('{"id": 3, "text": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('", "label": "positive"}\n'),
    ]);
    const folder = newFolder({ "task.jsonl": bytes });
    expectRefused(
      await evalIn(folder, ["--task", "task.jsonl"]),
      folder,
      new RegExp(
        `task\\.jsonl, line 3: the data file is not valid UTF-8 \\(byte 0xe9 at byte offset ${good.length + 22}\\)`,
      ),
    );
  });

  it("refuses an empty label in the data and an empty one in --labels, naming the flag", async () => {
    const folder = newFolder({ "task.jsonl": good + line({ id: 3, text: "meh", label: "" }) });
    const result = await runDlmpoBinary({
      args: ["eval", "--target", `openai-compatible:${server.baseURL}#m`, "--task", "task.jsonl"],
      cwd: folder,
    });
    expectRefused(result, folder, /task\.jsonl, line 3, field "label": the label is empty/);
    expectRefused(
      await evalIn(folder, ["--task", "task.jsonl", "--labels", "negative,,positive"]),
      folder,
      /--labels "negative,,positive" has an empty label/,
    );
  });
});

describe("prompt file validation through the binary", () => {
  it("refuses a binary prompt file and shows a missing one by a path that makes sense", async () => {
    const folder = newFolder({
      "task.jsonl": good,
      "prompt.bin": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    });
    expectRefused(
      await evalIn(folder, ["--task", "task.jsonl", "--prompt", "prompt.bin"]),
      folder,
      /prompt\.bin, line 1: the prompt file (looks binary|is not valid UTF-8)/,
    );
    const missing = join(root, "..", "nonexistent-prompt.txt");
    const result = await evalIn(folder, ["--task", "task.jsonl", "--prompt", missing]);
    expectRefused(result, folder, /dlmpo: \/\S*nonexistent-prompt\.txt: cannot read the prompt file \(no such file\)/);
  });

  it("warns about a stray </keep> and still runs", async () => {
    const folder = newFolder({ "task.jsonl": good, "prompt.txt": "Answer with one label.\nBe brief.</keep>\n" });
    const result = await evalIn(folder, ["--task", "task.jsonl", "--prompt", "prompt.txt"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^dlmpo: warning: prompt\.txt, line 2: a <\/keep> closes no <keep>/m);
  });
});

describe("stores and paths through the binary", () => {
  it("writes no store when flags are refused", async () => {
    const folder = newFolder({ "task.jsonl": good });
    const result = await runDlmpoBinary({
      args: ["optimize", "--task", "task.jsonl", "--target", "builtin", "--dlm", "nope"],
      cwd: folder,
    });
    expectRefused(result, folder, /--dlm/);
  });

  it("refuses a SQLite database that is not dlmpo's without touching it", async () => {
    const folder = newFolder({ "task.jsonl": good });
    const path = join(folder, "app.db");
    const app = new BetterSqlite3(path);
    app.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada');");
    app.close();
    const before = readFileSync(path);
    const result = await evalIn(folder, ["--task", "task.jsonl", "--store", "app.db"]);
    expectRefused(result, folder, /app\.db is a SQLite database but not a dlmpo store \(tables: users\)/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("names the path in one line when .dlmpo is a file or a report path is a folder", async () => {
    const folder = newFolder({ "task.jsonl": good, ".dlmpo": "not a folder" });
    const blocked = await evalIn(folder, ["--task", "task.jsonl"]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr.trim()).toMatch(/^dlmpo: cannot mkdir \S*\.dlmpo: a file is in the way/);
    const ok = await evalIn(folder, ["--task", "task.jsonl", "--store", "s.sqlite", "--json"]);
    const runId = (JSON.parse(ok.stdout) as { runId: string }).runId; // eval --json prints its summary
    mkdirSync(join(folder, "out.html"));
    const report = await runDlmpoBinary({
      args: ["report", runId, "--store", "s.sqlite", "--out", "out.html"],
      cwd: folder,
    });
    expect(report.code).toBe(2);
    expect(report.stderr.trim()).toMatch(
      /^dlmpo: cannot open \S*out\.html: it is a folder, a file is needed \(EISDIR\)\.$/,
    );
  });

  it("lists and shows runs of a read-only store", async () => {
    const folder = newFolder({ "task.jsonl": good });
    const ok = await evalIn(folder, ["--task", "task.jsonl", "--store", "ro/s.sqlite", "--json"]);
    const runId = (JSON.parse(ok.stdout) as { runId: string }).runId; // eval --json prints its summary
    chmodSync(join(folder, "ro", "s.sqlite"), 0o444);
    chmodSync(join(folder, "ro"), 0o555);
    chmodSync(root, 0o755);
    chmodSync(folder, 0o755);
    // Root ignores file modes: run the binary as an unprivileged user then, where the system has one.
    const asUser =
      process.getuid?.() === 0 && existsSync("/usr/sbin/runuser") ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : [];
    const { execFileSync } = await import("node:child_process");
    const binary = join(import.meta.dirname, "..", "..", "..", "bin", "dlmpo.js");
    const run = (args: readonly string[]): string => {
      const [command = process.execPath, ...rest] = [...asUser, process.execPath, binary, ...args];
      return execFileSync(command, rest, { cwd: folder, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    };
    try {
      expect(run(["runs", "list", "--store", "ro/s.sqlite"])).toMatch(new RegExp(`${runId}\\s+eval\\s+completed`));
      expect(run(["runs", "show", runId, "--store", "ro/s.sqlite"])).toMatch(/accuracy\s+0\.500/);
    } finally {
      chmodSync(join(folder, "ro"), 0o755);
    }
  });
});

/** Exit 2 and one error on stderr: no run reported as failed, as run, or cut off by a closed store. */
function expectOnlyError(result: DlmpoRunResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const errors = result.stderr
    .split("\n")
    .filter((text) => text.startsWith("dlmpo:") || /failed|ran|not open/.test(text));
  expect(errors).toEqual([expect.stringMatching(message)]);
}

describe("optimize and the benches refuse bad input before they write anything", () => {
  it.each([
    ["optimize", ["optimize", "--target", "builtin", "--dlm", "builtin"]],
    ["bench steps", ["bench", "steps", "--steps", "4", "--target", "builtin", "--dlm", "builtin"]],
    [
      "bench compare, two runs in flight",
      ["bench", "compare", "--methods", "none,random-edit", "--seeds", "1", "--parallel", "2", "--target", "builtin"],
    ],
  ])("%s: exit 2 naming the missing data file, no store", async (_name, args) => {
    const folder = newFolder();
    const result = await runDlmpoBinary({
      args: [...args, "--task", "sst2", "--data-dir", join(folder, "no-data")],
      cwd: folder,
    });
    expectOnlyError(result, /no-data\/classification\/sst2\/dev\.jsonl: data file not found/);
    expect(existsSync(join(folder, ".dlmpo"))).toBe(false);
  });

  it("bench compare: a later method's model without its API key refuses the bench before its first run", async () => {
    const folder = newFolder({ "reviews.jsonl": good });
    const result = await runDlmpoBinary({
      args: ["bench", "compare", "--task", "reviews.jsonl", "--methods", "none,gepa", "--seeds", "1"].concat([
        "--target",
        "builtin",
        "--dlm",
        "chat:openai:gpt-4o-mini",
      ]),
      cwd: folder,
    });
    expectOnlyError(result, /Missing API key for "openai"/);
    expect(existsSync(join(folder, ".dlmpo"))).toBe(false);
  });
});
