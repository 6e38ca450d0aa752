import { BLUESKY_MAX_BYTES } from '../render/bluesky.js';
import { networkLength } from '../render/length.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'max-length',
    defaultSeverity: 'error',
    description: {
      fr: 'Le texte envoyé à chaque réseau (mentions rendues, lien ajouté, variantes, chaque message du fil) tient dans sa limite, compté comme le réseau compte.',
      en: 'The text sent to each network (mentions rendered, link appended, variants, every thread item) fits its limit, counted as the network counts.',
    },
    messages: {
      tooLong: {
        fr: 'Texte trop long pour {{network}} : {{length}}/{{max}} caractères comptés comme {{network}} les compte ({{over}} de trop).',
        en: 'Text too long for {{network}}: {{length}}/{{max}} characters as {{network}} counts them ({{over}} too many).',
      },
      tooManyBytes: {
        fr: 'Texte trop long pour {{network}} : {{bytes}}/{{max}} octets en UTF-8 (les émojis et lettres accentuées comptent plusieurs octets ; {{over}} de trop).',
        en: 'Text too long for {{network}}: {{bytes}}/{{max}} bytes in UTF-8 (emoji and accented letters take several bytes; {{over}} too many).',
      },
    },
  },
  check(ctx) {
    for (const network of ctx.targets) {
      const max = ctx.charter.networks[network]?.max_length;
      if (!max) continue;
      const rendered = ctx.render(network);
      rendered.items.forEach((item, i) => {
        // The content warning counts toward Mastodon's limit on the first status only.
        const length = networkLength(network, item.text, i === 0 ? rendered.spoiler : undefined);
        if (length > max) {
          ctx.report({ messageId: 'tooLong', path: item.path, network, data: { length, max, over: length - max } });
        } else if (network === 'bluesky') {
          // Bluesky's second limit (lexicon app.bsky.feed.post: text maxLength 3000 bytes).
          const bytes = Buffer.byteLength(item.text, 'utf8');
          if (bytes > BLUESKY_MAX_BYTES) ctx.report({ messageId: 'tooManyBytes', path: item.path, network, data: { bytes, max: BLUESKY_MAX_BYTES, over: bytes - BLUESKY_MAX_BYTES } });
        }
      });
    }
  },
});
