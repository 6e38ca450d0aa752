// A thread that X cuts short (SPEC §12). Since 23 February 2026 a self-serve X app may reply only
// when "summoned"; whether a reply to our own post still passes is not stated anywhere, so a thread
// item may be refused for good. Then the items already created stand: their receipt is written
// (the post counts as published on X, and no later run re-sends its head nor retries the refused
// replies, which would be refused again), the rest of the thread is not sent, and the run reports
// a failure so that a person knows. The other networks are untouched (their lanes go on).
import type { NetworkId } from '../charter/types.js';
import type { NetworkError } from '../networks/types.js';
import type { ValidPost } from '../post/read.js';
import type { Receipt } from '../post/types.js';
import type { Journal } from './journal.js';
import type { NetworkOutcome } from './types.js';
import type { ReceiptStore } from './receipts.js';

/** The network's refusal of a reply that no retry can change (the adapter's apiCode). */
export const REPLY_NOT_ALLOWED = 'reply-not-allowed';

export function isThreadCut(e: NetworkError, made: number): boolean {
  return e.apiCode === REPLY_NOT_ALLOWED && made > 0;
}

/**
 * Writes the receipt of the items `made` before the refusal and answers a failed outcome that
 * carries it, with how many items were left out.
 */
export async function keepThreadHead(
  post: ValidPost,
  network: NetworkId,
  made: readonly { id: string; url: string }[],
  total: number,
  journal: Journal,
  receipts: ReceiptStore,
  failure: NonNullable<NetworkOutcome['failure']>,
  message: string,
  at: string,
): Promise<NetworkOutcome> {
  const receipt: Receipt = { id: made[0]!.id, url: made[0]!.url, at };
  if (made.length > 1) receipt.thread = made.slice(1).map((x) => x.id);
  const cut = { ...failure, left: total - made.length };
  try {
    // The created items durable in the journal before the receipt says they are the publication.
    await journal.sync();
    await receipts.set(post, network, receipt);
  } catch {
    // The receipt could not be written: the journal still knows the ids; the next run writes it
    // and meets the same refusal for the rest.
    return { network, status: 'failed', message, failure: cut };
  }
  void journal.write({ t: 'receipt', network, at }, false).catch(() => undefined);
  return { network, status: 'failed', receipt, message, failure: cut };
}

/** Whether this outcome is a thread cut short (its network leaves a live session, the others go on). */
export function isCutThread(o: NetworkOutcome): boolean {
  return o.status === 'failed' && o.failure?.apiCode === REPLY_NOT_ALLOWED;
}

/** What a person reads about a cut thread, in their language (publish and live output). */
export function threadCutMessage(lang: 'fr' | 'en', net: string, o: NetworkOutcome): string {
  const url = o.receipt?.url ?? o.receipt?.id;
  const left = o.failure?.left;
  const kept = o.receipt ? (o.receipt.thread?.length ?? 0) + 1 : undefined;
  if (lang === 'fr') {
    return (
      `${net} a refusé la suite du fil : depuis le 23 février 2026, X ne laisse une application en libre-service répondre que si elle y a été invitée (mentionnée ou citée), et il l’applique ici même à nos propres billets. ` +
      (kept !== undefined ? `Le début du fil reste publié (${kept} message(s)${url ? ` : ${url}` : ''}) et son reçu est enregistré ; ` : 'Le début du fil reste publié ; ') +
      `${left !== undefined ? `les ${left} message(s) suivant(s)` : 'la suite'} ne partiront pas sur ${net} et lm-post ne les renverra pas. Les autres réseaux continuent. ` +
      `Pour compléter le fil sur ${net}, publiez la suite à la main depuis le compte.`
    );
  }
  return (
    `${net} refused the rest of the thread: since 23 February 2026 X lets a self-serve app reply only when it was invited (mentioned or quoted), and here it applies that even to our own posts. ` +
    (kept !== undefined ? `The start of the thread stays published (${kept} post(s)${url ? `: ${url}` : ''}) and its receipt is written; ` : 'The start of the thread stays published; ') +
    `${left !== undefined ? `the next ${left} post(s)` : 'the rest'} will not go to ${net} and lm-post will not send them again. The other networks go on. ` +
    `To complete the thread on ${net}, post the rest by hand from the account.`
  );
}
