/**
 * Standard Gumbel noise for one token of one position, a pure function of a per-position `seed` and the `tokenId`.
 * Keying the noise by token id (not by iteration order) makes a Gumbel-max sample identical whether the predictor
 * returned full logits or a top-k list that contains the sampled token, so local and remote backends agree.
 *
 * @param options.seed 32-bit unsigned integer drawn once per position.
 * @param options.tokenId vocabulary id (≥ 0).
 * @returns −log(−log u) for a uniform u in (0, 1).
 */
export function gumbelNoise(options: { readonly seed: number; readonly tokenId: number }): number {
  return -Math.log(-Math.log(gumbelUniform(options)));
}

/**
 * The uniform draw behind `gumbelNoise` (which is −log(−log u), increasing in u): comparing it with a precomputed
 * level bounds the noise without the two logarithms.
 *
 * @returns a number in (0, 1).
 */
export function gumbelUniform(options: { readonly seed: number; readonly tokenId: number }): number {
  // murmur3's 32-bit finaliser: cheap and well mixed, so neighbouring ids get independent-looking draws.
  let hash = (options.seed ^ Math.imul(options.tokenId + 1, 0x9e3779b1)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return (hash + 0.5) / 4294967296;
}

/**
 * The largest value `gumbelNoise` can return, ≈ 22.87 (its uniform draw is at most (2³² − 0.5) / 2³², and −log(−log u)
 * grows with u): a token whose scaled logit trails the best Gumbel score by more than this cannot be sampled.
 */
export const gumbelNoiseBound = -Math.log(-Math.log((4294967295 + 0.5) / 4294967296));
