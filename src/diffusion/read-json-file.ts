import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../errors/invalid-input-error.js";

/**
 * Reads a JSON file.
 *
 * @throws InvalidInputError naming the file when it is missing or not valid JSON.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InvalidInputError({
      message: "cannot be read; is this a model directory (model.onnx, tokenizer.json, config.json)?",
      location: { file },
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError({ message: `is not valid JSON (${String(error)}).`, location: { file }, cause: error });
  }
}
