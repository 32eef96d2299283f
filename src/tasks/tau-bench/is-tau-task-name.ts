import type { TauDomainName } from "./load-tau-domain.js";

/** Task names that select tau-bench in `optimize` / `eval` (`--task tau-retail`). */
export const tauTaskNames: Readonly<Record<string, TauDomainName>> = {
  "tau-retail": "retail",
  "tau-airline": "airline",
};

/** True when `name` is one of {@link tauTaskNames}. */
export function isTauTaskName(name: string): boolean {
  return Object.hasOwn(tauTaskNames, name);
}
