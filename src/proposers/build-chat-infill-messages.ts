import { type MaskedPrompt, renderMaskedPrompt } from "../prompt/mask-prompt.js";
import { defaultMaskToken, type GapStyle, renderGap } from "./gap-style.js";

/** The chat request asking a model to fill gaps, and how its markers map back to spans. */
export interface ChatInfillRequest {
  readonly system: string;
  readonly user: string;
  /** `spanIndexOfMarker[n - 1]` is the index (in `maskedSpans`) of the span shown as gap n. */
  readonly spanIndexOfMarker: readonly number[];
  /** The prompt's text around the gaps (one more than the gaps), for reading a `mask-token` answer back. */
  readonly segments: readonly string[];
  readonly gapStyle: GapStyle;
  readonly maskToken: string;
}

const sharedRules = [
  "Never write {{placeholders}}, <keep> tags or gap markers inside a fill.",
  "Write new text for every gap so that the whole prompt reads naturally and fixes the failures the feedback shows.",
];

function systemMessage(style: GapStyle, maskToken: string): string {
  const intro = "You improve system prompts for AI assistants.";
  if (style === "mask-token")
    return [
      intro,
      `You are shown a system prompt between <prompt> and </prompt> in which some parts were replaced by runs of ${maskToken},`,
      "and feedback from test runs of the assistant that used the prompt.",
      sharedRules[1],
      `Answer with the whole prompt between <prompt> and </prompt>, every run of ${maskToken} replaced by your text and`,
      "everything else unchanged, and nothing else.",
    ].join("\n");
  const example = style === "numbered" ? "[[1]], [[2]], …" : '<gap id="1"/>, <gap id="2"/>, …';
  return [
    intro,
    `You are shown a system prompt in which some parts were cut out and replaced by numbered gaps ${example},`,
    "and feedback from test runs of the assistant that used the prompt.",
    sharedRules[1],
    'Answer with exactly one <fill id="N">text</fill> per gap, in order, and nothing else.',
    'A gap may be left empty (<fill id="N"></fill>) when the prompt is better without that part.',
    sharedRules[0],
  ].join("\n");
}

/** Chat-infill system message of the default `numbered` gap style. */
export const chatInfillSystemMessage = systemMessage("numbered", defaultMaskToken);

/**
 * Builds the chat-infill request: gaps are numbered in text order (gap 1 is the first in the prompt) and written in
 * `gapStyle` (default `numbered`); each gap's length hint comes from its slot count (≈ 0.75 words a slot).
 */
export function buildChatInfillRequest(options: {
  readonly maskedPrompt: MaskedPrompt;
  readonly conditioning: string;
  readonly gapStyle?: GapStyle | undefined;
  /** The mask token of the `mask-token` style; default `<|mdm_mask|>`. */
  readonly maskToken?: string | undefined;
}): ChatInfillRequest {
  const gapStyle = options.gapStyle ?? "numbered";
  const maskToken = options.maskToken ?? defaultMaskToken;
  const spanIndexOfMarker: number[] = [];
  const hints: string[] = [];
  const slotsOfMarker: number[] = [];
  // A character that cannot occur in a prompt splits the rendering into the text around the gaps.
  const split = "\u0000";
  const segments = renderMaskedPrompt({
    maskedPrompt: options.maskedPrompt,
    renderSpan: (part) => {
      spanIndexOfMarker.push(part.spanIndex);
      slotsOfMarker.push(part.slots);
      const marker = spanIndexOfMarker.length;
      const strategy = options.maskedPrompt.maskedSpans[part.spanIndex]?.strategy ?? "";
      const words = Math.max(1, Math.round(part.slots * 0.75));
      const label = renderGap({
        style: gapStyle === "mask-token" ? "numbered" : gapStyle,
        marker,
        slots: 0,
        maskToken,
      });
      hints.push(`${label}: at most ${words} words${strategy === "delete" ? " (may be empty)" : ""}`);
      return split;
    },
  }).split(split);
  const rendered = segments
    .map((segment, index) =>
      index === 0
        ? segment
        : `${renderGap({ style: gapStyle, marker: index, slots: slotsOfMarker[index - 1] ?? 1, maskToken })}${segment}`,
    )
    .join("");
  const feedback = options.conditioning.trim() === "" ? "(no feedback)" : options.conditioning.trim();
  const base = { system: systemMessage(gapStyle, maskToken), spanIndexOfMarker, segments, gapStyle, maskToken };
  if (gapStyle === "mask-token") {
    const user = ["## Feedback from test runs", feedback, "", "## System prompt", `<prompt>\n${rendered}\n</prompt>`];
    return { ...base, user: user.join("\n") };
  }
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
  return { ...base, user };
}

/** The follow-up message when an answer lacks some gaps. */
export function missingFillsMessage(options: {
  readonly missing: readonly number[];
  readonly count: number;
  readonly gapStyle?: GapStyle | undefined;
  readonly maskToken?: string | undefined;
}): string {
  const style = options.gapStyle ?? "numbered";
  if (style === "mask-token")
    return `Your answer did not keep the prompt's text around every run of ${options.maskToken ?? defaultMaskToken}, or left some unfilled. Answer again with the whole prompt between <prompt> and </prompt>, each run replaced by text and everything else unchanged.`;
  const label = (marker: number): string => renderGap({ style, marker, slots: 0, maskToken: "" });
  const list = options.missing.map(label).join(", ");
  return `Your answer has no <fill> for ${list}. Answer again with exactly ${options.count} <fill id="N">…</fill> tags, one for each gap ${label(1)} to ${label(options.count)}, and nothing else.`;
}
