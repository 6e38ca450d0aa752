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
import path from 'node:path';
import { loadCharter } from '../charter/load.js';
import type { Charter } from '../charter/types.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { DEFAULT_CHARTER, DEFAULT_QUEUE, stateDirFor } from '../cli/context.js';
import { mergeEnvFile, readEnvFile } from '../connect/env-file.js';
import { ExitCode, LmPostError } from '../errors.js';
import { resolveLang, type Lang } from '../i18n/index.js';
import { confirmTheme, selectTheme } from './prompt-theme.js';

export type ConnectNetwork = 'twitter' | 'mastodon' | 'bluesky' | 'facebook';
export const CONNECT_NETWORKS: readonly ConnectNetwork[] = ['twitter', 'mastodon', 'bluesky', 'facebook'];

export interface ConnectOptions extends GlobalOptions {
  sandbox?: boolean;
  envFile?: string;
  yes?: boolean;
  // mastodon
  instance?: string;
  code?: string;
  // bluesky
  handle?: string;
  appPassword?: string;
  service?: string;
  // facebook (and X's app secret)
  appId?: string;
  appSecret?: string;
  userToken?: string;
  page?: string;
  // twitter
  appKey?: string;
  accessToken?: string;
  accessSecret?: string;
}

/** The scopes lm-post needs on Mastodon (SPEC §12): post, upload media, read the account and its posts. */
export const MASTODON_SCOPES = 'write:statuses write:media read:accounts read:statuses';
const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const GRAPH = 'https://graph.facebook.com';
const GRAPH_VERSION = 'v24.0';
const BLUESKY_SERVICE = 'https://bsky.social';
const TIMEOUT_MS = 15_000;

type T = (fr: string, en: string) => string;

interface Session {
  io: Io;
  lang: Lang;
  t: T;
  tty: boolean;
  envFile: string;
  organisation: string;
  charter?: Charter;
  sandbox?: { urls: Record<string, string>; close(): Promise<void> };
}

function fail(code: string, fr: string, en: string, data: Record<string, unknown> = {}, exit: (typeof ExitCode)[keyof typeof ExitCode] = ExitCode.usage): LmPostError {
  return new LmPostError(code, { fr, en }, data, exit);
}

/** A value from its flag, or asked on a terminal; `check` returns the reason it is refused, or the checked result. */
async function ask<R>(
  s: Session,
  o: { flag: string | undefined; flagName: string; message: string; secret?: boolean; default?: string; check: (v: string) => Promise<R | string> },
): Promise<R> {
  // A string is the reason the value is refused; anything else is the checked result.
  const isError = (r: R | string): r is string => typeof r === 'string';
  if (o.flag !== undefined) {
    const r = await o.check(o.flag.trim());
    if (isError(r)) throw fail('connect-refused', '{{flag}} : {{reason}}', '{{flag}}: {{reason}}', { flag: o.flagName, reason: r });
    return r;
  }
  if (!s.tty) {
    throw fail('connect-missing', 'Sans terminal, indiquez {{flag}} (ou lancez la commande dans un terminal pour répondre aux questions).', 'Without a terminal, give {{flag}} (or run the command in a terminal to answer the questions).', { flag: o.flagName });
  }
  const { input, password } = await import('@inquirer/prompts');
  let result: R | undefined;
  const validate = async (raw: string): Promise<string | true> => {
    const v = raw.trim();
    if (!v) return s.t('Une valeur est nécessaire.', 'A value is needed.');
    const r = await o.check(v);
    if (isError(r)) return r;
    result = r;
    return true;
  };
  if (o.secret) await password({ message: o.message, mask: '•', validate });
  else await input({ message: o.message, ...(o.default ? { default: o.default } : {}), validate });
  return result as R;
}

/** JSON over HTTP with a deadline; a network failure becomes a sentence, never a stack trace. */
async function http(s: Session, url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw fail('connect-unreachable', 'Impossible de joindre {{host}} ({{cause}}) : vérifiez l’adresse et la connexion.', 'Cannot reach {{host}} ({{cause}}): check the address and the connection.', { host: new URL(url).host, cause }, ExitCode.problems);
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

const errorText = (b: Record<string, unknown>): string => {
  const e = b.error;
  // OAuth (error_description) or XRPC (message) wording after the error's name.
  if (typeof e === 'string') return typeof b.error_description === 'string' ? `${e} — ${b.error_description}` : typeof b.message === 'string' ? `${e} — ${b.message}` : e;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  if (typeof b.message === 'string') return b.message;
  return '?';
};

function normaliseUrl(raw: string, sandbox: boolean): URL | undefined {
  let v = raw.trim().replace(/\/+$/, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) v = `https://${v}`;
  try {
    const u = new URL(v);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (loopback || sandbox))) return undefined;
    return new URL(u.origin);
  } catch {
    return undefined;
  }
}

function write(s: Session, values: Record<string, string>): void {
  try {
    mergeEnvFile(s.envFile, values);
  } catch (e) {
    throw fail('connect-env-write', 'Impossible d’écrire {{file}} ({{code}}) : rien n’a été modifié.', 'Cannot write {{file}} ({{code}}): nothing was changed.', { file: rel(s), code: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

function rel(s: Session): string {
  return path.relative(s.io.cwd, s.envFile) || s.envFile;
}

function done(s: Session, label: string, who: string, keys: string[]): void {
  s.io.out(
    s.t(
      `✓ ${label} : connecté·e en tant que ${who}. ${keys.join(', ')} écrits dans ${rel(s)} (lisible par vous seul·e, mode 600).\n`,
      `✓ ${label}: connected as ${who}. ${keys.join(', ')} written to ${rel(s)} (readable by you only, mode 600).\n`,
    ) + (s.sandbox ? s.t('Bac à sable : ces valeurs ne servent qu’au bac à sable ; relancez sans --sandbox pour le vrai compte.\n', 'Sandbox: these values only work with the sandbox; run again without --sandbox for the real account.\n') : s.t('Vérifiez le tout avec lm-post doctor.\n', 'Check everything with lm-post doctor.\n')),
  );
}

// ── Mastodon ────────────────────────────────────────────────────────────────────────────────

async function mastodon(s: Session, o: ConnectOptions): Promise<number> {
  const { t, io } = s;
  const existing = readEnvFile(s.envFile);
  io.out(t('Mastodon, en trois étapes : l’adresse de votre instance, l’autorisation dans le navigateur, le code affiché.\n', 'Mastodon, in three steps: your instance’s address, the authorisation in the browser, the code it shows.\n'));
  const charterInstance = s.charter?.networks.mastodon?.instance;
  const suggested = s.sandbox?.urls.mastodon ?? existing.LM_POST_MASTODON_URL ?? (charterInstance && !/mastodon\.example/.test(charterInstance) ? charterInstance : undefined);
  const instance = await ask(s, {
    flag: o.instance ?? s.sandbox?.urls.mastodon,
    flagName: '--instance',
    message: t('1. Adresse de l’instance Mastodon du collectif (ex. https://mastodon.social)', '1. Address of the collective’s Mastodon instance (e.g. https://mastodon.social)'),
    ...(suggested ? { default: suggested } : {}),
    check: async (v) => {
      const url = normaliseUrl(v, Boolean(s.sandbox));
      if (!url) return t('une adresse https:// complète, par exemple https://mastodon.social', 'a full https:// address, e.g. https://mastodon.social');
      const r = await http(s, new URL('/api/v2/instance', url).href);
      const r1 = r.status === 200 ? r : await http(s, new URL('/api/v1/instance', url).href);
      if (r1.status !== 200 || typeof r1.body.version !== 'string') return t(`${url.host} ne répond pas comme une instance Mastodon (HTTP ${r1.status})`, `${url.host} does not answer as a Mastodon instance (HTTP ${r1.status})`);
      return { url: url.href.replace(/\/$/, ''), title: String(r1.body.title ?? url.host), version: r1.body.version };
    },
  });
  io.out(t(`   ✓ ${instance.title} (Mastodon ${instance.version})\n`, `   ✓ ${instance.title} (Mastodon ${instance.version})\n`));

  // The app: registered once per instance, its id and secret kept in .env for the next time.
  let clientId = existing.LM_POST_MASTODON_URL === instance.url ? existing.LM_POST_MASTODON_CLIENT_ID : undefined;
  let clientSecret = clientId ? existing.LM_POST_MASTODON_CLIENT_SECRET : undefined;
  const appName = `lm-post (${s.organisation})`.slice(0, 60);
  if (!clientId || !clientSecret) {
    const r = await http(s, new URL('/api/v1/apps', instance.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: appName, redirect_uris: OOB, scopes: MASTODON_SCOPES }),
    });
    if (r.status !== 200 || typeof r.body.client_id !== 'string' || typeof r.body.client_secret !== 'string') {
      throw fail('connect-mastodon-app', 'L’instance refuse d’enregistrer l’application : {{reason}} (HTTP {{status}}).', 'The instance refuses to register the application: {{reason}} (HTTP {{status}}).', { reason: errorText(r.body), status: r.status }, ExitCode.problems);
    }
    clientId = r.body.client_id;
    clientSecret = r.body.client_secret;
    write(s, { LM_POST_MASTODON_URL: instance.url, LM_POST_MASTODON_CLIENT_ID: clientId, LM_POST_MASTODON_CLIENT_SECRET: clientSecret });
    io.out(t(`   ✓ application « ${appName} » enregistrée (droits : ${MASTODON_SCOPES})\n`, `   ✓ application "${appName}" registered (scopes: ${MASTODON_SCOPES})\n`));
  } else {
    io.out(t(`   ✓ application déjà enregistrée sur cette instance (${rel(s)})\n`, `   ✓ application already registered on this instance (${rel(s)})\n`));
  }

  const authorize = new URL('/oauth/authorize', instance.url);
  authorize.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: OOB, scope: MASTODON_SCOPES }).toString();
  io.out(
    t(
      `2. Ouvrez cette adresse dans le navigateur où vous êtes connecté·e au compte du collectif, puis cliquez « Autoriser » :\n   ${authorize.href}\n`,
      `2. Open this address in the browser where you are signed in to the collective’s account, then click "Authorise":\n   ${authorize.href}\n`,
    ),
  );
  let code = o.code;
  if (code === undefined && !s.tty) {
    if (!s.sandbox) {
      io.out(t('3. Puis relancez avec le code affiché : lm-post connect mastodon --code CODE\n', '3. Then run again with the code it shows: lm-post connect mastodon --code CODE\n'));
      return ExitCode.ok;
    }
    // The sandbox's account is signed in and approves at once: read the code from its page.
    const page = await fetch(authorize, { signal: AbortSignal.timeout(TIMEOUT_MS) }).then((r) => r.text());
    code = /class="oauth-code"[^>]*value="([^"]+)"/.exec(page)?.[1];
    if (!code) throw fail('connect-sandbox-code', 'Le bac à sable n’a pas donné de code d’autorisation.', 'The sandbox gave no authorisation code.', {}, ExitCode.problems);
    io.out(t('   (bac à sable : autorisé d’office par son compte)\n', '   (sandbox: authorised at once by its account)\n'));
  }
  const token = await ask(s, {
    flag: code,
    flagName: '--code',
    message: t('3. Code d’autorisation affiché par Mastodon', '3. Authorisation code shown by Mastodon'),
    secret: true,
    check: async (v) => {
      const r = await http(s, new URL('/oauth/token', instance.url).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: v, client_id: clientId!, client_secret: clientSecret!, redirect_uri: OOB, scope: MASTODON_SCOPES }).toString(),
      });
      if (r.status !== 200 || typeof r.body.access_token !== 'string') {
        return r.body.error === 'invalid_grant' ? t('code refusé (déjà utilisé, expiré ou mal copié) : rouvrez l’adresse pour en obtenir un nouveau', 'code refused (already used, expired or mistyped): open the address again for a new one') : t(`refusé par l’instance : ${errorText(r.body)}`, `refused by the instance: ${errorText(r.body)}`);
      }
      const me = await http(s, new URL('/api/v1/accounts/verify_credentials', instance.url).href, { headers: { Authorization: `Bearer ${r.body.access_token}` } });
      if (me.status !== 200 || typeof me.body.acct !== 'string') return t(`le jeton obtenu ne permet pas de lire le compte (HTTP ${me.status})`, `the token obtained cannot read the account (HTTP ${me.status})`);
      return { token: r.body.access_token, acct: me.body.acct };
    },
  });
  write(s, { LM_POST_MASTODON_URL: instance.url, LM_POST_MASTODON_TOKEN: token.token });
  done(s, 'Mastodon', `@${token.acct}`, ['LM_POST_MASTODON_URL', 'LM_POST_MASTODON_TOKEN']);
  return ExitCode.ok;
}

// ── Bluesky ─────────────────────────────────────────────────────────────────────────────────

async function bluesky(s: Session, o: ConnectOptions): Promise<number> {
  const { t, io } = s;
  const sandboxPds = s.sandbox?.urls.bluesky;
  if (s.sandbox && !sandboxPds) {
    throw fail('connect-bluesky-sandbox', 'Le bac à sable n’émule pas encore Bluesky : lancez lm-post connect bluesky avec votre vrai compte (--service pour un autre serveur).', 'The sandbox does not emulate Bluesky yet: run lm-post connect bluesky with your real account (--service for another server).');
  }
  io.out(
    t(
      'Bluesky : lm-post publie avec un mot de passe d’application, jamais le mot de passe du compte.\nCréez-en un dans Bluesky : Paramètres > Confidentialité et sécurité > Mots de passe d’application > Ajouter (nom : lm-post).\n',
      'Bluesky: lm-post posts with an app password, never the account’s password.\nCreate one in Bluesky: Settings > Privacy and security > App passwords > Add (name: lm-post).\n',
    ),
  );
  const service = normaliseUrl(o.service ?? sandboxPds ?? BLUESKY_SERVICE, Boolean(s.sandbox));
  if (!service) throw fail('connect-bad-service', '--service : une adresse https:// complète ({{given}}).', '--service: a full https:// address ({{given}}).', { given: o.service });
  const handle = await ask(s, {
    flag: o.handle,
    flagName: '--handle',
    message: t('1. Identifiant du compte (ex. collectif.bsky.social)', '1. The account’s handle (e.g. collective.bsky.social)'),
    check: async (v) => {
      const h = v.replace(/^@/, '').toLowerCase();
      return /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*$/.test(h) ? { handle: h } : t('un identifiant comme collectif.bsky.social (sans espace)', 'a handle like collective.bsky.social (no spaces)');
    },
  });
  const session = await ask(s, {
    flag: o.appPassword,
    flagName: '--app-password',
    message: t('2. Mot de passe d’application (xxxx-xxxx-xxxx-xxxx)', '2. App password (xxxx-xxxx-xxxx-xxxx)'),
    secret: true,
    check: async (v) => {
      if (!/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/.test(v)) {
        return t('ce n’est pas un mot de passe d’application (quatre groupes de quatre caractères séparés par des tirets) : n’utilisez pas le mot de passe du compte', 'this is not an app password (four groups of four characters joined by hyphens): do not use the account’s password');
      }
      // com.atproto.server.createSession: the one call that checks a password; nothing is created.
      const r = await http(s, new URL('/xrpc/com.atproto.server.createSession', service).href, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier: handle.handle, password: v }) });
      if (r.status !== 200 || typeof r.body.did !== 'string') return t(`refusé par ${service.host} : ${errorText(r.body)}`, `refused by ${service.host}: ${errorText(r.body)}`);
      return { password: v, handle: typeof r.body.handle === 'string' ? r.body.handle : handle.handle, did: r.body.did };
    },
  });
  const values: Record<string, string> = { LM_POST_BLUESKY_HANDLE: session.handle, LM_POST_BLUESKY_APP_PASSWORD: session.password };
  if (service.origin !== BLUESKY_SERVICE) values.LM_POST_BLUESKY_SERVICE = service.origin;
  write(s, values);
  done(s, 'Bluesky', `@${session.handle} (${session.did})`, Object.keys(values));
  return ExitCode.ok;
}

// ── Facebook ────────────────────────────────────────────────────────────────────────────────

async function facebook(s: Session, o: ConnectOptions): Promise<number> {
  const { t, io } = s;
  const graph = (s.sandbox?.urls.facebook ?? GRAPH).replace(/\/$/, '');
  const api = (p: string, q: Record<string, string>) => `${graph}/${GRAPH_VERSION}${p}?${new URLSearchParams(q).toString()}`;
  io.out(
    t(
      'Facebook : lm-post publie sur la Page avec un jeton de Page sans date d’expiration, obtenu ainsi :\n' +
        '  a. developers.facebook.com > Mes applications > votre application (type Entreprise) > Paramètres > Général : l’identifiant et la clé secrète ;\n' +
        '  b. Outils > Explorateur de l’API Graph : choisissez l’application, « Obtenir un jeton d’utilisateur » avec pages_show_list, pages_read_engagement et pages_manage_posts, puis copiez-le.\n',
      'Facebook: lm-post posts to the Page with a Page token that does not expire, obtained this way:\n' +
        '  a. developers.facebook.com > My apps > your app (Business type) > Settings > Basic: the app id and secret;\n' +
        '  b. Tools > Graph API Explorer: choose the app, "Get User Access Token" with pages_show_list, pages_read_engagement and pages_manage_posts, then copy it.\n',
    ),
  );
  // The sandbox's app and its Explorer token stand in for the real ones.
  const sb = s.sandbox ? await import('../sandbox/index.js') : undefined;
  const appId = await ask(s, {
    flag: o.appId ?? sb?.FACEBOOK_APP_ID,
    flagName: '--app-id',
    message: t('1. Identifiant de l’application (chiffres)', '1. App id (digits)'),
    check: async (v) => (/^\d{5,20}$/.test(v) ? { id: v } : t('l’identifiant de l’application est fait de chiffres', 'the app id is made of digits')),
  });
  const appSecret = await ask(s, {
    flag: o.appSecret ?? sb?.FACEBOOK_APP_SECRET,
    flagName: '--app-secret',
    message: t('2. Clé secrète de l’application', '2. App secret'),
    secret: true,
    check: async (v) => {
      if (!/^\S{8,}$/.test(v)) return t('la clé secrète, telle qu’affichée après « Afficher »', 'the secret, as shown after "Show"');
      // The app's own token (grant_type=client_credentials): checks the id and the secret together.
      const r = await http(s, api('/oauth/access_token', { grant_type: 'client_credentials', client_id: appId.id, client_secret: v }));
      if (r.status !== 200 || typeof r.body.access_token !== 'string') return t(`l’identifiant ou la clé secrète de l’application est refusé (${errorText(r.body)})`, `the app id or secret is refused (${errorText(r.body)})`);
      return { secret: v };
    },
  });
  const longLived = await ask(s, {
    flag: o.userToken ?? sb?.FACEBOOK_USER_TOKEN,
    flagName: '--user-token',
    message: t('3. Jeton d’utilisateur de l’Explorateur de l’API Graph', '3. User token from the Graph API Explorer'),
    secret: true,
    check: async (v) => {
      // Long-lived user token (about 60 days): GET /oauth/access_token?grant_type=fb_exchange_token.
      const r = await http(s, api('/oauth/access_token', { grant_type: 'fb_exchange_token', client_id: appId.id, client_secret: appSecret.secret, fb_exchange_token: v }));
      if (r.status !== 200 || typeof r.body.access_token !== 'string') {
        const code = (r.body.error as { code?: number } | undefined)?.code;
        return code === 1 || code === 101 ? t(`l’identifiant ou la clé secrète de l’application est refusé (${errorText(r.body)}) : relancez avec les bons`, `the app id or secret is refused (${errorText(r.body)}): run again with the right ones`) : t(`jeton refusé (${errorText(r.body)}) : copiez-en un nouveau dans l’Explorateur`, `token refused (${errorText(r.body)}): copy a new one from the Explorer`);
      }
      return { token: r.body.access_token };
    },
  });
  const pages = await http(s, api('/me/accounts', { access_token: longLived.token, fields: 'id,name,access_token,tasks' }));
  const list = Array.isArray(pages.body.data) ? (pages.body.data as { id: string; name: string; access_token: string }[]).filter((p) => p.id && p.access_token) : [];
  if (pages.status !== 200 || !list.length) {
    throw fail('connect-facebook-pages', 'Ce compte ne gère aucune Page accessible à l’application ({{reason}}) : donnez-lui la permission pages_show_list et l’accès à la Page.', 'This account manages no Page the app can reach ({{reason}}): grant pages_show_list and access to the Page.', { reason: pages.status === 200 ? '0' : errorText(pages.body) }, ExitCode.problems);
  }
  let page = list[0]!;
  if (o.page !== undefined) {
    const found = list.find((p) => p.id === o.page || p.name.toLowerCase() === o.page!.toLowerCase());
    if (!found) throw fail('connect-facebook-page', '--page : aucune Page « {{page}} » ; Pages accessibles : {{pages}}.', '--page: no Page "{{page}}"; Pages available: {{pages}}.', { page: o.page, pages: list.map((p) => `${p.name} (${p.id})`).join(', ') });
    page = found;
  } else if (list.length > 1) {
    if (!s.tty) throw fail('connect-facebook-page', 'Plusieurs Pages : indiquez --page ID ({{pages}}).', 'Several Pages: give --page ID ({{pages}}).', { pages: list.map((p) => `${p.name} (${p.id})`).join(', ') });
    const { select } = await import('@inquirer/prompts');
    const id = await select({ message: t('4. La Page du collectif', '4. The collective’s Page'), choices: list.map((p) => ({ name: `${p.name} (${p.id})`, value: p.id })), theme: selectTheme(s.lang) });
    page = list.find((p) => p.id === id)!;
  }
  // How long the Page token lives: debug_token, inspected with the app's own token.
  const dbg = await http(s, api('/debug_token', { input_token: page.access_token, access_token: `${appId.id}|${appSecret.secret}` }));
  const data = (dbg.body.data ?? {}) as { is_valid?: boolean; expires_at?: number };
  if (dbg.status !== 200 || data.is_valid === false) {
    throw fail('connect-facebook-debug', 'Facebook ne valide pas le jeton de la Page ({{reason}}).', 'Facebook does not validate the Page token ({{reason}}).', { reason: errorText(dbg.body) }, ExitCode.problems);
  }
  const expiry =
    data.expires_at === 0 || data.expires_at === undefined
      ? t('n’expire pas (tant que le mot de passe et les droits ne changent pas)', 'does not expire (as long as the password and permissions do not change)')
      : t(`expire le ${new Date(data.expires_at * 1000).toLocaleString('fr-FR', { timeZone: s.charter?.timezone ?? 'UTC' })} : relancez lm-post connect facebook avant`, `expires on ${new Date(data.expires_at * 1000).toISOString()}: run lm-post connect facebook again before`);
  io.out(t(`   Jeton de la Page « ${page.name} » : ${expiry}.\n`, `   Token of the Page "${page.name}": ${expiry}.\n`));
  write(s, { LM_POST_FACEBOOK_PAGE_ID: page.id, LM_POST_FACEBOOK_PAGE_TOKEN: page.access_token, LM_POST_FACEBOOK_APP_SECRET: appSecret.secret });
  done(s, 'Facebook', `« ${page.name} » (${page.id})`, ['LM_POST_FACEBOOK_PAGE_ID', 'LM_POST_FACEBOOK_PAGE_TOKEN', 'LM_POST_FACEBOOK_APP_SECRET']);
  return ExitCode.ok;
}

// ── X ───────────────────────────────────────────────────────────────────────────────────────

async function twitter(s: Session, o: ConnectOptions): Promise<number> {
  const { t, io } = s;
  const plan = s.charter?.networks.twitter?.plan ?? 'pay-per-use';
  io.out(
    t(
      'X : quatre clés, sur developer.x.com > votre projet > votre application > Keys and tokens : « API Key and Secret » (clé et secret de l’application), puis « Access Token and Secret » (droits Read and write).\n' +
        `La vérification appelle une fois GET /2/users/me : avec la formule pay-per-use, X la facture 0,010 USD.\n`,
      'X: four keys, on developer.x.com > your project > your app > Keys and tokens: "API Key and Secret" (the app’s key and secret), then "Access Token and Secret" (Read and write permissions).\n' +
        'The check calls GET /2/users/me once: on the pay-per-use plan, X bills it 0.010 USD.\n',
    ),
  );
  if (s.tty && !o.yes && !s.sandbox) {
    const { confirm } = await import('@inquirer/prompts');
    if (!(await confirm({ message: t('Continuer (0,010 USD) ?', 'Continue (0.010 USD)?'), default: true, theme: confirmTheme(s.lang) }))) return ExitCode.ok;
  }
  const plain = (label: string) => async (v: string) => (/^\S{10,}$/.test(v) ? { v } : t(`${label} : sans espace, telle que copiée depuis developer.x.com`, `${label}: no spaces, as copied from developer.x.com`));
  // The four keys are checked together (one users/me call); on a terminal, a refusal asks the
  // four again (any of them may be the wrong one), without one it ends the command.
  const sbKeys = s.sandbox?.urls;
  let keys: { appKey: string; appSecret: string; accessToken: string; accessSecret: string; account: string } | undefined;
  for (let attempt = 0; !keys; attempt++) {
    const first = attempt === 0;
    const flag = (given: string | undefined, sandboxValue: string | undefined) => (first ? (given ?? sandboxValue) : undefined);
    const appKey = await ask(s, { flag: flag(o.appKey, sbKeys?.twitterAppKey), flagName: '--app-key', message: t('1. API Key (clé de l’application)', '1. API Key'), check: plain('API Key') });
    const appSecret = await ask(s, { flag: flag(o.appSecret, sbKeys?.twitterAppSecret), flagName: '--app-secret', message: t('2. API Key Secret', '2. API Key Secret'), secret: true, check: plain('API Key Secret') });
    const accessToken = await ask(s, { flag: flag(o.accessToken, sbKeys?.twitterAccessToken), flagName: '--access-token', message: t('3. Access Token', '3. Access Token'), check: plain('Access Token') });
    const accessSecret = await ask(s, { flag: flag(o.accessSecret, sbKeys?.twitterAccessSecret), flagName: '--access-secret', message: t('4. Access Token Secret', '4. Access Token Secret'), secret: true, check: plain('Access Token Secret') });
    const credentials = { LM_POST_TWITTER_APP_KEY: appKey.v, LM_POST_TWITTER_APP_SECRET: appSecret.v, LM_POST_TWITTER_ACCESS_TOKEN: accessToken.v, LM_POST_TWITTER_ACCESS_SECRET: accessSecret.v };
    const { ADAPTERS } = await import('../networks/index.js');
    const mod = await ADAPTERS.twitter();
    let refused: string | undefined;
    let account = '';
    try {
      const adapter = await mod.createAdapter({ credentials, timeoutMs: TIMEOUT_MS, ...(s.sandbox ? { baseUrl: s.sandbox.urls.twitter } : {}) });
      account = (await adapter.describe!(AbortSignal.timeout(TIMEOUT_MS * 2))).account;
    } catch (e) {
      refused = t(`les quatre clés sont refusées par X (${(e as Error).message}) : vérifiez-les, ou régénérez l’Access Token en Read and write`, `X refuses the four keys (${(e as Error).message}): check them, or regenerate the Access Token with Read and write`);
    }
    if (!refused) keys = { appKey: appKey.v, appSecret: appSecret.v, accessToken: accessToken.v, accessSecret: accessSecret.v, account };
    else if (!s.tty || (first && (o.appKey ?? o.appSecret ?? o.accessToken ?? o.accessSecret ?? sbKeys) !== undefined)) throw fail('connect-refused', '{{reason}}', '{{reason}}', { reason: refused });
    else io.out(`   ✗ ${refused}\n${t('   Recommençons les quatre clés.', '   Let us enter the four keys again.')}\n`);
  }
  io.out(
    plan === 'pay-per-use'
      ? t('   Formule (charte) : pay-per-use — chaque billet est facturé ; les relais partent en texte + lien. Si votre compte X a une autre formule, corrigez networks.twitter.plan dans la charte.\n', '   Plan (charter): pay-per-use — every post is billed; relais go out as text + link. If your X account has another plan, fix networks.twitter.plan in the charter.\n')
      : t('   Formule (charte) : Enterprise — les relais partent en citations.\n', '   Plan (charter): Enterprise — relais go out as quotes.\n'),
  );
  write(s, { LM_POST_TWITTER_APP_KEY: keys.appKey, LM_POST_TWITTER_APP_SECRET: keys.appSecret, LM_POST_TWITTER_ACCESS_TOKEN: keys.accessToken, LM_POST_TWITTER_ACCESS_SECRET: keys.accessSecret });
  done(s, 'X', keys.account, ['LM_POST_TWITTER_APP_KEY', 'LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_TWITTER_ACCESS_SECRET']);
  return ExitCode.ok;
}

// ── Entry point ─────────────────────────────────────────────────────────────────────────────

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
  const s: Session = { io, lang, t, tty: Boolean(process.stdin.isTTY) && io.isTTY, envFile, organisation: charter?.organisation ?? path.basename(io.cwd), ...(charter ? { charter } : {}) };
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
    if (network === 'mastodon') return await mastodon(s, opts);
    if (network === 'bluesky') return await bluesky(s, opts);
    if (network === 'facebook') return await facebook(s, opts);
    return await twitter(s, opts);
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
