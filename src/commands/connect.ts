// lm-post connect twitter|mastodon|bluesky|facebook (alias connecter): the token set-up, step by
// step in French (SPEC §18), for volunteers without a developer. Each value is checked live as
// it is entered (on a terminal: @inquirer/prompts, which asks again; without one: flags, and a
// refused value ends the command with the reason), and the result is merged into .env with mode
// 600 (src/connect/env-file.ts). Secrets are never printed.
//
// - mastodon: registers an OAuth app (POST /api/v1/apps, the scopes §12 needs), shows the
//   authorisation address, exchanges the code (POST /oauth/token), then checks the token
//   (verify_credentials);
// - bluesky: creates nothing; checks the handle and the app password (createSession);
// - facebook: exchanges a user token for a long-lived one (fb_exchange_token), takes the Page's
//   token from /me/accounts and shows its expiry (debug_token);
// - twitter: checks the four keys (GET /2/users/me, billed 0.010 USD on pay-per-use: said first)
//   and shows the charter's plan.
//
// --sandbox runs the same steps against the embedded emulators (state kept in
// .lm-post/sandbox/state, like publish --sandbox) and writes .lm-post/sandbox/.env, never the
// real .env.
// The steps live in src/connect/ (one module per network, their shared parts in session.ts).
import path from 'node:path';
import { loadCharter } from '../charter/load.js';
import type { Charter } from '../charter/types.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { DEFAULT_CHARTER, DEFAULT_QUEUE, stateDirFor } from '../cli/context.js';
import { fail, rel, type ConnectValues, type Session, type T } from '../connect/session.js';
import { ExitCode } from '../errors.js';
import { resolveLang } from '../i18n/index.js';
import { confirmTheme, selectTheme } from './prompt-theme.js';

export { MASTODON_SCOPES } from '../connect/session.js';

export type ConnectNetwork = 'twitter' | 'mastodon' | 'bluesky' | 'facebook';
export const CONNECT_NETWORKS: readonly ConnectNetwork[] = ['twitter', 'mastodon', 'bluesky', 'facebook'];

export interface ConnectOptions extends GlobalOptions, ConnectValues {}

export async function connect(io: Io, network: string, opts: ConnectOptions): Promise<number> {
  let charter: Charter | undefined;
  try {
    charter = loadCharter(opts.charter ?? DEFAULT_CHARTER, io.cwd);
  } catch {
    /* no charter yet: the set-up does not need one */
  }
  const lang = resolveLang({ flag: opts.lang, charter: charter?.language, env: io.env });
  const t: T = (fr, en) => (lang === 'fr' ? fr : en);
  if (!(CONNECT_NETWORKS as readonly string[]).includes(network)) {
    throw fail('connect-network', 'Réseau inconnu « {{network}} » : twitter, mastodon, bluesky ou facebook.', 'Unknown network "{{network}}": twitter, mastodon, bluesky or facebook.', { network });
  }
  const queueDir = path.resolve(io.cwd, opts.queue ?? DEFAULT_QUEUE);
  const sandboxDir = stateDirFor(queueDir, true);
  const envFile = path.resolve(io.cwd, opts.envFile ?? (opts.sandbox ? path.join(sandboxDir, '.env') : '.env'));
  const s: Session = { io, lang, t, themes: { select: selectTheme(lang), confirm: confirmTheme(lang) }, tty: Boolean(process.stdin.isTTY) && io.isTTY, envFile, organisation: charter?.organisation ?? path.basename(io.cwd), ...(charter ? { charter } : {}) };
  if (opts.sandbox) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sandboxDir, { recursive: true });
    const { startSandbox } = await import('../sandbox/index.js');
    const sb = await startSandbox({ stateDir: path.join(sandboxDir, 'state'), ...(charter ? { organisation: charter.organisation } : {}) });
    s.sandbox = {
      urls: {
        ...(sb.urls as Record<string, string>),
        twitterAppKey: sb.env.LM_POST_TWITTER_APP_KEY!,
        twitterAppSecret: sb.env.LM_POST_TWITTER_APP_SECRET!,
        twitterAccessToken: sb.env.LM_POST_TWITTER_ACCESS_TOKEN!,
        twitterAccessSecret: sb.env.LM_POST_TWITTER_ACCESS_SECRET!,
      },
      close: () => sb.close(),
    };
    io.out(t(`Bac à sable (aucun vrai compte) : le résultat va dans ${rel(s)}.\n`, `Sandbox (no real account): the result goes to ${rel(s)}.\n`));
  }
  try {
    if (network === 'mastodon') return await (await import('../connect/mastodon.js')).mastodon(s, opts);
    if (network === 'bluesky') return await (await import('../connect/bluesky.js')).bluesky(s, opts);
    if (network === 'facebook') return await (await import('../connect/facebook.js')).facebook(s, opts);
    return await (await import('../connect/twitter.js')).twitter(s, opts);
  } catch (e) {
    // Ctrl-C in a prompt: nothing more was written.
    if ((e as Error)?.name === 'ExitPromptError') {
      io.err(t('Interrompu : rien de plus n’a été écrit.\n', 'Interrupted: nothing more was written.\n'));
      return ExitCode.usage;
    }
    throw e;
  } finally {
    await s.sandbox?.close();
  }
}
