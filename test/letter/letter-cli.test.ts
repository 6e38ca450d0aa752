// lm-post letter as text and MJML, its refusals: an item with errors (exit 1, nothing written),
// bad dates, no letter section.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashSigns, problemLines } from '../helpers/cli.js';
import { approveInProcess, approveSocialPosts, exampleWorkspace, FORTNIGHT } from './helpers.js';

describe('lm-post letter', () => {
  it('the plain text holds every section in order, French dates, image descriptions and the unsubscribe link; MJML is the filled-in template', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveSocialPosts(ws);
    const [text, mjml] = await Promise.all([ws.run(['letter', ...FORTNIGHT, '-f', 'text']), ws.run(['letter', '--from', '2026-12-05', '-f', 'mjml'])]);
    expect(crashSigns(text)).toEqual([]);
    expect(text.code, text.stderr).toBe(0);
    const titles = [...text.stdout.matchAll(/^== (.+) ==$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Les JeudiWe et MardiPro de la quinzaine', 'Les grands rendez-vous à venir', 'Les petits rendez-vous', 'Bienvenue aux nouveaux membres', 'Coups de main et chantiers']);
    expect(text.stdout).toMatch(/^ {2}jeudi 10 décembre de 12 h 30 à 14 h — Salle du rez-de-chaussée$/m);
    expect(text.stdout).toMatch(/^\[Image : Des bocaux en verre/m);
    expect(text.stdout).toMatch(/^Se désinscrire : https:\/\/locauxmotiv\.fr\/lettre\/desinscription$/m);
    expect(text.stdout).not.toMatch(/<[a-z]|&#|&amp;/);
    // --from alone: the fortnight that holds the day.
    expect(mjml.code, mjml.stderr).toBe(0);
    expect(mjml.stdout).toMatch(/^<mjml lang="fr">/m);
    expect(mjml.stdout).toContain('du lundi 30 novembre au dimanche 13 décembre 2026');
  });

  it('--strict: exits 1 with the item’s errors (file:line:column) and writes nothing when an item has errors', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const item = path.join(ws.queue, '2026-12-10-petit-rdv-repas-partage.yaml');
    writeFileSync(item, readFileSync(item, 'utf8').replace(/alt: ".*"/, 'alt: "bocaux"'));
    const r = await ws.run(['letter', ...FORTNIGHT, '--strict', '--out', 'lettre.html']);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    const problems = problemLines(r.stderr);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'queue/2026-12-10-petit-rdv-repas-partage.yaml', line: 8, column: 10, ruleId: 'alt-text' }));
    expect(r.stderr).toMatch(/n’est pas assemblée/);
    expect(existsSync(path.join(ws.root, 'lettre.html'))).toBe(false);
    const approve = await ws.run(['letter', ...FORTNIGHT, '--strict', '--approve', '--as', 'sacha']);
    expect(approve.code).toBe(1);
    expect(existsSync(path.join(ws.queue, 'letters'))).toBe(false);
  });

  // Issue 18's done-when, on the example queue as it is (nothing approved yet): Monday 7 December.
  it('the example queue on Monday 7 December: letter --format html exits 0 and says it left out the 3 December JeudiWe', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const r = await ws.run(['letter', '--format', 'html'], { env: { LM_POST_NOW: '2026-12-07T09:00:00+01:00' } });
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/i);
    expect(r.stderr).toContain('queue/2026-12-01-jeudiwe-compost.yaml : l’événement est fini');
    expect(r.stdout).not.toContain('Compost');
  });

  // SPEC §17, issue 18's done-when: Monday 7 December, the fortnight is under way.
  it('a fortnight under way: leaves out the event already over, the item with errors and the posts not approved, says which and why, and is built from the rest', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveSocialPosts(ws, (id) => id !== '2026-12-12-assemblee-generale');
    const item = path.join(ws.queue, '2026-12-10-petit-rdv-repas-partage.yaml');
    writeFileSync(item, readFileSync(item, 'utf8').replace(/alt: ".*"/, 'alt: "bocaux"'));
    const env = { env: { LM_POST_NOW: '2026-12-07T09:00:00+01:00' } };
    const [html, strict, approve] = await Promise.all([
      ws.run(['letter', '--format', 'html', '--out', 'lettre.html'], env),
      ws.run(['letter', '--strict', '-f', 'text'], env),
      ws.run(['letter', '--approve', '--as', 'dominique'], env),
    ]);
    expect(crashSigns(html)).toEqual([]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stderr).toContain('Laissé(s) de côté dans la lettre (3) :');
    expect(html.stderr).toContain('queue/2026-12-01-jeudiwe-compost.yaml : l’événement est fini');
    expect(html.stderr).toMatch(/queue\/2026-12-10-petit-rdv-repas-partage\.yaml : erreur — queue\/2026-12-10-petit-rdv-repas-partage\.yaml:8:10 /);
    expect(html.stderr).toContain('queue/2026-12-12-assemblee-generale.yaml : pas encore approuvé');
    const out = readFileSync(path.join(ws.root, 'lettre.html'), 'utf8');
    expect(out).not.toContain('Compost');
    expect(out).toContain('MardiPro');
    expect(out).not.toContain('Repas partagé');
    // --strict refuses instead.
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/n’est pas assemblée/);
    // The validator sees the same in the approval summary.
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain('Laissé(s) de côté dans la lettre (3) :');
    expect(approve.stdout).toContain('l’événement est fini');
    // The letter's own record writes its times in the charter's zone.
    const rec = readFileSync(path.join(ws.queue, 'letters', '2026-11-30.yaml'), 'utf8');
    expect(rec).toMatch(/at: "?2026-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00"?/);
    expect(rec).not.toMatch(/at: "?[^\n]*Z"?\n/);
  });

  it('usage errors: an impossible date, --to before --from, two actions at once (exit 2, no stack trace)', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const runs = await Promise.all([
      ws.run(['letter', '--from', '2026-02-30']),
      ws.run(['letter', '--from', '2026-12-10', '--to', '2026-12-01']),
      ws.run(['letter', '--approve', '--send', '--as', 'sacha']),
      ws.run(['letter', '--dry-run']),
    ]);
    for (const r of runs) {
      expect(crashSigns(r)).toEqual([]);
      expect(r.code, r.stderr).toBe(2);
    }
    expect(runs[0]!.stderr).toMatch(/--from « 2026-02-30 » : date AAAA-MM-JJ attendue/);
    // An approved letter still needs its SMTP variables to be sent for real.
    await approveInProcess(ws);
    const noSmtp = await ws.run(['letter', ...FORTNIGHT, '--send'], { env: { LM_POST_LETTER_TO: 'membres@example.org' } });
    expect(noSmtp.code).toBe(2);
    expect(noSmtp.stderr).toMatch(/LM_POST_SMTP_URL/);
  });

  it('a broken template is a configuration error naming the file, not a crash', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const tpl = path.join(ws.root, 'charter', 'letter', 'letter.txt');
    writeFileSync(tpl, readFileSync(tpl, 'utf8').replace('{{/sections}}', ''));
    const r = await ws.run(['letter', ...FORTNIGHT, '-f', 'text']);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Gabarit charter\/letter\/letter\.txt invalide : Unclosed section "sections"/);
  });
});
