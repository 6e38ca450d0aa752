// lm-post publish: approved, due, error-free posts go to their networks, exactly once.
import path from 'node:path';
import { loadContext, networkArg, stateDirFor } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { type Charter, NETWORK_IDS, type NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { formatSize, type Lang, tr } from '../i18n/index.js';
import { BASE_URL_ENV } from '../networks/env.js';
import { inspectMedia } from '../media/inspect.js';
import { listQueue, resolvePostPaths } from '../post/read.js';
import { renderPost } from '../render/index.js';
import { addXCalls, describeXCalls, formatCost, NO_X_CALLS, type XBilledCalls, xCallsCost, xCallsOf, xPlan, xPrices } from '../render/x-cost.js';
import { NetworkError } from '../networks/types.js';
import { hostFor, unreachableHint } from '../networks/hosts.js';
import { removeStaleTemporaries } from '../post/write.js';
import { printable } from '../util/printable.js';
import approvalRule, { type ReviewState, reviewState } from '../rules/approval.js';
import { formatDateTime } from '../util/time.js';
import { credentialsFor, missingCredentials, redact, refuseLeakyDebugSwitches, secretValues } from '../publish/credentials.js';
import { journalsClosed } from '../publish/journal.js';
import { REPLY_NOT_ALLOWED, threadCutMessage } from '../publish/thread-cut.js';
import { acquirePublishLock } from '../publish/lock.js';
import { adapterPool, type Candidate, type SkipReason, idempotencyKey, type NetworkOutcome, prefetchMedia, type PublishContext, publishToNetwork, selectPosts, stillAsSelected, type ValidPost } from '../publish/publisher.js';
import { fileReceipts, type ReceiptStore, sandboxReceipts } from '../publish/receipts.js';
import { currentTime } from '../util/clock.js';

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
function explainFailure(lang: Lang, net: string, o: NetworkOutcome, tz: string): string {
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
  if (f.apiCode === 'usage-capped' || f.apiCode === 'credits-depleted') {
    const why = f.apiCode === 'usage-capped' ? msg(lang, 'le plafond de dépenses du compte développeur X est atteint', 'the X developer account has reached its spending cap') : msg(lang, 'le crédit prépayé du compte développeur X est épuisé', 'the prepaid credit of the X developer account is spent');
    return msg(
      lang,
      `${why} : plus rien ne partira sur ${net} avant un rechargement. Rechargez le crédit ou relevez le plafond dans la console développeur X (https://console.x.com, « Billing »), puis ${again} Les autres réseaux continuent.`,
      `${why}: nothing more will go to ${net} until it is topped up. Top up the credit or raise the cap in the X developer console (https://console.x.com, "Billing"), then ${again} The other networks go on.`,
    );
  }
  if (typeof f.apiCode === 'string' && f.apiCode.startsWith('missing-scope:')) {
    const scopes = f.apiCode.slice('missing-scope:'.length).split(',').join(', ');
    return msg(
      lang,
      `le jeton ${net} n’a pas les droits ${scopes} : rien n’a été envoyé. Créez un jeton avec write:statuses, write:media, read:accounts et read:statuses (Préférences → Développement sur l’instance), mettez-le dans LM_POST_MASTODON_TOKEN, puis ${again}`,
      `the ${net} token lacks the scope(s) ${scopes}: nothing was sent. Create a token with write:statuses, write:media, read:accounts and read:statuses (Preferences → Development on the instance), put it in LM_POST_MASTODON_TOKEN, then ${again}`,
    );
  }
  if (f.apiCode === REPLY_NOT_ALLOWED) return threadCutMessage(lang, net, o);
  if (f.apiCode === 368 || f.apiCode === 341) {
    const why = f.apiCode === 368 ? msg(lang, 'Facebook bloque temporairement les publications de la Page (368)', 'Facebook is temporarily blocking posts from the Page (368)') : msg(lang, 'Facebook a atteint la limite de l’application (341)', 'Facebook has reached the application limit (341)');
    return msg(lang, `${why} : rien n’a été publié, la prochaine publication réessaiera (en général quelques heures plus tard).`, `${why}: nothing was posted; the next publish run will try again (usually a few hours later).`);
  }
  if (f.host && f.kind === 'transient' && typeof f.apiCode === 'string') {
    const hint = unreachableHint(lang, net, f.host, f.apiCode);
    if (hint) return hint;
  }
  if (f.kind === 'rate-limit') {
    const when = f.retryAfterMs ? formatDateTime(new Date(Date.now() + f.retryAfterMs), tz, lang) : undefined;
    return msg(
      lang,
      `limite de requêtes de ${net} atteinte${when ? ` (levée vers le ${when})` : ''} : la prochaine publication reprendra là.`,
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

function skipLine(c: Candidate, lang: Lang, tz: string, s: SkipReason | undefined = c.skip): string | undefined {
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
  if (!opts.dryRun) refuseLeakyDebugSwitches(fileEnv);
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
  const now = currentTime();
  const select = () => selectPosts({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now, files, queueFiles, receipts, ignoreSchedule: opts.ignoreSchedule ?? false, ...(networks ? { networks } : {}) });

  if (opts.dryRun) {
    const all = await selectPosts({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now, files, queueFiles, receipts, ignoreSchedule: opts.ignoreSchedule ?? false, allReasons: true, ...(networks ? { networks } : {}) });
    return dryRun(io, opts, all, ctx.queueDir, lang, charter);
  }

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
  type RunningSandbox = { env: Record<string, string>; close(): Promise<void> };
  let sandbox: RunningSandbox | undefined;
  let sandboxStart: Promise<RunningSandbox> | undefined;
  let pool: ReturnType<typeof adapterPool> | undefined;
  /** The X adapter of this run, whose billed calls the summary reports. */
  let xAdapter: import('../networks/types.js').NetworkAdapter | undefined;
  const outcomes: { post: string; file: string; outcome: NetworkOutcome }[] = [];
  let candidates: Candidate[] = [];
  try {
    if (opts.sandbox) {
      // The sandbox plays the X plan the charter declares, so that it refuses what X would. Its
      // emulators run in a worker thread, beside the publisher's event loop as real servers are;
      // it starts (on the other core) while the posts are selected, and is used only if one is due.
      sandboxStart = import('../sandbox/thread.js').then((m) => m.startSandboxThread({ stateDir: path.join(sandboxDir, 'state'), twitterPlan: xPlan(charter) }));
      sandboxStart.catch(() => undefined); // its failure matters only once it is awaited
    }
    // Selected again under the lock: another run may have published meanwhile.
    candidates = await select();
    const todo = candidates.filter((c) => !c.skip);
    const needed = neededBy(candidates);
    let env = fileEnv;
    if (sandboxStart && needed.length) {
      sandbox = await sandboxStart;
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
    // Networks stopped for the whole run: credentials that cannot do the job (checked before anything
    // is sent), or an X budget that is spent. The other networks go on.
    const stopped = new Map<NetworkId, NetworkOutcome>();
    const asOutcome = (network: NetworkId, e: NetworkError): NetworkOutcome => ({
      network,
      status: 'failed',
      message: redact(e.message, secrets),
      failure: { kind: e.kind, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.apiCode !== undefined ? { apiCode: e.apiCode } : {}) },
    });
    /** Images uploaded ahead by the lanes (see prefetchMedia), shared by the run. */
    const prefetched = new Map<string, Promise<string[]>>();
    const contextFor = (c: Candidate): PublishContext => ({
      charter,
      queueDir: ctx.queueDir,
      journalDir: path.join(stateDir, 'journal'),
      receipts,
      pool: pool!,
      now: () => new Date(),
      signal: abort.signal,
      settleMs: Math.min(5_000, Math.max(2_000, timeoutMs)),
      redact: (s) => redact(s, secrets),
      prefetched,
      onEvent: (e) => {
        if (opts.json) return;
        if (e.type === 'created' && e.items > 1) io.out(dim(`    ${printable(c.post.id)} → ${label(e.network)} [${e.item + 1}/${e.items}] ${e.url}\n`));
        if (e.type === 'wait') io.out(dim(`    ${msg(lang, 'attente', 'waiting')} ${Math.ceil(e.ms / 1000)} s (${label(e.network)}, ${printable(c.post.id)} : ${redact(e.reason, secrets)})\n`));
      },
    });
    /** Publish one post to one network, as the lane reaches it; an LmPostError stops the whole run. */
    const publishOne = async (c: Candidate, network: NetworkId): Promise<NetworkOutcome> => {
      let outcome: NetworkOutcome;
      try {
        const stop = stopped.get(network);
        if (stop) outcome = { ...stop, ...(stop.failure ? { failure: { ...stop.failure } } : {}) };
        else if (!stillAsSelected(c.post as ValidPost)) {
          outcome = { network, status: 'failed', message: 'the post file changed during this run', failure: { kind: 'changed' } };
        } else outcome = await publishToNetwork(c.post as ValidPost, network, contextFor(c));
      } catch (e) {
        if (e instanceof LmPostError) throw e;
        outcome = { network, status: 'failed', message: abort.signal.aborted ? 'stopped before this network was done' : e instanceof Error ? e.message : String(e) };
      }
      if (abort.signal.aborted && outcome.status !== 'published') {
        outcome = { network, status: 'failed', message: 'stopped before this network was done', failure: { kind: 'stopped' } };
      }
      if (outcome.message) outcome.message = redact(outcome.message, secrets);
      if (outcome.failure) {
        const host = hostFor(network, env, charter);
        if (host) outcome.failure.host = host;
        // A spent X budget will refuse every other post too: stop X now, never a retry loop.
        if (outcome.failure.apiCode === 'usage-capped' || outcome.failure.apiCode === 'credits-depleted') stopped.set(network, outcome);
      }
      return outcome;
    };
    // One lane per network, all lanes at once (issue 10): within a lane the order is the queue's
    // (a post's thread items, then the next post), so a network sees exactly what a sequential run
    // would send it. Journal appends and receipt writes of one file run one at a time (see
    // util/serial.ts), so lanes writing the same post's journal or file never lose an entry.
    // Each progress line names its post and network, so interleaved lanes read unambiguously.
    const lanes = new Map<NetworkId, { c: Candidate; network: NetworkId; order: number }[]>();
    let order = 0;
    for (const c of todo) {
      for (const network of c.pending) {
        const lane = lanes.get(network) ?? [];
        lane.push({ c, network, order: order++ });
        lanes.set(network, lane);
      }
    }
    // Each lane starts as soon as its own network is ready (SDK loaded, preflight answered): a
    // preflight only ever stops its own network. Loading an SDK is the event loop's work (hundreds
    // of milliseconds for Graph's), so the SDKs load one after the other, the longest lane's first
    // (ties in the canonical order, X first: its media take four requests each), and that lane is
    // not kept waiting while the others load; the preflights, read-only calls, run alongside.
    const byWeight = [...needed].sort((x, y) => (lanes.get(y)?.length ?? 0) - (lanes.get(x)?.length ?? 0) || NETWORK_IDS.indexOf(x) - NETWORK_IDS.indexOf(y));
    const ready = new Map<NetworkId, Promise<void>>();
    let loaded: Promise<unknown> = Promise.resolve();
    for (const n of byWeight) {
      const sdk = loaded.then(() => pool!.get(n));
      loaded = sdk.catch(() => undefined);
      ready.set(
        n,
        (async () => {
          try {
            const { adapter } = await sdk;
            if (n === 'twitter') xAdapter = adapter;
            if (adapter.preflight) await adapter.preflight(abort.signal);
          } catch (e) {
            // A preflight that fails for another reason (network down…) is left to the publication itself.
            if (e instanceof NetworkError && e.kind === 'permanent') stopped.set(n, asOutcome(n, e));
          }
        })(),
      );
    }
    /** The first error that stops the run (an LmPostError): the other lanes finish their current post, then stop. */
    let fatal: { error: unknown } | undefined;
    const done: { order: number; entry: (typeof outcomes)[number] }[] = [];
    await Promise.all(
      [...lanes.entries()].map(async ([lane, jobs]) => {
        await ready.get(lane);
        for (const [k, { c, network, order }] of jobs.entries()) {
          if (abort.signal.aborted || fatal) return;
          // The next post's images go up while this post is created (nothing of it is published).
          const next = jobs[k + 1];
          if (next && !stopped.has(network) && stillAsSelected(next.c.post as ValidPost)) void prefetchMedia(next.c.post as ValidPost, network, contextFor(next.c)).catch(() => undefined);
          let outcome: NetworkOutcome;
          try {
            outcome = await publishOne(c, network);
          } catch (e) {
            fatal ??= { error: e };
            return;
          }
          done.push({ order, entry: { post: c.post.id, file: c.post.file, outcome } });
          if (!opts.json) {
            if (outcome.status === 'published') io.out(`${green('✓')} ${printable(c.post.id)} → ${label(network)}  ${outcome.receipt?.url ?? ''}\n`);
            else if (outcome.status === 'needs-human')
              io.out(`${yellow('?')} ${printable(c.post.id)} → ${label(network)}  ${msg(lang, 'à vérifier par une personne', 'needs a human')} : ${outcome.message}\n    ${msg(lang, `puis : lm-post resolve ${printable(c.post.id)} --network ${network} --created URL|--not-created`, `then: lm-post resolve ${printable(c.post.id)} --network ${network} --created URL|--not-created`)}\n`);
            else io.out(`${red('✗')} ${printable(c.post.id)} → ${label(network)}  ${explainFailure(lang, label(network), outcome, charter.timezone)}\n    ${dim(`${msg(lang, 'détail du réseau', 'network detail')} : ${outcome.message}`)}\n`);
          }
        }
      }),
    );
    await Promise.all(ready.values());
    // The summary and --json list outcomes in queue order, whichever lane finished first.
    outcomes.push(...done.sort((a, b) => a.order - b.order).map((d) => d.entry));
    if (fatal) throw fatal.error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Every journal synced and closed (the lanes did not wait for their last entries) while the
    // lock is still held, before the summary.
    await journalsClosed();
    await pool?.close();
    await sandbox?.close();
    // Started but not needed (nothing due), or not awaited because selection failed.
    if (!sandbox) await sandboxStart?.then((s) => s.close(), () => undefined);
    await release();
  }
  const code = summarise(io, opts, candidates, outcomes, lang, charter, xAdapter?.billed?.());
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

/**
 * X calls of the items of a post this run created on X, as rendered (every item is a billed post,
 * every alt text a billed call): all of them, or those before a refused reply (thread-cut.ts).
 */
function xCallsOfPost(c: Candidate, charter: Charter, items?: number): XBilledCalls {
  const rendered = renderPost(c.post.data!, charter, 'twitter', path.dirname(c.post.path)).items;
  return xCallsOf(items === undefined ? rendered : rendered.slice(0, items));
}

/** The review state of a post left waiting for its date or its approval (as `lm-post list` names it). */
function reviewOf(c: Candidate): ReviewState | undefined {
  const s = c.skip;
  return c.post.data && (s?.kind === 'scheduled' || s?.kind === 'not-approved') ? reviewState(c.post.data, s.verdict) : undefined;
}

/** « 3 programmé(s) plus tard (dont 1 pas encore approuvé) »: a later date alone sends nothing unapproved. */
function scheduledPart(candidates: readonly Candidate[], lang: Lang): string {
  const later = candidates.filter((c) => c.skip?.kind === 'scheduled');
  const rejected = later.filter((c) => reviewOf(c) === 'rejected').length;
  const pending = later.filter((c) => reviewOf(c) !== 'approved').length - rejected;
  const of = [
    ...(pending ? [msg(lang, `${pending} pas encore approuvé(s)`, `${pending} not approved yet`)] : []),
    ...(rejected ? [msg(lang, `${rejected} refusé(s)`, `${rejected} rejected`)] : []),
  ].join(msg(lang, ' et ', ' and '));
  return msg(lang, `${later.length} programmé(s) plus tard${of ? ` (dont ${of})` : ''}`, `${later.length} scheduled later${of ? ` (${of})` : ''}`);
}

function summarise(io: Io, opts: PublishOptions, candidates: Candidate[], outcomes: { post: string; file: string; outcome: NetworkOutcome }[], lang: Lang, charter: Charter, billed?: XBilledCalls): number {
  const tz = charter.timezone;
  const prices = xPrices(charter);
  const xPublished = outcomes.filter((o) => o.outcome.status === 'published' && !o.outcome.sentNothing && o.outcome.network === 'twitter');
  // What X billed this run: the posts this run created (a create whose answer was lost but that
  // landed counts too), plus the alt texts and users/me reads (a reconciliation) the X adapter made.
  const xCut = outcomes.filter((o) => o.outcome.network === 'twitter' && o.outcome.status === 'failed' && o.outcome.receipt && o.outcome.failure?.apiCode === REPLY_NOT_ALLOWED);
  const created = [
    ...xPublished.map((o) => xCallsOfPost(candidates.find((c) => c.post.id === o.post)!, charter)),
    ...xCut.map((o) => xCallsOfPost(candidates.find((c) => c.post.id === o.post)!, charter, 1 + (o.outcome.receipt!.thread?.length ?? 0))),
  ].reduce(addXCalls, { ...NO_X_CALLS });
  const xCalls: XBilledCalls = { ...created, ...(billed ? { altTexts: billed.altTexts, userReads: billed.userReads } : {}) };
  const xCost = xCallsCost(xCalls, prices);
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
          skipped: candidates
            .filter((c) => c.skip && c.skip.kind !== 'done' && c.skip.kind !== 'other-network')
            .map((c) => {
              const review = reviewOf(c);
              return {
                post: c.post.id,
                reason: c.skip!.kind,
                ...(c.skip!.kind === 'scheduled' ? { at: c.skip!.at.toISOString() } : {}),
                // Scheduled or waiting: whether it is approved, and its review state as `lm-post list` names it.
                ...(review ? { approved: review === 'approved', review } : {}),
              };
            }),
          alreadyPublished: candidates.filter((c) => c.skip?.kind === 'done').map((c) => c.post.id),
          // A charter without X shows no X cost nor plan (SPEC §15).
          ...(charter.networks.twitter ? { xCost: { amount: xCost, currency: prices.currency, plan: xPlan(charter), calls: xCalls } } : {}),
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
      [count('scheduled'), scheduledPart(candidates, lang)],
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
      if (xCost > 0 && xPlan(charter) === 'pay-per-use') {
        const detail = describeXCalls(xCalls, prices, lang);
        io.out(msg(lang, `Coût X de cette publication : ${formatCost(xCost, prices.currency, 'fr')} (${detail}).\n`, `X cost of this run: ${formatCost(xCost, prices.currency, 'en')} (${detail}).\n`));
      }
    }
  }
  if (human.length) return ExitCode.needsHuman;
  if (failed.length) return ExitCode.problems;
  return blockedExitCode(candidates, opts.posts.length > 0);
}

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

/** One item of `publish --dry-run --json`: what would be sent, field by field. */
export type Payload = {
  text: string;
  media: { file: string; alt: string; type?: string; bytes?: number }[];
  reply_to?: string;
  quote_tweet_id?: string;
  link?: string;
  spoiler_text?: string;
  visibility?: string | undefined;
  language?: string;
  idempotency_key?: string;
};

/** One item of a dry run, for people: the text as sent, then each field named in their language. */
function describePayload(p: Payload, i: number, n: number, lang: Lang): string[] {
  const field = (fr: string, en: string, v: string) => `    ${msg(lang, fr, en)} : ${v}`;
  const out = [`  [${i + 1}/${n}] ${msg(lang, 'texte', 'text')} :`, ...p.text.split('\n').map((l) => `      ${l}`)];
  for (const m of p.media) {
    const kind = m.type && m.bytes !== undefined ? ` (${m.type.replace('image/', '').toUpperCase()}, ${formatSize(m.bytes, lang)})` : '';
    out.push(field('image', 'image', `${m.file}${kind} — ${msg(lang, 'texte alternatif', 'alt text')} « ${m.alt} »`));
  }
  if (p.reply_to) out.push(field('en réponse au message', 'in reply to item', p.reply_to.replace('item ', '')));
  if (p.quote_tweet_id) out.push(field('cite le message', 'quotes post', p.quote_tweet_id));
  if (p.link) out.push(field('lien (aperçu)', 'link (preview)', p.link));
  if (p.spoiler_text) out.push(field('avertissement de contenu', 'content warning', p.spoiler_text));
  if (p.visibility) out.push(field('visibilité', 'visibility', p.visibility));
  if (p.language) out.push(field('langue', 'language', p.language));
  if (p.idempotency_key) out.push(field('clé d’idempotence', 'idempotency key', p.idempotency_key));
  return out;
}

/** What each network would receive, exactly; no credentials, no network, nothing written. */
function dryRun(io: Io, opts: PublishOptions, candidates: Candidate[], queueDir: string, lang: Lang, charter: Charter): number {
  const out: unknown[] = [];
  const lines: string[] = [];
  let xCalls: XBilledCalls = { ...NO_X_CALLS };
  for (const c of candidates) {
    if (c.skip) {
      if (c.skip.kind !== 'done' && c.skip.kind !== 'other-network' && !opts.json) {
        // Every reason at once: fixing one only to meet the next is what a dry run avoids.
        const reasons = c.reasons ?? [c.skip];
        lines.push(`– ${printable(c.post.id)} : ${msg(lang, 'ne serait pas publié', 'would not be published')}${reasons.length > 1 ? msg(lang, ` (${reasons.length} raisons)`, ` (${reasons.length} reasons)`) : ''} :`);
        for (const r of reasons) lines.push(`    • ${skipLine(c, lang, charter.timezone, r)}`);
      }
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
      // X bills each create and each alt text (SPEC §12): the same count as preview and x-budget.
      const calls = network === 'twitter' && xPlan(charter) === 'pay-per-use' ? xCallsOf(r.items) : undefined;
      const cost = calls ? xCallsCost(calls, xPrices(charter)) : undefined;
      if (calls) xCalls = addXCalls(xCalls, calls);
      out.push({ post: c.post.id, network, items: payloads, ...(calls && cost !== undefined ? { x_cost: { amount: cost, currency: xPrices(charter).currency, calls } } : {}) });
      if (!opts.json) {
        lines.push(`── ${printable(c.post.id)} → ${charter.networks[network]?.label ?? network}${cost !== undefined ? `  (${msg(lang, 'coût X :', 'X cost:')} ${formatCost(cost, xPrices(charter).currency, lang)})` : ''}`);
        payloads.forEach((p, i) => lines.push(...describePayload(p, i, payloads.length, lang)));
      }
    }
  }
  if (opts.json) io.out(JSON.stringify(out, null, 2) + '\n');
  else {
    const anyX = out.some((o) => (o as { x_cost?: unknown }).x_cost !== undefined);
    if (anyX) {
      const prices = xPrices(charter);
      const total = formatCost(xCallsCost(xCalls, prices), prices.currency, lang);
      const detail = describeXCalls(xCalls, prices, lang);
      lines.push(msg(lang, `Coût X total : ${total} (formule pay-per-use : ${detail} ; un billet avec lien coûte bien plus cher qu’un billet sans).`, `Total X cost: ${total} (pay-per-use plan: ${detail}; a post with a link costs far more than one without).`));
    }
    io.out(msg(lang, 'Simulation (--dry-run) : rien n’est envoyé ni écrit.\n', 'Dry run: nothing is sent or written.\n') + lines.join('\n') + '\n');
  }
  return blockedExitCode(candidates, opts.posts.length > 0);
}
