import { scheduledTime } from '../lint/queue-index.js';
import { dateTimeInBoth } from '../util/time.js';
import { defineRule } from './types.js';

const DAY = 86_400_000;

export default defineRule({
  meta: {
    id: 'cadence',
    defaultSeverity: 'warn',
    description: {
      fr: 'Un réseau ne reste pas plus de schedule.cadence jours sans billet (calcul sur la file et les billets publiés).',
      en: 'A network does not go more than schedule.cadence days without a post (over the queue and published posts).',
    },
    messages: {
      gap: {
        fr: '{{days}} jours sans billet sur {{network}} avant celui-ci (la charte en prévoit au plus {{max}}) : prévoyez un billet entre le {{from}} et le {{to}}.',
        en: '{{days}} days without a post on {{network}} before this one (the charter allows at most {{max}}): plan a post between {{from}} and {{to}}.',
      },
    },
  },
  check(ctx) {
    const cadence = ctx.charter.schedule?.cadence;
    if (!cadence) return;
    const tz = ctx.charter.timezone;
    for (const network of ctx.targets) {
      const max = cadence[network];
      if (!max) continue;
      const own = scheduledTime(ctx.post.data, network, tz);
      if (!own) continue;
      // The latest other post on the network at or before this one (a binary search).
      const prevMs = ctx.queue.previousTime(network, own.getTime(), ctx.post.path);
      // Without an earlier post in view there is no gap to speak of.
      if (prevMs === undefined) continue;
      const prev = new Date(prevMs);
      const days = Math.floor((own.getTime() - prev.getTime()) / DAY);
      if (days > max) {
        ctx.report({
          messageId: 'gap',
          path: ctx.post.data.published?.[network] ? ['published', network] : ['publish_at'],
          network,
          data: { days, max, from: dateTimeInBoth(prev, tz), to: dateTimeInBoth(own, tz) },
        });
      }
    }
  },
});
