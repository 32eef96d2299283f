/** Shows how far a long job is: a redrawn bar on a terminal, a few plain lines otherwise. */
export interface ProgressReporter {
  /** `completed` of `total` done; `detail` is a short status such as `accuracy 0.83`. */
  update(options: { readonly completed: number; readonly total: number; readonly detail?: string | undefined }): void;
  /** Ends the bar's line (terminal) so later output starts on a fresh line. */
  finish(): void;
}

/** Options of {@link createProgressReporter}. */
export interface CreateProgressReporterOptions {
  readonly write: (text: string) => void;
  /** True when the stream is a terminal: redraw one line; false: print a line per tenth of the work. */
  readonly isTTY: boolean;
  readonly label: string;
  /** Milliseconds clock, for the rate and to redraw at most every `redrawMs`. */
  readonly now: () => number;
  /** Least time between redraws on a terminal, in ms; default 100. */
  readonly redrawMs?: number | undefined;
  /** Bar width in characters; default 28. */
  readonly width?: number | undefined;
}

/** Creates a progress reporter writing through `write` (the CLI passes stderr, keeping stdout for results). */
export function createProgressReporter(options: CreateProgressReporterOptions): ProgressReporter {
  const startMs = options.now();
  const width = options.width ?? 28;
  let lastDrawMs = Number.NEGATIVE_INFINITY;
  let lastTenth = -1;
  let drawn = false;
  return {
    update({ completed, total, detail }) {
      const share = total === 0 ? 1 : Math.min(1, completed / total);
      const suffix = detail === undefined ? "" : ` · ${detail}`;
      if (!options.isTTY) {
        const tenth = Math.floor(share * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        options.write(`${options.label}: ${completed}/${total}${suffix}\n`);
        return;
      }
      const nowMs = options.now();
      if (completed < total && nowMs - lastDrawMs < (options.redrawMs ?? 100)) return;
      lastDrawMs = nowMs;
      const filled = Math.round(share * width);
      const seconds = Math.max(0.001, (nowMs - startMs) / 1000);
      const rate = `${(completed / seconds).toFixed(1)}/s`;
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      options.write(
        `\r\u001b[2K${options.label} ${bar} ${completed}/${total} ${Math.round(share * 100)}% · ${rate}${suffix}`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) options.write("\n");
      drawn = false;
    },
  };
}
