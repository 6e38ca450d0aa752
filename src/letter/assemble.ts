// Assemble the fortnight's letter from the queue (SPEC §14): the letter's items, section by
// section in the charter's order, each checked by the same rules as any post. Pure reading.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Charter, LetterConfig, LetterSection, RuleSetting } from '../charter/types.js';
import { inspectMedia, maxMediaBytes, readMediaBounded } from '../media/inspect.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { lintPost, type LintResult } from '../lint/engine.js';
import { isValidPost, listQueue, readPost, type ValidPost } from '../post/read.js';
import { parseDateTime } from '../util/time.js';
import { approvalVerdict } from '../rules/approval.js';
import { eventIsOver } from '../workflow/event-end.js';
import { frenchEventDate, frenchPeriod, type Period, periodIn } from './dates.js';
import { candidateSections, inLetter, letterOnly } from './membership.js';
import { letterText } from './render-text.js';

export interface LetterImage {
  file: string;
  absPath: string;
  alt: string;
  /** Content id for the email attachment. */
  cid: string;
  /** sha256 of the bytes (the digest binds the images). */
  sha256: string;
}

export interface LetterItem {
  postId: string;
  file: string;
  heading?: string;
  /** French date of the event, « jeudi 10 décembre à 19 h ». */
  when?: string;
  place?: string;
  text: string;
  link?: string;
  images: LetterImage[];
  /** Sort key: the event's start, else the publication date. */
  at: number;
}

export interface LetterSectionModel {
  id: string;
  title: string;
  intro?: string;
  items: LetterItem[];
}

export interface LetterModel {
  title: string;
  organisation: string;
  from: string;
  to: string;
  period: string;
  intro?: string;
  sender: LetterConfig['sender'];
  footer: LetterConfig['footer'];
  /** Non-empty sections only, in the charter's order. */
  sections: LetterSectionModel[];
}

/** An item of the fortnight kept out of the letter, and why (SPEC §17). */
export interface LeftOut {
  postId: string;
  file: string;
  reason: 'event-over' | 'errors' | 'not-approved';
  /** The first error, as `file:line:column message` (reason `errors`). */
  detail?: string;
}

export interface AssembledLetter {
  /** Items of the fortnight left out (events over, items with errors, posts not yet approved). */
  leftOut: LeftOut[];
  model: LetterModel;
  /** The period in the language of the messages (the model's, read by the members, stays French). */
  periodLabel: string;
  /** Check results of the letter's items (errors block the letter). */
  results: LintResult[];
  errorCount: number;
  warningCount: number;
  /** Bound by an approval: the model, the images' bytes and the templates. */
  digest: string;
  templates: { mjml: string; text: string; dir: string };
  /** Who wrote the items (not bound by the digest): none of them may approve the letter. */
  authors: string[];
}

export function letterConfig(charter: Charter): LetterConfig {
  if (!charter.letter) {
    throw new LmPostError(
      'no-letter',
      {
        fr: 'La charte {{file}} n’a pas de section letter: ; ajoutez-la pour assembler la lettre de la quinzaine (titre, expéditeur, quinzaine, sections, pied de page).',
        en: 'The charter {{file}} has no letter: section; add one to assemble the fortnightly letter (title, sender, fortnight, sections, footer).',
      },
      { file: charter.file },
      ExitCode.usage,
    );
  }
  return charter.letter;
}

export function templatesDir(charter: Charter, cwd: string): string {
  return path.resolve(cwd, path.dirname(charter.file), charter.letter?.templates ?? 'letter');
}

function readTemplate(dir: string, name: string, cwd: string): string {
  const file = path.join(dir, name);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new LmPostError(
      'letter-template-missing',
      {
        fr: 'Gabarit de la lettre introuvable : {{file}} ({{code}}). Les gabarits letter.mjml et letter.txt vont dans le dossier letter/ à côté de la charte.',
        en: 'Letter template not found: {{file}} ({{code}}). The letter.mjml and letter.txt templates go in the letter/ folder beside the charter.',
      },
      { file: path.relative(cwd, file), code: (e as NodeJS.ErrnoException).code },
      ExitCode.usage,
    );
  }
}

/** When the item falls, for a section: events by their start, other items by their publication date. */
function itemTime(p: ValidPost, tz: string): Date | undefined {
  const d = p.data.event?.starts ?? p.data.publish_at;
  return d ? parseDateTime(d, tz) : undefined;
}

function takes(section: LetterSection, p: ValidPost, period: Period, tz: string): boolean {
  const at = itemTime(p, tz);
  if (!at) return false;
  if (section.when === 'upcoming' && p.data.event?.starts) {
    const horizon = period.start.getTime() + (section.horizon_days ?? 60) * 86_400_000;
    return at >= period.start && at.getTime() < horizon;
  }
  return at >= period.start && at < period.end;
}

function toItem(p: ValidPost, charter: Charter, year: string, queueDir: string): LetterItem {
  const tz = charter.timezone;
  const postDir = path.dirname(p.path);
  const ev = p.data.event;
  const starts = ev?.starts ? parseDateTime(ev.starts, tz) : undefined;
  const ends = ev?.ends ? parseDateTime(ev.ends, tz) : undefined;
  const images = (p.data.media ?? []).map((m, i) => {
    // The publishers' own checks, whatever the charter says: inside the queue, no link out, a
    // regular file that is an image, read bounded. Anything else is never read nor attached.
    const info = inspectMedia(m.file, postDir, queueDir);
    const bytes = 'kind' in info ? undefined : readMediaBounded(info.absPath, maxMediaBytes(charter));
    const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : `missing:${'kind' in info ? info.kind : 'unreadable'}`;
    return { file: m.file, absPath: bytes && !('kind' in info) ? info.absPath : '', alt: m.alt ?? '', cid: `${p.id}-${i}${path.extname(m.file).toLowerCase()}@lm-post`, sha256 };
  });
  const item: LetterItem = { postId: p.id, file: p.file, text: letterText(p.data, charter), images, at: itemTime(p, tz)?.getTime() ?? 0 };
  if (ev?.name) item.heading = ev.name;
  if (starts) item.when = frenchEventDate(starts, ends, tz, year);
  if (ev?.place) item.place = ev.place;
  const link = p.data.link ?? ev?.url;
  if (link) item.link = link;
  return item;
}

export interface AssembleOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  period: Period;
  now: Date;
  /** --strict: an item with errors or an event over refuses the letter instead of being left out. */
  strict?: boolean;
}

/**
 * A social post goes to the letter only once approved (or published); a letter-only item is
 * approved with the letter. Judged as at its publication time: "stale" gates publishing only.
 */
function approvedForLetter(p: ValidPost, charter: Charter, now: Date): boolean {
  if (letterOnly(p.data, charter)) return true;
  if (p.data.published && Object.keys(p.data.published).length) return true;
  const at = p.data.publish_at ? (parseDateTime(p.data.publish_at, charter.timezone) ?? now) : now;
  return approvalVerdict(p.data, charter, path.dirname(p.path), at, p.id).ok;
}

export async function assembleLetter(o: AssembleOptions): Promise<AssembledLetter> {
  const cfg = letterConfig(o.charter);
  const tz = o.charter.timezone;
  const dir = templatesDir(o.charter, o.cwd);
  const templates = { mjml: readTemplate(dir, 'letter.mjml', o.cwd), text: readTemplate(dir, 'letter.txt', o.cwd), dir };
  const all = listQueue(o.queueDir).map((f) => readPost(f, o.cwd));
  const valid = all.filter(isValidPost);
  // A refused post never reaches the members; everything else in the letter is approved with it.
  const candidates = valid.filter((p) => inLetter(p.data, o.charter) && p.data.review?.state !== 'rejected' && !p.data.withdrawn);
  const claimed = new Set<string>();
  const chosen: { section: LetterSection; posts: ValidPost[] }[] = [];
  const leftOut: LeftOut[] = [];
  for (const section of cfg.sections) {
    const inRange = candidates
      .filter((p) => !claimed.has(p.path) && candidateSections(p.data, o.charter).includes(section) && takes(section, p, o.period, tz))
      .sort((a, b) => (itemTime(a, tz)?.getTime() ?? 0) - (itemTime(b, tz)?.getTime() ?? 0) || a.id.localeCompare(b.id));
    // SPEC §17: a fortnight under way leaves out the events already over and the posts not yet
    // approved, and says so; they never take the place of another item.
    const posts: ValidPost[] = [];
    for (const p of inRange) {
      const published = p.data.published && Object.keys(p.data.published).length > 0;
      if (!published && eventIsOver(p.data.event, tz, o.now)) {
        claimed.add(p.path);
        leftOut.push({ postId: p.id, file: p.file, reason: 'event-over' });
      } else if (!approvedForLetter(p, o.charter, o.now)) {
        claimed.add(p.path);
        leftOut.push({ postId: p.id, file: p.file, reason: 'not-approved' });
      } else posts.push(p);
    }
    posts.splice(section.max ?? Infinity);
    for (const p of posts) claimed.add(p.path);
    chosen.push({ section, posts });
  }
  const results: LintResult[] = [];
  // The letter attaches files to every member's mail: media-file is an error here whatever the
  // charter sets (as the publishers re-check every image before an upload).
  const mediaChecked = withMediaFileError(o.charter);
  for (const c of chosen) {
    const kept: ValidPost[] = [];
    for (const p of c.posts) {
      const r = await lintPost(p, { charter: mediaChecked, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, valid.filter((v) => v.path !== p.path));
      // schedule-past says a social post is late; in a letter that is assembled afterwards it means nothing.
      r.messages = r.messages.filter((m) => m.ruleId !== 'schedule-past');
      r.errorCount = r.messages.filter((m) => m.severity === 2).length;
      r.warningCount = r.messages.filter((m) => m.severity === 1).length;
      const first = r.messages.find((m) => m.severity === 2);
      if (first && !o.strict) {
        leftOut.push({ postId: p.id, file: p.file, reason: 'errors', detail: `${p.file}:${first.line}:${first.column} ${first.message}` });
        continue;
      }
      results.push(r);
      kept.push(p);
    }
    c.posts = kept;
  }
  const year = o.period.to.slice(0, 4);
  const model: LetterModel = {
    title: cfg.title,
    organisation: o.charter.organisation,
    from: o.period.from,
    to: o.period.to,
    period: frenchPeriod(o.period, tz),
    sender: cfg.sender,
    footer: cfg.footer,
    sections: chosen
      .filter((c) => c.posts.length > 0)
      .map(({ section, posts }) => ({ id: section.id, title: section.title, ...(section.intro ? { intro: section.intro } : {}), items: posts.map((p) => toItem(p, o.charter, year, o.queueDir)) })),
  };
  if (cfg.intro) model.intro = cfg.intro;
  return {
    leftOut,
    model,
    periodLabel: periodIn(o.period, tz, o.lang),
    results,
    // --strict: an event over refuses the letter like an error does.
    errorCount: results.reduce((n, r) => n + r.errorCount, 0) + (o.strict ? leftOut.filter((l) => l.reason === 'event-over').length : 0),
    warningCount: results.reduce((n, r) => n + r.warningCount, 0),
    digest: letterDigest(model, templates),
    templates,
    authors: [...new Set(chosen.flatMap((c) => c.posts.map((p) => p.data.author)))],
  };
}

/**
 * What a validator approves: every word, date, link, image byte and template of the letter —
 * but no path on disk, so a checkout elsewhere (CI) keeps the approval.
 */
export function letterDigest(model: LetterModel, templates: { mjml: string; text: string }): string {
  const h = createHash('sha256');
  const bound = { ...model, sections: model.sections.map((s) => ({ ...s, items: s.items.map(({ file: _file, ...i }) => ({ ...i, images: i.images.map((m) => ({ file: m.file, alt: m.alt, sha256: m.sha256 })) })) })) };
  h.update(JSON.stringify(bound));
  h.update('\0mjml\0' + templates.mjml);
  h.update('\0text\0' + templates.text);
  return `sha256:${h.digest('hex')}`;
}

function withMediaFileError(charter: Charter): Charter {
  const setting = charter.rules?.['media-file'];
  const forced: RuleSetting = Array.isArray(setting) && setting.length === 2 ? ['error', setting[1]] : 'error';
  return { ...charter, rules: { ...charter.rules, 'media-file': forced } };
}

export function itemCount(model: LetterModel): number {
  return model.sections.reduce((n, s) => n + s.items.length, 0);
}
