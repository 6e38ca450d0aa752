// The publication journal: one append-only JSON-lines file per post. An intent is written and
// fsynced *before* each create call and the outcome after it, so whatever kills the process, the
// next run knows which calls may have reached a network and reconciles them before re-sending.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { NetworkId } from '../charter/types.js';

export type JournalEntry =
  | { t: 'intent'; network: NetworkId; item: number; key: string; at: string; attempt: number }
  | { t: 'created'; network: NetworkId; item: number; id: string; url: string; at: string; how?: 'response' | 'reconciled' | 'resolved' }
  | { t: 'not-created'; network: NetworkId; item: number; at: string; how: 'reconciled' | 'resolved' | 'refused' }
  | { t: 'failed'; network: NetworkId; item: number; at: string; kind: string; message: string }
  | { t: 'needs-human'; network: NetworkId; item: number; at: string; reason: string }
  | { t: 'receipt'; network: NetworkId; at: string };

export interface ItemState {
  /** Created on the network (id known). */
  created?: { id: string; url: string };
  /** An intent whose outcome was never written: the call may or may not have created a post. */
  pending?: { key: string; at: string };
  needsHuman?: string;
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

  append(entry: JournalEntry): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** State of every item of one network, replaying the journal in order. */
  state(network: NetworkId): Map<number, ItemState> {
    const items = new Map<number, ItemState>();
    for (const e of this.entries()) {
      if (e.t === 'receipt' || e.network !== network) continue;
      const s = items.get(e.item) ?? {};
      switch (e.t) {
        case 'intent':
          if (!s.created) s.pending = { key: e.key, at: e.at };
          break;
        case 'created':
          s.created = { id: e.id, url: e.url };
          delete s.pending;
          delete s.needsHuman;
          break;
        case 'not-created':
        case 'failed':
          delete s.pending;
          if (e.t === 'not-created') delete s.needsHuman;
          break;
        case 'needs-human':
          s.needsHuman = e.reason;
          break;
      }
      items.set(e.item, s);
    }
    return items;
  }
}
