import type {
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";

function partsOf(result: LanguageModelV3GenerateResult): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: result.warnings }];
  const response = result.response;
  parts.push({
    type: "response-metadata",
    ...(response?.id === undefined ? {} : { id: response.id }),
    ...(response?.modelId === undefined ? {} : { modelId: response.modelId }),
    ...(response?.timestamp === undefined ? {} : { timestamp: response.timestamp }),
  });
  result.content.forEach((part, index) => {
    const id = String(index);
    switch (part.type) {
      case "text":
        parts.push({ type: "text-start", id }, { type: "text-delta", id, delta: part.text }, { type: "text-end", id });
        break;
      case "reasoning":
        parts.push(
          { type: "reasoning-start", id },
          { type: "reasoning-delta", id, delta: part.text },
          { type: "reasoning-end", id },
        );
        break;
      case "tool-call":
        parts.push(
          { type: "tool-input-start", id: part.toolCallId, toolName: part.toolName },
          { type: "tool-input-delta", id: part.toolCallId, delta: part.input },
          { type: "tool-input-end", id: part.toolCallId },
          part,
        );
        break;
      case "file":
      case "source":
      case "tool-result":
      case "tool-approval-request":
        parts.push(part);
        break;
    }
  });
  parts.push({
    type: "finish",
    usage: result.usage,
    finishReason: result.finishReason,
    ...(result.providerMetadata === undefined ? {} : { providerMetadata: result.providerMetadata }),
  });
  return parts;
}

/**
 * Serves a finished generate result as a V3 stream (whole text parts, no incremental deltas). The wrapped model uses
 * it for `doStream`, so streamed calls get the same cache, limiter, retries and metering as generated ones.
 */
export function streamFromResult(result: LanguageModelV3GenerateResult): LanguageModelV3StreamResult {
  const parts = partsOf(result);
  return {
    stream: new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    }),
  };
}
