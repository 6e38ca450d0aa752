import { extractHashtags } from '../render/length.js';
import { textFields } from './util.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'hashtag-case',
    defaultSeverity: 'warn',
    description: {
      fr: 'Un hashtag de la charte est écrit avec sa graphie de référence (#jeudiwe → #JeudiWe), plus lisible et mieux lu par les lecteurs d’écran.',
      en: 'A charter hashtag uses its canonical spelling (#jeudiwe → #JeudiWe): more readable, and screen readers say it right.',
    },
    messages: {
      wrongCase: {
        fr: 'Écrivez « #{{canonical}} » plutôt que « #{{written}} » (graphie de la charte).',
        en: 'Write "#{{canonical}}" rather than "#{{written}}" (the charter\'s spelling).',
      },
    },
  },
  check(ctx) {
    const canon = new Map((ctx.charter.hashtags ?? []).map((h) => [h.toLocaleLowerCase('fr'), h]));
    if (!canon.size) return;
    for (const f of textFields(ctx.post.data)) {
      for (const h of extractHashtags(f.text)) {
        const c = canon.get(h.tag.toLocaleLowerCase('fr'));
        if (c && c !== h.tag) ctx.report({ messageId: 'wrongCase', path: f.path, needle: `#${h.tag}`, at: h.start, data: { canonical: c, written: h.tag } });
      }
    }
  },
});
