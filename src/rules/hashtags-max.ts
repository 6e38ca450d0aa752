import { extractHashtags } from '../render/length.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'hashtags-max',
    defaultSeverity: 'warn',
    description: {
      fr: 'Pas plus de hashtags par message que la charte n’en prévoit pour le réseau (max_hashtags).',
      en: 'No more hashtags per message than the charter allows on the network (max_hashtags).',
    },
    messages: {
      tooMany: {
        fr: 'Trop de hashtags pour {{network}} : {{count}}, au plus {{max}} ({{tags}}). Gardez les plus utiles.',
        en: 'Too many hashtags for {{network}}: {{count}}, at most {{max}} ({{tags}}). Keep the most useful ones.',
      },
    },
  },
  check(ctx) {
    for (const network of ctx.targets) {
      const max = ctx.charter.networks[network]?.max_hashtags;
      if (max === undefined) continue;
      for (const item of ctx.render(network).items) {
        const tags = extractHashtags(item.text);
        if (tags.length > max) {
          ctx.report({
            messageId: 'tooMany',
            path: item.path,
            network,
            data: { count: tags.length, max, tags: tags.map((t) => `#${t.tag}`).join(' ') },
          });
        }
      }
    }
  },
});
