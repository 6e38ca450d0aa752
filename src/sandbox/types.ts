/**
 * Types shared by the sandbox emulators. The public ones are re-exported by `./index.ts`,
 * which is the only module other parts of lm-post should import.
 */

export type SandboxNetwork = 'twitter' | 'mastodon' | 'facebook';

export interface SandboxOptions {
  /** Persist JSON state here; absent = memory only. */
  stateDir?: string;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** The X account's API plan (default pay-per-use, X's self-serve plan): only enterprise may quote. */
  twitterPlan?: 'pay-per-use' | 'enterprise';
  /**
   * X replies (pay-per-use): `own-allowed` (default) lets a thread reply to our own posts;
   * `summoned-only` refuses every reply as non-summoned. Default LM_POST_SANDBOX_X_REPLIES.
   */
  twitterReplies?: 'own-allowed' | 'summoned-only';
  /**
   * The Mastodon instance's DEFAULT_LOCALE: `fr` answers the errors Mastodon localises in French,
   * whatever Accept-Language asks (absent: the request's Accept-Language decides, else English).
   */
  mastodonLocale?: 'en' | 'fr';
  /** The Facebook app requires appsecret_proof on every call ("Require App Secret"). */
  facebookRequireProof?: boolean;
  /** The charter's organisation: the sandbox accounts' names (default: a neutral "Collectif"). */
  organisation?: string;
  /** Milliseconds added to every request; default LM_POST_SANDBOX_LATENCY_MS, else 0. */
  latencyMs?: number;
}

export type FaultKind = 'status' | 'status-after' | 'delay' | 'drop-before' | 'drop-after' | 'rate-limit';

export interface RecordedRequest {
  network: SandboxNetwork;
  method: string;
  /** Path without query string. */
  path: string;
  /** Query parameters; `access_token` is redacted. */
  query: Record<string, string>;
  /** Lower-cased names; `authorization` is reduced to its scheme (`OAuth`, `Bearer`). */
  headers: Record<string, string>;
  /** Parsed JSON / form fields / multipart fields (files as { filename, contentType, size, sha256 }). */
  body: unknown;
  at: string;
  /** When the reply was sent or the connection dropped (absent while the request is in flight): [at, answeredAt] is its time on the server. */
  answeredAt?: string;
  /** HTTP status sent back; 0 when the socket was destroyed without any response. */
  status: number;
  /** Set when a fault was applied to this request. */
  fault?: FaultKind;
}

export type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** The request is carried out (committed), then answered with this error anyway (Graph's code 2 after a create). */
  | { kind: 'status-after'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop-before' }
  | { kind: 'drop-after' }
  | { kind: 'rate-limit'; resetInSeconds: number };

export interface Fault {
  network: SandboxNetwork;
  method?: string;
  path?: string | RegExp;
  /** Default 1; `Infinity` keeps the fault until `clearFaults()`. */
  times?: number;
  /** Matching requests to let through untouched first (default 0): "the 5th POST", for crash tests. */
  skip?: number;
  action: FaultAction;
}

export interface SandboxMedia {
  id: string;
  altText: string | null;
  sha256: string;
  /** Size in bytes. */
  bytes: number;
  contentType: string | null;
}

/** A post as stored by an emulator, normalised across networks. */
export interface SandboxPost {
  network: SandboxNetwork;
  id: string;
  text: string;
  replyTo: string | null;
  quoteOf: string | null;
  media: SandboxMedia[];
  /** Mastodon only (public, unlisted, private, direct). */
  visibility: string | null;
  /** Mastodon content warning. */
  spoiler: string | null;
  language: string | null;
  /** Mastodon `Idempotency-Key` that created the status. */
  idempotencyKey: string | null;
  createdAt: string;
  url: string;
  /** Facebook `link` parameter. */
  link: string | null;
  /** False for Facebook unpublished / scheduled posts. */
  published: boolean;
  /** Facebook scheduled_publish_time as ISO 8601. */
  scheduledAt: string | null;
}

export interface Sandbox {
  urls: Record<SandboxNetwork, string>;
  env: Record<string, string>;
  requests: RecordedRequest[];
  addFault(f: Fault): void;
  clearFaults(): void;
  /** Posts created on a network, oldest first. */
  posts(network: SandboxNetwork): readonly SandboxPost[];
  /** Media uploaded to a network (attached or not), oldest first. */
  media(network: SandboxNetwork): readonly SandboxMedia[];
  close(): Promise<void>;
}
