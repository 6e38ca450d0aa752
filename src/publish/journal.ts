// The publication journal: one append-only JSON-lines file per post. An intent is written and
// fsynced *before* each create call and the outcome after it (synced at the latest with the next
// intent, or before the receipt), so whatever kills the process, the next run knows which calls
// may have reached a network and reconciles them before re-sending.
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { type FileHandle, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NetworkId } from '../charter/types.js';
import { serialized, settled } from '../util/serial.js';

export type JournalEntry =
  /** `text`: what was sent, so a later run looks for this text even if the post was edited since. */
  | { t: 'intent'; network: NetworkId; item: number; key: string; at: string; attempt: number; text?: string }
  /** `key`: the content key of what was created (absent in journals written before it existed). */
  /** `extra`: what else the network returned that the receipt keeps (see Created.extra). */
  | { t: 'created'; network: NetworkId; item: number; id: string; url: string; at: string; key?: string; how?: 'response' | 'reconciled' | 'resolved'; extra?: Record<string, string> }
  | { t: 'not-created'; network: NetworkId; item: number; at: string; how: 'reconciled' | 'resolved' | 'refused' }
  /** `answers`: the failure is the definite outcome of the last intent (false: it came before any). */
  | { t: 'failed'; network: NetworkId; item: number; at: string; kind: string; message: string; answers?: boolean }
  | { t: 'needs-human'; network: NetworkId; item: number; at: string; reason: string }
  | { t: 'receipt'; network: NetworkId; at: string };

export interface ItemState {
  /** Created on the network (id known), with the content key it was created for. */
  created?: { id: string; url: string; key?: string; extra?: Record<string, string> };
  /**
   * The network's receipt was written after this item was created: the item belongs to a
   * finished publication. A post file reusing the id with other content is a new post.
   */
  closed?: boolean;
  /**
   * Attempts whose outcome was never written: the calls may or may not have created a post.
   * `at` is the first such attempt, `lastAt` the latest.
   */
  pending?: { key: string; at: string; lastAt: string; attempts: number; text?: string };
  needsHuman?: string;
}

/**
 * One entry as one line. A run killed mid-write leaves a torn last line: `torn` starts this entry
 * on a fresh line so it is not glued to it (and lost with it).
 */
function lineOf(entry: JournalEntry, torn: boolean): string {
  return (torn ? '\n' : '') + JSON.stringify(entry) + '\n';
}

/** Closes asked for by `closeLater`, not yet done. */
const closing = new Set<Promise<void>>();

/** Resolves once every journal closed with `closeLater` is synced and closed. */
export async function journalsClosed(): Promise<void> {
  while (closing.size) await Promise.all([...closing]);
}

export class Journal {
  readonly file: string;

  constructor(dir: string, postId: string) {
    this.file = path.join(dir, `${postId}.jsonl`);
  }

  entries(): JournalEntry[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A torn last line (killed mid-write) carries no outcome: the intent before it stays pending.
      }
    }
    return out;
  }

  /** Synchronous append (one-shot commands: resolve, letter). Publishing lanes use `write`. */
  append(entry: JournalEntry): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = openSync(this.file, 'a+', 0o600);
    try {
      const size = fstatSync(fd).size;
      const last = Buffer.alloc(1);
      writeSync(fd, lineOf(entry, size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The file, kept open by `write` between appends (closed by `close`), and its size after our last append. */
  private handle?: { fh: FileHandle; ino: number; dev: number; size: number; dirty: boolean };

  /**
   * The same append, through libuv's thread pool: resolves once the entry is on disk (fdatasync:
   * the data and the size that reads it back), so an awaited intent is durable before its create
   * request leaves. While one lane waits for its disk, the other lanes' requests go on. Appends to
   * one file run one at a time, in the order asked (torn-line check, write and sync as one step).
   * The file stays open until `close`: an append is then a stat, a write and a sync. It is reopened
   * if the path no longer names it (deleted, replaced), and its last byte is read again (torn-line
   * check) whenever it is not as this journal left it (another lane or process wrote since).
   * With `sync` false the entry is written but synced only by the next synced append, `sync()` or
   * `close()`: for an entry nothing outside waits for (the next append's sync covers it, as
   * fdatasync flushes the whole file).
   */
  write(entry: JournalEntry, sync = true): Promise<void> {
    return serialized(this.file, async () => {
      let st = await stat(this.file).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      if (!this.handle || !st || st.ino !== this.handle.ino || st.dev !== this.handle.dev) {
        await this.drop();
        await mkdir(path.dirname(this.file), { recursive: true });
        const fh = await open(this.file, 'a+', 0o600);
        st = await fh.stat();
        this.handle = { fh, ino: st.ino, dev: st.dev, size: -1, dirty: false };
      }
      const h = this.handle;
      try {
        const size = st.size;
        const last = Buffer.alloc(1);
        const torn = size > 0 && size !== h.size && (await h.fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
        const line = Buffer.from(lineOf(entry, torn));
        h.size = -1; // unknown until the write and its sync are done
        for (let at = 0; at < line.length; ) at += (await h.fh.write(line, at)).bytesWritten;
        if (sync) await h.fh.datasync();
        h.dirty = !sync;
        h.size = size + line.length;
      } catch (e) {
        // A failed append leaves the handle in doubt: the next one reopens the file.
        await this.drop();
        throw e;
      }
    });
  }

  private async drop(): Promise<void> {
    const h = this.handle;
    delete this.handle;
    await h?.fh.close().catch(() => undefined);
  }

  /** Makes every entry written so far durable (a no-op when the last append was synced). */
  sync(): Promise<void> {
    return serialized(this.file, async () => {
      if (this.handle?.dirty) {
        await this.handle.fh.datasync();
        this.handle.dirty = false;
      }
    });
  }

  /** Syncs what is not yet, then closes the file `write` keeps open (after every append asked for so far). */
  close(): Promise<void> {
    return serialized(this.file, async () => {
      try {
        if (this.handle?.dirty) await this.handle.fh.datasync();
      } finally {
        await this.drop();
      }
    });
  }

  /**
   * `close()` without waiting for it: the run awaits every such close with `journalsClosed()`
   * before it reports and exits.
   */
  closeLater(): void {
    const p = this.close().catch(() => undefined);
    closing.add(p);
    void p.then(() => closing.delete(p));
  }

  /** Resolves once every `write` asked for so far has ended (read the state after it). */
  settled(): Promise<void> {
    return settled(this.file);
  }

  /** State of every item of one network, replaying the journal in order. */
  state(network: NetworkId): Map<number, ItemState> {
    const items = new Map<number, ItemState>();
    // Unresolved attempts per item: a definite failure settles only the attempt it answers;
    // earlier attempts with unknown outcomes stay pending until checked (not-created) or found.
    const open = new Map<number, { key: string; at: string; text?: string }[]>();
    for (const e of this.entries()) {
      if (e.network !== network) continue;
      if (e.t === 'receipt') {
        for (const s of items.values()) if (s.created) s.closed = true;
        continue;
      }
      const s = items.get(e.item) ?? {};
      const attempts = open.get(e.item) ?? [];
      open.set(e.item, attempts);
      switch (e.t) {
        case 'intent':
          // A new publication of a reused id starts over after a closed one.
          if (s.closed) {
            delete s.created;
            delete s.closed;
          }
          if (!s.created) attempts.push({ key: e.key, at: e.at, ...(e.text !== undefined ? { text: e.text } : {}) });
          break;
        case 'created':
          s.created = { id: e.id, url: e.url, ...(e.key ? { key: e.key } : {}), ...(e.extra ? { extra: e.extra } : {}) };
          delete s.closed;
          attempts.length = 0;
          delete s.needsHuman;
          break;
        case 'failed':
          if (e.answers !== false) attempts.pop();
          break;
        case 'not-created':
          attempts.length = 0;
          delete s.needsHuman;
          break;
        case 'needs-human':
          s.needsHuman = e.reason;
          break;
      }
      if (attempts.length) {
        const last = attempts[attempts.length - 1]!;
        s.pending = { key: last.key, at: attempts[0]!.at, lastAt: last.at, attempts: attempts.length, ...(last.text !== undefined ? { text: last.text } : {}) };
      } else delete s.pending;
      items.set(e.item, s);
    }
    return items;
  }
}
