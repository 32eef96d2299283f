import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import type { TraceMessage } from "../../spec/trace.js";

/**
 * A logged conversation prefix as the provider-level prompt the target is called with: the candidate `systemPrompt`
 * first (logged system messages are dropped, since the candidate replaces them), then the user, assistant (text and
 * tool calls) and tool (results) messages. Calls without a logged id get `call-<n>`, and a tool message is paired with
 * the call it answers by id, or else with the earliest call not yet answered.
 */
export function toModelPrompt(options: {
  readonly systemPrompt: string;
  readonly messages: readonly TraceMessage[];
}): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [{ role: "system", content: options.systemPrompt }];
  const open: { id: string; name: string }[] = [];
  let calls = 0;
  for (const message of options.messages) {
    if (message.role === "system") continue;
    if (message.role === "user") prompt.push({ role: "user", content: [{ type: "text", text: message.content }] });
    else if (message.role === "assistant") {
      const toolCalls = (message.toolCalls ?? []).map((call) => {
        calls += 1;
        const id = call.id ?? `call-${calls}`;
        open.push({ id, name: call.name });
        return { type: "tool-call" as const, toolCallId: id, toolName: call.name, input: call.arguments };
      });
      prompt.push({
        role: "assistant",
        content: [...(message.content === "" ? [] : [{ type: "text" as const, text: message.content }]), ...toolCalls],
      });
    } else {
      const index = Math.max(
        0,
        open.findIndex((call) => call.id === message.toolCallId),
      );
      const [call] = open.splice(index, 1);
      prompt.push({
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: message.toolCallId ?? call?.id ?? `call-${calls}`,
            toolName: message.toolName ?? call?.name ?? "tool",
            output: { type: "text", value: message.content },
          },
        ],
      });
    }
  }
  return prompt;
}

/** A conversation as plain text for a judge: one `role: text` block a message, tool calls shown as calls. */
export function toTranscript(messages: readonly TraceMessage[]): string {
  return messages
    .filter((message) => message.role !== "system")
    .map((message) => {
      const calls = (message.toolCalls ?? []).map((call) => `[calls ${call.name}(${JSON.stringify(call.arguments)})]`);
      const name = message.role === "tool" ? `tool ${message.toolName ?? ""}`.trim() : message.role;
      return `${name}: ${[message.content, ...calls].filter((part) => part !== "").join(" ")}`;
    })
    .join("\n");
}
