import type { TauToolDefinition } from "./load-tau-domain.js";
import type { PyValue } from "./python-value.js";

/** One turn of an episode's conversation, from the agent's side. */
export type TauTurn =
  | { readonly role: "user"; readonly content: string }
  | {
      readonly role: "assistant";
      readonly content: string;
      /** The one tool call processed this turn (the reference keeps only the first). */
      readonly toolCall?:
        | {
            readonly id: string;
            readonly name: string;
            /** The arguments as the model wrote them (JSON text), sent back verbatim in the history. */
            readonly argumentsText: string;
          }
        | undefined;
    }
  | { readonly role: "tool"; readonly toolCallId: string; readonly name: string; readonly content: string };

/**
 * What the agent does next: answer the user, call one tool, or fail the episode the way the original's run loop
 * fails it (tool-call arguments that are not JSON or not an object, a ReAct action without `name`/`arguments`).
 */
export type TauAgentAction =
  | {
      readonly kind: "respond";
      /** What the user receives. */
      readonly text: string;
      /** What stays in the agent's history when it differs from `text` (a ReAct reply keeps its Thought/Action). */
      readonly historyText?: string | undefined;
    }
  | {
      readonly kind: "tool";
      readonly id: string;
      readonly name: string;
      /** The arguments with Python's types (`250.0` stays a float); always a JSON object. */
      readonly arguments: Readonly<Record<string, PyValue>>;
      /** The arguments as the model wrote them. */
      readonly argumentsText: string;
      /** Text the model wrote alongside the call (kept in the conversation, not shown to the user). */
      readonly text: string;
    }
  | {
      readonly kind: "crash";
      /** Why the original would have stopped the episode (e.g. `Expecting value (char 0)` for malformed JSON). */
      readonly reason: string;
      /** The model's text, kept in the trace. */
      readonly text: string;
    };

/** Options of one agent step. */
export interface TauAgentStepOptions {
  readonly systemPrompt: string;
  readonly toolDefinitions: readonly TauToolDefinition[];
  /** The conversation so far (starts with the user's first message). */
  readonly turns: readonly TauTurn[];
  /** Trial index: part of the call cache key when temperature > 0. */
  readonly trial: number;
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * A tau-bench agent: given the conversation, decides the next action. Implementations: the native tool-calling
 * agent and the ReAct text agent. Provider failures that outlive retries throw.
 */
export interface TauAgent {
  /** `tool-calling` or `react`. */
  readonly kind: string;
  step(options: TauAgentStepOptions): Promise<TauAgentAction>;
}
