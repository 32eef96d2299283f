#!/usr/bin/env node
// Quality of the built-in model (issue 6, "Report honestly"), measured through the shipped ONNX model and the real
// built-in target. Run after `npm run build`:
//   node bench/builtin-eval.mjs [--data-dir ../shared/data] [--limit 400] [--plain-limit 1821] [--threads 1] [--model DIR]
// Figures: SST-2 TEST accuracy of `--target builtin` with the plain instruction (the sst2 seed prompt), the accuracy
// of each paraphrased / weakened instruction on the first --limit test examples, and masked-token accuracy on the
// system prompts training held out. Prints one line per figure and a JSON summary at the end.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createBuiltinMaskPredictor } from "../dist/diffusion/builtin-mask-predictor.js";
import { createBuiltinTargetModel } from "../dist/diffusion/builtin-target-model.js";
import { createSeededRandom } from "../dist/internal/seeded-random.js";
import { createRuntime } from "../dist/runtime/create-runtime.js";
import { classificationSets, loadClassificationTask } from "../dist/tasks/index.js";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: "../shared/data" },
    limit: { type: "string", default: "400" },
    "plain-limit": { type: "string", default: "1821" },
    threads: { type: "string", default: "1" },
    model: { type: "string" },
  },
});
const dataDir = values["data-dir"];
const plain = classificationSets.sst2.seedPrompt;
// The same request in other words: some phrasings seen in training (training/instructions.py), some not; from the
// fullest statement of the task to a bare question. Then two vague prompts, then two misleading ones (other answer
// words, the opposite), which are reported but left out of the paraphrase spread.
const paraphrases = [
  "You are an expert sentiment analyst. Classify the sentiment of the movie review. Answer with exactly one word: positive or negative. Only output the label.",
  "Classify the sentiment of the text. Answer positive or negative.",
  "What is the sentiment of this review? Respond with either positive or negative.",
  "You are a film critic. Tell me how the reviewer feels about the movie. Answer positive or negative.",
  "Is this movie review positive or negative?",
  "Please label the review as positive or negative.",
  "Sentiment analysis: reply positive or negative.",
  "You are a helpful assistant. Tell me whether this is positive or negative.",
  "Read the text below and answer positive or negative.",
  "Positive or negative?",
  "Determine the sentiment expressed in the sentence. Answer with one word.",
];
const vague = ["You are a helpful assistant.", "Read the text below."];
const misleading = ["Answer good or bad.", "Say negative if the review is positive and positive if it is negative."];

const predictor = await createBuiltinMaskPredictor({
  intraOpThreads: Number(values.threads),
  ...(values.model === undefined ? {} : { directory: values.model }),
});
const target = createBuiltinTargetModel({ predictor });
const runtime = createRuntime({ seed: 0 });
const task = await loadClassificationTask({ name: "sst2", dataDir });
const test = await task.loadSplit("test");

async function accuracy(systemPrompt, count) {
  const traces = [];
  const examples = test.slice(0, count);
  // Four calls in flight: onnxruntime runs them on its own threads, so both cores work.
  for (let start = 0; start < examples.length; start += 4)
    traces.push(
      ...(await Promise.all(
        examples.slice(start, start + 4).map((example) => task.rollout({ systemPrompt, example, target, runtime })),
      )),
    );
  const [metric] = task.summarize(traces);
  const answers = {};
  for (const trace of traces) answers[trace.output] = (answers[trace.output] ?? 0) + 1;
  return { accuracy: metric.value, low: metric.low, high: metric.high, examples: traces.length, answers };
}

const started = performance.now();
const plainResult = { instruction: plain, ...(await accuracy(plain, Number(values["plain-limit"]))) };
console.log(
  `SST-2 test accuracy, plain instruction (${plainResult.examples} examples): ${plainResult.accuracy.toFixed(3)} [${plainResult.low.toFixed(3)}, ${plainResult.high.toFixed(3)}]`,
);
const limit = Number(values.limit);
const spread = [{ instruction: plain, ...(await accuracy(plain, limit)) }];
for (const instruction of paraphrases) spread.push({ instruction, ...(await accuracy(instruction, limit)) });
const others = [];
for (const instruction of [...vague, ...misleading])
  others.push({ instruction, ...(await accuracy(instruction, limit)) });
for (const row of [...spread, ...others])
  console.log(`${row.accuracy.toFixed(3)}  ${JSON.stringify(row.instruction)}  answers ${JSON.stringify(row.answers)}`);
const range = (rows) => Math.max(...rows.map((r) => r.accuracy)) - Math.min(...rows.map((r) => r.accuracy));
console.log(
  `spread over the ${spread.length} paraphrases on ${limit} examples: ${range(spread).toFixed(3)}; with the vague prompts: ${range([...spread, ...others.slice(0, vague.length)]).toFixed(3)}`,
);

// Held-out system prompts: training keeps out every prompt whose sha256's first 8 hex digits are 0 modulo 20.
const heldOut = readFileSync(join(dataDir, "corpus", "system-prompts.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line).prompt)
  .filter((text) => Number.parseInt(createHash("sha256").update(text).digest("hex").slice(0, 8), 16) % 20 === 0);
const random = createSeededRandom(7);
let correct = 0;
let total = 0;
for (const text of heldOut) {
  const ids = predictor.tokenizer.encode(text).slice(0, 96);
  if (ids.length < 16) continue;
  const positions = ids.map((_, i) => i).filter(() => random.next() < 0.15);
  if (positions.length === 0) continue;
  const noisy = ids.map((id, i) => (positions.includes(i) ? predictor.maskTokenId : id));
  const { distributions } = await predictor.doPredict({ sequences: [noisy], positions: [positions], topK: 1 });
  distributions[0].forEach((distribution, i) => {
    if (distribution.kind === "top-k" && distribution.tokenIds[0] === ids[positions[i]]) correct += 1;
    total += 1;
  });
}
console.log(
  `masked-token accuracy (15% masked, first 96 tokens of ${heldOut.length} held-out system prompts): ${(correct / total).toFixed(3)} over ${total} tokens`,
);
await predictor.close();
console.log(
  JSON.stringify({
    modelId: predictor.modelId,
    plain: plainResult,
    spread,
    others,
    maskedTokenAccuracy: { correct, total, accuracy: correct / total, prompts: heldOut.length },
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
