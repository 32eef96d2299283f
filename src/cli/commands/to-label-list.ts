/**
 * The `--labels` option as a list: a comma-separated string (flag or config) is split, trimmed and emptied of blank
 * entries; a list from the config file, or undefined, is returned as it is.
 */
export function toLabelList(labels: string | readonly string[] | undefined): readonly string[] | undefined {
  if (typeof labels !== "string") return labels;
  return labels
    .split(",")
    .map((label) => label.trim())
    .filter((label) => label !== "");
}
