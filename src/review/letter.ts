// The letter's approval under SPEC §16: a validator who wrote none of its items (letter/self-approval.ts),
// and (with approval.signed) a decision signed by that validator for this fortnight's letter.
import type { Charter, Person } from '../charter/types.js';
import { tr, type Lang } from '../i18n/index.js';
import type { LetterReview } from '../letter/record.js';
import { isoInZone } from '../workflow/when.js';
import { signerFor } from './sign.js';
import { canonicalText, SIGNATURE_MESSAGES, signingRequired, verifyDecision } from './verify.js';

/** The signed review block of the letter starting on `from` (unsigned when the charter does not ask). */
export async function letterReview(charter: Charter, who: Person, from: string, digest: string, at: string, o: { key?: string; env: NodeJS.ProcessEnv; cwd: string }): Promise<LetterReview> {
  // Signed as written: the record keeps its times in the charter's zone (letter/record.ts).
  const zoned = /Z$/.test(at) && !Number.isNaN(Date.parse(at)) ? isoInZone(new Date(at), charter.timezone) : at;
  const review: LetterReview = { state: 'approved', by: who.id, at: zoned, digest };
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

