// What every command needs first: the charter, the queue folder, the language.
import path from 'node:path';
import { loadCharter } from '../charter/load.js';
import { type Charter, NETWORK_IDS, type NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { type Lang, resolveLang } from '../i18n/index.js';
import type { GlobalOptions, Io } from './io.js';

export interface CommandContext {
  io: Io;
  charter: Charter;
  queueDir: string;
  lang: Lang;
}

export const DEFAULT_CHARTER = 'charter/charter.yaml';

/**
 * lm-post's state (journal, lock, sandbox) lives beside the queue folder, not in the working
 * directory: two runs on the same queue started from different folders share one lock.
 */
export function stateDirFor(queueDir: string, sandbox = false): string {
  return path.join(path.dirname(queueDir), '.lm-post', ...(sandbox ? ['sandbox'] : []));
}
export const DEFAULT_QUEUE = 'queue';

export function loadContext(io: Io, opts: GlobalOptions): CommandContext {
  const queueDir = path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE);
  const charter = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd, { cacheDir: stateDirFor(queueDir) });
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
