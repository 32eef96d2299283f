import { DlmpoError } from "../errors/dlmpo-error.js";

/** Providers dlmpo resolves by name. */
export const knownProviders = ["openai", "anthropic", "openai-compatible"] as const;

/** A provider dlmpo resolves by name. */
export type KnownProvider = (typeof knownProviders)[number];

/** A parsed model spec: a known provider and model, or a registered custom model. */
export type ModelSpec =
  | { readonly kind: "provider"; readonly provider: "openai" | "anthropic"; readonly modelId: string }
  | {
      readonly kind: "provider";
      readonly provider: "openai-compatible";
      readonly modelId: string;
      readonly baseURL: string;
    }
  | { readonly kind: "custom"; readonly name: string };

function isKnownProvider(name: string): name is KnownProvider {
  // Widening the tuple to strings so any name can be looked up.
  return (knownProviders as readonly string[]).includes(name);
}

function unknownProvider(spec: string, customNames: readonly string[]): DlmpoError {
  const known = [...knownProviders.map((name) => `${name}:`), ...customNames].join(", ");
  return new DlmpoError({
    code: "unknown-provider",
    message: `Unknown model "${spec}". Use one of: ${known} (e.g. "openai:gpt-4o-mini", "openai-compatible:http://localhost:8000/v1#my-model").`,
  });
}

/**
 * Parses a model spec: `openai:<model>`, `anthropic:<model>`, `openai-compatible:<baseURL>#<model>`, or the exact name
 * of a custom model (`customNames`, e.g. `builtin`). Pure; does not check API keys.
 * @throws DlmpoError `unknown-provider` for an unknown provider or name; `invalid-input` for a malformed spec
 *   (empty model, bad base URL, missing `#<model>`).
 */
export function parseModelSpec(options: {
  readonly spec: string;
  readonly customNames?: readonly string[];
}): ModelSpec {
  const spec = options.spec.trim();
  const customNames = options.customNames ?? [];
  if (customNames.includes(spec)) return { kind: "custom", name: spec };
  const colon = spec.indexOf(":");
  if (colon <= 0) throw unknownProvider(spec, customNames);
  const provider = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (!isKnownProvider(provider)) throw unknownProvider(spec, customNames);
  const invalid = (why: string): DlmpoError =>
    new DlmpoError({ code: "invalid-input", message: `Invalid model "${spec}": ${why}` });
  if (provider !== "openai-compatible") {
    if (rest === "")
      throw invalid(
        `name a model, e.g. "${provider}:${provider === "openai" ? "gpt-4o-mini" : "claude-3-5-haiku-latest"}".`,
      );
    return { kind: "provider", provider, modelId: rest };
  }
  const hash = rest.lastIndexOf("#");
  if (hash < 0)
    throw invalid(
      'write "openai-compatible:<baseURL>#<model>", e.g. "openai-compatible:http://localhost:8000/v1#qwen2.5-7b".',
    );
  const baseURL = rest.slice(0, hash);
  const modelId = rest.slice(hash + 1);
  if (modelId === "") throw invalid("the model after # is empty.");
  if (!URL.canParse(baseURL) || !/^https?:$/.test(new URL(baseURL).protocol)) {
    throw invalid(`"${baseURL}" is not an http(s) base URL.`);
  }
  return { kind: "provider", provider, modelId, baseURL: baseURL.replace(/\/+$/, "") };
}
