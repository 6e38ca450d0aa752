// `npm run schemas`: write the JSON Schemas generated from the code into charter/, where
// editors (yaml-language-server) find them. A test fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCharterSchema } from '../charter/schema.js';
import { POST_SCHEMA } from '../post/schema.js';

export function schemaFiles(): Record<string, string> {
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  return {
    'post.schema.json': json(POST_SCHEMA),
    'charter.schema.json': json(buildCharterSchema()),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'charter');
  for (const [name, text] of Object.entries(schemaFiles())) {
    writeFileSync(path.join(dir, name), text);
    process.stdout.write(`${path.join(dir, name)}\n`);
  }
}
