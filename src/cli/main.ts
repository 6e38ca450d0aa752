// The command line: declares commands and owns the one process boundary (exit code, stderr).
// Each action lazily imports its command, so `--help` and `check` never load a network SDK.
import { Argument, Command, CommanderError, Help, Option } from 'commander';
import { ExitCode, LmPostError } from '../errors.js';
import { type Lang, isLang, resolveLang } from '../i18n/index.js';
import { type GlobalOptions, type Io, processIo } from './io.js';
import { HELP } from './help.js';
import { HELP_CI } from './help-ci.js';
import { HELP_PREVIEW } from './help-preview.js';
import { WORKFLOW_HELP } from './help-workflow.js';
import { HELP_LETTER } from './help-letter.js';
import { loadEnv, redact, secretValues } from '../publish/credentials.js';
import { setNowFromDotEnv } from '../util/clock.js';

function preLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return resolveLang({ flag, env });
}

/** Placeholders of arguments and option values, per language. */
const ARGS = {
  fr: { paths: '[chemins...]', path: '<chemin>', dir: '<dossier>', lang: '<langue>', post: '<billet>', posts: '[billets...]', help: 'help [commande]', networks: '<réseaux...>', network: '<réseau>', seconds: '<secondes>', id: '<identifiant>', text: '<texte>', url: '<url>', n: '<n>', format: '<format>' },
  en: { paths: '[paths...]', path: '<path>', dir: '<dir>', lang: '<lang>', post: '<post>', posts: '[posts...]', help: 'help [command]', networks: '<networks...>', network: '<network>', seconds: '<seconds>', id: '<id>', text: '<text>', url: '<url>', n: '<n>', format: '<format>' },
} as const;

const TITLES_FR: Record<string, string> = {
  'Usage:': 'Utilisation :',
  'Options:': 'Options :',
  'Commands:': 'Commandes :',
  'Arguments:': 'Arguments :',
  'Global Options:': 'Options générales :',
};

export function buildProgram(io: Io, lang: Lang, setCode: (c: number) => void): Command {
  const h = HELP[lang];
  const a = ARGS[lang];
  const base = new Help();
  const program = new Command('lm-post')
    .description(h.program)
    .version(VERSION, '-V, --version', h.version)
    .helpOption('-h, --help', h.help)
    .helpCommand(a.help, h.help)
    .usage(lang === 'fr' ? '[options] [commande]' : '[options] [command]')
    .configureHelp({
      styleTitle: (t) => (lang === 'fr' ? (TITLES_FR[t] ?? t) : t),
      optionDescription: (o) => {
        const d = base.optionDescription(o);
        return lang === 'fr' ? d.replace('(choices: ', '(valeurs : ').replace(/\bdefault: /, 'défaut : ') : d;
      },
    })
    .option(`--charter ${a.path}`, h.charter)
    .option(`--queue ${a.dir}`, h.queue)
    .addOption(new Option(`--lang ${a.lang}`, h.lang).choices(['fr', 'en']))
    .showHelpAfterError(h.seeHelp)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(lang === 'fr' ? frenchCommanderError(s) : s) });

  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

  program
    .command('check')
    .description(h.check)
    .argument(a.paths, h.checkPaths)
    .addOption(new Option(`-f, --format ${a.format}`, h.format).choices(['stylish', 'json', 'github', 'gitlab']).default('stylish'))
    .option(`--max-warnings ${a.n}`, h.maxWarnings, (v) => parseCount(v, 0, '--max-warnings'))
    .option('--require-approval', h.requireApproval)
    .action(async (paths: string[], opts, cmd: Command) => {
      const { check } = await import('../commands/check.js');
      setCode(await check(io, { ...globals(cmd), ...opts, paths }));
    });

  program
    .command('preview')
    .description(h.preview)
    .argument(a.post, h.post)
    .addOption(new Option(`-f, --format ${a.format}`, HELP_PREVIEW[lang].format).choices(['text', 'json', 'markdown', 'html']).default('text'))
    .option('--json', h.json)
    .option(`-o, --out ${a.path}`, HELP_PREVIEW[lang].out)
    .option('--open', HELP_PREVIEW[lang].open)
    .action(async (post: string, opts, cmd: Command) => {
      const { preview } = await import('../commands/preview.js');
      setCode(await preview(io, { ...globals(cmd), ...opts, post }));
    });

  program
    .command('rules')
    .description(h.rules)
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { rules } = await import('../commands/rules.js');
      setCode(await rules(io, { ...globals(cmd), ...opts }));
    });

  program
    .command('publish')
    .description(h.publish)
    .argument(a.posts, h.publishPosts)
    .option('-n, --dry-run', h.dryRun)
    .option('--sandbox', h.sandbox)
    .option(`--network ${a.networks}`, h.network)
    .option('--json', h.json)
    .option('--ignore-schedule', h.ignoreSchedule)
    .option(`--timeout ${a.seconds}`, h.timeout, (v) => parseCount(v, 1, '--timeout'))
    .action(async (posts: string[], opts, cmd: Command) => {
      const { publish } = await import('../commands/publish.js');
      setCode(await publish(io, { ...globals(cmd), ...opts, posts }));
    });

  const reviewCommand = (name: 'approve' | 'reject' | 'request-changes', state: 'approved' | 'rejected' | 'changes-requested', description: string) =>
    program
      .command(name)
      .description(description)
      .argument(a.posts, h.post)
      .option(`--as ${a.id}`, h.as)
      .option(`--note ${a.text}`, h.note)
      .option(`--key ${a.path}`, h.key)
      .option('--all', h.all)
      .option('--json', h.json)
      .action(async (posts: string[], opts, cmd: Command) => {
        const { review } = await import('../commands/approve.js');
        setCode(await review(io, { ...globals(cmd), ...opts, posts, state }));
      });
  reviewCommand('approve', 'approved', h.approve);
  reviewCommand('request-changes', 'changes-requested', h.requestChanges);
  reviewCommand('reject', 'rejected', h.reject);

  program
    .command('demo')
    .description(h.demo)
    .option('--reset', h.demoReset)
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { demo } = await import('../commands/demo.js');
      setCode(await demo(io, { ...globals(cmd), ...opts }));
    });

  program
    .command('connect')
    .alias('connecter')
    .description(h.connect)
    .argument(lang === 'fr' ? '<réseau>' : '<network>', 'twitter | mastodon | bluesky | facebook')
    .option('--sandbox', h.connectSandbox)
    .option(`--env-file ${a.path}`, h.connectEnvFile)
    .option('--instance <url>', h.connectInstance)
    .option('--code <code>', h.connectCode)
    .option('--handle <handle>', h.connectHandle)
    .option('--app-password <xxxx-xxxx-xxxx-xxxx>', h.connectAppPassword)
    .option('--service <url>', h.connectService)
    .option('--app-id <id>', h.connectAppId)
    .option('--app-secret <secret>', h.connectAppSecret)
    .option('--user-token <token>', h.connectUserToken)
    .option('--page <id>', h.connectPage)
    .option('--app-key <key>', h.connectAppKey)
    .option('--access-token <token>', h.connectAccessToken)
    .option('--access-secret <secret>', h.connectAccessSecret)
    .option('-y, --yes', h.connectYes)
    .action(async (network: string, opts, cmd: Command) => {
      const { connect } = await import('../commands/connect.js');
      setCode(await connect(io, network, { ...globals(cmd), ...opts }));
    });

  program
    .command('sandbox')
    .description(h.sandboxCommand)
    .option('--serve', h.sandboxServe)
    .option('--demo', h.sandboxDemo)
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { sandbox } = await import('../commands/sandbox.js');
      setCode(await sandbox(io, { ...globals(cmd), ...opts }));
    });

  program
    .command('resolve')
    .description(h.resolve)
    .argument(`[${a.post.slice(1, -1)}]`, h.resolvePost)
    .option(`--network ${a.network}`, h.resolveNetwork)
    .option(`--created ${a.url}`, h.resolveCreated)
    .option('--not-created', h.resolveNotCreated)
    .option('--sandbox', h.sandboxState)
    .option('--json', h.json)
    .action(async (post: string | undefined, opts, cmd: Command) => {
      const { resolve } = await import('../commands/resolve.js');
      setCode(await resolve(io, { ...globals(cmd), ...opts, post }));
    });

  program
    .command('doctor')
    .description(h.doctor)
    .option('--sandbox', h.doctorSandbox)
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { doctor } = await import('../commands/doctor.js');
      setCode(await doctor(io, { ...globals(cmd), ...opts }));
    });
  // ── CI and reuse (issue 11): init, charter, calendar, completion ──
  const hc = HELP_CI[lang];
  program
    .command('init')
    .description(hc.init)
    .argument(lang === 'fr' ? '[dossier]' : '[dir]', hc.initDir)
    .addOption(new Option('--ci <ci>', hc.initCi).choices(['github', 'gitlab']))
    .option(`--org ${a.text}`, hc.initOrg)
    .option(`--action ${lang === 'fr' ? '<propriétaire/dépôt@réf>' : '<owner/repo@ref>'}`, hc.initAction)
    .option('--json', h.json)
    .action(async (dir: string | undefined, opts, cmd: Command) => {
      const { init } = await import('../commands/init.js');
      setCode(await init(io, { ...globals(cmd), ...opts, ...(dir ? { dir } : {}) }, VERSION));
    });
  program
    .command('charter')
    .description(hc.charter)
    .addOption(new Option(`-f, --format ${a.format}`, hc.charterFormat).choices(['md', 'html']).default('md'))
    .option(`-o, --out ${a.path}`, hc.out)
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { charterDoc } = await import('../commands/charter.js');
      setCode(await charterDoc(io, { ...globals(cmd), ...opts }));
    });
  program
    .command('calendar')
    .description(hc.calendar)
    .option(`--month ${lang === 'fr' ? '<AAAA-MM>' : '<YYYY-MM>'}`, hc.month)
    .addOption(new Option(`-f, --format ${a.format}`, hc.calendarFormat).choices(['text', 'html', 'ics', 'json']).default('text'))
    .option('--json', h.json)
    .option(`-o, --out ${a.path}`, hc.out)
    .action(async (opts, cmd: Command) => {
      const { calendar } = await import('../commands/calendar.js');
      setCode(await calendar(io, { ...globals(cmd), ...opts }));
    });
  program
    .command('completion')
    .description(hc.completion)
    .addArgument(new Argument('<shell>', hc.shell).choices(['bash', 'zsh', 'fish']))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { completion } = await import('../commands/completion.js');
      io.out(completion(program, shell));
      setCode(ExitCode.ok);
    });
  // ── end of issue 11 commands ──
  // The people's workflow (SPEC §11): new, list, review, live.
  {
    const w = WORKFLOW_HELP[lang];
    const many = (v: string, prev: string[] = []) => [...prev, v];
    const interactive = () => Boolean(process.stdin.isTTY && io.isTTY);
    program
      .command('new')
      .description(w.new)
      .option(`--type ${a.id}`, w.type)
      .option(`--author ${a.id}`, w.author)
      .option(`--text ${a.text}`, w.text)
      .option(`--link ${a.url}`, w.link)
      .option(`--share ${a.url}`, w.share)
      .option('--media <FILE=ALT>', w.media, many)
      .option(`--publish-at ${a.text}`, w.publishAt)
      .option(`--event-name ${a.text}`, w.eventName)
      .option(`--event-starts ${a.text}`, w.eventStarts)
      .option(`--event-ends ${a.text}`, w.eventEnds)
      .option(`--event-place ${a.text}`, w.eventPlace)
      .option(`--thread ${a.text}`, w.thread, many)
      .option(`--network ${a.network}`, w.network, many)
      .option(`--id ${a.id}`, w.id)
      .action(async (opts, cmd: Command) => {
        const { newPost } = await import('../commands/new.js');
        setCode(await newPost(io, { ...globals(cmd), ...opts, interactive: interactive() }));
      });
    program
      .command('list')
      .description(w.list)
      .option('--state <state>', w.state, many)
      .option('--json', w.json)
      .option('--sandbox', w.sandboxState)
      .action(async (opts, cmd: Command) => {
        const { list } = await import('../commands/list.js');
        setCode(await list(io, { ...globals(cmd), ...opts }));
      });
    program
      .command('review')
      .description(w.review)
      .argument(a.posts, h.post)
      .option(`--as ${a.id}`, w.as)
      .option(`--key ${a.path}`, h.key)
      .action(async (posts: string[], opts, cmd: Command) => {
        const { reviewSession } = await import('../commands/review-session.js');
        setCode(await reviewSession(io, { ...globals(cmd), ...opts, posts, interactive: interactive() }));
      });
    program
      .command('live')
      .description(w.live)
      .argument(a.post, h.post)
      .option('-n, --dry-run', w.dryRun)
      .option('--sandbox', w.sandbox)
      .option(`--timeout ${a.seconds}`, w.timeout, (v) => parseCount(v, 1, '--timeout'))
      .action(async (post: string, opts, cmd: Command) => {
        const { live } = await import('../commands/live.js');
        setCode(await live(io, { ...globals(cmd), ...opts, post, interactive: interactive() }));
      });
  }
  // SPEC §14: the fortnightly letter and the website feed.
  const hl = HELP_LETTER[lang];
  program
    .command('letter')
    .description(hl.letter)
    .option('--from <date>', hl.from)
    .option('--to <date>', hl.to)
    .addOption(new Option(`-f, --format ${a.format}`, hl.letterFormat).choices(['html', 'text', 'mjml']))
    .option(`-o, --out ${a.path}`, hl.out)
    .option('--approve', hl.approve)
    .option(`--as ${a.id}`, hl.as)
    .option(`--key ${a.path}`, h.key)
    .option('--send', hl.send)
    .option('-n, --dry-run', hl.dryRun)
    .option('--sandbox', hl.sandbox)
    .addOption(new Option(`--resolve ${lang === 'fr' ? '<issue>' : '<outcome>'}`, hl.resolve).choices(['sent', 'not-sent']))
    .option('--strict', lang === 'fr' ? 'refuser la lettre si un article a des erreurs ou un événement est fini, au lieu de le laisser de côté' : 'refuse the letter when an item has errors or its event is over, instead of leaving it out')
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { letter } = await import('../commands/letter.js');
      setCode(await letter(io, { ...globals(cmd), ...opts }));
    });
  program
    .command('feed')
    .description(hl.feed)
    .option(`-o, --out ${a.dir}`, hl.feedOut)
    .option('--json', h.json)
    .action(async (opts, cmd: Command) => {
      const { feed } = await import('../commands/feed.js');
      setCode(await feed(io, { ...globals(cmd), ...opts }));
    });
  // SPEC §17: caring for the queue as time passes.
  {
    const fr = lang === 'fr';
    program
      .command('reschedule')
      .alias('reporter')
      .description(fr ? 'reporter un billet : nouvelle date de publication (et d’événement), redite en toutes lettres' : 'reschedule a post: a new publication date (and event date), said back in words')
      .argument(a.post, h.post)
      .argument(fr ? '<quand>' : '<when>', fr ? 'la nouvelle date, ex. « jeudi prochain 10h », « 09/12/2026 10h », 2026-12-10T10:00' : 'the new date, e.g. "jeudi prochain 10h", "09/12/2026 10h", 2026-12-10T10:00')
      .option(`--event-starts ${a.text}`, fr ? 'nouvelle date de début de l’événement (la fin suit)' : 'new start of the event (its end follows)')
      .option(`--as ${a.id}`, h.as)
      .option('--json', h.json)
      .action(async (post: string, when: string, opts, cmd: Command) => {
        const { reschedule } = await import('../commands/care.js');
        setCode(await reschedule(io, { ...globals(cmd), ...opts, post, when }));
      });
    program
      .command('withdraw')
      .alias('retirer')
      .description(fr ? 'retirer un billet : il reste dans la file (qui, quand, pourquoi) mais n’est jamais publié' : 'withdraw a post: it stays in the queue (who, when, why) but is never published')
      .argument(a.post, h.post)
      .option(`--note ${a.text}`, fr ? 'pourquoi (obligatoire)' : 'why (required)')
      .option(`--as ${a.id}`, h.as)
      .option('--json', h.json)
      .action(async (post: string, opts, cmd: Command) => {
        const { withdraw } = await import('../commands/care.js');
        setCode(await withdraw(io, { ...globals(cmd), ...opts, post }));
      });
    program
      .command('archive')
      .alias('archiver')
      .description(fr ? 'archiver les billets entièrement publiés et les lettres envoyées (queue/archive/AAAA/, avec leurs reçus)' : 'archive fully published posts and sent letters (queue/archive/YYYY/, with their receipts)')
      .option(`--before ${fr ? '<AAAA-MM-JJ>' : '<YYYY-MM-DD>'}`, fr ? 'seulement ce qui est publié avant cette date (défaut : tout ce qui est publié)' : 'only what was published before this date (default: everything published)')
      .option('-n, --dry-run', fr ? 'dire ce qui serait archivé, sans rien déplacer' : 'say what would be archived, moving nothing')
      .option('--json', h.json)
      .action(async (opts, cmd: Command) => {
        const { archive } = await import('../commands/care.js');
        setCode(await archive(io, { ...globals(cmd), ...opts }));
      });
    program
      .command('notify')
      .alias('prevenir')
      .description(fr ? 'prévenir les gens par e-mail (LM_POST_SMTP_URL) : billets à relire, renvoyés, refusés, publiés ; ce qui demande un humain, le budget X, la lettre à envoyer' : 'tell people by email (LM_POST_SMTP_URL): posts to review, sent back, rejected, published; what needs a human, the X budget, the letter due')
      .option('-n, --dry-run', fr ? 'afficher les e-mails sans rien envoyer ni noter' : 'print the emails, sending and recording nothing')
      .option(`--timeout ${a.seconds}`, fr ? 'délai total d’envoi, en secondes (défaut : 60)' : 'overall sending deadline, in seconds (default: 60)', (v) => parseCount(v, 1, '--timeout'))
      .option('--json', h.json)
      .action(async (opts, cmd: Command) => {
        const { notify } = await import('../commands/notify.js');
        setCode(await notify(io, { ...globals(cmd), ...opts }));
      });
  }
  return program;
}

function parseCount(v: string, min: number, option: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new LmPostError(
      'bad-count',
      { fr: '{{option}} « {{v}} » : un nombre entier d’au moins {{min}} est attendu (ex. {{option}} 30).', en: '{{option}} "{{v}}": a whole number of at least {{min}} is expected (e.g. {{option}} 30).' },
      { v, min, option },
      ExitCode.usage,
    );
  }
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
export async function run(argv: readonly string[], processIoArg: Io = processIo()): Promise<number> {
  // SPEC §8: a .env file at the working directory's root completes the environment, for every
  // command (credentials, LM_POST_LANG, LM_POST_USER, LM_POST_PAUSE…); the environment wins.
  const dot = loadEnv(processIoArg.cwd, processIoArg.env);
  const io: Io = { ...processIoArg, env: dot.env };
  setNowFromDotEnv(processIoArg.env.LM_POST_NOW === undefined ? dot.env.LM_POST_NOW : undefined);
  const lang = preLang(argv, io.env);
  if (dot.worldReadable) {
    io.err(
      lang === 'fr'
        ? 'Attention : .env est lisible par d’autres utilisateurs ; protégez-le avec « chmod 600 .env ».\n'
        : 'Warning: .env is readable by other users; protect it with "chmod 600 .env".\n',
    );
  }
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
        `${err?.name ?? 'Error'}: ${redact(String(err?.message ?? e), secretValues(io.env))}\n` +
        (io.env.LM_POST_DEBUG === '1' ? redact(String(err?.stack), secretValues(io.env)) + '\n' : ''),
    );
    return ExitCode.problems;
  }
}
