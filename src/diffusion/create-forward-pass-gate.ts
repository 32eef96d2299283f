/** Admits at most `maxConcurrent` forward passes at once, with a bounded queue behind them. */
export interface ForwardPassGate {
  /**
   * A promise of a `release` function once a slot is free (call it exactly once when the pass is done), or `undefined`
   * at once when `maxQueued` requests already wait: the caller answers 429.
   */
  enter(): Promise<() => void> | undefined;
  /** Passes running now and requests waiting, for health reports. */
  readonly running: number;
  readonly queued: number;
}

/**
 * A first-in-first-out gate for forward passes: a server that lets every request run its pass at once can be driven out
 * of memory by a few concurrent clients; this one runs `maxConcurrent` and queues `maxQueued`.
 */
export function createForwardPassGate(options: {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
}): ForwardPassGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) running -= 1;
    else next();
  };
  const once = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    enter() {
      if (running < options.maxConcurrent) {
        running += 1;
        return Promise.resolve(once());
      }
      if (waiting.length >= options.maxQueued) return undefined;
      return new Promise((resolve) => waiting.push(() => resolve(once())));
    },
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
  };
}
