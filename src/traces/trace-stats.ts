import type { LoggedConversation } from "./logged-conversation.js";
import type { RedactionCounts } from "./redact-conversations.js";

/** Figures about a set of logged conversations (what `dlmpo traces stats` prints). */
export interface TraceStats {
  readonly conversations: number;
  readonly messages: number;
  /** User turns: all of them, and per conversation the most. */
  readonly userTurns: { readonly total: number; readonly maxPerConversation: number };
  /** Conversations by their number of user turns: "1", "2", "3-5", "6+". */
  readonly turnsHistogram: Readonly<Record<string, number>>;
  readonly toolCalls: { readonly total: number; readonly byName: Readonly<Record<string, number>> };
  /** Conversations with a score, and how the scores spread over five bins ("0.0-0.2" … "0.8-1.0", the last closed). */
  readonly scored: number;
  readonly scoreHistogram: Readonly<Record<string, number>>;
  /** Conversations with a score or a comment (feedback of any kind), with a comment, with an expected answer. */
  readonly withFeedback: number;
  readonly withComment: number;
  readonly withExpected: number;
  /** Distinct system prompts, most used first (a conversation without one counts under ""). */
  readonly systemPrompts: readonly { readonly prompt: string; readonly conversations: number }[];
  /** Redaction markers found in the texts (`[email]`, `[phone]`, `[card]`, `[key]`, `[redacted]` for user patterns). */
  readonly redactions: RedactionCounts;
}

const bins = ["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"] as const;
const markers: Readonly<Record<keyof RedactionCounts, RegExp>> = {
  email: /\[email\]/g,
  phone: /\[phone\]/g,
  card: /\[card\]/g,
  key: /\[key\]/g,
  custom: /\[redacted\]/g,
};

/** Counts what a set of conversations holds. Pure. */
export function traceStats(conversations: readonly LoggedConversation[]): TraceStats {
  const turnsHistogram: Record<string, number> = { "1": 0, "2": 0, "3-5": 0, "6+": 0 };
  const scoreHistogram: Record<string, number> = Object.fromEntries(bins.map((bin) => [bin, 0]));
  const byName: Record<string, number> = {};
  const prompts = new Map<string, number>();
  const redactions: Record<keyof RedactionCounts, number> = { email: 0, phone: 0, card: 0, key: 0, custom: 0 };
  let messages = 0;
  let userTurns = 0;
  let maxTurns = 0;
  let toolCalls = 0;
  for (const conversation of conversations) {
    messages += conversation.messages.length;
    const turns = conversation.messages.filter((message) => message.role === "user").length;
    userTurns += turns;
    maxTurns = Math.max(maxTurns, turns);
    const turnBin = turns <= 1 ? "1" : turns === 2 ? "2" : turns <= 5 ? "3-5" : "6+";
    turnsHistogram[turnBin] = (turnsHistogram[turnBin] ?? 0) + 1;
    for (const call of conversation.messages.flatMap((message) => message.toolCalls ?? [])) {
      toolCalls += 1;
      byName[call.name] = (byName[call.name] ?? 0) + 1;
    }
    const system = conversation.messages.find((message) => message.role === "system")?.content ?? "";
    prompts.set(system, (prompts.get(system) ?? 0) + 1);
    if (conversation.score !== undefined) {
      const bin = bins[Math.min(bins.length - 1, Math.floor(conversation.score * bins.length))] ?? "0.8-1.0";
      scoreHistogram[bin] = (scoreHistogram[bin] ?? 0) + 1;
    }
    const texts = [
      ...conversation.messages.flatMap((message) => [
        message.content,
        ...(message.toolCalls ?? []).map((call) => JSON.stringify(call.arguments)),
      ]),
      conversation.feedback ?? "",
      conversation.expected ?? "",
    ];
    for (const kind of Object.keys(markers) as (keyof RedactionCounts)[]) // The keys of `markers` are the kinds.
      for (const text of texts) redactions[kind] += text.match(markers[kind])?.length ?? 0;
  }
  const has = (predicate: (conversation: LoggedConversation) => boolean): number =>
    conversations.filter(predicate).length;
  return {
    conversations: conversations.length,
    messages,
    userTurns: { total: userTurns, maxPerConversation: maxTurns },
    turnsHistogram,
    toolCalls: { total: toolCalls, byName },
    scored: has((conversation) => conversation.score !== undefined),
    scoreHistogram,
    withFeedback: has((conversation) => conversation.score !== undefined || (conversation.feedback ?? "") !== ""),
    withComment: has((conversation) => (conversation.feedback ?? "") !== ""),
    withExpected: has((conversation) => conversation.expected !== undefined),
    systemPrompts: [...prompts.entries()]
      .map(([prompt, count]) => ({ prompt, conversations: count }))
      .sort((a, b) => b.conversations - a.conversations),
    redactions,
  };
}
