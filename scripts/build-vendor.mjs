// twitter-text 3 ships only a Babel build that loads 474 core-js polyfill modules (ES2015
// features Node has natively) at a cost of ~50 ms per start. Copy its CommonJS build into
// dist/vendor/twitter-text/ without those `require("core-js/…")` lines; the code is otherwise
// byte for byte the package's. src/render/twitter-text.ts loads this copy when present.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const from = path.dirname(require.resolve('twitter-text/package.json'));
const src = path.join(from, 'dist');
const out = path.join(root, 'dist', 'vendor', 'twitter-text');
rmSync(out, { recursive: true, force: true });
const POLYFILL = /^require\("core-js\/[^"]+"\);\n/gm;
let files = 0;
let stripped = 0;
for (const dir of ['', 'lib', 'regexp']) {
  mkdirSync(path.join(out, dir), { recursive: true });
  for (const name of readdirSync(path.join(src, dir))) {
    if (!name.endsWith('.js')) continue;
    const text = readFileSync(path.join(src, dir, name), 'utf8');
    const lean = text.replace(POLYFILL, () => (stripped++, ''));
    if (/core-js/.test(lean)) throw new Error(`build-vendor: core-js still required in twitter-text/dist/${dir}/${name}`);
    writeFileSync(path.join(out, dir, name), lean);
    files++;
  }
}
// Apache-2.0: the licence travels with the copy.
copyFileSync(path.join(from, 'LICENSE'), path.join(out, 'LICENSE'));
// The copy is CommonJS inside an ES-module package.
writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');
const { version } = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8'));
console.log(`twitter-text ${version}: ${files} files copied to dist/vendor, ${stripped} polyfill requires removed`);
