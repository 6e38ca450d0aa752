// reschedule, withdraw, archive (SPEC §17): thin commands over src/workflow/care.ts and archive.ts.
import path from 'node:path';
import { loadContext, stateDirFor } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { isCalendarDate } from '../letter/dates.js';
import { resolvePostPaths } from '../post/read.js';
import { resolveIdentity } from '../publish/identity.js';
import { acquirePublishLock } from '../publish/lock.js';
import { currentTime } from '../util/clock.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { archiveQueue } from '../workflow/archive.js';
import { reschedule as rescheduleWork, withdraw as withdrawWork } from '../workflow/care.js';

function onePost(posts: string[], queueDir: string, cwd: string): string {
  const files = resolvePostPaths(posts, queueDir, cwd);
  if (posts.length !== 1 || files.length !== 1) {
    throw new LmPostError('one-post', { fr: 'Indiquez un seul billet.', en: 'Name one post.' }, {}, ExitCode.usage);
  }
  return files[0]!;
}

export async function reschedule(io: Io, opts: GlobalOptions & { post: string; when: string; eventStarts?: string; as?: string; json?: boolean }): Promise<number> {
  const ctx = loadContext(io, opts);
  const who = resolveIdentity(ctx.charter, opts.as, io.env, io.cwd);
  const file = onePost([opts.post], ctx.queueDir, io.cwd);
  const r = await rescheduleWork({ file, cwd: io.cwd, charter: ctx.charter, who, when: opts.when, ...(opts.eventStarts ? { eventStarts: opts.eventStarts } : {}), now: currentTime(), lang: ctx.lang, env: io.env });
  if (opts.json) io.out(JSON.stringify({ file: r.file, publish_at: r.publishAt, ...(r.eventStarts ? { event_starts: r.eventStarts } : {}), approval: r.state, message: r.lines.join('\n') }, null, 2) + '\n');
  else io.out(`${r.file}\n` + r.lines.map((l) => `  ${l}\n`).join(''));
  return ExitCode.ok;
}

export async function withdraw(io: Io, opts: GlobalOptions & { post: string; note?: string; as?: string; json?: boolean }): Promise<number> {
  const ctx = loadContext(io, opts);
  if (!opts.note?.trim()) {
    throw new LmPostError('note-required', { fr: 'Dites pourquoi avec --note "…" : l’équipe le lira dans le fichier.', en: 'Say why with --note "…": the team will read it in the file.' }, {}, ExitCode.usage);
  }
  const who = resolveIdentity(ctx.charter, opts.as, io.env, io.cwd);
  const file = onePost([opts.post], ctx.queueDir, io.cwd);
  const r = withdrawWork({ file, cwd: io.cwd, charter: ctx.charter, who, note: opts.note.trim(), now: currentTime(), lang: ctx.lang });
  if (opts.json) io.out(JSON.stringify({ file: r.file, state: 'withdrawn', by: who.id, note: opts.note.trim() }, null, 2) + '\n');
  else io.out(r.lines.map((l) => l + '\n').join(''));
  return ExitCode.ok;
}

export async function archive(io: Io, opts: GlobalOptions & { before?: string; dryRun?: boolean; json?: boolean }): Promise<number> {
  const ctx = loadContext(io, opts);
  const fr = ctx.lang === 'fr';
  // Without --before, everything fully published (receipts carry the real clock's time).
  let before = new Date(8.64e15);
  if (opts.before) {
    const d = isCalendarDate(opts.before) ? parseDateTime(`${opts.before}T00:00:00`, ctx.charter.timezone) : undefined;
    if (!d) throw new LmPostError('bad-date', { fr: '--before « {{v}} » : date AAAA-MM-JJ attendue (ex. 2026-12-01).', en: '--before "{{v}}": a YYYY-MM-DD date expected (e.g. 2026-12-01).' }, { v: opts.before }, ExitCode.usage);
    before = d;
    // Every date understood is said back in words (SPEC §17).
    if (!opts.json) io.out(fr ? `Avant le ${formatDateTime(d, ctx.charter.timezone, 'fr')} :\n` : `Before ${formatDateTime(d, ctx.charter.timezone, 'en')}:\n`);
  }
  // Never while a publish writes receipts into the same files: the publish lock, or exit 75.
  const release = opts.dryRun ? async () => {} : await acquirePublishLock(stateDirFor(ctx.queueDir));
  let moved;
  try {
    moved = archiveQueue({ queueDir: ctx.queueDir, cwd: io.cwd, charter: ctx.charter, before, ...(opts.dryRun ? { dryRun: true } : {}) });
  } finally {
    await release();
  }
  if (opts.json) {
    io.out(JSON.stringify({ moved, dry_run: !!opts.dryRun }, null, 2) + '\n');
    return ExitCode.ok;
  }
  if (!moved.length) {
    io.out(fr ? 'Rien à archiver : aucun billet entièrement publié ni lettre envoyée avant cette date.\n' : 'Nothing to archive: no fully published post nor sent letter before that date.\n');
    return ExitCode.ok;
  }
  for (const m of moved) io.out(`${m.from} → ${m.to}\n`);
  const dir = path.relative(io.cwd, path.join(ctx.queueDir, 'archive'));
  io.out(
    fr
      ? `${moved.length} fichier(s) ${opts.dryRun ? 'seraient archivés' : 'archivés'} dans ${dir}/ (avec leurs reçus). check, list et publish les ignorent ; feed, calendar et la détection des doublons les lisent encore.\n`
      : `${moved.length} file(s) ${opts.dryRun ? 'would be archived' : 'archived'} in ${dir}/ (with their receipts). check, list and publish ignore them; feed, calendar and duplicate detection still read them.\n`,
  );
  return ExitCode.ok;
}
