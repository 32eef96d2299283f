/** The parts of a stored trace a report shows; every field is plain text (not yet escaped). */
export interface TraceView {
  readonly input: string;
  readonly output: string;
  readonly expected?: string | undefined;
  readonly feedback?: string | undefined;
}

function field(record: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = record[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Reads the displayable fields of a trace stored as `ExampleResult.trace` (unknown JSON). Missing or odd shapes give
 * empty text rather than an error: a report should render whatever the store holds.
 */
export function readTrace(trace: unknown): TraceView {
  if (trace === null || typeof trace !== "object" || Array.isArray(trace)) {
    return { input: "", output: trace === undefined || trace === null ? "" : JSON.stringify(trace) };
  }
  // A non-array object from JSON: its keys are strings, values unknown.
  const record = trace as Readonly<Record<string, unknown>>;
  return {
    input: field(record, "input") ?? "",
    output: field(record, "output") ?? "",
    expected: field(record, "expected"),
    feedback: field(record, "feedback"),
  };
}
