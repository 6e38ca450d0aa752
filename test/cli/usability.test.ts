// Behaviour found by trying the tool as its users: review decisions are not overridden in bulk,
// stale dates are refused, folders and URLs are understood, the pause switch accepts usual values.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postIdFromUrl } from '../../src/commands/resolve.js';
import { REPO, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-usability-'));
cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
cpSync(path.join(REPO, 'queue'), path.join(dir, 'queue'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (id: string) => readFileSync(path.join(dir, 'queue', `${id}.yaml`), 'utf8');

describe('review decisions', () => {
  it('approve --all never overrides a colleague’s refusal or request for changes, and keeps the note', async () => {
    expect((await runCli(['reject', 'soiree-de-fin-d-annee', '--as', 'sacha', '--note', 'Pas de paillettes'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['request-changes', '2026-12-07-jeudi-portes-ouvertes', '--as', 'sacha', '--note', 'Horaires ?'], { cwd: dir })).code).toBe(0);
    const all = await runCli(['approve', '--all', '--as', 'dominique'], { cwd: dir });
    expect(all.code).toBe(0);
    expect(read('soiree-de-fin-d-annee')).toMatch(/review:\n {2}state: rejected\n {2}by: sacha\n(?:.*\n)*? {2}note: Pas de paillettes/);
    expect(read('2026-12-07-jeudi-portes-ouvertes')).toMatch(/state: changes-requested/);
    // An explicit approval is a deliberate decision: allowed, and it says what it replaces.
    const one = await runCli(['approve', 'soiree-de-fin-d-annee', '--as', 'dominique'], { cwd: dir });
    expect(one.stdout).toContain('remplace « refusé » de sacha (« Pas de paillettes »)');
    expect(read('soiree-de-fin-d-annee')).toMatch(/state: approved\n {2}by: dominique/);
  });

  it('approve refuses a publication date already too far in the past', async () => {
    const file = path.join(dir, 'queue', 'vieux.yaml');
    writeFileSync(file, 'type: quartier\nauthor: yanis\ntext: Vide-grenier rue Jangot.\npublish_at: 2026-11-20T10:00:00+01:00\n');
    const r = await runCli(['approve', 'vieux', '--as', 'sacha'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/non approuvé : la date de publication, vendredi 20 novembre 2026 à 10:00 \(Europe\/Paris\), est passée depuis plus de/);
    expect(readFileSync(file, 'utf8')).not.toContain('review:');
    rmSync(file);
  });
});

describe('command-line paths', () => {
  it('a folder without posts is a usage error, not a silent pass', async () => {
    const r = await runCli(['check', 'queue/media'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Aucun billet (*.yaml) dans le dossier queue/media.');
  });

  it('preview takes exactly one post', async () => {
    const r = await runCli(['preview', 'queue'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/preview montre un seul billet : « queue » en désigne \d+/);
  });
});

describe('pause switch', () => {
  it.each(['1', 'yes', 'true', 'oui'])('LM_POST_PAUSE=%s pauses publishing', async (v) => {
    const r = await runCli(['publish'], { cwd: dir, env: { LM_POST_PAUSE: v } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Publication en pause (LM_POST_PAUSE=${v})`);
  });

  it('LM_POST_PAUSE=0 does not', async () => {
    const r = await runCli(['publish', '--dry-run'], { cwd: dir, env: { LM_POST_PAUSE: '0' } });
    expect(r.stdout).not.toContain('pause');
  });
});

describe('resolve understands the addresses people copy', () => {
  it.each([
    ['twitter', 'https://x.com/LocauxMotiv/status/1865432109876543210?s=46&t=AbCdEf', '1865432109876543210'],
    ['twitter', 'https://twitter.com/i/web/status/42', '42'],
    ['mastodon', 'https://mastodon.example/@locauxmotiv/113456789012345678', '113456789012345678'],
    ['mastodon', 'https://mastodon.example/users/locauxmotiv/statuses/113456789012345678', '113456789012345678'],
    ['facebook', 'https://www.facebook.com/locauxmotiv/posts/1234567890', '1234567890'],
    ['facebook', 'https://www.facebook.com/permalink.php?story_fbid=987&id=123', '123_987'],
  ] as const)('%s %s → %s', (network, url, id) => {
    expect(postIdFromUrl(network, url)).toBe(id);
  });

  it.each([
    ['twitter', 'https://x.com/LocauxMotiv'],
    ['mastodon', 'pas une adresse'],
    ['facebook', 'https://www.facebook.com/locauxmotiv'],
  ] as const)('%s %s → refused', (network, url) => {
    expect(postIdFromUrl(network, url)).toBeUndefined();
  });
});
