const bearer = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * Replaces every occurrence of the given secrets (API keys, at least 4 characters) and any `Bearer …` token in
 * `text` with `[redacted]`. Used on every error message built from provider errors, which may echo a key.
 */
export function redactKnownSecrets(options: { readonly text: string; readonly secrets: readonly string[] }): string {
  let text = options.text.replace(bearer, "Bearer [redacted]");
  for (const secret of options.secrets) {
    if (secret.length >= 4) text = text.split(secret).join("[redacted]");
  }
  return text;
}
