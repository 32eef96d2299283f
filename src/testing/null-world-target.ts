import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ScriptedReply, TestServerRequest } from "./openai-test-server-replies.js";

interface ChatBody {
  readonly messages: readonly { readonly role: string; readonly content: unknown }[];
}

const isChatBody = (body: unknown): body is ChatBody =>
  typeof body === "object" && body !== null && Array.isArray((body as { messages?: unknown }).messages); // JSON body

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((part: unknown) => String((part as { text?: unknown }).text ?? "")).join("") // AI SDK text parts
      : "";

/** The text of a chat request's messages of one role, joined. */
export function messageTextOf(request: TestServerRequest, role: "system" | "user"): string {
  if (!isChatBody(request.body)) return "";
  return request.body.messages
    .filter((message) => message.role === role)
    .map((message) => textOf(message.content))
    .join("");
}

/** A number in [0, 1) from a hash of the text: the same text, the same number, on every platform. */
function unitHash(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32LE(0) / 4294967296;
}

/** Options of {@link nullWorldResponder}. */
export interface NullWorldOptions {
  /** Share of examples (chosen by a hash of the user message) on which the answer is a coin flip. */
  readonly noiseShare: number;
  /** A system prompt containing this phrase answers every example right (the positive control); none by default. */
  readonly rewardPhrase?: string | undefined;
}

/**
 * A target for the OpenAI-compatible test server in which the system prompt matters only through noise: it answers
 * the truth ("negative" when the review says "negative vibes", else "positive"), except on a `noiseShare` of the
 * examples, where the answer is a coin flip keyed by a hash of system prompt and example, so every prompt is exactly as
 * good as every other in expectation, and any "improvement" an optimiser accepts is a false acceptance. With
 * `rewardPhrase`, a prompt containing the phrase is always right: a real improvement to find. Test-only double.
 */
export function nullWorldResponder(options: NullWorldOptions): (request: TestServerRequest) => ScriptedReply {
  return (request) => {
    const system = messageTextOf(request, "system");
    const user = messageTextOf(request, "user");
    const truth = user.includes("negative vibes") ? "negative" : "positive";
    const isRewarded = options.rewardPhrase !== undefined && system.includes(options.rewardPhrase);
    if (isRewarded || unitHash(`example\u0000${user}`) >= options.noiseShare) return { text: truth };
    return { text: unitHash(`answer\u0000${system}\u0000${user}`) < 0.5 ? "negative" : "positive" };
  };
}

/**
 * Writes `train.jsonl`, `dev.jsonl` and `test.jsonl` into `directory` (every other review negative, labelled by the
 * words "negative vibes" / "positive vibes") and returns the `{split}` path pattern a classification task loads.
 */
export async function writeVibesDataset(
  directory: string,
  sizes: Readonly<Record<"train" | "dev" | "test", number>>,
): Promise<string> {
  await mkdir(directory, { recursive: true });
  for (const [split, size] of Object.entries(sizes)) {
    const lines = Array.from({ length: size }, (_, index) => {
      const label = index % 2 === 0 ? "negative" : "positive";
      return JSON.stringify({ id: `${split}-${index}`, text: `review ${split} ${index}: ${label} vibes`, label });
    });
    await writeFile(join(directory, `${split}.jsonl`), `${lines.join("\n")}\n`);
  }
  return join(directory, "{split}.jsonl");
}
