// lm-post review: the validators' interactive session (SPEC §11). Walks the posts waiting for review,
// oldest first; each decision is written by the same code as approve / request-changes / reject.
import { editorInvocation } from '../util/editor.js';
import { validatorsLabel } from '../charter/validators.js';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import type { Person } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { readPost, resolvePostPaths } from '../post/read.js';
import { identityTrail, resolveIdentity } from '../publish/identity.js';
import { reschedule } from '../workflow/care.js';
import { pastDateData } from '../workflow/past-date.js';
import { currentTime } from '../util/clock.js';
import { review as decideCommand } from './approve.js';
import { queueRows, STATE_LABELS } from './list.js';
import { inputConfig } from './prompt-theme.js';
import { signerFor } from '../review/sign.js';
import { chooseAction, showPost } from '../review/session-show.js';

export interface ReviewSessionOptions extends GlobalOptions {
  /** Only these posts (ids or paths); all waiting posts when empty. */
  posts?: string[];
  as?: string;
  /** The private key that signs the decisions (SPEC §16). */
  key?: string;
  interactive?: boolean;
}

/** « Reporter »: the new date asked, the post rescheduled (workflow/care.ts), what was done said back. */
async function askReschedule(io: Io, ctx: ReturnType<typeof loadContext>, file: string, who: Person): Promise<void> {
  const { input } = await import('@inquirer/prompts');
  const t = (fr: string, en: string) => (ctx.lang === 'fr' ? fr : en);
  const when = await input(inputConfig(ctx.lang, { message: t('Nouvelle date de publication (ex. « demain 10h », « jeudi prochain 19h »)', 'New publication date (e.g. "demain 10h", "jeudi prochain 19h")'), required: true }));
  try {
    const r = await reschedule({ file, cwd: io.cwd, charter: ctx.charter, who, when, now: currentTime(), lang: ctx.lang, env: io.env });
    for (const l of r.lines) io.out(`  ${l}\n`);
  } catch (e) {
    if (!(e instanceof LmPostError)) throw e;
    io.out(`  ${e.format(ctx.lang)}\n`);
  }
}

/** Who reviews: resolved once; an unknown identity is told what was tried and how to fix it. */
function reviewer(io: Io, ctx: ReturnType<typeof loadContext>, as: string | undefined): Person {
  let who: Person;
  try {
    who = resolveIdentity(ctx.charter, as, io.env, io.cwd);
  } catch (e) {
    if (!(e instanceof LmPostError)) throw e;
    const tried = identityTrail(as, io.env, io.cwd)
      .map((t) => `${t.source} : ${t.value ?? (ctx.lang === 'fr' ? '(absent)' : '(not set)')}`)
      .join(' ; ');
    const validators = ctx.charter.people.filter((p) => p.validator).map((p) => p.id).join(', ');
    throw new LmPostError(
      'review-identity',
      {
        fr: 'Impossible de savoir qui relit. Essayé : {{tried}}. Aucun ne correspond à une personne de la charte. Solutions : lm-post review --as IDENTIFIANT, ou export LM_POST_USER=IDENTIFIANT (ou dans .env), ou ajoutez email: votre-adresse-git à votre fiche dans people de {{charter}}. Personnes validatrices : {{validators}}.',
        en: 'Cannot tell who is reviewing. Tried: {{tried}}. None matches a person of the charter. Fix: lm-post review --as ID, or export LM_POST_USER=ID (or in .env), or add email: your-git-address to your entry in people of {{charter}}. Validators: {{validators}}.',
      },
      { tried, validators, charter: ctx.charter.file },
      ExitCode.usage,
    );
  }
  if (!who.validator) {
    throw new LmPostError(
      'not-validator',
      { fr: '« {{id}} » n’est pas validateur·ice dans la charte (validator: true) : seules les personnes validatrices ({{validators}}) relisent les billets.', en: '"{{id}}" is not a validator in the charter (validator: true): only validators ({{validators}}) review posts.' },
      { id: who.id, validators: validatorsLabel(ctx.charter) },
      ExitCode.problems,
    );
  }
  return who;
}

export async function reviewSession(io: Io, opts: ReviewSessionOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const fr = ctx.lang === 'fr';
  const t = (f: string, e: string) => (fr ? f : e);
  const who = reviewer(io, ctx, opts.as);
  const only = opts.posts?.length ? new Set(resolvePostPaths(opts.posts, ctx.queueDir, io.cwd)) : undefined;
  const waiting = async () => (await queueRows(io, opts)).rows.filter((r) => r.awaitingReview && r.author !== who.id && (!only || only.has(path.resolve(io.cwd, r.file))));
  let rows = await waiting();
  const own = (await queueRows(io, opts)).rows.filter((r) => r.awaitingReview && r.author === who.id).length;
  if (!rows.length) {
    io.out(t(`Rien à relire pour ${who.name}.`, `Nothing to review for ${who.name}.`) + (own ? t(` (${own} billet(s) de vous attendent une autre personne.)`, ` (${own} post(s) of yours wait for someone else.)`) : '') + '\n');
    return ExitCode.ok;
  }
  // SPEC §17: a past-dated post is rescheduled first.
  const pastOf = (r: (typeof rows)[number]) => {
    const p = readPost(path.resolve(io.cwd, r.file), io.cwd);
    return p.data ? pastDateData(p.data, r.id, ctx.charter, currentTime()) : undefined;
  };
  if (!opts.interactive) {
    io.out(t(`${rows.length} billet(s) à relire pour ${who.name} (du plus ancien au plus récent) :\n`, `${rows.length} post(s) to review for ${who.name} (oldest first):\n`));
    for (const r of rows) io.out(`  ${r.id}  (${STATE_LABELS[r.state][ctx.lang]}, ${r.author})\n    ${pastOf(r) ? `lm-post reschedule ${r.id} ${t('QUAND', 'WHEN')} --as ${who.id}` : `lm-post approve ${r.id} --as ${who.id}`}   |   lm-post request-changes ${r.id} --as ${who.id} --note "…"   |   lm-post reject ${r.id} --as ${who.id} --note "…"\n`);
    return ExitCode.ok;
  }
  // Signed decisions (SPEC §16): the key is found once, before the first question, not mid-session.
  const signer = await signerFor(ctx.charter, who, { ...(opts.key ? { key: opts.key } : {}), env: io.env, cwd: io.cwd });
  const { input } = await import('@inquirer/prompts');
  let code: number = ExitCode.ok;
  let done = 0;
  try {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const file = path.resolve(io.cwd, row.file);
      const post = readPost(file, io.cwd);
      const data = post.data!;
      const results = await showPost(io, ctx, row, file, post, i, rows.length);
      // SPEC §17: a post whose date is past is rescheduled first (an approval would be refused or go out late).
      const action = await chooseAction(ctx, !!pastDateData(data, row.id, ctx.charter, currentTime()));
      if (action === 'quit') break;
      if (action === 'skip') continue;
      if (action === 'preview') {
        // The mockups per network in the browser (preview/review-hook.ts), then the same post again.
        io.out((await import('../preview/review-hook.js')).openReviewPreview(io, ctx, post, results[0]) + '\n');
        i--;
        continue;
      }
      if (action === 'reschedule') {
        await askReschedule(io, ctx, file, who);
        i--; // shown again with its new date, to be approved
        continue;
      }
      if (action === 'edit') {
        const editor = io.env.VISUAL || io.env.EDITOR || 'vi';
        const { command, args } = editorInvocation(editor, file);
        const r = spawnSync(command, args, { stdio: 'inherit' });
        if (r.status !== 0) io.out(t(`L’éditeur (${editor}) a échoué.\n`, `The editor (${editor}) failed.\n`));
        i--; // show it again, re-checked
        continue;
      }
      const state = action === 'approve' ? 'approved' : action === 'changes' ? 'changes-requested' : 'rejected';
      let note: string | undefined;
      if (state !== 'approved') {
        note = await input(inputConfig(ctx.lang, { message: t('Note pour l’auteur·e (pourquoi, quoi changer)', 'Note for the author (why, what to change)'), required: true }));
      }
      const c = await decideCommand(io, { ...opts, posts: [file], as: who.id, state, ...(note ? { note } : {}), ...(signer ? { signer } : {}) });
      if (c === ExitCode.ok) done++;
      else code = c;
    }
  } catch (e) {
    if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) {
      io.out(t('\nSession interrompue.\n', '\nSession interrupted.\n'));
    } else throw e;
  }
  rows = await waiting();
  io.out(t(`\n${done} décision(s) enregistrée(s) ; ${rows.length} billet(s) encore à relire.\n`, `\n${done} decision(s) recorded; ${rows.length} post(s) still to review.\n`));
  return code;
}
