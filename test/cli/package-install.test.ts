// The package as another collective gets it (SPEC §18): `npm pack` (prepack builds dist/ and checks
// that it needs only production dependencies), then `npm i -g --prefix TMP ./lm-post-*.tgz`,
// then the installed `lm-post` runs `init --org`, `check` and `demo` in a new folder. Across the
// whole run nothing names Locaux Motiv' or GR Médias.
//
// What it measures (slow on purpose, ~40-60 s: a real pack and a real install from the npm
// registry or its cache): that the tarball installs alone and runs; that the installed tree
// carries none of the dev-only weight (mjml and its minifier chain, typescript, the Facebook SDK's
// 33 MB, twitter-text's core-js); the installed size itself is printed by `npm run bench -- --only
// package` (goal ≤ 100 MB), not judged here beyond a generous ceiling.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, REPO } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-pack-'));
const prefix = path.join(tmp, 'prefix');
const bin = path.join(prefix, 'bin', 'lm-post');
const nodeDir = path.dirname(process.execPath);
// Removing an installed tree of ~100 packages takes a while on a loaded machine.
afterAll(() => rmSync(tmp, { recursive: true, force: true }), 120_000);

/** Run a command; stdout and stderr together (everything a user would read). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b));
    child.stderr.on('data', (b: Buffer) => (out += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function duBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += duBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

// The package is packed from a copy of the sources (its node_modules linked): prepack's build then
// writes the copy's dist/, never the dist/ other tests are running.
let tarball: string;
beforeAll(async () => {
  const src = path.join(tmp, 'src');
  mkdirSync(src);
  const SKIP = new Set(['node_modules', 'dist', '.git', 'test', 'bench', 'docs', 'queue', '.lm-post', '.ci', 'coverage']);
  for (const name of readdirSync(REPO)) if (!SKIP.has(name)) cpSync(path.join(REPO, name), path.join(src, name), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  const npmEnv = { ...process.env, PATH: `${nodeDir}${path.delimiter}${process.env.PATH}`, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const pack = await run('npm', ['pack', '--pack-destination', tmp], src, npmEnv, 240_000);
  expect(pack.code, pack.out).toBe(0);
  expect(pack.out).toContain('check-package: dist/ needs only the');
  tarball = path.join(tmp, readdirSync(tmp).find((n) => /^lm-post-.*\.tgz$/.test(n))!);
  const install = await run('npm', ['i', '-g', '--prefix', prefix, tarball, '--no-audit', '--no-fund', '--loglevel=error'], tmp, npmEnv, 240_000);
  expect(install.code, install.out).toBe(0);
}, 480_000);

describe('the packed package, installed into a temporary prefix', () => {
  it('ships what runs (dist/ with its bundles, no sources or tests) and installs no dev-only weight', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/cli/main.js');
    expect(listing).toContain('package/dist/vendor/facebook/index.cjs');
    expect(listing.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);
    const modules = path.join(prefix, 'lib', 'node_modules', 'lm-post', 'node_modules');
    for (const heavy of ['mjml', 'mjml-core', 'typescript', 'facebook-nodejs-business-sdk', 'core-js', 'twitter-text', 'esbuild', 'vitest']) {
      expect(existsSync(path.join(modules, heavy)), heavy).toBe(false);
    }
    // A generous ceiling (the bench prints the figure; the goal is ≤ 100 MB).
    expect(duBytes(path.join(prefix, 'lib', 'node_modules', 'lm-post')) / 1e6).toBeLessThan(110);
  });

  it('init --org "La Fabrique du Coin", check and demo run, and nothing names Locaux Motiv\' or GR Médias', async () => {
    const work = path.join(tmp, 'work');
    mkdirSync(work);
    const env = cleanEnv({ PATH: `${path.join(prefix, 'bin')}${path.delimiter}${nodeDir}${path.delimiter}${process.env.PATH}`, HOME: tmp, XDG_CACHE_HOME: path.join(tmp, 'cache') });
    const outputs: string[] = [];
    const lm = async (cwd: string, ...args: string[]) => {
      const r = await run(bin, args, cwd, env);
      outputs.push(r.out);
      return r;
    };
    const init = await lm(work, 'init', 'coin', '--org', 'La Fabrique du Coin', '--ci', 'github');
    expect(init.code, init.out).toBe(0);
    const dir = path.join(work, 'coin');
    expect(readFileSync(path.join(dir, 'charter', 'charter.yaml'), 'utf8')).toContain('organisation: "La Fabrique du Coin"');
    // The CI uses the package's own repository at its version, and says which release must exist.
    const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(readFileSync(path.join(dir, '.github', 'workflows', 'lm-post-publish.yml'), 'utf8')).toContain(`@v${version}`);
    expect(init.out).toContain(`v${version}`);

    // Nothing approved yet: publish says who must approve (the charter's validators), sends nothing.
    const publish = await lm(dir, 'publish');
    expect(publish.code, publish.out).toBe(0);
    expect(publish.out).toContain('demandez à une personne validatrice (Groupe communication)');
    const check = await lm(dir, 'check');
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('2 billets vérifiés, aucun problème');
    const demo = await lm(dir, 'demo');
    expect(demo.code, demo.out).toBe(0);
    expect(demo.out.match(/^✓ /gm)?.length).toBe(3);
    // The sandbox accounts carry the collective's name.
    expect(demo.out).toContain('/@lafabriqueducoin/');
    const help = await lm(dir, '--help');
    expect(help.code).toBe(0);
    const sandbox = await lm(dir, 'sandbox', '--demo');
    expect(sandbox.code, sandbox.out).toBe(0);
    const doctor = await lm(dir, 'doctor', '--sandbox');
    outputs.push(doctor.out);

    const all = outputs.join('\n');
    expect(all).toContain('La Fabrique du Coin');
    expect(all).not.toMatch(/Locaux Motiv/i);
    expect(all).not.toMatch(/GR Médias/i);
    expect(all).not.toContain('{{');
  }, 180_000);

  it('sends the letter without mjml from the committed compiled template, and says what to do when the template changed', async () => {
    const dir = path.join(tmp, 'letter');
    cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
    cpSync(path.join(REPO, 'queue'), path.join(dir, 'queue'), { recursive: true });
    rmSync(path.join(dir, 'queue', 'letters'), { recursive: true, force: true });
    const env = cleanEnv({ HOME: tmp, XDG_CACHE_HOME: path.join(tmp, 'cache'), PATH: `${nodeDir}${path.delimiter}${process.env.PATH}` });
    const html = await run(bin, ['letter', '--from', '2026-11-30', '--format', 'html'], dir, env);
    expect(html.code, html.out).toBe(0);
    expect(html.out).toMatch(/^<!doctype html>/);
    const mjml = path.join(dir, 'charter', 'letter', 'letter.mjml');
    writeFileSync(mjml, readFileSync(mjml, 'utf8').replace('Se désinscrire', 'Ne plus recevoir'));
    const stale = await run(bin, ['letter', '--from', '2026-11-30', '--format', 'html'], dir, env);
    expect(stale.code).toBe(2);
    expect(stale.out).toContain('npm i --no-save mjml@5');
    expect(stale.out).toContain('letter.compiled.html');
    expect(stale.out).not.toMatch(/\n\s+at /);
  }, 60_000);
});
