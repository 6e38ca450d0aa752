// lm-post doctor (SPEC §12): one ✓ / ⚠ / ✗ line per check with what to do, --json, --sandbox.
import { chmodSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCheck } from '../../src/doctor/index.js';
import { CHARTER, crashSigns, runCli, type CliResult } from '../helpers/cli.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';

let root: string;
let sandbox: CliResult;
let sandboxJson: CliResult;
let bare: CliResult;
let english: CliResult;

// The suite runs on Node 22 (✓ until 2027-04-30) and Node 24 (✓ until 2028-04-30).
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const NODE_EOL = NODE_MAJOR === 22 && Date.now() >= Date.parse('2027-04-30T00:00:00Z');

// Started together: each run is a subprocess (the sandbox ones start the emulators in-process).
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-doctor-'));
  mkdirSync(path.join(root, 'charter'));
  copyFileSync(CHARTER, path.join(root, 'charter/charter.yaml'));
  [sandbox, sandboxJson, bare, english] = await Promise.all([
    runCli(['doctor', '--sandbox'], { cwd: root }),
    runCli(['doctor', '--sandbox', '--json'], { cwd: root }),
    runCli(['doctor'], { cwd: root }),
    runCli(['doctor', '--lang', 'en'], { cwd: root }),
  ]);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lm-post doctor', () => {
  it('--sandbox: every check ✓ (but an unsupported Node, ⚠), exit 0', () => {
    expect(crashSigns(sandbox)).toEqual([]);
    expect(sandbox.code, sandbox.stdout + sandbox.stderr).toBe(0);
    const lines = sandbox.stdout.split('\n').filter((l) => /^[✓⚠✗] /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(12);
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual(NODE_EOL ? [`⚠ Node.js ${process.versions.node} : Node 22 n’est plus maintenu depuis le 30 avril 2027 (plus de correctifs de sécurité)`] : []);
    expect(sandbox.stdout).toMatch(/✓ X : connecté·e en tant que @locauxmotiv/);
    // The check itself is billed on pay-per-use: one users/me read (User: Read, 0.010 USD).
    expect(sandbox.stdout).toContain('✓ X : cette vérification a coûté 0,01 USD (1 lecture(s) du compte (users/me) à 0,01 USD) ; lm-post doctor ne lit pas X davantage\n');
    expect(sandbox.stdout).toContain('✓ Mastodon : le jeton a les droits nécessaires (write:statuses, write:media, read:accounts, read:statuses)');
    expect(sandbox.stdout).toMatch(/✓ Mastodon : limites de l’instance respectées \(500 caractères, 4 images\)/);
    expect(sandbox.stdout).toContain('✓ Facebook : permissions accordées');
    expect(sandbox.stdout).toContain('✓ Facebook : le jeton de Page n’expire pas');
    expect(sandbox.stdout.trimEnd().endsWith(NODE_EOL ? 'Prêt à publier, avec 1 avertissement(s).' : 'Tout est prêt pour publier.')).toBe(true);
    if (NODE_EOL) expect(sandbox.stdout).toContain('    → passez à Node 22 ou 24 (LTS) : https://nodejs.org/fr/download\n');
    else expect(sandbox.stdout).toContain(`✓ Node.js ${process.versions.node}\n`);
  });

  it('Node: ✗ below 22 (the engines floor), ⚠ past its end of life (Node 22 from 2027-04-30), ✓ while maintained', () => {
    const before = new Date('2026-04-29T12:00:00Z');
    const after = new Date('2026-12-01T12:00:00Z');
    expect(nodeCheck('18.20.0', before, 'fr').status).toBe('fail');
    expect(nodeCheck('20.19.0', before, 'fr')).toMatchObject({ id: 'node', status: 'fail', fix: 'lm-post demande Node.js 22 ou plus récent : installez Node 22 ou 24 (LTS).' });
    expect(nodeCheck('22.21.1', new Date('2027-05-01T12:00:00Z'), 'fr')).toEqual({
      id: 'node',
      status: 'warn',
      title: 'Node.js 22.21.1 : Node 22 n’est plus maintenu depuis le 30 avril 2027 (plus de correctifs de sécurité)',
      fix: 'passez à Node 22 ou 24 (LTS) : https://nodejs.org/fr/download',
    });
    expect(nodeCheck('22.21.1', new Date('2027-05-01T12:00:00Z'), 'en')).toMatchObject({ status: 'warn', title: 'Node.js 22.21.1: Node 22 has been out of support since 30 April 2027 (no more security fixes)', fix: 'move to Node 22 or 24 (LTS): https://nodejs.org/en/download' });
    expect(nodeCheck('25.9.0', after, 'fr').title).toContain('depuis le 1er juin 2026');
    expect(nodeCheck('22.12.0', after, 'fr').status).toBe('ok');
    expect(nodeCheck('22.12.0', new Date('2027-05-01T00:00:00Z'), 'fr').status).toBe('warn');
    expect(nodeCheck('24.11.0', after, 'fr').status).toBe('ok');
    expect(nodeCheck('27.0.0', after, 'fr').status).toBe('ok');
  });

  it('--json: one object per check, machine-readable', () => {
    expect(sandboxJson.code).toBe(0);
    const r = JSON.parse(sandboxJson.stdout) as { ok: boolean; sandbox: boolean; checks: { id: string; status: string; title: string }[] };
    expect(r.ok).toBe(true);
    expect(r.sandbox).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['node', 'charter', 'env-file', 'twitter-credentials', 'twitter-live', 'mastodon-scopes', 'mastodon-limits', 'facebook-permissions']));
    // A warning (an unsupported Node) is not a failure: ok stays true.
    expect(r.checks.filter((c) => c.status !== 'ok').map((c) => `${c.id} ${c.status}`)).toEqual(NODE_EOL ? ['node warn'] : []);
  });

  it('the example charter without credentials: names each missing variable and the placeholder instance, exit 1', () => {
    expect(crashSigns(bare)).toEqual([]);
    expect(bare.code).toBe(1);
    const out = bare.stdout;
    expect(out).toContain('✗ networks.mastodon.instance vaut https://mastodon.example, une adresse d’exemple');
    for (const v of ['LM_POST_TWITTER_APP_KEY', 'LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_TWITTER_ACCESS_SECRET', 'LM_POST_MASTODON_TOKEN', 'LM_POST_FACEBOOK_PAGE_ID', 'LM_POST_FACEBOOK_PAGE_TOKEN']) {
      expect(out).toContain(v);
    }
    expect(out).toMatch(/^✗ X : identifiants manquants/m);
    expect(out).toMatch(/^✗ Mastodon : identifiants manquants \(LM_POST_MASTODON_TOKEN\)/m);
    expect(out).toMatch(/^✗ Facebook : identifiants manquants/m);
    // Every ✗ says what to do on the next line.
    const lines = out.split('\n');
    lines.forEach((l, i) => {
      if (l.startsWith('✗ ')) expect(lines[i + 1]).toMatch(/^ {4}→ \S/);
    });
    expect(out).toMatch(/problème\(s\) à corriger avant de publier\.\n$/);
    expect(english.stdout).toContain('✗ networks.mastodon.instance is https://mastodon.example, an example address');
  });

  it('a .env readable by others is a warning with the command to fix it; an invalid charter is ✗ with its position', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-doctor-'));
    try {
      mkdirSync(path.join(dir, 'charter'));
      writeFileSync(path.join(dir, 'charter/charter.yaml'), 'version: 1\norganisation: X\ntimezone: Europe/Paris\nnetworks: 3\n');
      writeFileSync(path.join(dir, '.env'), 'LM_POST_LANG=fr\n');
      chmodSync(path.join(dir, '.env'), 0o644);
      const r = await runCli(['doctor'], { cwd: dir });
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('⚠ .env est lisible par d’autres utilisateurs\n    → protégez-le : chmod 600 .env');
      expect(r.stdout).toMatch(/✗ charte invalide\n {4}→ [^]*\n {6}charter\/charter\.yaml:4:11: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
