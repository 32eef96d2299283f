import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Task } from "../../spec/task.js";
import { createTauBenchTask, type TauAgentKind } from "./create-tau-bench-task.js";
import { loadTauDomain, type TauDomainName } from "./load-tau-domain.js";

/** Task names that select tau-bench in `optimize` / `eval` (`--task tau-retail`). */
export const tauTaskNames: Readonly<Record<string, TauDomainName>> = {
  "tau-retail": "retail",
  "tau-airline": "airline",
};

/** True when `name` is one of {@link tauTaskNames}. */
export function isTauTaskName(name: string): boolean {
  return Object.hasOwn(tauTaskNames, name);
}

/**
 * Loads the tau-bench domain a task name selects (`tau-retail`, `tau-airline`) from `dataDir` and returns it as a
 * `Task` whose rollouts use `userModel` as the simulated user.
 * @throws InvalidInputError when the data files are missing or malformed.
 */
export async function loadTauBenchTask(options: {
  readonly name: string;
  readonly dataDir: string;
  readonly userModel: LanguageModelV3;
  readonly agentKind?: TauAgentKind | undefined;
  readonly temperature?: number | undefined;
  readonly userTemperature?: number | undefined;
  readonly maxSteps?: number | undefined;
}): Promise<Task> {
  const domain = await loadTauDomain({ dataDir: options.dataDir, domain: tauTaskNames[options.name] ?? "retail" });
  return createTauBenchTask({
    domain,
    userModel: options.userModel,
    agentKind: options.agentKind,
    temperature: options.temperature,
    userTemperature: options.userTemperature,
    maxSteps: options.maxSteps,
  });
}
