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
    // twitter-text depends on the punycode package (1.4.1), but `require("punycode")` names Node's
    // deprecated built-in first: outside node_modules, Node 22+ then prints DEP0040 on every run.
    // The trailing slash is the package's documented way to get the package itself.
    const lean = text.replace(POLYFILL, () => (stripped++, '')).replace(/require\("punycode"\)/g, 'require("punycode/")');
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

// The copy is still ~45 CommonJS modules to resolve and read one by one: bundle the four functions
// lm-post uses into one file, each module still initialised only on first use (esbuild keeps
// CommonJS modules lazy), so a check that needs no URL does not build twitter-text's URL regex.
let esbuild;
try {
  esbuild = await import('esbuild');
  // Its platform binary comes as an optional dependency: make sure it runs here.
  await esbuild.transform('');
} catch (e) {
  esbuild = undefined;
  console.log(`esbuild unavailable (${String(e?.message ?? e).split('\n')[0]}): twitter-text and yaml are loaded module by module`);
}
if (esbuild) {
  const FNS = ['parseTweet', 'extractUrls', 'extractUrlsWithIndices', 'extractHashtagsWithIndices'];
  await esbuild.build({
    stdin: {
      contents: `exports.load = (name) => {\n  switch (name) {\n${FNS.map((f) => `    case '${f}': return require('./${f}.js');\n`).join('')}  }\n};\n`,
      resolveDir: out,
      loader: 'js',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: path.join(out, 'bundle.js'),
    logLevel: 'warning',
  });
  console.log(`twitter-text: ${FNS.length} functions bundled into dist/vendor/twitter-text/bundle.js`);
}

// yaml 2 ships its Node build as ~70 CommonJS modules: resolving and compiling them one by one is
// the largest part of a check's start-up. Bundle it into one ES module, dist/vendor/yaml/index.js
// (esbuild, a dev dependency), and point the compiled imports of 'yaml' at it. Without esbuild
// (an install without dev dependencies) dist/ keeps importing the package: same code, slower start.
if (esbuild) {
  const yamlFrom = path.dirname(require.resolve('yaml/package.json'));
  const yamlOut = path.join(root, 'dist', 'vendor', 'yaml');
  rmSync(yamlOut, { recursive: true, force: true });
  // The package's own Node build (CommonJS), re-exported by name so `import { parseDocument }` works.
  const names = Object.keys(require('yaml')).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
  await esbuild.build({
    stdin: { contents: `import yaml from ${JSON.stringify(require.resolve('yaml'))};\nexport const { ${names.join(', ')} } = yaml;\nexport default yaml;\n`, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: path.join(yamlOut, 'index.js'),
    logLevel: 'warning',
    legalComments: 'none',
    // yaml's require('process') of a Node built-in, in an ES module.
    banner: { js: "import { createRequire as __lmCreateRequire } from 'node:module';\nconst require = __lmCreateRequire(import.meta.url);" },
  });
  // yaml's parser reads process.env.LOG_TOKENS for every token (and the composer LOG_STREAM for
  // every document), debugging switches of its own: an environment look-up is a call into C++,
  // ~7% of a large check. Read them once, when the bundle loads (the same switches, same effect).
  const bundled = path.join(yamlOut, 'index.js');
  const ENV = /\bnode_process\.env\.(LOG_TOKENS|LOG_STREAM)\b/g;
  const code = readFileSync(bundled, 'utf8');
  const seen = new Set([...code.matchAll(ENV)].map((m) => m[1]));
  if (seen.size !== 2) throw new Error(`build-vendor: yaml's LOG_TOKENS/LOG_STREAM look-ups not found (${[...seen]}): check the bundle`);
  writeFileSync(bundled, code.replace(ENV, (_, name) => `__lmYamlEnv.${name}`).replace(/\n/, `\nconst __lmYamlEnv = { LOG_TOKENS: process.env.LOG_TOKENS, LOG_STREAM: process.env.LOG_STREAM };\n`));
  // ISC: the licence travels with the bundle.
  copyFileSync(path.join(yamlFrom, 'LICENSE'), path.join(yamlOut, 'LICENSE'));
  const IMPORT = /(from |import\()'yaml'/g;
  let rewritten = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(root, 'dist', 'vendor')) walk(p);
      } else if (e.name.endsWith('.js')) {
        const text = readFileSync(p, 'utf8');
        if (!IMPORT.test(text)) continue;
        const rel = path.relative(path.dirname(p), path.join(yamlOut, 'index.js')).split(path.sep).join('/');
        writeFileSync(p, text.replace(IMPORT, (_, how) => `${how}'${rel.startsWith('.') ? rel : `./${rel}`}'`));
        rewritten++;
      }
    }
  };
  walk(path.join(root, 'dist'));
  const yamlVersion = JSON.parse(readFileSync(path.join(yamlFrom, 'package.json'), 'utf8')).version;
  console.log(`yaml ${yamlVersion}: bundled into dist/vendor/yaml, ${rewritten} files point at it`);
}

// facebook-nodejs-business-sdk installs 33 MB (four builds of 2.3 MB, their source maps, its
// sources and examples) for the one CommonJS build lm-post loads. Bundle that build with its
// dependencies (axios among them: the adapter adds an interceptor to the SDK's own copy, so the
// bundle exports both) into dist/vendor/facebook/index.cjs; the package is then a dev dependency.
// src/networks/facebook.ts loads this copy when present (the built CLI), else the package (tests
// run from the sources). The Platform License allows copying and distributing it for use with
// Facebook's APIs; it travels with the copy.
if (esbuild) {
  const fbFrom = path.dirname(require.resolve('facebook-nodejs-business-sdk/package.json'));
  const fbOut = path.join(root, 'dist', 'vendor', 'facebook');
  rmSync(fbOut, { recursive: true, force: true });
  await esbuild.build({
    stdin: { contents: "module.exports = { sdk: require('facebook-nodejs-business-sdk'), axios: require('axios') };\n", resolveDir: fbFrom, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    outfile: path.join(fbOut, 'index.cjs'),
    logLevel: 'error',
    legalComments: 'none',
  });
  copyFileSync(path.join(fbFrom, 'LICENSE'), path.join(fbOut, 'LICENSE'));
  const fbVersion = JSON.parse(readFileSync(path.join(fbFrom, 'package.json'), 'utf8')).version;
  console.log(`facebook-nodejs-business-sdk ${fbVersion}: bundled with its dependencies into dist/vendor/facebook`);
}
