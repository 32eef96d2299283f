import { parsePythonJson } from "./parse-python-json.js";
import { isPyDict, type PyValue, pyTypeName } from "./python-value.js";

/**
 * Tool-call arguments as the original reads them: `json.loads` (ints, floats and big ints kept apart), and then a
 * dict of keyword arguments (its pydantic `Action.kwargs: Dict[str, Any]`). Text that is not JSON, or JSON that is
 * not an object, is an error as data: in the original the exception ends the episode with reward 0.
 */
export function readToolArguments(
  text: string,
):
  | { readonly ok: true; readonly value: Readonly<Record<string, PyValue>> }
  | { readonly ok: false; readonly error: string } {
  const parsed = parsePythonJson(text);
  if (!parsed.ok) return { ok: false, error: `tool-call arguments are not JSON: ${parsed.error}` };
  return toKeywordArguments(parsed.value);
}

/** A parsed value as keyword arguments: only a JSON object qualifies. */
export function toKeywordArguments(
  value: PyValue,
):
  | { readonly ok: true; readonly value: Readonly<Record<string, PyValue>> }
  | { readonly ok: false; readonly error: string } {
  if (!isPyDict(value))
    return { ok: false, error: `tool-call arguments are a ${pyTypeName(value)}, not a JSON object` };
  return { ok: true, value };
}
