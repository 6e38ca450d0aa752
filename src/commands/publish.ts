// lm-post publish: approved, due, error-free posts go to their networks, exactly once. Thin: the
// run is src/publish/run.ts, its wording src/format/publish-*.ts.
import path from 'node:path';
import { loadContext, networkArg } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import type { NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { formatDryRun, formatDryRunJson } from '../format/publish-dry-run.js';
import { formatPublishEvent, msg } from '../format/publish-events.js';
import { formatStopped, formatSummary, formatSummaryJson, runExitCode } from '../format/publish-summary.js';
import { listQueue, resolvePostPaths } from '../post/read.js';
import { refuseLeakyDebugSwitches } from '../publish/credentials.js';
import { dryRunPlan } from '../publish/dry-run.js';
import { stateDirFor } from '../publish/paths.js';
import { fileReceipts, sandboxReceipts } from '../publish/receipts.js';
import { blockedExitCode, selectPosts } from '../publish/select.js';
import { currentTime } from '../util/clock.js';
import { archivedFiles } from '../workflow/archive.js';

export type { Payload } from '../publish/dry-run.js';
export { blockedExitCode };

export interface PublishOptions extends GlobalOptions {
  posts: string[];
  dryRun?: boolean;
  sandbox?: boolean;
  network?: string[];
  json?: boolean;
  ignoreSchedule?: boolean;
  timeout?: number;
}

function parseNetworks(list: string[] | undefined): NetworkId[] | undefined {
  if (!list?.length) return undefined;
  return list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
    .map(networkArg);
}

export async function publish(io: Io, opts: PublishOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const networks = parseNetworks(opts.network);
  if (opts.ignoreSchedule && !opts.sandbox && !opts.dryRun) {
    throw new LmPostError('ignore-schedule-real', { fr: '--ignore-schedule n’est permis qu’avec --sandbox ou --dry-run.', en: '--ignore-schedule is only allowed with --sandbox or --dry-run.' }, {}, ExitCode.usage);
  }
  // io.env already holds .env (read once at start-up, see cli/main.ts).
  const env = io.env;
  if (!opts.dryRun) refuseLeakyDebugSwitches(env);
  // A safety switch: any value but empty, 0, false, no or off pauses.
  const pausedByEnv = !!env.LM_POST_PAUSE && !/^(0|false|no|non|off)$/i.test(env.LM_POST_PAUSE.trim());
  if ((pausedByEnv || charter.paused) && !opts.dryRun) {
    const why = charter.paused ? msg(lang, 'paused: true dans la charte', 'paused: true in the charter') : `LM_POST_PAUSE=${env.LM_POST_PAUSE}`;
    io.out(msg(lang, `Publication en pause (${why}) : rien n’est publié. Retirez la pause pour reprendre.\n`, `Publishing is paused (${why}): nothing is published. Remove the pause to resume.\n`));
    return ExitCode.ok;
  }
  const files = resolvePostPaths(opts.posts, ctx.queueDir, io.cwd);
  const named = opts.posts.length > 0;
  const now = currentTime();
  if (opts.dryRun) {
    const receipts = opts.sandbox ? sandboxReceipts(path.join(stateDirFor(ctx.queueDir, true), 'receipts')) : fileReceipts;
    const all = await selectPosts({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now, files, queueFiles: [...listQueue(ctx.queueDir), ...archivedFiles(ctx.queueDir)], receipts, ignoreSchedule: opts.ignoreSchedule ?? false, allReasons: true, ...(networks ? { networks } : {}) });
    const plan = dryRunPlan(all, charter, ctx.queueDir);
    io.out(opts.json ? formatDryRunJson(plan) : formatDryRun(plan, { lang, charter, color: colorEnabled(io), now }));
    return blockedExitCode(all, named);
  }
  const { publishPosts } = await import('../publish/run.js');
  const fmt = { lang, charter, color: colorEnabled(io) };
  const result = await publishPosts({
    charter,
    queueDir: ctx.queueDir,
    cwd: io.cwd,
    lang,
    env,
    sandbox: opts.sandbox ?? false,
    files,
    ...(networks ? { networks } : {}),
    ignoreSchedule: opts.ignoreSchedule ?? false,
    timeoutMs: (opts.timeout ?? 30) * 1000,
    now,
    onEvent: (e) => {
      if (!opts.json) io.out(formatPublishEvent(e, fmt));
    },
  });
  io.out(opts.json ? formatSummaryJson(result, charter) : formatSummary(result, charter, lang));
  if (result.stopped) io.err(formatStopped(result, lang));
  return runExitCode(result, named);
}
