// What to do with a past-dated post (SPEC §17): one message, the same in check (rule
// schedule-past), list, review and publish --dry-run.
import type { Charter } from '../charter/types.js';
import { type Lang, tr } from '../i18n/index.js';
import type { PostData } from '../post/types.js';
import { targetsCached } from '../render/index.js';
import { dateTimeInBoth, parseDateTime } from '../util/time.js';

export const PAST_DATE = {
  fr: 'La date de publication, {{at}}, est passée et le billet n’est pas encore publié partout : il partira à la prochaine publication une fois approuvé, ou reportez-le avec lm-post reschedule {{id}} QUAND (ex. « demain 10h »).',
  en: 'The publication date, {{at}}, is past and the post is not yet published everywhere: it will go out at the next publish run once approved, or reschedule it with lm-post reschedule {{id}} WHEN (e.g. "demain 10h").',
} as const;

/** The message's data when the post's publish_at is past and it is not yet published everywhere. */
export function pastDateData(data: PostData, id: string, charter: Charter, now: Date): { at: { fr: string; en: string }; id: string } | undefined {
  if (!data.publish_at || data.withdrawn) return undefined;
  const at = parseDateTime(data.publish_at, charter.timezone);
  if (!at || at >= now) return undefined;
  const targets = targetsCached(data, charter);
  if (targets.length && targets.every((n) => data.published?.[n])) return undefined;
  return { at: dateTimeInBoth(at, charter.timezone), id };
}

export function pastDateText(data: PostData, id: string, charter: Charter, now: Date, lang: Lang): string | undefined {
  const d = pastDateData(data, id, charter, now);
  return d ? tr(lang, PAST_DATE, d) : undefined;
}
