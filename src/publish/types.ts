// What the publishing core passes around: one post × network's outcome, the journal loop's
// progress, and the context a publication runs in.
import type { Charter, NetworkId } from '../charter/types.js';
import type { Receipt } from '../post/types.js';
import type { NetworkAdapter, NetworkError } from '../networks/types.js';
import type { XBilledCalls } from '../render/x-cost.js';
import type { ReceiptStore } from './receipts.js';
import type { RetryPolicy } from './retry.js';

/** Progress of one post × network inside the journal loop (the run turns them into RunEvents). */
export type PublishEvent =
  | { type: 'created'; post: string; network: NetworkId; item: number; items: number; url: string; reconciled?: boolean }
  | { type: 'wait'; post: string; network: NetworkId; ms: number; reason: string }
  | { type: 'network-done'; post: string; network: NetworkId; receipt: Receipt }
  | { type: 'network-failed'; post: string; network: NetworkId; message: string; kind: string }
  | { type: 'needs-human'; post: string; network: NetworkId; item: number; reason: string };

export interface NetworkOutcome {
  network: NetworkId;
  status: 'published' | 'failed' | 'needs-human';
  receipt?: Receipt;
  /** Published, but nothing was sent by this run: the receipt was rebuilt from the journal or the account. */
  sentNothing?: boolean;
  /** The network's own words (English), already redacted. */
  message?: string;
  /** For failures: what kind, so the CLI can explain it in the user's language. */
  failure?: { kind: string; status?: number; apiCode?: string | number; retryAfterMs?: number; host?: string; /** Thread items not sent after a refused reply (see thread-cut.ts). */ left?: number };
}

/** One network's adapter with what its module says of it (see AdapterModule). */
export interface PooledAdapter {
  adapter: NetworkAdapter;
  idempotent: boolean;
  idempotencyWindowMs?: number;
  lookBeforeCreate: boolean;
}

export interface AdapterPool {
  get(network: NetworkId): Promise<PooledAdapter>;
  /** The billed calls of the adapters made so far that count them (NetworkAdapter.billed). */
  billed?(): Promise<Partial<Record<NetworkId, XBilledCalls>>>;
  close(): Promise<void>;
}

export interface PublishContext {
  charter: Charter;
  queueDir: string;
  journalDir: string;
  receipts: ReceiptStore;
  pool: AdapterPool;
  now: () => Date;
  signal: AbortSignal;
  retry?: RetryPolicy;
  onEvent: (e: PublishEvent) => void;
  /** Scrubs every credential of the run from texts that are stored or shown (API errors echo them). */
  redact?: (s: string) => string;
  /** How long an abandoned request is given to land before the account is searched for it. */
  settleMs?: number;
  /** Overrides the network's idempotency window (see AdapterModule.idempotencyWindowMs). */
  idempotencyWindowMs?: number;
  /** Media ids uploaded ahead by `prefetchMedia`, by item content key (taken once used). */
  prefetched?: Map<string, Promise<string[]>>;
}

/** What the CLI needs of a network's refusal to explain it (the code names an unknown or example host). */
export function failureOf(e: NetworkError): NonNullable<NetworkOutcome['failure']> {
  return {
    kind: e.kind,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.apiCode !== undefined ? { apiCode: e.apiCode } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}
