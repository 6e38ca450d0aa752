// The queue at a glance (SPEC §11 `list`): one state per post, from the same check, approval
// verdict, receipts and journal that `publish` uses — so `list` can never say `ready` for a
// post that `publish` would refuse.
import path from 'node:path';
import { type Charter, type NetworkId } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { lintPost } from '../lint/engine.js';
import { isValidPost, readPost, type ReadPost } from '../post/read.js';
import { postTargets } from '../render/index.js';
import { approvalVerdict, reviewState } from '../rules/approval.js';
import { Journal } from '../publish/journal.js';
import type { ReceiptStore } from '../publish/receipts.js';
import { parseDateTime } from '../util/time.js';
import { editedSinceReview } from './decisions.js';
import { queueIndexOf } from '../lint/queue-index.js';
import { letterOnly } from '../letter/membership.js';
import { tr } from '../i18n/index.js';
import { SIGNATURE_RULE_MESSAGES } from '../review/post.js';
import { pastDateText } from './past-date.js';

export const POST_STATES = [
  'invalid',
  'draft',
  'changes-requested',
  'rejected',
  'voided',
  'stale',
  'scheduled',
  'ready',
  'partly-published',
  'published',
  'needs-human',
  /** A letter-only item (SPEC §14): approved and sent with the whole fortnightly letter. */
  'letter',
  /** Withdrawn (SPEC §17): kept in the queue, never published; listed only when asked for. */
  'withdrawn',
] as const;
export type PostState = (typeof POST_STATES)[number];

export interface NeedsHuman {
  network: NetworkId;
  item: number;
  /** What the publisher saw (English, as the network said it; already redacted). */
  seen: string;
  command: string;
}

export interface ListRow {
  id: string;
  file: string;
  type?: string;
  author?: string;
  networks: NetworkId[];
  state: PostState;
  publish_at?: string;
  reasons: string[];
  receipts: Partial<Record<NetworkId, string>>;
  /** The post waits for a validator (draft, voided, or changes-requested edited since). */
  awaitingReview: boolean;
  needsHuman?: NeedsHuman[];
  /** Sort key: publication time (ms), absent = as soon as approved (now). */
  when: number;
}

export interface ListOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  now: Date;
  queueFiles: readonly string[];
  receipts: ReceiptStore;
  journalDir: string;
  /** `--sandbox` is added to the resolve commands shown. */
  sandbox?: boolean;
}

/** State of every post of the queue, oldest publication first. */
export async function listPosts(o: ListOptions): Promise<ListRow[]> {
  const all: ReadPost[] = o.queueFiles.map((f) => readPost(f, o.cwd));
  const valid = all.filter(isValidPost);
  const fr = o.lang === 'fr';
  const rows: ListRow[] = [];
  const index = queueIndexOf(valid, o.charter);
  const pastOf = new Map<ListRow, string>();
  for (const post of all) {
    const lint = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, index);
    const errors = lint.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past');
    const row: ListRow = { id: post.id, file: post.file, networks: [], state: 'invalid', reasons: [], receipts: {}, awaitingReview: false, when: o.now.getTime() };
    rows.push(row);
    if (!post.data || post.schemaReports.length) {
      row.reasons = errors.map((m) => `${post.file}:${m.line}:${m.column} ${m.message}`);
      continue;
    }
    const data = post.data;
    row.type = data.type;
    row.author = data.author;
    row.networks = postTargets(data, o.charter);
    if (data.publish_at) {
      row.publish_at = data.publish_at;
      const at = parseDateTime(data.publish_at, o.charter.timezone);
      if (at) row.when = at.getTime();
    }
    if (data.withdrawn) {
      row.state = 'withdrawn';
      row.reasons = [fr ? `retiré par ${data.withdrawn.by} : « ${data.withdrawn.note} »` : `withdrawn by ${data.withdrawn.by}: "${data.withdrawn.note}"`];
      continue;
    }
    // SPEC §17: a past-dated post says what to do, in the same words everywhere.
    const past = pastDateText(data, post.id, o.charter, o.now, o.lang);
    if (past) pastOf.set(row, past);
    const receipts = o.receipts.get(post);
    for (const n of row.networks) if (receipts[n]) row.receipts[n] = receipts[n]!.url ?? receipts[n]!.id;
    const journal = new Journal(o.journalDir, post.id);
    const stuck: NeedsHuman[] = [];
    for (const n of row.networks) {
      for (const [item, s] of journal.state(n)) {
        if (s.needsHuman) stuck.push({ network: n, item, seen: s.needsHuman, command: `lm-post resolve ${post.id} --network ${n} --created URL|--not-created${o.sandbox ? ' --sandbox' : ''}` });
      }
    }
    const done = row.networks.filter((n) => receipts[n]).length;
    if (stuck.length) {
      row.state = 'needs-human';
      row.needsHuman = stuck;
      row.reasons = stuck.map((s) => `${s.network}: ${s.seen} → ${s.command}`);
      continue;
    }
    if (row.networks.length && done === row.networks.length) {
      row.state = 'published';
      continue;
    }
    if (done > 0) {
      row.state = 'partly-published';
      row.reasons = row.networks.filter((n) => !receipts[n]).map((n) => (fr ? `reste à publier sur ${n}` : `still to publish on ${n}`));
      continue;
    }
    if (errors.length) {
      row.state = 'invalid';
      row.reasons = errors.map((m) => `${post.file}:${m.line}:${m.column} ${m.message}`);
      continue;
    }
    if (letterOnly(data, o.charter)) {
      row.state = 'letter';
      row.reasons.push(fr ? 'dans la lettre de la quinzaine : à approuver avec la lettre entière (lm-post letter --approve)' : 'in the fortnightly letter: approved with the whole letter, not alone (lm-post letter --approve)');
      continue;
    }
    setReviewState(o, row, post, data);
  }
  for (const [row, past] of pastOf) if (!['published', 'needs-human', 'letter', 'withdrawn'].includes(row.state)) row.reasons.push(past);
  return rows.sort((a, b) => a.when - b.when || a.id.localeCompare(b.id));
}

/** The state a post's review gives it once nothing was published and nothing needs fixing: draft, sent back, voided, stale, scheduled or ready. */
function setReviewState(o: ListOptions, row: ListRow, post: ReadPost, data: NonNullable<ReadPost['data']>): void {
  const fr = o.lang === 'fr';
  const r = data.review;
  const verdict = approvalVerdict(data, o.charter, path.dirname(post.path), o.now, post.id);
  const review = reviewState(data, verdict);
  if (!r) {
    // Without a review the post is a draft, even when its trained author may publish it now.
    row.state = 'draft';
    row.awaitingReview = true;
    if (verdict.ok && verdict.how === 'trained-author') row.reasons.push(fr ? 'auteur·e formé·e : publiable pendant l’événement sans relecture' : 'trained author: may be published during the event without review');
    return;
  }
  if (review === 'rejected' || review === 'changes-requested') {
    row.state = review;
    row.reasons.push(`${r.by}${r.note ? ` : « ${r.note} »` : ''}`);
    if (review === 'changes-requested' && editedSinceReview(data, post.path, o.charter)) {
      row.awaitingReview = true;
      row.reasons.push(fr ? 'modifié depuis : en attente de relecture' : 'edited since: waiting for review');
    }
    return;
  }
  if (!verdict.ok) {
    if (verdict.messageId === 'stale') {
      row.state = 'stale';
      row.reasons.push(fr ? `date de publication dépassée de plus de ${String(verdict.data.hours)} h` : `publication date more than ${String(verdict.data.hours)} h past`);
    } else {
      row.state = 'voided';
      row.awaitingReview = true;
      row.reasons.push(
        verdict.messageId === 'edited'
          ? fr ? `modifié depuis l’approbation de ${r.by}` : `edited since ${r.by} approved it`
          : verdict.messageId.startsWith('signature-')
            ? tr(o.lang, SIGNATURE_RULE_MESSAGES[verdict.messageId as keyof typeof SIGNATURE_RULE_MESSAGES], verdict.data)
            : fr ? `approbation de ${r.by} non valable (${verdict.messageId})` : `approval by ${r.by} not valid (${verdict.messageId})`,
      );
    }
    return;
  }
  row.state = row.when > o.now.getTime() ? 'scheduled' : 'ready';
  row.reasons.push(fr ? `approuvé par ${r.by}` : `approved by ${r.by}`);
}
