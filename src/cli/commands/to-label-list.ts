import { InvalidInputError } from "../../errors/invalid-input-error.js";

/**
 * The `--labels` option as a list: a comma-separated string (flag or config) is split and trimmed; a list from the
 * config file, or undefined, is returned as it is.
 *
 * @throws InvalidInputError naming `--labels` when the string holds no label or an empty one (`a,,b`).
 */
export function toLabelList(labels: string | readonly string[] | undefined): readonly string[] | undefined {
  if (typeof labels !== "string") return labels;
  const list = labels.split(",").map((label) => label.trim());
  if (list.some((label) => label === ""))
    throw new InvalidInputError({
      message: `--labels ${JSON.stringify(labels)} has an empty label; give comma-separated labels, e.g. --labels negative,positive.`,
    });
  return list;
}
