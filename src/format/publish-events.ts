// A publishing run's progress as text: (event, context) => string, '' for what people need not see.
import type { Charter, NetworkId } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { unreachableHint } from '../networks/hosts.js';
import type { RunEvent } from '../publish/events.js';
import { REPLY_NOT_ALLOWED, threadCutMessage } from '../publish/thread-cut.js';
import type { NetworkOutcome } from '../publish/types.js';
import { printable } from '../util/printable.js';
import { formatDateTime } from '../util/time.js';

export interface PublishFormatContext {
  lang: Lang;
  charter: Charter;
  color: boolean;
}

export function msg(lang: Lang, fr: string, en: string): string {
  return lang === 'fr' ? fr : en;
}

/** The colours of the run's lines (none when the terminal or NO_COLOR says so). */
export function paint(color: boolean) {
  const sgr = (on: number, off: number) => (s: string) => (color ? `\x1b[${on}m${s}\x1b[${off}m` : s);
  return { green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22) };
}

export function labelOf(charter: Charter, n: NetworkId): string {
  return charter.networks[n]?.label ?? n;
}

/** One event of `publish` as the lines a person reads. */
export function formatPublishEvent(e: RunEvent, c: PublishFormatContext): string {
  const { lang, charter } = c;
  const { green, red, yellow, dim } = paint(c.color);
  const label = (n: NetworkId) => labelOf(charter, n);
  switch (e.type) {
    case 'run-started':
      return e.posts ? msg(lang, `Publication de ${e.posts} billet(s)${e.sandbox ? ' dans le bac à sable' : ''} :\n`, `Publishing ${e.posts} post(s)${e.sandbox ? ' to the sandbox' : ''}:\n`) : '';
    case 'item-sent':
      return e.items > 1 ? dim(`    ${printable(e.post)} → ${label(e.network)} [${e.item + 1}/${e.items}] ${e.url}\n`) : '';
    case 'waiting':
      return dim(`    ${msg(lang, 'attente', 'waiting')} ${Math.ceil(e.ms / 1000)} s (${label(e.network)}, ${printable(e.post)} : ${e.reason})\n`);
    case 'post-done': {
      const { post, outcome } = e.entry;
      const head = `${printable(post)} → ${label(outcome.network)}  `;
      if (outcome.status === 'published') return `${green('✓')} ${head}${outcome.receipt?.url ?? ''}\n`;
      if (outcome.status === 'needs-human') {
        const then = `lm-post resolve ${printable(post)} --network ${outcome.network} --created URL|--not-created`;
        return `${yellow('?')} ${head}${msg(lang, 'à vérifier par une personne', 'needs a human')} : ${outcome.message}\n    ${msg(lang, `puis : ${then}`, `then: ${then}`)}\n`;
      }
      return `${red('✗')} ${head}${explainFailure(lang, label(outcome.network), outcome, charter.timezone)}\n    ${dim(`${msg(lang, 'détail du réseau', 'network detail')} : ${outcome.message}`)}\n`;
    }
    default:
      return '';
  }
}

/** What a live session says before the first line: where it goes, and how to type. */
export function formatLiveIntro(labels: readonly string[], t: (f: string, e: string) => string, o: { dryRun?: boolean; sandbox?: boolean }): string {
  const on = labels.join(', ');
  if (o.dryRun) return t('Simulation (--dry-run) : rien n’est envoyé ni écrit.\n', 'Dry run: nothing is sent or written.\n');
  return t(`Fil en direct sur ${on}${o.sandbox ? ' (bac à sable)' : ''}. Une ligne = un élément ; « +image FICHIER TEXTE ALTERNATIF » ajoute une image au suivant ; ligne vide pour finir.\n`, `Live thread on ${on}${o.sandbox ? ' (sandbox)' : ''}. One line = one item; "+image FILE ALT TEXT" adds an image to the next; empty line to finish.\n`);
}

/** One event of a live session as the line a person reads ('' for none). */
export function formatLiveEvent(e: RunEvent, label: (n: string) => string, t: (f: string, e: string) => string, sandbox: boolean, lang: Lang): string {
  if (e.type === 'item-sent') return `✓ ${label(e.network)} [${e.item + 1}] ${e.url}\n`;
  if (e.type === 'waiting') return `  ${t('attente', 'waiting')} ${Math.ceil(e.ms / 1000)} s (${label(e.network)})\n`;
  if (e.type !== 'post-done') return '';
  const o = e.entry.outcome;
  if (o.status === 'needs-human') return `? ${label(o.network)} : ${t('à vérifier par une personne', 'needs a human')} (${o.message}) — lm-post resolve ${e.entry.post} --network ${o.network} --created URL|--not-created${sandbox ? ' --sandbox' : ''}\n`;
  // X refused a reply of the thread (publish/thread-cut.ts): its start stands, X leaves the session.
  if (o.status === 'failed' && o.failure?.apiCode === REPLY_NOT_ALLOWED) return `✗ ${label(o.network)} : ${threadCutMessage(lang, label(o.network), o)}\n`;
  if (o.status === 'failed') return `✗ ${label(o.network)} : ${o.message}\n`;
  return '';
}

/** A failure said in the user's language, with what to do next; the network's words follow apart. */
export function explainFailure(lang: Lang, net: string, o: NetworkOutcome, tz: string): string {
  const f = o.failure;
  const again = msg(lang, 'relancez lm-post publish ensuite : ce qui est déjà publié ne sera pas renvoyé.', 'then run lm-post publish again: what is already published will not be sent again.');
  if (!f) return msg(lang, `échec sur ${net} ; ${again}`, `failed on ${net}; ${again}`);
  const run = explainRun(lang, net, f.kind, again);
  if (run) return run;
  if (f.apiCode === REPLY_NOT_ALLOWED) return threadCutMessage(lang, net, o);
  const network = explainNetwork(lang, net, f, again);
  if (network) return network;
  if (f.host && f.kind === 'transient' && typeof f.apiCode === 'string') {
    const hint = unreachableHint(lang, net, f.host, f.apiCode);
    if (hint) return hint;
  }
  if (f.kind === 'rate-limit') {
    const when = f.retryAfterMs ? formatDateTime(new Date(Date.now() + f.retryAfterMs), tz, lang) : undefined;
    return msg(lang, `limite de requêtes de ${net} atteinte${when ? ` (levée vers le ${when})` : ''} : la prochaine publication reprendra là.`, `${net} rate limit reached${when ? ` (lifted around ${when})` : ''}: the next publish run will resume there.`);
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

/** Failures of the run itself: the post changed, the run stopped, the receipt not written. */
function explainRun(lang: Lang, net: string, kind: string, again: string): string | undefined {
  if (kind === 'changed') {
    return msg(lang, `le billet a changé pendant la publication (modifié, refusé…) : rien n’a été envoyé à ${net} ; ${again}`, `the post changed during this run (edited, rejected…): nothing was sent to ${net}; ${again}`);
  }
  if (kind === 'stopped') return msg(lang, `arrêté avant la fin sur ${net} ; ${again}`, `stopped before ${net} was done; ${again}`);
  if (kind === 'receipt') {
    return msg(
      lang,
      `publié sur ${net}, mais le reçu n’a pas pu être écrit dans le billet ; relancez lm-post publish : il l’écrira sans rien renvoyer.`,
      `published on ${net}, but the receipt could not be written into the post; run lm-post publish again: it will write it without sending anything again.`,
    );
  }
  return undefined;
}

/** A network's own refusals that call for a person's step (a budget, a token's scopes, a block). */
function explainNetwork(lang: Lang, net: string, f: NonNullable<NetworkOutcome['failure']>, again: string): string | undefined {
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
  if (f.apiCode === 368 || f.apiCode === 341) {
    const why = f.apiCode === 368 ? msg(lang, 'Facebook bloque temporairement les publications de la Page (368)', 'Facebook is temporarily blocking posts from the Page (368)') : msg(lang, 'Facebook a atteint la limite de l’application (341)', 'Facebook has reached the application limit (341)');
    return msg(lang, `${why} : rien n’a été publié, la prochaine publication réessaiera (en général quelques heures plus tard).`, `${why}: nothing was posted; the next publish run will try again (usually a few hours later).`);
  }
  return undefined;
}

