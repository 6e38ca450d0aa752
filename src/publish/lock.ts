// One publish at a time per queue: a second run exits 75 (EX_TEMPFAIL) instead of racing the
// first one into double posts. proper-lockfile's mkdir lock is atomic and detects stale locks
// (no refresh for 15 s), which is the only proof available for a holder on another host. Beside
// it, `publish.lock.owner` records the holder's pid, host and start: a holder on this host whose
// pid no longer exists is provably dead (SIGKILL, power cut), and its lock is taken over at once.
import { lstatSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ExitCode, LmPostError } from '../errors.js';

/** What the owner file says; `lock` identifies the lock directory it was written for. */
interface Owner {
  pid: number;
  host: string;
  start: string;
  lock: { ino: number; birth: number };
}

export interface LockOptions {
  /** Called once if another process took the lock over (this run stalled past the stale limit). */
  onCompromised?: (err: Error) => void;
  /** Milliseconds without refresh after which a lock is stale (tests shorten it). */
  staleMs?: number;
}

const STALE_MS = 15_000;

function lockId(dir: string): Owner['lock'] | undefined {
  try {
    const st = statSync(dir, { bigint: false });
    return { ino: st.ino, birth: Math.round(st.birthtimeMs) };
  } catch {
    return undefined;
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    if (typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string' && o.lock && typeof o.lock.ino === 'number') return o as Owner;
  } catch {
    /* absent or torn: no proof of anything */
  }
  return undefined;
}

/** True only when `pid` provably does not exist on this host (EPERM: it exists, owned by someone else). */
function deadPid(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the lock of a dead holder on this host, once, under a short guard directory so that two
 * runs arriving together cannot both remove it (the second would remove the first one's new lock).
 */
function takeOverDead(lockDir: string, ownerFile: string): boolean {
  const owner = readOwner(ownerFile);
  if (!owner || owner.host !== os.hostname() || !deadPid(owner.pid)) return false;
  const guard = `${lockDir}.takeover`;
  try {
    mkdirSync(guard);
  } catch {
    // Another run is taking over right now — or died doing so (the guard lives microseconds).
    try {
      if (Date.now() - lstatSync(guard).mtimeMs > 10_000) rmdirSync(guard);
    } catch {
      /* gone meanwhile */
    }
    return false;
  }
  try {
    // Still the same lock directory, still held by that dead pid: nobody took it meanwhile.
    const now = lockId(lockDir);
    const again = readOwner(ownerFile);
    if (!now || !again || again.pid !== owner.pid || now.ino !== again.lock.ino || now.birth !== again.lock.birth) return false;
    rmSync(lockDir, { recursive: true, force: true });
    try {
      unlinkSync(ownerFile);
    } catch {
      /* already gone */
    }
    return true;
  } finally {
    rmdirSync(guard);
  }
}

function lockedError(target: string): LmPostError {
  return new LmPostError(
    'locked',
    {
      fr: 'Une autre publication est en cours (verrou {{lock}}) : rien n’a été publié par celle-ci. Réessayez quand elle sera finie (le verrou d’une publication interrompue sur une autre machine expire en 15 secondes).',
      en: 'Another publish is running (lock {{lock}}): this one published nothing. Try again when it is done (the lock of a publish interrupted on another machine expires within 15 seconds).',
    },
    { lock: path.relative(process.cwd(), target) + '.lock' },
    ExitCode.locked,
  );
}

export async function acquirePublishLock(stateDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  mkdirSync(stateDir, { recursive: true });
  const target = path.join(stateDir, 'publish');
  const lockDir = `${target}.lock`;
  const ownerFile = `${lockDir}.owner`;
  writeFileSync(target, '', { flag: 'a' });
  let compromised = false;
  const lockOptions = {
    stale: options.staleMs ?? STALE_MS,
    update: Math.max(1000, Math.floor((options.staleMs ?? STALE_MS) / 3)),
    retries: 0,
    realpath: false,
    // The default throws from a timer: an uncaught ECOMPROMISED stack trace. The run is told instead.
    onCompromised: (err: Error) => {
      compromised = true;
      options.onCompromised?.(err);
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, lockOptions);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    if (!takeOverDead(lockDir, ownerFile)) throw lockedError(target);
    try {
      release = await lockfile.lock(target, lockOptions);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'ELOCKED') throw lockedError(target);
      throw e2;
    }
  }
  const id = lockId(lockDir);
  if (id) {
    const owner: Owner = { pid: process.pid, host: os.hostname(), start: new Date().toISOString(), lock: id };
    writeFileSync(ownerFile, JSON.stringify(owner) + '\n');
  }
  return async () => {
    if (compromised) return; // the lock is someone else's now: neither release it nor its owner file
    try {
      const o = readOwner(ownerFile);
      if (o?.pid === process.pid) unlinkSync(ownerFile);
    } catch {
      /* best effort */
    }
    await release().catch(() => undefined);
  };
}
