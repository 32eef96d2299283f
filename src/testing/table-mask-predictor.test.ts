import { describeMaskPredictorConformance } from "./mask-predictor-conformance.js";
import { createTableMaskPredictor } from "./table-mask-predictor.js";

const words = "you are a helpful assistant . answer the question agent follows policy and asks user".split(" ");
const vocabulary = ["[PAD]", "[MASK]", "[END]", ...words];

describeMaskPredictorConformance("table", async () =>
  createTableMaskPredictor({
    vocabulary,
    logitsAt: ({ sequence, position }) => vocabulary.map((_, id) => Math.cos(id * 0.7 + position + (sequence[0] ?? 0))),
  }),
);
