// approve / reject / request-changes: the validators' verdict, written into the post's review block
// with the digest of what was approved (SPEC §6).
import { validatorsLabel } from '../charter/validators.js';
import { printable } from '../util/printable.js';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { lintPost } from '../lint/engine.js';
import { queueIndexOf } from '../lint/queue-index.js';
import { listQueue, readPost, readValidPosts, resolvePostPaths } from '../post/read.js';
import type { Review } from '../post/types.js';
import { updatePostFile } from '../post/write.js';
import { approvalVerdict } from '../rules/approval.js';
import { letterOnly } from '../letter/membership.js';
import { resolveIdentity } from '../publish/identity.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { currentTime } from '../util/clock.js';
import { decide } from '../workflow/decisions.js';
import { signBlock, signerFor } from '../review/sign.js';
import type { Signer } from '../review/signer.js';
import { archivedFiles } from '../workflow/archive.js';

export interface ReviewOptions extends GlobalOptions {
  posts: string[];
  as?: string;
  note?: string;
  all?: boolean;
  json?: boolean;
  state: Review['state'];
  /** The private key that signs the decision (SPEC §16; else LM_POST_SIGNING_KEY, git, ssh-agent). */
  key?: string;
  /** In-process only: a signer already at hand (the demo's training key, the forge key). */
  signer?: Signer;
  /** In-process only: the decision was taken on the forge (`github#12`), signed by the forge key. */
  via?: string;
}

/** One post's outcome under --json: the decision written, or why none was. */
export type ReviewJson =
  | { post: string; file: string; state: Review['state']; by: string; at: string; note?: string; replaced?: { state: Review['state']; by: string; note?: string } }
  | { post: string; file: string; refused: string; message: string; errors?: { line: number; column: number; message: string; ruleId: string }[] }
  | { post: string; file: string; unchanged: string; message?: string };

export async function review(io: Io, opts: ReviewOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const fr = lang === 'fr';
  const who = resolveIdentity(charter, opts.as, io.env, io.cwd);
  if (!who.validator) {
    throw new LmPostError(
      'not-validator',
      {
        fr: '« {{id}} » n’est pas validateur·ice dans la charte : seules les personnes validatrices ({{validators}}, validator: true) peuvent approuver ou renvoyer un billet.',
        en: '"{{id}}" is not a validator in the charter: only validators ({{validators}}, validator: true) may approve or send back a post.',
      },
      { id: who.id, validators: validatorsLabel(charter) },
      ExitCode.problems,
    );
  }
  if (opts.state !== 'approved' && !opts.note?.trim()) {
    throw new LmPostError(
      'note-required',
      { fr: 'Expliquez pourquoi avec --note "…" : l’auteur·e en a besoin pour corriger.', en: 'Say why with --note "…": the author needs it to fix the post.' },
      {},
      ExitCode.usage,
    );
  }
  if (!opts.all && opts.posts.length === 0) {
    throw new LmPostError('no-post', { fr: 'Indiquez le(s) billet(s), ou --all.', en: 'Name the post(s), or --all.' }, {}, ExitCode.usage);
  }
  // With approval.signed, the key is found (and checked to be this person's) before anything is written.
  const signer = await signerFor(charter, who, { ...(opts.key ? { key: opts.key } : {}), ...(opts.signer ? { signer: opts.signer } : {}), ...(opts.via ? { via: opts.via } : {}), env: io.env, cwd: io.cwd });
  const queueFiles = listQueue(ctx.queueDir);
  const files = opts.all ? queueFiles : resolvePostPaths(opts.posts, ctx.queueDir, io.cwd);
  // Indexed once for every post approved; each post is skipped in it by path.
  // Duplicate detection reads the archive too (SPEC §17).
  const queue = queueIndexOf(readValidPosts([...queueFiles, ...archivedFiles(ctx.queueDir)], io.cwd), charter);
  let code: number = ExitCode.ok;
  const now = currentTime();
  let done = 0;
  let skipped = 0;
  const json: ReviewJson[] = [];
  // With --all, posts that need nothing (or not from this person) are counted, not listed (--json lists them).
  const skip = (say: (s: string) => void, s: string) => {
    skipped++;
    if (!opts.all || opts.json) say(s);
  };
  const stateLabel = (s: Review['state']) =>
    ({ approved: fr ? 'approuvé' : 'approved', 'changes-requested': fr ? 'modifications demandées' : 'changes requested', rejected: fr ? 'refusé' : 'rejected' })[s];
  for (const f of files) {
    const post = readPost(f, io.cwd);
    const where = { post: post.id, file: post.file };
    const text = (s: string) => io.out(`${printable(post.file)}: ${s}\n`);
    // Under --json each human line becomes one entry: a refusal (exit 1) or an unchanged post.
    const refuse = (reason: string, s: string, errors?: { line: number; column: number; message: string; ruleId: string }[]) =>
      opts.json ? json.push({ ...where, refused: reason, message: s, ...(errors ? { errors } : {}) }) : text(s);
    const unchanged = (reason: string) => (s: string) => (opts.json ? json.push({ ...where, unchanged: reason, ...(s ? { message: s } : {}) }) : text(s));
    if (!post.data || post.schemaReports.length) {
      refuse('invalid', fr ? 'invalide, vérifiez-le avec lm-post check' : 'invalid, check it with lm-post check');
      code = ExitCode.problems;
      continue;
    }
    const data = post.data;
    // SPEC §17: a withdrawn post is never approved again (nor listed by --all).
    if (data.withdrawn) {
      if (opts.all) skip(unchanged('withdrawn'), '');
      else {
        refuse('withdrawn', fr ? `retiré par ${data.withdrawn.by} (« ${data.withdrawn.note} ») : il ne sera jamais publié` : `withdrawn by ${data.withdrawn.by} ("${data.withdrawn.note}"): it will never be published`);
        code = ExitCode.problems;
      }
      continue;
    }
    if (opts.all && data.published && Object.keys(data.published).length) {
      skip(unchanged('published'), '');
      continue;
    }
    // A letter-only item goes to no network: it is approved with the letter (lm-post letter --approve).
    if (opts.all && letterOnly(data, charter)) {
      skip(unchanged('letter-only'), '');
      continue;
    }
    const postDir = path.dirname(post.path);
    const previous = data.review;
    if (opts.state === 'approved') {
      if (data.author === who.id) {
        const own = fr ? `écrit par ${who.id} : une autre personne validatrice doit l’approuver` : `written by ${who.id}: another validator must approve it`;
        if (opts.all) skip(unchanged('own-post'), own);
        else refuse('own-post', own);
        if (!opts.all) code = ExitCode.problems;
        continue;
      }
      const v = approvalVerdict(data, charter, postDir, now, post.id);
      if (v.ok && v.how === 'review') {
        skip(unchanged('already-approved'), fr ? `déjà approuvé par ${data.review?.by}` : `already approved by ${data.review?.by}`);
        continue;
      }
      // A colleague's refusal or request for changes is never overridden in bulk.
      if (opts.all && previous && previous.state !== 'approved') {
        skip(unchanged(previous.state), '');
        continue;
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
        code = ExitCode.problems;
        continue;
      }
      const lint = await lintPost(post, { charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now }, queue);
      const errors = lint.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past' && m.ruleId !== 'approval');
      if (errors.length) {
        const found = fr ? `non approuvé : ${errors.length} erreur(s) à corriger d’abord` : `not approved: ${errors.length} error(s) to fix first`;
        refuse('errors', found, errors.map((m) => ({ line: m.line, column: m.column, message: m.message, ruleId: m.ruleId })));
        if (!opts.json) for (const m of errors) io.out(`  ${printable(post.file)}:${m.line}:${m.column}  ${printable(m.message)}  ${m.ruleId}\n`);
        code = ExitCode.problems;
        continue;
      }
    }
    // Every decision is kept in review.history (SPEC §11): a colleague's note is never erased.
    const block: Review = decide(data, postDir, charter, { state: opts.state, by: who.id, at: now, ...(opts.note ? { note: opts.note } : {}), ...(opts.via ? { via: opts.via } : {}) });
    if (signer) await signBlock(block, { kind: 'post', id: post.id }, signer);
    const source = Buffer.from(post.bytes).toString('utf8');
    updatePostFile(post.path, source, 'review', () => block);
    done++;
    const replaced =
      previous && previous.state !== opts.state
        ? fr
          ? ` — remplace « ${stateLabel(previous.state)} » de ${previous.by}${previous.note ? ` (« ${previous.note} »)` : ''}`
          : ` — replaces "${stateLabel(previous.state)}" by ${previous.by}${previous.note ? ` ("${previous.note}")` : ''}`
        : '';
    if (opts.json) {
      json.push({
        ...where,
        state: block.state,
        by: block.by,
        at: block.at,
        ...(block.note ? { note: block.note } : {}),
        ...(previous && previous.state !== opts.state ? { replaced: { state: previous.state, by: previous.by, ...(previous.note ? { note: previous.note } : {}) } } : {}),
      });
    } else text(`${stateLabel(opts.state)} (${who.id})${replaced}`);
  }
  if (opts.json) io.out(JSON.stringify(json, null, 2) + '\n');
  else if (opts.all) {
    io.out(
      fr
        ? `${done} billet(s) ${stateLabel(opts.state)}(s) par ${who.id} ; ${skipped} sans changement (déjà traités, écrits par ${who.id}, refusés ou à modifier, publiés).\n`
        : `${done} post(s) ${stateLabel(opts.state)} by ${who.id}; ${skipped} unchanged (already done, written by ${who.id}, rejected or sent back, published).\n`,
    );
  }
  return code;
}
