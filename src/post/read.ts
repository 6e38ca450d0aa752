// Reading posts from the queue. Nothing here writes: a bad file is reported, never touched.
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { LineCounter } from 'yaml';
import path from 'node:path';
import { ExitCode, LmPostError } from '../errors.js';
import { validatePost, type SchemaReport } from '../rules/schema.js';
import { MAX_YAML_BYTES, parseYamlBytes } from '../util/yaml.js';
import { printable } from '../util/printable.js';
import type { PostData, PostFile } from './types.js';

export function isPostFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}

/** Post files directly in the queue folder, sorted (media/ and README are not posts). */
export function listQueue(queueDir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(queueDir, { withFileTypes: true });
  } catch (e) {
    throw new LmPostError(
      'queue-missing',
      {
        fr: 'Dossier de billets introuvable : {{dir}}. Indiquez-le avec --queue DOSSIER.',
        en: 'Queue folder not found: {{dir}}. Point to it with --queue DIR.',
      },
      { dir: queueDir, code: (e as NodeJS.ErrnoException).code },
      ExitCode.usage,
    );
  }
  // The folder's listing tells files apart without a stat each; only a link is followed.
  const kinds = new Map(entries.map((d) => [d.name, d]));
  return [...kinds.keys()]
    .filter(isPostFileName)
    .sort()
    .filter((n) => {
      const d = kinds.get(n)!;
      if (d.isFile()) return true;
      if (!d.isSymbolicLink()) return false;
      try {
        return statSync(path.join(queueDir, n)).isFile();
      } catch {
        return false;
      }
    })
    .map((n) => path.join(queueDir, n));
}

/** True when `file` is a symbolic link whose target lies outside the link's own folder. */
function symlinkEscapes(file: string, lstat?: Stats): boolean {
  try {
    if (!(lstat ?? lstatSync(file)).isSymbolicLink()) return false;
    const real = realpathSync(file);
    const rel = path.relative(realpathSync(path.dirname(file)), real);
    return rel.startsWith('..') || path.isAbsolute(rel);
  } catch {
    return false;
  }
}

export function postIdOf(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

export interface ReadPost extends PostFile {
  schemaReports: SchemaReport[];
}

/** A post that passed the schema: the only kind rules, approval and publishing work on. */
export type ValidPost = ReadPost & { data: PostData };

export function isValidPost(p: ReadPost): p is ValidPost {
  return !!p.data && p.schemaReports.length === 0;
}

/** The structurally valid posts among `files` (the rest of the queue, for queue-wide rules). */
export function readValidPosts(files: readonly string[], cwd: string): ValidPost[] {
  return files.map((f) => readPost(f, cwd)).filter(isValidPost);
}

export function readPost(absPath: string, cwd: string): ReadPost {
  const file = path.relative(cwd, absPath) || absPath;
  let bytes: Uint8Array;
  let size = 0;
  let lstat: Stats | undefined;
  try {
    lstat = lstatSync(absPath);
  } catch {
    // reported by the stat below
  }
  const outside = symlinkEscapes(absPath, lstat);
  if (outside) {
    // A post that is a link to a file elsewhere is never read (it could be any file) nor written.
    const lc = new LineCounter();
    return {
      id: postIdOf(absPath),
      path: absPath,
      file,
      bytes: new Uint8Array(0),
      parsed: { source: '', doc: undefined, lineCounter: lc, value: undefined, problems: [] },
      schemaReports: [{ messageId: 'symlink', span: { line: 1, column: 1 }, data: {} }],
    };
  }
  try {
    // Not a link: what lstat saw is what stat would see.
    const st = lstat && !lstat.isSymbolicLink() ? lstat : statSync(absPath);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: st.isDirectory() ? 'EISDIR' : st.isFIFO() ? 'FIFO' : 'not a regular file' });
    size = st.size;
    // Never read a huge file into memory just to refuse it.
    bytes = st.size > MAX_YAML_BYTES ? new Uint8Array(0) : readFileSync(absPath);
  } catch (e) {
    throw new LmPostError(
      'post-unreadable',
      { fr: 'Impossible de lire le billet {{file}} ({{code}}).', en: 'Cannot read post {{file}} ({{code}}).' },
      { file, code: (e as NodeJS.ErrnoException).code ?? 'EIO' },
      ExitCode.usage,
    );
  }
  const parsed = parseYamlBytes(bytes, size);
  const { data, reports } = validatePost(parsed);
  if (!reports.length && !/^[a-z0-9][a-z0-9._-]{0,119}$/.test(postIdOf(absPath))) {
    reports.push({ messageId: 'bad-id', span: { line: 1, column: 1 }, data: { id: printable(postIdOf(absPath)) } });
  }
  const post: ReadPost = { id: postIdOf(absPath), path: absPath, file, bytes, parsed, schemaReports: reports };
  if (data) post.data = data;
  return post;
}

/**
 * Resolve the PATHS given on the command line: files, or folders (their posts). A post id
 * without extension is looked up in the queue. Unknown paths are usage errors.
 */
export function resolvePostPaths(args: readonly string[], queueDir: string, cwd: string): string[] {
  if (args.length === 0) return listQueue(queueDir);
  const out: string[] = [];
  for (const a of args) {
    const abs = path.resolve(cwd, a);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && code !== 'ENOENT' && code !== 'ENOTDIR') {
        // ELOOP (a symbolic link loop), EACCES…: the file is there, but cannot be read.
        throw new LmPostError(
          'post-unreadable',
          { fr: 'Impossible de lire le billet {{file}} ({{code}}).', en: 'Cannot read post {{file}} ({{code}}).' },
          { file: printable(a), code: code === 'ELOOP' ? 'ELOOP, symbolic link loop' : code },
          ExitCode.usage,
        );
      }
      const byId = ['.yaml', '.yml'].map((ext) => path.join(queueDir, a + ext)).find((p) => {
        try {
          return statSync(p).isFile();
        } catch {
          return false;
        }
      });
      if (byId) {
        out.push(byId);
        continue;
      }
      throw new LmPostError(
        'post-not-found',
        { fr: 'Billet introuvable : {{path}}.', en: 'Post not found: {{path}}.' },
        { path: printable(a) },
        ExitCode.usage,
      );
    }
    if (st.isDirectory()) {
      const posts = listQueue(abs);
      if (!posts.length) {
        throw new LmPostError(
          'no-posts',
          { fr: 'Aucun billet (*.yaml) dans le dossier {{path}}.', en: 'No post (*.yaml) in folder {{path}}.' },
          { path: a },
          ExitCode.usage,
        );
      }
      out.push(...posts);
    } else out.push(abs);
  }
  return [...new Set(out)];
}
