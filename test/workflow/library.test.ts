// The library parts of the people's workflow, called directly: slugs, French dates, the slot
// suggestion, review decisions with history, live-tweet lines, image import.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import { CHARTER, REPO } from '../helpers/cli.js';
import { importImage } from '../../src/workflow/compose.js';
import { decide, reviewHistory } from '../../src/workflow/decisions.js';
import { alreadyInThread, parseImageLine } from '../../src/workflow/live.js';
import { slugFromText, slugify } from '../../src/workflow/slug.js';
import { isoInZone, parseWhen, suggestSlot } from '../../src/workflow/when.js';

const charter = loadCharter(CHARTER, REPO);
const TZ = 'Europe/Paris';
// Tuesday 1 December 2026, 11:14 in Paris.
const NOW = new Date('2026-12-01T10:14:00Z');

describe('slugs', () => {
  it('ASCII, at most 40 characters, cut at a word', () => {
    expect(slugify('JeudiWe spécial compost : œufs & bocaux !')).toBe('jeudiwe-special-compost-oeufs-bocaux');
    expect(slugify('a'.repeat(20) + ' ' + 'b'.repeat(30))).toBe('a'.repeat(20));
    expect(slugFromText('Le nouveau panorama des tiers-lieux est paru {@cress} https://x.org')).toBe('le-nouveau-panorama-des-tiers');
  });
});

describe('French dates in the charter timezone', () => {
  it.each([
    ['demain 10h', '2026-12-02T10:00:00+01:00'],
    ['demain 10h30', '2026-12-02T10:30:00+01:00'],
    ['jeudi 19h', '2026-12-03T19:00:00+01:00'],
    ['10/12 à 19h', '2026-12-10T19:00:00+01:00'],
    ['2026-12-10T19:00', '2026-12-10T19:00:00+01:00'],
    ['2026-07-14 09:00', '2026-07-14T09:00:00+02:00'],
    ['demain midi', '2026-12-02T12:00:00+01:00'],
    ['le 10/12 à 19h', '2026-12-10T19:00:00+01:00'],
  ])('%s → %s', async (typed, iso) => {
    const d = await parseWhen(typed, TZ, NOW);
    expect(d && isoInZone(d, TZ)).toBe(iso);
  });
  it('refuses what it does not understand', async () => {
    expect(await parseWhen('quand Paul pourra', TZ, NOW)).toBeUndefined();
    expect(await parseWhen('', TZ, NOW)).toBeUndefined();
  });
  // Found by a new-user review: part of the input was dropped and another date given.
  it.each(['32/12 à 19h', 'demain 25h', 'demain 99h', 'jeudi prochain chez Paul 19h'])('refuses « %s » rather than read part of it', async (typed) => {
    expect(await parseWhen(typed, TZ, NOW)).toBeUndefined();
  });
  // SPEC §17: « X prochain » said on a Monday is the X of the same week (chrono alone said the next week's).
  it.each([
    ['jeudi prochain 19h', '2026-12-10T19:00:00+01:00'],
    ['vendredi prochain à 18h30', '2026-12-11T18:30:00+01:00'],
    ['mardi prochain 10h', '2026-12-08T10:00:00+01:00'],
    ['prochain dimanche 11h', '2026-12-13T11:00:00+01:00'],
    ['lundi prochain 9h', '2026-12-14T09:00:00+01:00'],
  ])('said on Monday 7 December, « %s » → %s', async (typed, iso) => {
    const d = await parseWhen(typed, TZ, new Date('2026-12-07T09:00:00+01:00'));
    expect(d && isoInZone(d, TZ)).toBe(iso);
  });
  it('asks for the hour: « demain » alone is not silently the current time tomorrow', async () => {
    expect(await parseWhen('demain', TZ, NOW)).toBeUndefined();
  });
  it('summer time has its own offset', () => {
    expect(isoInZone(new Date('2026-07-01T08:00:00Z'), TZ)).toBe('2026-07-01T10:00:00+02:00');
  });
});

describe('next free slot', () => {
  it('the first day without a post on those networks, inside the window', () => {
    const at = (s: string) => new Date(s);
    const taken = [
      { at: at('2026-12-01T16:00:00Z'), networks: ['facebook' as const] },
      { at: at('2026-12-02T09:00:00Z'), networks: ['facebook' as const] },
      { at: at('2026-12-02T09:00:00Z'), networks: ['twitter' as const, 'mastodon' as const] },
    ];
    const fb = suggestSlot(charter, ['facebook'], taken, NOW);
    expect(isoInZone(fb.at, TZ)).toBe('2026-12-03T10:00:00+01:00');
    expect(fb.cadenceDays).toBe(charter.schedule?.cadence?.facebook);
    // Nothing on X today yet: later today, on a round hour.
    expect(isoInZone(suggestSlot(charter, ['twitter'], taken, NOW).at, TZ)).toBe('2026-12-01T12:00:00+01:00');
    // Late in the evening, tomorrow.
    expect(isoInZone(suggestSlot(charter, ['twitter'], [], new Date('2026-12-01T20:00:00Z')).at, TZ)).toBe('2026-12-02T10:00:00+01:00');
  });
});

describe('review decisions', () => {
  it('keep every decision, a colleague’s note included, newest last', () => {
    const data = { type: 'veille', author: 'malik', text: 'Une veille', link: 'https://example.org/a' };
    const r1 = decide(data, REPO, charter, { state: 'rejected', by: 'sacha', at: NOW, note: 'Lien cassé' });
    const r2 = decide({ ...data, review: r1 }, REPO, charter, { state: 'approved', by: 'dominique', at: new Date(NOW.getTime() + 60_000) });
    expect(r2).toMatchObject({ state: 'approved', by: 'dominique', at: '2026-12-01T11:15:00+01:00' });
    expect(r2.note).toBeUndefined();
    expect(reviewHistory(r2)).toEqual([
      { state: 'rejected', by: 'sacha', at: '2026-12-01T11:14:00+01:00', note: 'Lien cassé' },
      { state: 'approved', by: 'dominique', at: '2026-12-01T11:15:00+01:00' },
    ]);
    // A review written before histories existed becomes the first entry.
    const old = decide({ ...data, review: { state: 'changes-requested', by: 'sacha', at: '2026-11-30T10:00:00Z', note: 'Ajoutez un lien' } }, REPO, charter, { state: 'approved', by: 'dominique', at: NOW });
    expect(old.history?.[0]).toEqual({ state: 'changes-requested', by: 'sacha', at: '2026-11-30T10:00:00Z', note: 'Ajoutez un lien' });
  });
});

describe('live-tweet lines', () => {
  it('+image FILE ALT…, and lines already in the thread', () => {
    expect(parseImageLine('+image media/a.jpg Trois bacs en bois')).toEqual({ file: 'media/a.jpg', alt: 'Trois bacs en bois' });
    expect(parseImageLine('+image "mes photos/a.jpg" Une cour')).toEqual({ file: 'mes photos/a.jpg', alt: 'Une cour' });
    expect(parseImageLine('Une phrase +image')).toBeUndefined();
    const data = { type: 'livetweet', author: 'ines', text: '1/ Début', thread: [{ text: '2/ Suite\n' }] };
    expect(alreadyInThread(data, '2/  Suite')).toBe(true);
    expect(alreadyInThread(data, '3/ Fin')).toBe(false);
  });
});

describe('images from anywhere', () => {
  it('copied into queue/media/ under a clean name that clashes with nothing; the same bytes are reused', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-img-'));
    try {
      const queue = path.join(root, 'queue');
      copyFileSync(path.join(REPO, 'queue/media/compost.jpg'), path.join(root, 'IMG 2041.JPG'));
      copyFileSync(path.join(REPO, 'queue/media/bocaux.jpg'), path.join(root, 'other.jpg'));
      expect(importImage('IMG 2041.JPG', queue, root).ref).toBe('media/img-2041.jpg');
      expect(importImage('IMG 2041.JPG', queue, root).ref).toBe('media/img-2041.jpg');
      copyFileSync(path.join(root, 'other.jpg'), path.join(root, 'img_2041.jpg'));
      expect(importImage('img_2041.jpg', queue, root).ref).toBe('media/img-2041-2.jpg');
      expect(readFileSync(path.join(queue, 'media/img-2041.jpg')).equals(readFileSync(path.join(REPO, 'queue/media/compost.jpg')))).toBe(true);
      expect(importImage('media/img-2041.jpg', queue, root).ref).toBe('media/img-2041.jpg');
      expect(() => importImage('nope.jpg', queue, root)).toThrow(/not found/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('writing the review block', () => {
  it('keeps comments written inside an existing review block', async () => {
    const { withBlock } = await import('../../src/post/write.js');
    const source = 'type: veille\nauthor: malik\n# avant\nreview:\n  state: rejected\n  # Sacha : voir avec Malik\n  by: sacha\n  at: "2026-12-01T10:00:00+01:00"\n  note: Non\n# après\n';
    const out = withBlock(source, 'review', { state: 'approved', by: 'dominique', at: '2026-12-01T11:00:00+01:00', history: [{ state: 'rejected', by: 'sacha', at: '2026-12-01T10:00:00+01:00', note: 'Non' }] });
    expect(out).toContain('# avant\nreview:\n  state: approved\n  # Sacha : voir avec Malik\n  by: dominique\n');
    expect(out).toContain('# après\n');
    expect(out).not.toMatch(/\n  note: Non/);
    expect(out).toContain('  history:\n    - state: rejected\n');
  });
});
