// Review decisions with their history (SPEC §11): the newest decision is the review's state,
// every decision — a colleague's refusal and its note included — stays in `review.history`.
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import { postDigest } from '../post/digest.js';
import type { PostData, Review, ReviewEntry } from '../post/types.js';
import { isoInZone } from './when.js';

export interface Decision {
  state: Review['state'];
  by: string;
  at: Date;
  note?: string;
  /** Taken on the forge (SPEC §16): `github#12`. */
  via?: string;
}

/** The review block after `d`: state, by, at (charter zone, with offset), digest, note, history. */
export function decide(data: PostData, postDir: string, charter: Charter, d: Decision): Review {
  const prev = data.review;
  const history: ReviewEntry[] = prev?.history ? [...prev.history] : [];
  // A review written before histories existed becomes the history's first entry.
  if (prev && !prev.history) history.push(entryOf(prev));
  const at = isoInZone(d.at, charter.timezone);
  const entry: ReviewEntry = { state: d.state, by: d.by, at, ...(d.note ? { note: d.note } : {}), ...(d.via ? { via: d.via } : {}) };
  history.push(entry);
  // The digest of what was decided on: an approval is bound to it, and a post sent back and
  // edited since shows as waiting again.
  return { state: d.state, by: d.by, at, digest: postDigest(data, postDir, charter), ...(d.note ? { note: d.note } : {}), ...(d.via ? { via: d.via } : {}), history };
}

function entryOf(r: Review): ReviewEntry {
  // A signed decision keeps what its signature covers, so it can still be checked in the history.
  return { state: r.state, by: r.by, at: r.at, ...(r.note ? { note: r.note } : {}), ...(r.signature ? { digest: r.digest, ...(r.via ? { via: r.via } : {}), signature: r.signature } : {}) };
}

/** Every decision, oldest first (a review without history is one decision). */
export function reviewHistory(r: Review | undefined): ReviewEntry[] {
  if (!r) return [];
  return r.history?.length ? r.history : [entryOf(r)];
}

/** The post changed since its last review decision (a changes-requested post edited since). */
export function editedSinceReview(data: PostData, postFile: string, charter: Charter): boolean {
  const r = data.review;
  if (!r?.digest) return false;
  return r.digest !== postDigest(data, path.dirname(postFile), charter);
}
