// Caring for the queue as time passes (SPEC §17): reschedule and withdraw a post. Each writes the
// post file atomically, keeping the author's comments and layout; nothing is half-written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Charter, Person } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { readPost, type ValidPost } from '../post/read.js';
import type { PostData, Review } from '../post/types.js';
import { atomicWrite, updatePostFile } from '../post/write.js';
import { approvalVerdict } from '../rules/approval.js';
import { formatDateTime, parseDateTime, wallClock } from '../util/time.js';
import { signBlock, signerFor } from '../review/sign.js';
import { decide } from './decisions.js';
import { isoInZone, parseWhen } from './when.js';

const fr = (lang: Lang, f: string, e: string) => (lang === 'fr' ? f : e);

export function readValidOrThrow(file: string, cwd: string): ValidPost {
  const post = readPost(file, cwd);
  if (!post.data || post.schemaReports.length) {
    throw new LmPostError('post-invalid', { fr: 'Le billet {{file}} est invalide : vérifiez-le d’abord avec lm-post check {{file}}.', en: 'Post {{file}} is invalid: check it first with lm-post check {{file}}.' }, { file: post.file }, ExitCode.problems);
  }
  return post as ValidPost;
}

/** Networks where the post already lives, with their links (receipts). */
export function livesOn(data: PostData): string[] {
  return Object.entries(data.published ?? {}).map(([n, r]) => `${n}${r?.url ? ` ${r.url}` : ''}`);
}

function refuseWithdrawn(post: ValidPost): void {
  const w = post.data.withdrawn;
  if (w) throw new LmPostError('post-withdrawn', { fr: 'Le billet {{file}} est retiré (par {{by}} : « {{note}} ») : il ne sera jamais publié.', en: 'Post {{file}} is withdrawn (by {{by}}: "{{note}}"): it will never be published.' }, { file: post.file, by: w.by, note: w.note }, ExitCode.problems);
}

/** A date typed by a person for reschedule, or a clear refusal that says the date back. */
export async function understoodDate(text: string, charter: Charter, now: Date, what: string, lang: Lang): Promise<Date> {
  const at = await parseWhen(text, charter.timezone, now);
  if (!at) {
    throw new LmPostError(
      'bad-when',
      {
        fr: '{{what}} : date « {{text}} » non comprise (il faut le jour et l’heure). Exemples : « demain 10h », « jeudi prochain 19h », « 10/12 à 19h », « 09/12/2026 10h », 2026-12-10T19:00.',
        en: '{{what}}: date "{{text}}" not understood (a day and an hour are needed). Examples: "demain 10h", "jeudi prochain 19h", "10/12 à 19h", "09/12/2026 10h", 2026-12-10T19:00.',
      },
      { what, text },
      ExitCode.usage,
    );
  }
  void lang;
  return at;
}

/**
 * The post to reschedule: valid, or invalid only by the dates reschedule rewrites (a hand-written
 * « 09/12/2026 10h » that check pointed at), SPEC §17.
 */
function readForReschedule(file: string, cwd: string, eventStarts: boolean): ValidPost {
  const post = readPost(file, cwd);
  if (post.data && !post.schemaReports.length) return post as ValidPost;
  const value = post.parsed.value as PostData | null | undefined;
  const rewritten = (p: readonly (string | number)[] | undefined) => !!p && (p.join('.') === 'publish_at' || (eventStarts && p.join('.') === 'event.starts'));
  if (!value || typeof value !== 'object' || !post.schemaReports.length || !post.schemaReports.every((r) => rewritten(r.path))) return readValidOrThrow(file, cwd);
  const data: PostData = { ...value };
  delete data.publish_at;
  if (eventStarts && data.event) data.event = { ...data.event, starts: undefined as never };
  return { ...post, data, schemaReports: [] } as ValidPost;
}

export interface RescheduleResult {
  file: string;
  publishAt: string;
  eventStarts?: string;
  /** What the person reads: the dates in words, and what became of the approval. */
  lines: string[];
  state: 'kept' | 'voided' | 'none';
}

/**
 * Set a new `publish_at` (and `event.starts`). A validator's reschedule of an approved post keeps
 * it approved through a new decision written by the same code as `lm-post approve`; anyone
 * else's voids the approval (the digest changes) and says so.
 */
export async function reschedule(o: { file: string; cwd: string; charter: Charter; who: Person; when: string; eventStarts?: string; now: Date; lang: Lang; env?: NodeJS.ProcessEnv }): Promise<RescheduleResult> {
  const { charter, lang, now } = o;
  const tz = charter.timezone;
  const post = readForReschedule(o.file, o.cwd, !!o.eventStarts);
  refuseWithdrawn(post);
  const lives = livesOn(post.data);
  if (lives.length) {
    throw new LmPostError('post-published', { fr: 'Le billet {{file}} est déjà publié ({{where}}) : il ne peut plus être reporté.', en: 'Post {{file}} is already published ({{where}}): it can no longer be rescheduled.' }, { file: post.file, where: lives.join(', ') }, ExitCode.problems);
  }
  const at = await understoodDate(o.when, charter, now, fr(lang, 'reporter', 'reschedule'), lang);
  const said = (d: Date) => formatDateTime(d, tz, lang);
  if (at <= now) {
    throw new LmPostError('when-past', { fr: '« {{text}} » se lit {{said}}, qui est passé : choisissez une date à venir.', en: '"{{text}}" reads as {{said}}, which is past: choose a date ahead.' }, { text: o.when, said: said(at) }, ExitCode.usage);
  }
  const window = charter.schedule?.window;
  if (window && charter.types[post.data.type]?.window !== false) {
    const { minutes } = wallClock(at, tz);
    const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    if (minutes < toMin(window.from) || minutes > toMin(window.to)) {
      throw new LmPostError(
        'when-night',
        { fr: '« {{text}} » se lit {{said}}, hors des heures de publication de la charte ({{from}}–{{to}}) : choisissez une heure où l’on vous lit.', en: '"{{text}}" reads as {{said}}, outside the charter\'s publication hours ({{from}}–{{to}}): choose a time when people read you.' },
        { text: o.when, said: said(at), from: window.from, to: window.to },
        ExitCode.usage,
      );
    }
  }
  let starts: Date | undefined;
  if (o.eventStarts && !post.data.event) {
    throw new LmPostError('no-event', { fr: '--event-starts : le billet {{file}} n’annonce pas d’événement (pas de bloc event:).', en: '--event-starts: post {{file}} has no event (no event: block).' }, { file: post.file }, ExitCode.usage);
  }
  if (o.eventStarts) {
    starts = await understoodDate(o.eventStarts, charter, now, '--event-starts', lang);
    if (post.data.type === 'evenement' && at >= starts) {
      throw new LmPostError('when-after-event', { fr: 'La publication ({{at}}) serait après le début de l’événement ({{starts}}) : une annonce part avant.', en: 'Publication ({{at}}) would be after the event starts ({{starts}}): an announcement goes out before.' }, { at: said(at), starts: said(starts) }, ExitCode.usage);
    }
  }
  const publishAt = isoInZone(at, tz);
  const eventStarts = starts ? isoInZone(starts, tz) : undefined;
  const source = readFileSync(post.path, 'utf8');
  if (source !== Buffer.from(post.bytes).toString('utf8')) {
    throw new LmPostError('post-changed', { fr: 'Le billet {{file}} a été modifié pendant l’opération : rien n’a été écrit ; relancez la commande.', en: 'Post {{file}} changed during the operation: nothing was written; run the command again.' }, { file: post.file }, ExitCode.problems);
  }
  const doc = parseDocument(source, { uniqueKeys: true });
  doc.set('publish_at', publishAt);
  if (eventStarts) {
    // The event's end moves with its start, so the event keeps its length.
    const oldStarts = post.data.event?.starts ? parseDateTime(post.data.event.starts, tz) : undefined;
    const oldEnds = post.data.event?.ends ? parseDateTime(post.data.event.ends, tz) : undefined;
    doc.setIn(['event', 'starts'], eventStarts);
    if (oldStarts && oldEnds && starts) doc.setIn(['event', 'ends'], isoInZone(new Date(starts.getTime() + (oldEnds.getTime() - oldStarts.getTime())), tz));
  }
  const before = post.data;
  const previousVerdict = approvalVerdict(before, charter, path.dirname(post.path), before.publish_at ? (parseDateTime(before.publish_at, tz) ?? now) : now, post.id);
  const wasApproved = before.review?.state === 'approved' && (previousVerdict.ok || (!previousVerdict.ok && previousVerdict.messageId === 'stale'));
  const text = doc.toString({ lineWidth: 0 });
  atomicWrite(post.path, text);
  const lines = [fr(lang, `Publication reportée au ${said(at)}`, `Publication moved to ${said(at)}`)];
  if (starts) lines.push(fr(lang, `Début de l’événement : ${said(starts)}`, `Event starts: ${said(starts)}`));
  let state: RescheduleResult['state'] = 'none';
  if (wasApproved) {
    const keeps = o.who.validator && o.who.id !== before.author;
    if (keeps) {
      // A new decision by the validator, written by the approve code path (and signed with it when
      // approvals are signed).
      const after = readValidOrThrow(post.path, o.cwd);
      const block: Review = decide(after.data, path.dirname(post.path), charter, { state: 'approved', by: o.who.id, at: now, note: fr(lang, `reporté au ${said(at)}`, `rescheduled to ${said(at)}`) });
      // SPEC §16: the new decision is signed like any other (the key is refused before it is written).
      const signer = await signerFor(charter, o.who, { env: o.env ?? process.env, cwd: o.cwd });
      if (signer) await signBlock(block, { kind: 'post', id: after.id }, signer);
      updatePostFile(post.path, text, 'review', () => block);
      state = 'kept';
      lines.push(fr(lang, `Toujours approuvé : nouvelle décision de ${o.who.name}.`, `Still approved: a new decision by ${o.who.name}.`));
    } else {
      state = 'voided';
      lines.push(fr(lang, `L’approbation de ${before.review!.by} est annulée par ce report : le billet doit être relu (lm-post review).`, `The approval by ${before.review!.by} is voided by this change: the post must be reviewed again (lm-post review).`));
    }
  }
  return { file: post.file, publishAt, ...(eventStarts ? { eventStarts } : {}), lines, state };
}

/** Withdraw a post: it stays in the queue with who, when and why, and is never published. */
export function withdraw(o: { file: string; cwd: string; charter: Charter; who: Person; note: string; now: Date; lang: Lang }): { file: string; lines: string[] } {
  const post = readValidOrThrow(o.file, o.cwd);
  refuseWithdrawn(post);
  const lives = livesOn(post.data);
  if (lives.length) {
    throw new LmPostError(
      'withdraw-published',
      {
        fr: 'Le billet {{file}} est déjà publié : {{where}}. lm-post ne peut pas le retirer des réseaux ; supprimez-le là-bas si besoin (le reçu reste dans le fichier).',
        en: 'Post {{file}} is already published: {{where}}. lm-post cannot take it off the networks; delete it there if needed (the receipt stays in the file).',
      },
      { file: post.file, where: lives.join(', ') },
      ExitCode.problems,
    );
  }
  if (o.who.id !== post.data.author && !o.who.validator) {
    throw new LmPostError('withdraw-who', { fr: '« {{id}} » n’est ni l’auteur·e du billet ni validateur·ice : il ne peut pas le retirer.', en: '"{{id}}" is neither the post\'s author nor a validator: they cannot withdraw it.' }, { id: o.who.id }, ExitCode.problems);
  }
  const at = isoInZone(o.now, o.charter.timezone);
  updatePostFile(post.path, Buffer.from(post.bytes).toString('utf8'), 'withdrawn', () => ({ by: o.who.id, at, note: o.note }));
  return {
    file: post.file,
    lines: [fr(o.lang, `Billet retiré par ${o.who.name} (« ${o.note} ») : il reste dans ${post.file} mais ne sera jamais publié, listé ni compté.`, `Post withdrawn by ${o.who.name} ("${o.note}"): it stays in ${post.file} but will never be published, listed or counted.`)],
  };
}
