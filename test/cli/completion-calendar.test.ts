// lm-post completion (built from commander's program: every registered command appears) and
// lm-post calendar (the month per network and day, cadence gaps, X cost, a stable ICS feed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { BIN, EXAMPLE_NOW, REPO, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-cal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('lm-post completion', () => {
  const io = { cwd: REPO, env: {}, out: () => {}, err: () => {}, isTTY: false };
  const names = buildProgram(io, 'fr', () => {}).commands.map((c: Command) => c.name());

  it('bash: every command of the program, and the choices of an option, complete', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const script = path.join(tmp, 'lm-post.bash');
    writeFileSync(script, r.stdout);
    const complete = (...words: string[]) =>
      spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _lm_post; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' }).stdout.trim();
    const all = complete('lm-post', '').split(' ');
    for (const n of names) expect(all).toContain(n);
    expect(complete('lm-post', 'cal')).toBe('calendar');
    expect(complete('lm-post', 'calendar', '--format', '')).toBe('text html ics json');
    expect(complete('lm-post', 'check', '-f', 'gi')).toBe('github gitlab');
    expect(complete('lm-post', 'completion', '')).toBe('bash zsh fish');
  });

  // The list is written out on purpose: a command registered outside buildProgram's main list
  // (the workflow's, the letter's) must reach the completion too.
  const EVERY = ['check', 'preview', 'rules', 'publish', 'approve', 'request-changes', 'reject', 'demo', 'sandbox', 'resolve', 'doctor', 'init', 'charter', 'calendar', 'completion', 'new', 'list', 'review', 'live', 'letter', 'feed'];

  it('bash: every top-level command, written out, completes — and so does --json where a command reports', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const script = path.join(tmp, 'every.bash');
    writeFileSync(script, r.stdout);
    const complete = (...words: string[]) =>
      spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _lm_post; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' }).stdout.trim().split(' ');
    const top = complete('lm-post', '');
    for (const n of EVERY) expect(top, n).toContain(n);
    for (const n of ['approve', 'request-changes', 'reject', 'resolve', 'demo', 'letter', 'feed', 'sandbox', 'doctor', 'list']) expect(complete('lm-post', n, '--'), n).toContain('--json');
  });

  it.each(['zsh', 'fish'])('%s: names every command', async (shell) => {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    for (const n of names) expect(r.stdout).toContain(shell === 'zsh' ? `'${n}:` : `-a ${n} `);
  });

  it('refuses an unknown shell (usage error)', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
  });
});

describe('lm-post calendar', () => {
  // The example queue is dated: its approvals are judged as on the eve of its first post.
  const NOW = { env: { LM_POST_NOW: EXAMPLE_NOW } };
  it('--json: posts per network and day, cadence gaps, the month’s X cost', async () => {
    const r = await runCli(['calendar', '--month', '2026-12', '--json'], NOW);
    expect(r.code, r.stderr).toBe(0);
    const cal = JSON.parse(r.stdout) as {
      month: string;
      days: { date: string; entries: { post: string; network: string; state: string; time: string; xCost?: number }[] }[];
      gaps: { network: string; from: string; to: string; days: number; max: number }[];
      xCost: { total: number; scheduled: number; published: number; currency: string };
      unscheduled: { post: string }[];
    };
    expect(cal.month).toBe('2026-12');
    expect(cal.days).toHaveLength(31);
    const dec9 = cal.days.find((d) => d.date === '2026-12-09')!;
    expect(dec9.entries.map((e) => `${e.network} ${e.state} ${e.time}`)).toEqual(['bluesky scheduled 12:15', 'mastodon scheduled 12:15', 'twitter scheduled 12:15']);
    expect(dec9.entries.find((e) => e.network === 'twitter')?.xCost).toBe(0.2);
    // X cost = sum of xPostCost of the month's X posts (mirrors are free).
    const x = cal.days.flatMap((d) => d.entries).filter((e) => e.network === 'twitter');
    expect(cal.xCost.total).toBeCloseTo(x.reduce((t, e) => t + (e.xCost ?? 0), 0), 6);
    expect(cal.xCost.currency).toBe('USD');
    expect(cal.gaps.find((g) => g.network === 'facebook')).toMatchObject({ from: '2026-12-12', max: 3 });
    expect(cal.unscheduled.map((u) => u.post)).toContain('soiree-de-fin-d-annee');
  });

  it('shows published posts at their receipt time and flags days outside the window', async () => {
    const dir = path.join(tmp, 'ws');
    const { cpSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'queue'), { recursive: true });
    cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
    const veille = readFileSync(path.join(REPO, 'queue/2026-12-09-veille-budget-ess-metropole.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'queue/a.yaml'), veille.replace(/^publish_at: .*$/m, 'publish_at: 2026-12-09T23:30:00+01:00'));
    writeFileSync(path.join(dir, 'queue/b.yaml'), veille.replace(/Budget 2027/g, 'Budget 2028') + 'published:\n  twitter: { id: "1", url: "https://x.com/lm/status/1", at: "2026-12-02T09:00:00Z" }\n');
    const r = await runCli(['calendar', '--month', '2026-12', '--format', 'json'], { cwd: dir, ...NOW });
    const cal = JSON.parse(r.stdout) as { outsideWindow: string[]; days: { date: string; entries: { post: string; network: string; state: string }[] }[]; xCost: { published: number; scheduled: number } };
    expect(cal.outsideWindow).toEqual(['2026-12-09']);
    expect(cal.days.find((d) => d.date === '2026-12-02')!.entries).toEqual([expect.objectContaining({ post: 'b', network: 'twitter', state: 'published' })]);
    expect(cal.xCost.published).toBe(0.2);
    const text = await runCli(['calendar', '--month', '2026-12'], { cwd: dir, ...NOW });
    expect(text.stdout).toContain('⚠ Jours avec un billet hors des heures de publication (08:00–21:00) : mercredi 9 décembre.');
  });

  it('--format ics: a feed with stable UIDs, identical across runs', async () => {
    const a = await runCli(['calendar', '--month', '2026-12', '--format', 'ics'], NOW);
    const b = await runCli(['calendar', '--month', '2026-12', '--format', 'ics', '--out', path.join(tmp, 'cal.ics')], NOW);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toMatch(/^BEGIN:VCALENDAR\r?\n/);
    expect(readFileSync(path.join(tmp, 'cal.ics'), 'utf8')).toBe(a.stdout);
    const uids = [...a.stdout.matchAll(/^UID:(.*?)\r?$/gm)].map((m) => m[1]);
    expect(uids).toContain('2026-12-09-veille-budget-ess-metropole.twitter@lm-post');
    expect(new Set(uids).size).toBe(uids.length);
    // Times are absolute (UTC): 12:15 in Paris is 11:15Z.
    expect(a.stdout).toContain('DTSTART:20261209T111500Z');
  });

  describe('the review state of each post', () => {
    // Three posts of the example queue: one approved, one never reviewed, one rejected.
    const dir = path.join(tmp, 'review');
    const ids = { approved: '2026-12-03-veille-panorama-tiers-lieux', draft: '2026-12-05-presence-forum-ess-metropole', rejected: '2026-12-12-assemblee-generale' };
    const cli = (args: string[]) => runCli(args, { cwd: dir, ...NOW });
    type Entry = { post: string; network: string; state: string; approved: boolean; review?: string };
    let cal: { days: { date: string; entries: Entry[] }[]; gaps: { network: string }[]; xCost: { scheduled: number; pending: number; total: number } };
    const entry = (post: string, network: string) => cal.days.flatMap((d) => d.entries).find((e) => e.post === post && e.network === network)!;
    beforeAll(async () => {
      const { cpSync, mkdirSync } = await import('node:fs');
      mkdirSync(path.join(dir, 'queue'), { recursive: true });
      cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
      cpSync(path.join(REPO, 'queue/media'), path.join(dir, 'queue/media'), { recursive: true });
      for (const id of Object.values(ids)) cpSync(path.join(REPO, `queue/${id}.yaml`), path.join(dir, `queue/${id}.yaml`));
      const a = await cli(['approve', ids.approved, '--as', 'sacha']);
      expect(a.code, a.stdout + a.stderr).toBe(0);
      const r = await cli(['reject', ids.rejected, '--as', 'sacha', '--note', 'Pas cette année']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const j = await cli(['calendar', '--month', '2026-12', '--json']);
      expect(j.code, j.stderr).toBe(0);
      cal = JSON.parse(j.stdout) as typeof cal;
    });

    it('--json: approved and review on each entry', () => {
      expect(entry(ids.approved, 'twitter')).toMatchObject({ state: 'scheduled', approved: true, review: 'approved' });
      expect(entry(ids.draft, 'twitter')).toMatchObject({ state: 'scheduled', approved: false, review: 'draft' });
      expect(entry(ids.rejected, 'facebook')).toMatchObject({ state: 'scheduled', approved: false, review: 'rejected' });
      // A rejected post will not go out: no cadence counted from it, no X cost.
      expect(cal.gaps.find((g) => g.network === 'facebook')).toBeUndefined();
      expect(cal.xCost.pending).toBeGreaterThan(0);
      expect(cal.xCost.pending).toBeLessThan(cal.xCost.scheduled);
    });

    it('text (fr and en): a distinct mark and words, a legend, gaps as people read dates', async () => {
      const fr = await cli(['calendar', '--month', '2026-12']);
      expect(fr.code, fr.stderr).toBe(0);
      expect(fr.stdout).toContain('○ programmé (approuvé), ◌ à approuver');
      expect(fr.stdout).toMatch(/\| jeu\. 03 \| ○ 08:30 Le nouveau panorama[^|]*\|/);
      expect(fr.stdout).not.toMatch(/\| jeu\. 03 \|[^\n]*à approuver/);
      expect(fr.stdout).toMatch(/\| sam\. 05 \| ◌ 10:30 Forum de l'ESS de la Métropole de Lyon \(à approuver\) \|/);
      expect(fr.stdout).toMatch(/\| sam\. 12 \|[^\n]*✗ 10:00 Assemblée générale 2026 \(refusé\)/);
      expect(fr.stdout).toContain('- X (Twitter) : 0 publiés, 2 programmés (dont 1 à approuver)');
      expect(fr.stdout).toContain('- Facebook : 0 publiés, 0 programmés, 1 refusé(s)');
      expect(fr.stdout).toContain('⚠ X (Twitter) : 26 jours sans billet du samedi 5 décembre au jeudi 31 décembre 2026 (la charte en prévoit au plus 7).');
      expect(fr.stdout).not.toMatch(/sans billet du 2026-/);
      const en = await cli(['calendar', '--month', '2026-12', '--lang', 'en']);
      expect(en.stdout).toContain('○ scheduled (approved), ◌ to approve');
      expect(en.stdout).toContain("◌ 10:30 Forum de l'ESS de la Métropole de Lyon (to approve)");
      expect(en.stdout).toContain('26 days without a post from Saturday 5 December to Thursday 31 December 2026');
    });

    it('html: the state in words in the cell, not by a mark alone', async () => {
      const h = await cli(['calendar', '--month', '2026-12', '--format', 'html']);
      expect(h.code, h.stderr).toBe(0);
      expect(h.stdout).toContain('>◌ 10:30 Forum de l&#39;ESS de la Métropole de Lyon (à approuver)</td>'.replace('&#39;', "'"));
      expect(h.stdout).toMatch(/>○ 08:30 Le nouveau panorama[^<]*<\/td>/);
      expect(h.stdout).toContain('✗ 10:00 Assemblée générale 2026 (refusé)');
    });

    it('ics: CONFIRMED when approved, TENTATIVE while awaiting approval, CANCELLED when rejected', async () => {
      const i = await cli(['calendar', '--month', '2026-12', '--format', 'ics']);
      expect(i.code, i.stderr).toBe(0);
      const events = Object.fromEntries(
        i.stdout
          .replace(/\r?\n[ \t]/g, '') // RFC 5545 §3.1: long lines are folded
          .split(/BEGIN:VEVENT\r?\n/)
          .slice(1)
          .map((e) => [/^UID:(.*?)\r?$/m.exec(e)![1]!, { status: /^STATUS:(.*?)\r?$/m.exec(e)?.[1], summary: /^SUMMARY:(.*?)\r?$/m.exec(e)?.[1] }]),
      );
      expect(events[`${ids.approved}.twitter@lm-post`]).toMatchObject({ status: 'CONFIRMED', summary: expect.stringMatching(/^○ /) });
      expect(events[`${ids.draft}.twitter@lm-post`]).toMatchObject({ status: 'TENTATIVE', summary: expect.stringMatching(/^◌ .*à approuver$/) });
      expect(events[`${ids.rejected}.facebook@lm-post`]).toMatchObject({ status: 'CANCELLED', summary: expect.stringMatching(/^✗ .*refusé$/) });
    });
  });

  it('refuses a month that is not YYYY-MM', async () => {
    const r = await runCli(['calendar', '--month', '2026-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AAAA-MM');
    expect(BIN).toBeTruthy();
  });
});
