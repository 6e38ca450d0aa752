import { closest } from '../util/suggest.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'type-known',
    defaultSeverity: 'error',
    description: { fr: 'Le type du billet est déclaré dans la charte.', en: 'The post type is declared in the charter.' },
    messages: {
      unknown: {
        fr: 'Type de billet inconnu « {{type}} ». Types de la charte (en minuscules, sans accent) : {{types}}.',
        en: 'Unknown post type "{{type}}". Charter types (lowercase, without accents): {{types}}.',
      },
      didYouMean: {
        fr: 'Type de billet inconnu « {{type}} » : vouliez-vous dire {{suggestion}} ? Un type s’écrit comme dans la charte, en minuscules sans accent (ex. type: {{suggestion}}).',
        en: 'Unknown post type "{{type}}": did you mean {{suggestion}}? A type is written as in the charter, lowercase without accents (e.g. type: {{suggestion}}).',
      },
    },
  },
  check(ctx) {
    const { type } = ctx.post.data;
    if (!ctx.charter.types[type]) {
      const suggestion = closest(type, Object.keys(ctx.charter.types));
      if (suggestion) return ctx.report({ messageId: 'didYouMean', path: ['type'], data: { type, suggestion } });
      ctx.report({ messageId: 'unknown', path: ['type'], data: { type, types: Object.keys(ctx.charter.types).join(', ') } });
    }
  },
});
