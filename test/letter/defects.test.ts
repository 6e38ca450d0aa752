// Issue 21, points 10 and 17: the letter reads only what the publishers would, and nobody approves
// a letter holding their own item.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashSigns } from '../helpers/cli.js';
import { approveSocialPosts, emlFiles, exampleWorkspace, FORTNIGHT } from './helpers.js';

describe('lm-post letter: defects of issue 21', () => {
  it('point 10: with media-file relaxed in the charter, an item attaching ../.env is an error: left out (refused with --strict), never mailed', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const charter = path.join(ws.root, 'charter/charter.yaml');
    writeFileSync(charter, readFileSync(charter, 'utf8').replace(/^  media-file: error/m, '  media-file: off'));
    writeFileSync(path.join(ws.root, '.env'), 'LM_POST_SMTP_URL=smtp://lettre:Env-Secret-42@relay.example:587\n');
    const item = path.join(ws.queue, '2026-12-10-petit-rdv-repas-partage.yaml');
    writeFileSync(item, readFileSync(item, 'utf8').replace('file: media/bocaux.jpg', 'file: ../.env'));
    // --strict refuses a letter with an item in error; without it, the item is left out and said so (SPEC §17).
    const strict = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'sacha', '--strict']);
    expect(crashSigns(strict)).toEqual([]);
    expect(strict.code, strict.stdout + strict.stderr).toBe(1);
    expect(strict.stdout + strict.stderr).toMatch(/media-file/);
    const approve = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'sacha']);
    expect(crashSigns(approve)).toEqual([]);
    expect(approve.code, approve.stdout + approve.stderr).toBe(0);
    expect(approve.stderr).toMatch(/2026-12-10-petit-rdv-repas-partage\.yaml : erreur — .*« \.\.\/\.env » sort du dossier des billets/);
    const send = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
    expect(send.code, send.stdout + send.stderr).toBe(0);
    const mailbox = path.join(ws.root, '.lm-post', 'sandbox', 'smtp');
    expect(emlFiles(mailbox).length).toBe(1);
    for (const f of emlFiles(mailbox)) {
      const eml = readFileSync(f, 'utf8');
      expect(eml).not.toContain(Buffer.from('Env-Secret-42').toString('base64').slice(0, 12));
      expect(eml).not.toContain(Buffer.from('LM_POST_SMTP_URL').toString('base64').slice(0, 12));
      expect(eml).not.toMatch(/filename="?\.env/);
    }
    // The HTML of the letter does not read it either.
    const html = await ws.run(['letter', ...FORTNIGHT, '--format', 'html']);
    expect(html.stdout).not.toContain(Buffer.from('LM_POST_SMTP_URL').toString('base64').slice(0, 12));
  }, 60_000);

  it('point 17: a validator who wrote one of the items cannot approve the letter, and an approval recorded by them does not send it', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveSocialPosts(ws);
    // dominique wrote the general assembly's announcement, which is in this fortnight's letter.
    const own = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'dominique']);
    expect(crashSigns(own)).toEqual([]);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/on n’approuve pas son propre travail/);
    // A hand-written approval by dominique (the digest is right) does not count either.
    const ok = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'sacha']);
    expect(ok.code, ok.stderr).toBe(0);
    const rec = path.join(ws.queue, 'letters', '2026-11-30.yaml');
    writeFileSync(rec, readFileSync(rec, 'utf8').replace(/by: sacha/g, 'by: dominique'));
    const send = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
    expect(send.code).toBe(1);
    expect(send.stderr).toMatch(/on n’approuve pas son propre travail/);
    expect(emlFiles(path.join(ws.root, '.lm-post', 'sandbox', 'smtp'))).toEqual([]);
  }, 60_000);
});
