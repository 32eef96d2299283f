import type { TauAction, TauTaskSpec } from "./load-tau-domain.js";
import { stopMarker } from "./simulated-user.js";

/** A reply of the scripted models, in the OpenAI-compatible test server's reply shape. */
export type ScriptedTauReply =
  | { readonly text: string }
  | { readonly toolCalls: readonly { readonly name: string; readonly arguments: unknown }[] };

/** What the scripted agent says when it has performed every action. */
export const scriptedDoneMessage = "DONE: everything you asked for is handled.";

interface ChatMessage {
  readonly role: string;
  readonly content: unknown;
}

function messagesOf(body: unknown): readonly ChatMessage[] {
  if (body === null || typeof body !== "object" || !("messages" in body) || !Array.isArray(body.messages)) return [];
  // An OpenAI chat request body: a list of {role, content} objects.
  return body.messages as ChatMessage[];
}

function modelOf(body: unknown): string {
  return body !== null && typeof body === "object" && "model" in body ? String(body.model) : "";
}

const textOf = (content: unknown): string =>
  typeof content === "string" ? content : Array.isArray(content) ? JSON.stringify(content) : "";

/**
 * Scripted agent and user for tests and benchmarks of tau-bench through the OpenAI-compatible test server (pass it
 * as `respond`). Requests for model `agentModel` (default `agent`) come from the agent: it says the task's required
 * outputs first, then makes each ground-truth action as a tool call, then says {@link scriptedDoneMessage}. Every
 * other request comes from the simulated user: it names its task (found by its instruction in the system prompt),
 * answers "Please go on.", and writes `###STOP###` once the agent says it is done. `actionsFor` may change the
 * actions of a task (to skip a write or write a wrong value).
 */
export function createScriptedTauResponder(options: {
  readonly tasks: readonly TauTaskSpec[];
  readonly agentModel?: string | undefined;
  readonly actionsFor?: ((taskIndex: number, actions: readonly TauAction[]) => readonly TauAction[]) | undefined;
}): (request: { readonly body: unknown }) => ScriptedTauReply {
  const agentModel = options.agentModel ?? "agent";
  return ({ body }) => {
    const messages = messagesOf(body);
    if (modelOf(body) !== agentModel) {
      const system = textOf(messages.find((message) => message.role === "system")?.content);
      const taskIndex = options.tasks.findIndex((task) => system.includes(task.instruction));
      const last = textOf(messages[messages.length - 1]?.content);
      if (last.startsWith("DONE")) return { text: stopMarker };
      const answered = messages.some((message) => message.role === "assistant");
      return { text: answered ? "Please go on." : `Hello, I need help with task ${taskIndex}.` };
    }
    const opening = textOf(messages.find((message) => message.role === "user")?.content);
    const taskIndex = Number(/task (\d+)/.exec(opening)?.[1] ?? "-1");
    const task = options.tasks[taskIndex];
    if (task === undefined) return { text: `Unknown task in "${opening}".` };
    const actions = options.actionsFor?.(taskIndex, task.actions) ?? task.actions;
    const plan: ScriptedTauReply[] = [
      ...(task.outputs.length === 0 ? [] : [{ text: `Here is what I found: ${task.outputs.join(" ; ")}` }]),
      ...actions.map((action) => ({ toolCalls: [{ name: action.name, arguments: action.kwargs }] })),
      { text: scriptedDoneMessage },
    ];
    const step = messages.filter((message) => message.role === "assistant").length;
    return plan[step] ?? { text: scriptedDoneMessage };
  };
}
