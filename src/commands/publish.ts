// lm-post publish: approved, due, error-free posts go to their networks, exactly once.
import path from 'node:path';
import { loadContext, networkArg, stateDirFor } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import type { Charter, NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { type Lang, tr } from '../i18n/index.js';
import { BASE_URL_ENV } from '../networks/env.js';
import { inspectMedia } from '../media/inspect.js';
import { listQueue, resolvePostPaths } from '../post/read.js';
import { renderPost } from '../render/index.js';
import { removeStaleTemporaries } from '../post/write.js';
import { printable } from '../util/printable.js';
import approvalRule from '../rules/approval.js';
import { formatDateTime } from '../util/time.js';
import { credentialsFor, leakyDebugSwitches, missingCredentials, redact, secretValues } from '../publish/credentials.js';
import { acquirePublishLock } from '../publish/lock.js';
import { adapterPool, type Candidate, idempotencyKey, type NetworkOutcome, publishToNetwork, selectPosts, stillAsSelected, type ValidPost } from '../publish/publisher.js';
import { fileReceipts, type ReceiptStore, sandboxReceipts } from '../publish/receipts.js';

export interface PublishOptions extends GlobalOptions {
  posts: string[];
  dryRun?: boolean;
  sandbox?: boolean;
  network?: string[];
  json?: boolean;
  ignoreSchedule?: boolean;
  timeout?: number;
}


function msg(lang: Lang, fr: string, en: string): string {
  return lang === 'fr' ? fr : en;
}

function parseNetworks(list: string[] | undefined): NetworkId[] | undefined {
  if (!list?.length) return undefined;
  return list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
    .map(networkArg);
}

/** A failure said in the user's language, with what to do next; the network's words follow apart. */
function explainFailure(lang: Lang, net: string, o: NetworkOutcome): string {
  const f = o.failure;
  const again = msg(lang, 'relancez lm-post publish ensuite : ce qui est déjà publié ne sera pas renvoyé.', 'then run lm-post publish again: what is already published will not be sent again.');
  if (!f) return msg(lang, `échec sur ${net} ; ${again}`, `failed on ${net}; ${again}`);
  if (f.kind === 'changed') {
    return msg(lang, `le billet a changé pendant la publication (modifié, refusé…) : rien n’a été envoyé à ${net} ; ${again}`, `the post changed during this run (edited, rejected…): nothing was sent to ${net}; ${again}`);
  }
  if (f.kind === 'stopped') {
    return msg(lang, `arrêté avant la fin sur ${net} ; ${again}`, `stopped before ${net} was done; ${again}`);
  }
  if (f.kind === 'receipt') {
    return msg(lang, `publié sur ${net}, mais le reçu n’a pas pu être écrit dans le billet ; relancez lm-post publish : il l’écrira sans rien renvoyer.`, `published on ${net}, but the receipt could not be written into the post; run lm-post publish again: it will write it without sending anything again.`);
  }
  if (f.kind === 'rate-limit') {
    const when = f.retryAfterMs ? new Date(Date.now() + f.retryAfterMs).toISOString().slice(11, 16) + ' UTC' : undefined;
    return msg(
      lang,
      `limite de requêtes de ${net} atteinte${when ? ` (levée vers ${when})` : ''} : la prochaine publication reprendra là.`,
      `${net} rate limit reached${when ? ` (lifted around ${when})` : ''}: the next publish run will resume there.`,
    );
  }
  if (f.apiCode === 'duplicate') {
    return msg(lang, `${net} refuse ce texte comme doublon d’une publication précédente : reformulez le billet.`, `${net} refuses this text as a duplicate of an earlier post: rephrase the post.`);
  }
  if (f.kind === 'permanent' && (f.status === 401 || f.status === 403 || f.apiCode === 190)) {
    return msg(lang, `${net} refuse les identifiants ou les droits (${f.status ?? f.apiCode}) : vérifiez les jetons, puis ${again}`, `${net} refuses the credentials or permissions (${f.status ?? f.apiCode}): check the tokens, then ${again}`);
  }
  if (f.kind === 'permanent') {
    return msg(lang, `${net} refuse la publication${f.status ? ` (${f.status})` : ''} : corrigez le billet, puis ${again}`, `${net} refuses the post${f.status ? ` (${f.status})` : ''}: fix the post, then ${again}`);
  }
  return msg(lang, `${net} ne répond pas correctement pour le moment ; rien n’a été publié en double. Réessayez plus tard : ${again}`, `${net} is not answering properly right now; nothing was posted twice. Try again later: ${again}`);
}

function skipLine(c: Candidate, lang: Lang, tz: string): string | undefined {
  const s = c.skip;
  if (!s) return undefined;
  switch (s.kind) {
    case 'done':
    case 'other-network':
      return undefined;
    case 'scheduled':
      return msg(lang, `programmé pour le ${formatDateTime(s.at, tz, 'fr')}`, `scheduled for ${formatDateTime(s.at, tz, 'en')}`);
    case 'not-approved':
      return tr(lang, approvalRule.meta.messages[s.verdict.messageId]!, { id: c.post.id, ...s.verdict.data });
    case 'errors':
    case 'invalid':
      return (
        msg(lang, `${s.messages.length} erreur(s) — corrigez-les (lm-post check ${printable(c.post.file)}) :`, `${s.messages.length} error(s) — fix them (lm-post check ${printable(c.post.file)}):`) +
        s.messages.map((m) => `\n      ${printable(c.post.file)}:${m.line}:${m.column} ${m.message}`).join('')
      );
  }
}

export async function publish(io: Io, opts: PublishOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const color = colorEnabled(io);
  const green = (s: string) => (color ? `\x1b[32m${s}\x1b[39m` : s);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[39m` : s);
  const yellow = (s: string) => (color ? `\x1b[33m${s}\x1b[39m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const label = (n: NetworkId) => charter.networks[n]?.label ?? n;
  const networks = parseNetworks(opts.network);

  if (opts.ignoreSchedule && !opts.sandbox && !opts.dryRun) {
    throw new LmPostError(
      'ignore-schedule-real',
      { fr: '--ignore-schedule n’est permis qu’avec --sandbox ou --dry-run.', en: '--ignore-schedule is only allowed with --sandbox or --dry-run.' },
      {},
      ExitCode.usage,
    );
  }
  // io.env already holds .env (read once at start-up, see cli/main.ts).
  const fileEnv = io.env;
  const leaky = opts.dryRun ? [] : leakyDebugSwitches(fileEnv);
  if (leaky.length) {
    throw new LmPostError(
      'debug-switches',
      {
        fr: '{{vars}} ferait afficher les jetons d’accès en clair par Node ou les bibliothèques réseau : rien n’a été publié. Retirez cette variable ; pour diagnostiquer lm-post, utilisez LM_POST_DEBUG=1, qui ne montre jamais un jeton.',
        en: '{{vars}} would make Node or the network libraries print the access tokens in full: nothing was published. Unset it; to debug lm-post, use LM_POST_DEBUG=1, which never shows a token.',
      },
      { vars: leaky.join(', ') },
      ExitCode.usage,
    );
  }
  // A safety switch: any value but empty, 0, false, no or off pauses.
  const pausedByEnv = !!fileEnv.LM_POST_PAUSE && !/^(0|false|no|non|off)$/i.test(fileEnv.LM_POST_PAUSE.trim());
  if ((pausedByEnv || charter.paused) && !opts.dryRun) {
    io.out(
      msg(
        lang,
        `Publication en pause (${charter.paused ? 'paused: true dans la charte' : `LM_POST_PAUSE=${fileEnv.LM_POST_PAUSE}`}) : rien n’est publié. Retirez la pause pour reprendre.\n`,
        `Publishing is paused (${charter.paused ? 'paused: true in the charter' : `LM_POST_PAUSE=${fileEnv.LM_POST_PAUSE}`}): nothing is published. Remove the pause to resume.\n`,
      ),
    );
    return ExitCode.ok;
  }

  const sandboxDir = stateDirFor(ctx.queueDir, true);
  const stateDir = stateDirFor(ctx.queueDir, opts.sandbox ?? false);
  const receipts: ReceiptStore = opts.sandbox ? sandboxReceipts(path.join(sandboxDir, 'receipts')) : fileReceipts;
  const files = resolvePostPaths(opts.posts, ctx.queueDir, io.cwd);
  const queueFiles = listQueue(ctx.queueDir);
  const now = new Date();
  const select = () => selectPosts({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now, files, queueFiles, receipts, ignoreSchedule: opts.ignoreSchedule ?? false, ...(networks ? { networks } : {}) });

  if (opts.dryRun) return dryRun(io, opts, await select(), ctx.queueDir, lang, charter);

  // Check every needed network before posting anything (crosspost's rule): a run that would
  // stop half-way for a missing token must not start — nor leave anything behind.
  const neededBy = (cs: Candidate[]) => [...new Set(cs.filter((c) => !c.skip).flatMap((c) => c.pending))];
  const checkCredentials = (needed: NetworkId[], env: NodeJS.ProcessEnv) => {
    const missing = needed.flatMap((n) => missingCredentials(n, env));
    if (missing.length) {
      throw new LmPostError(
        'missing-credentials',
        {
          fr: 'Identifiants manquants pour publier sur {{networks}}. Définissez ces variables (environnement ou fichier .env) : {{vars}}. Pour essayer sans compte : lm-post publish --sandbox.',
          en: 'Missing credentials to publish to {{networks}}. Set these variables (environment or .env file): {{vars}}. To try without an account: lm-post publish --sandbox.',
        },
        { networks: needed.filter((n) => missingCredentials(n, env).length).map(label).join(', '), vars: missing.join(', ') },
        ExitCode.usage,
      );
    }
  };
  if (!opts.sandbox) checkCredentials(neededBy(await select()), fileEnv);

  // Stopped from outside: Ctrl-C / SIGTERM, or the lock taken over by another run (this one stalled
  // past the stale limit). In-flight requests are cancelled (their journal intent makes the next
  // run look before re-sending), nothing more is started, and the summary says what was done.
  const abort = new AbortController();
  let stopped: 'interrupted' | 'compromised' | undefined;
  const release = await acquirePublishLock(stateDir, {
    onCompromised: () => {
      stopped ??= 'compromised';
      abort.abort(new Error('lock compromised'));
    },
  });
  // Temporaries of writes killed halfway must not stay in queue/ (the CI recipe commits it).
  removeStaleTemporaries(ctx.queueDir);
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopped === 'interrupted') process.exit(sig === 'SIGINT' ? 130 : 143); // a second Ctrl-C: now
    stopped ??= 'interrupted';
    abort.abort(new Error(`interrupted (${sig})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let sandbox: { env: Record<string, string>; close(): Promise<void> } | undefined;
  let pool: ReturnType<typeof adapterPool> | undefined;
  const outcomes: { post: string; file: string; outcome: NetworkOutcome }[] = [];
  let candidates: Candidate[] = [];
  try {
    // Selected again under the lock: another run may have published meanwhile.
    candidates = await select();
    const todo = candidates.filter((c) => !c.skip);
    const needed = neededBy(candidates);
    let env = fileEnv;
    if (opts.sandbox && needed.length) {
      const { startSandbox } = await import('../sandbox/index.js');
      sandbox = await startSandbox({ stateDir: path.join(sandboxDir, 'state') });
      env = { ...fileEnv, ...sandbox.env };
    }
    checkCredentials(needed, env);
    const secrets = secretValues(env);
    const timeoutMs = (opts.timeout ?? 30) * 1000;
    pool = adapterPool(
      async (n) => {
        const { ADAPTERS } = await import('../networks/index.js');
        return ADAPTERS[n]();
      },
      (n) => {
        const baseUrl = env[BASE_URL_ENV[n]] || (n === 'mastodon' ? charter.networks.mastodon?.instance : undefined);
        return { credentials: credentialsFor(n, env), timeoutMs, ...(baseUrl ? { baseUrl } : {}) };
      },
    );
    if (!opts.json) {
      io.out(
        todo.length
          ? msg(lang, `Publication de ${todo.length} billet(s)${opts.sandbox ? ' dans le bac à sable' : ''} :\n`, `Publishing ${todo.length} post(s)${opts.sandbox ? ' to the sandbox' : ''}:\n`)
          : '',
      );
    }
    run: for (const c of todo) {
      for (const network of c.pending) {
        if (abort.signal.aborted) break run;
        let outcome: NetworkOutcome;
        try {
          if (!stillAsSelected(c.post as ValidPost)) {
            outcome = { network, status: 'failed', message: 'the post file changed during this run', failure: { kind: 'changed' } };
          } else outcome = await publishToNetwork(c.post as ValidPost, network, {
            charter,
            queueDir: ctx.queueDir,
            journalDir: path.join(stateDir, 'journal'),
            receipts,
            pool,
            now: () => new Date(),
            signal: abort.signal,
            settleMs: Math.min(5_000, Math.max(2_000, timeoutMs)),
            redact: (s) => redact(s, secrets),
            onEvent: (e) => {
              if (opts.json) return;
              if (e.type === 'created' && e.items > 1) io.out(dim(`    ${printable(c.post.id)} → ${label(e.network)} [${e.item + 1}/${e.items}] ${e.url}\n`));
              if (e.type === 'wait') io.out(dim(`    ${msg(lang, 'attente', 'waiting')} ${Math.ceil(e.ms / 1000)} s (${label(e.network)} : ${redact(e.reason, secrets)})\n`));
            },
          });
        } catch (e) {
          if (e instanceof LmPostError) throw e;
          outcome = { network, status: 'failed', message: abort.signal.aborted ? 'stopped before this network was done' : e instanceof Error ? e.message : String(e) };
        }
        if (abort.signal.aborted && outcome.status !== 'published') {
          outcome = { network, status: 'failed', message: 'stopped before this network was done', failure: { kind: 'stopped' } };
        }
        if (outcome.message) outcome.message = redact(outcome.message, secrets);
        outcomes.push({ post: c.post.id, file: c.post.file, outcome });
        if (!opts.json) {
          if (outcome.status === 'published') io.out(`${green('✓')} ${printable(c.post.id)} → ${label(network)}  ${outcome.receipt?.url ?? ''}\n`);
          else if (outcome.status === 'needs-human')
            io.out(`${yellow('?')} ${printable(c.post.id)} → ${label(network)}  ${msg(lang, 'à vérifier par une personne', 'needs a human')} : ${outcome.message}\n    ${msg(lang, `puis : lm-post resolve ${printable(c.post.id)} --network ${network} --created URL|--not-created`, `then: lm-post resolve ${printable(c.post.id)} --network ${network} --created URL|--not-created`)}\n`);
          else io.out(`${red('✗')} ${printable(c.post.id)} → ${label(network)}  ${explainFailure(lang, label(network), outcome)}\n    ${dim(`${msg(lang, 'détail du réseau', 'network detail')} : ${outcome.message}`)}\n`);
        }
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool?.close();
    await sandbox?.close();
    await release();
  }
  const code = summarise(io, opts, candidates, outcomes, lang, charter.timezone);
  if (stopped) {
    const done = outcomes.filter((o) => o.outcome.status === 'published' && !o.outcome.sentNothing).length;
    const left = candidates.filter((c) => !c.skip).reduce((n, c) => n + c.pending.length, 0) - outcomes.filter((o) => o.outcome.status === 'published').length;
    const why =
      stopped === 'interrupted'
        ? msg(lang, 'Publication interrompue', 'Publishing interrupted')
        : msg(lang, 'Publication arrêtée : une autre exécution a pris le verrou (celle-ci était bloquée au-delà de 15 s)', 'Publishing stopped: another run took the lock over (this one was stalled for more than 15 s)');
    io.err(
      msg(
        lang,
        `${why} : ${done} publication(s) faite(s), ${left} non faite(s). Relancez lm-post publish : il reprendra là, sans rien publier deux fois.\n`,
        `${why}: ${done} publication(s) made, ${left} not made. Run lm-post publish again: it resumes there, without posting anything twice.\n`,
      ),
    );
    return stopped === 'interrupted' ? 130 : ExitCode.problems;
  }
  return code;
}

function summarise(io: Io, opts: PublishOptions, candidates: Candidate[], outcomes: { post: string; file: string; outcome: NetworkOutcome }[], lang: Lang, tz: string): number {
  const published = outcomes.filter((o) => o.outcome.status === 'published');
  const failed = outcomes.filter((o) => o.outcome.status === 'failed');
  const human = outcomes.filter((o) => o.outcome.status === 'needs-human');
  const count = (k: string) => candidates.filter((c) => c.skip?.kind === k).length;
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          published: published.map((o) => ({ post: o.post, network: o.outcome.network, ...o.outcome.receipt })),
          failed: failed.map((o) => ({ post: o.post, network: o.outcome.network, message: o.outcome.message })),
          needsHuman: human.map((o) => ({ post: o.post, network: o.outcome.network, message: o.outcome.message })),
          skipped: candidates.filter((c) => c.skip && c.skip.kind !== 'done' && c.skip.kind !== 'other-network').map((c) => ({ post: c.post.id, reason: c.skip!.kind })),
          alreadyPublished: candidates.filter((c) => c.skip?.kind === 'done').map((c) => c.post.id),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const waiting = candidates.filter((c) => c.skip && !['done', 'scheduled', 'other-network'].includes(c.skip.kind));
    if (waiting.length) {
      io.out(msg(lang, '\nNon publiés :\n', '\nNot published:\n'));
      for (const c of waiting) io.out(`  – ${printable(c.post.id)} : ${skipLine(c, lang, tz)}\n`);
    }
    const parts = [
      [count('done'), msg(lang, `${count('done')} billet(s) déjà publié(s)`, `${count('done')} post(s) already published`)],
      [count('scheduled'), msg(lang, `${count('scheduled')} programmé(s) plus tard`, `${count('scheduled')} scheduled later`)],
      [count('not-approved'), msg(lang, `${count('not-approved')} en attente d’approbation`, `${count('not-approved')} awaiting approval`)],
      [count('errors') + count('invalid'), msg(lang, `${count('errors') + count('invalid')} avec erreurs`, `${count('errors') + count('invalid')} with errors`)],
      [failed.length, msg(lang, `${failed.length} échec(s)`, `${failed.length} failure(s)`)],
      [human.length, msg(lang, `${human.length} à vérifier par une personne`, `${human.length} to be checked by a person`)],
    ]
      .filter(([n]) => Number(n) > 0)
      .map(([, s]) => String(s));
    if (published.length === 0 && failed.length === 0 && human.length === 0) {
      io.out(msg(lang, `\nRien de nouveau à publier${parts.length ? ` : ${parts.join(', ')}` : ''}.\n`, `\nNothing new to publish${parts.length ? `: ${parts.join(', ')}` : ''}.\n`));
    } else {
      // Receipts rebuilt from the journal or found on the account were not published by this run.
      const made = published.filter((o) => !o.outcome.sentNothing).length;
      const restored = published.length - made;
      const head = [
        msg(lang, `${made} publication(s) faite(s)`, `${made} publication(s) made`),
        ...(restored ? [msg(lang, `${restored} reçu(s) rétabli(s) sans rien renvoyer`, `${restored} receipt(s) restored without sending anything`)] : []),
      ];
      io.out(msg(lang, `\nRésumé : ${[...head, ...parts].join(', ')}.\n`, `\nSummary: ${[...head, ...parts].join(', ')}.\n`));
    }
  }
  if (human.length) return ExitCode.needsHuman;
  if (failed.length) return ExitCode.problems;
  // Posts named on the command line that cannot go out, or approved posts that now have errors
  // (the charter changed, an image went missing): someone has to act, so CI must go red.
  const named = opts.posts.length > 0;
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

/** What each network would receive, exactly; no credentials, no network, nothing written. */
function dryRun(io: Io, opts: PublishOptions, candidates: Candidate[], queueDir: string, lang: Lang, charter: Charter): number {
  const out: unknown[] = [];
  const lines: string[] = [];
  for (const c of candidates) {
    if (c.skip) {
      if (c.skip.kind !== 'done' && c.skip.kind !== 'other-network' && !opts.json) lines.push(`– ${printable(c.post.id)} : ${msg(lang, 'ne serait pas publié', 'would not be published')} — ${skipLine(c, lang, charter.timezone)}`);
      continue;
    }
    const data = c.post.data!;
    for (const network of c.pending) {
      const r = renderPost(data, charter, network, path.dirname(c.post.path));
      const payloads = r.items.map((item, i) => ({
        text: item.text,
        media: item.media.map((m) => {
          const info = inspectMedia(m.file, path.dirname(c.post.path), queueDir);
          return { file: m.file, alt: m.alt, ...('kind' in info ? {} : { type: info.type, bytes: info.size }) };
        }),
        ...(i > 0 ? { reply_to: `item ${i}` } : {}),
        ...(i === 0 && r.quoteId ? { quote_tweet_id: r.quoteId } : {}),
        ...(i === 0 && r.link ? { link: r.link } : {}),
        ...(i === 0 && r.spoiler ? { spoiler_text: r.spoiler } : {}),
        ...(r.visibility ? { visibility: i === 0 ? r.visibility : r.threadVisibility } : {}),
        ...(r.language ? { language: r.language } : {}),
        ...(network === 'mastodon' ? { idempotency_key: idempotencyKey(c.post.id, network, i, item) } : {}),
      }));
      out.push({ post: c.post.id, network, items: payloads });
      if (!opts.json) {
        lines.push(`── ${printable(c.post.id)} → ${network}`);
        payloads.forEach((p, i) => {
          lines.push(`  [${i + 1}/${payloads.length}] ${JSON.stringify(p, null, 2).replace(/\n/g, '\n  ')}`);
        });
      }
    }
  }
  if (opts.json) io.out(JSON.stringify(out, null, 2) + '\n');
  else io.out(msg(lang, 'Simulation (--dry-run) : rien n’est envoyé ni écrit.\n', 'Dry run: nothing is sent or written.\n') + lines.join('\n') + '\n');
  return ExitCode.ok;
}
