/**
 * Per-network JSON state with atomic persistence, plus the small helpers (ids, rate-limit windows)
 * every emulator needs.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class JsonStore<T> {
  readonly data: T;
  private readonly file: string | null;

  constructor(stateDir: string | undefined, name: string, initial: () => T) {
    this.file = stateDir ? join(stateDir, `${name}.json`) : null;
    this.data = initial();
    if (this.file) {
      mkdirSync(stateDir!, { recursive: true });
      let text: string | null = null;
      try {
        text = readFileSync(this.file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      if (text !== null) {
        try {
          Object.assign(this.data as object, JSON.parse(text) as Partial<T>);
        } catch (err) {
          // Refuse rather than silently start empty: the user would think their sandbox posts vanished.
          throw new Error(`sandbox state file ${this.file} is not valid JSON (${(err as Error).message}); delete it to start afresh`);
        }
      }
    }
  }

  /**
   * Write the whole state to a temp file, then rename it over the old one, so a crash leaves either
   * the previous or the new state, never a torn file. Synchronous on purpose: the change must be in
   * the file before the reply (or a `drop-after` fault) goes out, so a publisher killed (SIGKILL) at
   * that moment finds the server's commit on the next run. Not fsynced: what a killed process wrote
   * stays in the kernel's page cache, and surviving a power cut is not the emulator's job — while an
   * fsync here, in the publisher's own process (the embedded sandbox), stalled every publishing lane.
   */
  save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.data, null, 1));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}

/**
 * Time-ordered numeric ids. X uses Twitter snowflakes (ms since 2010-11-04 << 22), Mastodon its own
 * (ms since 1970 << 16); both sort by creation time, which the list endpoints rely on.
 */
export class IdGenerator {
  private last = 0n;
  constructor(
    private readonly epochMs: bigint,
    private readonly shift: bigint,
    floor: string | undefined,
  ) {
    if (floor) this.last = BigInt(floor);
  }
  next(): string {
    let id = (BigInt(Date.now()) - this.epochMs) << this.shift;
    if (id <= this.last) id = this.last + 1n;
    this.last = id;
    return id.toString();
  }
}

/** Fixed-window counter, like the per-endpoint windows the real APIs advertise in their headers. */
export class Window {
  private count = 0;
  private resetAt = 0;
  constructor(
    readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private roll(now: number): void {
    if (now >= this.resetAt) {
      this.count = 0;
      this.resetAt = now + this.windowMs;
    }
  }

  /** Counts one call; false when the window is exhausted. */
  hit(now = Date.now()): boolean {
    this.roll(now);
    if (this.count >= this.limit) return false;
    this.count += 1;
    return true;
  }

  remaining(now = Date.now()): number {
    this.roll(now);
    return Math.max(0, this.limit - this.count);
  }

  resetMs(now = Date.now()): number {
    this.roll(now);
    return this.resetAt;
  }
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
