// The one interface every network adapter implements. An adapter is the only module that knows
// its SDK; it is loaded (with its SDK) only when a post goes to that network.
import type { NetworkId, Visibility } from '../charter/types.js';
import type { ImageType } from '../media/inspect.js';
import type { XBilledCalls } from '../render/x-cost.js';

export interface Credentials {
  /** Only the variables this network needs, read from the environment or .env. */
  readonly [name: string]: string;
}

export interface MediaUpload {
  absPath: string;
  mime: ImageType;
  alt: string;
}

export interface CreateItem {
  text: string;
  /** Ids returned by uploadMedia for this item. */
  mediaIds: string[];
  /** Id of the previous item of a thread (reply chain). */
  replyTo?: string;
  /** X: id of the quoted post (relais). */
  quoteId?: string;
  /** Facebook: the post's link (preview card). */
  link?: string;
  /** Mastodon. */
  spoiler?: string;
  visibility?: Visibility;
  language?: string;
  /**
   * The item's key: stable per post × network × item × content, written in the journal's intent
   * before the create leaves, so a rerun derives the very same key. Mastodon sends it as
   * Idempotency-Key (a retried create within the hour returns the first status instead of a
   * second one); a network whose records have a caller-chosen key (Bluesky's rkey) derives that
   * key from it, so a replay is refused as "already there" and `reconcileByKey` can look it up.
   */
  idempotencyKey: string;
}

export interface Created {
  id: string;
  url: string;
  /** Other fields the network returns that the receipt keeps (e.g. Bluesky's record `cid`). */
  extra?: Record<string, string>;
}

export interface RecentPost {
  id: string;
  url: string;
  text: string;
  createdAt: string;
  replyTo?: string;
}

/** Errors adapters throw, classified so the publisher knows whether to wait, retry or stop. */
export type FailureKind =
  /** Safe to retry (5xx before commit, connection refused, 503…). */
  | 'transient'
  /** 429 / throttling: wait until `retryAfterMs`, then retry. */
  | 'rate-limit'
  /** Will fail again (auth, validation, duplicate): stop this network with the message. */
  | 'permanent'
  /** The request may or may not have created the post (timeout, socket dropped after sending). */
  | 'unknown-outcome';

/**
 * Network-specific codes (`NetworkError.apiCode`) that mean the account's budget is spent: every
 * other create would be refused too, so the lane stops the network for the run (X: usage-capped,
 * credits-depleted). An adapter adds its network's codes here.
 */
export const BUDGET_SPENT: ReadonlySet<string | number> = new Set(['usage-capped', 'credits-depleted']);

export class NetworkError extends Error {
  constructor(
    readonly network: NetworkId,
    readonly kind: FailureKind,
    /** Already redacted: never contains a token. */
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    /** Network-specific code (X problem type, Graph error code…). */
    readonly apiCode?: string | number,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The account as the network sees it (lm-post doctor). */
export interface AccountInfo {
  /** @handle, account name or Page name. */
  account: string;
  /** OAuth scopes or Graph permissions granted, when the network says. */
  scopes?: string[];
  /** Token expiry (ISO 8601); null = never expires; absent = unknown. */
  expiresAt?: string | null;
  /** False when the network says the token is no longer valid. */
  valid?: boolean;
  /** Limits the server really applies (Mastodon /api/v2/instance). */
  limits?: { maxCharacters?: number; maxMedia?: number };
}

export interface AdapterOptions {
  credentials: Credentials;
  /** Base URL override (sandbox, tests): LM_POST_TWITTER_API_URL, LM_POST_MASTODON_URL, LM_POST_FACEBOOK_GRAPH_URL. */
  baseUrl?: string;
  /** Per-request deadline in ms. */
  timeoutMs: number;
}

export interface NetworkAdapter {
  readonly id: NetworkId;
  /** Upload one image with its alt text / description; resolves when the network can attach it. */
  uploadMedia(media: MediaUpload, signal: AbortSignal): Promise<string>;
  /** Create one post (or one reply of a thread). */
  create(item: CreateItem, signal: AbortSignal): Promise<Created>;
  /**
   * Checks, before anything is sent, that the credentials can do everything publishing needs
   * (Mastodon: token scopes). Throws a permanent NetworkError naming what is missing.
   */
  preflight?(signal: AbortSignal): Promise<void>;
  /** What `lm-post doctor` shows of the account: a read-only look-up, nothing is created. */
  describe?(signal: AbortSignal): Promise<AccountInfo>;
  /** The account's recent posts, newest first (reconcile-by-listing of an unknown outcome). */
  recent(limit: number, signal: AbortSignal): Promise<RecentPost[]>;
  /**
   * Reconcile-by-key: what was created under this item key (`CreateItem.idempotencyKey`), or
   * null when nothing was. Networks whose records are addressed by a key derived from it
   * (Bluesky: getRecord on the rkey) answer exactly, without reading the timeline; when absent,
   * the publisher reconciles by listing (`recent`).
   */
  reconcileByKey?(key: string, signal: AbortSignal): Promise<Created | null>;
  /** X: the billed calls this adapter made so far (creates, alt texts, users/me), for the run's cost. */
  billed?(): XBilledCalls;
  close(): Promise<void>;
}

export interface AdapterModule {
  /** Environment variables this network needs (for the "missing credentials" message). */
  readonly requiredEnv: readonly string[];
  readonly baseUrlEnv: string;
  /**
   * Creates carry an idempotency key the server honours for a while (Mastodon: one hour):
   * re-sending the same create within `idempotencyWindowMs` is the reconciliation.
   */
  readonly idempotent: boolean;
  /** How long the server remembers an idempotency key (default 55 minutes, Mastodon's hour minus a margin). */
  readonly idempotencyWindowMs?: number;
  /**
   * The network's duplicate guard cannot protect a rerun that lost its receipts and journal
   * (Facebook refuses only a copy of the latest post, Mastodon nothing): before the first create
   * of a post with no journal, the account's recent posts are read once per run and what is
   * found there is recorded instead of sent. X is left to its duplicate 403 (reads cost money);
   * a network with `reconcileByKey` needs no look-up (a replayed key is refused).
   */
  readonly lookBeforeCreate?: boolean;
  createAdapter(options: AdapterOptions): Promise<NetworkAdapter>;
}
