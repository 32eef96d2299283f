/** One message of a conversation, as recorded in a trace. */
export interface TraceMessage {
  readonly role: "system" | "user" | "assistant" | "tool";
  readonly content: string;
  readonly toolCalls?: readonly ToolCallRecord[] | undefined;
  readonly toolName?: string | undefined;
  /** On a `tool` message: the id of the call it answers (`toolCalls[].id` of an earlier assistant message). */
  readonly toolCallId?: string | undefined;
}

export interface ToolCallRecord {
  /** The call's id as the provider gave it, when it did (pairs the call with its tool message). */
  readonly id?: string | undefined;
  readonly name: string;
  readonly arguments: unknown;
  readonly output?: string | undefined;
}

/** An interaction trace: what the target was asked, what it did, and how well (input to the DLM's conditioning). */
export interface Trace {
  readonly exampleId: string;
  /** The user-visible input (query), compact. */
  readonly input: string;
  /** The model's final text. */
  readonly output: string;
  readonly messages?: readonly TraceMessage[] | undefined;
  readonly toolCalls?: readonly ToolCallRecord[] | undefined;
  /** In [0, 1]. */
  readonly score: number;
  readonly expected?: string | undefined;
  /** One line a person would write: `expected X, got Y (answer: "…")`. */
  readonly feedback?: string | undefined;
}
