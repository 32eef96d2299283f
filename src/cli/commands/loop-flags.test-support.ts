import { join } from "node:path";

/** Sizes of an optimisation loop a CLI test runs; flags are emitted for the sizes given. */
export interface LoopSizes {
  readonly rounds?: number | undefined;
  readonly candidates?: number | undefined;
  readonly devSize?: number | undefined;
  readonly testSize?: number | undefined;
  readonly trainMinibatch?: number | undefined;
}

const flagOf: Readonly<Record<keyof LoopSizes, string>> = {
  rounds: "--rounds",
  candidates: "--candidates",
  devSize: "--dev-size",
  testSize: "--test-size",
  trainMinibatch: "--train-minibatch",
};

/** `--rounds 2 --candidates 4 …` for the sizes of `loop`, in the order given. */
export function loopFlags(loop: LoopSizes): string[] {
  return Object.entries(loop).flatMap(([name, value]) =>
    // The keys of a LoopSizes.
    value === undefined ? [] : [flagOf[name as keyof LoopSizes], String(value)],
  );
}

/** `--task` the shipped demo set (like / dislike reviews) with its template and labels, as the demo runs it. */
export function demoTaskFlags(): string[] {
  const task = join(import.meta.dirname, "..", "..", "..", "data", "demo", "{split}.jsonl");
  return ["--task", task, "--template", "Review: {text}", "--labels", "like,dislike"];
}

/** The small judged-replay loop the `optimize --traces` tests run: 2 rounds of 2 inserted sentences, seed 3. */
export const tracesLoopFlags: readonly string[] = [
  ...loopFlags({ rounds: 2, candidates: 2, trainMinibatch: 4 }),
  "--strategies",
  "insert=1",
  "--seed",
  "3",
];
