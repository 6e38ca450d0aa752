// A throw-away copy of the repository's charter (with its letter templates) and example queue.
import { DEMO_SIGNING_KEY, demoSigned, signDecision } from '../helpers/keys.js';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, runCli, type CliResult, type RunOptions } from '../helpers/cli.js';
import { EXAMPLE_NOW_MS } from '../setup-clock.js';

export const FORTNIGHT = ['--from', '2026-11-30'];

export interface Ws {
  root: string;
  queue: string;
  run(args: string[], opts?: RunOptions): Promise<CliResult>;
}

export function exampleWorkspace(onFinished: (fn: () => void) => void): Ws {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-letter-'));
  cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
  cpSync(path.join(REPO, 'queue'), path.join(root, 'queue'), { recursive: true });
  rmSync(path.join(root, 'queue', 'letters'), { recursive: true, force: true });
  onFinished(() => rmSync(root, { recursive: true, force: true }));
  return { root, queue: path.join(root, 'queue'), run: (args, opts = {}) => runCli(args, { cwd: root, timeoutMs: 40_000, ...opts }) };
}

export function emlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.eml')).sort().map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Approve the example fortnight's letter in-process (the library path the CLI takes: assemble,
 * digest, record in queue/letters/), to spare a CLI run in tests whose subject is sending.
 */
export async function approveInProcess(ws: Ws, by = 'sacha'): Promise<void> {
  const { loadCharter } = await import('../../src/charter/load.js');
  const { assembleLetter } = await import('../../src/letter/assemble.js');
  const { fortnightOf } = await import('../../src/letter/dates.js');
  const { recordPath, writeRecord } = await import('../../src/letter/record.js');
  const charter = loadCharter('charter/charter.yaml', ws.root);
  const period = fortnightOf('2026-11-30', charter.letter!, charter.timezone);
  const a = await assembleLetter({ charter, queueDir: ws.queue, cwd: ws.root, lang: 'fr', period, now: new Date(EXAMPLE_NOW_MS) });
  if (a.errorCount) throw new Error('the example letter has errors');
  const review = { state: 'approved' as const, by, at: new Date(EXAMPLE_NOW_MS).toISOString(), digest: a.digest };
  // Signed with the demo key, as lm-post letter --approve does for the example validators (SPEC §16).
  const signature = signDecision(DEMO_SIGNING_KEY, { kind: 'letter', from: period.from }, review);
  writeRecord(recordPath(ws.queue, period.from), { from: period.from, to: period.to, review: { ...review, signature } }, a.model.period);
}

/**
 * Approve, in-process and as a validator other than the author, every post of the example queue
 * that goes to a network (SPEC §17: a social post reaches the letter only once approved; letter-only
 * items are approved with the letter). Done through the same decision code as `lm-post approve`.
 */
export async function approveSocialPosts(ws: Ws, only?: (id: string) => boolean): Promise<void> {
  const { loadCharter } = await import('../../src/charter/load.js');
  const { listQueue, readPost } = await import('../../src/post/read.js');
  const { letterOnly } = await import('../../src/letter/membership.js');
  const { updatePostFile } = await import('../../src/post/write.js');
  const { decide } = await import('../../src/workflow/decisions.js');
  const charter = loadCharter('charter/charter.yaml', ws.root);
  for (const f of listQueue(ws.queue)) {
    const post = readPost(f, ws.root);
    if (!post.data || letterOnly(post.data, charter) || (only && !only(post.id))) continue;
    const by = post.data.author === 'dominique' ? 'sacha' : 'dominique';
    // Signed with the demo key, as lm-post approve does for the example validators (SPEC §16).
    const block = demoSigned(post.id, decide(post.data, path.dirname(f), charter, { state: 'approved', by, at: new Date(EXAMPLE_NOW_MS) }));
    updatePostFile(f, Buffer.from(post.bytes).toString('utf8'), 'review', () => block);
  }
}
