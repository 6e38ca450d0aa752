// lm-post doctor: one line per check (✓ / ⚠ / ✗) with what to do; --json for scripts.
import { DEFAULT_CHARTER } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { resolveLang } from '../i18n/index.js';
import { runDoctor, type Verdict } from '../doctor/index.js';
import { redact, refuseLeakyDebugSwitches, secretValues } from '../publish/credentials.js';

export interface DoctorCommandOptions extends GlobalOptions {
  sandbox?: boolean;
  json?: boolean;
}

const MARK: Record<Verdict, string> = { ok: '✓', warn: '⚠', fail: '✗' };

export async function doctor(io: Io, opts: DoctorCommandOptions): Promise<number> {
  // The charter may be the thing that is broken: the language comes from the flag or environment.
  const lang = resolveLang({ flag: opts.lang, env: io.env });
  // doctor tries the credentials against the networks: the same guard as every sender.
  refuseLeakyDebugSwitches(io.env);
  const checks = await runDoctor({ cwd: io.cwd, env: io.env, lang, charterPath: opts.charter ?? DEFAULT_CHARTER, sandbox: opts.sandbox ?? false });
  const secrets = secretValues(io.env);
  const clean = (s: string) => redact(s, secrets);
  const failed = checks.some((c) => c.status === 'fail');
  if (opts.json) {
    io.out(JSON.stringify({ ok: !failed, sandbox: opts.sandbox ?? false, checks: checks.map((c) => ({ ...c, title: clean(c.title), ...(c.fix ? { fix: clean(c.fix) } : {}) })) }, null, 2) + '\n');
  } else {
    const color = colorEnabled(io);
    const paint = (v: Verdict, s: string) => (!color ? s : `\x1b[${v === 'ok' ? 32 : v === 'warn' ? 33 : 31}m${s}\x1b[39m`);
    const lines = checks.map((c) => `${paint(c.status, MARK[c.status])} ${clean(c.title)}${c.fix ? `\n    → ${clean(c.fix).split('\n').map((l) => l.trim()).join('\n      ')}` : ''}`);
    const fr = lang === 'fr';
    const warns = checks.filter((c) => c.status === 'warn').length;
    const fails = checks.filter((c) => c.status === 'fail').length;
    const tail = fails
      ? fr ? `${fails} problème(s) à corriger avant de publier.` : `${fails} problem(s) to fix before publishing.`
      : warns ? (fr ? `Prêt à publier, avec ${warns} avertissement(s).` : `Ready to publish, with ${warns} warning(s).`) : fr ? 'Tout est prêt pour publier.' : 'Everything is ready to publish.';
    io.out(`${lines.join('\n')}\n\n${tail}\n`);
  }
  return failed ? ExitCode.problems : ExitCode.ok;
}
