// lm-post demo (npm start): the whole flow on a copy of the charter and queue, published to
// the embedded sandbox. The user's own files are never touched: approvals are written into
// the copy under .lm-post/demo/, receipts stay in its sandbox state.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CHARTER, DEFAULT_QUEUE } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { loadCharter } from '../charter/load.js';
import { ExitCode } from '../errors.js';
import { resolveLang } from '../i18n/index.js';
import { review, type ReviewJson } from './approve.js';
import { publish } from './publish.js';
import { fortnightOf, type Period, periodIn, todayIn } from '../letter/dates.js';
import { inLetter } from '../letter/membership.js';
import { listQueue, readValidPosts } from '../post/read.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { registerTrainingKey } from '../review/training-key.js';

export async function demo(io: Io, opts: GlobalOptions & { reset?: boolean; json?: boolean }): Promise<number> {
  if (!opts.json) return run(io, opts);
  // --json: the same run, its human lines silenced, summed up in one object at the end.
  const summary: DemoSummary = { dir: '', fresh: false, added: [], approvals: [], publications: null, letter: null, feed: null };
  const code = await run({ ...io, out: () => {} }, opts, summary);
  io.out(JSON.stringify(summary, null, 2) + '\n');
  return code;
}

/** What demo --json prints: where the copy is, what was approved and published, the letter and feeds written. */
interface DemoSummary {
  dir: string;
  fresh: boolean;
  added: string[];
  played_as?: string;
  approvals: ReviewJson[];
  publications: unknown;
  letter: { from: string; html: string; text: string } | null;
  feed: { dir: string; files: string[] } | null;
}

async function run(io: Io, opts: GlobalOptions & { reset?: boolean }, summary?: DemoSummary): Promise<number> {
  const source = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd);
  const fr = resolveLang({ flag: opts.lang, charter: source.language, env: io.env }) === 'fr';
  const dir = path.join(io.cwd, '.lm-post', 'demo');
  if (opts.reset) rmSync(dir, { recursive: true, force: true });
  const fresh = !existsSync(dir);
  const queue = path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE);
  const added: string[] = [];
  if (fresh) {
    cpSync(path.dirname(path.resolve(io.cwd, opts.charter ?? DEFAULT_CHARTER)), path.join(dir, 'charter'), { recursive: true });
    cpSync(queue, path.join(dir, 'queue'), { recursive: true });
  } else {
    // Posts (and images) added to queue/ since the first run join the copy; the copies already
    // there keep their approvals and are not overwritten.
    const walk = (rel: string): void => {
      for (const e of readdirSync(path.join(queue, rel), { withFileTypes: true })) {
        const r = path.join(rel, e.name);
        if (e.isDirectory()) walk(r);
        else if (e.isFile() && !existsSync(path.join(dir, 'queue', r))) {
          cpSync(path.join(queue, r), path.join(dir, 'queue', r));
          added.push(r);
        }
      }
    };
    walk('.');
  }
  if (summary) Object.assign(summary, { dir: path.relative(io.cwd, dir), fresh, added });
  io.out(
    fr
      ? `Démonstration sur une copie de la charte et de la file dans ${path.relative(io.cwd, dir)}/ : vos fichiers ne sont pas modifiés.\n` +
          `Publication dans le bac à sable intégré (aucun compte), dates ignorées.\n` +
          (fresh ? '' : `Démonstration déjà lancée : ce qui est publié n’est pas renvoyé${added.length ? ` ; ajouté(s) depuis : ${added.join(', ')}` : ''}. Pour recommencer de zéro : lm-post demo --reset (ou npm start -- --reset).\n`) +
          '\n'
      : `Demonstration on a copy of the charter and queue in ${path.relative(io.cwd, dir)}/: your files are not changed.\n` +
          `Publishing to the embedded sandbox (no account), dates ignored.\n` +
          (fresh ? '' : `Demonstration already run: what is published is not sent again${added.length ? `; added since: ${added.join(', ')}` : ''}. To start over: lm-post demo --reset (or npm start -- --reset).\n`) +
          '\n',
  );
  // The example queue is dated: once its dates have passed, approvals would be stale and events
  // started. Unless LM_POST_NOW says otherwise, the demonstration is played as on the eve of its
  // first post, so `npm start` shows the whole flow whatever the real date.
  if (!process.env.LM_POST_NOW) {
    const first = readValidPosts(listQueue(path.join(dir, DEFAULT_QUEUE)), dir)
      .map((p) => (p.data.publish_at ? parseDateTime(p.data.publish_at, source.timezone) : undefined))
      .filter((d): d is Date => !!d && !Number.isNaN(d.getTime()))
      .reduce<Date | undefined>((min, d) => (!min || d < min ? d : min), undefined);
    if (first && first.getTime() < Date.now()) {
      const eve = new Date(first.getTime() - 3_600_000);
      process.env.LM_POST_NOW = eve.toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (summary) summary.played_as = process.env.LM_POST_NOW;
      io.out(fr ? `Les dates de l’exemple sont passées : la démonstration se joue comme le ${formatDateTime(eve, source.timezone, 'fr')} (LM_POST_NOW).\n\n` : `The example's dates have passed: the demonstration is played as on ${formatDateTime(eve, source.timezone, 'en')} (LM_POST_NOW).\n\n`);
    }
  }
  const sub: Io = { ...io, cwd: dir };
  const inner: GlobalOptions = { ...(opts.lang ? { lang: opts.lang } : {}) };
  // Signed decisions (SPEC §16): the copy's validators sign with a training key made for this run.
  const signer = source.approval?.signed ? registerTrainingKey(path.join(dir, DEFAULT_CHARTER)) : undefined;
  // Each validator approves what the others wrote (nobody approves their own post).
  for (const v of source.people.filter((p) => p.validator)) {
    const said: string[] = [];
    const code = await review(summary ? { ...sub, out: (s) => void said.push(s) } : sub, { ...inner, posts: [], all: true, as: v.id, state: 'approved', ...(signer ? { signer } : {}), ...(summary ? { json: true } : {}) });
    if (summary && said.length) summary.approvals.push(...(JSON.parse(said.join('')) as ReviewJson[]).filter((e) => 'state' in e));
    if (code === ExitCode.usage) return code;
  }
  io.out('\n');
  const said: string[] = [];
  const code = await publish(summary ? { ...sub, out: (s) => void said.push(s) } : sub, { ...inner, posts: [], sandbox: true, ignoreSchedule: true, ...(summary ? { json: true } : {}) });
  if (summary && said.length) summary.publications = JSON.parse(said.join(''));
  if (code !== ExitCode.ok) return code;
  const more = await channels(io, sub, inner, dir, fr, summary);
  io.out(
    fr
      ? '\nCe que chaque réseau a reçu : lm-post sandbox (--serve pour l’ouvrir dans un navigateur). Recommencer : lm-post demo --reset.\n'
      : '\nWhat each network received: lm-post sandbox (--serve to open it in a browser). Start over: lm-post demo --reset.\n',
  );
  return more;
}

/** SPEC §14: the example fortnight's letter and the website's feeds, built from the same copy. */
async function channels(io: Io, sub: Io, inner: GlobalOptions, dir: string, fr: boolean, summary?: DemoSummary): Promise<number> {
  const charter = loadCharter(DEFAULT_CHARTER, dir);
  const shown = (p: string) => path.relative(io.cwd, path.join(dir, p));
  const quiet: Io = { ...sub, out: () => {} };
  io.out('\n');
  if (charter.letter) {
    const period = exampleFortnight(charter, path.join(dir, DEFAULT_QUEUE));
    if (period) {
      const from = period.from;
      const { letter } = await import('./letter.js');
      for (const [format, file] of [['html', 'lettre.html'], ['text', 'lettre.txt']] as const) {
        const code = await letter(quiet, { ...inner, from, format, out: file });
        if (code !== ExitCode.ok) return code;
      }
      if (summary) summary.letter = { from, html: shown('lettre.html'), text: shown('lettre.txt') };
      io.out(fr ? `Lettre de la quinzaine ${periodIn(period, charter.timezone, 'fr')} : ${shown('lettre.html')} (et ${shown('lettre.txt')})\n` : `Letter of the fortnight ${periodIn(period, charter.timezone, 'en')}: ${shown('lettre.html')} (and ${shown('lettre.txt')})\n`);
    }
  }
  if (charter.feed) {
    const { feed } = await import('./feed.js');
    const code = await feed(quiet, { ...inner, out: 'site' });
    if (code !== ExitCode.ok) return code;
    if (summary) summary.feed = { dir: shown('site'), files: ['feed.xml', 'feed.json', 'agenda.ics'].map((f) => path.join(shown('site'), f)) };
    io.out(fr ? `Flux du site : ${shown('site')}/feed.xml, feed.json et agenda.ics\n` : `Website feeds: ${shown('site')}/feed.xml, feed.json and agenda.ics\n`);
  }
  return ExitCode.ok;
}

/** The fortnight of the earliest dated letter item of the example queue. */
function exampleFortnight(charter: ReturnType<typeof loadCharter>, queueDir: string): Period | undefined {
  const dates = readValidPosts(listQueue(queueDir), queueDir)
    .filter((p) => inLetter(p.data, charter))
    .map((p) => p.data.event?.starts ?? p.data.publish_at)
    .map((d) => (d ? parseDateTime(d, charter.timezone) : undefined))
    .filter((d): d is Date => !!d)
    .sort((a, b) => a.getTime() - b.getTime());
  if (!dates.length || !charter.letter) return undefined;
  return fortnightOf(todayIn(dates[0]!, charter.timezone), charter.letter, charter.timezone);
}
