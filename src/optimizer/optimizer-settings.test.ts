import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { type OptimizerSettingsInput, resolveSettings } from "./optimizer-settings.js";

const identity = { taskId: "t", proposerId: "p", targetModelId: "m", seedPrompt: "Be nice." };

describe("resolveSettings", () => {
  it("fills defaults, keeps given values and leaves out keys that are not settings", () => {
    const input = { ...identity, rounds: 3, devSize: undefined, store: { not: "a setting" } } as OptimizerSettingsInput; // an options object wider than the settings, as optimize() passes it
    const settings = resolveSettings(input);
    expect(settings.rounds).toBe(3);
    expect(settings.devSize).toBe(64);
    expect(settings.targetScore).toBeUndefined();
    expect(settings.acceptAlpha).toBe(0.05);
    expect(settings.acceptErrorControl).toBe("run");
    expect("store" in settings).toBe(false);
  });

  it("names the field of a value out of range", () => {
    const cases: [Partial<OptimizerSettingsInput>, string][] = [
      [{ maskRatio: 0 }, 'field "maskRatio"'],
      [{ acceptAlpha: 1 }, 'field "acceptAlpha"'],
      [{ acceptShare: 1 }, 'field "acceptShare"'],
      [{ acceptCandidates: 0 }, 'field "acceptCandidates"'],
      [{ candidatesPerRound: 0 }, 'field "candidatesPerRound"'],
      [{ spanStrategies: { sentence: 0 } }, 'field "spanStrategies"'],
      [{ budgets: { targetCalls: -1 } }, 'field "budgets.targetCalls"'],
      [{ diffusion: { steps: 0, remasking: "random", temperature: 0, cfgScale: 0 } }, 'field "diffusion.steps"'],
    ];
    for (const [patch, field] of cases) {
      const error = (() => {
        try {
          resolveSettings({ ...identity, ...patch });
          return undefined;
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(String(error)).toContain(field);
    }
  });
});
