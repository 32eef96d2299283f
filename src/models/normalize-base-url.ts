/** Query parameters that carry credentials (compared lower-cased); they never join a cache key. */
const credentialParameter = /key|token|secret|sig|auth|password|credential/;

/**
 * The identity of an API base URL in cache keys: scheme and host lower-cased, default port dropped, user name and
 * password removed, credential-like query parameters (`key`, `api_key`, `token`, `sig`, …) removed and the rest sorted,
 * fragment and trailing slashes removed. `http://User:pw@LOCALHOST:80/v1/` → `http://localhost/v1`. Text that is not
 * a URL is returned trimmed. Pure.
 */
export function normalizeBaseUrl(url: string): string {
  const text = url.trim();
  if (!URL.canParse(text)) return text;
  const parsed = new URL(text);
  parsed.username = "";
  parsed.password = "";
  parsed.hash = "";
  const kept = [...parsed.searchParams]
    .filter(([name]) => !credentialParameter.test(name.toLowerCase()))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  parsed.search = new URLSearchParams(kept).toString();
  parsed.pathname = parsed.pathname.replace(/\/+$/, "");
  return parsed.toString().replace(/\/+$/, "").replace(/\/\?/, "?");
}
