// Issue 6, defect 9: "Did you mean" was quadratic in the full edit-distance table (990 accounts and
// 7,000 unknown mentions took 169 s). Same answers as the full table; its speed is for the bench, not
// for a timed unit test.
import { expect, it } from 'vitest';
import { closest, foldId } from '../../src/util/suggest.js';

function full(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function naive(word: string, candidates: string[]): string | undefined {
  const w = foldId(word);
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = full(w, foldId(c));
    if (d < bestD && d <= limit) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const word = (n: number) => Array.from({ length: n }, () => 'abcdefghij-_'[Math.floor(rand() * 12)]).join('');
const mutate = (w: string) => {
  const i = Math.floor(rand() * w.length);
  const r = rand();
  return r < 0.33 ? w.slice(0, i) + w.slice(i + 1) : r < 0.66 ? w.slice(0, i) + 'x' + w.slice(i) : w.slice(0, i) + 'y' + w.slice(i + 1);
};

it('gives the answers of the full edit-distance table', () => {
  const candidates = Array.from({ length: 200 }, () => word(4 + Math.floor(rand() * 12)));
  for (let k = 0; k < 400; k++) {
    const w = rand() < 0.6 ? mutate(mutate(candidates[Math.floor(rand() * candidates.length)]!)) : word(3 + Math.floor(rand() * 14));
    expect(closest(w, candidates), w).toBe(naive(w, candidates));
  }
});
