/** Word pairs English repeats on purpose ("I had had enough", "that that"); every other doubled word is a slip. */
const deliberateRepeats = new Set(["had", "that"]);

/** Words no sentence ends on ("Answer like or."): a fill that does stopped mid-phrase. */
const danglingWords = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "but",
  "of",
  "to",
  "with",
  "for",
  "by",
  "as",
  "in",
  "on",
]);

/** Options of {@link findDisfluency}. */
export interface FindDisfluencyOptions {
  /**
   * The fill stands for whole sentences (a `sentence`, `insert` or `delete` span) of a prompt that capitalises its
   * sentences: it must start with a capital (or a digit, quote, bracket or list mark) and end with a final mark.
   */
  readonly wholeSentence?: boolean | undefined;
}

/**
 * Why a filled span does not read as text, or `undefined` when it does: a word written twice in a row ("with with"),
 * the same word on both sides of "or" / "and" ("like or like"), a sentence that ends on "or", "with", "the" …, two words run together ("orReply"), a punctuation mark doubled ("..", ". ."), or a fill
 * that starts with a punctuation mark; with `wholeSentence`, also a fill that starts in lower case or has no final
 * mark. These are the typical slips of parallel decoding, where slots commit the same
 * token in one step; the native proposer drops such candidates before they cost an evaluation.
 */
export function findDisfluency(fill: string, options: FindDisfluencyOptions = {}): string | undefined {
  const text = fill.trim();
  if (text === "") return undefined;
  if (/^[.,;:!?]/.test(text)) return `starts with "${text[0]}"`;
  const doubledMark = /([.,;:!?])\s*\1/.exec(text);
  if (doubledMark !== null) return `doubled "${doubledMark[1]}"`;
  // Two words run together ("orReply"): the second's start-of-text token written after a word. This also drops a
  // fill naming a camel-case word such as "JavaScript"; the gate can be turned off.
  const glued = /\p{Ll}{2}\p{Lu}\p{Ll}/u.exec(text);
  if (glued !== null) return `words run together ("${glued[0]}")`;
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  for (let index = 1; index < words.length; index += 1) {
    const word = words[index];
    if (word !== undefined && word === words[index - 1] && !deliberateRepeats.has(word)) return `repeats "${word}"`;
    const joined = words[index - 1];
    if ((word === "or" || word === "and") && joined !== undefined && joined === words[index + 1])
      return `"${joined} ${word} ${joined}"`;
  }
  const last = words.at(-1);
  if (last !== undefined && /[.!?]$/.test(text) && danglingWords.has(last)) return `ends on "${last}"`;
  if (options.wholeSentence === true) {
    if (!/^[\p{Lu}\p{N}"'(*#-]/u.test(text)) return "a sentence that starts in lower case";
    if (!/[.!?:)"']$/.test(text)) return "a sentence without an end";
  }
  return undefined;
}
