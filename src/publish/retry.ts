// Waiting and retrying: exponential backoff with full jitter for transient errors, the
// network's own reset time for rate limits, and a cap so a run never hangs for hours.
import { setTimeout as sleep } from 'node:timers/promises';
import { NetworkError } from '../networks/types.js';

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxDelayMs: number;
  /** Longest rate-limit wait accepted; beyond it the network is stopped for this run. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 500, maxDelayMs: 8_000, maxRateLimitWaitMs: 15 * 60_000 };

export function backoffDelay(attempt: number, p: RetryPolicy, random = Math.random): number {
  return Math.round(random() * Math.min(p.maxDelayMs, p.baseMs * 2 ** attempt));
}

/**
 * Run `fn`, retrying transient failures and waiting out rate limits. Permanent failures and
 * unknown outcomes are rethrown at once: only the caller can decide about those.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, signal: AbortSignal, onWait?: (ms: number, e: NetworkError) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      const last = attempt + 1 >= policy.attempts;
      if (e.kind === 'rate-limit') {
        const wait = Math.max(1_000, e.retryAfterMs ?? 60_000);
        if (last || wait > policy.maxRateLimitWaitMs) throw e;
        onWait?.(wait, e);
        await sleep(wait, undefined, { signal });
        continue;
      }
      if (e.kind === 'transient' && !last) {
        const wait = backoffDelay(attempt, policy);
        onWait?.(wait, e);
        await sleep(wait, undefined, { signal });
        continue;
      }
      throw e;
    }
  }
}
