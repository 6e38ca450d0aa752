// What every command needs first: the charter, the queue folder, the language.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CharterCache, loadCharter } from '../charter/load.js';
import { type Charter, NETWORK_IDS, type NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { type Lang, resolveLang } from '../i18n/index.js';
import { stateDirFor } from '../publish/paths.js';
import type { GlobalOptions, Io } from './io.js';

export interface CommandContext {
  io: Io;
  charter: Charter;
  queueDir: string;
  lang: Lang;
}

export const DEFAULT_CHARTER = 'charter/charter.yaml';

// Where the state folder lives is the publishing run's knowledge (src/publish/paths.ts).
export { stateDirFor };
export const DEFAULT_QUEUE = 'queue';

/**
 * Where the validated charter is cached: the project's state folder when it exists (check
 * creates no file in the project), else the user's cache folder ($XDG_CACHE_HOME/lm-post or
 * ~/.cache/lm-post). None without a home folder.
 */
export function charterCacheFor(queueDir: string, env: NodeJS.ProcessEnv): CharterCache | undefined {
  // The user's folder holds the key that authenticates entries (see CharterCache): none, no cache.
  const user = userCacheDir(env);
  if (!user) return undefined;
  const state = stateDirFor(queueDir);
  try {
    if (statSync(state).isDirectory()) return { dir: state, keyDir: user };
  } catch {
    /* no state folder yet */
  }
  return { dir: user, shared: true, keyDir: user };
}

function userCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  let base = xdg && path.isAbsolute(xdg) ? xdg : undefined;
  if (!base) {
    let home = env.HOME;
    try {
      home ||= os.homedir();
    } catch {
      /* no home folder */
    }
    base = home && path.isAbsolute(home) ? path.join(home, '.cache') : undefined;
  }
  return base ? path.join(base, 'lm-post') : undefined;
}

export function loadContext(io: Io, opts: GlobalOptions): CommandContext {
  const queueDir = path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE);
  const charter = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd, { cache: charterCacheFor(queueDir, io.env) });
  const lang = resolveLang({ flag: opts.lang, charter: charter.language, env: io.env });
  return { io, charter, queueDir, lang };
}

/** A network id given on the command line, checked against the networks lm-post knows. */
export function networkArg(id: string): NetworkId {
  if (!(NETWORK_IDS as readonly string[]).includes(id)) {
    throw new LmPostError(
      'bad-network',
      { fr: 'Réseau inconnu « {{id}} » (possibles : {{all}}).', en: 'Unknown network "{{id}}" (possible: {{all}}).' },
      { id, all: NETWORK_IDS.join(', ') },
      ExitCode.usage,
    );
  }
  return id as NetworkId;
}
