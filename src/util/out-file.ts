// Writing a generated file to the path a user gave with --out (letter, calendar, charter, feed).
// A regular file (or a new one) is replaced atomically (temporary file renamed into place). What
// is not a regular file is never replaced: a character device (/dev/null, a terminal) is written
// through, a FIFO, socket, block device or folder is refused — `--out /dev/null` run as root must
// not swap the system's /dev/null for a regular file. A symbolic link is never followed to write
// elsewhere: the rename replaces the link itself, unless it leads to a character device.
import { closeSync, constants, mkdirSync, openSync, statSync, type Stats, writeSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, LmPostError } from '../errors.js';
import { atomicWrite } from '../post/write.js';
import { printable } from './printable.js';

function fail(code: string): never {
  throw Object.assign(new Error(code), { code });
}

/** Writes `text` to `abs` as described above; throws an error with a `code` (ENOTREG for a special file). */
export function writeOutFile(abs: string, text: string): void {
  let st: Stats | undefined;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw e;
  }
  if (st?.isCharacterDevice()) {
    const fd = openSync(abs, constants.O_WRONLY);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return;
  }
  if (st?.isDirectory()) fail('EISDIR');
  if (st && !st.isFile()) fail('ENOTREG');
  mkdirSync(path.dirname(abs), { recursive: true });
  atomicWrite(abs, text);
}

/** The one-line, exit-2 answer to an --out that cannot be written (as calendar and charter always gave). */
export function outWriteError(shown: string, e: unknown): LmPostError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOTREG') {
    return new LmPostError(
      'out-special',
      { fr: '« {{file}} » n’est pas un fichier ordinaire (tube, socket, périphérique) : rien n’y est écrit. Donnez un chemin de fichier, ou omettez --out pour la sortie standard.', en: '"{{file}}" is not a regular file (pipe, socket, device): nothing is written to it. Give a file path, or leave out --out for standard output.' },
      { file: printable(shown) },
      ExitCode.usage,
    );
  }
  return new LmPostError('out-write', { fr: 'Impossible d’écrire « {{file}} » ({{code}}).', en: 'Cannot write "{{file}}" ({{code}}).' }, { file: printable(shown), code }, ExitCode.usage);
}

/** writeOutFile under `cwd`, every failure turned into outWriteError. */
export function writeOut(cwd: string, out: string, text: string, shown = out): string {
  const abs = path.resolve(cwd, out);
  try {
    writeOutFile(abs, text);
  } catch (e) {
    throw outWriteError(shown, e);
  }
  return abs;
}
