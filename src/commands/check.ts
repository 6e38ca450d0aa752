import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { FORMATTERS, type FormatName } from '../format/index.js';
import { lintFiles } from '../lint/engine.js';
import { listQueue, resolvePostPaths } from '../post/read.js';
import { archivedFiles } from '../workflow/archive.js';

export interface CheckOptions extends GlobalOptions {
  paths: string[];
  format: FormatName;
  maxWarnings?: number;
  requireApproval?: boolean;
}

/**
 * Worker threads for a check: LM_POST_WORKERS=N lints in N threads (the output is the same).
 * Off by default: on the 2-core bench machine, shared with other work, two workers were slower
 * than one thread on 10,000 posts (17.8 s against 9.2 s) and doubled the peak RSS (345 MiB
 * against 174 MiB, over the 200 MiB goal); on an idle machine they were about 1.4× faster.
 */
function lintWorkers(env: NodeJS.ProcessEnv): number {
  const forced = env.LM_POST_WORKERS?.trim();
  return forced && /^\d{1,2}$/.test(forced) ? Number(forced) : 0;
}

export async function check(io: Io, opts: CheckOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const files = resolvePostPaths(opts.paths, ctx.queueDir, io.cwd);
  // Without paths, the files are the queue: list it once.
  // Duplicate detection also reads the archive (SPEC §17); only the queue's own posts are checked.
  const queue = [...(opts.paths.length ? listQueue(ctx.queueDir) : files), ...archivedFiles(ctx.queueDir)];
  const all = await lintFiles(
    files,
    { charter: ctx.charter, queueDir: ctx.queueDir, cwd: io.cwd, lang: ctx.lang, force: opts.requireApproval ? ['approval'] : [], workers: lintWorkers(io.env) },
    queue,
  );
  // A withdrawn post is never checked nor counted again (SPEC §17).
  const results = all.filter((r) => !r.withdrawn);
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
