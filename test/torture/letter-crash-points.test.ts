// Torture suite for the letter (issue 21, point 1): the SMTP conversation cut at each of its stages —
// before MAIL, after RCPT (with and without PIPELINING), after DATA's "." (nothing kept), once the
// relay kept the message but before its "250", and after the "250" — by the relay dropping the
// connection, and by SIGKILL of lm-post at the same moment. Then a human settles what is unknown from
// the relay's mailbox (as the message tells them to), and `letter --send` runs again against a
// healthy relay. Every case must end with exactly one message, 0 duplicates, and no letter marked
// sent that the relay does not hold.
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startSmtpSandbox, type SmtpFaultStage } from '../../src/sandbox/smtp.js';
import { BIN, cleanEnv, crashSigns } from '../helpers/cli.js';
import { approveInProcess, emlFiles, exampleWorkspace, FORTNIGHT, type Ws } from '../letter/helpers.js';
import { pool } from './helpers.js';

interface Case {
  at: SmtpFaultStage;
  how: 'drop' | 'kill';
  pipelining: boolean;
  /** Exit code of the interrupted run when the relay drops (a kill has none). */
  exit?: number;
}

const CASES: Case[] = [
  { at: 'connect', how: 'drop', pipelining: true, exit: 1 },
  { at: 'mail', how: 'drop', pipelining: true, exit: 1 },
  { at: 'rcpt', how: 'drop', pipelining: false, exit: 1 },
  // With PIPELINING the relay answers DATA (354) along with RCPT: the body may have started.
  { at: 'rcpt', how: 'drop', pipelining: true, exit: 3 },
  { at: 'data-end', how: 'drop', pipelining: true, exit: 3 },
  { at: 'before-250', how: 'drop', pipelining: true, exit: 3 },
  { at: 'after-250', how: 'drop', pipelining: true, exit: 0 },
  ...(['connect', 'mail', 'rcpt', 'data-end', 'before-250', 'after-250'] as const).map((at) => ({ at, how: 'kill' as const, pipelining: true })),
];

interface Outcome {
  name: string;
  firstExit: number | null;
  messages: number;
  wronglySent: number;
  problems: string[];
}

const recordOf = (ws: Ws) => path.join(ws.queue, 'letters', '2026-11-30.yaml');
const receiptOf = (ws: Ws): unknown => (existsSync(recordOf(ws)) ? YAML.parse(readFileSync(recordOf(ws), 'utf8'))?.sent : undefined);

async function runCase(c: Case, onFinished: (fn: () => void) => void): Promise<Outcome> {
  const name = `${c.how} at ${c.at}${c.pipelining ? '' : ' (no PIPELINING)'}`;
  const o: Outcome = { name, firstExit: null, messages: 0, wronglySent: 0, problems: [] };
  const ws = exampleWorkspace(onFinished);
  await approveInProcess(ws);
  const dir = path.join(ws.root, 'relay');
  const env = (port: number) => ({ LM_POST_SMTP_URL: `smtp://lettre:S3cret-relay-pass@127.0.0.1:${port}`, LM_POST_LETTER_TO: 'membres@example.org' });
  let child: ReturnType<typeof spawn> | undefined;
  const faulty = await startSmtpSandbox({
    dir,
    noPipelining: !c.pipelining,
    // A kill stops the relay there too (silence), so the client cannot run ahead of the signal.
    fault: { at: c.at, do: c.how === 'drop' ? 'drop' : 'silence' },
    onStage: (stage) => {
      if (c.how === 'kill' && stage === c.at) child?.kill('SIGKILL');
    },
  });
  try {
    child = spawn(process.execPath, [BIN, 'letter', ...FORTNIGHT, '--send'], { cwd: ws.root, env: cleanEnv(env(faulty.port)), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b));
    child.stderr!.on('data', (b: Buffer) => (out += b));
    const first = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.on('close', (code, signal) => resolve({ code, signal })));
    o.firstExit = first.code;
    if (c.how === 'drop' && first.code !== c.exit) o.problems.push(`first run exit ${first.code}, expected ${c.exit}: ${out.trim()}`);
    if (c.how === 'kill' && first.signal !== 'SIGKILL') o.problems.push(`not killed (exit ${first.code}): ${out.trim()}`);
    if (crashSigns({ stdout: out, stderr: '' }).length) o.problems.push(`crash signs: ${out}`);
    if (out.includes('S3cret')) o.problems.push('password shown');
    if (receiptOf(ws) && emlFiles(dir).length === 0) o.wronglySent++;
  } finally {
    await faulty.close();
  }
  // The dead run's lock is stale.
  const lock = path.join(ws.root, '.lm-post', 'publish.lock');
  if (existsSync(lock)) utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

  const healthy = await startSmtpSandbox({ dir });
  try {
    for (let round = 0; round < 3 && !receiptOf(ws); round++) {
      const r = await ws.run(['letter', ...FORTNIGHT, '--send'], { env: env(healthy.port) });
      if (r.stdout.includes('S3cret') || r.stderr.includes('S3cret')) o.problems.push('password shown');
      if (r.code === 3) {
        // The human looks in the relay's mailbox, as the message says, and settles it.
        const truth = emlFiles(dir).length > 0 ? 'sent' : 'not-sent';
        const s = await ws.run(['letter', ...FORTNIGHT, '--resolve', truth], { env: env(healthy.port) });
        if (s.code !== 0) o.problems.push(`--resolve ${truth} exit ${s.code}: ${s.stderr}`);
      } else if (r.code !== 0) o.problems.push(`rerun exit ${r.code}: ${r.stdout}${r.stderr}`);
      if (receiptOf(ws) && emlFiles(dir).length === 0) o.wronglySent++;
    }
    if (!receiptOf(ws)) o.problems.push('no receipt after three reruns');
    const again = await ws.run(['letter', ...FORTNIGHT, '--send'], { env: env(healthy.port) });
    if (again.code !== 0) o.problems.push(`last run exit ${again.code}`);
  } finally {
    await healthy.close();
  }
  o.messages = emlFiles(dir).length;
  return o;
}

describe('torture: letter crash points', () => {
  it('the SMTP conversation cut or killed at every stage, then settled and rerun: one message, 0 duplicates, 0 wrongly marked sent', async ({ onTestFinished }) => {
    const outcomes = await pool(
      CASES.map((c) => () => runCase(c, onTestFinished)),
      2,
    );
    const table = outcomes.map((o) => `${o.name.padEnd(34)} first exit ${String(o.firstExit).padEnd(4)} messages ${o.messages} wrongly-sent ${o.wronglySent}${o.problems.length ? ' ✗ ' + o.problems.join(' | ') : ''}`).join('\n');
    const duplicates = outcomes.reduce((n, o) => n + Math.max(0, o.messages - 1), 0);
    const missing = outcomes.filter((o) => o.messages === 0).length;
    const wronglySent = outcomes.reduce((n, o) => n + o.wronglySent, 0);
    expect({ duplicates, missing, wronglySent, problems: outcomes.flatMap((o) => o.problems) }, table).toEqual({ duplicates: 0, missing: 0, wronglySent: 0, problems: [] });
  }, 300_000);
});
