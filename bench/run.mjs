// npm run bench — one table of whole-process measures (wall time and peak RSS of the CLI as users
// and CI run it), each row against its peer with the ratio and the goal. Every figure is the median
// of BENCH_RUNS (≥ 5) runs, subject and peer alternating, after one warm-up run of each.
// Speed is measured here, never in timed unit tests.
// `node bench/run.mjs --only publish` (or `--only check`, `--only help`, comma-separated) runs only
// those groups of rows: `help` (--help and the one-post check), `check` (1,000 and 10,000 posts),
// `publish` (50 posts with latency), `package` (npm pack, installed size and npm ci times: one
// run each, from the npm registry or its cache). Without it, every row.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateQueue } from './gen-queue.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'lm-post');
const ajvBin = path.join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const LATENCY_MS = 50;
const onlyArg = process.argv.indexOf('--only');
const GROUPS = ['help', 'check', 'publish', 'package'];
const only = onlyArg >= 0 ? new Set(String(process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean)) : new Set(GROUPS);
if (!only.size || [...only].some((g) => !GROUPS.includes(g))) {
  console.error(`bench: --only takes ${GROUPS.join(', ')} (comma-separated)`);
  process.exit(2);
}
const work = mkdtempSync(path.join(os.tmpdir(), 'lm-post-bench-'));

// Peak RSS of a node child, read from its own resource usage at exit.
const probe = path.join(work, 'rss.cjs');
writeFileSync(probe, "process.on('exit',()=>{require('fs').writeSync(2,'\\nRSS_KB='+process.resourceUsage().maxRSS+'\\n')})\n");

/** One run of `node ARGS` (with the RSS probe): wall ms and peak RSS MiB. */
function once({ args, cwd, env = {}, before }) {
  before?.();
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', probe, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LANG: 'C', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // Worker threads (publish --sandbox runs its servers in one) print it too: the main thread's, last, counts.
      const m = [...stderr.matchAll(/RSS_KB=(\d+)/g)].at(-1);
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} (in ${cwd}) exited ${code}: ${stderr.slice(0, 2000)}`));
      resolve({ ms, rssMb: m ? Number(m[1]) / 1024 : NaN });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Subject and peer alternating, after a warm-up of each. */
async function pair(subject, peer) {
  await once(subject);
  if (peer) await once(peer);
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await once(subject));
    if (peer) b.push(await once(peer));
  }
  const sum = (rs) => ({ ms: median(rs.map((r) => r.ms)), rssMb: Math.max(...rs.map((r) => r.rssMb)) });
  return { s: sum(a), p: peer ? sum(b) : undefined };
}

// Queues: the generator's valid posts, dates quoted for ajv-cli's YAML 1.1 parser.
const queues = {};
for (const n of [...(only.has('help') ? [1] : []), ...(only.has('check') ? [1000, 10000] : [])]) {
  const dir = path.join(work, `q${n}`);
  generateQueue(dir, n);
  queues[n] = dir;
}
const lm = (cwd, ...args) => ({ args: [bin, ...args], cwd });
const ajv = (cwd) => ({ args: [ajvBin, 'validate', '-s', 'charter/post.schema.json', '-d', 'queue/*.yaml'], cwd });
const floor = (cwd) => ({ args: [path.join(root, 'bench', 'parse-floor.mjs'), 'queue'], cwd });
const node0 = { args: ['-e', '0'], cwd: root };

const rows = [];
/** A row; without a goal (a floor) it is shown for reference and judged neither way. */
function row(what, s, peerName, p, goal, ratio = p ? s / p : undefined) {
  rows.push({ what, s, peerName, p, ratio, goal, ok: goal === undefined || ratio === undefined ? undefined : ratio <= goal });
}

console.error(`bench: node ${process.version}, ${os.cpus().length} CPU, medians of ${RUNS} alternating runs after a warm-up…`);
if (only.has('help')) {
  const help = await pair(lm(root, '--help'), node0);
  row('lm-post --help', help.s.ms, 'node -e 0', help.p.ms, 3);
  const one = await pair(lm(queues[1], 'check'), node0);
  row('check, 1 post', one.s.ms, 'node -e 0', one.p.ms, 3);
}
if (only.has('check')) {
  const c1k = await pair(lm(queues[1000], 'check'), ajv(queues[1000]));
  row('check, 1,000 posts', c1k.s.ms, 'ajv-cli 5', c1k.p.ms, 1);
  const c10k = await pair(lm(queues[10000], 'check'), ajv(queues[10000]));
  row('check, 10,000 posts', c10k.s.ms, 'ajv-cli 5', c10k.p.ms, 1);
  // The same check in two worker threads (LM_POST_WORKERS=2, off by default).
  const c10k1 = await pair({ ...lm(queues[10000], 'check'), env: { LM_POST_WORKERS: '2' } });
  row('  same, 2 worker threads', c10k1.s.ms, 'ajv-cli 5', c10k.p.ms, 1);
  row('  growth 1,000 → 10,000', c10k.s.ms / c1k.s.ms, '', undefined, 12, c10k.s.ms / c1k.s.ms);
  const f1k = await pair(floor(queues[1000]));
  const f10k = await pair(floor(queues[10000]));
  row('  parse-only floor (yaml), 1,000', f1k.s.ms, 'ajv-cli 5', c1k.p.ms, undefined);
  row('  parse-only floor (yaml), 10,000', f10k.s.ms, 'ajv-cli 5', c10k.p.ms, undefined);
  rows.push({ what: 'peak RSS, check 10,000', s: c10k.s.rssMb, unit: 'MiB', peerName: 'ajv-cli 5', p: c10k.p.rssMb, ratio: undefined, goal: 200, ok: c10k.s.rssMb <= 200, abs: true });
  rows.push({ what: '  same, 2 worker threads', s: c10k1.s.rssMb, unit: 'MiB', peerName: 'ajv-cli 5', p: c10k.p.rssMb, ratio: undefined, goal: 200, ok: c10k1.s.rssMb <= 200, abs: true });
}

// publish: 50 approved posts to the sandbox, LATENCY_MS added to every request.
if (only.has('publish')) {
  const { pub, criticalMs, counts } = await publishBench();
  row(`publish 50 posts, +${LATENCY_MS} ms/request`, pub.s.ms, `critical path (${counts})`, criticalMs, 1.3);
}

if (only.has('package')) await packageBench();

const fmt = (v, unit = 'ms') => (v === undefined ? '' : unit === 'ms' ? `${v.toFixed(0)} ms` : unit === 'MiB' || unit === 'MB' || unit === 'packages' || unit === 's' ? `${v.toFixed(unit === 's' ? 1 : 0)} ${unit}` : v.toFixed(2));
const table = [
  ['what', 'lm-post', 'peer', 'peer value', 'ratio', 'goal', ''],
  ...rows.map((r) => [
    r.what,
    r.what.includes('growth') ? `${r.s.toFixed(2)}×` : fmt(r.s, r.unit),
    r.peerName,
    fmt(r.p, r.unit),
    r.abs ? '' : r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.goal === null ? '' : r.goal === undefined ? '(floor)' : r.abs ? `≤ ${r.goal} ${r.unit ?? 'MiB'}` : `≤ ${r.goal}×`,
    r.ok === undefined ? '' : r.ok ? 'ok' : 'NOT MET',
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((l) => String(l[i]).length)));
console.log(`node ${process.version}, ${os.cpus().length} CPU, ${os.cpus()[0]?.model ?? ''}; medians of ${RUNS} alternating runs after a warm-up; peak RSS = max over runs`);
for (const [i, l] of table.entries()) {
  console.log(l.map((c, j) => (j === 0 || j === 2 ? String(c).padEnd(widths[j]) : String(c).padStart(widths[j]))).join('  ').trimEnd());
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
rmSync(work, { recursive: true, force: true });
process.exitCode = rows.some((r) => r.ok === false) ? 1 : 0;

async function publishBench() {
  const base = path.join(work, 'pub-base');
  generateQueue(base, 50);
  // Approved by a validator who wrote none of them (live-tweets need no review: trained author).
  await once({ args: [bin, 'approve', '--all', '--as', 'dominique'], cwd: base });
  const dir = path.join(work, 'pub');
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(base, dir, { recursive: true });
  };
  const run = (extra = [], latency = LATENCY_MS) => ({
    args: [...extra, bin, 'publish', '--sandbox', '--ignore-schedule'],
    cwd: dir,
    env: { LM_POST_SANDBOX_LATENCY_MS: String(latency) },
    before: fresh,
  });
  // The critical path: the busiest network's requests × latency. A counting run (no latency)
  // loads a bench-only preload that counts the requests each embedded emulator serves.
  const counted = await onceCounting(run(['--import', path.join(root, 'bench', 'count-requests.mjs')], 0));
  const busiest = Math.max(...counted);
  const pub = await pair(run());
  return { pub, criticalMs: busiest * LATENCY_MS, counts: `${counted.join(' + ')} requests` };
}

async function onceCounting(spec) {
  const file = path.join(work, 'requests.json');
  rmSync(file, { force: true });
  await once({ ...spec, env: { ...spec.env, LM_POST_BENCH_COUNT_FILE: file } });
  const { readFileSync } = await import('node:fs');
  const counts = JSON.parse(readFileSync(file, 'utf8'));
  if (!counts.length) throw new Error('bench: the publish run made no request');
  return counts.sort((a, b) => b - a);
}

/**
 * The package as others install it (SPEC §18): `npm pack` of a copy of the sources (prepack
 * builds it), the tarball installed into a temporary prefix (its size: goal ≤ 100 MB, and its
 * package count), and the `npm ci` the action runs, now (production dependencies of a built
 * release) against before (every dev dependency, as the action did until 0.1.0), and the
 * production install of the dependencies as they were at ae9ddc8 (mjml, twitter-text and the
 * Facebook SDK at run time). One run each: these are minutes of network and disk, not
 * milliseconds.
 */
async function packageBench() {
  const { execFileSync } = await import('node:child_process');
  const { mkdirSync, readdirSync, statSync, symlinkSync } = await import('node:fs');
  const npmEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
  const npm = (args, cwd) => {
    const t0 = process.hrtime.bigint();
    execFileSync('npm', args, { cwd, env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const du = (dir) => {
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) n += du(p);
      else if (e.isFile()) n += statSync(p).blocks * 512; // disk usage, as `du` counts it
    }
    return n;
  };
  const packages = (nm) => {
    let n = 0;
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory() || e.name.startsWith('.')) continue;
        const p = path.join(dir, e.name);
        if (e.name.startsWith('@')) walk(p);
        else {
          n++;
          try {
            walk(path.join(p, 'node_modules'));
          } catch {
            /* no nested modules */
          }
        }
      }
    };
    walk(nm);
    return n;
  };
  console.error('bench: package — npm pack, install into a temporary prefix, npm ci (one run each)…');
  const src = path.join(work, 'pkg-src');
  mkdirSync(src);
  const SKIP = new Set(['node_modules', 'dist', '.git', 'test', 'bench', 'docs', 'queue', '.lm-post', '.ci', 'coverage']);
  for (const name of readdirSync(root)) if (!SKIP.has(name)) cpSync(path.join(root, name), path.join(src, name), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  npm(['pack', '--pack-destination', work], src);
  const tgz = path.join(work, readdirSync(work).find((n) => /^lm-post-.*\.tgz$/.test(n)));
  const prefix = path.join(work, 'pkg-prefix');
  const tInstall = npm(['i', '-g', '--prefix', prefix, tgz], work);
  const installed = path.join(prefix, 'lib', 'node_modules', 'lm-post');
  const sizeMb = du(installed) / 1e6;
  const count = packages(path.join(installed, 'node_modules'));

  const ci = (name, pkg, lock, omitDev) => {
    const dir = path.join(work, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), pkg);
    writeFileSync(path.join(dir, 'package-lock.json'), lock);
    const s = npm(['ci', ...(omitDev ? ['--omit=dev'] : [])], dir);
    return { s, mb: du(path.join(dir, 'node_modules')) / 1e6, count: packages(path.join(dir, 'node_modules')) };
  };
  const { readFileSync } = await import('node:fs');
  const pkgNow = readFileSync(path.join(root, 'package.json'), 'utf8');
  const lockNow = readFileSync(path.join(root, 'package-lock.json'), 'utf8');
  const prod = ci('ci-prod', pkgNow, lockNow, true);
  const dev = ci('ci-dev', pkgNow, lockNow, false);
  let before;
  try {
    const show = (f) => execFileSync('git', ['show', `ae9ddc8:${f}`], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    before = ci('ci-before', show('package.json'), show('package-lock.json'), true);
  } catch (e) {
    console.error(`bench: no "before" install (${String(e.message).split('\n')[0]})`);
  }
  // The action on a release ref, from a fresh clone: clone (local, so without GitHub's network
  // time), the release's dist/ in place, npm ci --omit=dev, then a check of the example queue.
  const t0 = process.hrtime.bigint();
  const clone = path.join(work, 'action-clone');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, clone], { env: npmEnv });
  cpSync(path.join(root, 'dist'), path.join(clone, 'dist'), { recursive: true });
  npm(['ci', '--omit=dev'], clone);
  // It ran when it judged the queue: 0 (no problem) or 1 (problems found, as dated examples have).
  const { spawnSync } = await import('node:child_process');
  const ran = spawnSync(process.execPath, [path.join(clone, 'bin', 'lm-post'), 'check'], { cwd: clone, env: { ...npmEnv, NO_COLOR: '1' }, encoding: 'utf8' });
  if (ran.status !== 0 && ran.status !== 1) throw new Error(`bench: lm-post check from the fresh clone exited ${ran.status}: ${ran.stderr}`);
  const fromClone = Number(process.hrtime.bigint() - t0) / 1e9;
  rows.push({ what: 'action: fresh clone → check ran', s: fromClone, unit: 's', peerName: '', p: undefined, ratio: undefined, goal: null, abs: true });
  rows.push({ what: 'installed size (du), npm i -g tarball', s: sizeMb, unit: 'MB', peerName: before ? 'prod deps at ae9ddc8' : '', p: before?.mb, ratio: undefined, goal: 100, ok: sizeMb <= 100, abs: true });
  rows.push({ what: '  packages installed', s: count, unit: 'packages', peerName: before ? 'prod deps at ae9ddc8' : '', p: before?.count, ratio: undefined, goal: null, abs: true });
  rows.push({ what: '  npm i -g of the tarball', s: tInstall, unit: 's', peerName: '', p: undefined, ratio: undefined, goal: null, abs: true });
  rows.push({ what: 'npm ci --omit=dev (action now)', s: prod.s, unit: 's', peerName: 'npm ci, dev deps (before)', p: dev.s, ratio: undefined, goal: null, abs: true });
  rows.push({ what: '  its node_modules', s: prod.mb, unit: 'MB', peerName: 'npm ci, dev deps (before)', p: dev.mb, ratio: undefined, goal: null, abs: true });
  if (before) rows.push({ what: '  npm ci --omit=dev at ae9ddc8', s: before.s, unit: 's', peerName: '', p: undefined, ratio: undefined, goal: null, abs: true });
}
