// Text from a post made inert for the software that reads it: one line, and nothing in it that
// the target language would take as markup. (`printable` makes it one visible line for terminals
// and CI logs; these add Markdown, for the pull-request comment.)
import { printable } from './printable.js';

/**
 * Post text inside a Markdown (GitHub) line: control characters and line breaks escaped
 * (`printable`), every ASCII punctuation character backslash-escaped (CommonMark §2.4: no
 * emphasis, heading, list, link, image, HTML, comment or table can start), and "@" followed by a
 * word joiner, so that no @mention or team notification is made (GitHub links mentions in the
 * rendered text, after Markdown).
 */
export function mdText(s: string): string {
  return printable(s)
    .replace(/[!"#$%&'()*+,\-./:;<=>?[\\\]^_`{|}~]/g, '\\$&')
    .replace(/@/g, '@\u2060');
}

/** Post text as a Markdown code span that its content cannot close (a longer run of backticks). */
export function mdCode(s: string): string {
  const t = printable(s);
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${tick}${pad}${t}${pad}${tick}`;
}
