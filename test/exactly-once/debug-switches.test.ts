// Issue 6, defect 6: NODE_DEBUG=http (https, net, fetch, undici) and DEBUG=* make Node or the SDKs
// print tokens in full on stderr. They are read at process start, so a publish refuses to start
// with them (saying to use LM_POST_DEBUG=1, which stays safe) and sends nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../helpers/publish-env.js';
import { publishCli, setup, VEILLE } from './helpers.js';

const SWITCHES: Array<Record<string, string>> = [
  { NODE_DEBUG: 'http' },
  { NODE_DEBUG: 'https' },
  { NODE_DEBUG: 'net' },
  { NODE_DEBUG: 'fetch' },
  { NODE_DEBUG: 'undici' },
  { NODE_DEBUG: 'fs,HTTP*' },
  { DEBUG: '*' },
];

describe('debug switches', () => {
  it.each(SWITCHES)('%o: publish refuses to start and sends nothing', async (env) => {
    const { sb, ws } = await setup(() => undefined, [VEILLE]);
    try {
      const r = await publishCli(ws, sb, [], env);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/LM_POST_DEBUG=1/);
      expect(r.stderr).toMatch(/nothing was sent/);
      expect(sb.requests).toEqual([]);
      for (const [k, v] of Object.entries(sb.env)) if (/TOKEN|SECRET|KEY/.test(k)) expect(r.stdout + r.stderr).not.toContain(v.slice(0, 12));
    } finally {
      await sb.close();
      ws.cleanup();
    }
  });

  it('LM_POST_DEBUG=1 publishes, and NODE_DEBUG naming other modules is harmless', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    const r = await publishCli(ws, sb, [], { LM_POST_DEBUG: '1', NODE_DEBUG: 'fs,module' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(1);
  });
});

// Every command that sends credentials shares the guard (src/publish/credentials.ts).
describe('debug switches, the other senders', () => {
  it.each([
    ['live', ['live', '2026-12-11-livetweet-rencontres-ess-aura', '--sandbox']],
    ['letter --send', ['letter', '--send', '--sandbox']],
    // Issue 21, point 16: doctor tries the credentials against the networks.
    ['doctor', ['doctor']],
    ['doctor --sandbox', ['doctor', '--sandbox']],
  ])('%s refuses to start under NODE_DEBUG=http and sends nothing', async (_name, args) => {
    const ws = makeWorkspace(['2026-12-11-livetweet-rencontres-ess-aura']);
    try {
      const before = ws.read('2026-12-11-livetweet-rencontres-ess-aura');
      const r = await ws.cli(args, { NODE_DEBUG: 'http', LM_POST_NOW: '2026-12-11T10:00:00+01:00' });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/NODE_DEBUG=http ferait afficher les jetons/);
      expect(r.stderr).toMatch(/LM_POST_DEBUG=1/);
      expect(ws.read('2026-12-11-livetweet-rencontres-ess-aura')).toBe(before);
      expect(existsSync(path.join(ws.root, '.lm-post/sandbox/state'))).toBe(false);
    } finally {
      ws.remove();
    }
  });
});
