import { describe, expect, it } from "vitest";
import { renderSpendTable } from "./render-spend-table.js";

describe("renderSpendTable", () => {
  it("totals the rows it shows and gives the run's own counters apart", () => {
    const html = renderSpendTable({
      rows: [
        {
          modelId: "openai:gpt-4o-mini",
          role: "target",
          calls: 504,
          inputTokens: 1000,
          outputTokens: 50,
          costUsd: 0.5,
        },
        { modelId: "openai:gpt-4o", role: "proposer", calls: 12, inputTokens: 200, outputTokens: 30, costUsd: 0.25 },
      ],
      spend: { targetCalls: 584, dlmCalls: 12, inputTokens: 1200, outputTokens: 80, costUsd: 0.75, wallMs: 2000 },
    });
    expect(html).toContain(
      '<tr><th>total</th><th></th><th class="number">516</th><th class="number">1,200</th><th class="number">80</th><th class="number">$0.7500</th></tr>',
    );
    expect(html).toContain("The run counted 584 target rollouts and 12 DLM calls, answers served from the cache");
  });
});
