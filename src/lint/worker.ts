// A lint worker thread (see lintFiles with `workers`): it reads its slice of the queue, sends the
// values of its valid posts to the main thread, receives every valid post of the queue in file
// order, builds the same queue index as a single-threaded run, and lints the files of its slice.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCharter } from '../charter/load.js';
import type { PostData } from '../post/types.js';
import { isValidPost, type ReadPost, type ValidPost } from '../post/read.js';
import { lintPost, readForLint, type LintResult } from './engine.js';
import { QueueIndex } from './queue-index.js';

export interface WorkerInput {
  /** This worker's slice of the queue, in file order. */
  slice: string[];
  /** The files of the slice to lint (the rest only feed the index). */
  lint: string[];
  charterFile: string;
  cwd: string;
  queueDir: string;
  lang: 'fr' | 'en';
  now: string;
  force: string[];
}

/** What the index needs of a post. */
export interface SharedPost {
  id: string;
  path: string;
  file: string;
  data: PostData;
}

export type WorkerMessage = { kind: 'read'; valid: SharedPost[] } | { kind: 'done'; results: LintResult[] } | { kind: 'failed'; error: string };

async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  const port = parentPort!;
  const charter = loadCharter(input.charterFile, input.cwd);
  const own = new Map<string, ReadPost>();
  for (const f of input.slice) own.set(f, readForLint(f, input.cwd));
  const valid = [...own.values()].filter(isValidPost).map((p): SharedPost => ({ id: p.id, path: p.path, file: p.file, data: p.data }));
  port.postMessage({ kind: 'read', valid } satisfies WorkerMessage);
  const all = await new Promise<SharedPost[]>((resolve) => port.once('message', (m: SharedPost[]) => resolve(m)));
  // This slice's posts are the very objects read here; the others are their values.
  const posts = all.map((p) => {
    const mine = own.get(p.path);
    return mine && isValidPost(mine) ? mine : (p as unknown as ValidPost);
  });
  const index = new QueueIndex(posts, charter);
  const opts = { charter, queueDir: input.queueDir, cwd: input.cwd, lang: input.lang, now: new Date(input.now), force: input.force };
  const results: LintResult[] = [];
  for (const f of input.lint) results.push(await lintPost(own.get(f)!, opts, index));
  port.postMessage({ kind: 'done', results } satisfies WorkerMessage);
}

main().catch((e: unknown) => parentPort!.postMessage({ kind: 'failed', error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies WorkerMessage));
