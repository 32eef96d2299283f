import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { Random } from "../spec/runtime.js";
import type { Example } from "../spec/task.js";

/** The run's dev sample in two disjoint parts: `selection` ranks candidates, `acceptance` tests the survivors. */
export interface DevSplit {
  /** Selection examples first, then acceptance examples: per-example dev scores are aligned with this order. */
  readonly examples: readonly Example[];
  readonly selectionSize: number;
}

/**
 * Splits the dev sample once per run, by a seeded draw (so a label-sorted file still gives both parts every label):
 * `round(share × n)` examples, at least 1 and at most n − 1, go to acceptance; each part keeps the sample's order.
 *
 * @throws InvalidInputError when the run has rounds but fewer than 2 dev examples (nothing to select and accept on).
 */
export function splitDev(options: {
  readonly dev: readonly Example[];
  readonly acceptShare: number;
  readonly rounds: number;
  readonly random: Random;
}): DevSplit {
  const { dev, random } = options;
  const n = dev.length;
  if (n < 2) {
    if (options.rounds > 0)
      throw new InvalidInputError({
        message: `Acceptance needs at least 2 dev examples (one part selects, the other accepts); the task gives ${n}.`,
        location: { field: "devSize" },
      });
    return { examples: [...dev], selectionSize: n };
  }
  const acceptanceSize = Math.min(n - 1, Math.max(1, Math.round(options.acceptShare * n)));
  const order = Array.from({ length: n }, (_, index) => index);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    const swap = order[i] ?? i;
    order[i] = order[j] ?? j;
    order[j] = swap;
  }
  const isAcceptance = new Set(order.slice(0, acceptanceSize));
  const selection = dev.filter((_, index) => !isAcceptance.has(index));
  const acceptance = dev.filter((_, index) => isAcceptance.has(index));
  return { examples: [...selection, ...acceptance], selectionSize: selection.length };
}
