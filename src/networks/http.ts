// Helpers shared by the network adapters: deadlines, credential redaction and the classification
// of failures that carry no HTTP response. Nothing here loads an SDK.
import { readFile } from 'node:fs/promises';
import type { NetworkId } from '../charter/types.js';
import { NetworkError, type FailureKind } from './types.js';

/** What an adapter was doing when it failed: only `create` can leave an unknown outcome. */
export type Operation = 'upload' | 'create' | 'recent' | 'setup';

export const NETWORK_LABELS: Record<NetworkId, string> = {
  twitter: 'X',
  mastodon: 'Mastodon',
  facebook: 'Facebook',
  bluesky: 'Bluesky',
};

/** Why a deadline signal aborted when its own timer fired. */
export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * The caller's signal combined with a per-request deadline whose timer this function holds.
 * `AbortSignal.any([signal, AbortSignal.timeout(ms)])` is not used: on Node 20 the combined signal
 * can be garbage-collected while a request waits on it, and then never fires (nodejs/node#57736;
 * later lines have their own AbortSignal.any GC bug, nodejs/node#65995), so a server that accepts and never answers hung `publish` forever. Here
 * the timer's closure holds the controller, and `clear()` (always called, see withDeadline) drops
 * both the timer and the listener on the caller's signal.
 */
export function deadline(caller: AbortSignal, timeoutMs: number): { signal: AbortSignal; clear(): void } {
  const ac = new AbortController();
  const onAbort = (): void => ac.abort(caller.reason);
  const timer = setTimeout(() => ac.abort(new DeadlineError(timeoutMs)), Math.max(1, timeoutMs));
  if (caller.aborted) ac.abort(caller.reason);
  else caller.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ac.signal,
    clear() {
      clearTimeout(timer);
      caller.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * `promise`, or a rejection as soon as `signal` aborts — whether or not the SDK underneath honours
 * the signal in every phase (connect, headers, body): the deadline cannot be lost in a library.
 */
export function bounded<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Runs `fn` under a fresh deadline (see `deadline`), always released afterwards; `fn` wraps its work in `bounded`. */
export async function withDeadline<T>(caller: AbortSignal, timeoutMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const d = deadline(caller, timeoutMs);
  try {
    return await fn(d.signal);
  } finally {
    d.clear();
  }
}

/** Rejects as soon as `signal` aborts; `ms` ≤ 0 resolves at once. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Any run of this many characters taken from a secret is a leak (issue 6: cut texts leaked 15–35). */
export const SECRET_PIECE = 12;

/** Every secret any redactor of this process was given: `tidy` scrubs them before it cuts a text. */
const known = new Set<string>();
let knownRedactor: ((text: string) => string) | undefined;

function variants(s: string): string[] {
  // OAuth 1.0a percent-encoding also escapes !*'().
  const enc = encodeURIComponent(s);
  return [s, enc, enc.replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)];
}

/**
 * Replaces credential values (raw and percent-encoded), any piece of SECRET_PIECE characters of
 * one (a text cut by a server, a proxy or a log line), and anything that looks like one
 * (access_token=…, Bearer …, OAuth …) by `[redacted]`. Applied to every message an adapter builds,
 * even though messages are built from status codes and API texts only: defence in depth.
 */
export function makeRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const values = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const v of variants(s)) values.add(v);
  }
  for (const v of values) {
    if (!known.has(v)) {
      known.add(v);
      knownRedactor = undefined;
    }
  }
  return redactorOf(values);
}

function redactorOf(values: ReadonlySet<string>): (text: string) => string {
  // Longest first so that a secret containing another one is replaced whole.
  const sorted = [...values].sort((a, b) => b.length - a.length);
  const pieces = new Set<string>();
  for (const v of sorted) for (let i = 0; i + SECRET_PIECE <= v.length; i++) pieces.add(v.slice(i, i + SECRET_PIECE));
  return (text: string): string => {
    let out = text;
    for (const v of sorted) out = out.split(v).join('[redacted]');
    if (pieces.size && out.length >= SECRET_PIECE) {
      // Mark every character covered by a piece of a secret, then replace each covered run once.
      const covered = new Uint8Array(out.length);
      let any = false;
      for (let i = 0; i + SECRET_PIECE <= out.length; i++) {
        if (pieces.has(out.slice(i, i + SECRET_PIECE))) {
          covered.fill(1, i, i + SECRET_PIECE);
          any = true;
        }
      }
      if (any) {
        let r = '';
        for (let i = 0; i < out.length; i++) {
          if (!covered[i]) r += out[i];
          else if (i === 0 || !covered[i - 1]) r += '[redacted]';
        }
        out = r;
      }
    }
    return out
      .replace(/\b(access_token|input_token|appsecret_proof|client_secret)(=|":\s*")[^&\s"',}]+/gi, '$1$2[redacted]')
      .replace(/\b(oauth_[a-z_]+)="[^"]*"/gi, '$1="[redacted]"')
      .replace(/\b(Bearer|OAuth)\s+(?!oauth_)[A-Za-z0-9._~+/=-]{16,}/g, '$1 [redacted]');
  };
}

/** Redacts every secret any redactor of this process knows (see makeRedactor). */
export function redactKnown(text: string): string {
  if (!known.size) return text;
  knownRedactor ??= redactorOf(new Set(known));
  return knownRedactor(text);
}

/** One line, bounded: API texts can be long or carry HTML. Redacted BEFORE it is cut, so no piece of a secret survives the cut. */
export function tidy(text: string, max = 300): string {
  const one = redactKnown(text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']);

/**
 * The system error code of a failure without a response (ECONNREFUSED, ECONNRESET…), looked up
 * through `cause` chains and AggregateErrors (Node's happy-eyeballs connect), never through anything
 * that holds request configuration.
 */
export function systemCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && /^E[A-Z_]+$|^ERR_|^UND_ERR|CERT|SIGNED/.test(e.code) && e.code !== 'ERR_BAD_RESPONSE' && e.code !== 'ERR_BAD_REQUEST') {
    return e.code;
  }
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const c = systemCode(inner, depth + 1);
      if (c) return c;
    }
  }
  return systemCode(e.cause, depth + 1);
}

/** True when nothing can have reached the server: the connection was never established. */
export function neverConnected(code: string | undefined): boolean {
  return code !== undefined && REFUSED.has(code);
}

/**
 * Classifies a failure that has no HTTP response: a refused connection is safe to retry; a deadline,
 * a cancellation or a dropped socket may have happened after the server acted, which only matters
 * for `create`.
 */
export function connectionFailure(
  network: NetworkId,
  op: Operation,
  err: unknown,
  signal: AbortSignal,
  callerSignal: AbortSignal,
  timeoutMs: number,
): NetworkError {
  const label = NETWORK_LABELS[network];
  const code = systemCode(err);
  const afterSend = op === 'create';
  if (neverConnected(code)) {
    return new NetworkError(network, 'transient', `${label} could not be reached (${code}).`, undefined, undefined, code);
  }
  let what: string;
  if (callerSignal.aborted) what = 'the request was cancelled';
  else if (signal.aborted) what = `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  else what = `the connection failed${code ? ` (${code})` : ''}`;
  const kind: FailureKind = afterSend ? 'unknown-outcome' : 'transient';
  const tail = afterSend ? ': the post may or may not have been created.' : '.';
  return new NetworkError(network, kind, `${label}: ${what}${tail}`, undefined, undefined, code);
}

/** Milliseconds until an absolute time (epoch ms), at least `min`. */
export function msUntil(epochMs: number, min = 1000): number {
  return Math.max(min, Math.ceil(epochMs - Date.now()));
}

/** A Retry-After header (seconds or HTTP date) in ms, or undefined. */
export function retryAfterHeader(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.max(1000, Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : msUntil(at);
}

interface AxiosLike {
  defaults: { signal?: unknown };
}

/**
 * Runs `fn` with `signal` as the axios default signal. Both megalodon and the Facebook SDK call
 * axios without a signal of their own, and axios merges its defaults synchronously when a request
 * starts, so a request issued synchronously inside `fn` carries this signal. The previous default is
 * put back before returning, so clients (megalodon sets the default on construction) are unaffected.
 */
export function withAxiosSignal<T>(axios: AxiosLike, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  const previous = axios.defaults.signal;
  axios.defaults.signal = signal;
  try {
    return fn();
  } finally {
    axios.defaults.signal = previous;
  }
}

/**
 * Wraps an adapter operation: every failure leaves as a NetworkError whose message went through the
 * redactor. `classify` sees the raw error (never rethrown, never stored).
 */
export async function guarded<T>(
  redact: (s: string) => string,
  classify: (err: unknown) => NetworkError,
  fn: () => Promise<T>,
): Promise<T> {
  let failure: NetworkError;
  try {
    return await fn();
  } catch (err) {
    failure = err instanceof NetworkError ? err : classify(err);
  }
  throw scrub(failure, redact);
}

/** A copy of the error with a redacted message (and a stack that only ever held that message). */
export function scrub(e: NetworkError, redact: (s: string) => string): NetworkError {
  const message = redact(e.message);
  const apiCode = typeof e.apiCode === 'string' ? redact(e.apiCode) : e.apiCode;
  return new NetworkError(e.network, e.kind, message, e.status, e.retryAfterMs, apiCode);
}

/** Reads a required credential. */
export function credential(network: NetworkId, credentials: Readonly<Record<string, string>>, name: string): string {
  const v = credentials[name];
  if (!v) throw new NetworkError(network, 'permanent', `${NETWORK_LABELS[network]}: missing credential ${name}.`);
  return v;
}

/** Base URL without trailing slash; only http(s). */
export function normaliseBaseUrl(network: NetworkId, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NetworkError(network, 'permanent', `${NETWORK_LABELS[network]}: invalid base URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NetworkError(network, 'permanent', `${NETWORK_LABELS[network]}: the base URL must use http or https.`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/** `https://host[:port][/path]` without trailing slash. */
export function baseString(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** Error for a local media file that cannot be read. */
/** The bytes of a media file, or a permanent NetworkError naming it (never its full path). */
export async function readMedia(network: NetworkId, absPath: string): Promise<Buffer> {
  try {
    return await readFile(absPath);
  } catch (err) {
    throw mediaReadError(network, absPath, err);
  }
}

export function mediaReadError(network: NetworkId, absPath: string, err: unknown): NetworkError {
  const code = systemCode(err);
  const name = absPath.split(/[\\/]/).pop() ?? absPath;
  return new NetworkError(network, 'permanent', `Cannot read the media file ${name}${code ? ` (${code})` : ''}.`, undefined, undefined, code);
}
