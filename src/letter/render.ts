// The letter in its three forms: the MJML source (Mustache template filled in), the HTML that
// mjml compiles from it (loaded lazily: mjml costs ~0.6 s to import), and the plain text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { ExitCode, LmPostError } from '../errors.js';
import type { AssembledLetter, LetterImage, LetterModel } from './assemble.js';

/** How images are referenced: `cid:` attachments in an email, `data:` URIs in a file to preview. */
export type ImageMode = 'cid' | 'inline';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const URL_RE = /https?:\/\/[^\s<>"«»]+[^\s<>"«».,;:!?)]/g;

/** Paragraphs, line breaks and links of an item's text, escaped. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => {
      let out = '';
      let last = 0;
      for (const m of para.matchAll(URL_RE)) {
        out += escapeHtml(para.slice(last, m.index)) + `<a href="${escapeHtml(m[0])}">${escapeHtml(m[0])}</a>`;
        last = m.index! + m[0].length;
      }
      out += escapeHtml(para.slice(last));
      return `<p style="margin:0 0 10px 0">${out.replace(/\n/g, '<br />')}</p>`;
    })
    .join('');
}

const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp' };

export function mimeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function imageSrc(img: LetterImage, mode: ImageMode): string {
  if (mode === 'cid') return `cid:${img.cid}`;
  // An image that failed the publishers' checks (see assemble) is never read.
  if (!img.absPath) return '';
  try {
    return `data:${mimeOf(img.file)};base64,${readFileSync(img.absPath).toString('base64')}`;
  } catch {
    return img.file;
  }
}

function view(model: LetterModel, mode: ImageMode): object {
  return {
    ...model,
    // Every optional field is present (null when absent): Mustache would otherwise look it up in
    // the enclosing context and show, say, the letter's intro under each section.
    sections: model.sections.map((s) => ({
      ...s,
      intro: s.intro ?? null,
      items: s.items.map((i) => ({
        heading: null,
        when: null,
        place: null,
        link: null,
        ...i,
        intro: null,
        title: null,
        html: textToHtml(i.text),
        images: i.images.map((m) => ({ ...m, src: imageSrc(m, mode) })),
      })),
    })),
  };
}

/** Fill a template in; a broken template (an unclosed block…) is the user's file to fix, not a crash. */
function fill(letter: AssembledLetter, name: 'letter.mjml' | 'letter.txt', template: string, v: object, escape: (s: string) => string): string {
  try {
    return Mustache.render(template, v, {}, { escape });
  } catch (e) {
    throw new LmPostError(
      'letter-template-syntax',
      { fr: 'Gabarit {{file}} invalide : {{detail}}', en: 'Invalid template {{file}}: {{detail}}' },
      { file: path.join(path.relative(process.cwd(), letter.templates.dir), name), detail: String((e as Error).message ?? e) },
      ExitCode.usage,
    );
  }
}

export function renderMjml(letter: AssembledLetter, mode: ImageMode): string {
  return fill(letter, 'letter.mjml', letter.templates.mjml, view(letter.model, mode), escapeHtml);
}

export function renderText(letter: AssembledLetter): string {
  // Plain text: nothing is HTML-escaped.
  const text = fill(letter, 'letter.txt', letter.templates.text, view(letter.model, 'cid'), (s: string) => s);
  return text.replace(/[ \t]+$/gm, '').replace(/\n{4,}/g, '\n\n\n').replace(/^\n+/, '').trimEnd() + '\n';
}

export async function renderHtml(letter: AssembledLetter, mode: ImageMode): Promise<string> {
  const source = renderMjml(letter, mode);
  const { default: mjml } = (await import('mjml')) as unknown as { default: (s: string, o: object) => Promise<{ html: string; errors: { line: number; message: string; tagName: string }[] }> };
  let result;
  try {
    result = await mjml(source, { validationLevel: 'strict', keepComments: false });
  } catch (e) {
    const errors = (e as { errors?: { line: number; message: string }[] }).errors ?? [{ line: 0, message: String((e as Error).message ?? e) }];
    throw templateError(letter, errors);
  }
  if (result.errors.length) throw templateError(letter, result.errors);
  return result.html;
}

function templateError(letter: AssembledLetter, errors: { line: number; message: string }[]): LmPostError {
  return new LmPostError(
    'letter-template-invalid',
    {
      fr: 'Le gabarit {{file}} ne donne pas un MJML valide : {{errors}}',
      en: 'The template {{file}} does not give valid MJML: {{errors}}',
    },
    { file: path.join(path.relative(process.cwd(), letter.templates.dir), 'letter.mjml'), errors: errors.map((e) => `ligne/line ${e.line}: ${e.message}`).join(' ; ') },
    ExitCode.usage,
  );
}
