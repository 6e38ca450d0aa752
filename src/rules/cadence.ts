import type { NetworkId } from '../charter/types.js';
import { targetsCached } from '../render/index.js';
import { parseDateTime, wallClock } from '../util/time.js';
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
        fr: '{{days}} jours sans billet sur {{network}} avant celui-ci (la charte en prévoit au plus {{max}}) : prévoyez un billet entre {{from}} et {{to}}.',
        en: '{{days}} days without a post on {{network}} before this one (the charter allows at most {{max}}): plan a post between {{from}} and {{to}}.',
      },
    },
  },
  check(ctx) {
    const cadence = ctx.charter.schedule?.cadence;
    if (!cadence) return;
    const tz = ctx.charter.timezone;
    const timeOf = (data: typeof ctx.post.data, n: NetworkId): Date | undefined => {
      const r = data.published?.[n];
      if (r) return new Date(r.at);
      return data.publish_at ? parseDateTime(data.publish_at, tz) : undefined;
    };
    for (const network of ctx.targets) {
      const max = cadence[network];
      if (!max) continue;
      const own = timeOf(ctx.post.data, network);
      if (!own) continue;
      let prev: Date | undefined;
      for (const o of ctx.others) {
        if (!targetsCached(o.data, ctx.charter).includes(network)) continue;
        const t = timeOf(o.data, network);
        if (t && t <= own && (!prev || t > prev)) prev = t;
      }
      // Without an earlier post in view there is no gap to speak of.
      if (!prev) continue;
      const days = Math.floor((own.getTime() - prev.getTime()) / DAY);
      if (days > max) {
        ctx.report({
          messageId: 'gap',
          path: ctx.post.data.published?.[network] ? ['published', network] : ['publish_at'],
          network,
          data: { days, max, from: wallClock(prev, tz).date, to: wallClock(own, tz).date },
        });
      }
    }
  },
});
