// The letter's approval under SPEC §16: signed by a validator who wrote none of its items; a
// self-approval, an unsigned record, a hand re-attributed `by` or a signature from another
// fortnight are refused at --send, named, and nothing reaches the (sandbox) mailbox.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { crashSigns } from '../helpers/cli.js';
import { approveSocialPosts, emlFiles, exampleWorkspace, FORTNIGHT } from '../letter/helpers.js';

const mailbox = (root: string) => path.join(root, '.lm-post', 'sandbox', 'smtp');
const record = (queue: string) => path.join(queue, 'letters', '2026-11-30.yaml');

describe('the letter’s signed approval', () => {
  it('dominique wrote an item: refused at approve time; sacha’s signed approval is written; forged records are refused at --send and nothing is sent', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    // Social posts reach the letter once approved (SPEC §17): dominique's general assembly is then in it.
    await approveSocialPosts(ws);
    const own = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'dominique', '--lang', 'fr']);
    expect(crashSigns(own)).toEqual([]);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/« dominique » a écrit un des articles de la lettre .*une autre personne validatrice doit l’approuver/);

    const ok = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'sacha']);
    expect(ok.code, ok.stderr).toBe(0);
    const rec = parse(readFileSync(record(ws.queue), 'utf8')) as { review: Record<string, string>; history: Record<string, string>[] };
    expect(rec.review).toMatchObject({ state: 'approved', by: 'sacha' });
    expect(rec.review.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----/);
    expect(rec.history.at(-1)!.signature).toBe(rec.review.signature);
    const signed = readFileSync(record(ws.queue), 'utf8');

    const forged: [string, (r: typeof rec) => void, RegExp][] = [
      ['unsigned', (r) => delete (r.review as Partial<Record<string, string>>).signature, /Décision de sacha non signée/],
      ['by changed by hand', (r) => (r.review.by = 'dominique'), /« dominique » a écrit un des articles de la lettre/],
      ['at changed by hand', (r) => (r.review.at = '2026-11-29T10:00:00.000Z'), /La signature de sacha ne correspond plus au bloc de relecture/],
    ];
    for (const [what, edit, said] of forged) {
      const r = parse(signed) as typeof rec;
      edit(r);
      writeFileSync(record(ws.queue), stringify(r));
      const send = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox', '--lang', 'fr']);
      expect(crashSigns(send)).toEqual([]);
      expect(send.code, what).toBe(1);
      expect(send.stderr, what).toMatch(said);
      expect(emlFiles(mailbox(ws.root)), what).toEqual([]);
    }
    // The signed record as lm-post wrote it goes out.
    writeFileSync(record(ws.queue), signed);
    const send = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
    expect(send.code, send.stdout + send.stderr).toBe(0);
    expect(emlFiles(mailbox(ws.root))).toHaveLength(1);
  }, 90_000);
});
