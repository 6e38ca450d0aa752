// lm-post live POST: live-tweeting an event (SPEC §11). Each line typed (or read from stdin) is
// checked, appended to the post's thread, and published at once as the next item on X and its
// mirrors — by the live run (src/publish/live.ts), with publish's journal, receipts and guarantees.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { promptLines, stdinLines } from '../cli/lines.js';
import type { Charter, NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { FORMATTERS } from '../format/index.js';
import { formatLiveEvent, formatLiveIntro } from '../format/publish-events.js';
import { formatLiveDryItem } from '../format/publish-dry-run.js';
import { type Lang, tr } from '../i18n/index.js';
import { lintPost } from '../lint/engine.js';
import { listQueue, readPost, readValidPosts, resolvePostPaths, type ValidPost } from '../post/read.js';
import type { MediaItem, PostData } from '../post/types.js';
import { atomicWrite } from '../post/write.js';
import type { RunEvent } from '../publish/events.js';
import type { LiveRun } from '../publish/live.js';
import { isCutThread } from '../publish/thread-cut.js';
import { practiceQueue } from '../publish/paths.js';
import { postTargets } from '../render/index.js';
import approvalRule, { approvalVerdict } from '../rules/approval.js';
import { altMinLength, formatCount, liveCount } from '../workflow/count.js';
import { importImage } from '../workflow/compose.js';
import { alreadyInThread, appendThreadItem, liveLineProblem, parseImageLine } from '../workflow/live.js';
import { type LiveTally, newTally, noteRefused, noteSent, type Retry, sessionClock, summaryLine } from '../workflow/live-session.js';

export interface LiveOptions extends GlobalOptions {
  post: string;
  sandbox?: boolean;
  dryRun?: boolean;
  timeout?: number;
  interactive?: boolean;
}

/** A live session: the post as last read, the images waiting for the next item, the exit code so far. */
interface Session {
  io: Io;
  opts: LiveOptions;
  charter: Charter;
  lang: Lang;
  queueDir: string;
  networks: NetworkId[];
  run: LiveRun | undefined;
  post: ValidPost;
  media: MediaItem[];
  code: number;
  /** The event's clock in a sandbox rehearsal, else the real one (SPEC §17). */
  clock: () => Date;
  tally: LiveTally;
  retry: Retry;
  read(): ValidPost;
  t(fr: string, en: string): string;
  label(n: string): string;
}

export async function live(io: Io, opts: LiveOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const t = (f: string, e: string) => (lang === 'fr' ? f : e);
  const [realFile] = resolvePostPaths([opts.post], ctx.queueDir, io.cwd);
  // Training (--sandbox) never touches the real post: the session works on a copy of the queue
  // under the sandbox state (the thread items typed there must never go out for real later).
  // The copy is kept, so a practice session killed and rerun resumes from it.
  const queueDir = opts.sandbox ? practiceQueue(ctx.queueDir) : ctx.queueDir;
  const file = opts.sandbox ? path.join(queueDir, path.relative(ctx.queueDir, realFile!)) : realFile!;
  if (opts.sandbox && !existsSync(file)) {
    cpSync(ctx.queueDir, queueDir, { recursive: true, force: false, filter: (src) => !path.basename(src).startsWith('.') || src === ctx.queueDir });
  }
  const read = (): ValidPost => {
    const p = readPost(file, io.cwd);
    if (!p.data || p.schemaReports.length) {
      throw new LmPostError('live-invalid', { fr: '{{file}} est invalide : lm-post check {{file}}.', en: '{{file}} is invalid: lm-post check {{file}}.' }, { file: p.file }, ExitCode.problems);
    }
    return p as ValidPost;
  };
  const post = read();
  if (!charter.types[post.data.type]?.thread) {
    throw new LmPostError('live-type', { fr: 'Le type « {{type}} » n’accepte pas de fil (thread: true) : lm-post live est pour les live-tweets.', en: 'Type "{{type}}" takes no thread (thread: true): lm-post live is for live-tweets.' }, { type: post.data.type }, ExitCode.usage);
  }
  // SPEC §17: a sandbox rehearsal runs on the event's clock, whatever the day.
  const clock = sessionClock(opts.sandbox ?? false, post.data, charter, lang, io.out);
  const verdict = approvalVerdict(post.data, charter, path.dirname(post.path), clock(), post.id);
  if (!verdict.ok && !opts.dryRun) {
    io.err(tr(lang, approvalRule.meta.messages[verdict.messageId]!, { id: post.id, ...verdict.data }) + '\n');
    io.err(t('lm-post live publie pendant la fenêtre de l’événement (une heure avant le début jusqu’à la fin du jour) un billet d’auteur·e formé·e (trained: true), ou un billet approuvé.\n', 'lm-post live publishes during the event window (one hour before it starts until the end of that day) a post by a trained author (trained: true), or an approved post.\n'));
    return ExitCode.problems;
  }
  const networks = postTargets(post.data, charter);
  const label = (n: string) => charter.networks[n as NetworkId]?.label ?? n;
  const run = opts.dryRun ? undefined : await (await import('../publish/live.js')).openLiveRun({ charter, queueDir: ctx.queueDir, env: io.env, sandbox: opts.sandbox ?? false, networks, timeoutMs: (opts.timeout ?? 30) * 1000 });
  const s: Session = { io, opts, charter, lang, queueDir, networks, run, post, media: [], code: ExitCode.ok, clock, tally: newTally(), retry: { text: '' }, read, t, label };
  try {
    return await session(s);
  } finally {
    await run?.close();
    io.out(summaryLine(s.tally, lang, opts.dryRun ?? false)); // SPEC §17: the summary always ends the session
  }
}

/** What the file already holds goes out first (the post's text, items written before a crash), then each line typed. */
async function session(s: Session): Promise<number> {
  const { io, opts, charter, t, label } = s;
  const first = await errorsOf(s, s.post);
  if (first.errors.length) {
    io.out(FORMATTERS.stylish([first.r], { lang: s.lang, color: colorEnabled(io) }));
    return ExitCode.problems;
  }
  if (!(await send(s))) return s.code;
  io.out(formatLiveIntro(s.networks.map(label), t, opts));
  const items = () => s.post.data.thread?.length ?? 0;
  const lines = opts.interactive ? promptLines(items, (text) => formatCount(liveCount(nextData(s, text), charter, s.queueDir, items() + 1)), t, s.retry) : stdinLines();
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) break;
    const refused = liveLineProblem(line, s.lang);
    if (refused) { io.out(refused); continue; }
    const img = parseImageLine(line);
    if (img) attachImage(s, img, line);
    else if (alreadyInThread(s.post.data, line)) {
      io.out(t(`  Déjà dans le fil, pas renvoyé : « ${line} »\n`, `  Already in the thread, not sent again: "${line}"\n`));
      s.media = [];
    } else if (opts.dryRun) showItem(s, line);
    else if (!(await sendItem(s, line))) break;
  }
  return s.code;
}

function nextData(s: Session, text: string): PostData {
  return { ...s.post.data, thread: [...(s.post.data.thread ?? []), { text, ...(s.media.length ? { media: s.media } : {}) }] };
}

async function errorsOf(s: Session, p: ValidPost) {
  const others = readValidPosts(listQueue(s.queueDir), s.io.cwd).filter((o) => o.path !== s.post.path);
  const r = await lintPost(p, { charter: s.charter, queueDir: s.queueDir, cwd: s.io.cwd, lang: s.lang, now: s.clock() }, others);
  return { r, errors: r.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past') };
}

/** « +image FILE ALT TEXT »: the image joins the next item (imported into the queue's media). */
function attachImage(s: Session, img: { file: string; alt: string }, line: string): void {
  const { io, t } = s;
  const min = altMinLength(s.charter);
  if (img.alt.length < min) {
    io.out(t(`✗ Texte alternatif trop court (${img.alt.length} < ${min}) : « +image ${img.file} description de l’image »\n`, `✗ Alt text too short (${img.alt.length} < ${min}): "+image ${img.file} description of the image"\n`));
    noteRefused(s.tally, s.retry, line);
    return;
  }
  try {
    const { ref } = importImage(img.file, s.queueDir, io.cwd, io.env.HOME);
    s.media.push({ file: ref, alt: img.alt });
    io.out(t(`  Image ${ref} jointe à l’élément suivant.\n`, `  Image ${ref} attached to the next item.\n`));
  } catch (e) {
    if (!(e instanceof LmPostError)) throw e;
    io.out(`✗ ${e.format(s.lang)}\n`);
  }
}

/** --dry-run: each network's next item as it would be sent; nothing is written. */
function showItem(s: Session, line: string): void {
  const data = nextData(s, line);
  s.io.out(formatLiveDryItem(data, s.networks, s.charter, path.dirname(s.post.path), s.label));
  s.post = { ...s.post, data };
  s.media = [];
}

/** The line is written into the post's thread, checked (undone if refused), then sent. False stops the session. */
async function sendItem(s: Session, line: string): Promise<boolean> {
  const previous = appendThreadItem(s.post.path, { text: line, ...(s.media.length ? { media: s.media } : {}) });
  const check = await errorsOf(s, s.read());
  if (check.errors.length) {
    atomicWrite(s.post.path, previous);
    s.io.out(FORMATTERS.stylish([check.r], { lang: s.lang, color: colorEnabled(s.io) }));
    s.io.out(s.t('Élément refusé, rien n’a été envoyé : il revient ci-dessous, corrigez-le.\n', 'Item refused, nothing was sent: it comes back below, fix it.\n'));
    noteRefused(s.tally, s.retry, line);
    return true;
  }
  s.media = [];
  return send(s);
}

/** The post's items not out yet go to every network; false when one did not publish (a thread X cut short: X leaves, others go on). */
async function send(s: Session): Promise<boolean> {
  s.post = s.read();
  if (!s.run) return true;
  const outcomes = await s.run.sendNext(s.post, s.queueDir, (e) => onEvent(s, e));
  return outcomes.every((o) => o.status === 'published' || isCutThread(o));
}

function onEvent(s: Session, e: RunEvent): void {
  const line = formatLiveEvent(e, s.label, s.t, s.opts.sandbox ?? false, s.lang);
  if (line) s.io.out(line);
  if (e.type === 'item-sent') noteSent(s.tally, s.label(e.network), e.url);
  if (e.type !== 'post-done' || e.entry.outcome.status === 'published') return;
  if (isCutThread(e.entry.outcome) && s.networks.includes(e.entry.outcome.network)) s.networks.splice(s.networks.indexOf(e.entry.outcome.network), 1);
  if (e.entry.outcome.status === 'needs-human') s.code = ExitCode.needsHuman;
  else if (s.code === ExitCode.ok) s.code = ExitCode.problems;
}
