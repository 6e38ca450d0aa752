// Writes a generated document to --out (atomically: a temporary file renamed into place, so a
// reader never sees half a file) or to standard output.
import type { Io } from '../cli/io.js';
import { writeOut } from '../util/out-file.js';
import type { Lang } from '../i18n/index.js';

export function writeOutput(io: Io, text: string, out: string | undefined, lang: Lang, json?: Record<string, unknown>): void {
  if (!out) {
    if (json) io.out(JSON.stringify({ ...json, bytes: Buffer.byteLength(text), content: text }) + '\n');
    else io.out(text);
    return;
  }
  const abs = writeOut(io.cwd, out, text);
  if (json) io.out(JSON.stringify({ ...json, file: abs, bytes: Buffer.byteLength(text) }) + '\n');
  else io.err(lang === 'fr' ? `Écrit : ${out}\n` : `Written: ${out}\n`);
}
