// The flag forms of the people's workflow, as subprocesses: `new` never overwrites (-2), `new`
// with an error exits 1 and leaves the file, `list --json` reports each state of SPEC §11,
// `resolve` alone lists what needs a human.
import { demoSigned } from '../helpers/keys.js';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import { readPost } from '../../src/post/read.js';
import { updatePostFile } from '../../src/post/write.js';
import { decide } from '../../src/workflow/decisions.js';
import { POST_STATES } from '../../src/workflow/states.js';
import { makeWorkspace, type Workspace } from '../helpers/publish-env.js';
import { EXAMPLE_NOW_MS } from '../setup-clock.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.remove();
  ws = undefined;
});

const veille = ['new', '--type', 'veille', '--author', 'malik', '--text', 'Le guide de la coopération est paru', '--link', 'https://example.org/guide', '--publish-at', '10/12 à 19h'];

describe('lm-post new with flags', () => {
  it('never overwrites: the second post gets -2, the first is untouched', async () => {
    ws = makeWorkspace([]);
    const first = await ws.cli(veille);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Billet écrit : queue\/\d{4}-12-10-le-guide-de-la-cooperation\.yaml/);
    expect(first.stdout).toContain('10 décembre');
    expect(first.stdout).toContain('à 19:00 (Europe/Paris)');
    const name = readdirSync(ws.queue).find((f) => f.endsWith('.yaml'))!;
    const before = readFileSync(path.join(ws.queue, name), 'utf8');
    expect(before).toMatch(/^# yaml-language-server: \$schema=\.\.\/charter\/post\.schema\.json\n/);
    expect(before).toMatch(/publish_at: "?\d{4}-12-10T19:00:00\+01:00"?/);
    const second = await ws.cli([...veille.slice(0, 6), 'Le guide de la coopération, deuxième édition', ...veille.slice(7)]);
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toContain(name.replace('.yaml', '-2.yaml'));
    expect(readFileSync(path.join(ws.queue, name), 'utf8')).toBe(before);
  });

  // SPEC §17 (issue 18): « jeudi prochain » said on Monday 7 December is Thursday 10, and flag mode says it back.
  it('--event-starts "jeudi prochain 19h" on a Monday: Thursday of the same week, said back in words', async () => {
    ws = makeWorkspace([]);
    const r = await ws.cli(
      ['new', '--type', 'evenement', '--author', 'camille', '--text', 'JeudiWe spécial bocaux : venez nombreux', '--publish-at', 'mardi prochain 10h', '--event-name', 'JeudiWe bocaux', '--event-starts', 'jeudi prochain 19h', '--event-place', 'Locaux Motiv', '--id', 'bocaux'],
      { LM_POST_NOW: '2026-12-07T09:00:00+01:00' },
    );
    expect(r.stdout).toContain('Publication prévue : mardi 8 décembre 2026 à 10:00 (Europe/Paris)');
    expect(r.stdout).toContain('Début de l’événement : jeudi 10 décembre 2026 à 19:00 (Europe/Paris)');
    const text = readFileSync(path.join(ws.queue, 'bocaux.yaml'), 'utf8');
    expect(text).toMatch(/starts: "?2026-12-10T19:00:00\+01:00"?/);
    expect(text).toMatch(/publish_at: "?2026-12-08T10:00:00\+01:00"?/);
  });

  it('--text keeps real line breaks: two paragraphs are written as a block and pass the check', async () => {
    ws = makeWorkspace([]);
    const r = await ws.cli([...veille.slice(0, 6), 'Le guide de la coopération est paru.\n\nCent pages, à lire vite.', ...veille.slice(7)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('aucun problème');
    const file = readdirSync(ws.queue).find((f) => f.endsWith('.yaml'))!;
    const text = readFileSync(path.join(ws.queue, file), 'utf8');
    expect(text).toContain('text: |-\n  Le guide de la coopération est paru.\n\n  Cent pages, à lire vite.\n');
    expect(readPost(path.join(ws.queue, file), ws.root).data!.text).toBe('Le guide de la coopération est paru.\n\nCent pages, à lire vite.');
  });

  it('with an error: exit 1, the file is there and the check says why', async () => {
    ws = makeWorkspace([]);
    const r = await ws.cli(['new', '--type', 'offre', '--author', 'camille', '--text', 'x'.repeat(10) + ' Un bureau libre', '--network', 'twitter', '--id', 'bureau']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Billet écrit : queue/bureau.yaml');
    expect(r.stdout).toMatch(/queue\/bureau\.yaml:\d+:\d+ +erreur .*network-for-type/);
    expect(readFileSync(path.join(ws.queue, 'bureau.yaml'), 'utf8')).toContain('type: offre');
  });

  it('a date it cannot understand is a usage error and writes nothing', async () => {
    ws = makeWorkspace([]);
    const r = await ws.cli([...veille.slice(0, -1), 'quand Paul pourra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('« quand Paul pourra » non comprise');
    expect(readdirSync(ws.queue).filter((f) => f.endsWith('.yaml'))).toEqual([]);
  });
});

describe('lm-post list --json', () => {
  it('reports each state on a prepared queue, oldest publication first', async () => {
    ws = makeWorkspace([]);
    const w = ws;
    const charter = loadCharter(path.join(w.root, 'charter/charter.yaml'), w.root);
    const iso = (h: number) => new Date(EXAMPLE_NOW_MS + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const post = (id: string, text: string, at: number, extra = '') =>
      w.write(id, `type: veille\nauthor: malik\ntext: "${text}"\nlink: https://example.org/${id}\npublish_at: ${iso(at)}\n${extra}`);
    const review = (id: string, state: 'approved' | 'rejected' | 'changes-requested', note?: string) => {
      const p = readPost(w.file(id), w.root);
      updatePostFile(p.path, undefined, 'review', () => demoSigned(id, decide(p.data!, w.queue, charter, { state, by: 'dominique', at: new Date(EXAMPLE_NOW_MS), ...(note ? { note } : {}) })));
    };
    w.write('invalid', 'type: inconnu\nauthor: malik\ntext: "Un type inconnu"\n');
    post('draft', 'Un brouillon', 2);
    post('changes', 'Une veille à reprendre', 3);
    review('changes', 'changes-requested', 'Précisez');
    post('rejected', 'Une veille refusée', 4);
    review('rejected', 'rejected', 'Hors sujet');
    post('voided', 'Une veille approuvée puis modifiée', 5);
    review('voided', 'approved');
    w.write('voided', w.read('voided').replace('puis modifiée', 'puis retouchée'));
    post('stale', 'Une veille oubliée', -30);
    review('stale', 'approved');
    post('scheduled', 'Une veille pour demain', 24);
    review('scheduled', 'approved');
    post('ready', 'Une veille à publier', -1);
    review('ready', 'approved');
    const receipt = (n: string) => `  ${n}: { id: "1", url: "https://${n}.example/1", at: ${iso(-1)} }\n`;
    post('partly', 'Une veille à moitié publiée', -2, `published:\n${receipt('twitter')}`);
    review('partly', 'approved');
    post('published', 'Une veille publiée', -3, `published:\n${receipt('twitter')}${receipt('mastodon')}`);
    review('published', 'approved');
    post('stuck', 'Une veille incertaine', -4);
    review('stuck', 'approved');
    w.write('letter', `type: petit-rdv\nauthor: lea\ntext: "Repas partagé dans la cour, chacun·e apporte un plat."\nevent:\n  name: Repas partagé\n  starts: ${iso(30)}\n`);
    // SPEC §17: withdrawn — listed only when asked for.
    post('withdrawn', 'Une veille retirée', 5, `withdrawn:\n  by: sacha\n  at: ${iso(-1)}\n  note: Doublon\n`);
    mkdirSync(path.join(w.root, '.lm-post/journal'), { recursive: true });
    writeFileSync(
      path.join(w.root, '.lm-post/journal/stuck.jsonl'),
      JSON.stringify({ t: 'intent', network: 'twitter', item: 0, key: 'k', at: iso(-4), attempt: 1 }) + '\n' + JSON.stringify({ t: 'needs-human', network: 'twitter', item: 0, at: iso(-4), reason: 'outcome unknown' }) + '\n',
    );

    const r = await w.cli(['list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; state: string; reasons: string[]; receipts: Record<string, string>; networks: string[]; publish_at: string | null }[];
    const state = Object.fromEntries(rows.map((x) => [x.id, x.state]));
    expect(state).toEqual({
      invalid: 'invalid',
      draft: 'draft',
      changes: 'changes-requested',
      rejected: 'rejected',
      voided: 'voided',
      stale: 'stale',
      scheduled: 'scheduled',
      ready: 'ready',
      partly: 'partly-published',
      published: 'published',
      stuck: 'needs-human',
      letter: 'letter',
    });
    const withdrawn = JSON.parse((await w.cli(['list', '--json', '--state', 'withdrawn'])).stdout) as { id: string; state: string; reasons: string[] }[];
    expect(withdrawn).toEqual([expect.objectContaining({ id: 'withdrawn', state: 'withdrawn', reasons: ['retiré par sacha : « Doublon »'] })]);
    expect(new Set([...Object.values(state), 'withdrawn'])).toEqual(new Set(POST_STATES));
    const row = (id: string) => rows.find((x) => x.id === id)!;
    expect(rows.map((x) => x.id).slice(0, 2)).toEqual(['stale', 'stuck']);
    expect(row('stuck').reasons[0]).toContain('lm-post resolve stuck --network twitter --created URL|--not-created');
    expect(row('published').receipts).toEqual({ twitter: 'https://twitter.example/1', mastodon: 'https://mastodon.example/1' });
    expect(row('rejected').reasons[0]).toContain('Hors sujet');
    expect(row('draft')).toMatchObject({ networks: ['twitter', 'mastodon'], publish_at: expect.any(String) });

    const some = JSON.parse((await w.cli(['list', '--json', '--state', 'ready', '--state', 'published'])).stdout);
    expect(some.map((x: { id: string }) => x.id).sort()).toEqual(['published', 'ready']);
    const bad = await w.cli(['list', '--state', 'prete']);
    expect(bad.code).toBe(2);

    const resolve = await w.cli(['resolve']);
    expect(resolve.code).toBe(0);
    expect(resolve.stdout).toContain('stuck → twitter');
    expect(resolve.stdout).toContain('outcome unknown');
    expect(resolve.stdout).toContain('lm-post resolve stuck --network twitter --created URL');
    expect(resolve.stdout).toContain('lm-post resolve stuck --network twitter --not-created');
  });
});
