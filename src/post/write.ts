// Writing lm-post's own blocks (review, published) back into a post file, keeping the
// author's comments and layout: the YAML Document API edits the parsed file in place. The write
// is atomic (temp file + fsync + rename) and verified, so a post is never left half-written.
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isNode, isScalar, parseDocument } from 'yaml';
import { ExitCode, LmPostError } from '../errors.js';
import { serialized } from '../util/serial.js';

/** `.NAME.PID.tmp`: the temporary of an atomic write of NAME by process PID. */
const TMP = /^\.(.+)\.(\d+)\.tmp$/;

/** True when `name` is the temporary file of an atomic write (never a post, never to commit). */
export function isWriteTemporary(name: string): boolean {
  return TMP.test(name);
}

/**
 * Removes temporaries left in `dir` by writes killed halfway (their process is gone): they would
 * otherwise sit in queue/ and be committed by the CI recipe.
 */
export function removeStaleTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TMP.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      continue; // its writer is alive: its rename is coming
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') continue;
    }
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      /* gone meanwhile */
    }
  }
}

/** The temporary of an atomic write of `file`, and the mode to give it (the file's own, if it exists). */
function temporaryFor(file: string): { tmp: string; mode: number | undefined } {
  const dir = path.dirname(file);
  removeStaleTemporaries(dir);
  // The file keeps its permissions (a 0600 post stays 0600); a new file gets 0644 less the umask.
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    /* new file */
  }
  return { tmp: path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`), mode };
}

export function atomicWrite(file: string, text: string): void {
  const { tmp, mode } = temporaryFor(file);
  const fd = openSync(tmp, 'w', mode ?? 0o644);
  try {
    if (mode !== undefined) fchmodSync(fd, mode);
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

/**
 * The same atomic write through libuv's thread pool: resolves once the file and its rename are on
 * disk, while the event loop (the other publishing lanes) goes on. The caller serialises writes
 * to one file (see `serialized`), so two never share the temporary.
 */
export async function atomicWriteAsync(file: string, text: string): Promise<void> {
  const { tmp, mode } = temporaryFor(file);
  const fh = await open(tmp, 'w', mode ?? 0o644);
  try {
    if (mode !== undefined) await fh.chmod(mode);
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  try {
    const dir = await open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* directories cannot be fsynced on every platform */
  }
}

const OWN_FIELDS = new Set(['review', 'published', 'withdrawn']);

function contentOf(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !OWN_FIELDS.has(k)));
}

export type OwnField = 'review' | 'published' | 'withdrawn';

/**
 * Text of the file with the top-level block `key` set to `value`. Only that block's text changes:
 * it replaces the old block in place, or is appended at the end; the author's bytes, comments
 * and layout stay exactly as they were.
 */
export function withBlock(source: string, key: OwnField, value: unknown): string {
  const doc = parseDocument(source, { uniqueKeys: true });
  const root = doc.contents;
  const block = new Document({ [key]: value }).toString({ lineWidth: 0 }).trimEnd();
  if (!isMap(root) || root.flow) {
    // A post written as one flow mapping has no block layout to keep: let the library write it.
    doc.set(key, doc.createNode(value));
    return doc.toString({ lineWidth: 0 });
  }
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isNode(pair.key) && pair.key.range) {
    const start = pair.key.range[0];
    const end = isNode(pair.value) && pair.value.range ? pair.value.range[1] : pair.key.range[1];
    const updated = updatedInPlace(source.slice(start, end), key, value) ?? block;
    return source.slice(0, start) + updated + (source.slice(end).startsWith('\n') ? '' : '\n') + source.slice(end);
  }
  return source + (source.length && !source.endsWith('\n') ? '\n' : '') + block + '\n';
}

/**
 * The block's text with its fields set one by one in its own document, so comments written
 * inside an existing block (`review:` with a note to colleagues) stay where they were.
 * Undefined when the block is not a plain block mapping (then it is written anew).
 */
function updatedInPlace(blockSource: string, key: OwnField, value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const doc = parseDocument(blockSource, { uniqueKeys: true });
  const map = doc.errors.length || !isMap(doc.contents) ? undefined : doc.get(key, true);
  if (!isMap(map) || map.flow) return undefined;
  const next = value as Record<string, unknown>;
  for (const item of [...map.items]) {
    const k = isScalar(item.key) ? item.key.value : item.key;
    if (typeof k !== 'string' || !(k in next)) map.delete(item.key);
  }
  for (const [k, v] of Object.entries(next)) {
    const current = map.get(k, true);
    if (isScalar(current) && current.value === v) continue;
    map.set(k, doc.createNode(v));
  }
  // The block follows the order of the value given (receipts: the network order, not the order
  // the lanes happened to finish in); a stable sort keeps each pair with its comments.
  const order = Object.keys(next);
  const rank = (item: (typeof map.items)[number]) => order.indexOf(String(isScalar(item.key) ? item.key.value : item.key));
  map.items.sort((a, b) => rank(a) - rank(b));
  return doc.toString({ lineWidth: 0 }).trimEnd();
}

/**
 * Set one of lm-post's own blocks (review, published) in a post file and write it back.
 * `expected` is the file content the caller decided on: if the file changed meanwhile (someone
 * edited it), nothing is written. `value` receives the block's current value.
 */
export function updatePostFile(file: string, expected: string | undefined, key: OwnField, value: (current: unknown) => unknown): void {
  atomicWrite(file, updatedPostText(file, readFileSync(file, 'utf8'), expected, key, value));
}

/**
 * `updatePostFile` through libuv's thread pool, one at a time per file: two lanes finishing the
 * same post each read the file their predecessor wrote, so neither receipt is lost.
 */
export function updatePostFileAsync(file: string, expected: string | undefined, key: OwnField, value: (current: unknown) => unknown): Promise<void> {
  return serialized(file, async () => atomicWriteAsync(file, updatedPostText(file, await readFile(file, 'utf8'), expected, key, value)));
}

/** The post's new text, checked: refused if the file is not what the caller decided on, or if the author's content would change. */
function updatedPostText(file: string, source: string, expected: string | undefined, key: OwnField, value: (current: unknown) => unknown): string {
  const shown = path.relative(process.cwd(), file);
  if (expected !== undefined && source !== expected) {
    throw new LmPostError(
      'post-changed',
      {
        fr: 'Le billet {{file}} a été modifié pendant l’opération : rien n’a été écrit ; relancez la commande.',
        en: 'Post {{file}} changed during the operation: nothing was written; run the command again.',
      },
      { file: shown },
      ExitCode.problems,
    );
  }
  const before = parseDocument(source).toJS() as Record<string, unknown> | null;
  const next = value(before?.[key]);
  const text = withBlock(source, key, next);
  // Never change what the author wrote, and make sure the block reads back as written.
  const after = parseDocument(text, { uniqueKeys: true });
  const afterJs = after.errors.length ? undefined : (after.toJS() as Record<string, unknown>);
  if (!afterJs || !isDeepStrictEqual(contentOf(before), contentOf(afterJs)) || !isDeepStrictEqual(afterJs[key], next)) {
    throw new LmPostError(
      'post-rewrite',
      {
        fr: 'Impossible d’écrire dans {{file}} sans changer son contenu : rien n’a été écrit.',
        en: 'Cannot write to {{file}} without changing its content: nothing was written.',
      },
      { file: shown },
      ExitCode.problems,
    );
  }
  return text;
}
