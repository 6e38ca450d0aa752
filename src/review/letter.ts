// The letter's approval under SPEC §16: a validator who wrote none of its items (letter/self-approval.ts),
// and (with approval.signed) a decision signed by that validator for this fortnight's letter.
import type { Charter, Person } from '../charter/types.js';
import { tr, type Lang } from '../i18n/index.js';
import type { AssembledLetter } from '../letter/assemble.js';
import { readRecord, type LetterReview } from '../letter/record.js';
import { selfApprovalProblem } from '../letter/self-approval.js';
import { signerFor } from './sign.js';
import { canonicalText, SIGNATURE_MESSAGES, signingRequired, verifyDecision } from './verify.js';

/** The signed review block of the letter starting on `from` (unsigned when the charter does not ask). */
export async function letterReview(charter: Charter, who: Person, from: string, digest: string, at: string, o: { key?: string; env: NodeJS.ProcessEnv; cwd: string }): Promise<LetterReview> {
  const review: LetterReview = { state: 'approved', by: who.id, at, digest };
  const signer = await signerFor(charter, who, { ...(o.key ? { key: o.key } : {}), env: o.env, cwd: o.cwd });
  if (signer) review.signature = await signer.sign(canonicalText({ kind: 'letter', from }, review));
  return review;
}

/** Why the recorded approval does not count under §16, in `lang`; undefined when it does. */
export function letterSignatureProblem(charter: Charter, review: LetterReview, from: string, lang: Lang, command: string): string | undefined {
  if (!signingRequired(charter)) return undefined;
  const v = verifyDecision(charter, { kind: 'letter', from }, review);
  if (v.ok) return undefined;
  return tr(lang, SIGNATURE_MESSAGES[v.problem], { by: review.by, state: review.state, id: `letter ${from}`, from, command, ...v.data });
}

const m = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);


/** Why the letter may not go: unapproved, approved by someone who cannot (or who wrote an item), forged, or changed since. */
export function letterApprovalProblem(a: AssembledLetter, recFile: string, recShown: string, charter: Charter, lang: Lang): string | undefined {
  const rec = readRecord(recFile, recShown);
  const cmd = `lm-post letter --from ${a.model.from} --to ${a.model.to} --approve --as ${m(lang, 'VALIDATEUR', 'VALIDATOR')}`;
  if (!rec?.review) return m(lang, `La lettre ${a.periodLabel} n’est pas approuvée : relisez-la (lm-post letter --from ${a.model.from} --out lettre.html) puis faites-la approuver (${cmd}).`, `The letter ${a.periodLabel} is not approved: read it (lm-post letter --from ${a.model.from} --out letter.html), then have it approved (${cmd}).`);
  const by = charter.people.find((p) => p.id === rec.review!.by);
  if (!by?.validator) return m(lang, `« ${rec.review.by} » n’est pas validateur·ice : cette approbation ne compte pas (${cmd}).`, `"${rec.review.by}" is not a validator: this approval does not count (${cmd}).`);
  const own = selfApprovalProblem(a, rec.review.by, lang);
  if (own) return `${own} (${cmd})`;
  const forged = letterSignatureProblem(charter, rec.review, a.model.from, lang, cmd);
  if (forged) return forged;
  if (rec.review.digest !== a.digest) return m(lang, `La lettre a changé depuis l’approbation de ${by.name} (un article, une image ou un gabarit) : elle doit être approuvée de nouveau (${cmd}).`, `The letter changed since ${by.name} approved it (an item, an image or a template): it must be approved again (${cmd}).`);
  return undefined;
}
