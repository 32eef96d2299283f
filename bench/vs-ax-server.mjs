// Child process of bench/vs-ax.mjs: one OpenAI-compatible test server for both tools, in its own process so neither
// client pays for it. A classification request (dlmpo's "Review: …" or ax's "Review: …" field) gets a one-word
// sentiment; any other request (GEPA reflection and rewrite, of either tool) gets a new instruction in the shapes both
// tools read (`<diagnosis>`, `<prompt>` and a fenced block). Counts target calls apart from the others.
// Messages in: { type: "set-faults", plan } | { type: "counts" } | { type: "close" }; each answered with the counts.
import { startOpenAITestServer } from "../dist/testing/openai-test-server.js";

const instruction =
  "Classify the sentiment of the movie review. Read the whole review, weigh praise against complaints, and answer " +
  "with exactly one word: positive or negative.";
const reflection = `<diagnosis>The prompt does not say how to weigh mixed reviews.</diagnosis>
<prompt>${instruction}</prompt>
\`\`\`
${instruction}
\`\`\``;

const textOf = (content) => (typeof content === "string" ? content : content.map((part) => part.text ?? "").join(""));

function reviewOf(body) {
  const user = body.messages.filter((message) => message.role === "user").pop();
  const text = user === undefined ? "" : textOf(user.content);
  const match = /Review: ([^\n]*)/.exec(text);
  return match === null ? undefined : match[1];
}

let targetCalls = 0;
let otherCalls = 0;
const server = await startOpenAITestServer({
  latencyMs: Number(process.argv[2] ?? "50"),
  recordRequests: false,
  respond: (request) => {
    const review = reviewOf(request.body);
    if (review === undefined) {
      otherCalls += 1;
      return { text: reflection, usage: { inputTokens: 900, outputTokens: 120 } };
    }
    targetCalls += 1;
    let hash = 0;
    for (let i = 0; i < review.length; i += 1) hash = (hash * 31 + review.charCodeAt(i)) >>> 0;
    return {
      text: `Sentiment: ${hash % 2 === 0 ? "positive" : "negative"}`,
      usage: { inputTokens: 60, outputTokens: 4 },
    };
  },
});
const counts = () => ({ requests: server.requestCount, targetCalls, otherCalls, maxInFlight: server.maxInFlight });
process.on("message", async (message) => {
  if (message.type === "set-faults") server.setFaults(message.plan);
  if (message.type === "close") await server.close();
  process.send({ type: message.type, ...counts() });
  if (message.type === "close") process.disconnect();
});
process.send({ type: "ready", baseURL: server.baseURL });
