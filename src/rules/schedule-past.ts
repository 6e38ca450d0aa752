import { dateTimeInBoth, parseDateTime } from '../util/time.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'schedule-past',
    defaultSeverity: 'warn',
    description: {
      fr: 'La date de publication (publish_at) d’un billet pas encore publié n’est pas passée.',
      en: 'publish_at of a post not yet published is not in the past.',
    },
    messages: {
      past: {
        fr: 'La date de publication, {{at}}, est passée et le billet n’est pas encore publié partout : il partira dès la prochaine publication, ou changez publish_at.',
        en: 'The publication date, {{at}}, is past and the post is not yet published everywhere: it will go out at the next publish run, or change publish_at.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    if (!data.publish_at) return;
    const at = parseDateTime(data.publish_at, ctx.charter.timezone);
    if (!at || at >= ctx.now) return;
    const done = ctx.targets.every((n) => data.published?.[n]);
    if (!done) ctx.report({ messageId: 'past', path: ['publish_at'], data: { at: dateTimeInBoth(at, ctx.charter.timezone) } });
  },
});
