// The notify journal (SPEC §17): one JSON line per event under the state folder. An intent is on
// disk before a message goes to the relay; a notice is never sent twice: sent, or sent with an
// unknown outcome (a relay that stopped answering after the data), counts as sent.
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type NotifyEntry =
  | { t: 'intent'; to: string; keys: string[]; message_id: string; at: string }
  | { t: 'sent'; to: string; keys: string[]; message_id: string; at: string }
  | { t: 'failed'; to: string; keys: string[]; message_id: string; at: string; error: string };

export class NotifyJournal {
  constructor(readonly file: string) {}

  static in(stateDir: string): NotifyJournal {
    return new NotifyJournal(path.join(stateDir, 'notify', 'journal.jsonl'));
  }

  entries(): NotifyEntry[] {
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: NotifyEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as NotifyEntry);
      } catch {
        /* a torn last line (killed mid-write) is ignored */
      }
    }
    return out;
  }

  /** `person\0key` of every notice sent, or whose sending has an unknown outcome. */
  done(): Set<string> {
    const closed = new Map<string, NotifyEntry['t']>();
    const intents = new Map<string, NotifyEntry>();
    for (const e of this.entries()) {
      if (e.t === 'intent') intents.set(e.message_id, e);
      else closed.set(e.message_id, e.t);
    }
    const out = new Set<string>();
    for (const [id, e] of intents) {
      if (closed.get(id) === 'failed') continue;
      for (const k of e.keys) out.add(`${e.to}\0${k}`);
    }
    return out;
  }

  append(e: NotifyEntry): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(e) + '\n');
    const fd = openSync(this.file, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
