/** A content-addressed store of model responses. The key is a hash; the value is a JSON-serialisable response. */
export interface CallCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown, info: { readonly modelId: string }): Promise<void>;
}
