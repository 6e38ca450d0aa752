// `publish --dry-run` as text or JSON: (plan, context) => string.
import { formatSize, type Lang } from '../i18n/index.js';
import type { DryRunEntry, Payload } from '../publish/dry-run.js';
import { addXCalls, describeXCalls, formatCost, NO_X_CALLS, type XBilledCalls, xCallsCost, xPrices } from '../render/x-cost.js';
import { printable } from '../util/printable.js';
import type { Charter, NetworkId } from '../charter/types.js';
import type { PostData } from '../post/types.js';
import { renderPost } from '../render/index.js';
import { pastDateText } from '../workflow/past-date.js';
import { labelOf, msg, type PublishFormatContext } from './publish-events.js';
import { skipLine } from './publish-summary.js';

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

/** The dry run for a program: what each network would receive. */
export function formatDryRunJson(plan: readonly DryRunEntry[]): string {
  return JSON.stringify(plan.flatMap((e) => (e.kind === 'send' ? [e.send] : [])), null, 2) + '\n';
}

/** The dry run for people: every reason a post would not go out, and each payload described. */
export function formatDryRun(plan: readonly DryRunEntry[], c: PublishFormatContext & { now: Date }): string {
  const { lang, charter } = c;
  const lines: string[] = [];
  let xCalls: XBilledCalls = { ...NO_X_CALLS };
  let anyX = false;
  for (const e of plan) {
    if (e.kind === 'skip') {
      const n = e.reasons.length;
      lines.push(`– ${printable(e.candidate.post.id)} : ${msg(lang, 'ne serait pas publié', 'would not be published')}${n > 1 ? msg(lang, ` (${n} raisons)`, ` (${n} reasons)`) : ''} :`);
      for (const r of e.reasons) lines.push(`    • ${skipLine(e.candidate, lang, charter.timezone, r)}`);
      // SPEC §17: a past-dated post says what to do, in the same words as check, list and review.
      const past = e.candidate.post.data && pastDateText(e.candidate.post.data, e.candidate.post.id, charter, c.now, lang);
      if (past) lines.push(`    • ${past}`);
      continue;
    }
    const { post, network, items, x_cost: cost } = e.send;
    if (cost) {
      xCalls = addXCalls(xCalls, cost.calls);
      anyX = true;
    }
    lines.push(`── ${printable(post)} → ${labelOf(charter, network)}${cost ? `  (${msg(lang, 'coût X :', 'X cost:')} ${formatCost(cost.amount, cost.currency, lang)})` : ''}`);
    items.forEach((p, i) => lines.push(...describePayload(p, i, items.length, lang)));
  }
  if (anyX) {
    const prices = xPrices(charter);
    const total = formatCost(xCallsCost(xCalls, prices), prices.currency, lang);
    const detail = describeXCalls(xCalls, prices, lang);
    lines.push(msg(lang, `Coût X total : ${total} (formule pay-per-use : ${detail} ; un billet avec lien coûte bien plus cher qu’un billet sans).`, `Total X cost: ${total} (pay-per-use plan: ${detail}; a post with a link costs far more than one without).`));
  }
  return msg(lang, 'Simulation (--dry-run) : rien n’est envoyé ni écrit.\n', 'Dry run: nothing is sent or written.\n') + lines.join('\n') + '\n';
}

/** live --dry-run: each network's next item (the thread's last) as it would be sent, one line per network. */
export function formatLiveDryItem(data: PostData, networks: readonly NetworkId[], charter: Charter, postDir: string, label: (n: string) => string): string {
  return networks
    .map((n) => {
      const r = renderPost(data, charter, n, postDir);
      const it = r.items[r.items.length - 1]!;
      return `── ${label(n)} [${r.items.length}] ${JSON.stringify({ text: it.text, media: it.media.map((m) => ({ file: m.file, alt: m.alt })) })}\n`;
    })
    .join('');
}
