import { describe, expect, it } from "vitest";
import { describeDlmWork } from "./describe-dlm-work.js";
import { renderSpendTable } from "./render-spend-table.js";

const spend = { targetCalls: 10, dlmCalls: 4, inputTokens: 0, outputTokens: 0, costUsd: 0, wallMs: 1000 };

describe("describeDlmWork", () => {
  it("gives the forward passes and the dropped candidates whose work they include, or nothing when unknown", () => {
    expect(describeDlmWork({ ...spend, dlmForwardPasses: 32, droppedCandidates: 3 })).toBe(
      "32 DLM forward passes; 3 candidates dropped by the proposer before scoring (their work counted)",
    );
    expect(describeDlmWork({ ...spend, dlmForwardPasses: 32, droppedCandidates: 0 })).toBe("32 DLM forward passes");
    expect(describeDlmWork(spend)).toBe("");
  });

  it("is the note under a run's spend table", () => {
    const html = renderSpendTable({ rows: [], spend: { ...spend, dlmForwardPasses: 32, droppedCandidates: 3 } });
    expect(html).toContain("32 DLM forward passes; 3 candidates dropped by the proposer before scoring");
  });
});
