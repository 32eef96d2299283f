import type { LanguageModelV3 } from "@ai-sdk/provider";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { bootstrapInterval } from "../../internal/statistics.js";
import type { Example, RolloutOptions, SplitName, Task } from "../../spec/task.js";
import type { Trace } from "../../spec/trace.js";
import type { LoggedConversation } from "../../traces/logged-conversation.js";
import { judgeAbsolute, judgePair } from "./judge-reply.js";
import { replayFieldsOf, type SplitShares, splitConversations, toReplayExamples } from "./replay-examples.js";
import { toModelPrompt, toTranscript } from "./to-model-prompt.js";

/** Shares of conversations per split when none are given. */
export const defaultShares: SplitShares = { train: 0.3, dev: 0.5, test: 0.2 };

/** How replies without an expected answer are scored. */
export type JudgeMode = "absolute" | "pairwise";

/** Options of {@link createReplayTask}. */
export interface ReplayTaskOptions {
  /** Logged conversations, redacted already when they must be. */
  readonly conversations: readonly LoggedConversation[];
  /** The seed prompt: where optimisation starts and, pairwise, the reference every candidate's reply is judged against. */
  readonly seedPrompt: string;
  /** The judge model; required unless every example has an expected answer. */
  readonly judge?: LanguageModelV3 | undefined;
  readonly rubric: string;
  /** Default `pairwise`. */
  readonly mode?: JudgeMode | undefined;
  /** Default train 0.3, dev 0.5, test 0.2 of the conversations. */
  readonly shares?: SplitShares | undefined;
  /** A split made already (by `splitConversations`, e.g. to derive a rubric from train and dev only); overrides `shares`. */
  readonly split?: Readonly<Record<SplitName, readonly LoggedConversation[]>> | undefined;
  /** Seed of the split. Default 0. */
  readonly seed?: number | undefined;
  /** Replay at most this many user turns per conversation (the last ones). Default: all. */
  readonly maxTurnsPerConversation?: number | undefined;
  /** Longest replayed reply in tokens. Default 512. */
  readonly maxOutputTokens?: number | undefined;
}

/**
 * A task made of logged conversations, scored without labels by judged replay: each example is a conversation prefix
 * up to a user turn; a rollout replays it with the candidate system prompt against the target and scores the new
 * reply — 1/0 by whether it contains the expected answer when there is one, else by the judge with the rubric:
 * absolute (rating 1–5 → 0–1) or pairwise against the seed prompt's reply to the same prefix, asked in both orders so a
 * judge's preference for a position cancels (win 1, tie ½, loss 0 per order, averaged; the seed itself scores ½ with no
 * judge call, and so does a reply identical to the seed's). The judge's reasons, and the user's logged comments, are
 * the trace's feedback, which conditions the next round. Splits are by conversation.
 *
 * @throws InvalidInputError when there are no user turns, or some turn has no expected answer and no judge is given.
 */
export function createReplayTask(
  options: ReplayTaskOptions,
): Task & { readonly splitSizes: Record<SplitName, number> } {
  const { judge, rubric, seedPrompt } = options;
  const mode = options.mode ?? "pairwise";
  const maxOutputTokens = options.maxOutputTokens ?? 512;
  const split =
    options.split ??
    splitConversations({
      conversations: options.conversations,
      shares: options.shares ?? defaultShares,
      random: createSeededRandom(options.seed ?? 0),
    });
  const examples: Record<SplitName, Example[]> = {
    train: toReplayExamples({ conversations: split.train, maxTurnsPerConversation: options.maxTurnsPerConversation }),
    dev: toReplayExamples({ conversations: split.dev, maxTurnsPerConversation: options.maxTurnsPerConversation }),
    test: toReplayExamples({ conversations: split.test, maxTurnsPerConversation: options.maxTurnsPerConversation }),
  };
  const all = [...examples.train, ...examples.dev, ...examples.test];
  if (all.length === 0)
    throw new InvalidInputError({ message: "The traces hold no user turn to replay.", location: { field: "traces" } });
  if (judge === undefined && all.some((example) => example.expected === undefined))
    throw new InvalidInputError({
      message: "Some conversations have no expected answer: pass a judge model to score their replies.",
      location: { field: "judge" },
    });
  const replay = async (systemPrompt: string, example: Example, rollout: RolloutOptions): Promise<string> => {
    const result = await rollout.target.doGenerate({
      prompt: toModelPrompt({ systemPrompt, messages: replayFieldsOf(example).prefix }),
      temperature: 0,
      maxOutputTokens,
      ...(rollout.trial === undefined ? {} : { providerOptions: { dlmpo: { sampleIndex: rollout.trial } } }),
      ...(rollout.abortSignal === undefined ? {} : { abortSignal: rollout.abortSignal }),
    });
    const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
    const calls = result.content.flatMap((part) =>
      part.type === "tool-call" ? [`[calls ${part.toolName}(${part.input})]`] : [],
    );
    return [text, ...calls].filter((part) => part !== "").join(" ");
  };
  const score = async (
    reply: string,
    example: Example,
    rollout: RolloutOptions,
  ): Promise<{ score: number; feedback: string }> => {
    const fields = replayFieldsOf(example);
    if (example.expected !== undefined) {
      const isRight = normalise(reply).includes(normalise(example.expected));
      return {
        score: isRight ? 1 : 0,
        feedback: isRight ? "" : `expected ${example.expected}, got "${oneLine(reply)}"`,
      };
    }
    if (judge === undefined) throw new Error("unreachable: checked when the task was made");
    const call = { judge, rubric, transcript: toTranscript(fields.prefix), abortSignal: rollout.abortSignal };
    if (mode === "absolute") {
      const verdict = await judgeAbsolute({ ...call, reply });
      return { score: verdict.score ?? 0.5, feedback: `judge: ${verdict.reason}` };
    }
    if (rollout.systemPrompt === seedPrompt) return { score: 0.5, feedback: "" };
    const seedReply = await replay(seedPrompt, example, rollout);
    if (seedReply === reply) return { score: 0.5, feedback: "" };
    const first = await judgePair({ ...call, replyA: seedReply, replyB: reply });
    const second = await judgePair({ ...call, replyA: reply, replyB: seedReply });
    const points = (winner: string | undefined, mine: "A" | "B"): number =>
      winner === mine ? 1 : winner === "tie" || winner === undefined ? 0.5 : 0;
    return {
      score: (points(first.winner, "B") + points(second.winner, "A")) / 2,
      feedback: `judge vs seed: ${first.reason} / ${second.reason}`,
    };
  };
  return {
    id: "traces",
    description: `Judged replay of ${options.conversations.length} logged conversations (${mode}).`,
    seedPrompt,
    splitSizes: { train: examples.train.length, dev: examples.dev.length, test: examples.test.length },
    async loadSplit(name) {
      return examples[name];
    },
    async rollout(rollout): Promise<Trace> {
      const { example } = rollout;
      const fields = replayFieldsOf(example);
      const reply = await replay(rollout.systemPrompt, example, rollout);
      const judged = await score(reply, example, rollout);
      const logged = fields.loggedFeedback === undefined ? [] : [`user said: ${fields.loggedFeedback}`];
      const feedback = [judged.feedback, ...logged].filter((part) => part !== "").join(" | ");
      return {
        exampleId: example.id,
        input: fields.prefix.filter((message) => message.role === "user").at(-1)?.content ?? "",
        output: reply,
        messages: [
          { role: "system", content: rollout.systemPrompt },
          ...fields.prefix.filter((message) => message.role !== "system"),
          { role: "assistant", content: reply },
        ],
        score: judged.score,
        ...(example.expected === undefined ? {} : { expected: example.expected }),
        ...(feedback === "" ? {} : { feedback }),
      };
    },
    summarize(traces) {
      const scores = traces.map((trace) => trace.score);
      const interval = bootstrapInterval({
        size: scores.length,
        statistic: (indices) =>
          indices.length === 0 ? 0 : indices.reduce((sum, index) => sum + (scores[index] ?? 0), 0) / indices.length,
        random: createSeededRandom(0),
      });
      return [{ name: mode === "pairwise" ? "judged win rate vs seed" : "judged score", ...interval }];
    },
  };
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function oneLine(text: string): string {
  const folded = text.replace(/\s+/g, " ").trim();
  return folded.length > 160 ? `${folded.slice(0, 159)}…` : folded;
}
