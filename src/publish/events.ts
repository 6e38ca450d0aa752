// What a publishing run reports while it runs: a typed union the commands format (text or JSON).
import type { NetworkId } from '../charter/types.js';
import type { XBilledCalls } from '../render/x-cost.js';
import type { Candidate, SkipReason } from './select.js';
import type { NetworkOutcome } from './types.js';

/** One post × network's result, as the run lists it (queue order). */
export interface OutcomeEntry {
  post: string;
  file: string;
  outcome: NetworkOutcome;
}

/** Why a run stopped before its end: Ctrl-C / SIGTERM, or its lock taken over by another run. */
export type StopReason = 'interrupted' | 'compromised';

export interface RunResult {
  /** Every post looked at, with what was pending and why it was skipped. */
  candidates: Candidate[];
  /** What was done, post × network, in queue order. */
  outcomes: OutcomeEntry[];
  stopped?: StopReason;
  /** The calls each network's adapter counted as billed during the run (X: alt texts, users/me…). */
  billed?: Partial<Record<NetworkId, XBilledCalls>>;
}

export type RunEvent =
  /** Credentials checked and sandbox up: `posts` posts are about to go out. */
  | { type: 'run-started'; posts: number; sandbox: boolean }
  /** A network's lane starts (its SDK loaded, its preflight answered). */
  | { type: 'lane-started'; network: NetworkId; posts: number }
  /** One item created on a network (`reconciled`: found there, not sent by this run). */
  | { type: 'item-sent'; post: string; network: NetworkId; item: number; items: number; url: string; reconciled?: boolean }
  /** A rate limit or a retry: the lane waits `ms`. */
  | { type: 'waiting'; post: string; network: NetworkId; ms: number; reason: string }
  /** An item failed (`needsHuman`: its outcome is unknown and cannot be checked). */
  | { type: 'item-failed'; post: string; network: NetworkId; item?: number; message: string; kind: string; needsHuman?: boolean }
  /** A post × network is finished: published, failed or to be checked by a person. */
  | { type: 'post-done'; entry: OutcomeEntry }
  /** A post selection left out (not due, not approved, errors, already published…). */
  | { type: 'post-skipped'; post: string; reason: SkipReason }
  /** A network stopped for the rest of the run (credentials that cannot publish, a spent budget). */
  | { type: 'network-stopped'; network: NetworkId; outcome: NetworkOutcome }
  /** The run is over (lock released); `result` is the summary's data. */
  | { type: 'finished'; result: RunResult };
