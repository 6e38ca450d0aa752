// lm-post feed: the website's files (SPEC §14). Thin: the work is in src/feed/.
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { buildFeed, renderFeeds } from '../feed/build.js';
import { printable } from '../util/printable.js';
import { writeOut } from '../util/out-file.js';
import { currentTime } from '../util/clock.js';

export interface FeedOptions extends GlobalOptions {
  out?: string;
  json?: boolean;
}

export async function feed(io: Io, opts: FeedOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const fr = ctx.lang === 'fr';
  const model = await buildFeed({ charter: ctx.charter, queueDir: ctx.queueDir, cwd: io.cwd, lang: ctx.lang, now: currentTime() });
  const files = await renderFeeds(model);
  const dir = path.resolve(io.cwd, opts.out ?? 'site');
  for (const [name, text] of Object.entries(files)) writeOut(dir, name, text, path.join(opts.out ?? 'site', name));
  const shown = path.relative(io.cwd, dir) || '.';
  const events = model.entries.filter((e) => e.event).length;
  if (opts.json) {
    io.out(JSON.stringify({ dir: shown, files: Object.keys(files).map((name) => path.join(shown, name)), entries: model.entries.length, events, skipped: model.skipped.map((s) => ({ post: s.postId, file: s.file, errors: s.errors })) }, null, 2) + '\n');
    return ExitCode.ok;
  }
  io.out(
    fr
      ? `Flux du site écrits dans ${shown}/ : feed.xml (Atom) et feed.json (${model.entries.length} entrée(s)), agenda.ics (${events} événement(s)).\n`
      : `Website feeds written to ${shown}/: feed.xml (Atom) and feed.json (${model.entries.length} entr${model.entries.length === 1 ? 'y' : 'ies'}), agenda.ics (${events} event(s)).\n`,
  );
  for (const s of model.skipped) io.err(fr ? `– ${printable(s.file)} : laissé de côté (${s.errors} erreur(s), voir lm-post check).\n` : `– ${printable(s.file)}: left out (${s.errors} error(s), see lm-post check).\n`);
  return ExitCode.ok;
}
