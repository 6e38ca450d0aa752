// Defects found by a code review, kept fixed: a reused post id, reconciliation that must not
// take another post for ours, an edit after a killed run, a rejection during a run.
import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QUARTIER, inProcess, publishIn, receipts, setup } from './helpers.js';

const VEILLE = (text: string, link: string) => `type: veille\nauthor: malik\ntext: ${JSON.stringify(text)}\nlink: ${link}\n`;

describe('review findings', () => {
  it('a new post reusing the file name of one published earlier is published, not mistaken for the old one', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [QUARTIER]);
    writeFileSync(ws.file('reuse'), VEILLE('Le guide de la gouvernance partagée est paru.', 'https://example.org/guide-2026'));
    expect((await inProcess(ws.root, ['approve', 'reuse', '--as', 'dominique'], {})).code).toBe(0);
    expect((await publishIn(ws, sb, ['reuse'])).code).toBe(0);
    const first = receipts(ws, 'reuse').twitter!.id;
    // A month later the file is archived and a new post takes the same name (the journal stays).
    rmSync(ws.file('reuse'));
    writeFileSync(ws.file('reuse'), VEILLE('Nouveau panorama des tiers-lieux en région.', 'https://example.org/panorama-2027'));
    expect((await inProcess(ws.root, ['approve', 'reuse', '--as', 'dominique'], {})).code).toBe(0);
    const r = await publishIn(ws, sb, ['reuse']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter').map((p) => p.text.split('\n')[0])).toEqual(['Le guide de la gouvernance partagée est paru.', 'Nouveau panorama des tiers-lieux en région.']);
    expect(receipts(ws, 'reuse').twitter!.id).not.toBe(first);
  }, 60_000);

  it('after a lost connection, a post whose words match but whose link differs is not taken for ours', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [QUARTIER]);
    writeFileSync(ws.file('a'), VEILLE('À lire 👇 #ESS', 'https://example.org/article-a'));
    expect((await inProcess(ws.root, ['approve', 'a', '--as', 'dominique'], {})).code).toBe(0);
    const ra = await publishIn(ws, sb, ['a', '--network', 'twitter']);
    expect(ra.code, ra.stdout + ra.stderr).toBe(0);
    writeFileSync(ws.file('b'), VEILLE('À lire 👇 #ESS', 'https://example.org/article-b'));
    expect((await inProcess(ws.root, ['approve', 'b', '--as', 'dominique'], {})).code).toBe(0);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-before' } });
    const r = await publishIn(ws, sb, ['b', '--network', 'twitter']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(2);
    expect(receipts(ws, 'b').twitter!.id).not.toBe(receipts(ws, 'a').twitter!.id);
  }, 60_000);

  it('a rejection wins over the trained-author rule of a live-tweet', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [QUARTIER]);
    const starts = new Date(Date.now() - 10 * 60_000).toISOString();
    writeFileSync(ws.file('lt'), `type: livetweet\nauthor: ines\ntext: "1/ En direct des Rencontres"\nevent:\n  name: Rencontres\n  starts: ${starts}\n`);
    expect((await inProcess(ws.root, ['reject', 'lt', '--as', 'dominique', '--note', 'Pas ce fil'], {})).code).toBe(0);
    const r = await publishIn(ws, sb, ['lt']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Post rejected by dominique: "Pas ce fil"');
    expect(sb.posts('twitter')).toHaveLength(0);
  }, 60_000);
});
