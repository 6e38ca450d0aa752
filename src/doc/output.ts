// Writes a generated document to --out (atomically: a temporary file renamed into place, so a
// reader never sees half a file) or to standard output.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';

export function writeOutput(io: Io, text: string, out: string | undefined, lang: Lang, json?: Record<string, unknown>): void {
  if (!out) {
    if (json) io.out(JSON.stringify({ ...json, bytes: Buffer.byteLength(text), content: text }) + '\n');
    else io.out(text);
    return;
  }
  const abs = path.resolve(io.cwd, out);
  const tmp = `${abs}.tmp-${process.pid}`;
  try {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LmPostError(
      'out-write',
      { fr: 'Impossible d’écrire « {{file}} » ({{code}}).', en: 'Cannot write "{{file}}" ({{code}}).' },
      { file: out, code: (e as NodeJS.ErrnoException).code ?? 'EIO' },
      ExitCode.usage,
    );
  }
  if (json) io.out(JSON.stringify({ ...json, file: abs, bytes: Buffer.byteLength(text) }) + '\n');
  else io.err(lang === 'fr' ? `Écrit : ${out}\n` : `Written: ${out}\n`);
}
