// The end of a publishing run: what was done and what was not, as text or JSON, and the exit code.
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import { ExitCode } from '../errors.js';
import { type Lang, tr } from '../i18n/index.js';
import type { RunResult } from '../publish/events.js';
import { blockedExitCode, type Candidate, type SkipReason } from '../publish/select.js';
import { renderPost } from '../render/index.js';
import { REPLY_NOT_ALLOWED } from '../publish/thread-cut.js';
import { addXCalls, describeXCalls, formatCost, NO_X_CALLS, type XBilledCalls, xCallsCost, xCallsOf, xPlan, xPrices } from '../render/x-cost.js';
import approvalRule, { type ReviewState, reviewState } from '../rules/approval.js';
import { printable } from '../util/printable.js';
import { formatDateTime } from '../util/time.js';
import { msg } from './publish-events.js';

/** Why a post does not go out, in one line (none for a post already published or for other networks). */
export function skipLine(c: Candidate, lang: Lang, tz: string, s: SkipReason | undefined = c.skip): string | undefined {
  if (!s) return undefined;
  switch (s.kind) {
    case 'done':
    case 'other-network':
      return undefined;
    case 'scheduled':
      return msg(lang, `programmé pour le ${formatDateTime(s.at, tz, 'fr')}`, `scheduled for ${formatDateTime(s.at, tz, 'en')}`);
    case 'not-approved':
      return printable(tr(lang, approvalRule.meta.messages[s.verdict.messageId]!, { id: c.post.id, ...s.verdict.data }));
    case 'errors':
    case 'invalid':
      return (
        msg(lang, `${s.messages.length} erreur(s) — corrigez-les (lm-post check ${printable(c.post.file)}) :`, `${s.messages.length} error(s) — fix them (lm-post check ${printable(c.post.file)}):`) +
        s.messages.map((m) => `\n      ${printable(c.post.file)}:${m.line}:${m.column} ${printable(m.message)}`).join('')
      );
  }
}

/**
 * X calls of the items of a post this run created on X, as rendered (every item is a billed post,
 * every alt text a billed call): all of them, or those before a refused reply (thread-cut.ts).
 */
function xCallsOfPost(c: Candidate, charter: Charter, items?: number): XBilledCalls {
  const rendered = renderPost(c.post.data!, charter, 'twitter', path.dirname(c.post.path)).items;
  return xCallsOf(items === undefined ? rendered : rendered.slice(0, items));
}

/**
 * What X billed this run: the posts this run created (a create whose answer was lost but that
 * landed counts too, and the start of a cut thread), plus the alt texts and users/me reads (a
 * reconciliation) the X adapter counted.
 */
function xCallsOfRun(r: RunResult, charter: Charter, xPublished: RunResult['outcomes']): XBilledCalls {
  const post = (id: string) => r.candidates.find((c) => c.post.id === id)!;
  const xCut = r.outcomes.filter((o) => o.outcome.network === 'twitter' && o.outcome.status === 'failed' && o.outcome.receipt && o.outcome.failure?.apiCode === REPLY_NOT_ALLOWED);
  const created = [
    ...xPublished.map((o) => xCallsOfPost(post(o.post), charter)),
    ...xCut.map((o) => xCallsOfPost(post(o.post), charter, 1 + (o.outcome.receipt!.thread?.length ?? 0))),
  ].reduce(addXCalls, { ...NO_X_CALLS });
  const billed = r.billed?.twitter;
  return { ...created, ...(billed ? { altTexts: billed.altTexts, userReads: billed.userReads } : {}) };
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
  const of = [...(pending ? [msg(lang, `${pending} pas encore approuvé(s)`, `${pending} not approved yet`)] : []), ...(rejected ? [msg(lang, `${rejected} refusé(s)`, `${rejected} rejected`)] : [])].join(msg(lang, ' et ', ' and '));
  return msg(lang, `${later.length} programmé(s) plus tard${of ? ` (dont ${of})` : ''}`, `${later.length} scheduled later${of ? ` (${of})` : ''}`);
}

/** The run's figures, shared by the text and the JSON. */
function figures(r: RunResult, charter: Charter) {
  const xPublished = r.outcomes.filter((o) => o.outcome.status === 'published' && !o.outcome.sentNothing && o.outcome.network === 'twitter');
  const xCalls = xCallsOfRun(r, charter, xPublished);
  return {
    published: r.outcomes.filter((o) => o.outcome.status === 'published'),
    failed: r.outcomes.filter((o) => o.outcome.status === 'failed'),
    human: r.outcomes.filter((o) => o.outcome.status === 'needs-human'),
    xCalls,
    xCost: xCallsCost(xCalls, xPrices(charter)),
  };
}

/** The summary for a program (`publish --json`). */
export function formatSummaryJson(r: RunResult, charter: Charter): string {
  const f = figures(r, charter);
  const report = {
    published: f.published.map((o) => ({ post: o.post, network: o.outcome.network, ...o.outcome.receipt })),
    failed: f.failed.map((o) => ({ post: o.post, network: o.outcome.network, message: o.outcome.message })),
    needsHuman: f.human.map((o) => ({ post: o.post, network: o.outcome.network, message: o.outcome.message })),
    skipped: r.candidates
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
    alreadyPublished: r.candidates.filter((c) => c.skip?.kind === 'done').map((c) => c.post.id),
    // A charter without X shows no X cost nor plan (SPEC §15).
    ...(charter.networks.twitter ? { xCost: { amount: f.xCost, currency: xPrices(charter).currency, plan: xPlan(charter), calls: f.xCalls } } : {}),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

/** The summary for people: the posts not published and why, then one line of figures. */
export function formatSummary(r: RunResult, charter: Charter, lang: Lang): string {
  const f = figures(r, charter);
  const count = (k: string) => r.candidates.filter((c) => c.skip?.kind === k).length;
  let out = '';
  const waiting = r.candidates.filter((c) => c.skip && !['done', 'scheduled', 'other-network'].includes(c.skip.kind));
  if (waiting.length) {
    out += msg(lang, '\nNon publiés :\n', '\nNot published:\n');
    for (const c of waiting) out += `  – ${printable(c.post.id)} : ${skipLine(c, lang, charter.timezone)}\n`;
  }
  const errors = count('errors') + count('invalid');
  const parts = [
    [count('done'), msg(lang, `${count('done')} billet(s) déjà publié(s)`, `${count('done')} post(s) already published`)],
    [count('scheduled'), scheduledPart(r.candidates, lang)],
    [count('not-approved'), msg(lang, `${count('not-approved')} en attente d’approbation`, `${count('not-approved')} awaiting approval`)],
    [errors, msg(lang, `${errors} avec erreurs`, `${errors} with errors`)],
    [f.failed.length, msg(lang, `${f.failed.length} échec(s)`, `${f.failed.length} failure(s)`)],
    [f.human.length, msg(lang, `${f.human.length} à vérifier par une personne`, `${f.human.length} to be checked by a person`)],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([, s]) => String(s));
  if (f.published.length === 0 && f.failed.length === 0 && f.human.length === 0) {
    return out + msg(lang, `\nRien de nouveau à publier${parts.length ? ` : ${parts.join(', ')}` : ''}.\n`, `\nNothing new to publish${parts.length ? `: ${parts.join(', ')}` : ''}.\n`);
  }
  // Receipts rebuilt from the journal or found on the account were not published by this run.
  const made = f.published.filter((o) => !o.outcome.sentNothing).length;
  const restored = f.published.length - made;
  const head = [msg(lang, `${made} publication(s) faite(s)`, `${made} publication(s) made`), ...(restored ? [msg(lang, `${restored} reçu(s) rétabli(s) sans rien renvoyer`, `${restored} receipt(s) restored without sending anything`)] : [])];
  out += msg(lang, `\nRésumé : ${[...head, ...parts].join(', ')}.\n`, `\nSummary: ${[...head, ...parts].join(', ')}.\n`);
  if (f.xCost > 0 && xPlan(charter) === 'pay-per-use') {
    const prices = xPrices(charter);
    const detail = describeXCalls(f.xCalls, prices, lang);
    out += msg(lang, `Coût X de cette publication : ${formatCost(f.xCost, prices.currency, 'fr')} (${detail}).\n`, `X cost of this run: ${formatCost(f.xCost, prices.currency, 'en')} (${detail}).\n`);
  }
  return out;
}

/** A run stopped from outside: what was done, what was not, and how to resume. */
export function formatStopped(r: RunResult, lang: Lang): string {
  if (!r.stopped) return '';
  const done = r.outcomes.filter((o) => o.outcome.status === 'published' && !o.outcome.sentNothing).length;
  const left = r.candidates.filter((c) => !c.skip).reduce((n, c) => n + c.pending.length, 0) - r.outcomes.filter((o) => o.outcome.status === 'published').length;
  const why =
    r.stopped === 'interrupted'
      ? msg(lang, 'Publication interrompue', 'Publishing interrupted')
      : msg(lang, 'Publication arrêtée : une autre exécution a pris le verrou (celle-ci était bloquée au-delà de 15 s)', 'Publishing stopped: another run took the lock over (this one was stalled for more than 15 s)');
  return msg(
    lang,
    `${why} : ${done} publication(s) faite(s), ${left} non faite(s). Relancez lm-post publish : il reprendra là, sans rien publier deux fois.\n`,
    `${why}: ${done} publication(s) made, ${left} not made. Run lm-post publish again: it resumes there, without posting anything twice.\n`,
  );
}

/** The exit code of a finished run (README « Codes de sortie »). */
export function runExitCode(r: RunResult, named: boolean): number {
  if (r.stopped) return r.stopped === 'interrupted' ? 130 : ExitCode.problems;
  if (r.outcomes.some((o) => o.outcome.status === 'needs-human')) return ExitCode.needsHuman;
  if (r.outcomes.some((o) => o.outcome.status === 'failed')) return ExitCode.problems;
  return blockedExitCode(r.candidates, named);
}
