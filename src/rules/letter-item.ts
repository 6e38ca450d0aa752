import { askedForLetter, candidateSections, inLetter } from '../letter/membership.js';
import { letterText } from '../letter/render-text.js';
import { graphemes } from '../render/length.js';
import { mediaFields } from './util.js';
import { defineRule } from './types.js';

let frSegmenter: Intl.Segmenter | undefined;
const FR_GRAPHEMES = () => (frSegmenter ??= new Intl.Segmenter('fr', { granularity: 'grapheme' }));

export default defineRule({
  meta: {
    id: 'letter-item',
    defaultSeverity: 'error',
    description: {
      fr: 'Un article de la lettre de la quinzaine a une section qui le prend, une date (publish_at ou event.starts) et respecte les limites de la lettre (longueur, images).',
      en: 'An item of the fortnightly letter has a section that takes it, a date (publish_at or event.starts) and keeps within the letter’s limits (length, images).',
    },
    messages: {
      noSection: {
        fr: 'Aucune section de la lettre ne prend le type « {{type}} » : ajoutez-le aux types d’une section (letter.sections de la charte) ou retirez « letter: true ».',
        en: 'No section of the letter takes type "{{type}}": add it to a section’s types (the charter’s letter.sections) or remove "letter: true".',
      },
      noDate: {
        fr: 'Un article de la lettre doit avoir une date (publish_at ou event.starts) : c’est elle qui dit dans quelle quinzaine il paraît.',
        en: 'A letter item needs a date (publish_at or event.starts): it tells which fortnight it belongs to.',
      },
      tooLong: {
        fr: 'Trop long pour la lettre : {{length}} caractères, au plus {{max}}.',
        en: 'Too long for the letter: {{length}} characters, at most {{max}}.',
      },
      tooManyMedia: {
        fr: 'Trop d’images pour la lettre : {{count}}, au plus {{max}}.',
        en: 'Too many images for the letter: {{count}}, at most {{max}}.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const letter = ctx.charter.letter;
    if (!letter || !inLetter(data, ctx.charter) || !ctx.charter.types[data.type]) return;
    if (askedForLetter(data, ctx.charter) && !candidateSections(data, ctx.charter).length) {
      ctx.report({ messageId: 'noSection', path: data.letter === true ? ['letter'] : ['type'], data: { type: data.type } });
    }
    if (!data.publish_at && !data.event?.starts) ctx.report({ messageId: 'noDate', path: [], key: true });
    const max = letter.max_length;
    if (max !== undefined) {
      const length = graphemes(letterText(data, ctx.charter), FR_GRAPHEMES);
      if (length > max) ctx.report({ messageId: 'tooLong', path: ['text'], data: { length, max } });
    }
    const media = mediaFields(data).filter((m) => m.path[0] === 'media');
    if (letter.max_media !== undefined && media.length > letter.max_media) {
      ctx.report({ messageId: 'tooManyMedia', path: ['media'], data: { count: media.length, max: letter.max_media } });
    }
  },
});
