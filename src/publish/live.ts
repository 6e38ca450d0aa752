// The live run (`lm-post live`, SPEC §11): the items of a thread that are not out yet go to its
// networks as they are typed. Same pool, journal, receipts and guarantees as `publish`: each network
// goes through the journal loop, which replays the journal, so only the new items are sent, as
// replies to the last one — and a crash at any point followed by a rerun never sends an item twice.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Charter, NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { ValidPost } from '../post/read.js';
import { redact, refuseLeakyDebugSwitches, secretValues } from './credentials.js';
import type { RunEvent } from './events.js';
import { publishToNetwork } from './journal-loop.js';
import { acquirePublishLock } from './lock.js';
import { stateDirFor } from './paths.js';
import { registryPool } from './pool.js';
import { fileReceipts, sandboxReceipts } from './receipts.js';
import { checkCredentials } from './run.js';
import { isCutThread } from './thread-cut.js';
import type { NetworkOutcome } from './types.js';

export interface LiveRunOptions {
  charter: Charter;
  queueDir: string;
  env: NodeJS.ProcessEnv;
  sandbox: boolean;
  networks: readonly NetworkId[];
  timeoutMs: number;
  /** How long a send waits for the publish lock (a scheduled publish, a dead run's stale lock). */
  lockWaitMs?: number;
}

export interface LiveRun {
  /** Publishes the post's items not out yet to every network, one network after the other. */
  sendNext(post: ValidPost, queueDir: string, onEvent: (e: RunEvent) => void): Promise<NetworkOutcome[]>;
  close(): Promise<void>;
}

/** Opens what a live session sends through: the sandbox when asked, the checked credentials, the pool. */
export async function openLiveRun(o: LiveRunOptions): Promise<LiveRun> {
  refuseLeakyDebugSwitches(o.env);
  const stateDir = stateDirFor(o.queueDir, o.sandbox);
  let sandbox: { env: Record<string, string>; close(): Promise<void> } | undefined;
  let env = o.env;
  if (o.sandbox) {
    const { startSandbox } = await import('../sandbox/index.js');
    sandbox = await startSandbox({ stateDir: path.join(stateDir, 'state'), organisation: o.charter.organisation });
    env = { ...o.env, ...sandbox.env };
  }
  try {
    checkCredentials(o.charter, o.networks, env, 'live');
  } catch (e) {
    await sandbox?.close();
    throw e;
  }
  const secrets = secretValues(env);
  const pool = registryPool(o.charter, env, o.timeoutMs);
  const receipts = o.sandbox ? sandboxReceipts(path.join(stateDir, 'receipts')) : fileReceipts;
  const clean = (s: string) => redact(s, secrets);
  /** The networks still in the session: one that cut the thread short (thread-cut.ts) leaves it. */
  const active = [...o.networks];
  return {
    async sendNext(post, queueDir, onEvent) {
      // Under the publish lock, item by item: a scheduled publish or a second live session on the
      // same queue waits instead of racing for the same journal. A session restarted right after
      // a crash finds the dead run's lock until it goes stale (15 s).
      const release = await lockWithin(stateDir, o.lockWaitMs ?? 20_000);
      try {
        const out: NetworkOutcome[] = [];
        for (const n of [...active]) {
          const outcome = await publishToNetwork(post, n, {
            charter: o.charter,
            queueDir,
            journalDir: path.join(stateDir, 'journal'),
            receipts,
            pool,
            now: () => new Date(),
            signal: new AbortController().signal,
            redact: clean,
            onEvent: (e) => {
              if (e.type === 'created') onEvent({ type: 'item-sent', post: post.id, network: e.network, item: e.item, items: e.items, url: e.url, ...(e.reconciled ? { reconciled: true } : {}) });
              if (e.type === 'wait') onEvent({ type: 'waiting', post: post.id, network: e.network, ms: e.ms, reason: e.reason });
            },
          });
          out.push(outcome);
          if (isCutThread(outcome)) active.splice(active.indexOf(n), 1);
        }
        // Said once every network is done, in the networks' order.
        for (const outcome of out) onEvent({ type: 'post-done', entry: { post: post.id, file: post.file, outcome } });
        return out;
      } finally {
        await release();
      }
    },
    async close() {
      await pool.close();
      await sandbox?.close();
    },
  };
}

async function lockWithin(stateDir: string, ms: number): Promise<() => Promise<void>> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await acquirePublishLock(stateDir);
    } catch (e) {
      if (!(e instanceof LmPostError && e.exitCode === ExitCode.locked) || Date.now() > until) throw e;
      await sleep(500);
    }
  }
}
