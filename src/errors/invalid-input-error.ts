import { DlmpoError } from "./dlmpo-error.js";

export interface InputLocation {
  /** File the bad input came from, when there is one. */
  readonly file?: string | undefined;
  /** 1-based line number. */
  readonly line?: number | undefined;
  /** Field (dotted path) that is wrong. */
  readonly field?: string | undefined;
}

/** Bad user input: a data file, a prompt file, a config value. The message names file, line and field. */
export class InvalidInputError extends DlmpoError {
  readonly location: InputLocation;

  constructor(options: { readonly message: string; readonly location?: InputLocation; readonly cause?: unknown }) {
    const location = options.location ?? {};
    const where = [
      location.file,
      location.line === undefined ? undefined : `line ${location.line}`,
      location.field === undefined ? undefined : `field "${location.field}"`,
    ]
      .filter((part) => part !== undefined)
      .join(", ");
    super({
      code: "invalid-input",
      message: where === "" ? options.message : `${where}: ${options.message}`,
      cause: options.cause,
    });
    this.name = "InvalidInputError";
    this.location = location;
  }
}
