import { availableParallelism } from 'node:os';
import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { FORMATTERS, type FormatName } from '../format/index.js';
import { lintFiles } from '../lint/engine.js';
import { listQueue, resolvePostPaths } from '../post/read.js';

export interface CheckOptions extends GlobalOptions {
  paths: string[];
  format: FormatName;
  maxWarnings?: number;
  requireApproval?: boolean;
}

/** Below this many posts a worker costs more to start than it saves. */
const PARALLEL_FROM = 400;

/**
 * Worker threads for a check: one per core (at most 4) for a large queue. LM_POST_WORKERS=N
 * forces N (0 or 1: this thread only), whatever the size — the output is the same either way.
 */
function lintWorkers(env: NodeJS.ProcessEnv, posts: number): number {
  const forced = env.LM_POST_WORKERS?.trim();
  if (forced && /^\d{1,2}$/.test(forced)) return Number(forced);
  return posts >= PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 0;
}

export async function check(io: Io, opts: CheckOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const files = resolvePostPaths(opts.paths, ctx.queueDir, io.cwd);
  const results = await lintFiles(
    files,
    { charter: ctx.charter, queueDir: ctx.queueDir, cwd: io.cwd, lang: ctx.lang, force: opts.requireApproval ? ['approval'] : [], workers: lintWorkers(io.env, files.length) },
    listQueue(ctx.queueDir),
  );
  io.out(FORMATTERS[opts.format](results, { lang: ctx.lang, color: colorEnabled(io) }));
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return ExitCode.problems;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.err(
      ctx.lang === 'fr'
        ? `lm-post : ${warnings} avertissements, au-delà du maximum fixé (--max-warnings ${opts.maxWarnings}).\n`
        : `lm-post: ${warnings} warnings, more than the maximum set (--max-warnings ${opts.maxWarnings}).\n`,
    );
    return ExitCode.problems;
  }
  return ExitCode.ok;
}
