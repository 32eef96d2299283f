// Child process of bench/eval-throughput.mjs: runs the OpenAI-compatible test server in its own process, so the
// bench's CPU figures (process.cpuUsage) belong to the client (the models layer) alone.
// Messages in: { type: "set-faults", plan } | { type: "count" } | { type: "close" }; each answered with { type, ... }.
import { startOpenAITestServer } from "../dist/testing/openai-test-server.js";

// The scripted target answers from the text alone, so every pass must give identical answers.
function answerFor(body) {
  const user = body.messages.filter((message) => message.role === "user").pop();
  const text = typeof user.content === "string" ? user.content : JSON.stringify(user.content);
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash % 2 === 0 ? "Sentiment: positive." : "Sentiment: negative.";
}

const server = await startOpenAITestServer({
  latencyMs: Number(process.argv[2] ?? "50"),
  recordRequests: false,
  respond: (request) => ({ text: answerFor(request.body), usage: { inputTokens: 60, outputTokens: 4 } }),
});
process.on("message", async (message) => {
  if (message.type === "set-faults") server.setFaults(message.plan);
  if (message.type === "close") await server.close();
  process.send({ type: message.type, requestCount: server.requestCount });
  if (message.type === "close") process.disconnect();
});
process.send({ type: "ready", baseURL: server.baseURL });
