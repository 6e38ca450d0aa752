import { textFields } from './util.js';
import { defineRule } from './types.js';


export default defineRule({
  meta: {
    id: 'french-typography',
    defaultSeverity: 'off',
    description: {
      fr: 'Typographie française : espace insécable avant « : ; ! ? » et à l’intérieur des guillemets « ».',
      en: 'French typography: no-break space before ": ; ! ?" and inside « » quotes.',
    },
    messages: {
      beforePunct: {
        fr: 'Mettez une espace insécable avant « {{punct}} » (et pas une espace ordinaire, qui peut renvoyer la ponctuation à la ligne).',
        en: 'Put a no-break space before "{{punct}}" (not an ordinary space, which may push the punctuation to the next line).',
      },
      quotes: {
        fr: 'Mettez une espace insécable à l’intérieur des guillemets « ».',
        en: 'Put a no-break space inside « » quotes.',
      },
    },
  },
  check(ctx) {
    for (const f of textFields(ctx.post.data)) {
      // Leave URLs, times (19:00), emoticons and smileys alone.
      const text = f.text.replace(/\bhttps?:\/\/\S+/g, (s) => '_'.repeat(s.length));
      for (const m of text.matchAll(/([^\s\u00A0\u202F\d:;!?])( ?)([;:!?])(?=\s|$)/g)) {
        const punct = m[3]!;
        const needle = `${m[1]}${m[2]}${punct}`;
        ctx.report({ messageId: 'beforePunct', path: f.path, needle, at: m.index, data: { punct } });
      }
      for (const m of text.matchAll(/«(?![\u00A0\u202F])|(?<![\u00A0\u202F])»/g)) {
        ctx.report({ messageId: 'quotes', path: f.path, needle: m[0], at: m.index });
      }
    }
  },
});
