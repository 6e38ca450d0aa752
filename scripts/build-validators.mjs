// Build step: compile our JSON Schemas to standalone validator code (ajv standalone), so the
// CLI does not compile schemas at start-up (~150 ms saved on every `check`).
import { writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { POST_SCHEMA } from '../dist/post/schema.js';
import { buildCharterSchema } from '../dist/charter/schema.js';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, $data: false, code: { source: true, esm: true } });
ajv.addKeyword('markdownDescription');
ajv.addSchema(POST_SCHEMA, 'post');
ajv.addSchema(buildCharterSchema(), 'charter');
const code = standaloneCode.default(ajv, { post: 'post', charter: 'charter' });
// The generated ESM still calls require() for ajv's runtime helpers: give it one.
const header = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n";
writeFileSync(new URL('../dist/schema/validators.js', import.meta.url), header + code.replace(/^"use strict";/, ''));
