import type { ScriptedReply, TestServerRequest } from "./openai-test-server-replies.js";

/** The chat messages of a Chat Completions request body, loosely typed (test support). */
export function requestMessages(request: TestServerRequest): { role: string; content: unknown }[] {
  const body = request.body;
  if (typeof body !== "object" || body === null || !("messages" in body) || !Array.isArray(body.messages)) return [];
  return body.messages.filter(
    (message: unknown): message is { role: string; content: unknown } =>
      typeof message === "object" && message !== null && "role" in message && typeof message.role === "string",
  );
}

/**
 * The scripted support model: a user turn mentioning an order number gets a `lookupOrder` tool call first, a tool
 * result gets a text reply that quotes it, anything else gets a short text reply. Test support only.
 */
export function supportBotReply(request: TestServerRequest): ScriptedReply {
  const messages = requestMessages(request);
  const last = messages.at(-1);
  const text = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "");
  if (last?.role === "tool") return { text: `Your order status: ${text}` };
  const order = /#(\w+)/.exec(text);
  if (order !== null)
    return { toolCalls: [{ id: `call-${order[1]}`, name: "lookupOrder", arguments: { orderId: order[1] } }] };
  return { text: `You said: ${text.slice(0, 40)}` };
}
