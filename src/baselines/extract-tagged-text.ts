/**
 * The text between the first `<tag>` and the last `</tag>` of a model answer, trimmed; undefined when either tag is
 * missing or nothing is between them. Taking the outermost pair keeps tags the prompt itself contains (`<keep>`).
 */
export function extractTaggedText(options: { readonly text: string; readonly tag: string }): string | undefined {
  const open = `<${options.tag}>`;
  const close = `</${options.tag}>`;
  const start = options.text.indexOf(open);
  const end = options.text.lastIndexOf(close);
  if (start === -1 || end === -1 || end < start + open.length) return undefined;
  const inner = options.text.slice(start + open.length, end).trim();
  return inner === "" ? undefined : inner;
}
