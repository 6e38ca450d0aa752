// The sandbox can add a fixed latency to every request (the publish bench uses 50 ms), from
// SandboxOptions.latencyMs or LM_POST_SANDBOX_LATENCY_MS for `lm-post publish --sandbox`.
import { describe, expect, it } from 'vitest';
import { sandboxLatency, startSandbox } from '../../src/sandbox/index.js';
import { LmPostError } from '../../src/errors.js';
import { rmSync } from 'node:fs';
import { CHARTER, runCli, tempWorkspace } from '../helpers/cli.js';

describe('sandbox latency', () => {
  it('every request waits at least the latency before its answer', async () => {
    const sb = await startSandbox({ latencyMs: 150 });
    try {
      const t0 = performance.now();
      const r = await fetch(`${sb.urls.mastodon}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${sb.env.LM_POST_MASTODON_TOKEN}` } });
      expect(r.status).toBe(200);
      // A lower bound only: speed is measured by the bench, never here.
      expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    } finally {
      await sb.close();
    }
  });

  it('LM_POST_SANDBOX_LATENCY_MS: whole milliseconds from 0 to 60000, anything else is a usage error', async () => {
    expect(sandboxLatency({})).toBe(0);
    expect(sandboxLatency({ LM_POST_SANDBOX_LATENCY_MS: '50' })).toBe(50);
    for (const bad of ['abc', '-5', '1.5', '60001']) expect(() => sandboxLatency({ LM_POST_SANDBOX_LATENCY_MS: bad })).toThrow(LmPostError);
    const ws = tempWorkspace({ 'queue/live.yaml': 'type: livetweet\nauthor: ines\ntext: Nous sommes aux Rencontres de l’ESS.\nevent: { name: Rencontres }\n' });
    try {
      const cli = (...a: string[]) => runCli([...a, '--lang', 'en', '--queue', 'queue', '--charter', CHARTER], { cwd: ws.root, env: { LM_POST_SANDBOX_LATENCY_MS: 'abc' } });
      expect((await cli('approve', '--all', '--as', 'dominique')).code).toBe(0);
      const r = await cli('publish', '--sandbox', '--ignore-schedule');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('LM_POST_SANDBOX_LATENCY_MS must be a whole number of milliseconds');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(ws.root, { recursive: true, force: true });
    }
  });
});
