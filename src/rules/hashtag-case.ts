import { extractHashtags } from '../render/length.js';
import { textFields } from './util.js';
import { defineRule } from './types.js';

// The charter's hashtags by their lower case, built once per charter rather than per post.
const NO_TAGS: readonly string[] = [];
const canons = new WeakMap<readonly string[], Map<string, string>>();
function canonOf(tags: readonly string[]): Map<string, string> {
  let m = canons.get(tags);
  if (!m) canons.set(tags, (m = new Map(tags.map((h) => [h.toLocaleLowerCase('fr'), h]))));
  return m;
}

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
    const canon = canonOf(ctx.charter.hashtags ?? NO_TAGS);
    if (!canon.size) return;
    for (const f of textFields(ctx.post.data)) {
      for (const h of extractHashtags(f.text)) {
        const c = canon.get(h.tag.toLocaleLowerCase('fr'));
        if (c && c !== h.tag) ctx.report({ messageId: 'wrongCase', path: f.path, needle: `#${h.tag}`, at: h.start, data: { canonical: c, written: h.tag } });
      }
    }
  },
});
