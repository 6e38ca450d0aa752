// lm-post connect (SPEC §18): the token set-up, driven with flags (no terminal) and in tmux (a
// real terminal, @inquirer/prompts), against the sandbox emulators over loopback HTTP. Every
// token written is then used, on a sandbox started afresh from the same state, to prove it works;
// no secret ever shows in the output.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLUESKY_APP_PASSWORD, FACEBOOK_TOKEN, GRAPH_VERSION, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { hasTmux, tmuxLmPost } from '../helpers/tmux.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-connect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A fresh project folder from init (its charter names the collective). */
async function project(): Promise<string> {
  const dir = path.join(tmp, `p${++n}`);
  const r = await runCli(['init', dir, '--org', 'La Fabrique du Coin'], { cwd: tmp });
  expect(r.code, r.stderr).toBe(0);
  return dir;
}
const env = (file: string) => parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
const mode = (file: string) => statSync(file).mode & 0o777;
const noSecret = (out: string, values: Record<string, string>, keys: string[]) => {
  for (const k of keys) expect(out, `${k} printed`).not.toContain(values[k]!);
};

/** The Mastodon token, used for real: verify_credentials, then a status, on a sandbox restarted from the same state. */
async function useMastodonToken(dir: string, token: string): Promise<string> {
  const sb = await startSandbox({ stateDir: path.join(dir, '.lm-post', 'sandbox', 'state'), organisation: 'La Fabrique du Coin' });
  try {
    const me = await fetch(`${sb.urls.mastodon}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const acct = ((await me.json()) as { acct: string }).acct;
    const post = await fetch(`${sb.urls.mastodon}/api/v1/statuses`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'Premier billet avec le jeton de connect' }) });
    expect(post.status).toBe(200);
    const wrong = await fetch(`${sb.urls.mastodon}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    return acct;
  } finally {
    await sb.close();
  }
}

describe('connect mastodon', () => {
  it('--sandbox registers an app, gets a code, exchanges it, and writes a working token to .lm-post/sandbox/.env (mode 600, other lines kept)', async () => {
    const dir = await project();
    const file = path.join(dir, '.lm-post', 'sandbox', '.env');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '# mes réglages\nAUTRE=garde-moi\nLM_POST_MASTODON_TOKEN=ancien\n');
    chmodSync(file, 0o644);
    const r = await runCli(['connect', 'mastodon', '--sandbox'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('application « lm-post (La Fabrique du Coin) » enregistrée (droits : write:statuses write:media read:accounts read:statuses)');
    expect(r.stdout).toContain('/oauth/authorize?response_type=code&client_id=');
    expect(r.stdout).toContain('✓ Mastodon : connecté·e en tant que @lafabriqueducoin');
    expect(mode(file)).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# mes réglages\nAUTRE=garde-moi\n')).toBe(true);
    const values = env(file);
    expect(values.AUTRE).toBe('garde-moi');
    expect(values.LM_POST_MASTODON_TOKEN).not.toBe('ancien');
    expect(text.match(/LM_POST_MASTODON_TOKEN=/g)?.length).toBe(1);
    noSecret(r.stdout + r.stderr, values, ['LM_POST_MASTODON_TOKEN', 'LM_POST_MASTODON_CLIENT_SECRET']);
    // The real .env is untouched by the sandbox.
    expect(() => statSync(path.join(dir, '.env'))).toThrow();
    expect(await useMastodonToken(dir, values.LM_POST_MASTODON_TOKEN!)).toBe('lafabriqueducoin');
  }, 60_000);

  describe('against an instance (the emulator as a real server), in two runs without a terminal', () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await startSandbox({ stateDir: path.join(tmp, 'instance-state') });
    });
    afterAll(() => sb.close());

    it('prints the authorisation address, keeps the app, refuses a wrong code, then writes the token from the right one', async () => {
      const dir = await project();
      const first = await runCli(['connect', 'mastodon', '--instance', sb.urls.mastodon], { cwd: dir });
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const url = /(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(first.stdout)?.[1];
      expect(url).toBeDefined();
      expect(first.stdout).toContain('lm-post connect mastodon --code CODE');
      const file = path.join(dir, '.env');
      expect(mode(file)).toBe(0o600);
      expect(env(file).LM_POST_MASTODON_CLIENT_ID).toBeTruthy();
      expect(env(file).LM_POST_MASTODON_TOKEN).toBeUndefined();
      // What a person does: open the address (signed in), approve, copy the code from the page.
      const page = await (await fetch(url!)).text();
      const code = /class="oauth-code"[^>]*value="([^"]+)"/.exec(page)![1]!;

      const wrong = await runCli(['connect', 'mastodon', '--instance', sb.urls.mastodon, '--code', 'pas-le-bon-code'], { cwd: dir });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--code : code refusé (déjà utilisé, expiré ou mal copié)');
      expect(wrong.stdout).toContain('application déjà enregistrée');
      expect(env(file).LM_POST_MASTODON_TOKEN).toBeUndefined();

      const right = await runCli(['connect', 'mastodon', '--instance', sb.urls.mastodon, '--code', code], { cwd: dir });
      expect(right.code, right.stdout + right.stderr).toBe(0);
      const values = env(file);
      noSecret(right.stdout + right.stderr, values, ['LM_POST_MASTODON_TOKEN', 'LM_POST_MASTODON_CLIENT_SECRET']);
      const me = await fetch(`${sb.urls.mastodon}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${values.LM_POST_MASTODON_TOKEN}` } });
      expect(me.status).toBe(200);
      // A code is single-use (Doorkeeper).
      const again = await runCli(['connect', 'mastodon', '--instance', sb.urls.mastodon, '--code', code], { cwd: dir });
      expect(again.code).toBe(2);
    }, 60_000);

    it('the emulator refuses what Mastodon refuses: an app without a name or with an unknown scope, a wrong client secret', async () => {
      const noName = await fetch(`${sb.urls.mastodon}/api/v1/apps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' }) });
      expect(noName.status).toBe(422);
      expect(((await noName.json()) as { error: string }).error).toContain("Application name can't be blank");
      const badScope = await fetch(`${sb.urls.mastodon}/api/v1/apps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_name: 'x', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'write:everything' }) });
      expect(badScope.status).toBe(422);
      const app = (await (await fetch(`${sb.urls.mastodon}/api/v1/apps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_name: 'x', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read' }) })).json()) as { client_id: string; client_secret: string };
      const tooWide = await fetch(`${sb.urls.mastodon}/oauth/authorize?response_type=code&client_id=${app.client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=write`);
      expect(tooWide.status).toBe(400);
      const token = await fetch(`${sb.urls.mastodon}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: app.client_id, client_secret: 'faux', redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' }).toString() });
      expect(token.status).toBe(401);
      expect(((await token.json()) as { error: string }).error).toBe('invalid_client');
    });
  });

  it.skipIf(!hasTmux)('in a terminal (tmux): a wrong code is refused on the spot and asked again, the right one writes the token', async () => {
    const dir = await project();
    const term = tmuxLmPost(dir, ['connect', 'mastodon', '--sandbox']);
    try {
      const screen = await term.waitFor('Code d’autorisation affiché par Mastodon', 30_000);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/.exec(screen)![1]!;
      const page = await (await fetch(url)).text();
      const code = /class="oauth-code"[^>]*value="([^"]+)"/.exec(page)![1]!;
      term.type('mauvais-code');
      await term.waitFor('code refusé (déjà utilisé, expiré ou mal copié)');
      // The prompt is still there: clear the field, then the right code.
      term.keys(...Array.from({ length: 12 }, () => 'BSpace'));
      term.type(code);
      await term.waitFor('✓ Mastodon : connecté·e en tant que @lafabriqueducoin');
      expect(await term.exitCode()).toBe(0);
      const values = env(path.join(dir, '.lm-post', 'sandbox', '.env'));
      expect(term.screen()).not.toContain(code);
      noSecret(term.screen(), values, ['LM_POST_MASTODON_TOKEN', 'LM_POST_MASTODON_CLIENT_SECRET']);
      expect(await useMastodonToken(dir, values.LM_POST_MASTODON_TOKEN!)).toBe('lafabriqueducoin');
    } finally {
      term.kill();
    }
  }, 60_000);
});

describe('connect facebook', () => {
  it('--sandbox exchanges the user token for a long-lived one, takes the Page token, shows that it does not expire, and the token publishes', async () => {
    const dir = await project();
    const r = await runCli(['connecter', 'facebook', '--sandbox'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Jeton de la Page « La Fabrique du Coin (sandbox) » : n’expire pas');
    const values = env(path.join(dir, '.lm-post', 'sandbox', '.env'));
    expect(values.LM_POST_FACEBOOK_PAGE_TOKEN).toBe(FACEBOOK_TOKEN);
    noSecret(r.stdout + r.stderr, values, ['LM_POST_FACEBOOK_PAGE_TOKEN', 'LM_POST_FACEBOOK_APP_SECRET']);
    const sb = await startSandbox({ stateDir: path.join(dir, '.lm-post', 'sandbox', 'state') });
    try {
      const post = await fetch(`${sb.urls.facebook}/${GRAPH_VERSION}/${values.LM_POST_FACEBOOK_PAGE_ID}/feed`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'Avec le jeton de connect', access_token: values.LM_POST_FACEBOOK_PAGE_TOKEN }) });
      expect(post.status).toBe(200);
    } finally {
      await sb.close();
    }
  }, 60_000);

  it('a wrong app secret or user token is refused with the reason, and nothing is written', async () => {
    const dir = await project();
    const secret = await runCli(['connect', 'facebook', '--sandbox', '--app-secret', 'pas-la-bonne-cle'], { cwd: dir });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain('l’identifiant ou la clé secrète de l’application est refusé');
    const token = await runCli(['connect', 'facebook', '--sandbox', '--user-token', 'EAAjetonperime'], { cwd: dir });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('jeton refusé');
    expect(() => statSync(path.join(dir, '.lm-post', 'sandbox', '.env'))).toThrow();
  }, 60_000);
});

describe('connect twitter', () => {
  it('--sandbox says the check costs 0.010 USD before making it, checks the four keys, shows the plan', async () => {
    const dir = await project();
    const r = await runCli(['connect', 'twitter', '--sandbox'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.indexOf('0,010 USD')).toBeGreaterThan(-1);
    expect(r.stdout.indexOf('0,010 USD')).toBeLessThan(r.stdout.indexOf('✓ X'));
    expect(r.stdout).toContain('Formule (charte) : pay-per-use');
    expect(r.stdout).toContain('✓ X : connecté·e en tant que @lafabriqueducoi');
    const values = env(path.join(dir, '.lm-post', 'sandbox', '.env'));
    noSecret(r.stdout + r.stderr, values, ['LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_SECRET']);
    const bad = await runCli(['connect', 'twitter', '--sandbox', '--access-secret', 'une-cle-qui-ne-va-pas'], { cwd: path.join(tmp, `p${n}`) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('les quatre clés sont refusées par X');
  }, 60_000);
});

// Bluesky's emulator is being built on another branch: until it is on main, a loopback stub of
// com.atproto.server.createSession answers here (200 for the right app password, 401 with the
// PDS's error body otherwise).
describe('connect bluesky (loopback stub of createSession)', () => {
  let server: Server;
  let service: string;
  const calls: { identifier: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/xrpc/com.atproto.server.createSession') {
          res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'MethodNotImplemented', message: 'Method Not Implemented' }));
          return;
        }
        const { identifier, password } = JSON.parse(body) as { identifier: string; password: string };
        calls.push({ identifier });
        if (identifier === 'fabrique.bsky.social' && password === 'abcd-efgh-ijkl-mnop') {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ did: 'did:plc:fabrique123', handle: 'fabrique.bsky.social', accessJwt: 'a', refreshJwt: 'r', active: true }));
        } else {
          res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'AuthenticationRequired', message: 'Invalid identifier or password' }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    service = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('checks the app password with createSession and writes handle, password and server; refuses an account password before any call', async () => {
    const dir = await project();
    const mainPassword = await runCli(['connect', 'bluesky', '--service', service, '--handle', '@fabrique.bsky.social', '--app-password', 'MonMotDePasse!'], { cwd: dir });
    expect(mainPassword.code).toBe(2);
    expect(mainPassword.stderr).toContain('ce n’est pas un mot de passe d’application');
    expect(calls.length).toBe(0);
    const wrong = await runCli(['connect', 'bluesky', '--service', service, '--handle', 'fabrique.bsky.social', '--app-password', 'zzzz-zzzz-zzzz-zzzz'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Invalid identifier or password');
    const ok = await runCli(['connect', 'bluesky', '--service', service, '--handle', 'fabrique.bsky.social', '--app-password', 'abcd-efgh-ijkl-mnop'], { cwd: dir });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('✓ Bluesky : connecté·e en tant que @fabrique.bsky.social (did:plc:fabrique123)');
    expect(ok.stdout + ok.stderr).not.toContain('abcd-efgh-ijkl-mnop');
    const values = env(path.join(dir, '.env'));
    expect(values).toMatchObject({ LM_POST_BLUESKY_IDENTIFIER: 'fabrique.bsky.social', LM_POST_BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop', LM_POST_BLUESKY_SERVICE: service });
    expect(mode(path.join(dir, '.env'))).toBe(0o600);
  }, 60_000);
});

describe('connect bluesky --sandbox', () => {
  it('checks the app password against the PDS emulator, writes .lm-post/sandbox/.env (mode 600) whose values open a session; a wrong password is refused', async () => {
    const dir = await project();
    const file = path.join(dir, '.lm-post', 'sandbox', '.env');
    const wrong = await runCli(['connect', 'bluesky', '--sandbox', '--handle', 'lafabriqueducoin.bsky.social', '--app-password', 'zzzz-zzzz-zzzz-zzzz'], { cwd: dir, timeoutMs: 30_000 });
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(2);
    expect(wrong.stderr).toContain('Invalid identifier or password');
    expect(wrong.stdout + wrong.stderr).not.toContain('zzzz-zzzz-zzzz-zzzz');
    expect(wrong.stdout + wrong.stderr).not.toContain(BLUESKY_APP_PASSWORD);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    expect(() => statSync(file)).toThrow();

    const r = await runCli(['connect', 'bluesky', '--sandbox', '--handle', '@lafabriqueducoin.bsky.social', '--app-password', BLUESKY_APP_PASSWORD], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('✓ Bluesky : connecté·e en tant que @lafabriqueducoin.bsky.social (did:plc:lmpostsandbox000000001)');
    expect(mode(file)).toBe(0o600);
    const values = env(file);
    expect(values.LM_POST_BLUESKY_IDENTIFIER).toBe('lafabriqueducoin.bsky.social');
    expect(values.LM_POST_BLUESKY_HANDLE).toBeUndefined();
    noSecret(r.stdout + r.stderr, values, ['LM_POST_BLUESKY_APP_PASSWORD']);
    // The real .env is untouched by the sandbox.
    expect(() => statSync(path.join(dir, '.env'))).toThrow();

    // The values written open a session on a sandbox restarted from the same state (the service URL
    // written names the port of the sandbox that connect started, so the new one's URL is used).
    const sb = await startSandbox({ stateDir: path.join(dir, '.lm-post', 'sandbox', 'state'), organisation: 'La Fabrique du Coin' });
    try {
      expect(sb.env.LM_POST_BLUESKY_IDENTIFIER).toBe(values.LM_POST_BLUESKY_IDENTIFIER);
      const session = await fetch(`${sb.urls.bluesky}/xrpc/com.atproto.server.createSession`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier: values.LM_POST_BLUESKY_IDENTIFIER, password: values.LM_POST_BLUESKY_APP_PASSWORD }),
      });
      expect(session.status).toBe(200);
      const body = (await session.json()) as { handle: string; did: string };
      expect(body).toMatchObject({ handle: 'lafabriqueducoin.bsky.social', did: 'did:plc:lmpostsandbox000000001' });
    } finally {
      await sb.close();
    }
  }, 60_000);
});

describe('connect, bad input', () => {
  it('an unknown network, or a missing value without a terminal, is a clear message and exit 2', async () => {
    const dir = await project();
    const unknown = await runCli(['connect', 'myspace'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Réseau inconnu « myspace »');
    const missing = await runCli(['connect', 'bluesky'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Sans terminal, indiquez --handle');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
