import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { Example, Task } from "../spec/task.js";

/**
 * The task's dev split, which every run starts from.
 * @throws InvalidInputError (or the task's own error, e.g. a missing data file) when it cannot be read or is empty.
 */
export async function loadDevSplit(task: Task): Promise<readonly Example[]> {
  const dev = await task.loadSplit("dev");
  if (dev.length === 0)
    throw new InvalidInputError({ message: `Task "${task.id}" has no dev examples.`, location: { field: "task" } });
  return dev;
}
