// Whether an assembled letter may be sent: approved, by a validator, and unchanged since (SPEC §14).
import type { Charter } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import type { AssembledLetter } from './assemble.js';
import { readRecord } from './record.js';
import { selfApprovalProblem } from './self-approval.js';
import { letterSignatureProblem } from '../review/letter.js';

const m = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);

/** Why the letter may not go: unapproved, approved by someone who cannot (not a validator, or one of its authors), or changed since. */
export function approvalProblem(a: AssembledLetter, recFile: string, recShown: string, charter: Charter, lang: Lang): string | undefined {
  const rec = readRecord(recFile, recShown);
  const cmd = `lm-post letter --from ${a.model.from} --to ${a.model.to} --approve --as ${m(lang, 'VALIDATEUR', 'VALIDATOR')}`;
  if (!rec?.review) return m(lang, `La lettre ${a.periodLabel} n’est pas approuvée : relisez-la (lm-post letter --from ${a.model.from} --out lettre.html) puis faites-la approuver (${cmd}).`, `The letter ${a.periodLabel} is not approved: read it (lm-post letter --from ${a.model.from} --out letter.html), then have it approved (${cmd}).`);
  const by = charter.people.find((p) => p.id === rec.review!.by);
  if (!by?.validator) return m(lang, `« ${rec.review.by} » n’est pas validateur·ice : cette approbation ne compte pas (${cmd}).`, `"${rec.review.by}" is not a validator: this approval does not count (${cmd}).`);
  const own = selfApprovalProblem(a, rec.review.by, lang);
  if (own) return `${own} (${cmd})`;
  // SPEC §16: with approval.signed, only a decision signed by that validator for this letter counts.
  const forged = letterSignatureProblem(charter, rec.review, a.model.from, lang, cmd);
  if (forged) return forged;
  if (rec.review.digest !== a.digest) return m(lang, `La lettre a changé depuis l’approbation de ${by.name} (un article, une image ou un gabarit) : elle doit être approuvée de nouveau (${cmd}).`, `The letter changed since ${by.name} approved it (an item, an image or a template): it must be approved again (${cmd}).`);
  return undefined;
}
