import { z } from "zod";
import { evalOptionsShape } from "./eval-options.js";
import { optimizeOptionsShape } from "./optimize-options.js";
import { sharedOptionsShape } from "./option-schemas.js";

/**
 * Each command's own options, by config section name. A command adds its section here (one line); the section may
 * also repeat shared options to override the top-level ones for that command only.
 */
export const commandSections = {
  eval: evalOptionsShape,
  optimize: optimizeOptionsShape,
} as const;

/** Name of a command's config section. */
export type CommandSection = keyof typeof commandSections;

const optionalShape = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject(shape).partial();

const sectionSchemas = Object.fromEntries(
  Object.entries(commandSections).map(([name, shape]) => [
    name,
    optionalShape({ ...sharedOptionsShape, ...shape })
      .optional()
      .describe(`Options of \`dlmpo ${name}\`.`),
  ]),
);

/**
 * The config file (YAML or JSON): shared options at the top, each command's options in its section.
 * Unknown fields are errors, so a typo never passes silently.
 */
export const dlmpoConfigSchema = optionalShape({
  $schema: z.string().describe("URL or path of this file's JSON Schema (ignored)."),
  ...sharedOptionsShape,
  ...sectionSchemas,
}).describe("dlmpo configuration: shared options at the top level, command options in sections.");

/** A validated config file. Sections are keyed by command name. */
export type DlmpoConfig = z.infer<typeof dlmpoConfigSchema>;
