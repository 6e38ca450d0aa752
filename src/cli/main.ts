// The command line: declares commands and owns the one process boundary (exit code, stderr).
// Each action lazily imports its command, so `--help` and `check` never load a network SDK.
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, LmPostError } from '../errors.js';
import { type Lang, isLang, resolveLang } from '../i18n/index.js';
import { type GlobalOptions, type Io, processIo } from './io.js';
import { HELP } from './help.js';

function preLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return resolveLang({ flag, env });
}

export function buildProgram(io: Io, lang: Lang, setCode: (c: number) => void): Command {
  const h = HELP[lang];
  const program = new Command('lm-post')
    .description(h.program)
    .version(VERSION, '-V, --version', h.version)
    .helpOption('-h, --help', h.help)
    .helpCommand('help [commande]', h.help)
    .option('--charter <chemin>', h.charter)
    .option('--queue <dossier>', h.queue)
    .addOption(new Option('--lang <langue>', h.lang).choices(['fr', 'en']))
    .showHelpAfterError(h.seeHelp)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(lang === 'fr' ? frenchCommanderError(s) : s) });

  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

  program
    .command('check')
    .description(h.check)
    .argument('[chemins...]', h.checkPaths)
    .addOption(new Option('-f, --format <format>', h.format).choices(['stylish', 'json', 'github']).default('stylish'))
    .option('--max-warnings <n>', h.maxWarnings, (v) => parseCount(v, lang))
    .option('--require-approval', h.requireApproval)
    .action(async (paths: string[], opts, cmd: Command) => {
      const { check } = await import('../commands/check.js');
      setCode(await check(io, { ...globals(cmd), ...opts, paths }));
    });

  program
    .command('preview')
    .description(h.preview)
    .argument('<billet>', h.post)
    .action(async (post: string, _opts, cmd: Command) => {
      const { preview } = await import('../commands/preview.js');
      setCode(await preview(io, { ...globals(cmd), post }));
    });

  program
    .command('rules')
    .description(h.rules)
    .action(async (_opts, cmd: Command) => {
      const { rules } = await import('../commands/rules.js');
      setCode(await rules(io, globals(cmd)));
    });

  program
    .command('publish')
    .description(h.publish)
    .argument('[billets...]', h.publishPosts)
    .option('-n, --dry-run', h.dryRun)
    .option('--sandbox', h.sandbox)
    .option('--network <réseaux...>', h.network)
    .option('--json', h.json)
    .option('--ignore-schedule', h.ignoreSchedule)
    .option('--timeout <secondes>', h.timeout, (v) => parseCount(v, lang))
    .action(async (posts: string[], opts, cmd: Command) => {
      const { publish } = await import('../commands/publish.js');
      setCode(await publish(io, { ...globals(cmd), ...opts, posts }));
    });

  const reviewCommand = (name: 'approve' | 'reject' | 'request-changes', state: 'approved' | 'rejected' | 'changes-requested', description: string) =>
    program
      .command(name)
      .description(description)
      .argument('[billets...]', h.post)
      .option('--as <id>', h.as)
      .option('--note <texte>', h.note)
      .option('--all', h.all)
      .action(async (posts: string[], opts, cmd: Command) => {
        const { review } = await import('../commands/approve.js');
        setCode(await review(io, { ...globals(cmd), ...opts, posts, state }));
      });
  reviewCommand('approve', 'approved', h.approve);
  reviewCommand('request-changes', 'changes-requested', h.requestChanges);
  reviewCommand('reject', 'rejected', h.reject);

  program
    .command('resolve')
    .description(h.resolve)
    .argument('<billet>', h.post)
    .requiredOption('--network <réseau>', h.resolveNetwork)
    .option('--created <url>', h.resolveCreated)
    .option('--not-created', h.resolveNotCreated)
    .option('--sandbox', h.sandbox)
    .action(async (post: string, opts, cmd: Command) => {
      const { resolve } = await import('../commands/resolve.js');
      setCode(await resolve(io, { ...globals(cmd), ...opts, post }));
    });
  return program;
}

function parseCount(v: string, lang: Lang): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new LmPostError('bad-count', { fr: '« {{v}} » n’est pas un nombre entier positif.', en: '"{{v}}" is not a non-negative integer.' }, { v }, ExitCode.usage);
  }
  void lang;
  return n;
}

export const VERSION = '0.1.0';

/** Commander speaks English only: translate its usage errors for French-speaking users. */
const COMMANDER_FR: [RegExp, string][] = [
  [/^error: unknown command '([^']*)'/, 'erreur : commande inconnue « $1 »'],
  [/^error: unknown option '([^']*)'/, 'erreur : option inconnue « $1 »'],
  [/^error: missing required argument '([^']*)'/, 'erreur : argument obligatoire manquant « $1 »'],
  [/^error: required option '([^']*)' not specified/, 'erreur : option obligatoire manquante « $1 »'],
  [/^error: option '([^']*)' argument missing/, 'erreur : l’option « $1 » attend une valeur'],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./, 'erreur : valeur « $2 » invalide pour « $1 » ; valeurs possibles : $3.'],
  [/^error: too many arguments.*/, 'erreur : trop d’arguments'],
  [/\(Did you mean (.*)\?\)/, '(Vouliez-vous dire $1 ?)'],
];

function frenchCommanderError(s: string): string {
  return s
    .split('\n')
    .map((line) => COMMANDER_FR.reduce((l, [re, fr]) => l.replace(re, fr), line))
    .join('\n');
}

/** Run the CLI; returns the exit code instead of exiting (tests call it in-process too). */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const lang = preLang(argv, io.env);
  let code: number = ExitCode.ok;
  const program = buildProgram(io, lang, (c) => (code = c));
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return ExitCode.ok;
      return ExitCode.usage;
    }
    if (e instanceof LmPostError) {
      io.err(e.format(isLang(lang) ? lang : 'fr') + '\n');
      return e.exitCode;
    }
    // Never a stack trace for users; LM_POST_DEBUG=1 shows it to developers.
    const err = e as Error;
    io.err(
      (lang === 'fr' ? 'Erreur interne de lm-post : ' : 'lm-post internal error: ') +
        `${err?.name ?? 'Error'}: ${redactSecrets(String(err?.message ?? e), io.env)}\n` +
        (io.env.LM_POST_DEBUG === '1' ? redactSecrets(String(err?.stack), io.env) + '\n' : ''),
    );
    return ExitCode.problems;
  }
}

/** Remove every credential value of the environment from a text. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const [k, v] of Object.entries(env)) {
    if (v && v.length >= 6 && /^LM_POST_.*(TOKEN|SECRET|KEY)/.test(k)) out = out.split(v).join('[redacted]');
  }
  return out;
}
