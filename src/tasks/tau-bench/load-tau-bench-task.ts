import type { Task } from "../../spec/task.js";
import { createTauBenchTask, type TauBenchTaskOptions } from "./create-tau-bench-task.js";
import { tauTaskNames } from "./is-tau-task-name.js";
import { loadTauDomain } from "./load-tau-domain.js";

/**
 * Loads the tau-bench domain a task name selects (`tau-retail`, `tau-airline`) from `dataDir` and returns it as a
 * `Task` whose rollouts use `userModel` as the simulated user.
 * @throws InvalidInputError when the data files are missing or malformed.
 */
export async function loadTauBenchTask(
  options: Omit<TauBenchTaskOptions, "domain"> & { readonly name: string; readonly dataDir: string },
): Promise<Task> {
  const { name, dataDir, ...taskOptions } = options;
  const domain = await loadTauDomain({ dataDir, domain: tauTaskNames[name] ?? "retail" });
  return createTauBenchTask({ domain, ...taskOptions });
}
