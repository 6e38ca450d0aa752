// The letter in its three forms: the MJML source (Mustache template filled in), the HTML (the
// template compiled once by mjml, then filled in: ./compile.ts), and the plain text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { ExitCode, LmPostError } from '../errors.js';
import type { AssembledLetter, LetterImage, LetterModel } from './assemble.js';
import { compiledTemplate } from './compile.js';

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
  // The template compiled once to HTML (Mustache tags kept; ./compile.ts), then filled in.
  const html = await compiledTemplate({ mjml: letter.templates.mjml, dir: letter.templates.dir });
  return fill(letter, 'letter.mjml', html, view(letter.model, mode), escapeHtml);
}
