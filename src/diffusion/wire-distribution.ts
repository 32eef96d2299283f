import type { PositionDistribution } from "../spec/mask-predictor.js";

/** One position's distribution as JSON: −∞ (and any non-finite value) travels as `null`. */
export type WireDistribution =
  | { readonly tokenIds: readonly number[]; readonly logProbs: readonly (number | null)[] }
  | { readonly logits: readonly (number | null)[] };

/** Converts a distribution to its JSON form for `POST /v1/logits` answers. Float32 values round-trip exactly. */
export function toWireDistribution(distribution: PositionDistribution): WireDistribution {
  const encode = (values: Float32Array): (number | null)[] =>
    Array.from(values, (value) => (Number.isFinite(value) ? value : null));
  return distribution.kind === "logits"
    ? { logits: encode(distribution.logits) }
    : { tokenIds: Array.from(distribution.tokenIds), logProbs: encode(distribution.logProbs) };
}

/** Converts a JSON distribution back; `null` becomes −∞. */
export function fromWireDistribution(wire: WireDistribution): PositionDistribution {
  const decode = (values: readonly (number | null)[]): Float32Array =>
    Float32Array.from(values, (value) => value ?? Number.NEGATIVE_INFINITY);
  return "logits" in wire
    ? { kind: "logits", logits: decode(wire.logits) }
    : { kind: "top-k", tokenIds: Int32Array.from(wire.tokenIds), logProbs: decode(wire.logProbs) };
}
