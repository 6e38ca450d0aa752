// lm-post list: the queue at a glance (SPEC §11), from workflow/states.
import { printable } from '../util/printable.js';
import path from 'node:path';
import { loadContext, stateDirFor } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { listQueue } from '../post/read.js';
import { fileReceipts, sandboxReceipts } from '../publish/receipts.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { listPosts, type ListRow, POST_STATES, type PostState } from '../workflow/states.js';
import { currentTime } from '../util/clock.js';

export interface ListOptions extends GlobalOptions {
  state?: string[];
  json?: boolean;
  sandbox?: boolean;
}

export const STATE_LABELS: Record<PostState, { fr: string; en: string }> = {
  invalid: { fr: 'invalide', en: 'invalid' },
  draft: { fr: 'à relire', en: 'draft' },
  'changes-requested': { fr: 'à modifier', en: 'changes requested' },
  rejected: { fr: 'refusé', en: 'rejected' },
  voided: { fr: 'approbation annulée', en: 'approval voided' },
  stale: { fr: 'approbation périmée', en: 'stale approval' },
  scheduled: { fr: 'programmé', en: 'scheduled' },
  ready: { fr: 'prêt', en: 'ready' },
  'partly-published': { fr: 'publié en partie', en: 'partly published' },
  published: { fr: 'publié', en: 'published' },
  'needs-human': { fr: 'à vérifier', en: 'needs a human' },
  letter: { fr: 'pour la lettre', en: 'for the letter' },
  withdrawn: { fr: 'retiré', en: 'withdrawn' },
};

export async function queueRows(io: Io, opts: GlobalOptions & { sandbox?: boolean }): Promise<{ rows: ListRow[]; ctx: ReturnType<typeof loadContext> }> {
  const ctx = loadContext(io, opts);
  const stateDir = stateDirFor(ctx.queueDir, opts.sandbox ?? false);
  const rows = await listPosts({
    charter: ctx.charter,
    queueDir: ctx.queueDir,
    cwd: io.cwd,
    lang: ctx.lang,
    now: currentTime(),
    queueFiles: listQueue(ctx.queueDir),
    receipts: opts.sandbox ? sandboxReceipts(path.join(stateDir, 'receipts')) : fileReceipts,
    journalDir: path.join(stateDir, 'journal'),
    ...(opts.sandbox ? { sandbox: true } : {}),
  });
  return { rows, ctx };
}

export async function list(io: Io, opts: ListOptions): Promise<number> {
  const wanted = (opts.state ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const s of wanted) {
    if (!(POST_STATES as readonly string[]).includes(s)) {
      throw new LmPostError('bad-state', { fr: 'État inconnu « {{s}} » (possibles : {{all}}).', en: 'Unknown state "{{s}}" (possible: {{all}}).' }, { s, all: POST_STATES.join(', ') }, ExitCode.usage);
    }
  }
  const { rows: all, ctx } = await queueRows(io, opts);
  // A withdrawn post is listed only when asked for (--state withdrawn), SPEC §17.
  const rows = wanted.length ? all.filter((r) => wanted.includes(r.state)) : all.filter((r) => r.state !== 'withdrawn');
  if (opts.json) {
    io.out(
      JSON.stringify(
        rows.map((r) => ({ id: r.id, file: r.file, type: r.type ?? null, author: r.author ?? null, networks: r.networks, state: r.state, publish_at: r.publish_at ?? null, reasons: r.reasons, receipts: r.receipts, ...(r.needsHuman ? { needs_human: r.needsHuman } : {}) })),
        null,
        2,
      ) + '\n',
    );
    return ExitCode.ok;
  }
  const fr = ctx.lang === 'fr';
  if (!rows.length) {
    io.out(fr ? 'Aucun billet.\n' : 'No posts.\n');
    return ExitCode.ok;
  }
  const tz = ctx.charter.timezone;
  const when = (r: ListRow) => {
    const d = r.publish_at ? parseDateTime(r.publish_at, tz) : undefined;
    return d ? formatDateTime(d, tz, ctx.lang).replace(` (${tz})`, '') : fr ? 'dès approbation' : 'once approved';
  };
  for (const r of rows) {
    // Everything below comes from the queue (file names, post fields): one inert line each (printable).
    io.out(`${(STATE_LABELS[r.state][ctx.lang] + (ctx.lang === 'fr' ? ` (${r.state})` : '')).padEnd(30)} ${printable(r.id)}\n`);
    io.out(`    ${printable([r.type, r.networks.join(', '), r.author, when(r)].filter(Boolean).join(' · '))}\n`);
    for (const reason of r.reasons) io.out(`    – ${printable(reason)}\n`);
    for (const [n, url] of Object.entries(r.receipts)) io.out(`    ${printable(n)} : ${printable(url)}\n`);
  }
  const counts = POST_STATES.map((s) => [s, rows.filter((r) => r.state === s).length] as const).filter(([, n]) => n);
  io.out(`\n${counts.map(([s, n]) => `${n} ${STATE_LABELS[s][ctx.lang]}`).join(', ')}\n`);
  return ExitCode.ok;
}
