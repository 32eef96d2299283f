// Held-out masked-token accuracy of ONNX model directories on the cases written by heldout_cases.py: for each case,
// the masked positions are replaced by the mask id and the argmax of the logits is compared with the true token.
// Usage (from the repository root): node training/evaluate_onnx.mjs training/work/heldout-cases.json models/builtin models/builtin-dlm
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ort from "onnxruntime-node";

const [casesPath, ...directories] = process.argv.slice(2);
const { maskId, windows, cases } = JSON.parse(readFileSync(casesPath, "utf8"));
for (const directory of directories) {
  const session = await ort.InferenceSession.create(join(directory, "model.onnx"), { intraOpNumThreads: 1 });
  const byRatio = new Map();
  for (const { ratio, ids, masked } of cases) {
    const input = ids.map((id) => BigInt(id));
    for (const position of masked) input[position] = BigInt(maskId);
    const tensor = new ort.Tensor("int64", BigInt64Array.from(input), [1, ids.length]);
    const { logits } = await session.run({ input_ids: tensor });
    const vocab = logits.dims[2];
    let correct = 0;
    for (const position of masked) {
      let best = 0;
      for (let v = 1; v < vocab; v++) {
        if (logits.data[position * vocab + v] > logits.data[position * vocab + best]) best = v;
      }
      if (best === ids[position]) correct++;
    }
    const sum = byRatio.get(ratio) ?? { correct: 0, total: 0 };
    byRatio.set(ratio, { correct: sum.correct + correct, total: sum.total + masked.length });
  }
  for (const [ratio, { correct, total }] of byRatio) {
    console.log(`${directory} ratio ${ratio}: ${((100 * correct) / total).toFixed(1)}% (${correct}/${total} masked tokens, ${windows} windows)`);
  }
}
