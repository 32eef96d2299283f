import { Writable } from "node:stream";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import type { CliContext } from "./cli-context.js";
import { commandCatalogue, registerCommands } from "./register-commands.js";

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const context: CliContext = {
  runtime: createFakeRuntime(),
  cwd: process.cwd(),
  stdout: sink,
  stderr: sink,
  abortSignal: new AbortController().signal,
};

describe("registerCommands", () => {
  it("describes each command in the catalogue as its module does", async () => {
    for (const entry of commandCatalogue) {
      const program = new Command("dlmpo");
      (await entry.load())(program, context, () => {});
      const command = program.commands.find((candidate) => candidate.name() === entry.name);
      expect(command?.description(), entry.name).toBe(entry.description);
    }
  });

  it("registers only the command asked for, and every name for top-level help", async () => {
    const asked = new Command("dlmpo");
    await registerCommands({ program: asked, context, argv: ["--debug", "eval", "--help"], setExitCode: () => {} });
    expect(asked.commands.map((command) => command.name())).toEqual(["eval"]);
    expect(asked.commands[0]?.options.length).toBeGreaterThan(5);
    const help = new Command("dlmpo");
    await registerCommands({ program: help, context, argv: ["--help"], setExitCode: () => {} });
    expect(help.commands.map((command) => command.name())).toEqual(commandCatalogue.map((entry) => entry.name));
    const viaHelp = new Command("dlmpo");
    await registerCommands({ program: viaHelp, context, argv: ["help", "runs"], setExitCode: () => {} });
    expect(viaHelp.commands.map((command) => command.name())).toEqual(["runs"]);
  });
});
