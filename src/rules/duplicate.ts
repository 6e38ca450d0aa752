import { publishAtOf, textKey } from '../lint/queue-index.js';
import { dateTimeInBoth } from '../util/time.js';
import { defineRule } from './types.js';

export { normaliseText } from '../lint/queue-index.js';

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
    const now = ctx.now.getTime();
    for (const network of ctx.targets) {
      const ownReceipt = data.published?.[network];
      const ownTime = ownReceipt ? new Date(ownReceipt.at).getTime() : (publishAtOf(data, tz) ?? ctx.now).getTime();
      // Every item of the post against every item of the others: a thread item whose words
      // were already posted alone is refused by X just the same.
      for (const own of ctx.render(network).items) {
        const key = textKey(own);
        if (!key) continue;
        // Only posts with the same text are looked at, in queue order: the first one that counts is named.
        for (const { entry } of ctx.queue.textMatches(network, key)) {
          const other = entry.post;
          if (other.path === ctx.post.path) continue;
          const receipt = other.data.published?.[network];
          const otherTime = receipt ? new Date(receipt.at).getTime() : (publishAtOf(other.data, tz)?.getTime() ?? now);
          if (Math.abs(otherTime - ownTime) > days * DAY) continue;
          // Once published, a post is the original: the later copy is the one to rephrase.
          if (ownReceipt && (!receipt || new Date(receipt.at).getTime() > ownTime)) continue;
          ctx.report({
            messageId: receipt ? 'published' : 'queued',
            path: own.path,
            network,
            data: { other: other.id, date: receipt ? dateTimeInBoth(new Date(receipt.at), tz) : '' },
          });
          break;
        }
      }
    }
  },
});
