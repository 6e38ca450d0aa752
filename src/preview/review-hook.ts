// « Voir l'aperçu » in `lm-post review`: the post's preview page (the same as preview --format
// html) written to a temporary folder and opened in the reviewer's browser when there is one.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import { writeOutput } from '../doc/output.js';
import type { Io } from '../cli/io.js';
import type { Lang } from '../i18n/index.js';
import type { LintResult } from '../lint/engine.js';
import type { ReadPost } from '../post/read.js';
import { openInBrowser } from './open.js';
import { previewPage } from './page.js';

/** Writes the page, opens it, and says where it is (stderr: the session's screen stays readable). */
export function openReviewPreview(io: Io, ctx: { charter: Charter; queueDir: string; lang: Lang }, post: ReadPost, result: LintResult | undefined): string {
  const fr = ctx.lang === 'fr';
  const html = previewPage({
    id: post.id,
    file: post.file,
    path: post.path,
    data: post.data,
    charter: ctx.charter,
    queueDir: ctx.queueDir,
    lang: ctx.lang,
    parsed: post.parsed,
    result: result ?? { filePath: post.path, file: post.file, postId: post.id, messages: [], errorCount: 0, warningCount: 0 },
  });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lm-post-preview-')), `${post.id}.html`);
  writeOutput({ ...io, err: () => {} }, html, file, ctx.lang);
  const r = openInBrowser(file, io.env);
  return r.opened
    ? fr ? `Aperçu ouvert dans le navigateur : ${file}` : `Preview opened in the browser: ${file}`
    : fr ? `Aperçu écrit (pas de navigateur à ouvrir ici) : ${file}` : `Preview written (no browser to open here): ${file}`;
}
