// approve / reject / request-changes: the validators' verdict, written into the post's review block
// with the digest of what was approved (SPEC §6).
import { validatorsLabel } from '../charter/validators.js';
import { loadContext } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { queueIndexOf } from '../lint/queue-index.js';
import { listQueue, readValidPosts, resolvePostPaths } from '../post/read.js';
import type { Review } from '../post/types.js';
import { resolveIdentity } from '../publish/identity.js';
import { currentTime } from '../util/clock.js';
import { signerFor } from '../review/sign.js';
import { reviewPost, stateLabel, type ReviewRun } from '../review/review-post.js';
import type { Charter, Person } from '../charter/types.js';
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
  assertMayReview(charter, who, opts);
  // With approval.signed, the key is found (and checked to be this person's) before anything is written.
  const signer = await signerFor(charter, who, { ...(opts.key ? { key: opts.key } : {}), ...(opts.signer ? { signer: opts.signer } : {}), ...(opts.via ? { via: opts.via } : {}), env: io.env, cwd: io.cwd });
  const queueFiles = listQueue(ctx.queueDir);
  const files = opts.all ? queueFiles : resolvePostPaths(opts.posts, ctx.queueDir, io.cwd);
  // Indexed once for every post approved; each post is skipped in it by path.
  // Duplicate detection reads the archive too (SPEC §17).
  const queue = queueIndexOf(readValidPosts([...queueFiles, ...archivedFiles(ctx.queueDir)], io.cwd), charter);
  const run: ReviewRun = { io, opts, ctx, fr, who, now: currentTime(), queue, signer, json: [], code: ExitCode.ok, done: 0, skipped: 0 };
  for (const f of files) await reviewPost(run, f);
  const { done, skipped, json } = run;
  if (opts.json) io.out(JSON.stringify(json, null, 2) + '\n');
  else if (opts.all) {
    io.out(
      fr
        ? `${done} billet(s) ${stateLabel(fr, opts.state)}(s) par ${who.id} ; ${skipped} sans changement (déjà traités, écrits par ${who.id}, refusés ou à modifier, publiés).\n`
        : `${done} post(s) ${stateLabel(fr, opts.state)} by ${who.id}; ${skipped} unchanged (already done, written by ${who.id}, rejected or sent back, published).\n`,
    );
  }
  return run.code;
}

/** Only a validator reviews; a refusal or request for changes says why; some post is named. */
function assertMayReview(charter: Charter, who: Person, opts: ReviewOptions): void {
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
}
