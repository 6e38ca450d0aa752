// Publishing the items of a thread that are not out yet (live-tweeting, SPEC §11). Each network
// goes through publishToNetwork, which replays the journal: items already created are reused,
// so only the new ones are sent, as replies to the last one — and a crash at any point followed
// by a rerun never sends an item twice.
import type { NetworkId } from '../charter/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, LmPostError } from '../errors.js';
import { acquirePublishLock } from './lock.js';
import { type NetworkOutcome, type PublishContext, publishToNetwork, type ValidPost } from './publisher.js';

export async function publishNextItems(post: ValidPost, networks: readonly NetworkId[], ctx: PublishContext & { stateDir: string; lockWaitMs?: number }): Promise<NetworkOutcome[]> {
  // Under the publish lock, item by item: a scheduled publish or a second live session on the
  // same queue waits instead of racing for the same journal.
  // A session restarted right after a crash finds the dead run's lock until it goes stale (15 s).
  const release = await lockWithin(ctx.stateDir, ctx.lockWaitMs ?? 20_000);
  try {
    const out: NetworkOutcome[] = [];
    for (const n of networks) out.push(await publishToNetwork(post, n, ctx));
    return out;
  } finally {
    await release();
  }
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
