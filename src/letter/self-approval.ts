// The letter follows the posts' rule: never approve your own work. A validator who wrote one of
// the letter's items cannot approve it (SPEC §5, as approval.ts's selfApproved for a post).
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import type { AssembledLetter } from './assemble.js';

/** Why `by` may not approve this letter, or undefined. */
export function selfApprovalProblem(a: Pick<AssembledLetter, 'authors' | 'periodLabel'>, by: string, lang: Lang): string | undefined {
  if (!a.authors.includes(by)) return undefined;
  return lang === 'fr'
    ? `« ${by} » a écrit un des articles de la lettre ${a.periodLabel} : on n’approuve pas son propre travail ; une autre personne validatrice doit l’approuver.`
    : `"${by}" wrote one of the items of the letter ${a.periodLabel}: nobody approves their own work; another validator must approve it.`;
}

/** Throws (exit 1) when `by` wrote one of the letter's items. */
export function refuseSelfApproval(a: Pick<AssembledLetter, 'authors' | 'periodLabel'>, by: string, lang: Lang): void {
  const own = selfApprovalProblem(a, by, lang);
  if (own) throw new LmPostError('self-approval', { fr: '{{why}}', en: '{{why}}' }, { why: own }, ExitCode.problems);
}
