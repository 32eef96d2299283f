import { openSqliteStore, type SqliteStore } from "../store/open-sqlite-store.js";

/**
 * A store that opens (and so creates) its SQLite file only when first used: a command can hand it to the parts it
 * builds while it validates its input, and a command that fails validation writes nothing. `close` closes it if it
 * was opened.
 */
export function openLazyStore(options: { readonly path: string }): SqliteStore {
  let store: SqliteStore | undefined;
  const open = (): SqliteStore => {
    store ??= openSqliteStore({ path: options.path });
    return store;
  };
  // The target is never read: every property is looked up on the real store, opened on first use.
  return new Proxy({} as SqliteStore, {
    get(_target, name) {
      if (name === "path") return options.path;
      if (name === "close") return () => store?.close();
      // Not a promise: awaiting or resolving with the store must not open it.
      if (name === "then") return undefined;
      const opened = open();
      const value: unknown = Reflect.get(opened, name);
      return typeof value === "function" ? value.bind(opened) : value;
    },
  });
}
