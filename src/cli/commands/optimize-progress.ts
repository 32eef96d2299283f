import type { Budgets } from "../../optimizer/optimizer-settings.js";
import { formatDifference, formatPValue } from "../../report/format-score.js";
import type { OptimizerEvent, Spend } from "../../spec/events.js";

/** Renders an optimisation's events as a live status line (terminal) or one plain line per round (pipes, logs). */
export interface OptimizeProgress {
  onEvent(event: OptimizerEvent): void;
  /**
   * Takes in the events a resumed run stored before (they replay without calls and without `onEvent`), so the view
   * starts at the round the run reached, and says so in one line.
   */
  replay(events: readonly OptimizerEvent[]): void;
  /** Ends the live line so later output starts on a fresh line. */
  finish(): void;
}

/**
 * Creates the progress view of `dlmpo optimize`: round, best dev score, spend against the budgets.
 * On a terminal one line is redrawn on every event; otherwise a line is written per completed round and at the end.
 */
export function createOptimizeProgress(options: {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
  readonly rounds: number;
  readonly budgets: Budgets;
}): OptimizeProgress {
  const { write, isTTY } = options;
  let round = 0;
  let bestDev: number | undefined;
  let stage = "starting";
  let spend: Spend | undefined;
  let accepted = 0;
  let drawn = false;
  const line = (): string => {
    const parts = [`round ${round}/${options.rounds}`, stage];
    if (bestDev !== undefined) parts.push(`best dev ${bestDev.toFixed(3)}`);
    parts.push(`accepted ${accepted}`);
    if (spend !== undefined) parts.push(spendText(spend, options.budgets));
    return parts.join(" · ");
  };
  const draw = (): void => {
    if (!isTTY) return;
    write(`\r\u001b[2K${line()}`);
    drawn = true;
  };
  let quiet = false;
  const print = (text: string): void => {
    if (quiet) return;
    if (drawn) write("\r\u001b[2K");
    write(`${text}\n`);
    drawn = false;
  };
  const view: OptimizeProgress = {
    replay(events) {
      quiet = true;
      for (const event of events) view.onEvent(event);
      quiet = false;
      if (events.length === 0) return;
      stage = "replaying stored events";
      print(`resuming at round ${round}/${options.rounds}: ${events.length} stored events replay without model calls…`);
      draw();
    },
    onEvent(event) {
      switch (event.type) {
        case "candidate-scored":
          if (event.round === 0) bestDev = event.meanScore;
          stage = `scoring (rung ${event.rung + 1})`;
          break;
        case "round-started":
          round = event.round;
          stage = "rolling out";
          break;
        case "rollout-completed":
          stage = `proposing (train ${event.meanScore.toFixed(3)})`;
          break;
        case "candidate-accepted":
          accepted += 1;
          break;
        case "round-completed":
          bestDev = event.bestDevScore;
          spend = event.spend;
          stage = "round done";
          if (!isTTY) print(line());
          break;
        case "run-stopped":
          spend = event.spend;
          print(
            `stopped: ${event.reason} · ${spendText(event.spend, options.budgets)}; scoring the seed and final prompts on test…`,
          );
          break;
        case "test-scored": {
          const metric = event.metrics[0];
          if (metric !== undefined)
            print(
              `test ${event.candidateHash.slice(0, 8)} ${metric.name} ${metric.value.toFixed(3)} [${metric.low.toFixed(3)}, ${metric.high.toFixed(3)}]`,
            );
          break;
        }
        case "test-compared":
          print(
            `test final − seed ${formatDifference(event.meanDifference)} [${formatDifference(event.interval95[0])}, ` +
              `${formatDifference(event.interval95[1])}] ${formatPValue(event.pValue)} ` +
              `(n=${event.examples}${(event.failedExamples ?? 0) > 0 ? `, ${event.failedExamples} failed` : ""})`,
          );
          break;
        case "example-failed":
          print(
            `failed ${event.split} example ${event.exampleId} of ${event.candidateHash.slice(0, 8)} (left out): ${event.reason}`,
          );
          break;
        default:
          break;
      }
      if (!quiet) draw();
    },
    finish() {
      if (drawn) write("\n");
      drawn = false;
    },
  };
  return view;
}

/** `calls 120/500 · dlm 12 · $0.0123/1.00` (budgets shown only when set). */
export function spendText(spend: Spend, budgets: Budgets): string {
  const of = (value: number | undefined, text: string): string => (value === undefined ? text : `${text}/${value}`);
  return [
    of(budgets.targetCalls, `calls ${spend.targetCalls}`),
    of(budgets.dlmCalls, `dlm ${spend.dlmCalls}`),
    of(budgets.costUsd, `$${spend.costUsd.toFixed(4)}`),
  ].join(" · ");
}
