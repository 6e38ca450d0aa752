import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'network-for-type',
    defaultSeverity: 'error',
    description: {
      fr: 'Les réseaux choisis (networks) font partie de ceux du type (une offre ne va pas sur X).',
      en: 'Explicit networks are among the type\'s networks (an offer does not go to X).',
    },
    messages: {
      notForType: {
        fr: 'Un billet « {{type}} » ne va pas sur {{network}} : la charte le réserve à {{allowed}}.',
        en: 'A "{{type}}" post does not go to {{network}}: the charter keeps it for {{allowed}}.',
      },
      variantUnused: {
        fr: 'La variante « {{variant}} » ne sera jamais utilisée : ce billet ne va pas sur ce réseau.',
        en: 'Variant "{{variant}}" will never be used: this post does not go to that network.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const type = ctx.charter.types[data.type];
    if (!type) return;
    const label = (n: string) => ctx.charter.networks[n as 'twitter']?.label ?? n;
    data.networks?.forEach((n, i) => {
      if (!type.networks.includes(n)) {
        ctx.report({
          messageId: 'notForType',
          path: ['networks', i],
          data: { type: data.type, network: label(n), allowed: type.networks.map(label).join(', ') },
        });
      }
    });
    for (const v of Object.keys(data.variants ?? {})) {
      if (!ctx.targets.includes(v as 'twitter')) {
        ctx.report({ messageId: 'variantUnused', path: ['variants', v], key: true, data: { variant: v }, warnOnly: true });
      }
    }
  },
});
