// A review given on the forge becomes signed decisions (SPEC §16): on `pull_request_review`
// (submitted), the reviewer's login is mapped to a validator (people[].github); for an approval
// or a request for changes, the decisions of the pull request's new or changed posts are signed
// with the forge key (LM_POST_FORGE_KEY, public half approval.forge_key), with `via: github#N`,
// committed, and pushed to the branch. Anyone else's review changes nothing, and the run says so.
// Run by scripts/ci/forge-review.mjs (the action's `review` command) and by its tests.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import { review } from '../commands/approve.js';
import { ExitCode, LmPostError } from '../errors.js';
import { tr, type Lang } from '../i18n/index.js';
import { privateKeySigner } from './signer.js';
import { isOpenSshPrivateKey } from './sshsig.js';

/** The fields of GitHub's pull_request_review event that matter here. */
interface ReviewEvent {
  action?: string;
  review?: { state?: string; body?: string | null; user?: { login?: string }; commit_id?: string };
  pull_request?: { number?: number; head?: { ref?: string; sha?: string; repo?: { full_name?: string } }; base?: { sha?: string; repo?: { full_name?: string } } };
  repository?: { full_name?: string };
}

export interface ForgeReviewOptions {
  /** Path of the event payload (GITHUB_EVENT_PATH). */
  eventPath: string;
  /** Push the commit to the pull request's branch on `origin`. */
  push?: boolean;
  charter?: string;
  queue?: string;
  lang?: string;
}

function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, ...(env ? { env } : {}) }).trim();
}

const say = (io: Io, lang: Lang, fr: string, en: string, data: Record<string, unknown> = {}) => io.out(tr(lang, { fr, en }, data) + '\n');

export async function forgeReview(io: Io, o: ForgeReviewOptions): Promise<number> {
  let event: ReviewEvent;
  try {
    event = JSON.parse(readFileSync(o.eventPath, 'utf8')) as ReviewEvent;
  } catch {
    throw new LmPostError('forge-event', { fr: 'Événement illisible : {{file}} (JSON d’un pull_request_review attendu).', en: 'Unreadable event: {{file}} (a pull_request_review JSON expected).' }, { file: o.eventPath }, ExitCode.usage);
  }
  const ctx = loadContext(io, { ...(o.charter ? { charter: o.charter } : {}), ...(o.queue ? { queue: o.queue } : {}), ...(o.lang ? { lang: o.lang } : {}) });
  const { charter, lang } = ctx;
  const pr = event.pull_request;
  const login = event.review?.user?.login ?? '';
  const number = pr?.number;
  if (event.action !== 'submitted' || !event.review || !pr || !number) {
    say(io, lang, 'lm-post : pas une relecture soumise d’une demande de fusion ; rien ne change.', 'lm-post: not a submitted pull request review; nothing changes.');
    return ExitCode.ok;
  }
  const state = event.review.state?.toLowerCase();
  const decision = state === 'approved' ? 'approved' : state === 'changes_requested' ? 'changes-requested' : undefined;
  if (!decision) {
    say(io, lang, 'lm-post : relecture de {{login}} sans décision (commentaire) ; rien ne change.', 'lm-post: review by {{login}} without a decision (comment); nothing changes.', { login });
    return ExitCode.ok;
  }
  // Same-repository pull requests only: a fork's branch is not ours to push to, nor to sign for.
  const repo = event.repository?.full_name ?? pr.base?.repo?.full_name;
  if (!repo || pr.head?.repo?.full_name !== repo) {
    say(io, lang, 'lm-post : la demande #{{n}} vient d’un autre dépôt (fork) ; rien ne change. Approuvez avec lm-post approve dans un terminal.', 'lm-post: pull request #{{n}} comes from another repository (a fork); nothing changes. Approve with lm-post approve in a terminal.', { n: number });
    return ExitCode.ok;
  }
  const person = charter.people.find((p) => p.github && p.github.toLowerCase() === login.toLowerCase());
  if (!person) {
    say(io, lang, 'lm-post : {{login}} n’est relié·e à aucune personne de la charte (people[].github) ; sa relecture ne change rien.', 'lm-post: {{login}} is linked to no person of the charter (people[].github); their review changes nothing.', { login });
    return ExitCode.ok;
  }
  if (!person.validator) {
    say(io, lang, 'lm-post : {{login}} ({{id}}) n’est pas validateur·ice dans la charte ; sa relecture ne change rien.', 'lm-post: {{login}} ({{id}}) is not a validator in the charter; their review changes nothing.', { login, id: person.id });
    return ExitCode.ok;
  }
  // The review is of one commit: the branch must still be there, or the validator did not see what would be signed.
  const head = git(io.cwd, ['rev-parse', 'HEAD']);
  const seen = event.review.commit_id ?? pr.head?.sha;
  if (seen && seen !== head) {
    say(io, lang, 'lm-post : la relecture de {{login}} porte sur {{seen}}, la branche est maintenant à {{head}} ; rien n’est signé : relisez la dernière version.', 'lm-post: the review by {{login}} is of {{seen}}, the branch is now at {{head}}; nothing signed: review the latest version.', { login, seen: seen.slice(0, 12), head: head.slice(0, 12) });
    return ExitCode.problems;
  }
  const secret = io.env.LM_POST_FORGE_KEY;
  if (!secret) {
    throw new LmPostError('forge-key-missing', { fr: 'LM_POST_FORGE_KEY manque (secret du dépôt, clé privée de la forge) : rien n’est signé.', en: 'LM_POST_FORGE_KEY is missing (repository secret, the forge private key): nothing signed.' }, {}, ExitCode.usage);
  }
  const keyText = isOpenSshPrivateKey(secret) ? secret : readFileSync(path.resolve(io.cwd, secret), 'utf8');
  const signer = privateKeySigner(keyText, 'LM_POST_FORGE_KEY');
  const base = pr.base?.sha;
  const queueRel = path.relative(io.cwd, ctx.queueDir) || '.';
  const changed = base
    ? git(io.cwd, ['diff', '--name-only', '--diff-filter=AMR', base, 'HEAD', '--', `${queueRel}/*.yaml`, `${queueRel}/*.yml`])
        .split('\n')
        .filter((f) => f && !f.startsWith(`${queueRel}/letters/`))
    : [];
  if (!changed.length) {
    say(io, lang, 'lm-post : aucun billet nouveau ou modifié dans la demande #{{n}} ; rien à signer.', 'lm-post: no new or changed post in pull request #{{n}}; nothing to sign.', { n: number });
    return ExitCode.ok;
  }
  const via = `github#${number}`;
  const note = decision === 'changes-requested' ? event.review.body?.trim() || tr(lang, { fr: 'Modifications demandées sur la demande {{via}}.', en: 'Changes requested on {{via}}.' }, { via }) : undefined;
  say(io, lang, 'lm-post : relecture de {{login}} ({{id}}, validateur·ice) sur la demande #{{n}} : décision signée par la clé de la forge, via {{via}}.', 'lm-post: review by {{login}} ({{id}}, validator) on pull request #{{n}}: decision signed by the forge key, via {{via}}.', { login, id: person.id, n: number, via });
  const code = await review(io, {
    ...(o.charter ? { charter: o.charter } : {}),
    ...(o.queue ? { queue: o.queue } : {}),
    ...(o.lang ? { lang: o.lang } : {}),
    posts: changed,
    as: person.id,
    state: decision,
    ...(note ? { note } : {}),
    signer,
    via,
  });
  if (!git(io.cwd, ['status', '--porcelain', '--', queueRel])) {
    say(io, lang, 'lm-post : aucune décision écrite.', 'lm-post: no decision written.');
    return code;
  }
  const env = { ...io.env, GIT_AUTHOR_NAME: 'lm-post[bot]', GIT_AUTHOR_EMAIL: 'lm-post@users.noreply.github.com', GIT_COMMITTER_NAME: 'lm-post[bot]', GIT_COMMITTER_EMAIL: 'lm-post@users.noreply.github.com' };
  git(io.cwd, ['add', '--', queueRel], env);
  git(io.cwd, ['commit', '-q', '-m', `lm-post: ${decision === 'approved' ? 'approbation' : 'modifications demandées'} de ${person.id} (${via}), signée par la clé de la forge`], env);
  if (o.push) {
    const ref = pr.head?.ref;
    if (!ref) throw new LmPostError('forge-no-branch', { fr: 'Branche de la demande inconnue : rien n’est poussé.', en: 'Pull request branch unknown: nothing pushed.' }, {}, ExitCode.usage);
    git(io.cwd, ['push', '-q', 'origin', `HEAD:refs/heads/${ref}`], env);
    say(io, lang, 'lm-post : décisions signées poussées sur la branche {{ref}}.', 'lm-post: signed decisions pushed to the branch {{ref}}.', { ref });
  }
  return code;
}
