// The `lm-post new` wizard (@inquirer/prompts): the only place with prompts; everything it
// computes (counts, slots, dates, file names, checks) comes from the library.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { confirm, input, select } from '@inquirer/prompts';
import type { CommandContext } from '../cli/context.js';
import { isNetworkId, targetNetworks } from '../charter/types.js';
import type { Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { sniffImage } from '../media/inspect.js';
import type { MediaItem, PostData } from '../post/types.js';
import { formatDateTime } from '../util/time.js';
import { importImage } from '../workflow/compose.js';
import { isoInZone, parseWhen } from '../workflow/when.js';
import { confirmTheme, inputConfig, selectTheme } from './prompt-theme.js';
import { altMinLength, formatCount, liveCount, type NewOptions, plannedPosts, resolveIdentity, suggestSlot, writeAndCheck } from './new.js';
import { currentTime } from '../util/clock.js';

export async function wizard(io: Io, ctx: CommandContext, _opts: NewOptions): Promise<number> {
  try {
    return await run(io, ctx);
  } catch (e) {
    if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) {
      io.out(ctx.lang === 'fr' ? '\nAbandon : rien n’a été écrit.\n' : '\nCancelled: nothing was written.\n');
      return ExitCode.problems;
    }
    throw e;
  }
}

async function run(io: Io, ctx: CommandContext): Promise<number> {
  const { charter, queueDir } = ctx;
  const fr = ctx.lang === 'fr';
  const t = (f: string, e: string) => (fr ? f : e);
  const now = currentTime();
  const label = (n: string) => charter.networks[n as keyof typeof charter.networks]?.label ?? n;

  const type = await select({
    message: t('Type de billet', 'Post type'),
    theme: selectTheme(ctx.lang),
    choices: Object.entries(charter.types).map(([id, ty]) => ({
      name: `${ty.label} (${id}) — ${targetNetworks(charter, ty.networks).map(label).join(', ')}`,
      value: id,
      ...(ty.description ? { description: ty.description } : {}),
    })),
  });
  const ty = charter.types[type]!;
  let me: string | undefined;
  try {
    me = resolveIdentity(charter, undefined, io.env, io.cwd).id;
  } catch {
    me = undefined;
  }
  const author = await select({
    message: t('Auteur·e', 'Author'),
    theme: selectTheme(ctx.lang),
    choices: charter.people.map((p) => ({ name: `${p.name} (${p.id})`, value: p.id })),
    ...(me ? { default: me } : {}),
  });
  const data: PostData = { type, author };
  const requires = ty.requires ?? [];
  const count = (d: PostData, item = 0) => formatCount(liveCount(d, charter, queueDir, item));

  const text = await askText(t, !requires.includes('share'), (v) => count({ ...data, text: v }), ctx.lang);
  if (text) data.text = text;
  const link = await input(inputConfig(ctx.lang, {
    message: t(`Lien${requires.includes('link') ? ' (obligatoire)' : ' (facultatif)'}`, `Link${requires.includes('link') ? ' (required)' : ' (optional)'}`),
    required: requires.includes('link'),
    validate: (v) => !v || /^https:\/\/\S+$/.test(v) || t('Une adresse complète en https://…', 'A full https://… address'),
  }));
  if (link) data.link = link;
  if (requires.includes('share')) {
    data.share = await input(inputConfig(ctx.lang, { message: t('Publication relayée (adresse)', 'Shared post (address)'), required: true, validate: (v) => /^https:\/\/\S+$/.test(v) || t('Une adresse complète en https://…', 'A full https://… address') }));
  }
  if (data.text || data.link) io.out(`  ${count(data)}\n`);

  const min = altMinLength(charter);
  const media: MediaItem[] = [];
  for (;;) {
    const file = await input(inputConfig(ctx.lang, {
      message: t('Image (chemin du fichier, vide pour continuer)', 'Image (file path, empty to go on)'),
      validate: (v) => {
        if (!v.trim()) return true;
        const abs = path.resolve(io.cwd, v.startsWith('~/') && io.env.HOME ? path.join(io.env.HOME, v.slice(2)) : v);
        try {
          return sniffImage(readFileSync(abs).subarray(0, 16)) ? true : t('Ce fichier n’est pas une image JPEG, PNG, GIF ou WebP.', 'Not a JPEG, PNG, GIF or WebP image.');
        } catch {
          return t('Fichier introuvable.', 'File not found.');
        }
      },
    }));
    if (!file.trim()) break;
    const alt = await input(inputConfig(ctx.lang, {
      message: t(`Texte alternatif (décrivez l’image, au moins ${min} caractères)`, `Alt text (describe the image, at least ${min} characters)`),
      validate: (v) => v.trim().length >= min || t(`Au moins ${min} caractères (${v.trim().length} pour l’instant).`, `At least ${min} characters (${v.trim().length} so far).`),
    }));
    const { ref, copiedTo } = importImage(file.trim(), queueDir, io.cwd, io.env.HOME);
    if (copiedTo) io.out(t(`  Image copiée dans ${path.relative(io.cwd, copiedTo)}\n`, `  Image copied to ${path.relative(io.cwd, copiedTo)}\n`));
    media.push({ file: ref, alt: alt.trim() });
  }
  if (media.length) data.media = media;
  return askEventAndTime(io, ctx, data, { t, now, count });
}

/** The event's details, the thread's next items and the publication time; then the post is written. */
async function askEventAndTime(io: Io, ctx: CommandContext, data: PostData, o: { t: (f: string, e: string) => string; now: Date; count: (d: PostData, item?: number) => string }): Promise<number> {
  const { charter, queueDir } = ctx;
  const { t, now, count } = o;
  const tz = charter.timezone;
  const ty = charter.types[data.type]!;
  const requires = ty.requires ?? [];
  const askWhen = async (message: string, def?: Date): Promise<Date> => {
    for (;;) {
      const typed = await input(inputConfig(ctx.lang, {
        message,
        ...(def ? { default: isoInZone(def, tz).slice(0, 16).replace('T', ' ') } : {}),
        validate: async (v) => ((await parseWhen(v, tz, now)) ? true : t('Date non comprise (il faut le jour et l’heure) : « demain 10h », « jeudi 19h », « 10/12 à 19h »…', 'Date not understood (a day and an hour are needed): "demain 10h", "jeudi 19h", "10/12 à 19h"…')),
      }));
      const d = (await parseWhen(typed, tz, now))!;
      if (await confirm({ message: `${formatDateTime(d, tz, ctx.lang)} ?`, default: true, theme: confirmTheme(ctx.lang) })) return d;
    }
  };
  const event: NonNullable<PostData['event']> = {};
  const wanted = new Set(requires.filter((r) => r.startsWith('event.')).map((r) => r.slice(6)));
  // A live-tweet by a trained author goes out during its event window: it needs the start.
  if (ty.approval === 'trained-author') wanted.add('starts');
  if (wanted.size) wanted.add('name');
  const fields: Record<string, [string, string]> = { name: ['Nom de l’événement', 'Event name'], place: ['Lieu', 'Place'], url: ['Page de l’événement', 'Event page'] };
  for (const f of ['name', 'starts', 'ends', 'place', 'url'] as const) {
    if (!wanted.has(f)) continue;
    if (f === 'starts' || f === 'ends') event[f] = isoInZone(await askWhen(f === 'starts' ? t('Début de l’événement', 'Event starts') : t('Fin de l’événement', 'Event ends')), tz);
    else event[f] = await input(inputConfig(ctx.lang, { message: t(...fields[f]!), required: true }));
  }
  if (Object.keys(event).length) data.event = event;

  if (ty.thread) {
    const items: { text: string }[] = [];
    for (;;) {
      const n = items.length + 2;
      const v = await input(inputConfig(ctx.lang, {
        message: t(`Suite du fil n° ${n} (vide pour terminer)`, `Thread item ${n} (empty to finish)`),
        transformer: (s, { isFinal }) => (isFinal || !s ? s : `${s}   [${count({ ...data, thread: [...items, { text: s }] }, n - 1)}]`),
      }));
      if (!v.trim()) break;
      items.push({ text: v.replace(/\\n/g, '\n') });
    }
    if (items.length) data.thread = items;
  }

  const slot = suggestSlot(charter, ty.networks.filter(isNetworkId), plannedPosts(charter, queueDir, io.cwd), now);
  if (slot.cadenceDays !== undefined) {
    io.out(
      t(
        `  Suggestion : ${formatDateTime(slot.at, tz, 'fr')}, premier créneau libre dans la fenêtre de publication (cadence : un billet au moins tous les ${slot.cadenceDays} jours).\n`,
        `  Suggestion: ${formatDateTime(slot.at, tz, 'en')}, the first free slot in the publication window (cadence: a post at least every ${slot.cadenceDays} days).\n`,
      ),
    );
  }
  const publishAt = await askWhen(t('Date de publication (« demain 10h », « jeudi 19h »…)', 'Publication time ("demain 10h", "jeudi 19h"…)'), slot.at);
  data.publish_at = isoInZone(publishAt, tz);
  return writeAndCheck(io, charter, queueDir, ctx.lang, data, now, publishAt);
}

/** Lines typed so far as the post's text: no trailing blank line. */
function joinLines(lines: readonly string[]): string {
  return lines.join('\n').replace(/\s+$/, '');
}

/**
 * The text, one line per prompt so that a volunteer writes paragraphs without any convention to
 * learn: Enter goes to the next line, Enter on an empty line leaves a blank line (a new
 * paragraph), and a second empty line in a row ends the text. Each line shows the live count of
 * the whole text as it will be sent.
 */
async function askText(t: (fr: string, en: string) => string, required: boolean, count: (text: string) => string, lang: CommandContext['lang']): Promise<string> {
  const lines: string[] = [];
  for (;;) {
    const n = lines.length + 1;
    const afterBlank = lines.length > 0 && lines[lines.length - 1] === '';
    const message =
      n === 1
        ? t(
            'Texte, ligne 1 (mentions {@id} ; Entrée : ligne suivante ; une ligne vide : nouveau paragraphe ; deux lignes vides : fini)',
            'Text, line 1 ({@id} mentions; Enter: next line; an empty line: new paragraph; two empty lines: done)',
          )
        : afterBlank
          ? t(`Texte, ligne ${n} (Entrée sur une ligne vide : fini)`, `Text, line ${n} (Enter on an empty line: done)`)
          : t(`Texte, ligne ${n} (ligne vide : nouveau paragraphe ; deux : fini)`, `Text, line ${n} (empty line: new paragraph; two: done)`);
    const line = (
      await input(inputConfig(lang, {
        message,
        validate: (v) => (v.trim() !== '' || lines.length > 0 || !required ? true : t('Le texte est obligatoire : écrivez sa première ligne.', 'The text is required: write its first line.')),
        transformer: (v, { isFinal }) => (isFinal ? v : `${v}   [${count(joinLines([...lines, v]))}]`),
      }))
    ).trimEnd();
    if (!line.trim() && (lines.length === 0 || afterBlank)) break;
    lines.push(line.trim() ? line : '');
  }
  return joinLines(lines);
}
