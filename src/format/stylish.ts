import { printable } from '../util/printable.js';
import { type Lang } from '../i18n/index.js';
import type { LintResult } from '../lint/engine.js';
import type { FormatContext } from './index.js';

const paint = (on: boolean) => ({
  red: (s: string) => (on ? `\x1b[31m${s}\x1b[39m` : s),
  yellow: (s: string) => (on ? `\x1b[33m${s}\x1b[39m` : s),
  dim: (s: string) => (on ? `\x1b[2m${s}\x1b[22m` : s),
  bold: (s: string) => (on ? `\x1b[1m${s}\x1b[22m` : s),
  underline: (s: string) => (on ? `\x1b[4m${s}\x1b[24m` : s),
  green: (s: string) => (on ? `\x1b[32m${s}\x1b[39m` : s),
});

function plural(lang: Lang, n: number, fr: [string, string], en: [string, string]): string {
  const [one, many] = lang === 'fr' ? fr : en;
  return `${n} ${lang === 'fr' ? (n <= 1 ? one : many) : n === 1 ? one : many}`;
}

/** For people: grouped by file, one line per problem with its position, a summary at the end. */
export function stylish(results: readonly LintResult[], ctx: FormatContext): string {
  const c = paint(ctx.color);
  const { lang } = ctx;
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    if (!r.messages.length) continue;
    errors += r.errorCount;
    warnings += r.warningCount;
    out.push(c.underline(printable(r.file)));
    // Columns aligned as in ESLint's stylish; each line keeps file:line:column so terminals and
    // editors can jump to it.
    const pos = r.messages.map((m) => `${printable(r.file)}:${m.line}:${m.column}`);
    const posWidth = Math.max(...pos.map((p) => p.length));
    const sevText = (m: (typeof r.messages)[number]) => (m.severity === 2 ? (lang === 'fr' ? 'erreur' : 'error') : lang === 'fr' ? 'attention' : 'warning');
    const sevWidth = Math.max(...r.messages.map((m) => sevText(m).length));
    r.messages.forEach((m, i) => {
      const label = sevText(m).padEnd(sevWidth);
      const sev = m.severity === 2 ? c.red(label) : c.yellow(label);
      out.push(`  ${pos[i]!.padEnd(posWidth)}  ${sev}  ${printable(m.message)}  ${c.dim(m.ruleId)}`);
    });
    out.push('');
  }
  const files = results.length;
  if (errors + warnings === 0) {
    out.push(c.green(lang === 'fr' ? `✓ ${plural(lang, files, ['billet vérifié', 'billets vérifiés'], ['', ''])}, aucun problème.` : `✓ ${plural(lang, files, ['post checked', 'posts checked'], ['post checked', 'posts checked'])}, no problems.`));
  } else {
    const total = errors + warnings;
    const line =
      lang === 'fr'
        ? `✖ ${plural(lang, total, ['problème', 'problèmes'], ['', ''])} (${plural(lang, errors, ['erreur', 'erreurs'], ['', ''])}, ${plural(lang, warnings, ['avertissement', 'avertissements'], ['', ''])}) dans ${plural(lang, files, ['billet', 'billets'], ['', ''])}`
        : `✖ ${plural(lang, total, ['', ''], ['problem', 'problems'])} (${plural(lang, errors, ['', ''], ['error', 'errors'])}, ${plural(lang, warnings, ['', ''], ['warning', 'warnings'])}) in ${plural(lang, files, ['', ''], ['post', 'posts'])}`;
    out.push(errors ? c.red(c.bold(line)) : c.yellow(c.bold(line)));
  }
  return out.join('\n') + '\n';
}
