export { type CommandSection, commandSections, type DlmpoConfig, dlmpoConfigSchema } from "./config-file-schema.js";
export { configJsonSchema, configJsonSchemaPath, configJsonSchemaText } from "./config-json-schema.js";
export { defaultDataDir, defaultStorePath, packageRoot } from "./default-paths.js";
export { type EvalOptions, evalOptionsSchema, evalOptionsShape } from "./eval-options.js";
export { formatConfigIssue } from "./format-config-issue.js";
export { type LoadedConfig, loadConfigFile } from "./load-config-file.js";
export { nonEmptyString, nonNegativeInteger, positiveInteger, sharedOptionsShape } from "./option-schemas.js";
export { readPromptFile } from "./read-prompt-file.js";
export { type ResolveCommandOptionsOptions, resolveCommandOptions } from "./resolve-command-options.js";
