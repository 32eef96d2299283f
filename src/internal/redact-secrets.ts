/** What replaces a secret in redacted values. */
export const redactedMarker = "[redacted]";

// Field names whose values are credentials. Names are compared lower-cased with separators removed, so
// `apiKey`, `api_key`, `x-api-key` and `Authorization` all match while `maxTokens` or `inputTokens` do not.
const secretName =
  /(apikey|secret|secretkey|password|passwd|passphrase|authorization|credentials?|cookie)$|^(auth|access|refresh|session|bearer|api|id)?token$/;

// Secret-looking text inside otherwise harmless strings: bearer headers, provider key formats, `key=` URL parameters.
const secretText: readonly RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(?:key|api_key|apikey|token|access_token)=[^&\s#"']+/gi,
  /\/\/[^/\s:@]+:[^/\s@]+@/g,
];

function isSecretName(name: string): boolean {
  return secretName.test(name.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

function redactText(text: string): string {
  return secretText.reduce((result, pattern) => result.replace(pattern, redactedMarker), text);
}

/**
 * Returns a deep copy of `value` (a JSON-like config, summary or log record) with secrets removed: the value of every
 * field whose name denotes a credential (`apiKey`, `authorization`, `x-api-key`, `password`, `token`, …) becomes
 * `"[redacted]"`, and secret-looking text inside strings (`Bearer …`, `sk-…`, `?key=…`, `user:pass@` in URLs) is
 * replaced. Used before anything reaches the store, logs or reports. Pure; never throws; cycles become `"[cycle]"`.
 */
export function redactSecrets(value: unknown): unknown {
  const seen = new WeakSet<object>();
  const visit = (inner: unknown): unknown => {
    if (typeof inner === "string") return redactText(inner);
    if (inner === null || typeof inner !== "object") return inner;
    if (seen.has(inner)) return "[cycle]";
    seen.add(inner);
    if (Array.isArray(inner)) return inner.map(visit);
    const entries = Object.entries(inner).map(([name, field]): [string, unknown] => [
      name,
      isSecretName(name) && field !== undefined && field !== null ? redactedMarker : visit(field),
    ]);
    seen.delete(inner);
    return Object.fromEntries(entries);
  };
  return visit(value);
}
