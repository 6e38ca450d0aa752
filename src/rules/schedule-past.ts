import { dateTimeInBoth, parseDateTime } from '../util/time.js';
import { defineRule } from './types.js';
import { PAST_DATE } from '../workflow/past-date.js';

export default defineRule({
  meta: {
    id: 'schedule-past',
    defaultSeverity: 'warn',
    description: {
      fr: 'La date de publication (publish_at) d’un billet pas encore publié n’est pas passée.',
      en: 'publish_at of a post not yet published is not in the past.',
    },
    messages: {
      // SPEC §17: the same words in check, list, review and publish --dry-run.
      past: PAST_DATE,
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    if (!data.publish_at) return;
    const at = parseDateTime(data.publish_at, ctx.charter.timezone);
    if (!at || at >= ctx.now) return;
    const done = ctx.targets.every((n) => data.published?.[n]);
    if (!done) ctx.report({ messageId: 'past', path: ['publish_at'], data: { at: dateTimeInBoth(at, ctx.charter.timezone), id: ctx.post.id } });
  },
});
