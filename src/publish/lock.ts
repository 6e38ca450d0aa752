// One publish at a time per queue: a second run exits 75 (EX_TEMPFAIL) instead of racing the
// first one into double posts. proper-lockfile's mkdir lock is atomic and detects stale locks
// left by a killed process.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ExitCode, LmPostError } from '../errors.js';

export async function acquirePublishLock(stateDir: string): Promise<() => Promise<void>> {
  mkdirSync(stateDir, { recursive: true });
  const target = path.join(stateDir, 'publish');
  writeFileSync(target, '', { flag: 'a' });
  try {
    return await lockfile.lock(target, { stale: 15_000, update: 5_000, retries: 0, realpath: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new LmPostError(
        'locked',
        {
          fr: 'Une autre publication est en cours (verrou {{lock}}) : rien n’a été publié par celle-ci. Réessayez quand elle sera finie (le verrou d’une publication interrompue expire en 15 secondes).',
          en: 'Another publish is running (lock {{lock}}): this one published nothing. Try again when it is done (the lock of an interrupted publish expires within 15 seconds).',
        },
        { lock: path.relative(process.cwd(), target) + '.lock' },
        ExitCode.locked,
      );
    }
    throw e;
  }
}
