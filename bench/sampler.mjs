#!/usr/bin/env node
// Speed of the diffusion sampler on the tiny ONNX fixture (issue 3, "Measured"). Run after `npm run build`:
//   npm run bench:sampler -- [--repeats 5] [--threads 2] [--threshold 0.9] [--model DIR (default the fixture)]
// Figures: share of wall time spent outside the predictor's forward passes (target ≤ 5%); forward passes, wall time and
// tokens/s for a 64-slot span at steps = 64 with and without threshold decoding (target ≥ 2× fewer passes); and the
// sampler's own cost per step at a LLaDA-sized vocabulary (126,464), 16 slots, full logits vs top-64, no model involved.
// The fixture is a ~90k-parameter model trained on 48-token rows: its forward pass takes about a millisecond and it is
// unsure past position 48, so the overhead share and the threshold gain measured here are not those of a real DLM,
// whose forward pass costs far more (the sampler's share shrinks accordingly) and whose confidence decides the gain.
// Prints one line per figure and a JSON summary at the end.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createOnnxMaskPredictor } from "../dist/diffusion/create-onnx-mask-predictor.js";
import { denoise } from "../dist/diffusion/denoise.js";
import { toTopK } from "../dist/diffusion/to-top-k.js";
import { createSeededRandom } from "../dist/internal/seeded-random.js";

const { values } = parseArgs({
  options: {
    repeats: { type: "string", default: "5" },
    threads: { type: "string", default: "2" },
    threshold: { type: "string", default: "0.9" },
    model: { type: "string" },
  },
});
const repeats = Number(values.repeats);
const fixture = values.model ?? join(import.meta.dirname, "..", "test", "fixtures", "tiny-mlm");
const onnx = await createOnnxMaskPredictor({ directory: fixture, intraOpThreads: Number(values.threads) });

/** Wraps a predictor so the time inside doPredict is counted. */
function timed(predictor) {
  const meter = { predictMs: 0 };
  return {
    meter,
    predictor: {
      ...predictor,
      async doPredict(options) {
        const started = performance.now();
        try {
          return await predictor.doPredict(options);
        } finally {
          meter.predictMs += performance.now() - started;
        }
      },
    },
  };
}

// A prompt that grows a 64-slot span at its end (the fixture was trained on text followed by end tokens).
const prefix = onnx.tokenizer.encode("you are a helpful assistant . always follow the policy .");
const tokens = [...prefix, ...Array(64).fill(onnx.maskTokenId)];

async function run(settings) {
  const { predictor, meter } = timed(onnx);
  await denoise({ predictor, tokens, settings, random: createSeededRandom(0) }); // warm-up
  meter.predictMs = 0;
  let passes = 0;
  const started = performance.now();
  for (let seed = 1; seed <= repeats; seed += 1) {
    const result = await denoise({ predictor, tokens, settings, random: createSeededRandom(seed) });
    passes += result.forwardPasses;
  }
  const wallMs = (performance.now() - started) / repeats;
  const predictMs = meter.predictMs / repeats;
  return {
    forwardPasses: passes / repeats,
    wallMs: Number(wallMs.toFixed(2)),
    outsideShare: Number(((wallMs - predictMs) / wallMs).toFixed(4)),
    tokensPerSecond: Math.round((64 / wallMs) * 1000),
  };
}

const plainSettings = { steps: 64, remasking: "low_confidence", temperature: 0, cfgScale: 0 };
const plain = await run(plainSettings);
const threshold = await run({ ...plainSettings, threshold: Number(values.threshold) });
const sampled = await run({ ...plainSettings, temperature: 1, threshold: Number(values.threshold) });
console.log(
  `64 slots, steps 64, no threshold: ${plain.forwardPasses} passes, ${plain.wallMs} ms, ${plain.tokensPerSecond} tokens/s, outside forward passes ${(plain.outsideShare * 100).toFixed(2)}%`,
);
console.log(
  `64 slots, steps 64, threshold ${values.threshold}: ${threshold.forwardPasses} passes, ${threshold.wallMs} ms, ${threshold.tokensPerSecond} tokens/s, outside forward passes ${(threshold.outsideShare * 100).toFixed(2)}%`,
);
console.log(
  `64 slots, steps 64, threshold ${values.threshold}, temperature 1: ${sampled.forwardPasses} passes, ${sampled.wallMs} ms, outside forward passes ${(sampled.outsideShare * 100).toFixed(2)}%`,
);
console.log(`threshold decoding: ${(plain.forwardPasses / threshold.forwardPasses).toFixed(2)}× fewer forward passes`);

// Sampler cost alone at a large vocabulary: a predictor that returns precomputed distributions instantly.
const vocabSize = 126_464;
const slots = 16;
const logits = Array.from({ length: slots }, (_, position) =>
  Float32Array.from({ length: vocabSize }, (_, id) => Math.sin(id * 0.37 + position) * 4),
);
const topLists = logits.map((row) => toTopK({ logits: row, k: 64 }));
const instant = {
  ...onnx,
  modelId: "instant",
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
    tokens: Array(slots).fill(onnx.maskTokenId),
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

console.log(
  JSON.stringify({
    plain,
    threshold,
    sampled,
    passRatio: plain.forwardPasses / threshold.forwardPasses,
    largeVocabularyMsPerStep: large,
  }),
);
await onnx.close();
