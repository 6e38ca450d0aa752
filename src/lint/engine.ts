// The rule engine: severity and options come from the charter, positions from the YAML
// document; rules only report field paths and message ids (the ESLint model).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Charter, NetworkId, Severity } from '../charter/types.js';
import { type Lang, tr } from '../i18n/index.js';
import { isValidPost, readPost, type ReadPost, type ValidPost } from '../post/read.js';
import { renderCached, targetsCached } from '../render/index.js';
import { QueueIndex, queueIndexOf } from './queue-index.js';
import type { WorkerInput, WorkerMessage } from './worker.js';
import { RULES } from '../rules/index.js';
import { SYNTAX_MESSAGES } from '../rules/schema.js';
import type { Report, Rule, RuleContext } from '../rules/types.js';
import { type ParsedYaml, parseYamlBytes, spanInScalar, spanOf } from '../util/yaml.js';
import { currentTime } from '../util/clock.js';
import { byCodePoint } from '../util/order.js';

export interface LintMessage {
  ruleId: string;
  messageId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  network?: NetworkId;
}

export interface LintResult {
  /** Absolute path (ESLint convention). */
  filePath: string;
  /** Path relative to the working directory, for people and annotations. */
  file: string;
  postId: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  /** SPEC §17: the post was withdrawn; it is not checked nor counted. */
  withdrawn?: true;
}

export interface LintOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  now?: Date;
  /** Extra rules run in addition to the charter's (e.g. approval with --require-approval). */
  force?: readonly string[];
}

export function ruleSetting(charter: Charter, rule: Rule): { severity: Severity; options: Record<string, unknown> } {
  const raw = charter.rules?.[rule.meta.id];
  let severity: Severity = rule.meta.defaultSeverity;
  let options: Record<string, unknown> = { ...(rule.meta.defaultOptions ?? {}) };
  if (typeof raw === 'string') severity = raw;
  else if (Array.isArray(raw)) {
    severity = raw[0];
    if (raw[1]) options = { ...options, ...raw[1] };
  }
  if (rule.meta.alwaysOn) severity = 'error';
  return { severity, options };
}

// Every post of a run reads the same settings: worked out once per charter (rules only read them).
const settingsCache = new WeakMap<Charter, ReturnType<typeof ruleSetting>[]>();
function settingsOf(charter: Charter): ReturnType<typeof ruleSetting>[] {
  let s = settingsCache.get(charter);
  if (!s) settingsCache.set(charter, (s = RULES.map((rule) => ruleSetting(charter, rule))));
  return s;
}

function severityNumber(s: Severity): 1 | 2 {
  return s === 'error' ? 2 : 1;
}

function finish(post: ReadPost, messages: LintMessage[]): LintResult {
  messages.sort((a, b) => a.line - b.line || a.column - b.column || byCodePoint(a.ruleId, b.ruleId));
  return {
    filePath: post.path,
    file: post.file,
    postId: post.id,
    messages,
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
  };
}

/**
 * Lint one post. `queue` is the rest of the queue for queue-wide rules: an index built once per
 * run (lintFiles), or a list of posts (indexed once per list). The post itself is skipped in it.
 */
export async function lintPost(post: ReadPost, opts: LintOptions, queue: readonly ValidPost[] | QueueIndex): Promise<LintResult> {
  const { charter, lang } = opts;
  const messages: LintMessage[] = [];
  if (!post.data || post.schemaReports.length) {
    for (const r of post.schemaReports) {
      const span = r.span ?? spanOf(post.parsed, r.path ?? [], { key: r.key ?? false });
      const msg = r.msg ?? SYNTAX_MESSAGES[r.messageId];
      messages.push({ ruleId: 'schema', messageId: r.messageId, severity: 2, message: tr(lang, msg, { id: post.id, ...r.data }), ...span });
    }
    return finish(post, messages);
  }
  const valid = post as ValidPost;
  if (valid.data.withdrawn) return { ...finish(post, []), withdrawn: true };
  const postDir = path.dirname(post.path);
  const targets = targetsCached(valid.data, charter);
  const index = queueIndexOf(queue, charter);
  const now = opts.now ?? currentTime();
  const pending: ((parsed: ParsedYaml) => LintMessage)[] = [];
  const settings = settingsOf(charter);
  for (const [i, rule] of RULES.entries()) {
    if (rule.meta.id === 'schema') continue;
    const { severity, options } = settings[i]!;
    const forced = opts.force?.includes(rule.meta.id);
    if (rule.meta.onlyWhenRequested && !forced && !rule.meta.adviseWhenNotRequested) continue;
    if (severity === 'off' && !forced) continue;
    const sev = severity === 'off' ? 'error' : severity;
    const ctx: RuleContext = {
      post: valid,
      charter,
      options,
      now,
      requested: !rule.meta.onlyWhenRequested || !!forced,
      queueDir: opts.queueDir,
      targets,
      queue: index,
      render(network) {
        return renderCached(valid.data, charter, network, postDir);
      },
      report(rep: Report) {
        const msg = rule.meta.messages[rep.messageId];
        if (!msg) throw new Error(`rule ${rule.meta.id}: unknown messageId ${rep.messageId}`);
        // Positions are computed once all rules have run, and only if something was reported.
        pending.push((parsed) => {
          const span = rep.needle ? spanInScalar(parsed, rep.path, rep.needle, rep.at) : spanOf(parsed, rep.path, { key: rep.key ?? false });
          const data = { ...(rep.data ?? {}) };
          if (rep.network) data.network = charter.networks[rep.network]?.label ?? rep.network;
          const m: LintMessage = { ruleId: rule.meta.id, messageId: rep.messageId, severity: rep.warnOnly ? 1 : severityNumber(sev), message: tr(lang, msg, data), ...span };
          if (rep.network) m.network = rep.network;
          return m;
        });
      },
    };
    // Most rules are synchronous: wait only for a promise (an await per rule and post adds up).
    const done = rule.check(ctx);
    if (done && typeof done.then === 'function') await done;
  }
  if (pending.length) {
    const parsed = positioned(post);
    for (const make of pending) messages.push(make(parsed));
  }
  return finish(post, messages);
}

/**
 * lintFiles keeps only the values of valid posts while the queue is linted (10,000 documents with
 * positions do not fit in a small memory); the document is parsed again from the post's bytes
 * for the few files that have something to report.
 */
const released = new WeakSet<ReadPost>();
function releaseDocument(post: ReadPost): void {
  if (!post.parsed.doc || !post.bytes.length) return;
  post.parsed = { ...post.parsed, doc: undefined, source: '' };
  released.add(post);
}
function positioned(post: ReadPost): ParsedYaml {
  return released.has(post) ? parseYamlBytes(post.bytes) : post.parsed;
}

/** Read a post to lint it: a valid post keeps its values, its document is dropped (see positioned). */
export function readForLint(file: string, cwd: string): ReadPost {
  const p = readPost(file, cwd);
  if (isValidPost(p)) releaseDocument(p);
  return p;
}

/**
 * Lint the given post files; the whole queue is read once for queue-wide rules. With `workers`
 * ≥ 2 (and the compiled worker at hand), reading and linting are shared among worker threads;
 * results are merged in file order and are the same as a single-threaded run.
 */
export async function lintFiles(files: readonly string[], opts: LintOptions & { workers?: number }, queueFiles: readonly string[] = []): Promise<LintResult[]> {
  const run = { ...opts, now: opts.now ?? currentTime() };
  const order = [...new Set([...queueFiles, ...files])];
  if ((opts.workers ?? 0) >= 2 && order.length >= 2 && existsSync(WORKER)) {
    const results = await lintInWorkers(files, run, order, Math.min(opts.workers!, order.length));
    if (results) return results;
  }
  const cache = new Map<string, ReadPost>();
  const read = (f: string) => {
    let p = cache.get(f);
    if (!p) {
      p = readForLint(f, opts.cwd);
      cache.set(f, p);
    }
    return p;
  };
  const all = order.map(read).filter(isValidPost);
  const index = new QueueIndex(all, opts.charter);
  const results: LintResult[] = [];
  for (const f of files) results.push(await lintPost(read(f), run, index));
  return results;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** undefined when a worker failed: the caller then lints in this thread (and reports any error itself). */
async function lintInWorkers(files: readonly string[], opts: LintOptions & { now: Date }, order: readonly string[], n: number): Promise<LintResult[] | undefined> {
  const { Worker } = await import('node:worker_threads');
  const wanted = new Set(files);
  const size = Math.ceil(order.length / n);
  const slices = Array.from({ length: n }, (_, i) => order.slice(i * size, (i + 1) * size)).filter((s) => s.length);
  const workers = slices.map(
    (slice) =>
      new Worker(WORKER, {
        workerData: {
          slice,
          lint: slice.filter((f) => wanted.has(f)),
          charterFile: opts.charter.file,
          cwd: opts.cwd,
          queueDir: opts.queueDir,
          lang: opts.lang,
          now: opts.now.toISOString(),
          force: [...(opts.force ?? [])],
        } satisfies WorkerInput,
      }),
  );
  const next = (w: InstanceType<typeof Worker>) =>
    new Promise<WorkerMessage>((resolve) => {
      const fail = (e: unknown) => resolve({ kind: 'failed', error: String(e) });
      w.once('message', (m: WorkerMessage) => {
        w.off('error', fail);
        resolve(m);
      });
      w.once('error', fail);
    });
  try {
    const read = await Promise.all(workers.map(next));
    if (read.some((m) => m.kind !== 'read')) return undefined;
    // Every valid post of the queue, in file order, as each worker's index must see them.
    const all = read.flatMap((m) => (m.kind === 'read' ? m.valid : []));
    const done = workers.map(next);
    for (const w of workers) w.postMessage(all);
    const results = await Promise.all(done);
    const byPath = new Map<string, LintResult>();
    for (const m of results) {
      if (m.kind !== 'done') return undefined;
      for (const r of m.results) byPath.set(r.filePath, r);
    }
    return files.map((f) => byPath.get(f)!);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
