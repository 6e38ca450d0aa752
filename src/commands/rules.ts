import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { ruleSetting } from '../lint/engine.js';
import { RULES } from '../rules/index.js';

export async function rules(io: Io, opts: GlobalOptions & { json?: boolean }): Promise<number> {
  const { charter, lang } = loadContext(io, opts);
  if (opts.json) {
    io.out(JSON.stringify(RULES.map((r) => ({ id: r.meta.id, ...ruleSetting(charter, r), defaultSeverity: r.meta.defaultSeverity, description: r.meta.description[lang] }))) + '\n');
    return ExitCode.ok;
  }
  const color = colorEnabled(io);
  const sevLabel = { error: lang === 'fr' ? 'erreur' : 'error', warn: lang === 'fr' ? 'attention' : 'warn', off: lang === 'fr' ? 'désactivée' : 'off' };
  const paint = (sev: string, s: string) => (!color ? s : sev === 'error' ? `\x1b[31m${s}\x1b[39m` : sev === 'warn' ? `\x1b[33m${s}\x1b[39m` : `\x1b[2m${s}\x1b[22m`);
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  const lines = RULES.map((r) => {
    const { severity } = ruleSetting(charter, r);
    const note = '';
    return `${r.meta.id.padEnd(width)}  ${paint(severity, sevLabel[severity].padEnd(10))}  ${r.meta.description[lang]}${note}`;
  });
  io.out(lines.join('\n') + '\n');
  return ExitCode.ok;
}
