// The archive (SPEC §17): fully published posts and sent letters move, with their receipts (they
// are in the files), to `<queue>/archive/<YYYY>/`. check, list and publish read only the queue
// folder itself, so they ignore the archive; feed, calendar and duplicate detection read it too.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import { readRecord, recordPath } from '../letter/record.js';
import { isPostFileName, listQueue, readPost } from '../post/read.js';
import { postTargets } from '../render/index.js';
import { parseDateTime, wallClock } from '../util/time.js';

export const ARCHIVE_DIR = 'archive';

export function archiveDir(queueDir: string): string {
  return path.join(queueDir, ARCHIVE_DIR);
}

/** Archived post files, oldest year first (for feed, calendar and duplicate detection). */
export function archivedFiles(queueDir: string): string[] {
  const root = archiveDir(queueDir);
  let years: string[];
  try {
    years = readdirSync(root).filter((y) => /^\d{4}$/.test(y)).sort();
  } catch {
    return [];
  }
  return years.flatMap((y) => {
    try {
      return listQueue(path.join(root, y));
    } catch {
      return [];
    }
  });
}

/** The queue's posts and the archive's: what feed, calendar and duplicate detection read. */
export function queueWithArchive(queueDir: string): string[] {
  return [...listQueue(queueDir), ...archivedFiles(queueDir)];
}

export interface Moved {
  from: string;
  to: string;
  kind: 'post' | 'letter';
}

function freeName(dir: string, base: string): string {
  let name = base;
  for (let i = 2; existsSync(path.join(dir, name)); i++) name = base.replace(/(\.ya?ml)$/i, `-${i}$1`);
  return path.join(dir, name);
}

/**
 * Move what is finished: posts published on every network they target (their last receipt
 * before `before`), and letters sent before `before`. Each move is one rename (atomic).
 */
export function archiveQueue(o: { queueDir: string; cwd: string; charter: Charter; before: Date; dryRun?: boolean }): Moved[] {
  const tz = o.charter.timezone;
  const moved: Moved[] = [];
  const move = (file: string, year: string, sub: string[], kind: Moved['kind']) => {
    const dir = path.join(archiveDir(o.queueDir), year, ...sub);
    const to = freeName(dir, path.basename(file));
    if (!o.dryRun) {
      mkdirSync(dir, { recursive: true });
      renameSync(file, to);
    }
    moved.push({ from: path.relative(o.cwd, file), to: path.relative(o.cwd, to), kind });
  };
  for (const f of listQueue(o.queueDir)) {
    const post = readPost(f, o.cwd);
    const data = post.data;
    if (!data || post.schemaReports.length) continue;
    const targets = postTargets(data, o.charter);
    const receipts = data.published ?? {};
    if (!targets.length || !targets.every((n) => receipts[n])) continue;
    const last = Math.max(...targets.map((n) => parseDateTime(receipts[n]!.at, tz)?.getTime() ?? new Date(receipts[n]!.at).getTime()));
    if (!Number.isFinite(last) || last >= o.before.getTime()) continue;
    move(f, wallClock(new Date(last), tz).date.slice(0, 4), [], 'post');
  }
  const lettersDir = path.dirname(recordPath(o.queueDir, 'x'));
  let letters: string[] = [];
  try {
    letters = readdirSync(lettersDir).filter(isPostFileName).sort();
  } catch {
    /* no letter yet */
  }
  for (const name of letters) {
    const file = path.join(lettersDir, name);
    const rec = readRecord(file, path.relative(o.cwd, file));
    const at = rec?.sent ? new Date(rec.sent.at) : undefined;
    if (!at || Number.isNaN(at.getTime()) || at >= o.before) continue;
    move(file, wallClock(at, tz).date.slice(0, 4), ['letters'], 'letter');
  }
  return moved;
}
