import { wilsonInterval } from "../internal/statistics.js";
import type { Example, SplitName, Task } from "../spec/task.js";

/** A scripted task for optimiser tests, with counters of what the optimiser asked for. */
export interface KeywordTask extends Task {
  /** Rollouts per split, in call order: the test split must be touched once, at the end. */
  readonly rollouts: { split: SplitName; exampleId: string; systemPrompt: string }[];
  /** `loadSplit` calls per split. */
  readonly loads: Record<SplitName, number>;
}

/** Options of {@link createKeywordTask}. */
export interface KeywordTaskOptions {
  readonly keyword: string;
  readonly sizes: Readonly<Record<SplitName, number>>;
  readonly seedPrompt?: string | undefined;
  readonly id?: string | undefined;
}

/**
 * A task whose score depends on the system prompt's wording: a prompt containing `keyword` answers every example
 * right; any other prompt answers right only the examples whose number is a multiple of 3. Test-only double.
 */
export function createKeywordTask(options: KeywordTaskOptions): KeywordTask {
  const rollouts: KeywordTask["rollouts"] = [];
  const loads: Record<SplitName, number> = { train: 0, dev: 0, test: 0 };
  const splitOf = new Map<string, SplitName>();
  const examples = (split: SplitName): Example[] =>
    Array.from({ length: options.sizes[split] }, (_, index) => {
      const id = `${split}-${index}`;
      splitOf.set(id, split);
      return { id, fields: { text: `review ${index}`, index }, expected: "positive" };
    });
  return {
    id: options.id ?? "keyword",
    description: "Scores 1 when the prompt contains the keyword, else only every third example.",
    seedPrompt: options.seedPrompt ?? "You label reviews. Answer with one word.",
    rollouts,
    loads,
    async loadSplit(split) {
      loads[split] += 1;
      return examples(split);
    },
    async rollout({ systemPrompt, example }) {
      rollouts.push({ split: splitOf.get(example.id) ?? "train", exampleId: example.id, systemPrompt });
      const index = Number(example.fields.index);
      const isRight = systemPrompt.includes(options.keyword) || index % 3 === 0;
      return {
        exampleId: example.id,
        input: String(example.fields.text),
        output: isRight ? "positive" : "negative",
        score: isRight ? 1 : 0,
        expected: "positive",
        ...(isRight ? {} : { feedback: "expected positive, got negative" }),
      };
    },
    summarize(traces) {
      const successes = traces.filter((trace) => trace.score === 1).length;
      return [{ name: "accuracy", ...wilsonInterval({ successes, total: traces.length }) }];
    },
  };
}
