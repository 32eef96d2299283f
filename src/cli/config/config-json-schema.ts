import { z } from "zod";
import { dlmpoConfigSchema } from "./config-file-schema.js";

/** Where the published schema lives in the package. */
export const configJsonSchemaPath = "schema/dlmpo-config.schema.json";

/** The JSON Schema (draft 2020-12) of the config file, as published in `schema/dlmpo-config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(dlmpoConfigSchema, { target: "draft-2020-12" }),
    $id: "https://unpkg.com/dlmpo/schema/dlmpo-config.schema.json",
    title: "dlmpo configuration",
  };
}

/** The schema file's exact text (two-space JSON and a final newline), so a test can compare it byte for byte. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
