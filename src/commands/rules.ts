import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { ruleSetting } from '../lint/engine.js';
import { type Lang, tr } from '../i18n/index.js';
import { RULES } from '../rules/index.js';

export async function rules(io: Io, opts: GlobalOptions & { json?: boolean }): Promise<number> {
  const { charter, lang } = loadContext(io, opts);
  if (opts.json) {
    io.out(JSON.stringify(RULES.map((r) => ({ id: r.meta.id, ...ruleSetting(charter, r), defaultSeverity: r.meta.defaultSeverity, description: tr(lang, r.meta.description, ruleSetting(charter, r).options) }))) + '\n');
    return ExitCode.ok;
  }
  const color = colorEnabled(io);
  const sevLabel = { error: lang === 'fr' ? 'erreur' : 'error', warn: lang === 'fr' ? 'attention' : 'warn', off: lang === 'fr' ? 'désactivée' : 'off' };
  const paint = (sev: string, s: string) => (!color ? s : sev === 'error' ? `\x1b[31m${s}\x1b[39m` : sev === 'warn' ? `\x1b[33m${s}\x1b[39m` : `\x1b[2m${s}\x1b[22m`);
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  const lines = RULES.map((r) => {
    const { severity, options } = ruleSetting(charter, r);
    const note = optionSentences(options, lang);
    return `${r.meta.id.padEnd(width)}  ${paint(severity, sevLabel[severity].padEnd(10))}  ${tr(lang, r.meta.description, options)}${note}`;
  });
  io.out(lines.join('\n') + '\n');
  return ExitCode.ok;
}

/** Rule options said in sentences with the charter's values, not as raw option names. */
function optionSentences(options: Readonly<Record<string, unknown>>, lang: Lang): string {
  const out: string[] = [];
  const terms = options.terms as Record<string, string> | undefined;
  if (terms && Object.keys(terms).length) {
    const list = Object.entries(terms).map(([a, b]) => (lang === 'fr' ? `« ${a} » → « ${b} »` : `"${a}" → "${b}"`));
    out.push(lang === 'fr' ? `Termes de la charte : ${list.join(', ')}.` : `Charter terms: ${list.join(', ')}.`);
  }
  const domains = options.domains as string[] | undefined;
  if (Array.isArray(domains) && domains.length) {
    const shown = domains.slice(0, 6).join(', ') + (domains.length > 6 ? '…' : '.');
    out.push(lang === 'fr' ? `Raccourcisseurs reconnus (${domains.length}) : ${shown}` : `Known shorteners (${domains.length}): ${shown}`);
  }
  return out.length ? ` ${out.join(' ')}` : '';
}
