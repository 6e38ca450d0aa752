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
    let last = Date.now();
    // Counted from the start: a selection that never yields shows one pause as long as itself.
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const t0 = Date.now();
    const out = await selectPosts({ charter, queueDir: queue, cwd: root, lang: 'en', now: new Date('2026-12-01T10:00:00Z'), files, queueFiles: files, receipts: fileReceipts });
    const total = Date.now() - t0;
    clearInterval(timer);
    maxGap = Math.max(maxGap, Date.now() - last);
    expect(out).toHaveLength(N);
    // The whole selection takes far longer than any pause it imposes on timers.
    expect(maxGap, `selection took ${total} ms, longest pause ${maxGap} ms`).toBeLessThan(total / 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
