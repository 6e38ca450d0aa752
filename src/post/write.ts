// Writing lm-post's own blocks (review, published) back into a post file, keeping the
// author's comments and layout: the YAML Document API edits the parsed file in place. The write
// is atomic (temp file + fsync + rename) and verified, so a post is never left half-written.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type Document, parseDocument } from 'yaml';
import { ExitCode, LmPostError } from '../errors.js';

export function atomicWrite(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  // Make the rename itself durable.
  try {
    const dfd = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* directories cannot be fsynced on every platform */
  }
}

const OWN_FIELDS = new Set(['review', 'published']);

function contentOf(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !OWN_FIELDS.has(k)));
}

/**
 * Apply `edit` to the post's YAML document and write it back. `expected` is the file content
 * the caller decided on: if the file changed meanwhile (someone edited it), nothing is written.
 */
export function updatePostFile(file: string, expected: string | undefined, edit: (doc: Document.Parsed) => void): void {
  const source = readFileSync(file, 'utf8');
  if (expected !== undefined && source !== expected) {
    throw new LmPostError(
      'post-changed',
      {
        fr: 'Le billet {{file}} a été modifié pendant l’opération : rien n’a été écrit ; relancez la commande.',
        en: 'Post {{file}} changed during the operation: nothing was written; run the command again.',
      },
      { file: path.relative(process.cwd(), file) },
      ExitCode.problems,
    );
  }
  const doc = parseDocument(source, { uniqueKeys: true });
  edit(doc);
  const text = doc.toString({ lineWidth: 0 });
  // Never change what the author wrote: only review/published may differ.
  const before = parseDocument(source).toJS();
  const after = parseDocument(text).toJS();
  if (!isDeepStrictEqual(contentOf(before), contentOf(after))) {
    throw new LmPostError(
      'post-rewrite',
      {
        fr: 'Impossible de réécrire {{file}} sans changer son contenu : rien n’a été écrit.',
        en: 'Cannot rewrite {{file}} without changing its content: nothing was written.',
      },
      { file: path.relative(process.cwd(), file) },
      ExitCode.problems,
    );
  }
  atomicWrite(file, text);
}
