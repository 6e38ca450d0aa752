// lm-post live POST: live-tweeting an event (SPEC §11). Each line typed (or read from stdin) is
// checked, appended to the post's thread, and published at once as the next item on X and its
// mirrors — by the publisher `publish` uses, with the same journal, receipts and guarantees.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadContext, stateDirFor } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { FORMATTERS } from '../format/index.js';
import { tr } from '../i18n/index.js';
import { lintPost } from '../lint/engine.js';
import { listQueue, readPost, readValidPosts, resolvePostPaths, type ValidPost } from '../post/read.js';
import type { MediaItem, PostData } from '../post/types.js';
import { atomicWrite } from '../post/write.js';
import type { PublishSession } from '../publish/session.js';
import { postTargets, renderPost } from '../render/index.js';
import approvalRule, { approvalVerdict } from '../rules/approval.js';
import { altMinLength, formatCount, liveCount } from '../workflow/count.js';
import { importImage } from '../workflow/compose.js';
import { alreadyInThread, appendThreadItem, parseImageLine } from '../workflow/live.js';
import { currentTime } from '../util/clock.js';

export interface LiveOptions extends GlobalOptions {
  post: string;
  sandbox?: boolean;
  dryRun?: boolean;
  timeout?: number;
  interactive?: boolean;
}

export async function live(io: Io, opts: LiveOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const fr = lang === 'fr';
  const t = (f: string, e: string) => (fr ? f : e);
  const [realFile] = resolvePostPaths([opts.post], ctx.queueDir, io.cwd);
  // Training (--sandbox) never touches the real post: the session works on a copy of the queue
  // under the sandbox state (the thread items typed there must never go out for real later).
  // The copy is kept, so a practice session killed and rerun resumes from it.
  const queueDir = opts.sandbox ? practiceQueue(ctx.queueDir) : ctx.queueDir;
  const file = opts.sandbox ? path.join(queueDir, path.relative(ctx.queueDir, realFile!)) : realFile;
  if (opts.sandbox && !existsSync(file!)) {
    cpSync(ctx.queueDir, queueDir, { recursive: true, force: false, filter: (src) => !path.basename(src).startsWith('.') || src === ctx.queueDir });
  }
  const read = (): ValidPost => {
    const p = readPost(file!, io.cwd);
    if (!p.data || p.schemaReports.length) {
      throw new LmPostError('live-invalid', { fr: '{{file}} est invalide : lm-post check {{file}}.', en: '{{file}} is invalid: lm-post check {{file}}.' }, { file: p.file }, ExitCode.problems);
    }
    return p as ValidPost;
  };
  let post = read();
  const type = charter.types[post.data.type];
  if (!type?.thread) {
    throw new LmPostError('live-type', { fr: 'Le type « {{type}} » n’accepte pas de fil (thread: true) : lm-post live est pour les live-tweets.', en: 'Type "{{type}}" takes no thread (thread: true): lm-post live is for live-tweets.' }, { type: post.data.type }, ExitCode.usage);
  }
  const verdict = approvalVerdict(post.data, charter, path.dirname(post.path), currentTime(), post.id);
  if (!verdict.ok && !opts.dryRun) {
    io.err(tr(lang, approvalRule.meta.messages[verdict.messageId]!, { id: post.id, ...verdict.data }) + '\n');
    io.err(t('lm-post live publie pendant la fenêtre de l’événement (une heure avant le début jusqu’à la fin du jour) un billet d’auteur·e formé·e (trained: true), ou un billet approuvé.\n', 'lm-post live publishes during the event window (one hour before it starts until the end of that day) a post by a trained author (trained: true), or an approved post.\n'));
    return ExitCode.problems;
  }
  const networks = postTargets(post.data, charter);
  const label = (n: string) => charter.networks[n as keyof typeof charter.networks]?.label ?? n;
  let session: PublishSession | undefined;
  if (!opts.dryRun) {
    const { openPublishSession } = await import('../publish/session.js');
    session = await openPublishSession({ charter, queueDir: ctx.queueDir, env: io.env, sandbox: opts.sandbox ?? false, networks, timeoutMs: (opts.timeout ?? 30) * 1000 });
  }
  let code: number = ExitCode.ok;
  const others = () => readValidPosts(listQueue(queueDir), io.cwd).filter((p) => p.path !== post.path);
  const errorsOf = async (p: ValidPost) => {
    const r = await lintPost(p, { charter, queueDir, cwd: io.cwd, lang }, others());
    return { r, errors: r.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past') };
  };

  const send = async (): Promise<boolean> => {
    post = read();
    if (!session) return true;
    const { publishNextItems } = await import('../publish/thread.js');
    const outcomes = await publishNextItems(post, networks, {
      charter,
      queueDir,
      journalDir: session.journalDir,
      stateDir: session.stateDir,
      receipts: session.receipts,
      pool: session.pool,
      now: () => new Date(),
      signal: new AbortController().signal,
      redact: session.redact,
      onEvent: (e) => {
        if (e.type === 'created') io.out(`✓ ${label(e.network)} [${e.item + 1}] ${e.url}\n`);
        if (e.type === 'wait') io.out(`  ${t('attente', 'waiting')} ${Math.ceil(e.ms / 1000)} s (${label(e.network)})\n`);
      },
    });
    let ok = true;
    for (const o of outcomes) {
      if (o.status === 'published') continue;
      ok = false;
      if (o.status === 'needs-human') {
        code = ExitCode.needsHuman;
        io.out(`? ${label(o.network)} : ${t('à vérifier par une personne', 'needs a human')} (${o.message}) — lm-post resolve ${post.id} --network ${o.network} --created URL|--not-created${opts.sandbox ? ' --sandbox' : ''}\n`);
      } else {
        if (code === ExitCode.ok) code = ExitCode.problems;
        io.out(`✗ ${label(o.network)} : ${o.message}\n`);
      }
    }
    return ok;
  };

  try {
    // What the file already holds (the post's text, thread items written earlier or before a
    // crash) goes out first.
    const first = await errorsOf(post);
    if (first.errors.length) {
      io.out(FORMATTERS.stylish([first.r], { lang, color: colorEnabled(io) }));
      return ExitCode.problems;
    }
    if (!(await send())) return code;
    io.out(
      opts.dryRun
        ? t('Simulation (--dry-run) : rien n’est envoyé ni écrit.\n', 'Dry run: nothing is sent or written.\n')
        : t(`Fil en direct sur ${networks.map(label).join(', ')}${opts.sandbox ? ' (bac à sable)' : ''}. Une ligne = un élément ; « +image FICHIER TEXTE ALTERNATIF » ajoute une image au suivant ; ligne vide pour finir.\n`, `Live thread on ${networks.map(label).join(', ')}${opts.sandbox ? ' (sandbox)' : ''}. One line = one item; "+image FILE ALT TEXT" adds an image to the next; empty line to finish.\n`),
    );
    const min = altMinLength(charter);
    let media: MediaItem[] = [];
    const nextData = (text: string): PostData => ({ ...post.data, thread: [...(post.data.thread ?? []), { text, ...(media.length ? { media } : {}) }] });
    const lines = opts.interactive ? promptLines(() => post.data.thread?.length ?? 0, (s) => formatCount(liveCount(nextData(s), charter, queueDir, (post.data.thread?.length ?? 0) + 1)), t) : stdinLines();
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) break;
      const img = parseImageLine(line);
      if (img) {
        if (img.alt.length < min) {
          io.out(t(`✗ Texte alternatif trop court (${img.alt.length} < ${min}) : « +image ${img.file} description de l’image »\n`, `✗ Alt text too short (${img.alt.length} < ${min}): "+image ${img.file} description of the image"\n`));
          continue;
        }
        try {
          const { ref } = importImage(img.file, queueDir, io.cwd, io.env.HOME);
          media.push({ file: ref, alt: img.alt });
          io.out(t(`  Image ${ref} jointe à l’élément suivant.\n`, `  Image ${ref} attached to the next item.\n`));
        } catch (e) {
          if (!(e instanceof LmPostError)) throw e;
          io.out(`✗ ${e.format(lang)}\n`);
        }
        continue;
      }
      if (alreadyInThread(post.data, line)) {
        io.out(t(`  Déjà dans le fil, pas renvoyé : « ${line} »\n`, `  Already in the thread, not sent again: "${line}"\n`));
        media = [];
        continue;
      }
      if (opts.dryRun) {
        const data = nextData(line);
        for (const n of networks) {
          const r = renderPost(data, charter, n, path.dirname(post.path));
          const it = r.items[r.items.length - 1]!;
          io.out(`── ${label(n)} [${r.items.length}] ${JSON.stringify({ text: it.text, media: it.media.map((m) => ({ file: m.file, alt: m.alt })) })}\n`);
        }
        post = { ...post, data };
        media = [];
        continue;
      }
      const previous = appendThreadItem(post.path, { text: line, ...(media.length ? { media } : {}) });
      const check = await errorsOf(read());
      if (check.errors.length) {
        atomicWrite(post.path, previous);
        io.out(FORMATTERS.stylish([check.r], { lang, color: colorEnabled(io) }));
        io.out(t('Élément refusé, rien n’a été envoyé : corrigez et retapez-le.\n', 'Item refused, nothing was sent: fix it and type it again.\n'));
        continue;
      }
      media = [];
      if (!(await send())) break;
    }
  } finally {
    await session?.close();
  }
  return code;
}

async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  try {
    for await (const l of rl) yield l;
  } finally {
    rl.close();
  }
}

async function* promptLines(items: () => number, count: (s: string) => string, t: (f: string, e: string) => string): AsyncGenerator<string> {
  const { input } = await import('@inquirer/prompts');
  for (;;) {
    try {
      yield await input({
        message: t(`Élément ${items() + 2}`, `Item ${items() + 2}`),
        transformer: (v, { isFinal }) => (isFinal || !v || v.startsWith('+image') ? v : `${v}   [${count(v)}]`),
      });
    } catch (e) {
      if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) return;
      throw e;
    }
  }
}

/** Where `live --sandbox` keeps its practice copy of the queue. */
export function practiceQueue(queueDir: string): string {
  return path.join(stateDirFor(queueDir, true), 'live', 'queue');
}
