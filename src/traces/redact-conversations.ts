import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { ToolCallRecord, TraceMessage } from "../spec/trace.js";
import type { LoggedConversation } from "./logged-conversation.js";

/** What redaction found, by kind. */
export interface RedactionCounts {
  readonly email: number;
  readonly phone: number;
  readonly card: number;
  readonly key: number;
  readonly custom: number;
}

type Kind = keyof RedactionCounts;

/** Kinds in the order they are applied: keys and cards before phones, so their digits are not read as phone numbers. */
const builtins: readonly {
  readonly kind: Kind;
  readonly pattern: RegExp;
  readonly accept?: (match: string) => boolean;
}[] = [
  {
    kind: "key",
    pattern:
      /\b(?:sk-[A-Za-z0-9_-]{16,}|sk-ant-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})\b|\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/g,
  },
  { kind: "email", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: "card", pattern: /\b\d(?:[ -]?\d){12,18}\b/g, accept: (match) => passesLuhn(match.replace(/\D/g, "")) },
  {
    kind: "phone",
    pattern: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])/g,
    accept: (match) => {
      const digits = match.replace(/\D/g, "").length;
      return digits >= 9 && digits <= 15 && (/[ .()+-]/.test(match) || digits >= 10);
    },
  },
];

/** A redactor: replaces personal data and secrets in text with `[email]`, `[phone]`, `[card]`, `[key]`, `[redacted]`. */
export interface Redactor {
  /** Redacts `text`, adding what it found to the counts. */
  redact(text: string): string;
  /** Redacts every text of a conversation: message contents, tool-call arguments, expected answer, feedback. */
  redactConversation(conversation: LoggedConversation): LoggedConversation;
  /** What was redacted so far. */
  counts(): RedactionCounts;
}

/**
 * Creates a redactor for emails, phone numbers (9–15 digits), card numbers (Luhn-checked), API keys and bearer tokens
 * (OpenAI, Anthropic, AWS, GitHub, Slack, Google formats), plus the user's `patterns` (JavaScript regular expressions,
 * replaced with `[redacted]`).
 *
 * @throws InvalidInputError when a pattern is not a valid regular expression (field `redact.<index>`).
 */
export function createRedactor(options: { readonly patterns?: readonly string[] | undefined } = {}): Redactor {
  const custom = (options.patterns ?? []).map((source, index) => {
    try {
      return new RegExp(source, "g");
    } catch (cause) {
      throw new InvalidInputError({
        message: `"${source}" is not a valid regular expression.`,
        location: { field: `redact.${index}` },
        cause,
      });
    }
  });
  const counts: Record<Kind, number> = { email: 0, phone: 0, card: 0, key: 0, custom: 0 };
  const redact = (text: string): string => {
    let result = text;
    for (const pattern of custom)
      result = result.replace(pattern, () => {
        counts.custom += 1;
        return "[redacted]";
      });
    for (const { kind, pattern, accept } of builtins)
      result = result.replace(pattern, (match) => {
        if (accept !== undefined && !accept(match)) return match;
        counts[kind] += 1;
        return `[${kind}]`;
      });
    return result;
  };
  const redactValue = (value: unknown): unknown => {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map(redactValue);
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
    return value;
  };
  const redactCall = (call: ToolCallRecord): ToolCallRecord => ({
    ...call,
    arguments: redactValue(call.arguments),
    ...(call.output === undefined ? {} : { output: redact(call.output) }),
  });
  const redactMessage = (message: TraceMessage): TraceMessage => ({
    ...message,
    content: redact(message.content),
    ...(message.toolCalls === undefined ? {} : { toolCalls: message.toolCalls.map(redactCall) }),
  });
  return {
    redact,
    redactConversation: (conversation) => ({
      ...conversation,
      messages: conversation.messages.map(redactMessage),
      ...(conversation.expected === undefined ? {} : { expected: redact(conversation.expected) }),
      ...(conversation.feedback === undefined ? {} : { feedback: redact(conversation.feedback) }),
    }),
    counts: () => ({ ...counts }),
  };
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
