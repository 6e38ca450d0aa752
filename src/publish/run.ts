// The publishing run: the one place that owns the lock, the signals (Ctrl-C, SIGTERM, the lock
// taken over), the sandbox thread, the adapter pool, the credential checks (crosspost's rule:
// every needed network is checked before anything is sent) and the lanes. It reports progress as
// RunEvents and returns the summary's data; the commands only format them.
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { hostFor } from '../networks/hosts.js';
import { listQueue } from '../post/read.js';
import { archivedFiles } from '../workflow/archive.js';
import { removeStaleTemporaries } from '../post/write.js';
import { xPlan } from '../render/x-cost.js';
import { missingCredentials, redact, secretValues } from './credentials.js';
import type { RunEvent, RunResult, StopReason } from './events.js';
import { journalsClosed } from './journal.js';
import { runLanes } from './lane.js';
import { acquirePublishLock } from './lock.js';
import { stateDirFor } from './paths.js';
import { registryPool } from './pool.js';
import { fileReceipts, type ReceiptStore, sandboxReceipts } from './receipts.js';
import { type Candidate, selectPosts } from './select.js';
import type { AdapterPool, NetworkOutcome, PublishContext } from './types.js';

export type { RunEvent, RunResult };

export interface PublishRunOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  /** The environment, .env included: credentials and base URLs. */
  env: NodeJS.ProcessEnv;
  sandbox: boolean;
  /** Post files named on the command line (resolved); the whole queue when empty. */
  files: string[];
  networks?: NetworkId[];
  ignoreSchedule?: boolean;
  timeoutMs: number;
  now: Date;
  onEvent(e: RunEvent): void;
}

/** The networks the posts that go out still need. */
export function neededBy(cs: readonly Candidate[]): NetworkId[] {
  return [...new Set(cs.filter((c) => !c.skip).flatMap((c) => c.pending))];
}

/** Throws before anything is sent when a needed network lacks a credential (`live`'s wording is shorter). */
export function checkCredentials(charter: Charter, needed: readonly NetworkId[], env: NodeJS.ProcessEnv, wording: 'publish' | 'live' = 'publish'): void {
  const missing = needed.flatMap((n) => missingCredentials(n, env));
  if (!missing.length) return;
  if (wording === 'live') {
    throw new LmPostError(
      'missing-credentials',
      { fr: 'Identifiants manquants : {{vars}} (environnement ou .env). Pour essayer sans compte : --sandbox.', en: 'Missing credentials: {{vars}} (environment or .env). To try without an account: --sandbox.' },
      { vars: missing.join(', ') },
      ExitCode.usage,
    );
  }
  throw new LmPostError(
    'missing-credentials',
    {
      fr: 'Identifiants manquants pour publier sur {{networks}}. Définissez ces variables (environnement ou fichier .env) : {{vars}}. Pour essayer sans compte : lm-post publish --sandbox.',
      en: 'Missing credentials to publish to {{networks}}. Set these variables (environment or .env file): {{vars}}. To try without an account: lm-post publish --sandbox.',
    },
    { networks: needed.filter((n) => missingCredentials(n, env).length).map((n) => charter.networks[n]?.label ?? n).join(', '), vars: missing.join(', ') },
    ExitCode.usage,
  );
}

/**
 * Stopped from outside: Ctrl-C / SIGTERM, or the lock taken over by another run (this one stalled
 * past the stale limit). In-flight requests are cancelled (their journal intent makes the next run
 * look before re-sending), nothing more is started, and the summary says what was done.
 */
export interface RunStop {
  signal: AbortSignal;
  reason(): StopReason | undefined;
  /** For the lock: another run took it over. */
  compromised(): void;
  /** Ctrl-C / SIGTERM handlers removed. */
  off(): void;
}

export function stopOnSignals(): RunStop {
  const abort = new AbortController();
  let stopped: StopReason | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopped === 'interrupted') process.exit(sig === 'SIGINT' ? 130 : 143); // a second Ctrl-C: now
    stopped ??= 'interrupted';
    abort.abort(new Error(`interrupted (${sig})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    reason: () => stopped,
    compromised() {
      stopped ??= 'compromised';
      abort.abort(new Error('lock compromised'));
    },
    off() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

type RunningSandbox = { env: Record<string, string>; close(): Promise<void> };

/** Publish every due post of the selection to its networks, exactly once. */
export async function publishPosts(o: PublishRunOptions): Promise<RunResult> {
  const sandboxDir = stateDirFor(o.queueDir, true);
  const stateDir = stateDirFor(o.queueDir, o.sandbox);
  const receipts: ReceiptStore = o.sandbox ? sandboxReceipts(path.join(sandboxDir, 'receipts')) : fileReceipts;
  // Duplicate detection reads the archive too (SPEC §17); only `files` are ever published.
  const queueFiles = [...listQueue(o.queueDir), ...archivedFiles(o.queueDir)];
  const select = () => selectPosts({ charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now, files: o.files, queueFiles, receipts, ignoreSchedule: o.ignoreSchedule ?? false, ...(o.networks ? { networks: o.networks } : {}) });
  // A run that would stop half-way for a missing token must not start — nor leave anything behind.
  if (!o.sandbox) checkCredentials(o.charter, neededBy(await select()), o.env);

  let stop: RunStop | undefined;
  const release = await acquirePublishLock(stateDir, { onCompromised: () => stop?.compromised() });
  // Temporaries of writes killed halfway must not stay in queue/ (the CI recipe commits it).
  removeStaleTemporaries(o.queueDir);
  stop = stopOnSignals();
  let sandbox: RunningSandbox | undefined;
  let sandboxStart: Promise<RunningSandbox> | undefined;
  let pool: AdapterPool | undefined;
  const result: RunResult = { candidates: [], outcomes: [] };
  try {
    if (o.sandbox) {
      // The sandbox plays the X plan the charter declares, so that it refuses what X would. Its
      // emulators run in a worker thread, beside the publisher's event loop as real servers are;
      // it starts (on the other core) while the posts are selected, and is used only if one is due.
      sandboxStart = import('../sandbox/thread.js').then((m) => m.startSandboxThread({ stateDir: path.join(sandboxDir, 'state'), twitterPlan: xPlan(o.charter), organisation: o.charter.organisation }));
      sandboxStart.catch(() => undefined); // its failure matters only once it is awaited
    }
    // Selected again under the lock: another run may have published meanwhile.
    result.candidates = await select();
    for (const c of result.candidates) if (c.skip) o.onEvent({ type: 'post-skipped', post: c.post.id, reason: c.skip });
    const needed = neededBy(result.candidates);
    let env = o.env;
    if (sandboxStart && needed.length) {
      sandbox = await sandboxStart;
      env = { ...o.env, ...sandbox.env };
    }
    checkCredentials(o.charter, needed, env);
    pool = registryPool(o.charter, env, o.timeoutMs);
    result.outcomes = await lanesOf(o, result.candidates, needed, env, pool, receipts, stateDir, stop.signal);
  } finally {
    stop.off();
    // Every journal synced and closed (the lanes did not wait for their last entries) while the
    // lock is still held, before the summary.
    await journalsClosed();
    // What the adapters were billed for (the summary prices it), read before they are closed.
    const billed = await pool?.billed?.().catch(() => undefined);
    if (billed) result.billed = billed;
    await pool?.close();
    await sandbox?.close();
    // Started but not needed (nothing due), or not awaited because selection failed.
    if (!sandbox) await sandboxStart?.then((s) => s.close(), () => undefined);
    await release();
  }
  const reason = stop.reason();
  if (reason) result.stopped = reason;
  o.onEvent({ type: 'finished', result });
  return result;
}

/** The lanes of a run whose credentials are checked: progress turned into RunEvents. */
async function lanesOf(o: PublishRunOptions, candidates: Candidate[], needed: NetworkId[], env: NodeJS.ProcessEnv, pool: AdapterPool, receipts: ReceiptStore, stateDir: string, signal: AbortSignal) {
  const todo = candidates.filter((c) => !c.skip);
  const secrets = secretValues(env);
  const clean = (s: string) => redact(s, secrets);
  o.onEvent({ type: 'run-started', posts: todo.length, sandbox: o.sandbox });
  /** Images uploaded ahead by the lanes (see prefetchMedia), shared by the run. */
  const prefetched = new Map<string, Promise<string[]>>();
  const contextFor = (c: Candidate): PublishContext => ({
    charter: o.charter,
    queueDir: o.queueDir,
    journalDir: path.join(stateDir, 'journal'),
    receipts,
    pool,
    now: () => new Date(),
    signal,
    settleMs: Math.min(5_000, Math.max(2_000, o.timeoutMs)),
    redact: clean,
    prefetched,
    onEvent: (e) => {
      if (e.type === 'created') o.onEvent({ type: 'item-sent', post: c.post.id, network: e.network, item: e.item, items: e.items, url: e.url, ...(e.reconciled ? { reconciled: true } : {}) });
      else if (e.type === 'wait') o.onEvent({ type: 'waiting', post: c.post.id, network: e.network, ms: e.ms, reason: clean(e.reason) });
      else if (e.type === 'network-failed') o.onEvent({ type: 'item-failed', post: c.post.id, network: e.network, message: e.message, kind: e.kind });
      else if (e.type === 'needs-human') o.onEvent({ type: 'item-failed', post: c.post.id, network: e.network, item: e.item, message: e.reason, kind: 'unknown-outcome', needsHuman: true });
    },
  });
  const finish = (network: NetworkId, outcome: NetworkOutcome): NetworkOutcome => {
    if (outcome.message) outcome.message = clean(outcome.message);
    if (outcome.failure) {
      const host = hostFor(network, env, o.charter);
      if (host) outcome.failure.host = host;
    }
    return outcome;
  };
  return runLanes({ todo, needed, pool, signal, contextFor, finish, onEvent: o.onEvent });
}
