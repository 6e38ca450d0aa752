// prepack's last step: the package about to be packed runs without dev dependencies. Every bare
// module name the built code imports or requires (outside dist/vendor, which is bundled) must be
// a built-in or a production dependency, and the bundles the installed CLI relies on must exist.
// Fails the pack (exit 1) rather than publish a tarball that breaks on first use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
// Loaded only when present, never needed by the installed CLI (a message says how to add it).
const OPTIONAL = new Set(['mjml', 'facebook-nodejs-business-sdk', 'twitter-text']);
const problems = [];
for (const need of ['dist/cli/main.js', 'dist/vendor/facebook/index.cjs', 'dist/vendor/twitter-text/bundle.js', 'dist/vendor/yaml/index.js']) {
  if (!existsSync(path.join(root, need))) problems.push(`${need} is missing (is esbuild installed?)`);
}
const SPEC = /(?:^|[\s;}])(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]([@a-z][\w.@/-]*)['"]/gm;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== path.join(root, 'dist', 'vendor')) walk(p);
    } else if (/\.(c|m)?js$/.test(e.name)) {
      for (const m of readFileSync(p, 'utf8').matchAll(SPEC)) {
        const spec = m[1];
        if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!allowed.has(name) && !OPTIONAL.has(name)) problems.push(`${path.relative(root, p)} imports ${spec}, which is not a production dependency`);
      }
    }
  }
};
walk(path.join(root, 'dist'));
if (problems.length) {
  console.error(`check-package: the package would not run without dev dependencies:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-package: dist/ needs only the ${allowed.size} production dependencies`);
