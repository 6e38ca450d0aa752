// Who decided on a post, via what, and whether the signature holds (SPEC §16) — for the
// pull-request comment (preview --format markdown|json) so a reviewer sees it at a glance.
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import { tr, type Lang } from '../i18n/index.js';
import type { ReadPost } from '../post/read.js';
import { reviewSignature } from './post.js';
import { SIGNATURE_MESSAGES } from './verify.js';

export interface DecisionStatus {
  state: 'approved' | 'changes-requested' | 'rejected' | 'none';
  by?: string;
  /** `lm-post` (a person's own key) or the forge review it came from (`github#12`). */
  via?: string;
  /** valid, invalid, absent (unsigned) or not-required (approval.signed is off). */
  signature: 'valid' | 'invalid' | 'absent' | 'not-required';
  signer?: 'person' | 'forge';
  fingerprint?: string;
  /** Why the signature does not hold, in the message language. */
  problem?: string;
}

export function decisionStatus(post: ReadPost, charter: Charter, lang: Lang): DecisionStatus {
  const r = post.data?.review;
  if (!r) return { state: 'none', signature: 'absent' };
  const base = { state: r.state, by: r.by, via: r.via ?? 'lm-post' };
  const v = reviewSignature(r, charter, path.dirname(post.path), post.id);
  if (!v) return { ...base, signature: 'not-required' };
  if (v.ok) return { ...base, signature: 'valid', signer: v.signer, fingerprint: v.fingerprint };
  return {
    ...base,
    signature: v.problem === 'unsigned' ? 'absent' : 'invalid',
    problem: tr(lang, SIGNATURE_MESSAGES[v.problem], { by: r.by, state: r.state, id: post.id, command: `lm-post approve ${post.id} --as ${r.by}`, ...v.data }),
  };
}

/** Markdown special characters escaped, for text that comes from a post file. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** One Markdown line for the pull-request comment. */
export function decisionMarkdown(s: DecisionStatus, charter: Charter, lang: Lang): string {
  const fr = lang === 'fr';
  if (s.state === 'none') return fr ? '🕓 Relecture : pas encore de décision' : '🕓 Review: no decision yet';
  const name = mdEscape(charter.people.find((p) => p.id === s.by)?.name ?? s.by ?? '?');
  const who = `${name} (\`${mdEscape(s.by ?? '?')}\`)`;
  const what = {
    approved: fr ? `Approuvé par ${who}` : `Approved by ${who}`,
    'changes-requested': fr ? `Modifications demandées par ${who}` : `Changes requested by ${who}`,
    rejected: fr ? `Refusé par ${who}` : `Rejected by ${who}`,
  }[s.state];
  const via = s.via === 'lm-post' ? (fr ? 'via lm-post' : 'via lm-post') : `via ${mdEscape(s.via ?? '')}`;
  const sig =
    s.signature === 'valid'
      ? fr
        ? `signature valide (${s.signer === 'forge' ? 'clé de la forge' : `clé de ${mdEscape(s.by ?? '')}`} \`${s.fingerprint}\`)`
        : `signature holds (${s.signer === 'forge' ? 'forge key' : `${mdEscape(s.by ?? '')}’s key`} \`${s.fingerprint}\`)`
      : s.signature === 'not-required'
        ? fr
          ? 'signature non exigée par la charte'
          : 'signature not required by the charter'
        : `${fr ? 'signature NON valable' : 'signature does NOT hold'} : ${mdEscape(s.problem ?? '')}`;
  const icon = s.signature === 'invalid' || s.signature === 'absent' ? '❌' : s.state === 'approved' ? '✅' : s.state === 'rejected' ? '⛔' : '✏️';
  return `${icon} ${what} — ${via} — ${sig}`;
}
