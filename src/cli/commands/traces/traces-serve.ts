import { resolve } from "node:path";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import type { OtelSpan, OtelValue } from "../../../spec/otel-span.js";
import { openSqliteStore } from "../../../store/open-sqlite-store.js";
import { createRedactor, type Redactor } from "../../../traces/redact-conversations.js";
import { serveOtlpTraces } from "../../../traces/serve-otlp-traces.js";
import type { CliContext } from "../../cli-context.js";
import { defaultStorePath } from "../../config/default-paths.js";
import { describeRedactions } from "./read-trace-source.js";

/** Flags of `dlmpo traces serve`. */
export interface TracesServeFlags {
  readonly port?: number | string | undefined;
  readonly host?: string | undefined;
  readonly token?: string | undefined;
  readonly maxBodyMb?: number | string | undefined;
  readonly store?: string | undefined;
  readonly redact?: boolean | undefined;
  readonly redactPattern?: readonly string[] | undefined;
}

/**
 * `dlmpo traces serve`: an OTLP/HTTP receiver at /v1/traces that stores every span it gets (redacted first with
 * `--redact`) in the store, until Ctrl-C / SIGTERM.
 */
export async function runTracesServe(options: {
  readonly flags: TracesServeFlags;
  readonly context: CliContext;
}): Promise<void> {
  const { flags, context } = options;
  const port = flags.port ?? 4318;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidInputError({
      message: `must be an integer port 0–65535, got "${String(port)}".`,
      location: { field: "--port" },
    });
  const maxBodyMb = flags.maxBodyMb ?? 16;
  if (typeof maxBodyMb !== "number" || !(maxBodyMb > 0))
    throw new InvalidInputError({
      message: `must be a positive number, got "${String(maxBodyMb)}".`,
      location: { field: "--max-body-mb" },
    });
  const host = flags.host ?? "127.0.0.1";
  const token = flags.token ?? context.runtime.env.DLMPO_TRACES_TOKEN;
  const patterns = flags.redactPattern ?? [];
  const redactor = flags.redact === true || patterns.length > 0 ? createRedactor({ patterns }) : undefined;
  const storePath =
    flags.store === undefined ? defaultStorePath({ cwd: context.cwd }) : resolve(context.cwd, flags.store);
  const store = openSqliteStore({ path: storePath });
  let received = 0;
  try {
    const receiver = await serveOtlpTraces({
      host,
      port,
      bearerToken: token === "" ? undefined : token,
      maxBodyBytes: Math.floor(maxBodyMb * 1024 * 1024),
      onSpans: (spans) => {
        const kept = redactor === undefined ? spans : spans.map((span) => redactSpan(span, redactor));
        received += store.recordSpans(kept, context.runtime.clock.now());
        context.stderr.write(`received ${spans.length} spans (${received} in all)\n`);
      },
    });
    if (token === undefined && host !== "127.0.0.1" && host !== "localhost" && host !== "::1")
      context.stderr.write(
        `Warning: listening on ${host} without a bearer token; anyone who can reach it can write spans.\n`,
      );
    context.stdout.write(
      `Receiving OTLP traces on ${receiver.url} (JSON and protobuf; ${token === undefined ? "no token" : "bearer token required"}) into ${storePath}. Ctrl-C to stop.\n`,
    );
    await new Promise<void>((done) => {
      if (context.abortSignal.aborted) done();
      else context.abortSignal.addEventListener("abort", () => done(), { once: true });
    });
    await receiver.close();
    context.stdout.write(
      `Stopped. ${received} spans stored${redactor === undefined ? "" : `; redacted ${describeRedactions(redactor.counts())}`}.\n`,
    );
  } finally {
    store.close();
  }
}

function redactSpan(span: OtelSpan, redactor: Redactor): OtelSpan {
  const value = (inner: OtelValue): OtelValue => {
    if (typeof inner === "string") return redactor.redact(inner);
    if (inner === null || typeof inner !== "object") return inner;
    // `Array.isArray` does not narrow readonly arrays; what is not a list is the key-value form.
    return Array.isArray(inner) ? inner.map(value) : attributes(inner as Readonly<Record<string, OtelValue>>);
  };
  const attributes = (record: Readonly<Record<string, OtelValue>>): Record<string, OtelValue> =>
    Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, value(inner)]));
  return {
    ...span,
    attributes: attributes(span.attributes),
    events: span.events.map((event) => ({ ...event, attributes: attributes(event.attributes) })),
  };
}
