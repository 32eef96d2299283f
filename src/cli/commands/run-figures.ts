import type { RunRecord } from "../../spec/store.js";

/** The figures of a stored run's summary that `runs list` and `runs show` print; each absent when not stored. */
export interface RunFigures {
  /** Best dev score of an optimisation run. */
  readonly devScore?: number | undefined;
  /** Metrics on the scored split: the test split of an optimisation, the evaluated split of an eval. */
  readonly metrics?: readonly { readonly name: string; readonly value: number }[] | undefined;
  /** The error that ended a failed or stopped run. */
  readonly error?: string | undefined;
}

const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === "object" && value !== null && field in value
    ? (value as Record<string, unknown>)[field] // an object; the field was just checked
    : undefined;

const isMetric = (value: unknown): value is { name: string; value: number } =>
  typeof fieldOf(value, "name") === "string" && typeof fieldOf(value, "value") === "number";

/** Reads the figures out of `run.summary`, whatever command stored it, ignoring what is missing or malformed. */
export function runFigures(run: RunRecord): RunFigures {
  const summary = run.summary;
  const dev = fieldOf(summary, "devScore");
  const metricsField = fieldOf(summary, "testMetrics") ?? fieldOf(summary, "metrics");
  const metrics = Array.isArray(metricsField) ? metricsField.filter(isMetric) : undefined;
  const error = fieldOf(summary, "error");
  return {
    ...(typeof dev === "number" ? { devScore: dev } : {}),
    ...(metrics !== undefined && metrics.length > 0 ? { metrics } : {}),
    ...(typeof error === "string" ? { error } : {}),
  };
}

/** One short line of a run's figures, e.g. `dev 0.750 · test accuracy 0.700` or `accuracy 0.812 · macro-f1 0.801`. */
export function describeRunFigures(run: RunRecord, figures: RunFigures): string {
  const parts: string[] = [];
  if (figures.devScore !== undefined) parts.push(`dev ${figures.devScore.toFixed(3)}`);
  const prefix = run.kind === "optimize" || run.kind === "demo" ? "test " : "";
  for (const metric of figures.metrics ?? []) parts.push(`${prefix}${metric.name} ${metric.value.toFixed(3)}`);
  return parts.join(" · ");
}
