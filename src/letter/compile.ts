// The letter's MJML template compiled once, not once per letter: mjml and its minifier chain weigh
// ~60 MB of dependencies (typescript, svgo, csso, js-beautify…), too much to install with every
// lm-post for a letter sent twice a month. So the template itself (Mustache inside MJML) is
// compiled to HTML with its Mustache tags kept, and each letter only fills that HTML in.
//
// The compiled template lives beside the source, `letter/letter.compiled.html`, its first line
// naming the digest of the `letter.mjml` it comes from: commit it, and CI (or any install without
// mjml) renders letters with Mustache alone. When the source changes, lm-post recompiles it if mjml
// can be loaded (lm-post's own dependencies in a development checkout, or the project's
// node_modules: `npm i --no-save mjml@5`), else it says exactly that.
//
// Mustache tags that stand between MJML elements (`{{#items}}` around an <mj-text>…) are wrapped
// in <mj-raw>, which MJML copies as is to the same place of its output: a repeated or optional
// block of MJML becomes the same block of HTML. Tags inside an element's text (<mj-text>…) or
// attributes (src="{{src}}") pass through MJML unchanged.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExitCode, LmPostError } from '../errors.js';

export const COMPILED_NAME = 'letter.compiled.html';
const HEADER = /^<!-- lm-post: compiled from letter\.mjml sha256:([0-9a-f]{64})[^\n]*-->\n/;

/** Elements whose content MJML keeps as written (its "ending tags"). */
const ENDING = new Set([
  'mj-text', 'mj-button', 'mj-raw', 'mj-table', 'mj-title', 'mj-preview', 'mj-style',
  'mj-navbar-link', 'mj-accordion-title', 'mj-accordion-text', 'mj-social-element', 'mj-font',
]);

export function templateDigest(mjml: string): string {
  return createHash('sha256').update(mjml).digest('hex');
}

/**
 * The template as MJML that mjml accepts: Mustache comments dropped, the other Mustache tags
 * that stand between elements wrapped in <mj-raw>.
 */
export function skeleton(template: string): string {
  const TOKEN = /\{\{![\s\S]*?\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}|<!--[\s\S]*?-->|<\/?([a-zA-Z][\w-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;
  let out = '';
  let last = 0;
  let ending: string | undefined;
  for (const m of template.matchAll(TOKEN)) {
    const tok = m[0];
    out += template.slice(last, m.index);
    last = m.index + tok.length;
    if (tok.startsWith('{{')) {
      if (tok.startsWith('{{!')) continue;
      out += ending ? tok : `<mj-raw>${tok}</mj-raw>`;
      continue;
    }
    const name = m[1]?.toLowerCase();
    if (name) {
      if (ending) {
        if (tok.startsWith('</') && name === ending) ending = undefined;
      } else if (ENDING.has(name) && !tok.startsWith('</') && !tok.endsWith('/>')) ending = name;
    }
    out += tok;
  }
  return out + template.slice(last);
}

type Mjml = (s: string, o: object) => Promise<{ html: string; errors: { line: number; message: string }[] }>;

/** mjml from lm-post's own dependencies, else from the project's (where the charter is). */
async function loadMjml(projectDir: string): Promise<Mjml | undefined> {
  for (const base of [import.meta.url, path.join(projectDir, 'package.json'), path.join(process.cwd(), 'package.json')]) {
    let resolved: string;
    try {
      resolved = createRequire(base).resolve('mjml');
    } catch {
      continue;
    }
    const m = (await import(new URL(`file://${resolved}`).href)) as { default: Mjml | { default: Mjml } };
    return typeof m.default === 'function' ? m.default : m.default.default;
  }
  return undefined;
}

export interface TemplateRef {
  /** The letter.mjml source. */
  mjml: string;
  /** Its folder. */
  dir: string;
}

function rel(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

export function templateError(file: string, errors: { line: number; message: string }[]): LmPostError {
  return new LmPostError(
    'letter-template-invalid',
    {
      fr: 'Le gabarit {{file}} ne donne pas un MJML valide : {{errors}}',
      en: 'The template {{file}} does not give valid MJML: {{errors}}',
    },
    { file: rel(file), errors: errors.map((e) => `ligne/line ${e.line}: ${e.message}`).join(' ; ') },
    ExitCode.usage,
  );
}

/**
 * The compiled HTML template (Mustache tags kept) of `letter.mjml`: the committed
 * letter.compiled.html when it matches the source, else compiled now and written beside it.
 */
export async function compiledTemplate(t: TemplateRef): Promise<string> {
  const digest = templateDigest(t.mjml);
  const compiledFile = path.join(t.dir, COMPILED_NAME);
  let existing: string | undefined;
  try {
    existing = readFileSync(compiledFile, 'utf8');
  } catch {
    /* not compiled yet */
  }
  const head = existing?.match(HEADER);
  if (existing && head && head[1] === digest) return existing.slice(head[0].length);

  const mjml = await loadMjml(path.dirname(t.dir));
  if (!mjml) {
    throw new LmPostError(
      'letter-template-not-compiled',
      {
        fr: 'Le gabarit {{file}} n’est pas compilé ({{compiled}} absent ou d’une autre version du gabarit), et le compilateur MJML n’est pas installé (lm-post ne l’embarque pas : il pèse ~60 Mo). Dans le dossier du projet : `npm i --no-save mjml@5`, relancez cette commande (elle écrit {{compiled}}), puis commitez {{compiled}} : la CI n’aura plus besoin de mjml.',
        en: 'The template {{file}} is not compiled ({{compiled}} missing or from another version of the template), and the MJML compiler is not installed (lm-post does not carry it: it weighs ~60 MB). In the project folder: `npm i --no-save mjml@5`, run this command again (it writes {{compiled}}), then commit {{compiled}}: CI will no longer need mjml.',
      },
      { file: rel(path.join(t.dir, 'letter.mjml')), compiled: rel(compiledFile) },
      ExitCode.usage,
    );
  }
  let result;
  try {
    result = await mjml(skeleton(t.mjml), { validationLevel: 'strict', keepComments: false });
  } catch (e) {
    const errors = (e as { errors?: { line: number; message: string }[] }).errors ?? [{ line: 0, message: String((e as Error).message ?? e) }];
    throw templateError(path.join(t.dir, 'letter.mjml'), errors);
  }
  if (result.errors.length) throw templateError(path.join(t.dir, 'letter.mjml'), result.errors);
  const html = result.html.endsWith('\n') ? result.html : result.html + '\n';
  // Written whole or not at all; a read-only folder only costs a compilation next time.
  const tmp = `${compiledFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `<!-- lm-post: compiled from letter.mjml sha256:${digest}; do not edit, edit letter.mjml -->\n${html}`);
    renameSync(tmp, compiledFile);
  } catch {
    rmSync(tmp, { force: true });
  }
  return html;
}
