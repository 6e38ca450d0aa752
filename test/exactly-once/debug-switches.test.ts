// Issue 6, defect 6: NODE_DEBUG=http (https, net, fetch, undici) and DEBUG=* make Node or the SDKs
// print tokens in full on stderr. They are read at process start, so a publish refuses to start
// with them (saying to use LM_POST_DEBUG=1, which stays safe) and sends nothing.
import { describe, expect, it } from 'vitest';
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
      expect(r.stderr).toMatch(/nothing was published/);
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
