// npm run bench — start-up and check speed/memory, measured on whole CLI runs (subprocesses),
// as users and CI experience them. Targets are checked here, never in unit tests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'lm-post');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// Peak RSS of the child, read from its own resource usage at exit.
const probe = path.join(os.tmpdir(), `lm-post-bench-rss-${process.pid}.cjs`);
writeFileSync(probe, "process.on('exit',()=>{require('fs').writeSync(2,'\\nRSS_KB='+process.resourceUsage().maxRSS+'\\n')})\n");

function measure(args, cwd) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', probe, bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const m = /RSS_KB=(\d+)/.exec(r.stderr);
    if (m) rss = Math.max(rss, Number(m[1]));
    if (r.status !== 0 && r.status !== 1) throw new Error(`lm-post ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], rssMb: rss / 1024 };
}

// A large queue: the example posts repeated with distinct texts (so duplicate does not fire).
function bigQueue(n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-bench-'));
  cpSync(path.join(root, 'charter'), path.join(dir, 'charter'), { recursive: true });
  cpSync(path.join(root, 'queue', 'media'), path.join(dir, 'queue', 'media'), { recursive: true });
  const posts = readdirSync(path.join(root, 'queue')).filter((f) => f.endsWith('.yaml'));
  for (let i = 0; i < n; i++) {
    const src = posts[i % posts.length];
    const text = readFileSync(path.join(root, 'queue', src), 'utf8').replace(/^text: \|\n  /m, `text: |\n  (${i}) `);
    writeFileSync(path.join(dir, 'queue', `${String(i).padStart(4, '0')}-${src}`), text);
  }
  return dir;
}

const targets = [
  { name: 'lm-post --help', args: ['--help'], cwd: root, maxMs: 250, maxMb: 120 },
  { name: 'check, example queue (15 posts)', args: ['check'], cwd: root, maxMs: 700, maxMb: 150 },
];
const big = bigQueue(300);
targets.push({ name: 'check, 300 posts', args: ['check', '--format', 'json'], cwd: big, maxMs: 6000, maxMb: 300 });

let failed = false;
console.log(`node ${process.version}, ${os.cpus().length} CPU, ${RUNS} runs each (median)`);
for (const t of targets) {
  const r = measure(t.args, t.cwd);
  const ok = r.median <= t.maxMs && r.rssMb <= t.maxMb;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'SLOW'} ${t.name.padEnd(34)} ${r.median.toFixed(0).padStart(6)} ms (min ${r.min.toFixed(0)}, target ≤ ${t.maxMs})  ${r.rssMb.toFixed(0).padStart(4)} MB peak (≤ ${t.maxMb})`,
  );
}
rmSync(big, { recursive: true, force: true });
rmSync(probe, { force: true });
process.exitCode = failed ? 1 : 0;
