import { findProtectedRegions, type ProtectedRegion } from "../prompt/find-protected-regions.js";

/**
 * The protected regions of a prompt that no other region contains, in order (a placeholder inside a `<keep>` span is
 * covered by that span). These are the parts a whole-prompt rewrite must carry over verbatim.
 *
 * @throws InvalidInputError (from `findProtectedRegions`) when the prompt has an unclosed `<keep>` tag.
 */
export function outermostProtectedRegions(prompt: string): ProtectedRegion[] {
  const kept: ProtectedRegion[] = [];
  for (const region of findProtectedRegions(prompt)) {
    const last = kept[kept.length - 1];
    if (last !== undefined && region.start < last.end) continue;
    kept.push(region);
  }
  return kept;
}
