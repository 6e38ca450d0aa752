// preview --format html [--out FILE] [--open]: the post's mockups per network as one
// self-contained page (SPEC §19). Without --out the page goes to standard output, unless --open
// asks for it in a browser: then it is written to a temporary folder first.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import type { Io } from '../cli/io.js';
import { writeOutput } from '../doc/output.js';
import { ExitCode, LmPostError } from '../errors.js';
import { tr } from '../i18n/index.js';
import { previewPage } from '../preview/page.js';
import { openInBrowser } from '../preview/open.js';
import approvalRule, { approvalVerdict } from '../rules/approval.js';
import { currentTime } from '../util/clock.js';
import { type PreviewOptions, readAndCheck } from './preview.js';

const APPROVAL_MESSAGES = approvalRule.meta.messages as Record<string, { fr: string; en: string }>;

export async function previewHtml(io: Io, opts: PreviewOptions): Promise<number> {
  if (opts.json || (opts.format && opts.format !== 'html' && opts.format !== 'text')) {
    throw new LmPostError(
      'preview-out-html',
      { fr: '--out et --open vont avec la page HTML : lm-post preview {{post}} --format html --out FICHIER (ou --open).', en: '--out and --open go with the HTML page: lm-post preview {{post}} --format html --out FILE (or --open).' },
      { post: opts.post },
      ExitCode.usage,
    );
  }
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const fr = lang === 'fr';
  const { post, result } = await readAndCheck(io, ctx, opts.post);
  let approval: string | undefined;
  if (post.data) {
    const v = approvalVerdict(post.data, charter, path.dirname(post.path), currentTime(), post.id);
    approval = v.ok
      ? v.how === 'review'
        ? fr ? `approuvé par ${post.data.review?.by}` : `approved by ${post.data.review?.by}`
        : fr ? 'auteur·e formé·e pendant l’événement' : 'trained author during the event'
      : tr(lang, APPROVAL_MESSAGES[v.messageId] ?? { fr: v.messageId, en: v.messageId }, { id: post.id, ...v.data });
  }
  const html = previewPage({ id: post.id, file: post.file, path: post.path, data: post.data, charter, queueDir: ctx.queueDir, result, lang, parsed: post.parsed, ...(approval ? { approval } : {}) });
  const code = result.errorCount > 0 ? ExitCode.problems : ExitCode.ok;
  let out = opts.out;
  if (!out && opts.open) out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lm-post-preview-')), `${post.id}.html`);
  writeOutput(io, html, out, lang);
  if (opts.open && out) {
    const file = path.resolve(io.cwd, out);
    const r = openInBrowser(file, io.env);
    // Never fails the command: the page is written, the person can open it.
    if (!r.opened) io.err(fr ? `Pas de navigateur à ouvrir ici : ouvrez ${file} vous-même.\n` : `No browser to open here: open ${file} yourself.\n`);
    else io.err(fr ? `Ouvert dans le navigateur : ${file}\n` : `Opened in the browser: ${file}\n`);
  }
  return code;
}
