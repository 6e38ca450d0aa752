import { printable } from '../util/printable.js';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { stylish } from '../format/stylish.js';
import { lintPost, type LintResult } from '../lint/engine.js';
import { queueIndexOf } from '../lint/queue-index.js';
import { listQueue, readPost, type ReadPost, readValidPosts, resolvePostPaths } from '../post/read.js';
import { postTargets, renderPost } from '../render/index.js';
import { networkLength } from '../render/length.js';
import { describeXCalls, formatCost, xCallsCost, xCallsOf, xPlan, xPrices } from '../render/x-cost.js';
import { formatSize, tr } from '../i18n/index.js';
import { inspectMedia, maxImageBytes } from '../media/inspect.js';
import { reducible } from '../media/reduce.js';
import approvalRule, { approvalVerdict } from '../rules/approval.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { currentTime } from '../util/clock.js';

const APPROVAL_MESSAGES = approvalRule.meta.messages as Record<string, { fr: string; en: string }> & Record<'missing', { fr: string; en: string }>;

export interface PreviewOptions extends GlobalOptions {
  post: string;
  format?: 'text' | 'json' | 'markdown' | 'html';
  json?: boolean;
  /** html: write the page to this file. */
  out?: string;
  /** html: open the page in the user's browser. */
  open?: boolean;
}

export async function preview(io: Io, opts: PreviewOptions): Promise<number> {
  // --open alone asks for the page (preview-html.ts checks --out and --open against the format).
  const format = opts.json ? 'json' : opts.open && (opts.format ?? 'text') === 'text' ? 'html' : (opts.format ?? 'text');
  if (format === 'html' || opts.out || opts.open) return (await import('./preview-html.js')).previewHtml(io, opts);
  if (format !== 'text') return (await import('./preview-format.js')).previewFormatted(io, opts, format);
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const fr = lang === 'fr';
  const color = colorEnabled(io);
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[39m` : s);
  // French puts a space before the colon, English does not.
  const c = fr ? ' : ' : ': ';
  const { post, result } = await readAndCheck(io, ctx, opts.post);
  const out: string[] = [bold(printable(post.file))];
  if (post.data) {
    const data = post.data;
    const type = charter.types[data.type];
    out.push(`Type${c}${type?.label ?? data.type} — ${fr ? 'auteur·e' : 'author'}${c}${charter.people.find((p) => p.id === data.author)?.name ?? data.author}`);
    const at = data.publish_at ? parseDateTime(data.publish_at, charter.timezone) : undefined;
    out.push(
      (fr ? 'Publication : ' : 'Publication: ') +
        (at ? formatDateTime(at, charter.timezone, lang) : fr ? 'dès l’approbation' : 'as soon as approved'),
    );
    const verdict = approvalVerdict(data, charter, path.dirname(post.path), currentTime(), post.id);
    out.push(
      (fr ? 'Approbation : ' : 'Approval: ') +
        (verdict.ok
          ? verdict.how === 'review'
            ? (fr ? `approuvé par ${data.review?.by}` : `approved by ${data.review?.by}`)
            : fr ? 'auteur·e formé·e pendant l’événement (sans relecture)' : 'trained author during the event (no review needed)'
          : tr(lang, APPROVAL_MESSAGES[verdict.messageId]!, { id: post.id, ...verdict.data })),
    );
    if (!verdict.ok && type?.approval === 'trained-author') {
      out.push(
        dim(
          fr
            ? '  (une personne formée peut aussi publier ce type sans relecture pendant l’événement : d’une heure avant le début à la fin de la journée)'
            : '  (a trained person may also publish this type without review during the event: from one hour before it starts to the end of that day)',
        ),
      );
    }
    for (const network of postTargets(data, charter)) {
      const net = charter.networks[network];
      const r = renderPost(data, charter, network, path.dirname(post.path));
      const mirror = net?.mirror_of ? (fr ? ` (miroir de ${charter.networks[net.mirror_of]?.label})` : ` (mirror of ${charter.networks[net.mirror_of]?.label})`) : '';
      const receipt = data.published?.[network];
      out.push('', bold(`── ${net?.label ?? network}${mirror}`) + (receipt ? dim(fr ? `  déjà publié : ${receipt.url ?? receipt.id}` : `  already published: ${receipt.url ?? receipt.id}`) : ''));
      const vis = (v: string | undefined) => (fr ? ({ public: 'public', unlisted: 'non listé', private: 'abonné·es seulement', direct: 'mentionné·es seulement' } as Record<string, string>)[v ?? ''] ?? v : v);
      if (r.visibility) out.push(dim(`${fr ? 'visibilité' : 'visibility'}${c}${vis(r.visibility)}${r.items.length > 1 ? `, ${fr ? 'réponses' : 'replies'}${c}${vis(r.threadVisibility)}` : ''}`));
      if (r.spoiler) out.push(dim(`${fr ? 'avertissement (CW)' : 'content warning'}${c}${r.spoiler}`));
      if (r.quoteId) out.push(dim(`${fr ? 'cite le post' : 'quotes post'} ${r.quoteId} (${data.share})`));
      if (r.link) out.push(dim(`${fr ? 'lien (carte d’aperçu)' : 'link (preview card)'}${c}${r.link}`));
      // Bluesky: the card lm-post builds (the page's Open Graph data at publish, else these words), and the record's languages.
      if (r.card) out.push(dim(`${fr ? 'carte de lien' : 'link card'}${c}${r.card.uri} — « ${r.card.title} »${fr ? ' (titre et résumé de la page, lus à la publication)' : ' (the page’s title and summary, read at publish)'}`));
      if (r.langs) out.push(dim(`${fr ? 'langues' : 'languages'}${c}${r.langs.join(', ')}`));
      if (network === 'twitter' && xPlan(charter) === 'pay-per-use') {
        // Each created post is billed, far more when its text holds a URL, and so is each alt text (SPEC §12).
        const prices = xPrices(charter);
        const calls = xCallsOf(r.items);
        const cost = formatCost(xCallsCost(calls, prices), prices.currency, lang);
        out.push(`${fr ? 'coût X' : 'X cost'}${c}${cost}` + dim(` (${describeXCalls(calls, prices, lang)})`));
      }
      r.items.forEach((item, i) => {
        const len = networkLength(network, item.text, i === 0 ? r.spoiler : undefined);
        const max = net?.max_length ?? Infinity;
        // Bluesky counts UTF-8 bytes too (3000 at most).
        const count = `${len}/${max}` + (network === 'bluesky' ? ` · ${Buffer.byteLength(item.text, 'utf8')}/3000 ${fr ? 'octets' : 'bytes'}` : '');
        const head = r.items.length > 1 ? `[${i + 1}/${r.items.length}] ` : '';
        out.push(`${head}${len > max ? red(count) : dim(count)}`);
        out.push(...item.text.split('\n').map((l) => `  │ ${l}`));
        for (const m of item.media) {
          out.push(`  🖼  ${m.file} — alt${c}${m.alt || (fr ? '(aucun)' : '(none)')}`);
          // Oversized JPEG/PNG: say that a reduced copy goes out (media/reduce.ts), the file staying as it is.
          const info = inspectMedia(m.file, path.dirname(post.path), ctx.queueDir);
          const max = maxImageBytes(charter, network);
          if (!('kind' in info) && info.size > max && reducible(info.type)) {
            out.push(dim(fr
              ? `     copie réduite envoyée à ${net?.label ?? network} : ${formatSize(info.size, lang)} > ${formatSize(max, lang)} (le fichier ne change pas)`
              : `     reduced copy sent to ${net?.label ?? network}: ${formatSize(info.size, lang)} > ${formatSize(max, lang)} (the file does not change)`));
          }
        }
      });
    }
    out.push('');
  }
  out.push(stylish([result], { lang, color }).trimEnd());
  io.out(out.join('\n') + '\n');
  return result.errorCount > 0 ? ExitCode.problems : ExitCode.ok;
}

/** The one post `preview` shows (any output format), read and checked against the whole queue. */
export async function readAndCheck(io: Io, ctx: ReturnType<typeof loadContext>, name: string): Promise<{ post: ReadPost; result: LintResult }> {
  const files = resolvePostPaths([name], ctx.queueDir, io.cwd);
  if (files.length !== 1) {
    throw new LmPostError(
      'preview-one',
      { fr: 'preview montre un seul billet : « {{path}} » en désigne {{n}}. Indiquez un fichier ou un identifiant.', en: 'preview shows one post: "{{path}}" names {{n}}. Give a file or an id.' },
      { path: name, n: files.length },
      ExitCode.usage,
    );
  }
  const post = readPost(files[0]!, io.cwd);
  const result = await lintPost(post, { charter: ctx.charter, queueDir: ctx.queueDir, cwd: io.cwd, lang: ctx.lang }, queueIndexOf(readValidPosts(listQueue(ctx.queueDir), io.cwd), ctx.charter));
  return { post, result };
}
