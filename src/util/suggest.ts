// "Did you mean…?" for ids typed by hand (authors, types, mentions, field names).

/**
 * Edit distance between `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`: only
 * a band of 2·limit+1 cells per row is computed, and a row whose best cell exceeds the limit ends
 * the computation. (The full table for every pair made 990 accounts × 7,000 unknown mentions take
 * minutes; issue 6.)
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const over = limit + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    cur.fill(over);
    cur[0] = i <= limit ? i : over;
    let best = cur[0]!;
    for (let j = from; j <= to; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = Math.min(v, over);
      if (cur[j]! < best) best = cur[j]!;
    }
    if (best > limit) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, over);
}

/** How ids are compared for suggestions: case, accents and spaces do not count (« Événement » ≈ evenement). */
export function foldId(s: string): string {
  let f = folded.get(s);
  if (f === undefined) {
    f = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/[\s_]+/g, '-');
    // Candidates (charter ids) are folded again for every unknown word: remember them, boundedly.
    if (folded.size > 10_000) folded.clear();
    folded.set(s, f);
  }
  return f;
}
const folded = new Map<string, string>();

/** The closest candidate within a third of the word's length (at least 1, at most 3 edits). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = foldId(word);
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(w, foldId(c), Math.min(limit, bestD - 1));
    if (d < bestD && d <= limit) {
      if (d === 0) return c;
      best = c;
      bestD = d;
    }
  }
  return best;
}
