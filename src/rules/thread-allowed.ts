import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'thread-allowed',
    defaultSeverity: 'error',
    description: {
      fr: 'Un fil (thread) n’est permis que pour les types qui l’autorisent (live-tweet).',
      en: 'A thread is only allowed for types that allow it (live-tweet).',
    },
    messages: {
      notAllowed: {
        fr: 'Le type « {{type}} » ne permet pas de fil (thread) : faites un billet par message ou utilisez un type qui le permet ({{types}}).',
        en: 'Type "{{type}}" does not allow a thread: write one post per message or use a type that allows it ({{types}}).',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const type = ctx.charter.types[data.type];
    if (!type || !data.thread || type.thread) return;
    const types = Object.entries(ctx.charter.types).filter(([, t]) => t.thread).map(([id]) => id);
    ctx.report({ messageId: 'notAllowed', path: ['thread'], key: true, data: { type: data.type, types: types.join(', ') || '—' } });
  },
});
