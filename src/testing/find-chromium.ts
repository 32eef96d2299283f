import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Executable names tried on PATH, in order. */
export const chromiumNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] as const;

/** How to get a browser for the report's browser tests, in one line. */
export const chromiumInstallHint =
  "install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary";

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium (or Chrome) binary for browser tests: `CHROMIUM_PATH` when set (it must be executable), else the first
 * of {@link chromiumNames} found on `PATH`; undefined when there is none.
 */
export function findChromium(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
}): string | undefined {
  const explicit = options.env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== "") return isExecutable(explicit) ? explicit : undefined;
  for (const folder of (options.env.PATH ?? "").split(delimiter).filter((part) => part !== ""))
    for (const name of chromiumNames) {
      const path = join(folder, name);
      if (isExecutable(path)) return path;
    }
  return undefined;
}

/** Whether the tests run on CI (`CI` set to anything but empty or `false`): there the browser tests are required. */
export function isContinuousIntegration(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
}): boolean {
  const value = options.env.CI ?? "";
  return value !== "" && value !== "false";
}
