import { DlmpoError } from "./dlmpo-error.js";

const reasons: Readonly<Record<string, string>> = {
  EEXIST: "a file is in the way",
  ENOTDIR: "a file is in the way where a folder is needed",
  ENOENT: "no such file or folder",
  EISDIR: "it is a folder, a file is needed",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EMFILE: "too many open files",
};

/** Errors about a path the user chose (exit 2); the others are failures of the machine (exit 1). */
const inputCodes = new Set(["EEXIST", "ENOTDIR", "ENOENT", "EISDIR", "EACCES", "EPERM", "EROFS"]);

/**
 * A Node file-system error (one with a `code` such as `EEXIST` and the `path` it concerns) as a one-line DlmpoError
 * naming the path, the operation and the reason; undefined for any other error. `dest` (of a rename or copy) is named
 * too. Bad paths are `invalid-input` (exit 2), the rest `internal`.
 */
export function toFileSystemError(error: unknown): DlmpoError | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  if (!("path" in error) || typeof error.path !== "string") return undefined;
  const { code, path } = error;
  const syscall = "syscall" in error && typeof error.syscall === "string" ? error.syscall : "open";
  const dest = "dest" in error && typeof error.dest === "string" ? ` → ${error.dest}` : "";
  return new DlmpoError({
    code: inputCodes.has(code) ? "invalid-input" : "internal",
    message: `cannot ${syscall} ${path}${dest}: ${reasons[code] ?? code} (${code}).`,
    cause: error,
  });
}
