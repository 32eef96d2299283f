import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { OTLPTraceExporter as OTLPJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { generateText, jsonSchema, type ModelMessage, stepCountIs, tool } from "ai";

/** One conversation the small AI SDK program holds: its system prompt and the user's turns, in order. */
export interface ProgramConversation {
  readonly id: string;
  readonly system: string;
  readonly turns: readonly string[];
}

/**
 * A small instrumented AI SDK application, as a user would write it: a support assistant with one tool
 * (`lookupOrder`), multi-turn conversations through `generateText` with `experimental_telemetry` on (the conversation
 * id in its metadata), a `NodeTracerProvider` with the real OTLP/HTTP exporter (JSON or protobuf) sending spans to
 * `endpoint`. The model is an OpenAI-compatible server at `baseURL`. Test support only (not built into dist).
 */
export async function exportAiSdkSpans(options: {
  readonly baseURL: string;
  /** The OTLP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  readonly endpoint: string;
  readonly protocol: "json" | "protobuf";
  readonly conversations: readonly ProgramConversation[];
  readonly headers?: Readonly<Record<string, string>> | undefined;
}): Promise<void> {
  const exporterOptions = { url: options.endpoint, headers: { ...options.headers } };
  const exporter =
    options.protocol === "json" ? new OTLPJsonExporter(exporterOptions) : new OTLPProtoExporter(exporterOptions);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "support-bot" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("support-bot");
  const model = createOpenAICompatible({ name: "shop", baseURL: options.baseURL, apiKey: "test-key" })("test-model");
  const lookupOrder = tool({
    description: "Looks an order up by its number.",
    inputSchema: jsonSchema<{ orderId: string }>({
      type: "object",
      properties: { orderId: { type: "string" } },
      required: ["orderId"],
    }),
    execute: async ({ orderId }) => ({ orderId, status: "shipped" }),
  });
  try {
    for (const conversation of options.conversations) {
      const messages: ModelMessage[] = [];
      for (const turn of conversation.turns) {
        messages.push({ role: "user", content: turn });
        const result = await generateText({
          model,
          system: conversation.system,
          messages,
          tools: { lookupOrder },
          stopWhen: stepCountIs(3),
          experimental_telemetry: {
            isEnabled: true,
            tracer,
            functionId: "support-chat",
            metadata: { conversationId: conversation.id },
          },
        });
        messages.push(...result.response.messages);
      }
    }
    await provider.forceFlush();
  } finally {
    await provider.shutdown();
  }
}
