import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { ScriptedReply, TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { loadTauDomain, type TauDomain, type TauTaskSpec } from "./load-tau-domain.js";
import { createReactAgent } from "./react-agent.js";
import { runTauEpisode } from "./run-tau-episode.js";
import { agentGreeting, createSimulatedUser, stopMarker } from "./simulated-user.js";
import { createToolCallingAgent } from "./tool-calling-agent.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

interface Body {
  readonly model: string;
  readonly temperature?: number;
  readonly messages: { readonly role: string; readonly content: unknown }[];
  readonly tools?: {
    readonly function: { readonly name: string; readonly description: string; readonly parameters: unknown };
  }[];
}
// Request bodies are the AI SDK's OpenAI-compatible chat requests.
const bodyOf = (request: TestServerRequest): Body => request.body as Body;

describe.skipIf(!hasData)("runTauEpisode through the test server", () => {
  let domain: TauDomain;
  let task: TauTaskSpec;
  let server: OpenAITestServer | undefined;
  beforeAll(async () => {
    domain = await loadTauDomain({ dataDir, domain: "retail" });
    const first = (await domain.loadTasks("test"))[0];
    if (first === undefined) throw new Error("no task");
    task = first;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function run(options: {
    readonly agentReply: (body: Body) => ScriptedReply;
    readonly userReply: (body: Body) => string;
    readonly react?: boolean;
  }) {
    server = await startOpenAITestServer({
      respond: (request) => {
        const body = bodyOf(request);
        return body.model === "agent" ? options.agentReply(body) : { text: options.userReply(body) };
      },
    });
    const provider = createOpenAICompatible({ baseURL: server.baseURL, name: "test" });
    const agentModel = provider.chatModel("agent");
    const episode = await runTauEpisode({
      domain,
      task,
      systemPrompt: domain.policy,
      agent:
        options.react === true
          ? createReactAgent({ model: agentModel })
          : createToolCallingAgent({ model: agentModel }),
      user: createSimulatedUser({ model: provider.chatModel("user"), instruction: task.instruction }),
    });
    const requests = server.requests.map(bodyOf);
    return {
      episode,
      agentRequests: requests.filter((body) => body.model === "agent"),
      userRequests: requests.filter((body) => body.model === "user"),
    };
  }

  it("ends when the simulated user writes ###STOP###, and shows each side what it should see", async () => {
    const { episode, agentRequests, userRequests } = await run({
      agentReply: () => ({ text: "Your exchange is done." }),
      userReply: (body) =>
        body.messages.some((message) => message.role === "assistant") ? stopMarker : "I want an exchange.",
    });
    expect(episode.endReason).toBe("user-stop");
    expect(episode.steps).toBe(1);
    expect(episode.agentMessages).toEqual(["Your exchange is done."]);
    expect(userRequests).toHaveLength(2);
    expect(userRequests[0]?.messages[0]?.content).toContain(task.instruction);
    expect(userRequests[0]?.messages[1]).toEqual({ role: "user", content: agentGreeting });
    expect(agentRequests[0]?.messages[0]).toEqual({ role: "system", content: domain.policy });
    const tools = readFileSync(`${dataDir}/tau-bench/retail/tools.json`, "utf8");
    // tools.json is the data set's own list of OpenAI function definitions.
    const definitions = JSON.parse(tools) as { function: { name: string; description: string; parameters: unknown } }[];
    expect(
      agentRequests[0]?.tools?.map((tool) => [tool.function.name, tool.function.description, tool.function.parameters]),
    ).toEqual(
      definitions.map((definition) => [
        definition.function.name,
        definition.function.description,
        definition.function.parameters,
      ]),
    );
    // The exchange never happened, so the database differs from the ground truth.
    expect(episode.reward.reward).toBe(0);
  });

  it("stops after 30 agent steps with reward 0", async () => {
    const { episode, agentRequests } = await run({
      agentReply: () => ({ toolCalls: [{ name: "think", arguments: { thought: "hmm" } }] }),
      userReply: () => "Hello.",
    });
    expect(episode.endReason).toBe("step-limit");
    expect(episode.steps).toBe(30);
    expect(agentRequests).toHaveLength(30);
    expect(episode.toolCalls).toHaveLength(30);
    expect(episode.reward.reward).toBe(0);
  });

  it("answers unknown tools, processes one tool call per turn and ends on a transfer", async () => {
    const { episode, agentRequests } = await run({
      agentReply: (body) =>
        body.messages.some((message) => message.role === "tool")
          ? { toolCalls: [{ name: "transfer_to_human_agents", arguments: { summary: "help" } }] }
          : {
              toolCalls: [
                { name: "no_such_tool", arguments: {} },
                { name: "think", arguments: { thought: "second call is dropped" } },
              ],
            },
      userReply: () => "Hello.",
    });
    expect(episode.toolCalls.map((call) => [call.name, call.output])).toEqual([
      ["no_such_tool", "Unknown action no_such_tool"],
      ["transfer_to_human_agents", "Transfer successful"],
    ]);
    expect(episode.endReason).toBe("transfer");
    expect(agentRequests).toHaveLength(2);
  });

  it("runs a ReAct text agent: Action JSON becomes a tool call, respond becomes a message", async () => {
    const { episode } = await run({
      react: true,
      agentReply: (body) =>
        body.messages.some((message) => String(message.content).startsWith("API output:"))
          ? { text: 'Thought: tell them\nAction: {"name": "respond", "arguments": {"content": "Found you."}}' }
          : {
              text: 'Thought: look up\nAction: {"name": "find_user_id_by_name_zip", "arguments": {"first_name": "Yusuf", "last_name": "Rossi", "zip": "19122"}}',
            },
      userReply: (body) => (body.messages.some((message) => message.role === "assistant") ? stopMarker : "Hi."),
    });
    expect(episode.toolCalls).toEqual([
      {
        name: "find_user_id_by_name_zip",
        arguments: '{"first_name": "Yusuf", "last_name": "Rossi", "zip": "19122"}',
        output: "yusuf_rossi_9620",
      },
    ]);
    expect(episode.agentMessages).toEqual(["Found you."]);
    expect(episode.endReason).toBe("user-stop");
  });

  it("ends the episode with reward 0 when tool-call arguments are not JSON, as the original's json.loads does", async () => {
    const { episode, agentRequests } = await run({
      agentReply: () => ({ toolCalls: [{ name: "get_order_details", arguments: '{"order_id": "#W2378156"' }] }),
      userReply: () => "Hi.",
    });
    expect(episode.endReason).toBe("error");
    expect(episode.error).toContain("not JSON");
    expect(episode.reward.reward).toBe(0);
    expect(episode.toolCalls).toEqual([]);
    expect(agentRequests).toHaveLength(1);
  });

  it("hands the tools the arguments as written: 78712.0 stays a float in the database, the output and the history", async () => {
    const { episode, agentRequests } = await run({
      agentReply: (body) =>
        body.messages.some((message) => message.role === "tool")
          ? { text: "Done." }
          : {
              toolCalls: [
                {
                  name: "modify_user_address",
                  arguments:
                    '{"user_id": "yusuf_rossi_9620", "address1": "1 A St", "address2": null, "city": "Austin", "state": "TX", "country": "USA", "zip": 78712.0}',
                },
              ],
            },
      userReply: (body) => (body.messages.some((message) => message.role === "assistant") ? stopMarker : "Hi."),
    });
    expect(episode.toolCalls[0]?.output).toContain(
      '"address2": null, "city": "Austin", "state": "TX", "country": "USA", "zip": 78712.0}',
    );
    // The model's own call goes back to it verbatim, as the original resends its message.
    expect(JSON.stringify(agentRequests[1]?.messages)).toContain('\\"zip\\": 78712.0}');
  });

  it("samples the user at the provider's default temperature (none sent), as the original", async () => {
    const { userRequests } = await run({
      agentReply: () => ({ text: "Done." }),
      userReply: (body) => (body.messages.some((message) => message.role === "assistant") ? stopMarker : "Hi."),
    });
    expect(userRequests.map((body) => body.temperature)).toEqual([undefined, undefined]);
  });
});
