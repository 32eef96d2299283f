import type { SplitName } from "../../spec/task.js";

/** A classification data set shipped as `<dataDir>/classification/<id>/<split>.jsonl`. */
export interface ClassificationSet {
  readonly id: string;
  readonly description: string;
  readonly labels: readonly string[];
  /** User message for one example; `{field}` placeholders name JSONL fields. */
  readonly template: string;
  readonly seedPrompt: string;
  readonly splits: readonly SplitName[];
}

/** The built-in sets (see the data folder's README for sources and sizes). */
export const classificationSets: Readonly<Record<string, ClassificationSet>> = {
  sst2: {
    id: "sst2",
    description: "SST-2: binary sentiment of movie-review sentences.",
    labels: ["negative", "positive"],
    template: "Review: {text}",
    seedPrompt: "Classify the sentiment of the movie review. Answer with exactly one word: positive or negative.",
    splits: ["train", "dev", "test"],
  },
  sst5: {
    id: "sst5",
    description: "SST-5: five-way sentiment of movie-review sentences.",
    labels: ["very negative", "negative", "neutral", "positive", "very positive"],
    template: "Review: {text}",
    seedPrompt:
      "Classify the sentiment of the movie review. Answer with exactly one label: very negative, negative, neutral, positive or very positive.",
    splits: ["train", "dev", "test"],
  },
  mrpc: {
    id: "mrpc",
    description: "MRPC: whether two sentences are paraphrases.",
    labels: ["not_equivalent", "equivalent"],
    template: "Sentence 1: {sentence1}\nSentence 2: {sentence2}",
    seedPrompt:
      "Decide whether the two sentences mean the same thing. Answer with exactly one label: equivalent or not_equivalent.",
    splits: ["train", "dev", "test"],
  },
  snli: {
    id: "snli",
    description: "SNLI: whether a premise entails, contradicts or is neutral to a hypothesis.",
    labels: ["entailment", "neutral", "contradiction"],
    template: "Premise: {premise}\nHypothesis: {hypothesis}",
    seedPrompt:
      "Decide how the premise relates to the hypothesis. Answer with exactly one label: entailment, neutral or contradiction.",
    splits: ["dev", "test"],
  },
};
