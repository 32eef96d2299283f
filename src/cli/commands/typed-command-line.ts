import type { Command } from "commander";
import { collectFlags } from "./collect-flags.js";

const quote = (text: string): string => (/^[\w@%+=:,./#-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/**
 * The command line a user typed, rebuilt from the flags given on it (`collectFlags`; defaults left out), shell-quoted,
 * after `words` (e.g. `dlmpo bench compare`): printed beside the numbers it made so they can be reproduced.
 */
export function typedCommandLine(options: { readonly command: Command; readonly words: readonly string[] }): string {
  const words = [...options.words];
  for (const [name, value] of Object.entries(collectFlags(options.command))) {
    const flag = `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    if (name === "cache") words.push(value === "off" ? "--no-cache" : "--refresh-cache");
    else if (value === true) words.push(flag);
    else for (const item of Array.isArray(value) ? value : [value]) words.push(flag, quote(String(item)));
  }
  return words.join(" ");
}
