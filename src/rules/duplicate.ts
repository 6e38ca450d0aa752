import { renderCached, targetsCached } from '../render/index.js';
import { parseDateTime, wallClock } from '../util/time.js';
import path from 'node:path';
import { defineRule } from './types.js';

/** Texts differing only by case, spacing or Unicode form are the same text to readers (and to X). */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('fr').replace(/\s+/g, ' ').trim();
}

const keys = new WeakMap<object, string>();
function keyOf(item: { text: string }): string {
  let k = keys.get(item);
  if (k === undefined) keys.set(item, (k = normaliseText(item.text)));
  return k;
}

const DAY = 86_400_000;

export default defineRule({
  meta: {
    id: 'duplicate',
    defaultSeverity: 'error',
    description: {
      fr: 'Le même texte n’est pas déjà en file ou publié sur le même réseau depuis moins de 30 jours (X refuse les doublons).',
      en: 'The same text is not already queued or published on the same network within 30 days (X refuses duplicates).',
    },
    messages: {
      queued: {
        fr: 'Même texte que le billet « {{other}} », en file pour {{network}} : reformulez l’un des deux.',
        en: 'Same text as post "{{other}}", queued for {{network}}: rephrase one of them.',
      },
      published: {
        fr: 'Même texte que le billet « {{other}} », publié sur {{network}} le {{date}} : reformulez celui-ci.',
        en: 'Same text as post "{{other}}", published on {{network}} on {{date}}: rephrase this one.',
      },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { days: { type: 'integer', minimum: 1, maximum: 3650 } },
    },
    defaultOptions: { days: 30 },
  },
  check(ctx) {
    const days = Number(ctx.options.days ?? 30);
    const tz = ctx.charter.timezone;
    const { data } = ctx.post;
    for (const network of ctx.targets) {
      const ownReceipt = data.published?.[network];
      const ownTime = ownReceipt ? new Date(ownReceipt.at) : (data.publish_at && parseDateTime(data.publish_at, tz)) || ctx.now;
      const own = ctx.render(network).items[0];
      if (!own) continue;
      const key = keyOf(own);
      if (!key) continue;
      for (const other of ctx.others) {
        if (!targetsCached(other.data, ctx.charter).includes(network)) continue;
        const receipt = other.data.published?.[network];
        const otherTime = receipt ? new Date(receipt.at) : (other.data.publish_at && parseDateTime(other.data.publish_at, tz)) || ctx.now;
        if (Math.abs(otherTime.getTime() - ownTime.getTime()) > days * DAY) continue;
        // Once published, a post is the original: the later copy is the one to rephrase.
        if (ownReceipt && (!receipt || new Date(receipt.at) > ownTime)) continue;
        const first = renderCached(other.data, ctx.charter, network, path.dirname(other.path)).items[0];
        if (first && keyOf(first) === key) {
          ctx.report({
            messageId: receipt ? 'published' : 'queued',
            path: own.path,
            network,
            data: { other: other.id, date: receipt ? wallClock(new Date(receipt.at), tz).date : '' },
          });
          break;
        }
      }
    }
  },
});
