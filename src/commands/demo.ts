// lm-post demo (npm start): the whole flow on a copy of the charter and queue, published to
// the embedded sandbox. The user's own files are never touched: approvals are written into
// the copy under .lm-post/demo/, receipts stay in its sandbox state.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CHARTER, DEFAULT_QUEUE } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { loadCharter } from '../charter/load.js';
import { ExitCode } from '../errors.js';
import { resolveLang } from '../i18n/index.js';
import { review } from './approve.js';
import { publish } from './publish.js';

export async function demo(io: Io, opts: GlobalOptions): Promise<number> {
  const source = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd);
  const fr = resolveLang({ flag: opts.lang, charter: source.language, env: io.env }) === 'fr';
  const dir = path.join(io.cwd, '.lm-post', 'demo');
  const fresh = !existsSync(dir);
  if (fresh) {
    cpSync(path.dirname(path.resolve(io.cwd, opts.charter ?? DEFAULT_CHARTER)), path.join(dir, 'charter'), { recursive: true });
    cpSync(path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE), path.join(dir, 'queue'), { recursive: true });
  }
  io.out(
    fr
      ? `Démonstration sur une copie de la charte et de la file dans ${path.relative(io.cwd, dir)}/ : vos fichiers ne sont pas modifiés.\n` +
          `Publication dans le bac à sable intégré (aucun compte), dates ignorées.\n\n`
      : `Demonstration on a copy of the charter and queue in ${path.relative(io.cwd, dir)}/: your files are not changed.\n` +
          `Publishing to the embedded sandbox (no account), dates ignored.\n\n`,
  );
  const sub: Io = { ...io, cwd: dir };
  const inner: GlobalOptions = { ...(opts.lang ? { lang: opts.lang } : {}) };
  // Each validator approves what the others wrote (nobody approves their own post).
  for (const v of source.people.filter((p) => p.validator)) {
    const code = await review(sub, { ...inner, posts: [], all: true, as: v.id, state: 'approved' });
    if (code === ExitCode.usage) return code;
  }
  io.out('\n');
  return publish(sub, { ...inner, posts: [], sandbox: true, ignoreSchedule: true });
}
