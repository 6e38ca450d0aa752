// SPEC §13: `--json` on every command that reports — approve / request-changes / reject, resolve
// (with and without a post), letter, feed and demo — with the exit codes of the human output;
// `resolve --help` names its no-argument form; the letter's period speaks the messages' language.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, REPO, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-json-'));
cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
cpSync(path.join(REPO, 'queue'), path.join(dir, 'queue'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { LM_POST_NOW: EXAMPLE_NOW };
const cli = (args: string[], lang = 'fr') => runCli([...args, '--lang', lang], { cwd: dir, env });
const JEUDIWE = '2026-12-01-jeudiwe-compost';
/** Written by sacha, a validator. */
const SALLES = '2026-12-02-salles-de-reunion';
const VEILLE = '2026-12-03-veille-panorama-tiers-lieux';

describe('approve / request-changes / reject --json', () => {
  it('one array of decisions, with what they replace; exit codes as without --json', async () => {
    const ok = await cli(['approve', JEUDIWE, VEILLE, '--as', 'sacha', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const decisions = JSON.parse(ok.stdout) as Record<string, unknown>[];
    expect(decisions.map((d) => [d.post, d.file, d.state, d.by])).toEqual([
      [JEUDIWE, `queue/${JEUDIWE}.yaml`, 'approved', 'sacha'],
      [VEILLE, `queue/${VEILLE}.yaml`, 'approved', 'sacha'],
    ]);
    expect(typeof decisions[0]!.at).toBe('string');
    expect(readFileSync(path.join(dir, 'queue', `${JEUDIWE}.yaml`), 'utf8')).toMatch(/review:\n {2}state: approved\n {2}by: sacha/);

    const again = await cli(['approve', JEUDIWE, '--as', 'sacha', '--json'], 'en');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([{ post: JEUDIWE, file: `queue/${JEUDIWE}.yaml`, unchanged: 'already-approved', message: 'already approved by sacha' }]);

    const rejected = await cli(['reject', JEUDIWE, '--as', 'dominique', '--note', 'Trop tôt', '--json']);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject([{ post: JEUDIWE, state: 'rejected', by: 'dominique', note: 'Trop tôt', replaced: { state: 'approved', by: 'sacha' } }]);
    const sentBack = await cli(['request-changes', VEILLE, '--as', 'dominique', '--note', 'Source ?', '--json']);
    expect(JSON.parse(sentBack.stdout)).toMatchObject([{ post: VEILLE, state: 'changes-requested', note: 'Source ?' }]);
  });

  it('refusals are in the array too (exit 1, nothing written); without --json the human line is unchanged', async () => {
    // Refusals: one's own post, an invalid file — exit 1, nothing written, the reason in the array.
    writeFileSync(path.join(dir, 'queue', 'casse.yaml'), 'type: quartier\nauthor: [oops\n');
    const refused = await cli(['approve', SALLES, 'casse', '--as', 'sacha', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject([
      { post: SALLES, refused: 'own-post' },
      { post: 'casse', refused: 'invalid' },
    ]);
    rmSync(path.join(dir, 'queue', 'casse.yaml'));
    expect(readFileSync(path.join(dir, 'queue', `${SALLES}.yaml`), 'utf8')).not.toContain('review:');

    // Human output is unchanged without --json.
    const human = await cli(['approve', JEUDIWE, '--as', 'sacha'], 'en');
    expect(human.stdout).toBe(`queue/${JEUDIWE}.yaml: approved (sacha) — replaces "rejected" by dominique ("Trop tôt")\n`);
  });
});

describe('resolve --json', () => {
  it('without a post: what needs a human, with both commands; with one: what was recorded', async () => {
    expect(JSON.parse((await cli(['resolve', '--sandbox', '--json'])).stdout)).toEqual([]);
    const journal = path.join(dir, '.lm-post', 'sandbox', 'journal');
    mkdirSync(journal, { recursive: true });
    writeFileSync(
      path.join(journal, `${VEILLE}.jsonl`),
      '{"t":"intent","network":"twitter","item":0,"key":"k","at":"2026-11-30T08:00:00Z","attempt":1}\n' +
        '{"t":"needs-human","network":"twitter","item":0,"at":"2026-11-30T08:01:00Z","reason":"no-read-back"}\n',
    );
    const list = await cli(['resolve', '--sandbox', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const base = `lm-post resolve ${VEILLE} --network twitter`;
    expect(JSON.parse(list.stdout)).toEqual([
      {
        post: VEILLE,
        network: 'twitter',
        item: 0,
        seen: 'no-read-back',
        command: `${base} --created URL|--not-created --sandbox`,
        if_created: `${base} --created URL --sandbox`,
        if_not_created: `${base} --not-created --sandbox`,
      },
    ]);
    const url = 'https://x.com/locauxmotiv/status/1234567890';
    const settled = await cli(['resolve', VEILLE, '--network', 'twitter', '--created', url, '--sandbox', '--json']);
    expect(settled.code, settled.stderr).toBe(0);
    expect(JSON.parse(settled.stdout)).toMatchObject({ post: VEILLE, network: 'twitter', item: 0, resolved: 'created', id: '1234567890', url, next: 'lm-post publish' });
    const nothing = await cli(['resolve', VEILLE, '--network', 'twitter', '--not-created', '--sandbox', '--json']);
    expect(JSON.parse(nothing.stdout)).toEqual({ post: VEILLE, network: 'twitter', resolved: null });
  });

  it('resolve --help names the form without a post (what needs a human)', async () => {
    const en = await runCli(['resolve', '--help', '--lang', 'en']);
    expect(en.stdout.replace(/\s+/g, ' ')).toMatch(/without an argument: list what needs a human, with the command to run/);
    const fr = await runCli(['resolve', '--help']);
    expect(fr.stdout.replace(/\s+/g, ' ')).toMatch(/sans argument : liste ce qui attend une personne/);
  });
});

describe('letter and feed', () => {
  it('letter --json reports the period, items and what was done; English messages give the period in English', async () => {
    const built = await cli(['letter', '--from', '2026-11-30', '--format', 'text', '--json'], 'en');
    expect(built.code, built.stderr).toBe(0);
    const r = JSON.parse(built.stdout) as { from: string; to: string; period: string; items: number; status: string; body: string; sections: { id: string }[] };
    expect(r).toMatchObject({ from: '2026-11-30', to: '2026-12-13', period: 'from Monday 30 November to Sunday 13 December 2026', status: 'assembled', format: 'text' });
    expect(r.items).toBeGreaterThan(0);
    expect(r.sections.map((s) => s.id)).toContain('jeudiwe-mardipro');
    // The letter itself is for the members: French whatever the messages' language.
    expect(r.body).toContain('du lundi 30 novembre au dimanche 13 décembre 2026');

    const dry = await cli(['letter', '--from', '2026-11-30', '--send', '--dry-run', '--json'], 'en');
    expect(dry.code).toBe(0);
    const d = JSON.parse(dry.stdout) as { status: string; problem: string; envelope: { subject: string } };
    expect(d.status).toBe('dry-run');
    expect(d.problem).toMatch(/^The letter from Monday 30 November to Sunday 13 December 2026 is not approved/);
    expect(d.envelope.subject).toMatch(/— du lundi 30 novembre au dimanche 13 décembre 2026$/);

    const human = await cli(['letter', '--from', '2026-11-30', '--out', 'l.txt', '--format', 'text'], 'en');
    expect(human.stdout).toMatch(/^Letter of the fortnight from Monday 30 November to Sunday 13 December 2026: \d+ item\(s\):\n/);
    expect(human.stdout).not.toMatch(/lundi|novembre/);
    const fr = await cli(['letter', '--from', '2026-11-30', '--out', 'l.txt', '--format', 'text']);
    expect(fr.stdout).toMatch(/^Lettre de la quinzaine du lundi 30 novembre au dimanche 13 décembre 2026 : \d+ article\(s\) :\n/);

    const approved = await cli(['letter', '--from', '2026-11-30', '--approve', '--as', 'sacha', '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved', review: { state: 'approved', by: 'sacha' }, record: 'queue/letters/2026-11-30.yaml' });
  });

  it('feed --json: the files written, entries and events', async () => {
    const r = await cli(['feed', '--out', 'site', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout) as { dir: string; files: string[]; entries: number; events: number; skipped: unknown[] };
    expect(f.dir).toBe('site');
    expect(f.files).toEqual(['site/feed.xml', 'site/feed.json', 'site/agenda.ics']);
    expect(f.entries).toBeGreaterThan(0);
    expect(f.events).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'site/feed.xml'), 'utf8')).toMatch(/<entry>/);
  });
});

describe('demo --json', () => {
  it('one summary object: the copy, approvals, publications, letter and feed paths', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-demo-json-'));
    try {
      cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
      cpSync(path.join(REPO, 'queue'), path.join(root, 'queue'), { recursive: true });
      const r = await runCli(['demo', '--json'], { cwd: root, env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as {
        dir: string;
        fresh: boolean;
        approvals: { post: string; state: string }[];
        publications: { published: { post: string; network: string; url: string }[]; failed: unknown[] };
        letter: { from: string; html: string; text: string };
        feed: { dir: string; files: string[] };
      };
      expect(s.dir).toBe('.lm-post/demo');
      expect(s.fresh).toBe(true);
      expect(s.approvals.length).toBeGreaterThan(0);
      expect(s.approvals.every((a) => a.state === 'approved')).toBe(true);
      // 21 on X, Mastodon and Facebook, plus the 6 X publications mirrored to Bluesky.
      expect(s.publications.published.length).toBe(27);
      expect(s.publications.failed).toEqual([]);
      expect(s.letter).toEqual({ from: '2026-11-30', html: '.lm-post/demo/lettre.html', text: '.lm-post/demo/lettre.txt' });
      expect(s.feed.files).toContain('.lm-post/demo/site/feed.xml');
      for (const p of [s.letter.html, s.letter.text, ...s.feed.files]) expect(readFileSync(path.join(root, p), 'utf8').length).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
