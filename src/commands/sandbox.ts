// lm-post sandbox: what each emulated network received (publish --sandbox, lm-post demo), from the
// sandbox state kept on disk; `--serve` runs the emulators and a page listing it all until Ctrl-C,
// so that the receipt links can be opened.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { DEFAULT_CHARTER, stateDirFor } from '../cli/context.js';
import { loadCharter } from '../charter/load.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { DEFAULT_QUEUE } from '../cli/context.js';
import { ExitCode, LmPostError } from '../errors.js';
import { formatSize, type Lang, resolveLang } from '../i18n/index.js';
import type { Sandbox, SandboxNetwork, SandboxPost } from '../sandbox/index.js';
import { sandboxAccounts } from '../sandbox/accounts.js';
import type { Charter } from '../charter/types.js';
import type { SandboxPageInput } from '../preview/sandbox-page.js';
import { formatDateTime } from '../util/time.js';

export interface SandboxCommandOptions extends GlobalOptions {
  serve?: boolean;
  json?: boolean;
  demo?: boolean;
  /** Tests: resolves to stop serving (the CLI stops on SIGINT/SIGTERM). */
  until?: Promise<void>;
}

const LABELS: Record<SandboxNetwork, string> = { twitter: 'X (Twitter)', mastodon: 'Mastodon', facebook: 'Facebook' };

/** The sandbox state folder: the project's, or the demo's (`--demo`, or when the project has none). */
function stateDir(io: Io, opts: SandboxCommandOptions): string {
  const own = path.join(stateDirFor(path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE), true), 'state');
  const demo = path.join(io.cwd, '.lm-post', 'demo', '.lm-post', 'sandbox', 'state');
  if (opts.demo) return demo;
  return existsSync(own) || !existsSync(demo) ? own : demo;
}

/** The post's address on `base` (the --serve page) instead of the emulator's port of the time. */
function urlOn(p: SandboxPost, base: string | undefined): string {
  if (!base) return p.url;
  const u = new URL(p.url);
  return `${base}${u.pathname}`;
}

/** When a network received the post, as people read it in the charter's zone (--json keeps ISO). */
function receivedAt(p: SandboxPost, lang: Lang, tz: string): string {
  const d = new Date(p.createdAt);
  return Number.isNaN(d.getTime()) ? p.createdAt : formatDateTime(d, tz, lang);
}

const ALL_NETWORKS: readonly SandboxNetwork[] = ['twitter', 'mastodon', 'facebook'];

/**
 * The networks to show: those of the charter (a charter without X shows no X section), and any
 * other that did receive posts (from an earlier charter); all of them when the charter cannot be read.
 */
function shownNetworks(declared: readonly string[] | undefined, sb: Sandbox): SandboxNetwork[] {
  return ALL_NETWORKS.filter((n) => !declared || declared.includes(n) || sb.posts(n).length > 0);
}

/**
 * The charter's zone (the demo copies the same charter), UTC, said as such, when it cannot be
 * read; its organisation, which names the sandbox accounts; and its networks.
 */
function charterFacts(io: Io, opts: SandboxCommandOptions): { tz: string; organisation?: string; networks?: string[] } {
  try {
    const c = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd);
    return { tz: c.timezone, organisation: c.organisation, networks: Object.keys(c.networks) };
  } catch {
    return { tz: 'UTC' };
  }
}

function describePost(p: SandboxPost, lang: Lang, tz: string, base?: string): string[] {
  const fr = lang === 'fr';
  // Without --serve the emulators' ports are closed: show the id rather than a dead link.
  const lines = [`  • ${receivedAt(p, lang, tz)}  ${base ? urlOn(p, base) : `id ${p.id}`}`];
  if (p.replyTo) lines.push(`    ${fr ? 'en réponse à' : 'in reply to'} ${p.replyTo}`);
  if (p.quoteOf) lines.push(`    ${fr ? 'cite' : 'quotes'} ${p.quoteOf}`);
  if (p.spoiler) lines.push(`    ${fr ? 'avertissement' : 'content warning'} : ${p.spoiler}`);
  if (p.visibility) lines.push(`    ${fr ? 'visibilité' : 'visibility'} : ${p.visibility}`);
  if (p.link) lines.push(`    ${fr ? 'lien' : 'link'} : ${p.link}`);
  lines.push(...p.text.split('\n').map((l) => `    │ ${l}`));
  for (const m of p.media) lines.push(`    🖼  ${m.contentType ?? '?'}, ${formatSize(m.bytes, lang)} — alt : ${m.altText ?? (fr ? '(aucun)' : '(none)')}`);
  return lines;
}

function listing(sb: Sandbox, networks: readonly SandboxNetwork[], lang: Lang, tz: string, base?: string): string {
  const fr = lang === 'fr';
  const out: string[] = [];
  for (const n of networks) {
    const posts = sb.posts(n);
    out.push(`── ${LABELS[n]} : ${posts.length} ${fr ? 'publication(s) reçue(s)' : 'post(s) received'}`);
    for (const p of posts) out.push(...describePost(p, lang, tz, base));
    out.push('');
  }
  return out.join('\n');
}

/** What the sandbox page needs: the posts, the emulators' accounts, the charter and queue when they can be read. */
function sandboxPageInput(io: Io, opts: SandboxCommandOptions, sb: Sandbox, networks: readonly SandboxNetwork[], dir: string, lang: Lang, tz: string): SandboxPageInput {
  let charter: Charter | undefined;
  try {
    charter = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd);
  } catch {
    charter = undefined;
  }
  const accounts = sandboxAccounts(charter?.organisation);
  // The state folder is <queue's parent>/.lm-post/sandbox/state: the demo's queue sits beside it.
  const own = path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE);
  const root = path.dirname(path.dirname(path.dirname(dir)));
  const queueDir = root === path.dirname(own) ? own : path.join(root, 'queue');
  return {
    posts: Object.fromEntries(networks.map((n) => [n, sb.posts(n)])),
    // The emulators' accounts, named after the charter's organisation as the emulators name them.
    accounts: {
      twitter: { name: accounts.twitter.name, handle: `@${accounts.twitter.username}` },
      mastodon: { name: accounts.mastodon.display_name, handle: `@${accounts.mastodon.username}` },
      facebook: { name: accounts.facebook.name, handle: '' },
    },
    ...(charter ? { charter } : {}),
    queueDir: existsSync(queueDir) ? queueDir : own,
    receiptsDir: path.join(path.dirname(dir), 'receipts'),
    lang,
    timezone: tz,
  };
}

export async function sandbox(io: Io, opts: SandboxCommandOptions): Promise<number> {
  const lang = resolveLang({ flag: opts.lang, env: io.env });
  const fr = lang === 'fr';
  const dir = stateDir(io, opts);
  if (!existsSync(dir)) {
    throw new LmPostError(
      'sandbox-empty',
      {
        fr: 'Le bac à sable est vide ({{dir}}) : lancez d’abord lm-post demo (npm start) ou lm-post publish --sandbox.',
        en: 'The sandbox is empty ({{dir}}): run lm-post demo (npm start) or lm-post publish --sandbox first.',
      },
      { dir: path.relative(io.cwd, dir) || dir },
      ExitCode.usage,
    );
  }
  const { startSandbox } = await import('../sandbox/index.js');
  const { tz, organisation, networks: declared } = charterFacts(io, opts);
  const sb = await startSandbox({ stateDir: dir, organisation });
  const networks = shownNetworks(declared, sb);
  try {
    if (opts.json) {
      io.out(JSON.stringify(Object.fromEntries(networks.map((n) => [n, sb.posts(n)])), null, 2) + '\n');
      return ExitCode.ok;
    }
    if (!opts.serve) {
      io.out(listing(sb, networks, lang, tz));
      io.out(fr ? 'Pour ouvrir ces publications dans un navigateur : lm-post sandbox --serve (jusqu’à Ctrl-C).\n' : 'To open these posts in a browser: lm-post sandbox --serve (until Ctrl-C).\n');
      return ExitCode.ok;
    }
    // The page: the same mockups as preview --format html (preview/sandbox-page.ts).
    const { sandboxPage } = await import('../preview/sandbox-page.js');
    const input = sandboxPageInput(io, opts, sb, networks, dir, lang, tz);
    const server = createServer((req, res) => {
      const wanted = new URL(req.url ?? '/', 'http://x').pathname;
      const html = sandboxPage(input, wanted === '/' ? undefined : wanted);
      if (html === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(fr ? 'Publication inconnue du bac à sable.\n' : 'Post unknown to the sandbox.\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'" });
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    io.out(listing(sb, networks, lang, tz, base));
    io.out(
      fr
        ? `Bac à sable ouvert : ${base}/ (la liste) et les liens ci-dessus, jusqu’à Ctrl-C.\n`
        : `Sandbox open: ${base}/ (the list) and the links above, until Ctrl-C.\n`,
    );
    await (opts.until ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return ExitCode.ok;
  } finally {
    await sb.close();
  }
}
