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
        }
      });
    }
  },
});
