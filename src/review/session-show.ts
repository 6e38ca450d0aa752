// lm-post review (SPEC §11), one post of the interactive session: what is shown of it (the rendering
// per network, the lint report, the review history) and the decision asked.
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { colorEnabled, type Io } from '../cli/io.js';
import type { ListRow } from '../workflow/states.js';
import { STATE_LABELS } from '../commands/list.js';
import { selectTheme } from '../commands/prompt-theme.js';
import { FORMATTERS } from '../format/index.js';
import { lintFiles, type LintResult } from '../lint/engine.js';
import { listQueue, readPost } from '../post/read.js';
import { postTargets, renderPost } from '../render/index.js';
import { networkLength } from '../render/length.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { reviewHistory } from '../workflow/decisions.js';

/** A date of the file as people read it, in the charter's zone (as written if it cannot be read). */
function shownDate(ctx: CommandContext, raw: string): string {
  const d = parseDateTime(raw, ctx.charter.timezone);
  return d ? formatDateTime(d, ctx.charter.timezone, ctx.lang) : raw;
}

/** Show post `i` of `total`: its author and date, its rendering per network, its lint report and review history. */
export async function showPost(io: Io, ctx: CommandContext, row: ListRow, file: string, post: ReturnType<typeof readPost>, i: number, total: number): Promise<LintResult[]> {
  const fr = ctx.lang === 'fr';
  const t = (f: string, e: string) => (fr ? f : e);
  const data = post.data!;
  io.out(`\n━━ ${i + 1}/${total} ${row.id}  (${STATE_LABELS[row.state][ctx.lang]})\n`);
  const author = ctx.charter.people.find((p) => p.id === data.author);
  io.out(`${t('Auteur·e', 'Author')} : ${author?.name ?? data.author} (${data.author}) · ${t('type', 'type')} ${data.type}${data.publish_at ? ` · ${shownDate(ctx, data.publish_at)}` : ''}\n`);
  for (const n of postTargets(data, ctx.charter)) {
    const r = renderPost(data, ctx.charter, n, path.dirname(file));
    r.items.forEach((it, k) => {
      const max = ctx.charter.networks[n]!.max_length;
      io.out(`── ${ctx.charter.networks[n]!.label}${r.items.length > 1 ? ` [${k + 1}/${r.items.length}]` : ''} (${networkLength(n, it.text, k === 0 ? r.spoiler : undefined)}/${max})\n`);
      io.out(it.text.replace(/^/gm, '   ') + '\n');
      for (const m of it.media) io.out(`   🖼 ${m.file} — « ${m.alt} »\n`);
    });
    if (r.link && n === 'facebook') io.out(`   🔗 ${r.link}\n`);
  }
  const results = await lintFiles([file], { charter: ctx.charter, queueDir: ctx.queueDir, cwd: io.cwd, lang: ctx.lang }, listQueue(ctx.queueDir));
  io.out(FORMATTERS.stylish(results, { lang: ctx.lang, color: colorEnabled(io) }));
  const history = reviewHistory(data.review);
  if (history.length) {
    io.out(t('Historique :\n', 'History:\n'));
    for (const h of history) io.out(`  ${shownDate(ctx, h.at)}  ${h.by}  ${h.state}${h.note ? `  « ${h.note} »` : ''}\n`);
  }
  return results;
}

/** The decision asked for one post; a past-dated post offers « Reporter » instead of « Approuver » (SPEC §17). */
export async function chooseAction(ctx: CommandContext, past: boolean): Promise<string> {
  const { select } = await import('@inquirer/prompts');
  const t = (f: string, e: string) => (ctx.lang === 'fr' ? f : e);
  return select({
    message: t('Décision', 'Decision'),
    theme: selectTheme(ctx.lang),
    choices: [
      past ? { name: t('Reporter (la date est passée)', 'Reschedule (the date is past)'), value: 'reschedule' } : { name: t('Approuver', 'Approve'), value: 'approve' },
      { name: t('Demander des modifications (avec une note)', 'Request changes (with a note)'), value: 'changes' },
      { name: t('Refuser (avec une note)', 'Reject (with a note)'), value: 'reject' },
      { name: t('Passer', 'Skip'), value: 'skip' },
      { name: t('Modifier dans $EDITOR puis revérifier', 'Edit in $EDITOR then re-check'), value: 'edit' },
      { name: t('Voir l’aperçu', 'See the preview'), value: 'preview' },
      { name: t('Arrêter', 'Quit'), value: 'quit' },
    ],
  });
}
