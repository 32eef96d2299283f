/**
 * A failure that ends a tau-bench episode with reward 0 instead of becoming an observation, as an exception does in
 * the original (its run loop records the task as failed): malformed tool-call JSON, a tool returning None.
 * `observation` is what the original tool call itself produced (`"None"`), for conformance checks.
 */
export class TauEpisodeCrash extends Error {
  readonly observation: string;

  constructor(options: { readonly observation: string; readonly reason: string }) {
    super(options.reason);
    this.name = "TauEpisodeCrash";
    this.observation = options.observation;
  }
}
