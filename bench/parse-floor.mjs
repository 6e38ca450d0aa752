// The parse-only floor of a check: read every post of a folder and parse it with `yaml` as
// lm-post does (document with positions, then values), nothing else. No rule, no schema.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

const dir = path.resolve(process.argv[2] ?? 'queue');
let n = 0;
for (const name of readdirSync(dir).sort()) {
  if (!/\.ya?ml$/.test(name)) continue;
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path.join(dir, name), 'utf8'), { lineCounter, uniqueKeys: true });
  if (doc.toJS() !== undefined) n++;
}
console.log(`${n} posts parsed`);
