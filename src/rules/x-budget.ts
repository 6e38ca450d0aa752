// What X will bill for a month of posts, against the budget the association set (SPEC §12). On
// pay-per-use every created post is billed, and one with a URL in its text costs about 13 times
// more: a month of `veille` (link required) adds up quickly. Each image's alt text is a billed call
// too (media/metadata), counted by xPostCost.
import path from 'node:path';
import type { QueueIndex } from '../lint/queue-index.js';
import type { PostData } from '../post/types.js';
import { renderCached } from '../render/index.js';
import { formatCost, xPlan, xPostCost, xPrices } from '../render/x-cost.js';
import { parseDateTime, wallClock } from '../util/time.js';
import { defineRule } from './types.js';
import { byCodePoint } from '../util/order.js';

const runningTotals = new WeakMap<QueueIndex, Map<string, number>>();

export default defineRule({
  meta: {
    id: 'x-budget',
    defaultSeverity: 'warn',
    description: {
      fr: 'Les billets X programmés ou publiés dans un mois ne coûtent pas plus que networks.twitter.monthly_budget (formule pay-per-use).',
      en: 'The X posts scheduled or published in a calendar month do not cost more than networks.twitter.monthly_budget (pay-per-use plan).',
    },
    messages: {
      overBudget: {
        fr: 'avec ce billet, les billets X du mois {{month}} coûtent {{total}} (textes alternatifs compris, {{alt}} chacun), au-delà du budget mensuel de {{budget}} (networks.twitter.monthly_budget) : reportez un billet au mois suivant, retirez le lien d’un billet qui n’en a pas besoin (un billet avec lien coûte {{withLink}} contre {{plain}}), ou relevez le budget.',
        en: 'with this post, the X posts of {{month}} cost {{total}} (alt texts included, {{alt}} each), over the monthly budget of {{budget}} (networks.twitter.monthly_budget): move a post to the next month, drop the link of a post that does not need one (a post with a link costs {{withLink}} against {{plain}}), or raise the budget.',
      },
    },
  },
  check(ctx) {
    const budget = ctx.charter.networks.twitter?.monthly_budget;
    if (budget === undefined || xPlan(ctx.charter) !== 'pay-per-use' || !ctx.targets.includes('twitter')) return;
    const tz = ctx.charter.timezone;
    const prices = xPrices(ctx.charter);
    const timeOf = (data: PostData): Date | undefined => {
      const r = data.published?.twitter;
      if (r) return new Date(r.at);
      return data.publish_at ? parseDateTime(data.publish_at, tz) : undefined;
    };
    const own = timeOf(ctx.post.data);
    if (!own) return;
    const month = wallClock(own, tz).date.slice(0, 7);
    const costOf = (data: PostData, file: string) => xPostCost(renderCached(data, ctx.charter, 'twitter', path.dirname(file)).items, prices);
    // Running totals per month, built once per queue index: the posts from the one that crosses
    // the budget onwards are reported (those are the ones to move or trim).
    let totals = runningTotals.get(ctx.queue);
    if (!totals) {
      const byMonth = new Map<string, { at: Date; path: string; cost: number }[]>();
      for (const e of ctx.queue.entries) {
        if (!e.targets.includes('twitter')) continue;
        const t = timeOf(e.post.data);
        if (!t) continue;
        const m = wallClock(t, tz).date.slice(0, 7);
        let list = byMonth.get(m);
        if (!list) byMonth.set(m, (list = []));
        list.push({ at: t, path: e.post.path, cost: costOf(e.post.data, e.post.path) });
      }
      totals = new Map();
      for (const list of byMonth.values()) {
        list.sort((a, b) => a.at.getTime() - b.at.getTime() || byCodePoint(a.path, b.path));
        let sum = 0;
        for (const p of list) totals.set(p.path, (sum += p.cost));
      }
      runningTotals.set(ctx.queue, totals);
    }
    let total = totals.get(ctx.post.path);
    if (total === undefined) {
      // A post outside the index (a file checked alone): add it to its month's posts before it.
      total = costOf(ctx.post.data, ctx.post.path);
      for (const e of ctx.queue.entries) {
        if (!e.targets.includes('twitter')) continue;
        const t = timeOf(e.post.data);
        if (t && wallClock(t, tz).date.slice(0, 7) === month && (t < own || (t.getTime() === own.getTime() && byCodePoint(e.post.path, ctx.post.path) < 0))) total += costOf(e.post.data, e.post.path);
      }
    }
    total = Math.round(total * 1e6) / 1e6;
    if (total <= budget) return;
    const lang = ctx.charter.language === 'en' ? 'en' : 'fr';
    ctx.report({
      messageId: 'overBudget',
      path: ctx.post.data.published?.twitter ? ['published', 'twitter'] : ['publish_at'],
      network: 'twitter',
      data: {
        month,
        total: formatCost(total, prices.currency, lang),
        budget: formatCost(budget, prices.currency, lang),
        withLink: formatCost(prices.post_with_link, prices.currency, lang),
        plain: formatCost(prices.post, prices.currency, lang),
        alt: formatCost(prices.media_metadata, prices.currency, lang),
      },
    });
  },
});
