import { type MaskedPrompt, renderMaskedPrompt } from "../prompt/mask-prompt.js";

/** The chat request asking a model to fill numbered gaps, and how its markers map back to spans. */
export interface ChatInfillRequest {
  readonly system: string;
  readonly user: string;
  /** `spanIndexOfMarker[n - 1]` is the index (in `maskedSpans`) of the span shown as `[[n]]`. */
  readonly spanIndexOfMarker: readonly number[];
}

/** The system message of chat-infill: the role and the strict answer format. */
export const chatInfillSystemMessage = [
  "You improve system prompts for AI assistants.",
  "You are shown a system prompt in which some parts were cut out and replaced by numbered gaps [[1]], [[2]], …,",
  "and feedback from test runs of the assistant that used the prompt.",
  "Write new text for every gap so that the whole prompt reads naturally and fixes the failures the feedback shows.",
  'Answer with exactly one <fill id="N">text</fill> per gap, in order, and nothing else.',
  'A gap may be left empty (<fill id="N"></fill>) when the prompt is better without that part.',
  "Never write {{placeholders}}, <keep> tags or gap markers inside a fill.",
].join("\n");

/**
 * Builds the chat-infill request: markers are numbered in text order (`[[1]]` is the first gap in the prompt), and each
 * gap's length hint comes from its slot count (≈ 0.75 words a slot).
 */
export function buildChatInfillRequest(options: {
  readonly maskedPrompt: MaskedPrompt;
  readonly conditioning: string;
}): ChatInfillRequest {
  const spanIndexOfMarker: number[] = [];
  const hints: string[] = [];
  const rendered = renderMaskedPrompt({
    maskedPrompt: options.maskedPrompt,
    renderSpan: (part) => {
      spanIndexOfMarker.push(part.spanIndex);
      const marker = spanIndexOfMarker.length;
      const strategy = options.maskedPrompt.maskedSpans[part.spanIndex]?.strategy ?? "";
      const words = Math.max(1, Math.round(part.slots * 0.75));
      hints.push(`[[${marker}]]: at most ${words} words${strategy === "delete" ? " (may be empty)" : ""}`);
      return `[[${marker}]]`;
    },
  });
  const feedback = options.conditioning.trim() === "" ? "(no feedback)" : options.conditioning.trim();
  const example = spanIndexOfMarker.map((_, index) => `<fill id="${index + 1}">…</fill>`).join("\n");
  const user = [
    "## Feedback from test runs",
    feedback,
    "",
    "## System prompt with gaps",
    rendered,
    "",
    "## Gaps",
    ...hints,
    "",
    `Answer in exactly this format:\n${example}`,
  ].join("\n");
  return { system: chatInfillSystemMessage, user, spanIndexOfMarker };
}

/** The follow-up message when an answer lacks some gaps. */
export function missingFillsMessage(options: { readonly missing: readonly number[]; readonly count: number }): string {
  const list = options.missing.map((id) => `[[${id}]]`).join(", ");
  return `Your answer has no <fill> for ${list}. Answer again with exactly ${options.count} <fill id="N">…</fill> tags, one for each gap [[1]] to [[${options.count}]], and nothing else.`;
}
