// Since when a post may be on an account: its first approval (issue 21, point 19). A post is
// re-approved with a new date after its receipts and journal were lost (lm-post asks for it when
// an approval goes stale): the look-up for copies already on the account must cover the post's
// whole life, not only the time since the latest approval, or the post goes out a second time.
import type { PostData } from '../post/types.js';
import { reviewHistory } from '../workflow/decisions.js';

/** The earliest approval time (ms) of the post, current review and history together; NaN if none. */
export function firstApprovedAt(data: PostData): number {
  const times = [data.review, ...reviewHistory(data.review)]
    .filter((e) => e?.state === 'approved')
    .map((e) => Date.parse(e!.at))
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.min(...times) : NaN;
}
