import { validatorsLabel } from '../charter/validators.js';
import path from 'node:path';
import { postDigest } from '../post/digest.js';
import { letterOnly } from '../letter/membership.js';
import type { Charter } from '../charter/types.js';
import type { PostData } from '../post/types.js';
import { dateTimeInBoth, parseDateTime, wallClock, zoneOffsetMinutes } from '../util/time.js';
import { defineRule } from './types.js';
import { reviewSignatureProblem, SIGNATURE_RULE_MESSAGES, type SignatureMessageId } from '../review/post.js';

export type ApprovalVerdict =
  | { ok: true; how: 'review' | 'trained-author' }
  | { ok: false; messageId: 'withdrawn' | 'missing' | 'changesRequested' | 'rejected' | 'notValidator' | 'selfApproved' | 'edited' | 'stale' | SignatureMessageId; data: Record<string, unknown> };

/** End of the calendar day of `d` in `tz`. */
function endOfDay(d: Date, tz: string): Date {
  const { date } = wallClock(d, tz);
  const local = Date.parse(`${date}T23:59:59Z`);
  return new Date(local - zoneOffsetMinutes(tz, local) * 60000);
}

/**
 * SPEC §6: may this post be published now on the strength of its review (or its trained author)?
 * With `approval.signed` (SPEC §16) the review must also be signed by the person it names, for
 * this post (`postId`): a forged, copied or hand-edited decision counts for nothing.
 */
export function approvalVerdict(data: PostData, charter: Charter, postDir: string, now: Date, postId: string): ApprovalVerdict {
  const type = charter.types[data.type];
  const author = charter.people.find((p) => p.id === data.author);
  const review = data.review;
  // SPEC §17: a withdrawn post never goes out, whatever its review says.
  if (data.withdrawn) return { ok: false, messageId: 'withdrawn', data: { by: data.withdrawn.by, note: data.withdrawn.note } };
  const forged = review ? reviewSignatureProblem(review, charter, postDir, postId) : undefined;
  if (forged) return { ok: false, ...forged };
  // A refusal or a request for changes always wins, even over the trained-author rule.
  if (review && review.state !== 'approved') {
    const note = review.note ? review.note : '—';
    return { ok: false, messageId: review.state === 'rejected' ? 'rejected' : 'changesRequested', data: { by: review.by, note } };
  }
  if (type?.approval === 'trained-author' && author?.trained && data.event?.starts) {
    const starts = parseDateTime(data.event.starts, charter.timezone);
    if (starts && now.getTime() >= starts.getTime() - 3_600_000 && now <= endOfDay(starts, charter.timezone)) {
      return { ok: true, how: 'trained-author' };
    }
  }
  if (!review) return { ok: false, messageId: 'missing', data: { validators: validatorsLabel(charter) } };
  const by = charter.people.find((p) => p.id === review.by);
  if (!by?.validator) return { ok: false, messageId: 'notValidator', data: { by: review.by } };
  if (review.by === data.author) return { ok: false, messageId: 'selfApproved', data: { by: review.by } };
  if (review.digest !== postDigest(data, postDir, charter)) return { ok: false, messageId: 'edited', data: { by: review.by } };
  const staleHours = charter.approval?.stale_after_hours;
  if (staleHours !== undefined && data.publish_at) {
    const at = parseDateTime(data.publish_at, charter.timezone);
    if (at && now.getTime() - at.getTime() > staleHours * 3_600_000) return { ok: false, messageId: 'stale', data: { hours: staleHours, at: dateTimeInBoth(at, charter.timezone) } };
  }
  return { ok: true, how: 'review' };
}

/**
 * The review half of a post's state, as `lm-post list` names it (SPEC §11), from its approval
 * verdict: `approved` only when the verdict lets it go out. `list`, the publish summary and the
 * calendar all say it from here, so they never disagree on what is approved.
 */
export type ReviewState = 'approved' | 'draft' | 'changes-requested' | 'rejected' | 'voided' | 'stale';

export function reviewState(data: PostData, verdict: ApprovalVerdict): ReviewState {
  const r = data.review;
  // A trained author's post needs no review during its event: approved by the verdict alone.
  if (!r) return verdict.ok ? 'approved' : 'draft';
  if (r.state === 'rejected' || r.state === 'changes-requested') return r.state;
  if (!verdict.ok) return verdict.messageId === 'stale' ? 'stale' : 'voided';
  return 'approved';
}

export default defineRule({
  meta: {
    id: 'approval',
    defaultSeverity: 'error',
    onlyWhenRequested: true,
    // Without --require-approval, `check` still warns when a given approval no longer holds:
    // otherwise nobody learns it before publish.
    adviseWhenNotRequested: true,
    description: {
      fr: 'Le billet est approuvé par une personne validatrice autre que l’auteur·e, sur son contenu actuel, et l’approbation n’est pas périmée (check --require-approval et publish).',
      en: 'The post is approved by a validator other than its author, on its current content, and the approval is not stale (check --require-approval and publish).',
    },
    messages: {
      withdrawn: {
        fr: 'Billet retiré par {{by}} (« {{note}} ») : il ne sera jamais publié.',
        en: 'Post withdrawn by {{by}} ("{{note}}"): it will never be published.',
      },
      missing: {
        fr: 'Billet pas encore approuvé : demandez à une personne validatrice ({{validators}}) : lm-post approve {{id}} --as VALIDATEUR.',
        en: 'Post not approved yet: ask a validator ({{validators}}): lm-post approve {{id}} --as VALIDATOR.',
      },
      changesRequested: {
        fr: '{{by}} demande des modifications : « {{note}} ». Corrigez le billet puis redemandez l’approbation.',
        en: '{{by}} asks for changes: "{{note}}". Fix the post, then ask for approval again.',
      },
      rejected: {
        fr: 'Billet refusé par {{by}} : « {{note}} ».',
        en: 'Post rejected by {{by}}: "{{note}}".',
      },
      notValidator: {
        fr: '« {{by}} » n’est pas validateur·ice dans la charte : cette approbation ne compte pas.',
        en: '"{{by}}" is not a validator in the charter: this approval does not count.',
      },
      selfApproved: {
        fr: '« {{by}} » a approuvé son propre billet : il faut l’approbation d’une autre personne.',
        en: '"{{by}}" approved their own post: another person must approve it.',
      },
      edited: {
        fr: 'L’approbation de {{by}} ne vaut plus : le billet (ou une de ses images) a changé depuis. Il doit être approuvé de nouveau (lm-post approve {{id}}).',
        en: 'The approval by {{by}} no longer holds: the post (or one of its images) changed since. It must be approved again (lm-post approve {{id}}).',
      },
      ...SIGNATURE_RULE_MESSAGES,
      stale: {
        fr: 'Approbation périmée : la date de publication, {{at}}, est dépassée de plus de {{hours}} h ; faites-la approuver de nouveau avec une nouvelle date.',
        en: 'Stale approval: the publication date, {{at}}, is more than {{hours}} h past; have it approved again with a new date.',
      },
    },
  },
  check(ctx) {
    // A letter-only item goes to no network: it is approved with the letter as a whole (lm-post letter --approve).
    if (!ctx.targets.length && letterOnly(ctx.post.data, ctx.charter)) return;
    const v = approvalVerdict(ctx.post.data, ctx.charter, path.dirname(ctx.post.path), ctx.now, ctx.post.id);
    if (v.ok) return;
    // A decision that its signature does not back is an error even before approval is required:
    // check names a forged block before publish refuses it (SPEC §16).
    if (v.messageId.startsWith('signature-')) {
      ctx.report({ messageId: v.messageId, path: ['review'], key: true, data: { id: ctx.post.id, ...v.data } });
      return;
    }
    const voided = ctx.post.data.review?.state === 'approved' && ['edited', 'stale', 'notValidator', 'selfApproved'].includes(v.messageId);
    if (!ctx.requested) {
      if (voided) ctx.report({ messageId: v.messageId, path: v.messageId === 'stale' ? ['publish_at'] : ['review'], key: v.messageId !== 'stale', warnOnly: true, data: { id: ctx.post.id, ...v.data } });
      return;
    }
    const p = v.messageId === 'missing' ? [] : v.messageId === 'stale' ? ['publish_at'] : ['review'];
    ctx.report({ messageId: v.messageId, path: p, key: v.messageId !== 'stale' && v.messageId !== 'missing', data: { id: ctx.post.id, validators: validatorsLabel(ctx.charter), ...v.data } });
  },
});
