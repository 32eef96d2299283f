import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the folder holding package.json), found from this file in `dist/cli/config/` or `src/cli/config/`. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** `../shared/data` relative to `cwd` when it exists, else relative to the package root. */
export function defaultDataDir(options: { readonly cwd: string }): string {
  const nearby = resolve(options.cwd, "..", "shared", "data");
  return existsSync(nearby) ? nearby : resolve(packageRoot, "..", "shared", "data");
}

/** `.dlmpo/dlmpo.sqlite` in `cwd`. */
export function defaultStorePath(options: { readonly cwd: string }): string {
  return join(options.cwd, ".dlmpo", "dlmpo.sqlite");
}
