// preview --format json|markdown: the same preview as data, or as the Markdown of the sticky
// pull-request comment (scripts/ci/pr-comment.sh), one post per call.
import { loadContext } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import type { LintResult } from '../lint/engine.js';
import { summarisePost, type PostSummary } from '../render/summary.js';
import { formatCost } from '../render/x-cost.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { mdCode, mdText } from '../util/inert.js';
import { type PreviewOptions, readAndCheck } from './preview.js';
import { decisionMarkdown, decisionStatus } from '../review/status.js';

export async function previewFormatted(io: Io, opts: PreviewOptions, format: 'json' | 'markdown'): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const fr = lang === 'fr';
  const { post, result } = await readAndCheck(io, ctx, opts.post);
  const summary = post.data ? summarisePost(post.data, charter, post.path) : undefined;
  const code = result.errorCount > 0 ? ExitCode.problems : ExitCode.ok;
  if (format === 'json') {
    const d = post.data;
    io.out(
      JSON.stringify({
        id: post.id,
        file: post.file,
        ...(d ? { type: d.type, author: d.author, publish_at: d.publish_at ?? null } : {}),
        networks: summary?.networks ?? [],
        // A charter without X shows no X cost at all (SPEC §15).
        ...(charter.networks.twitter ? { xCost: summary?.xCost ?? 0, currency: summary?.currency ?? null } : {}),
        errorCount: result.errorCount,
        warningCount: result.warningCount,
        messages: result.messages,
        review: decisionStatus(post, charter, lang),
      }) + '\n',
    );
    return code;
  }
  const md = markdown(post.file, post.data && { type: charter.types[post.data.type]?.label ?? post.data.type, author: charter.people.find((p) => p.id === post.data!.author)?.name ?? post.data.author, at: post.data.publish_at ? parseDateTime(post.data.publish_at, charter.timezone) : undefined }, summary, result, fr, charter.timezone);
  // SPEC §16: who decided, via what, and whether the signature holds, under the post's title.
  const lines = md.split('\n');
  if (post.data) lines.splice(2, 0, decisionMarkdown(decisionStatus(post, charter, lang), charter, lang));
  io.out(lines.join('\n'));
  return code;
}

function fence(text: string): string {
  let f = '```';
  while (text.includes(f)) f += '`';
  return `${f}text\n${text}\n${f}`;
}

function markdown(
  file: string,
  head: { type: string; author: string; at: Date | undefined } | undefined,
  summary: PostSummary | undefined,
  result: LintResult,
  fr: boolean,
  tz: string,
): string {
  const lang = fr ? 'fr' : 'en';
  const out: string[] = [`#### ${mdCode(file)}`];
  if (head) {
    const when = head.at ? formatDateTime(head.at, tz, lang) : fr ? 'dès l’approbation' : 'as soon as approved';
    out.push(`${mdText(head.type)} — ${fr ? 'par' : 'by'} ${mdText(head.author)} — ${when}`);
  }
  const e = result.errorCount;
  const w = result.warningCount;
  out.push(
    '',
    e + w === 0
      ? `✅ ${fr ? 'conforme à la charte' : 'follows the charter'}`
      : `${e ? '❌' : '⚠️'} ${fr ? `${e} erreur${e > 1 ? 's' : ''}, ${w} avertissement${w > 1 ? 's' : ''}` : `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`}`,
  );
  for (const m of result.messages) {
    out.push(`- ${m.severity === 2 ? '❌' : '⚠️'} ${fr ? 'ligne' : 'line'} ${m.line}:${m.column} \`${m.ruleId}\`${m.network ? ` (${m.network})` : ''} ${mdText(m.message)}`);
  }
  for (const n of summary?.networks ?? []) {
    const counts = n.items.map((i) => `${i.length}/${i.max ?? '∞'}`).join(', ');
    const cost = n.xCost !== undefined ? ` — ${fr ? 'coût X' : 'X cost'} ${formatCost(n.xCost, summary!.currency, lang)}` : '';
    const mirror = n.mirrorOf ? (fr ? ' (miroir)' : ' (mirror)') : '';
    const items = n.items.length > 1 ? (fr ? `${n.items.length} publications en fil, ` : `${n.items.length} posts in a thread, `) : '';
    out.push('', `**${n.label}**${mirror} — ${items}${fr ? 'caractères' : 'characters'} ${counts}${cost}${n.receipt ? ` — ${fr ? 'déjà publié' : 'already published'} ${mdText(n.receipt.url ?? n.receipt.id)}` : ''}`);
    if (n.link) out.push(`${fr ? 'lien (carte d’aperçu)' : 'link (preview card)'} : ${mdText(n.link)}`);
    if (n.spoiler) out.push(`${fr ? 'avertissement (CW)' : 'content warning'} : ${mdText(n.spoiler)}`);
    for (const it of n.items) {
      out.push(fence(it.text));
      for (const m of it.media) out.push(`🖼 ${mdCode(m.file)} — alt : ${m.alt ? mdText(m.alt) : fr ? '(aucun)' : '(none)'}`);
    }
  }
  if (summary && summary.xCost > 0) out.push('', `${fr ? 'Coût X total' : 'Total X cost'} : ${formatCost(summary.xCost, summary.currency, lang)}`);
  return out.join('\n') + '\n';
}
