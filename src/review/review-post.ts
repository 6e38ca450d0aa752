// One post's review decision (lm-post approve / reject / request-changes, SPEC §6): the checks that
// refuse or skip it, then the decision written into its review block. The command (commands/approve.ts)
// runs this for every post named, sharing one ReviewRun.
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import type { ReviewJson, ReviewOptions } from '../commands/approve.js';
import { ExitCode } from '../errors.js';
import { letterOnly } from '../letter/membership.js';
import { lintPost } from '../lint/engine.js';
import type { queueIndexOf } from '../lint/queue-index.js';
import { readPost } from '../post/read.js';
import type { Person } from '../charter/types.js';
import type { Review } from '../post/types.js';
import { updatePostFile } from '../post/write.js';
import { approvalVerdict } from '../rules/approval.js';
import { printable } from '../util/printable.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { decide } from '../workflow/decisions.js';
import { signBlock } from './sign.js';
import type { Signer } from './signer.js';

/** What every post of one review command shares, and the counts and JSON it accumulates. */
export interface ReviewRun {
  io: Io;
  opts: ReviewOptions;
  ctx: CommandContext;
  fr: boolean;
  who: Person;
  now: Date;
  queue: ReturnType<typeof queueIndexOf>;
  signer: Signer | undefined;
  json: ReviewJson[];
  code: number;
  done: number;
  skipped: number;
}

type LintErrors = { line: number; column: number; message: string; ruleId: string }[];
type Post = ReturnType<typeof readPost>;
type PostData = NonNullable<Post['data']>;
/** How a post's outcome is said: a refusal (exit 1) or an unchanged post, as a line or a JSON entry. */
interface Say {
  skip: (say: (s: string) => void, s: string) => void;
  refuse: (reason: string, s: string, errors?: LintErrors) => void;
  unchanged: (reason: string) => (s: string) => void;
}

export const stateLabel = (fr: boolean, s: Review['state']) =>
  ({ approved: fr ? 'approuvé' : 'approved', 'changes-requested': fr ? 'modifications demandées' : 'changes requested', rejected: fr ? 'refusé' : 'rejected' })[s];

/** Review one post file: refuse or skip it, or write the decision. */
export async function reviewPost(run: ReviewRun, f: string): Promise<void> {
  const { io, opts, ctx, fr } = run;
  const { charter } = ctx;
  const post = readPost(f, io.cwd);
  const where = { post: post.id, file: post.file };
  const text = (s: string) => io.out(`${printable(post.file)}: ${s}\n`);
  // With --all, posts that need nothing (or not from this person) are counted, not listed (--json lists them).
  const skip = (say: (s: string) => void, s: string) => {
    run.skipped++;
    if (!opts.all || opts.json) say(s);
  };
  // Under --json each human line becomes one entry: a refusal (exit 1) or an unchanged post.
  const refuse = (reason: string, s: string, errors?: LintErrors) =>
    opts.json ? run.json.push({ ...where, refused: reason, message: s, ...(errors ? { errors } : {}) }) : text(s);
  const unchanged = (reason: string) => (s: string) => (opts.json ? run.json.push({ ...where, unchanged: reason, ...(s ? { message: s } : {}) }) : text(s));
  if (!post.data || post.schemaReports.length) {
    refuse('invalid', fr ? 'invalide, vérifiez-le avec lm-post check' : 'invalid, check it with lm-post check');
    run.code = ExitCode.problems;
    return;
  }
  const data = post.data;
  // SPEC §17: a withdrawn post is never approved again (nor listed by --all).
  if (data.withdrawn) {
    if (opts.all) skip(unchanged('withdrawn'), '');
    else {
      refuse('withdrawn', fr ? `retiré par ${data.withdrawn.by} (« ${data.withdrawn.note} ») : il ne sera jamais publié` : `withdrawn by ${data.withdrawn.by} ("${data.withdrawn.note}"): it will never be published`);
      run.code = ExitCode.problems;
    }
    return;
  }
  if (opts.all && data.published && Object.keys(data.published).length) {
    skip(unchanged('published'), '');
    return;
  }
  // A letter-only item goes to no network: it is approved with the letter (lm-post letter --approve).
  if (opts.all && letterOnly(data, charter)) {
    skip(unchanged('letter-only'), '');
    return;
  }
  const postDir = path.dirname(post.path);
  if (opts.state === 'approved' && (await approvalBlocked(run, post, data, postDir, { skip, refuse, unchanged }))) return;
  await writeDecision(run, post, data, postDir, text, where);
}

/** An approval's own checks (not one's own post, not already approved, not stale, no lint error): true when refused or skipped. */
async function approvalBlocked(run: ReviewRun, post: Post, data: PostData, postDir: string, { skip, refuse, unchanged }: Say): Promise<boolean> {
  const { io, opts, ctx, fr, who, now } = run;
  const { charter, lang } = ctx;
  const previous = data.review;
  if (data.author === who.id) {
    const own = fr ? `écrit par ${who.id} : une autre personne validatrice doit l’approuver` : `written by ${who.id}: another validator must approve it`;
    if (opts.all) skip(unchanged('own-post'), own);
    else refuse('own-post', own);
    if (!opts.all) run.code = ExitCode.problems;
    return true;
  }
  const v = approvalVerdict(data, charter, postDir, now, post.id);
  if (v.ok && v.how === 'review') {
    skip(unchanged('already-approved'), fr ? `déjà approuvé par ${data.review?.by}` : `already approved by ${data.review?.by}`);
    return true;
  }
  // A colleague's refusal or request for changes is never overridden in bulk.
  if (opts.all && previous && previous.state !== 'approved') {
    skip(unchanged(previous.state), '');
    return true;
  }
  const staleHours = charter.approval?.stale_after_hours;
  const at = data.publish_at ? parseDateTime(data.publish_at, charter.timezone) : undefined;
  if (staleHours !== undefined && at && now.getTime() - at.getTime() > staleHours * 3_600_000) {
    refuse(
      'stale',
      fr
        ? `non approuvé : la date de publication, ${formatDateTime(at, charter.timezone, 'fr')}, est passée depuis plus de ${staleHours} h ; choisissez une nouvelle date (publish_at)`
        : `not approved: the publication date, ${formatDateTime(at, charter.timezone, 'en')}, is more than ${staleHours} h past; choose a new date (publish_at)`,
    );
    run.code = ExitCode.problems;
    return true;
  }
  const lint = await lintPost(post, { charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now }, run.queue);
  const errors = lint.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past' && m.ruleId !== 'approval');
  if (errors.length) {
    const found = fr ? `non approuvé : ${errors.length} erreur(s) à corriger d’abord` : `not approved: ${errors.length} error(s) to fix first`;
    refuse('errors', found, errors.map((m) => ({ line: m.line, column: m.column, message: m.message, ruleId: m.ruleId })));
    if (!opts.json) for (const m of errors) io.out(`  ${printable(post.file)}:${m.line}:${m.column}  ${printable(m.message)}  ${m.ruleId}\n`);
    run.code = ExitCode.problems;
    return true;
  }
  return false;
}

/** Write the decision into the post's review block (signed when a signer is at hand) and say it. */
async function writeDecision(run: ReviewRun, post: Post, data: PostData, postDir: string, text: (s: string) => void, where: { post: string; file: string }): Promise<void> {
  const { opts, ctx, fr, who, now, signer } = run;
  const { charter } = ctx;
  const previous = data.review;
  // Every decision is kept in review.history (SPEC §11): a colleague's note is never erased.
  const block: Review = decide(data, postDir, charter, { state: opts.state, by: who.id, at: now, ...(opts.note ? { note: opts.note } : {}), ...(opts.via ? { via: opts.via } : {}) });
  if (signer) await signBlock(block, { kind: 'post', id: post.id }, signer);
  const source = Buffer.from(post.bytes).toString('utf8');
  updatePostFile(post.path, source, 'review', () => block);
  run.done++;
  const replaced =
    previous && previous.state !== opts.state
      ? fr
        ? ` — remplace « ${stateLabel(fr, previous.state)} » de ${previous.by}${previous.note ? ` (« ${previous.note} »)` : ''}`
        : ` — replaces "${stateLabel(fr, previous.state)}" by ${previous.by}${previous.note ? ` ("${previous.note}")` : ''}`
      : '';
  if (opts.json) {
    run.json.push({
      ...where,
      state: block.state,
      by: block.by,
      at: block.at,
      ...(block.note ? { note: block.note } : {}),
      ...(previous && previous.state !== opts.state ? { replaced: { state: previous.state, by: previous.by, ...(previous.note ? { note: previous.note } : {}) } } : {}),
    });
  } else text(`${stateLabel(fr, opts.state)} (${who.id})${replaced}`);
}
