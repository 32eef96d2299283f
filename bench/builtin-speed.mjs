#!/usr/bin/env node
// Speed of the built-in model on this machine (issue 6, "Measured"): ONNX forward passes per second and sampler
// tokens per second. Run after `npm run build`:
//   node bench/builtin-speed.mjs [--seconds 10] [--threads 2]
// Prints one line per figure and a JSON summary at the end.
import { parseArgs } from "node:util";
import { createBuiltinMaskPredictor } from "../dist/diffusion/builtin-mask-predictor.js";
import { denoiseBatch } from "../dist/diffusion/denoise-batch.js";
import { createSeededRandom } from "../dist/internal/seeded-random.js";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, threads: { type: "string", default: "2" } },
});
const seconds = Number(values.seconds);
const predictor = await createBuiltinMaskPredictor({ intraOpThreads: Number(values.threads) });
const prompt =
  "You are a helpful assistant for a small online shop. Answer questions about orders, returns and delivery. " +
  "Be brief and polite, and never invent order numbers.";
const base = predictor.tokenizer.encode(prompt);
const sequenceOf = (length) => Array.from({ length }, (_, i) => base[i % base.length]);

/** Runs `work` repeatedly for the time budget; returns calls per second. */
async function rate(work) {
  await work();
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await work();
    calls += 1;
  }
  return calls / ((performance.now() - started) / 1000);
}

const figures = {};
for (const [batch, length] of [
  [1, 64],
  [1, 256],
  [8, 64],
]) {
  const sequences = Array.from({ length: batch }, () => sequenceOf(length));
  const positions = sequences.map(() => [length - 1]);
  const perSecond = await rate(() => predictor.doPredict({ sequences, positions }));
  figures[`forwardPassesPerSecond_b${batch}_t${length}`] = perSecond;
  console.log(
    `forward passes/s, batch ${batch} × ${length} tokens: ${perSecond.toFixed(1)} (${(perSecond * batch * length).toFixed(0)} tokens/s read)`,
  );
}
for (const [count, slots, steps] of [
  [1, 16, 16],
  [4, 16, 16],
  [4, 16, 4],
]) {
  const masked = [...base, ...Array.from({ length: slots }, () => predictor.maskTokenId), ...base.slice(0, 8)];
  let filled = 0;
  const perSecond = await rate(async () => {
    await denoiseBatch({
      predictor,
      sequences: Array.from({ length: count }, () => masked),
      settings: { steps, remasking: "low_confidence", temperature: 1, cfgScale: 0 },
      random: createSeededRandom(filled),
    });
    filled += count * slots;
  });
  const tokens = perSecond * count * slots;
  figures[`samplerTokensPerSecond_k${count}_slots${slots}_steps${steps}`] = tokens;
  console.log(`sampler tokens/s, ${count} candidate(s) × ${slots} slots, ${steps} steps: ${tokens.toFixed(1)}`);
}
await predictor.close();
console.log(JSON.stringify({ modelId: predictor.modelId, seconds, threads: Number(values.threads), figures }));
