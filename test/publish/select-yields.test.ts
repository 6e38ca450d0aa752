// Issue 6, defect 7: on a large queue, synchronous selection starved the publish lock's refresh
// timer past its stale limit, and a second run took the lock over. Selection must let timers run.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import { listQueue } from '../../src/post/read.js';
import { selectPosts } from '../../src/publish/publisher.js';
import { fileReceipts } from '../../src/publish/receipts.js';
import { REPO } from '../helpers/cli.js';

it('selecting a large queue never blocks timers for long', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-sel-'));
  try {
    const queue = path.join(root, 'queue');
    mkdirSync(path.join(queue, 'media'), { recursive: true });
    mkdirSync(path.join(root, 'charter'));
    copyFileSync(path.join(REPO, 'charter/charter.yaml'), path.join(root, 'charter/charter.yaml'));
    const src = readFileSync(path.join(REPO, 'queue/2026-12-08-quartier-marche-de-noel-solidaire.yaml'), 'utf8');
    const N = 300;
    for (let i = 0; i < N; i++) writeFileSync(path.join(queue, `2026-12-08-post-${i}.yaml`), src.replace('marché de Noël', `marché de Noël n° ${i}`));
    const charter = loadCharter('charter/charter.yaml', root);
    const files = listQueue(queue);
    // Timer callbacks can only run when selection gives the event loop back: one that never
    // yields lets none run before it ends. (Counted, not timed: robust on a loaded machine.)
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const out = await selectPosts({ charter, queueDir: queue, cwd: root, lang: 'en', now: new Date('2026-12-01T10:00:00Z'), files, queueFiles: files, receipts: fileReceipts });
    const during = ticks;
    clearInterval(timer);
    expect(out).toHaveLength(N);
    expect(during, 'timer callbacks run while the queue is selected').toBeGreaterThanOrEqual(5);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
