import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { createSeededRandom } from "../../internal/seeded-random.js";
import type { SplitName, Task } from "../../spec/task.js";
import type { Trace } from "../../spec/trace.js";
import { classificationMetrics } from "./classification-metrics.js";
import { classificationSets } from "./classification-sets.js";
import { createLabelParser } from "./parse-label.js";
import { readLabelledJsonl } from "./read-labelled-jsonl.js";
import { renderTemplate } from "./render-template.js";

/** A classification task: a Task plus its label set, template and answer parser. */
export interface ClassificationTask extends Task {
  readonly labels: readonly string[];
  readonly template: string;
}

/** Options of {@link loadClassificationTask}. */
export interface LoadClassificationTaskOptions {
  /** A built-in set (`sst2`, `sst5`, `mrpc`, `snli`) or a path to a JSONL file; `{split}` in the path is replaced. */
  readonly name: string;
  /** Folder holding `classification/<set>/<split>.jsonl` (needed for built-in sets). */
  readonly dataDir: string;
  /** User message per example with `{field}` placeholders; default: the set's, or `{text}` for a file. */
  readonly template?: string | undefined;
  /** Allowed labels; default: the set's, or the labels found in the file in order of first appearance. */
  readonly labels?: readonly string[] | undefined;
  readonly seedPrompt?: string | undefined;
  /** Sampling temperature of the target; default 0. */
  readonly temperature?: number | undefined;
  /** Cap on answer length in tokens; default 32. */
  readonly maxOutputTokens?: number | undefined;
  /** Seed of the bootstrap behind macro-F1's interval; default 0. */
  readonly metricsSeed?: number | undefined;
  /** Names of tasks other loaders serve (e.g. `tau-retail`), listed beside the classification sets when `name` is unknown. */
  readonly otherTaskNames?: readonly string[] | undefined;
}

const splitNames: readonly SplitName[] = ["train", "dev", "test"];
const oneLine = (text: string, limit: number): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
};

/**
 * Creates a classification Task. A rollout sends the system prompt and the templated user message to the target,
 * parses the answer into a label (see `parseLabel`) and scores 1 for the expected label, else 0, with the feedback
 * line `expected X, got Y (answer: "…")`. Metrics: accuracy (Wilson 95% CI) and macro-F1 (bootstrap 95% CI).
 * Throws InvalidInputError for an unknown task name or, for files without `labels`, a missing file.
 */
export async function loadClassificationTask(options: LoadClassificationTaskOptions): Promise<ClassificationTask> {
  const set = classificationSets[options.name];
  const isFile = options.name.endsWith(".jsonl") || options.name.includes("/") || options.name.includes("\\");
  if (set === undefined && !isFile)
    throw new InvalidInputError({
      message: `unknown task "${options.name}". Use one of ${[...Object.keys(classificationSets), ...(options.otherTaskNames ?? [])].join(", ")} or a path to a .jsonl file.`,
      location: { field: "task" },
    });
  const template = options.template ?? set?.template ?? "{text}";
  const fileOf = (split: SplitName): string =>
    set === undefined
      ? options.name.replaceAll("{split}", split)
      : join(options.dataDir, "classification", set.id, `${split}.jsonl`);
  if (
    options.labels !== undefined &&
    (options.labels.length === 0 || options.labels.some((label) => label.trim() === ""))
  )
    throw new InvalidInputError({
      message: `labels must be non-empty strings (got ${JSON.stringify(options.labels)}).`,
      location: { field: "labels" },
    });
  let labels = options.labels ?? set?.labels;
  if (labels === undefined) {
    // A file without `{split}` serves every split; with it, labels come from whichever split files exist.
    const candidates = [...new Set(splitNames.map(fileOf))];
    const existing = candidates.length === 1 ? candidates : candidates.filter((file) => existsSync(file));
    const found = new Set<string>();
    for (const file of existing.length > 0 ? existing : [fileOf("dev")])
      for (const example of await readLabelledJsonl({ file, template, idPrefix: "x" })) found.add(example.expected);
    labels = [...found];
  }
  const labelSet = labels;
  const parseAnswer = createLabelParser({ labels: labelSet });
  const id = set?.id ?? `jsonl:${basename(options.name, ".jsonl")}`;
  const temperature = options.temperature ?? 0;
  const maxOutputTokens = options.maxOutputTokens ?? 32;
  const listed = labelSet.length > 1 ? `${labelSet.slice(0, -1).join(", ")} or ${labelSet.at(-1)}` : labelSet.join("");
  return {
    id,
    description: set?.description ?? `Classification of ${options.name} into ${labelSet.join(", ")}.`,
    seedPrompt:
      options.seedPrompt ?? set?.seedPrompt ?? `Classify the input. Answer with exactly one label: ${listed}.`,
    labels: labelSet,
    template,
    async loadSplit(split) {
      if (set !== undefined && !set.splits.includes(split))
        throw new InvalidInputError({
          message: `${set.id} has no ${split} split (splits: ${set.splits.join(", ")}).`,
          location: { field: "split" },
        });
      return readLabelledJsonl({ file: fileOf(split), template, labels: labelSet, idPrefix: `${id}-${split}` });
    },
    async rollout({ systemPrompt, example, target, trial, abortSignal }): Promise<Trace> {
      const input = renderTemplate({ template, fields: example.fields });
      // The LanguageModelV3 spec call, not `generateText`: the AI SDK's per-call prompt validation costs more CPU
      // than the rest of a rollout (measured ~2.5× slower at 64 calls in flight), and a classification call needs none
      // of its extras. Retries, rate limits, timeouts and the cache live in the models layer's wrapper either way.
      const result = await target.doGenerate({
        prompt: [
          { role: "system", content: systemPrompt },
          { role: "user", content: [{ type: "text", text: input }] },
        ],
        temperature,
        maxOutputTokens,
        ...(trial === undefined ? {} : { providerOptions: { dlmpo: { sampleIndex: trial } } }),
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      const answer = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
      const parsed = parseAnswer(answer);
      const expected = example.expected;
      const score = parsed.label !== undefined && parsed.label === expected ? 1 : 0;
      const got = parsed.label ?? `no label (${parsed.reason})`;
      return {
        exampleId: example.id,
        input,
        output: answer,
        messages: [
          { role: "system", content: systemPrompt },
          { role: "user", content: input },
          { role: "assistant", content: answer },
        ],
        score,
        expected,
        feedback: `expected ${expected ?? "?"}, got ${got} (answer: "${oneLine(answer, 200)}")`,
      };
    },
    summarize(traces) {
      const outcomes = traces.map((trace) => ({
        expected: trace.expected ?? "",
        predicted: parseAnswer(trace.output).label,
      }));
      return classificationMetrics({ outcomes, random: createSeededRandom(options.metricsSeed ?? 0) });
    },
  };
}
