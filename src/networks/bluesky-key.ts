// Bluesky record keys, known without loading any SDK (the adapter and publish --dry-run use them).
import { createHash } from 'node:crypto';

// Record keys: TIDs (atproto.com/specs/tid): 64 bits, top bit 0, 53 bits of microseconds since the
// epoch, 10 bits of "clock id", written as 13 characters of base32-sortable.
const S32 = '234567abcdefghijklmnopqrstuvwxyz';
export const TID_RE = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

export function tidFrom(micros: bigint, clockId: number): string {
  const v = ((micros & ((1n << 53n) - 1n)) << 10n) | BigInt(clockId & 1023);
  let s = '';
  for (let i = 0; i < 13; i++) s += S32[Number((v >> BigInt(60 - 5 * i)) & 31n)];
  return s;
}

/** Start of the year the record keys' time falls in (2025-01-01T00:00:00Z). */
const KEY_EPOCH_MS = Date.UTC(2025, 0, 1);
const YEAR_MICROS = 365n * 86_400_000_000n;

/**
 * The record key of an item, from its idempotency key alone (the journal's intent key: post ×
 * network × index × content): the same item gets the same key whatever the run, the journal or the
 * receipts, so a replay is refused as already there and `reconcileByKey` finds it with one getRecord.
 * The time part is taken from the key too (within 2025): keys need not sort like the posts (the
 * AppView orders posts by createdAt; lm-post never reads a timeline to reconcile Bluesky).
 */
export function recordKey(idempotencyKey: string): string {
  const h = createHash('sha256').update(idempotencyKey).digest();
  const micros = BigInt(KEY_EPOCH_MS) * 1000n + (h.readBigUInt64BE(0) % YEAR_MICROS);
  return tidFrom(micros, h.readUInt16BE(8));
}

