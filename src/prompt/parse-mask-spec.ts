import { InvalidInputError } from "../errors/invalid-input-error.js";

/**
 * A mask request, as written on the command line:
 * `sentence:2` (mask the 0-based sentence 2), `random:0.2` (mask about 20% of the maskable words in contiguous spans,
 * seeded), `insert:3` (a new empty span at sentence boundary 3: 0 = before the first sentence, n = after the last),
 * `delete:1` (mask sentence 1 and let it shrink to nothing), `chars:10-40` (characters 10 to 40, end exclusive).
 */
export type MaskSpec =
  | { readonly kind: "sentence"; readonly index: number }
  | { readonly kind: "random"; readonly maskRatio: number }
  | { readonly kind: "insert"; readonly boundary: number }
  | { readonly kind: "delete"; readonly index: number }
  | { readonly kind: "chars"; readonly start: number; readonly end: number };

const wholeNumber = /^\d+$/;

/**
 * Parses one mask spec (see `MaskSpec`).
 *
 * @throws InvalidInputError naming `field` (default `--mask`) when the text is not a valid spec.
 */
export function parseMaskSpec(options: { readonly text: string; readonly field?: string | undefined }): MaskSpec {
  const field = options.field ?? "--mask";
  const text = options.text.trim();
  const fail = (why: string): never => {
    throw new InvalidInputError({
      message: `Invalid mask ${JSON.stringify(options.text)}: ${why}. Use sentence:N, random:RATIO, insert:N, delete:N or chars:START-END.`,
      location: { field },
    });
  };
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? "" : text.slice(colon + 1).trim();
  switch (kind) {
    case "sentence":
    case "delete":
    case "insert": {
      if (!wholeNumber.test(value)) return fail(`"${kind}" needs a 0-based whole number`);
      const index = Number(value);
      return kind === "insert" ? { kind, boundary: index } : { kind, index };
    }
    case "random": {
      const maskRatio = Number(value);
      if (value === "" || !Number.isFinite(maskRatio) || maskRatio <= 0 || maskRatio > 1) {
        return fail('"random" needs a mask ratio in (0, 1]');
      }
      return { kind, maskRatio };
    }
    case "chars": {
      const match = /^(\d+)-(\d+)$/.exec(value);
      if (match === null) return fail('"chars" needs START-END character offsets');
      const start = Number(match[1]);
      const end = Number(match[2]);
      if (end < start) return fail("the end comes before the start");
      return { kind, start, end };
    }
    default:
      return fail(`unknown kind "${kind}"`);
  }
}
