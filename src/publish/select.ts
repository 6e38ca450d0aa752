// Selection: which posts would go out now, to which networks, and every reason why not. Pure
// reading: nothing is sent or written.
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Charter, NetworkId } from '../charter/types.js';
import { ExitCode } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { lintPost, type LintMessage } from '../lint/engine.js';
import { queueIndexOf } from '../lint/queue-index.js';
import { isValidPost, type ReadPost, readPost, type ValidPost } from '../post/read.js';
import { postTargets } from '../render/index.js';
import { approvalVerdict, type ApprovalVerdict } from '../rules/approval.js';
import { parseDateTime } from '../util/time.js';
import type { ReceiptStore } from './receipts.js';

export type { ValidPost };

export type SkipReason =
  | { kind: 'invalid'; messages: LintMessage[] }
  | { kind: 'errors'; messages: LintMessage[] }
  | { kind: 'not-approved'; verdict: Extract<ApprovalVerdict, { ok: false }> }
  /** `verdict`: the approval as judged now, so a summary can tell an approved post from one that will wait for a validator. */
  | { kind: 'scheduled'; at: Date; verdict: ApprovalVerdict }
  | { kind: 'done' }
  /** None of the post's networks is among those asked for (--network). */
  | { kind: 'other-network' };

export interface Candidate {
  post: ReadPost;
  /** Networks still to publish to (targets minus receipts, filtered by --network). */
  pending: NetworkId[];
  targets: NetworkId[];
  skip?: SkipReason;
  /** With `allReasons`: every reason the post would not go out (skip is the first). */
  reasons?: SkipReason[];
}

export interface SelectOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  now: Date;
  files: readonly string[];
  queueFiles: readonly string[];
  networks?: readonly NetworkId[];
  receipts: ReceiptStore;
  /** Sandbox/dry-run only: publish scheduled posts now. */
  ignoreSchedule?: boolean;
  /** Dry run: collect every reason a post would not go out, not just the first. */
  allReasons?: boolean;
}

/** Lets due timers (the lock refresh) run. */
function yieldToTimers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Decide, for each post, what (if anything) publish would do now. Pure reading. */
export async function selectPosts(o: SelectOptions): Promise<Candidate[]> {
  // Selection is synchronous work per post (read, parse, lint): yield to the event loop between
  // posts, or on a large queue the publish lock's refresh timer starves past its stale limit and a
  // second run takes the lock over.
  const all: ReadPost[] = [];
  for (const f of new Set([...o.queueFiles, ...o.files])) {
    all.push(readPost(f, o.cwd));
    await yieldToTimers();
  }
  const byPath = new Map(all.map((p) => [p.path, p]));
  const valid = all.filter(isValidPost);
  const out: Candidate[] = [];
  for (const f of o.files) {
    await yieldToTimers();
    const post = byPath.get(f)!;
    // SPEC §17: a withdrawn post is never published, nor reported.
    if (post.data?.withdrawn) continue;
    if (!post.data || post.schemaReports.length) {
      const r = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, []);
      out.push({ post, pending: [], targets: [], skip: { kind: 'invalid', messages: r.messages } });
      continue;
    }
    const data = post.data;
    const receipts = o.receipts.get(post);
    const targets = postTargets(data, o.charter).filter((n) => !o.networks || o.networks.includes(n));
    const pending = targets.filter((n) => !receipts[n]);
    const c: Candidate = { post, pending, targets };
    out.push(c);
    if (!targets.length) {
      // A type the charter does not know has no networks: that is an error to show (it would
      // otherwise vanish from publish), not a post for other networks.
      if (!Object.hasOwn(o.charter.types, data.type)) {
        const r = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, queueIndexOf(valid, o.charter));
        c.skip = { kind: 'errors', messages: r.messages.filter((m) => m.severity === 2) };
        continue;
      }
      c.skip = { kind: 'other-network' };
      continue;
    }
    if (!pending.length) {
      c.skip = { kind: 'done' };
      continue;
    }
    const at = data.publish_at ? parseDateTime(data.publish_at, o.charter.timezone) : undefined;
    // In the sandbox, --ignore-schedule plays each post as at its own publication time, so an
    // approval is not judged stale only because the example dates have passed.
    const judgedAt = o.ignoreSchedule && at ? at : o.now;
    // Judged for every post (pure reading): a post scheduled later still says whether it is approved.
    const verdict = approvalVerdict(data, o.charter, path.dirname(post.path), judgedAt, post.id);
    const reasons: SkipReason[] = [];
    if (at && at > o.now && !o.ignoreSchedule) reasons.push({ kind: 'scheduled', at, verdict });
    if (reasons.length && !o.allReasons) {
      c.skip = reasons[0]!;
      continue;
    }
    if (!verdict.ok) reasons.push({ kind: 'not-approved', verdict });
    if (reasons.length && !o.allReasons) {
      c.skip = reasons[0]!;
      continue;
    }
    // One index of the queue for the whole selection (queue-wide rules look posts up in it).
    const lint = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, queueIndexOf(valid, o.charter));
    // A post already published on one network is a duplicate of itself on the others: the
    // duplicate rule compares with other posts only, so it stays meaningful here.
    const errors = lint.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past');
    if (errors.length) reasons.push({ kind: 'errors', messages: errors });
    if (reasons.length) c.skip = reasons[0]!;
    if (o.allReasons && reasons.length) c.reasons = reasons;
  }
  return out;
}

/**
 * Whether the post file still says what it said when the post was selected (text, review…):
 * a rejection or an edit made during a long run must stop what has not been sent yet.
 */
export function stillAsSelected(post: ValidPost): boolean {
  let bytes: Buffer;
  let now: unknown;
  try {
    bytes = readFileSync(post.path);
    // The very bytes selection read (or that a previous check found equivalent, a receipt written
    // since): the same post, without parsing it again for each network.
    const known = sameAsSelected.get(post) ?? post.bytes;
    if (bytes.equals(known)) return true;
    now = parseDocument(bytes.toString('utf8')).toJS();
  } catch {
    return false;
  }
  const strip = (v: unknown) => {
    const { published: _p, ...rest } = (v ?? {}) as Record<string, unknown>;
    return rest;
  };
  const same = isDeepStrictEqual(strip(now), strip(post.data));
  if (same) sameAsSelected.set(post, bytes);
  return same;
}

/** Bytes of a post file last found to say what selection read (see `stillAsSelected`). */
const sameAsSelected = new WeakMap<ValidPost, Uint8Array>();

/**
 * The exit-code rule (README « Codes de sortie »): 1 when a person must act on a post — one
 * named on the command line cannot go out, or one that was approved no longer can (edited,
 * stale, now with errors); 0 when posts simply wait (scheduled later, never approved yet).
 * The dry run answers with the same code the real run would.
 */
export function blockedExitCode(candidates: readonly Candidate[], named: boolean): number {
  const blocked = candidates.some((c) => {
    const k = c.skip?.kind;
    if (k === 'errors' || k === 'invalid') return named || c.post.data?.review?.state === 'approved';
    if (k !== 'not-approved') return false;
    // Someone approved it, but the approval no longer holds (edited, stale, wrong validator):
    // the post will not go out as planned until a person acts.
    const voided = c.skip?.kind === 'not-approved' && ['edited', 'stale', 'notValidator', 'selfApproved'].includes(c.skip.verdict.messageId);
    return named || voided;
  });
  return blocked ? ExitCode.problems : ExitCode.ok;
}
