import {
  bytesField,
  fieldText,
  packedIntegersField,
  readFields,
  stringField,
  varintField,
} from "../internal/protobuf-wire.js";

/** Inputs and outputs that `extendOnnxModel` adds to a model. */
export const rowNames = {
  /** int64 [n]: flat indices (batch row × sequence length + position) of the logit rows wanted in full. */
  logitRows: "dlmpo_logit_rows",
  /** int64 [m]: flat indices of the rows wanted as top-k. */
  topRows: "dlmpo_top_rows",
  /** int64 [1]: k, at most the vocabulary size. */
  topK: "dlmpo_top_k",
  /** float32 [n, vocab]: the logit rows at `logitRows`. */
  rowLogits: "dlmpo_row_logits",
  /** float32 [m, k]: the k largest logits of each row at `topRows`, largest first. */
  topLogits: "dlmpo_top_logits",
  /** int64 [m, k]: their token ids (ties: lower id first). */
  topIds: "dlmpo_top_ids",
  /**
   * float64 [m]: Σ exp(logit − row maximum) over the whole row: each term in float32 (relative error ~1e-7, which
   * matters only for the large terms), summed in float64 — a float32 sum over a large vocabulary would be off by ~1e-5.
   */
  expSums: "dlmpo_exp_sums",
} as const;

// ONNX protobuf field numbers and enum values (onnx/onnx.proto).
const model = { graph: 7, opsetImport: 8 } as const;
const graph = { node: 1, initializer: 5, input: 11, output: 12 } as const;
const node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const attribute = { name: 1, int: 3, ints: 8, type: 20 } as const;
const attributeType = { int: 2, ints: 7 } as const;
const elementType = { float: 1, int64: 7, double: 11 } as const;
// ReduceSum takes its axes as an input from opset 13 on, as an attribute before.
const reduceSumAxesInputOpset = 13;
// TopK's `largest`/`sorted` attributes and its lower-index-first tie rule date from opset 11.
const minimumOpset = 11;

/**
 * Appends to a serialised ONNX model the nodes that pick, from its `[batch, sequence, vocab]` logits output, only the
 * rows the sampler asks for: in full (`Gather`), or as the top-k logits with the row's sum of exponentials (`TopK`,
 * `Exp`, `ReduceSum`), from which the exact top-k log-probabilities follow — computed natively instead of in JavaScript,
 * and only a few numbers per row leave onnxruntime. Feeding an empty index list to the full branch costs next to
 * nothing, so one session serves both kinds of request.
 * It works by protobuf merging: a second `graph` field appended to a ModelProto adds its nodes, inputs, outputs and
 * initializers to the first one, so the original bytes are neither parsed in full nor rewritten. See `rowNames`.
 *
 * @param options.model the bytes of `model.onnx`.
 * @param options.outputName the logits output to read rows from.
 * @param options.vocabSize its last dimension.
 * @returns the extended model's bytes, or undefined when the model's default operator set is older than 11 or its
 *   top-level fields cannot be read (the caller then runs the model as it is).
 */
export function extendOnnxModel(options: {
  readonly model: Uint8Array;
  readonly outputName: string;
  readonly vocabSize: number;
}): Uint8Array | undefined {
  const opset = defaultOpset(options.model);
  if (opset === undefined || opset < minimumOpset) return undefined;
  const name = (suffix: string): string => `dlmpo_${suffix}`;
  const axesAsInput = opset >= reduceSumAxesInputOpset;
  const added = [
    int64Initializer({ name: name("row_shape"), values: [-1, options.vocabSize] }),
    int64Initializer({ name: name("first"), values: [0] }),
    ...(axesAsInput ? [int64Initializer({ name: name("last_axis"), values: [1] })] : []),
    nodeField({ opType: "Reshape", inputs: [options.outputName, name("row_shape")], outputs: [name("flat")] }),
    nodeField({
      opType: "Gather",
      inputs: [name("flat"), rowNames.logitRows],
      outputs: [rowNames.rowLogits],
      ints: { axis: 0 },
    }),
    nodeField({
      opType: "Gather",
      inputs: [name("flat"), rowNames.topRows],
      outputs: [name("gathered_rows")],
      ints: { axis: 0 },
    }),
    nodeField({
      opType: "TopK",
      inputs: [name("gathered_rows"), rowNames.topK],
      outputs: [rowNames.topLogits, rowNames.topIds],
      ints: { axis: 1 },
    }),
    // The row maximum is the first top-k value (k ≥ 1); [m, 1] so that it broadcasts over the row.
    nodeField({
      opType: "Gather",
      inputs: [rowNames.topLogits, name("first")],
      outputs: [name("max")],
      ints: { axis: 1 },
    }),
    nodeField({ opType: "Sub", inputs: [name("gathered_rows"), name("max")], outputs: [name("shifted")] }),
    nodeField({ opType: "Exp", inputs: [name("shifted")], outputs: [name("exp")] }),
    nodeField({
      opType: "Cast",
      inputs: [name("exp")],
      outputs: [name("exp_double")],
      ints: { to: elementType.double },
    }),
    nodeField({
      opType: "ReduceSum",
      inputs: axesAsInput ? [name("exp_double"), name("last_axis")] : [name("exp_double")],
      outputs: [rowNames.expSums],
      ints: { keepdims: 0 },
      ...(axesAsInput ? {} : { lists: { axes: [1] } }),
    }),
    valueInfoField({ field: graph.input, name: rowNames.logitRows, type: elementType.int64, dims: ["dlmpo_n"] }),
    valueInfoField({ field: graph.input, name: rowNames.topRows, type: elementType.int64, dims: ["dlmpo_m"] }),
    valueInfoField({ field: graph.input, name: rowNames.topK, type: elementType.int64, dims: [1] }),
    valueInfoField({ field: graph.output, name: rowNames.rowLogits, type: elementType.float }),
    valueInfoField({ field: graph.output, name: rowNames.topLogits, type: elementType.float }),
    valueInfoField({ field: graph.output, name: rowNames.topIds, type: elementType.int64 }),
    valueInfoField({ field: graph.output, name: rowNames.expSums, type: elementType.double }),
  ].flat();
  const suffix = bytesField({ field: model.graph, bytes: added });
  const extended = new Uint8Array(options.model.length + suffix.length);
  extended.set(options.model);
  extended.set(suffix, options.model.length);
  return extended;
}

function defaultOpset(bytes: Uint8Array): number | undefined {
  try {
    for (const entry of readFields(bytes)) {
      if (entry.field !== model.opsetImport || entry.bytes === undefined) continue;
      const fields = readFields(entry.bytes);
      const domain = fieldText(fields.find((field) => field.field === 1) ?? { field: 1 });
      if (domain === "" || domain === "ai.onnx") return fields.find((field) => field.field === 2)?.value ?? 1;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function int64Initializer(options: { readonly name: string; readonly values: readonly number[] }): number[] {
  return bytesField({
    field: graph.initializer,
    bytes: [
      ...varintField({ field: 1, value: options.values.length }),
      ...varintField({ field: 2, value: elementType.int64 }),
      ...packedIntegersField({ field: 7, values: options.values }),
      ...stringField({ field: 8, text: options.name }),
    ],
  });
}

function nodeField(options: {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Integer attributes. */
  readonly ints?: Readonly<Record<string, number>> | undefined;
  /** Integer-list attributes. */
  readonly lists?: Readonly<Record<string, readonly number[]>> | undefined;
}): number[] {
  const attributes = [
    ...Object.entries(options.ints ?? {}).map(([key, value]) => [
      ...stringField({ field: attribute.name, text: key }),
      ...varintField({ field: attribute.int, value }),
      ...varintField({ field: attribute.type, value: attributeType.int }),
    ]),
    ...Object.entries(options.lists ?? {}).map(([key, values]) => [
      ...stringField({ field: attribute.name, text: key }),
      ...packedIntegersField({ field: attribute.ints, values }),
      ...varintField({ field: attribute.type, value: attributeType.ints }),
    ]),
  ];
  return bytesField({
    field: graph.node,
    bytes: [
      ...options.inputs.flatMap((input) => stringField({ field: node.input, text: input })),
      ...options.outputs.flatMap((output) => stringField({ field: node.output, text: output })),
      ...stringField({ field: node.name, text: `dlmpo_${options.outputs[0] ?? options.opType}` }),
      ...stringField({ field: node.opType, text: options.opType }),
      ...attributes.flatMap((bytes) => bytesField({ field: node.attribute, bytes })),
    ],
  });
}

/** A graph input/output declaration: name, tensor element type, and optionally its shape (names or sizes). */
function valueInfoField(options: {
  readonly field: number;
  readonly name: string;
  readonly type: number;
  readonly dims?: readonly (string | number)[] | undefined;
}): number[] {
  const shape =
    options.dims === undefined
      ? []
      : bytesField({
          field: 2,
          bytes: options.dims.flatMap((dim) =>
            bytesField({
              field: 1,
              bytes:
                typeof dim === "string" ? stringField({ field: 2, text: dim }) : varintField({ field: 1, value: dim }),
            }),
          ),
        });
  const tensorType = bytesField({ field: 1, bytes: [...varintField({ field: 1, value: options.type }), ...shape] });
  return bytesField({
    field: options.field,
    bytes: [...stringField({ field: 1, text: options.name }), ...bytesField({ field: 2, bytes: tensorType })],
  });
}
