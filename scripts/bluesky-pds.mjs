#!/usr/bin/env node
// The Bluesky contract suite's real server: installs the harness (test/bluesky-pds/harness: @atproto/pds +
// @did-plc/server, its own package.json and lockfile, outside the product's dependency tree) ONCE into a
// cache folder keyed by the lockfile's hash, then runs the contract suite against it and against the
// emulator.
//
//   node scripts/bluesky-pds.mjs install   # install only (prints the folder)
//   node scripts/bluesky-pds.mjs test      # install if needed, then run test/bluesky-pds/
//
// Needs Node >= 22 (the PDS's engines). better-sqlite3 has no reachable prebuilt binary here, so it is
// compiled from source against this Node's own headers (npm_config_nodedir); about 6 minutes the first time.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const harnessSrc = join(root, 'test', 'bluesky-pds', 'harness');

function fail(message) {
  process.stderr.write(`bluesky-pds: ${message}\n`);
  process.exit(1);
}

export function harnessKey() {
  const lock = readFileSync(join(harnessSrc, 'package-lock.json'));
  const pkg = readFileSync(join(harnessSrc, 'package.json'));
  return createHash('sha256').update(pkg).update(lock).digest('hex').slice(0, 16);
}

export function cacheRoot() {
  return process.env.LM_POST_CI_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lm-post-ci');
}

export function harnessDir() {
  return join(cacheRoot(), `bluesky-pds-${harnessKey()}`);
}

/** The folder holding this Node's headers (include/node), for node-gyp. */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = resolve(dirname(process.execPath), '..');
  const candidates = [prefix, join(prefix, 'node_modules', `node-${process.platform}-${process.arch}`)];
  for (const c of candidates) if (existsSync(join(c, 'include', 'node', 'node.h'))) return c;
  return undefined;
}

function install() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) fail(`Node >= 22 is required to install @atproto/pds (this is ${process.version})`);
  const dir = harnessDir();
  if (existsSync(join(dir, '.installed'))) {
    try {
      const info = JSON.parse(readFileSync(join(dir, '.installed'), 'utf8'));
      if (info.execPath && existsSync(info.execPath)) return dir;
    } catch {
      // an install from an older version of this script: done again
    }
  }
  mkdirSync(cacheRoot(), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  copyFileSync(join(harnessSrc, 'package.json'), join(tmp, 'package.json'));
  copyFileSync(join(harnessSrc, 'package-lock.json'), join(tmp, 'package-lock.json'));
  const env = { ...process.env };
  const nd = nodeDir();
  if (nd) env.npm_config_nodedir = nd;
  // npm itself runs under this Node, so node-gyp builds for it.
  env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`;
  const started = Date.now();
  process.stderr.write(`bluesky-pds: installing the harness into ${dir} (Node ${process.version}${nd ? `, headers ${nd}` : ''})…\n`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tmp, env, stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    fail('npm ci failed for the harness');
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  // Which Node built it: better-sqlite3 is compiled for that Node's ABI, so the suite runs the server with it.
  writeFileSync(join(tmp, '.installed'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, execPath: process.execPath, seconds })}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  process.stderr.write(`bluesky-pds: installed in ${seconds} s\n`);
  return dir;
}

function test(extra) {
  const dir = install();
  const env = { ...process.env, LM_POST_BLUESKY_PDS_HARNESS: dir, LM_POST_BLUESKY_PDS_NODE: process.execPath, LM_POST_REQUIRE_BLUESKY_PDS: '1' };
  env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`;
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const r = spawnSync(process.execPath, [vitest, 'run', 'test/bluesky-pds/', ...extra], { cwd: root, env, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [cmd = 'test', ...rest] = process.argv.slice(2);
  if (cmd === 'install') process.stdout.write(`${install()}\n`);
  else if (cmd === 'dir') process.stdout.write(`${harnessDir()}\n`);
  else if (cmd === 'test') test(rest);
  else fail(`unknown command ${cmd} (install | dir | test)`);
}
