// "No token ever appears in output, logs, journals, receipts or error messages" (SPEC §8), even
// when a network's error body echoes credentials back: each emulator refuses the create (or the
// photo upload) with every sandbox secret in its error message.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult } from '../helpers/cli.js';
import { makeWorkspace, Q, readTree, sandboxEnv, secrets, setPublishAt, type Workspace } from '../helpers/publish-env.js';

const IDS = [Q.veilleGuide, Q.bureau];
const OWN: Record<string, string[]> = {
  twitter: ['LM_POST_TWITTER_APP_KEY', 'LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_TWITTER_ACCESS_SECRET'],
  mastodon: ['LM_POST_MASTODON_TOKEN'],
  facebook: ['LM_POST_FACEBOOK_PAGE_TOKEN', 'LM_POST_FACEBOOK_APP_SECRET'],
};

let sb: Sandbox;
let ws: Workspace;
let run: CliResult;
let files: Record<string, string>;

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  sb = await startSandbox();
  ws = makeWorkspace(IDS, { [Q.veilleGuide]: setPublishAt(undefined), [Q.bureau]: setPublishAt(undefined) });
  const a = await ws.cli(['approve', ...IDS, '--as', 'sacha']);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  const echo = secrets(sb).join(' ');
  sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'status', status: 403, body: { title: 'Forbidden', detail: `Forbidden: ${echo}`, type: 'about:blank', status: 403 } } });
  sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'status', status: 422, body: { error: `Validation failed: ${echo}` } } });
  sb.addFault({ network: 'facebook', method: 'POST', path: /\/photos$/, action: { kind: 'status', status: 400, body: { error: { message: `Invalid: ${echo}`, type: 'OAuthException', code: 100 } } } });
  run = await ws.cli(['publish'], sandboxEnv(sb));
  files = {
    ...Object.fromEntries(IDS.map((id) => [`queue/${id}.yaml`, ws.read(id)])),
    ...Object.fromEntries(Object.entries(readTree(path.join(ws.root, '.lm-post'))).map(([k, v]) => [`.lm-post/${k}`, v])),
  };
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
});

describe('credentials echoed by a network’s error never leak', () => {
  it('each network fails with a clear message, exit 1', () => {
    expect(crashSigns(run)).toEqual([]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^✗ .* → X \(Twitter\) {2}X \(Twitter\) refuse .*\n {4}détail du réseau : X refused the request \(403\)/m);
    expect(run.stdout).toMatch(/^✗ .* → Mastodon {2}Mastodon refuse la publication \(422\).*\n {4}détail du réseau : Mastodon refused the request \(422\)/m);
    expect(run.stdout).toMatch(/^✗ .* → Facebook {2}Facebook refuse la publication \(400\).*\n {4}détail du réseau : Facebook refused the request \(code 100, HTTP 400\)/m);
    expect(run.stdout).toContain('3 échec(s)');
  });

  it('no secret in stdout or stderr', () => {
    for (const s of secrets(sb)) {
      expect(run.stdout.includes(s), s).toBe(false);
      expect(run.stderr.includes(s), s).toBe(false);
    }
    expect(run.stdout).toContain('[redacted]');
  });

  it('no network’s own secret in the post files or the journal', () => {
    expect(Object.keys(files).filter((k) => k.startsWith('.lm-post/journal/'))).toHaveLength(2);
    for (const [name, text] of Object.entries(files)) {
      for (const line of text.split('\n').filter(Boolean)) {
        const network = name.startsWith('.lm-post/journal/') ? (JSON.parse(line) as { network: string }).network : undefined;
        for (const k of network ? OWN[network]! : Object.values(OWN).flat()) expect(line.includes(sb.env[k]!), `${k} in ${name}`).toBe(false);
      }
    }
  });

  it('no secret at all in the journal', () => {
    for (const [name, text] of Object.entries(files)) for (const s of secrets(sb)) expect(text.includes(s), `${s} in ${name}`).toBe(false);
  });
});
