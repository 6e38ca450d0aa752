// What the letter of a fortnight under way left out, and why (SPEC §17): said on stderr when it is
// built, and in the summary the validator sees when approving it.
import type { Lang } from '../i18n/index.js';
import { printable } from '../util/printable.js';
import type { LeftOut } from './assemble.js';

const WHY = {
  'event-over': { fr: 'l’événement est fini', en: 'the event is over' },
  'not-approved': { fr: 'pas encore approuvé (lm-post review)', en: 'not approved yet (lm-post review)' },
  errors: { fr: 'erreur', en: 'error' },
} as const;

/** One line per item left out, or '' when none was. */
export function leftOutText(left: readonly LeftOut[], lang: Lang): string {
  if (!left.length) return '';
  const fr = lang === 'fr';
  const head = fr ? `Laissé(s) de côté dans la lettre (${left.length}) :\n` : `Left out of the letter (${left.length}):\n`;
  return (
    head +
    left
      .map((l) => `  – ${printable(l.file)}${fr ? ' : ' : ': '}${WHY[l.reason][lang]}${l.detail ? ` — ${printable(l.detail)}` : ''}\n`)
      .join('') +
    (fr ? '  (--strict refuse la lettre au lieu de les laisser de côté)\n' : '  (--strict refuses the letter instead of leaving them out)\n')
  );
}
