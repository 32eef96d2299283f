import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatConversationLines, importConversations } from "./import-conversations.js";
import { createRedactor } from "./redact-conversations.js";

async function write(name: string, lines: readonly unknown[]): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "dlmpo-import-")), name);
  await writeFile(
    path,
    `${lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n")}\n`,
  );
  return path;
}

const conversation = {
  id: "t1",
  messages: [
    { role: "system", content: "Be nice." },
    { role: "user", content: "Refund order 5?" },
    { role: "assistant", content: null, toolCalls: [{ id: "c1", name: "refund", arguments: { order: 5 } }] },
    { role: "tool", content: "refunded", toolName: "refund", toolCallId: "c1" },
    { role: "assistant", content: "Done." },
  ],
};

describe("importConversations (dlmpo)", () => {
  it("reads multi-turn conversations with tool calls and results, and writes what it reads", async () => {
    const path = await write("logs.jsonl", [conversation, "", { messages: [{ role: "user", content: "hi" }] }]);
    const { conversations } = await importConversations({ format: "dlmpo", paths: [path] });
    expect(conversations[0]?.messages[2]).toEqual({
      role: "assistant",
      content: "",
      toolCalls: [{ id: "c1", name: "refund", arguments: { order: 5 } }],
    });
    expect(conversations[1]?.id).toBe("line-3");
    const again = await write("again.jsonl", [formatConversationLines(conversations).trim()]);
    expect((await importConversations({ format: "dlmpo", paths: [again] })).conversations).toEqual(conversations);
  });

  it("names file, line and field of a bad record", async () => {
    const path = await write("bad.jsonl", [
      conversation,
      { messages: [{ role: "assistant", toolCalls: [{ name: "" }] }] },
    ]);
    await expect(importConversations({ format: "dlmpo", paths: [path] })).rejects.toThrow(
      `${path}, line 2, field "messages.0.toolCalls.0.name"`,
    );
    const scorePath = await write("score.jsonl", [{ ...conversation, score: "good" }]);
    await expect(importConversations({ format: "dlmpo", paths: [scorePath] })).rejects.toThrow(
      `${scorePath}, line 1, field "score"`,
    );
    await expect(importConversations({ format: "dlmpo", paths: [join(tmpdir(), "none.jsonl")] })).rejects.toThrow(
      /none\.jsonl: cannot read the file \(ENOENT\)/,
    );
  });

  it("joins feedback by conversation id or alias: thumbs and scores averaged, comments kept", async () => {
    const path = await write("logs.jsonl", [
      conversation,
      { id: "t2", aliases: ["trace-b"], messages: [{ role: "user", content: "x" }] },
    ]);
    const feedbackPath = await write("feedback.jsonl", [
      { conversationId: "t1", thumbs: "down", comment: "too curt" },
      { id: "t1", score: 0.5 },
      { trace_id: "trace-b", thumbs: "up" },
      { id: "nobody", thumbs: "up" },
    ]);
    const result = await importConversations({ format: "dlmpo", paths: [path], feedbackPath });
    expect(result.conversations[0]).toMatchObject({ score: 0.25, feedback: "too curt" });
    expect(result.conversations[1]).toMatchObject({ score: 1 });
    expect(result.unmatchedFeedback).toBe(1);
    const badFeedback = await write("bad-feedback.jsonl", [{ id: "t1", thumbs: "sideways" }]);
    await expect(importConversations({ format: "dlmpo", paths: [path], feedbackPath: badFeedback })).rejects.toThrow(
      `${badFeedback}, line 1, field "thumbs"`,
    );
  });
});

describe("createRedactor", () => {
  it("redacts emails, phones, card numbers, keys and user patterns, and counts them", () => {
    const redactor = createRedactor({ patterns: ["ACME-\\d+"] });
    const text = redactor.redact(
      "Mail jane.doe@example.com or call +1 415-555-0132; card 4111 1111 1111 1111; key sk-abcdefghijklmnopqrstuv; ticket ACME-42; order 12345.",
    );
    expect(text).toBe("Mail [email] or call [phone]; card [card]; key [key]; ticket [redacted]; order 12345.");
    expect(redactor.counts()).toEqual({ email: 1, phone: 1, card: 1, key: 1, custom: 1 });
  });

  it("leaves numbers that are no card (Luhn) or phone alone, and redacts tool arguments and feedback", () => {
    const redactor = createRedactor();
    expect(redactor.redact("ref 1234 5678 9012 3456, year 2024")).toBe("ref 1234 5678 9012 3456, year 2024");
    const redacted = redactor.redactConversation({
      id: "x",
      messages: [{ role: "assistant", content: "", toolCalls: [{ name: "mail", arguments: { to: "a@b.io" } }] }],
      feedback: "he wrote from c@d.org",
    });
    expect(redacted.messages[0]?.toolCalls?.[0]?.arguments).toEqual({ to: "[email]" });
    expect(redacted.feedback).toBe("he wrote from [email]");
  });

  it("rejects an invalid user pattern naming it", () => {
    expect(() => createRedactor({ patterns: ["ok", "("] })).toThrow(/field "redact.1"/);
  });
});
