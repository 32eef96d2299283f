#!/usr/bin/env node
// Writes schema/dlmpo-config.schema.json from the config's zod schema (run `npm run schema` after changing options).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { configJsonSchemaPath, configJsonSchemaText } from "../dist/cli/config/config-json-schema.js";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const target = join(root, configJsonSchemaPath);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, configJsonSchemaText());
console.log(`Wrote ${configJsonSchemaPath}.`);
