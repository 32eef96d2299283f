import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesField, stringField, varintField } from "../internal/protobuf-wire.js";
import { extendOnnxModel, rowNames } from "./extend-onnx-model.js";

const fixture = join(import.meta.dirname, "..", "..", "test", "fixtures", "tiny-mlm");
const VOCAB = 70;

describe("extendOnnxModel", () => {
  let plain: ort.InferenceSession;
  let extended: ort.InferenceSession;
  beforeAll(async () => {
    const model = await readFile(join(fixture, "model.onnx"));
    const bytes = extendOnnxModel({ model, outputName: "logits", vocabSize: VOCAB });
    if (bytes === undefined) throw new Error("the fixture could not be extended");
    plain = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    extended = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await plain.release();
    await extended.release();
  });

  const sequences = [
    [4, 1, 20, 1, 5, 1],
    [30, 31, 1, 1, 2, 2],
  ];
  const int64 = (values: readonly number[], dims = [values.length]) =>
    new ort.Tensor("int64", BigInt64Array.from(values, BigInt), dims);
  const feeds = (rows: { readonly full: readonly number[]; readonly top: readonly number[]; readonly k: number }) => ({
    input_ids: int64(sequences.flat(), [2, 6]),
    attention_mask: int64(Array(12).fill(1), [2, 6]),
    [rowNames.logitRows]: int64(rows.full),
    [rowNames.topRows]: int64(rows.top),
    [rowNames.topK]: int64([rows.k]),
  });
  const plainRow = async (row: number): Promise<Float32Array> => {
    const output = (
      await plain.run({
        input_ids: feeds({ full: [], top: [0], k: 1 }).input_ids,
        attention_mask: int64(Array(12).fill(1), [2, 6]),
      })
    ).logits;
    if (!(output?.data instanceof Float32Array)) throw new Error("no logits");
    return output.data.slice(row * VOCAB, (row + 1) * VOCAB);
  };

  it("adds row inputs and outputs and keeps the model's own", () => {
    expect(extended.inputNames).toEqual(
      expect.arrayContaining(["input_ids", "attention_mask", rowNames.logitRows, rowNames.topRows, rowNames.topK]),
    );
    expect(extended.outputNames).toEqual(
      expect.arrayContaining(["logits", rowNames.rowLogits, rowNames.topLogits, rowNames.topIds, rowNames.expSums]),
    );
  });

  it("returns exactly the asked logit rows, in the asked order", async () => {
    const output = (await extended.run(feeds({ full: [9, 1], top: [0], k: 1 }), [rowNames.rowLogits]))[
      rowNames.rowLogits
    ];
    expect(output?.dims).toEqual([2, VOCAB]);
    const data = output?.data;
    if (!(data instanceof Float32Array)) throw new Error("no row logits");
    expect(Array.from(data.subarray(0, VOCAB))).toEqual(Array.from(await plainRow(9)));
    expect(Array.from(data.subarray(VOCAB))).toEqual(Array.from(await plainRow(1)));
  });

  it("returns the top-k logits, their ids and the row's sum of exponentials", async () => {
    const outputs = await extended.run(feeds({ full: [], top: [3, 8], k: 4 }), [
      rowNames.topLogits,
      rowNames.topIds,
      rowNames.expSums,
    ]);
    for (const [index, row] of [3, 8].entries()) {
      const logits = Array.from(await plainRow(row));
      const expected = logits
        .map((value, id) => ({ value, id }))
        .sort((a, b) => b.value - a.value || a.id - b.id)
        .slice(0, 4);
      const ids = outputs[rowNames.topIds]?.data;
      const top = outputs[rowNames.topLogits]?.data;
      const sums = outputs[rowNames.expSums]?.data;
      if (!(ids instanceof BigInt64Array && top instanceof Float32Array && sums instanceof Float64Array))
        throw new Error("wrong output types");
      expect(Array.from(ids.subarray(index * 4, index * 4 + 4), Number)).toEqual(expected.map((entry) => entry.id));
      expect(Array.from(top.subarray(index * 4, index * 4 + 4))).toEqual(expected.map((entry) => entry.value));
      const maximum = expected[0]?.value ?? 0;
      const sum = logits.reduce((total, value) => total + Math.exp(value - maximum), 0);
      expect(Math.abs((sums[index] ?? 0) - sum) / sum).toBeLessThan(1e-6);
    }
  });

  it("leaves a model with an operator set older than 11 alone", () => {
    const opset = (version: number) =>
      bytesField({
        field: 8,
        bytes: [...stringField({ field: 1, text: "" }), ...varintField({ field: 2, value: version })],
      });
    const model = (version: number) => Uint8Array.from([...varintField({ field: 1, value: 7 }), ...opset(version)]);
    expect(extendOnnxModel({ model: model(9), outputName: "logits", vocabSize: VOCAB })).toBeUndefined();
    expect(extendOnnxModel({ model: model(13), outputName: "logits", vocabSize: VOCAB })).toBeInstanceOf(Uint8Array);
    expect(extendOnnxModel({ model: Uint8Array.of(0x0f), outputName: "logits", vocabSize: VOCAB })).toBeUndefined();
  });
});
