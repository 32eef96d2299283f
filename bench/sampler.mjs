#!/usr/bin/env node
// Speed of the diffusion sampler (issue 3, "Measured"). Run after `npm run build`:
//   npm run bench:sampler -- [--repeats 5] [--threads 1] [--threshold 0.9] [--model DIR] [--end-token-bias=NATS]
//     [--slots 64]
// The predictor carries the end-token bias the CLI's native proposer applies (the model's `recommended.endTokenBias`,
// else 0; --end-token-bias overrides it), and each row says how many of the slots kept a token other than the end
// token, and how many such kept tokens a second it made: a row that decodes every slot to the end token times an empty
// answer. --slots sets the span's size (default 64; spans the optimiser masks are usually 4-24 slots).
// Without --model it measures the tiny ONNX fixture (test/fixtures/tiny-mlm, ~90k parameters, vocabulary 70) and then
// the built-in DLM (models/builtin-dlm, vocabulary 6,000: the default `--dlm builtin`). For each: a --slots span
// between two sentences of a short prompt, steps = slots, with and without threshold decoding (medians over the repeats, seeds 1…repeats):
//   - "outside forward passes": share of wall time spent outside the predictor's doPredict (target ≤ 5%);
//   - "over the bare model" (a second set of repeats): share of wall time beyond the bare model's own forward
//     passes — each call's inputs run again, interleaved (alternately before and after) and timed apart, on a plain
//     onnxruntime session of model.onnx that returns its whole logits tensor, as any caller of the model would pay.
//     This counts everything the sampler adds, including the predictor's JS and the rows/top-k nodes it runs inside
//     onnxruntime (negative when those save more copying than they cost);
//   - forward passes (target: threshold decoding ≥ 2× fewer), wall time, tokens/s;
//   - whether sampling from the predictor's native top-k commits exactly the tokens that full logits do.
// Last, the sampler's own cost per step at a LLaDA-sized vocabulary (126,464), 16 slots, full logits vs top-64, with a
// predictor that answers instantly. Prints one line per figure and a JSON summary at the end.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import ort from "onnxruntime-node";
import { createOnnxMaskPredictor } from "../dist/diffusion/create-onnx-mask-predictor.js";
import { denoise } from "../dist/diffusion/denoise.js";
import { toTopK } from "../dist/diffusion/to-top-k.js";
import { createSeededRandom } from "../dist/internal/seeded-random.js";
import { biasTokenLogits } from "../dist/proposers/bias-token-logits.js";

const { values } = parseArgs({
  options: {
    repeats: { type: "string", default: "5" },
    threads: { type: "string", default: "1" },
    threshold: { type: "string", default: "0.9" },
    model: { type: "string" },
    "end-token-bias": { type: "string" },
    slots: { type: "string", default: "64" },
  },
});
const repeats = Number(values.repeats);
const slotCount = Number(values.slots);
const threads = Number(values.threads);
const root = join(import.meta.dirname, "..");
const directories = values.model
  ? [values.model]
  : [join(root, "test", "fixtures", "tiny-mlm"), join(root, "models", "builtin-dlm")];

/**
 * Wraps a predictor so the time inside doPredict is counted; when `meter.bare` is set, each call is followed by the bare
 * model's forward pass on the same inputs, timed apart and excluded from the wall time (interleaved, so both see the
 * same machine load).
 */
function timed(predictor) {
  const meter = { predictMs: 0, bareMs: 0, excludedMs: 0, bare: undefined, calls: 0 };
  /** Runs the bare model on the same inputs; its time is excluded from the wall time. */
  const runBare = async (sequences) => {
    const started = performance.now();
    meter.bareMs += await meter.bare(sequences);
    meter.excludedMs += performance.now() - started;
  };
  return {
    meter,
    predictor: {
      ...predictor,
      async doPredict(options) {
        // Alternating which of the two runs first keeps either from always finding the caches warm.
        meter.calls += 1;
        const bareFirst = meter.bare !== undefined && meter.calls % 2 === 0;
        if (bareFirst) await runBare(options.sequences);
        const started = performance.now();
        const result = await predictor.doPredict(options);
        meter.predictMs += performance.now() - started;
        if (meter.bare !== undefined && !bareFirst) await runBare(options.sequences);
        return result;
      },
    },
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The same predictor without `prefersTopK`: the sampler then asks for full logits and scores them in JS. */
const fullLogitsOf = (predictor) => ({ ...predictor, prefersTopK: false });

const committed = (result) =>
  JSON.stringify(result.steps.map((step) => step.committed.map((c) => [c.position, c.tokenId])));

async function measureModel(directory) {
  const model = await createOnnxMaskPredictor({ directory, intraOpThreads: threads });
  // The end-token bias the CLI's native proposer applies (the model's recommendation): without it the built-in model
  // decodes every slot of a trailing span to the end token, and the figures would time an empty answer.
  const endTokenBias = Number(values["end-token-bias"] ?? model.recommended?.endTokenBias ?? 0);
  const onnx =
    endTokenBias === 0
      ? model
      : {
          ...biasTokenLogits({ predictor: model, biases: new Map([[model.endTokenId, endTokenBias]]) }),
          close: model.close,
          config: model.config,
          prefersTopK: model.prefersTopK,
        };
  const bare = await ort.InferenceSession.create(await readFile(join(directory, "model.onnx")), {
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
  });
  /** Time of the bare model's forward pass on `sequences` (full logits out, as a plain caller gets them). */
  async function bareForward(sequences) {
    const length = sequences[0].length;
    const ids = BigInt64Array.from(sequences.flat(), BigInt);
    const dims = [sequences.length, length];
    const feeds = { [onnx.config.inputNames.inputIds]: new ort.Tensor("int64", ids, dims) };
    if (onnx.config.inputNames.attentionMask !== null)
      feeds[onnx.config.inputNames.attentionMask] = new ort.Tensor(
        "int64",
        new BigInt64Array(ids.length).fill(1n),
        dims,
      );
    const started = performance.now();
    await bare.run(feeds);
    return performance.now() - started;
  }
  // A span between two sentences of a prompt, as the optimiser masks one.
  const prefix = onnx.tokenizer.encode("you are a helpful assistant .");
  const suffix = onnx.tokenizer.encode("always follow the policy .");
  const tokens = [...prefix, ...Array(slotCount).fill(onnx.maskTokenId), ...suffix];

  /** Median shares over the repeats; with `bare`, each call is followed or preceded by the bare model's pass. */
  async function measure(settings, bare) {
    const { predictor, meter } = timed(onnx);
    meter.bare = bare;
    await denoise({ predictor, tokens, settings, random: createSeededRandom(0) }); // warm-up
    // Each repeat is measured on its own and the median reported: on a shared machine a stall in one repeat would
    // otherwise dominate a ratio of totals.
    const results = [];
    const walls = [];
    const outside = [];
    const overBare = [];
    for (let seed = 1; seed <= repeats; seed += 1) {
      Object.assign(meter, { predictMs: 0, bareMs: 0, excludedMs: 0 });
      const started = performance.now();
      const result = await denoise({ predictor, tokens, settings, random: createSeededRandom(seed) });
      const wallMs = performance.now() - started - meter.excludedMs;
      results.push(result);
      walls.push(wallMs);
      outside.push((wallMs - meter.predictMs) / wallMs);
      overBare.push((wallMs - meter.bareMs) / wallMs);
    }
    return { results, wallMs: median(walls), outsideShare: median(outside), overBareShare: median(overBare) };
  }

  async function run(settings) {
    // Two passes: the bare model's runs would disturb the caches the sampler's own figure depends on.
    const alone = await measure(settings, undefined);
    const beside = await measure(settings, bareForward);
    let identical = true;
    for (const [index, result] of alone.results.entries()) {
      const full = await denoise({
        predictor: fullLogitsOf(onnx),
        tokens,
        settings,
        random: createSeededRandom(index + 1),
      });
      identical &&= committed(full) === committed(result);
    }
    const passes = alone.results.reduce((total, result) => total + result.forwardPasses, 0);
    const contentTokens =
      alone.results.reduce(
        (total, result) =>
          total +
          result.tokens.slice(prefix.length, prefix.length + slotCount).filter((id) => id !== onnx.endTokenId).length,
        0,
      ) / repeats;
    return {
      forwardPasses: passes / repeats,
      contentTokens,
      wallMs: Number(alone.wallMs.toFixed(2)),
      outsideShare: Number(alone.outsideShare.toFixed(4)),
      overBareShare: Number(beside.overBareShare.toFixed(4)),
      tokensPerSecond: Math.round((slotCount / alone.wallMs) * 1000),
      keptTokensPerSecond: Math.round((contentTokens / alone.wallMs) * 1000),
      sameAsFullLogits: identical,
    };
  }

  const plainSettings = { steps: slotCount, remasking: "low_confidence", temperature: 0, cfgScale: 0 };
  const rows = {
    plain: await run(plainSettings),
    threshold: await run({ ...plainSettings, threshold: Number(values.threshold) }),
    sampled: await run({ ...plainSettings, temperature: 1, threshold: Number(values.threshold) }),
  };
  const percent = (share) => `${(share * 100).toFixed(2)}%`;
  const labels = {
    plain: "no threshold",
    threshold: `threshold ${values.threshold}`,
    sampled: `threshold ${values.threshold}, temperature 1`,
  };
  console.log(
    `${onnx.modelId} (vocabulary ${onnx.vocabSize}, ${threads} thread(s), native top-k ${onnx.prefersTopK}, end-token bias ${endTokenBias}):`,
  );
  for (const [key, row] of Object.entries(rows))
    console.log(
      `  ${slotCount} slots, steps ${slotCount}, ${labels[key]}: ${row.forwardPasses} passes, ${row.contentTokens} of ${slotCount} slots kept (not the end token), ${row.wallMs} ms, ${row.tokensPerSecond} slots/s (${row.keptTokensPerSecond} kept tokens/s), outside forward passes ${percent(row.outsideShare)}, over the bare model ${percent(row.overBareShare)}, same tokens as full logits: ${row.sameAsFullLogits ? "yes" : "NO"}`,
    );
  const passRatio = rows.plain.forwardPasses / rows.threshold.forwardPasses;
  console.log(`  threshold decoding: ${passRatio.toFixed(2)}× fewer forward passes`);
  await onnx.close();
  await bare.release();
  return { modelId: onnx.modelId, endTokenBias, ...rows, passRatio };
}

const models = [];
for (const directory of directories) models.push(await measureModel(directory));

// Sampler cost alone at a large vocabulary: a predictor that returns precomputed distributions instantly.
const vocabSize = 126_464;
const slots = 16;
const logits = Array.from({ length: slots }, (_, position) =>
  Float32Array.from({ length: vocabSize }, (_, id) => Math.sin(id * 0.37 + position) * 4),
);
const topLists = logits.map((row) => toTopK({ logits: row, k: 64 }));
const instant = {
  specificationVersion: "v1",
  modelId: "instant",
  maskTokenId: 1,
  endTokenId: 2,
  contextLength: 1024,
  vocabSize,
  async doPredict(options) {
    const pick = (position) =>
      options.topK === undefined ? { kind: "logits", logits: logits[position] } : topLists[position];
    return { distributions: options.positions.map((row) => row.map(pick)), warnings: [] };
  },
};
async function samplerOnly({ temperature, topK }) {
  const settings = { steps: slots, remasking: "low_confidence", temperature, cfgScale: 0 };
  const started = performance.now();
  const result = await denoise({
    predictor: instant,
    tokens: Array(slots).fill(instant.maskTokenId),
    settings,
    topK,
    random: createSeededRandom(1),
  });
  // The mean step scores (16 + 1) / 2 masked positions.
  return Number(((performance.now() - started) / result.forwardPasses).toFixed(3));
}
const large = {
  argmaxFull: await samplerOnly({ temperature: 0 }),
  sampledFull: await samplerOnly({ temperature: 1 }),
  argmaxTop64: await samplerOnly({ temperature: 0, topK: 64 }),
  sampledTop64: await samplerOnly({ temperature: 1, topK: 64 }),
};
console.log(
  `sampler alone, vocabulary ${vocabSize}, ${slots} slots, ms per step: full logits ${large.argmaxFull} (argmax) / ${large.sampledFull} (temperature 1); top-64 ${large.argmaxTop64} / ${large.sampledTop64}`,
);

console.log(JSON.stringify({ threads, repeats, models, largeVocabularyMsPerStep: large }));
