import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findChromium } from "./find-chromium.js";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-chromium-"));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const executable = (name: string): string => {
  const path = join(folder, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
};

describe("findChromium", () => {
  it("prefers CHROMIUM_PATH, then chromium, chromium-browser and google-chrome on PATH", () => {
    const chrome = executable("google-chrome");
    const empty = join(folder, "empty");
    expect(findChromium({ env: { PATH: [empty, folder].join(delimiter) } })).toBe(chrome);
    const browser = executable("chromium-browser");
    expect(findChromium({ env: { PATH: folder } })).toBe(browser);
    const custom = executable("my-chrome");
    expect(findChromium({ env: { PATH: folder, CHROMIUM_PATH: custom } })).toBe(custom);
  });

  it("finds nothing without a browser, and nothing for a CHROMIUM_PATH that does not exist", () => {
    expect(findChromium({ env: { PATH: folder } })).toBeUndefined();
    executable("chromium");
    expect(findChromium({ env: { PATH: folder, CHROMIUM_PATH: join(folder, "missing") } })).toBeUndefined();
  });
});
