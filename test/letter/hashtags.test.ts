// SPEC §17: hashtags read naturally in the letter and the feeds (same words, no social markup).
import { describe, expect, it } from 'vitest';
import type { Charter } from '../../src/charter/types.js';
import { letterText } from '../../src/letter/render-text.js';

const charter = { accounts: {} } as unknown as Charter;
const words = (text: string) => letterText({ type: 'veille', author: 'malik', text }, charter);

describe('letter text: hashtags', () => {
  it('drops trailing lines made only of hashtags', () => {
    expect(words('Venez au #JeudiWe ce soir !\n#ESS #Lyon')).toBe('Venez au JeudiWe ce soir !');
    expect(words('Un guide à lire.\n\n#ESS #TiersLieux\n#Lyon\n')).toBe('Un guide à lire.');
  });
  it('drops a run of hashtags ending the last sentence', () => {
    expect(words('Nous sommes au Forum toute la journée ! #ESS #Lyon7')).toBe('Nous sommes au Forum toute la journée !');
  });
  it('keeps the word of an inline hashtag, without its #', () => {
    expect(words('Le #compost du #JeudiWe, c’est jeudi')).toBe('Le compost du JeudiWe, c’est jeudi');
    expect(words('Rendez-vous au #JeudiWe')).toBe('Rendez-vous au JeudiWe');
  });
});
