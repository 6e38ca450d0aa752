// A post's review block under `approval.signed` (SPEC §16): is its newest decision signed by the
// person it names, for this post? The approval verdict (src/rules/approval.ts) asks this first,
// so check, list, review, preview, publish and live all refuse the same forged blocks.
import { readdirSync } from 'node:fs';
import type { Charter } from '../charter/types.js';
import type { Review } from '../post/types.js';
import { type SignatureVerdict, SIGNATURE_MESSAGES, signingRequired, type Subject, verifyDecision } from './verify.js';

type Problem = Exclude<SignatureVerdict, { ok: true }>['problem'];
export type SignatureMessageId = `signature-${Problem}`;

/** The approval rule's messages for each signature problem. */
export const SIGNATURE_RULE_MESSAGES = Object.fromEntries(Object.entries(SIGNATURE_MESSAGES).map(([k, v]) => [`signature-${k}`, v])) as Record<SignatureMessageId, { fr: string; en: string }>;

/** Posts beside this one: where a copied block may have come from (read only when a signature fails). */
function neighbours(postDir: string): Subject[] {
  try {
    return readdirSync(postDir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .map((f) => ({ kind: 'post' as const, id: f.replace(/\.ya?ml$/i, '') }));
  } catch {
    return [];
  }
}

/** The post's own review decision, checked; undefined when signing is off or the signature holds. */
export function reviewSignature(review: Review, charter: Charter, postDir: string, postId: string): SignatureVerdict | undefined {
  if (!signingRequired(charter)) return undefined;
  return verifyDecision(charter, { kind: 'post', id: postId }, review, () => neighbours(postDir));
}

export function reviewSignatureProblem(review: Review, charter: Charter, postDir: string, postId: string): { messageId: SignatureMessageId; data: Record<string, unknown> } | undefined {
  const v = reviewSignature(review, charter, postDir, postId);
  if (!v || v.ok) return undefined;
  const verb = review.state === 'approved' ? 'approve' : review.state === 'rejected' ? 'reject' : 'request-changes';
  return {
    messageId: `signature-${v.problem}`,
    data: { by: review.by, state: review.state, id: postId, command: `lm-post ${verb} ${postId} --as ${review.by}`, ...v.data },
  };
}
