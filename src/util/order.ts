// Ordering of identifiers (rule ids, file paths) on the check path. `localeCompare` loads ICU's
// collation data on first use (≈ 14 ms, a tenth of a one-post check); ids and paths need a stable
// order, not a linguistic one. Lists a person reads (calendar, letter, feed) keep localeCompare.
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
