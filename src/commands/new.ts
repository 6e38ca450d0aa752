// lm-post new: write a post without touching YAML (SPEC §11). On a terminal without flags, a
// wizard; otherwise the flags. Either way the file is written by the library (workflow/compose)
// and checked by the same rules as `lm-post check`.
import { validatorsLabel } from '../charter/validators.js';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import type { Charter, NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { FORMATTERS } from '../format/index.js';
import type { Lang } from '../i18n/index.js';
import { lintFiles } from '../lint/engine.js';
import { listQueue, readValidPosts } from '../post/read.js';
import type { MediaItem, PostData } from '../post/types.js';
import { resolveIdentity } from '../publish/identity.js';
import { postTargets } from '../render/index.js';
import { parseDateTime, formatDateTime } from '../util/time.js';
import { altMinLength, formatCount, liveCount } from '../workflow/count.js';
import { importImage, postBaseName, postYaml, writeNewPost } from '../workflow/compose.js';
import { isoInZone, parseWhen, suggestSlot } from '../workflow/when.js';
import { currentTime } from '../util/clock.js';

export interface NewOptions extends GlobalOptions {
  type?: string;
  author?: string;
  text?: string;
  link?: string;
  share?: string;
  media?: string[];
  publishAt?: string;
  eventName?: string;
  eventStarts?: string;
  eventEnds?: string;
  eventPlace?: string;
  thread?: string[];
  network?: string[];
  id?: string;
  /** Set by the CLI when stdin and stdout are terminals. */
  interactive?: boolean;
}

const FLAG_KEYS = ['type', 'author', 'text', 'link', 'share', 'media', 'publishAt', 'eventName', 'eventStarts', 'eventEnds', 'eventPlace', 'thread', 'network', 'id'] as const;

async function when(text: string, charter: Charter, now: Date, flag: string): Promise<Date> {
  const d = await parseWhen(text, charter.timezone, now);
  if (!d) {
    throw new LmPostError(
      'bad-when',
      {
        fr: '{{flag}} : date « {{text}} » non comprise (il faut le jour et l’heure). Exemples : « demain 10h », « jeudi 19h », « 10/12 à 19h », 2026-12-10T19:00.',
        en: '{{flag}}: date "{{text}}" not understood (a day and an hour are needed). Examples: "demain 10h", "jeudi 19h", "10/12 à 19h", 2026-12-10T19:00.',
      },
      { flag, text },
      ExitCode.usage,
    );
  }
  return d;
}

export async function newPost(io: Io, opts: NewOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const anyFlag = FLAG_KEYS.some((k) => opts[k] !== undefined && !(Array.isArray(opts[k]) && (opts[k] as unknown[]).length === 0));
  if (opts.interactive && !anyFlag) {
    const { wizard } = await import('./new-wizard.js');
    return wizard(io, ctx, opts);
  }
  const { charter } = ctx;
  const now = currentTime();
  if (!opts.type || !opts.author) {
    throw new LmPostError(
      'new-flags',
      {
        fr: 'Sans terminal, indiquez au moins --type et --author (et --text). Exemple : lm-post new --type veille --author camille --text "…" --link https://…',
        en: 'Without a terminal, pass at least --type and --author (and --text). Example: lm-post new --type veille --author camille --text "…" --link https://…',
      },
      {},
      ExitCode.usage,
    );
  }
  const data: PostData = { type: opts.type, author: opts.author };
  if (opts.text !== undefined) data.text = opts.text.replace(/\\n/g, '\n');
  if (opts.link) data.link = opts.link;
  if (opts.share) data.share = opts.share;
  if (opts.media?.length) {
    data.media = opts.media.map((m): MediaItem => {
      const eq = m.indexOf('=');
      const file = eq < 0 ? m : m.slice(0, eq);
      const alt = eq < 0 ? undefined : m.slice(eq + 1);
      const { ref } = importImage(file, ctx.queueDir, io.cwd, io.env.HOME);
      return { file: ref, ...(alt !== undefined ? { alt } : {}) };
    });
  }
  let publishAt: Date | undefined;
  if (opts.publishAt) {
    publishAt = await when(opts.publishAt, charter, now, '--publish-at');
    data.publish_at = isoInZone(publishAt, charter.timezone);
  }
  const event: NonNullable<PostData['event']> = {};
  if (opts.eventName) event.name = opts.eventName;
  if (opts.eventStarts) event.starts = isoInZone(await when(opts.eventStarts, charter, now, '--event-starts'), charter.timezone);
  if (opts.eventEnds) event.ends = isoInZone(await when(opts.eventEnds, charter, now, '--event-ends'), charter.timezone);
  if (opts.eventPlace) event.place = opts.eventPlace;
  if (Object.keys(event).length) data.event = event;
  if (opts.thread?.length) data.thread = opts.thread.map((t) => ({ text: t.replace(/\\n/g, '\n') }));
  if (opts.network?.length) data.networks = opts.network.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) as NetworkId[];
  return writeAndCheck(io, ctx.charter, ctx.queueDir, ctx.lang, data, now, publishAt, opts.id);
}

/** Write the post under a free name, say where and when, and check it as `lm-post check` would. */
export async function writeAndCheck(io: Io, charter: Charter, queueDir: string, lang: Lang, data: PostData, now: Date, publishAt: Date | undefined, id?: string): Promise<number> {
  const fr = lang === 'fr';
  const file = writeNewPost(queueDir, postBaseName(data, charter, now, publishAt, id), postYaml(data));
  const shown = path.relative(io.cwd, file) || file;
  io.out(fr ? `Billet écrit : ${shown}\n` : `Post written: ${shown}\n`);
  if (publishAt) io.out(fr ? `Publication prévue : ${formatDateTime(publishAt, charter.timezone, 'fr')}\n` : `Publication planned: ${formatDateTime(publishAt, charter.timezone, 'en')}\n`);
  // SPEC §17: every date understood is said back in words, the event's too.
  io.out(eventDatesInWords(data, charter, lang));
  const results = await lintFiles([file], { charter, queueDir, cwd: io.cwd, lang }, listQueue(queueDir));
  io.out(FORMATTERS.stylish(results, { lang, color: colorEnabled(io) }));
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  if (errors) {
    io.out(fr ? `Corrigez le fichier ${shown}, puis : lm-post check ${shown}\n` : `Fix ${shown}, then: lm-post check ${shown}\n`);
    return ExitCode.problems;
  }
  const postId = path.basename(file, ".yaml");
  if (charter.types[data.type]?.approval === 'trained-author' && charter.people.find((p) => p.id === data.author)?.trained) {
    io.out(fr ? `Pendant l’événement : lm-post live ${postId} (ou faites-le relire avec lm-post review).\n` : `During the event: lm-post live ${postId} (or have it reviewed with lm-post review).\n`);
  } else io.out(fr ? `Prochaine étape : une personne validatrice (${validatorsLabel(charter)}) le relit avec lm-post review.\n` : `Next step: a validator (${validatorsLabel(charter)}) reviews it with lm-post review.\n`);
  return ExitCode.ok;
}

/** « Début de l’événement : jeudi 10 décembre 2026 à 19:00 (Europe/Paris) » (and its end), or ''. */
export function eventDatesInWords(data: PostData, charter: Charter, lang: Lang): string {
  const fr = lang === 'fr';
  let out = '';
  for (const [field, frLabel, enLabel] of [['starts', 'Début de l’événement', 'Event starts'], ['ends', 'Fin de l’événement', 'Event ends']] as const) {
    const raw = data.event?.[field];
    const at = raw ? parseDateTime(raw, charter.timezone) : undefined;
    if (at) out += `${fr ? `${frLabel} : ` : `${enLabel}: `}${formatDateTime(at, charter.timezone, lang)}\n`;
  }
  return out;
}

/** Posts already planned, for the slot suggestion. */
export function plannedPosts(charter: Charter, queueDir: string, cwd: string): { at: Date; networks: NetworkId[] }[] {
  return readValidPosts(listQueue(queueDir), cwd)
    .map((p) => ({ at: p.data.publish_at ? parseDateTime(p.data.publish_at, charter.timezone) : undefined, networks: postTargets(p.data, charter) }))
    .filter((p): p is { at: Date; networks: NetworkId[] } => !!p.at);
}

export { altMinLength, formatCount, liveCount, suggestSlot, resolveIdentity };
