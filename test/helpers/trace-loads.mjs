// Preload that records every module a Node process loads, ESM and CommonJS alike:
//   TRACE_LOADS_FILE=/tmp/trace.txt node --import ./test/helpers/trace-loads.mjs bin/lm-post check …
// One line per load: `esm <specifier> <resolved url>` or `cjs <request> <resolved filename>`.
// Used to prove that `check` never loads a network SDK (they are heavy and not needed to lint).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.TRACE_LOADS_FILE;

if (file) {
  // ESM: a resolve hook (it runs on the loader thread; the file name comes through `data`).
  const hooks = `
    import { appendFileSync } from 'node:fs';
    let out;
    export function initialize(data) { out = data.file; }
    export async function resolve(specifier, context, nextResolve) {
      const result = await nextResolve(specifier, context);
      try { appendFileSync(out, 'esm ' + specifier + ' ' + result.url + '\\n'); } catch {}
      return result;
    }
  `;
  register('data:text/javascript,' + encodeURIComponent(hooks), { parentURL: import.meta.url, data: { file } });

  // CommonJS: every require() goes through Module._load, including those made by CJS packages
  // that ESM code imported.
  const require = createRequire(import.meta.url);
  const Module = require('node:module');
  const originalLoad = Module._load;
  Module._load = function traceLoad(request, parent, isMain) {
    let resolved = request;
    try {
      resolved = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Leave resolution errors to the real loader.
    }
    try {
      appendFileSync(file, `cjs ${request} ${resolved}\n`);
    } catch {
      // Tracing must never change the traced program's behaviour.
    }
    return originalLoad.apply(this, arguments);
  };
}
