// `receipts`: publication receipts (`published:`) are written by lm-post from the network's answer,
// never by hand (issue 21, point 14). One that does not look like its network's (id shape, https
// URL on the network's host), or one on a post that was never approved, is forged: it would make
// `check` and the pull-request preview say "already published" and put the post on the website.
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import type { PostData } from '../post/types.js';
import { receiptProblems } from '../publish/receipt-shape.js';
import { parseDateTime } from '../util/time.js';
import { approvalVerdict } from './approval.js';
import { defineRule } from './types.js';

/**
 * Whether the post was approved at some point: by a validator who is not its author (now or in its
 * history: a post edited after it went out keeps its receipts), or allowed without approval when
 * it went out (a trained author's live-tweet during the event).
 */
export function everApproved(data: PostData, charter: Charter, postDir: string, postId: string): boolean {
  // A trained author's live-tweet goes out without a review during its event (SPEC §6).
  const type = charter.types[data.type];
  if (type?.approval === 'trained-author' && charter.people.some((p) => p.id === data.author && p.trained) && data.event?.starts) return true;
  const entries = [data.review, ...(data.review?.history ?? [])];
  if (entries.some((e) => e?.state === 'approved' && e.by !== data.author && charter.people.some((p) => p.id === e.by && p.validator))) return true;
  const times = Object.values(data.published ?? {}).map((r) => (r?.at ? parseDateTime(r.at, charter.timezone) : undefined));
  return times.some((at) => at !== undefined && approvalVerdict(data, charter, postDir, at, postId).ok);
}

export default defineRule({
  meta: {
    id: 'receipts',
    defaultSeverity: 'error',
    description: {
      fr: 'Les reçus de publication (published:) sont ceux qu’écrit lm-post : identifiant au format du réseau, lien https sur le site du réseau, billet approuvé.',
      en: 'Publication receipts (published:) are those lm-post writes: id in the network’s format, https link on the network’s site, approved post.',
    },
    messages: {
      id: {
        fr: 'Reçu {{network}} : l’identifiant « {{value}} » n’a pas la forme de ceux de {{network}} ; un reçu est écrit par lm-post, jamais à la main.',
        en: '{{network}} receipt: the id "{{value}}" does not have the shape of {{network}}’s; a receipt is written by lm-post, never by hand.',
      },
      url: {
        fr: 'Reçu {{network}} : le lien doit être en https sur {{hosts}} ; un reçu est écrit par lm-post, jamais à la main.',
        en: '{{network}} receipt: the link must be https on {{hosts}}; a receipt is written by lm-post, never by hand.',
      },
      field: {
        fr: 'Reçu {{network}} : « {{field}} » manque ou n’a pas la forme attendue.',
        en: '{{network}} receipt: "{{field}}" is missing or not of the expected shape.',
      },
      unapproved: {
        fr: 'Ce billet a des reçus de publication mais n’a jamais été approuvé : un reçu ne s’écrit pas à la main ; retirez « published: » et faites approuver le billet.',
        en: 'This post has publication receipts but was never approved: receipts are not written by hand; remove "published:" and have the post approved.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    if (!data.published || !Object.keys(data.published).length) return;
    for (const [network, receipt] of Object.entries(data.published)) {
      if (!receipt) continue;
      for (const p of receiptProblems(network, receipt as unknown as Record<string, unknown>, ctx.charter, process.env)) {
        const at = ['published', network, p.field];
        if (p.field === 'id') ctx.report({ messageId: 'id', path: at, data: { network, value: String((receipt as { id?: unknown }).id ?? '') } });
        else if (p.field === 'url') ctx.report({ messageId: 'url', path: at, data: { network, hosts: (p.hosts ?? []).join(', ') || '—' } });
        else ctx.report({ messageId: 'field', path: ['published', network], data: { network, field: p.field } });
      }
    }
    if (!everApproved(data, ctx.charter, path.dirname(ctx.post.path), ctx.post.id)) ctx.report({ messageId: 'unapproved', path: ['published'] });
  },
});
