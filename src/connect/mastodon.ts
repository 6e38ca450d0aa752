// lm-post connect mastodon: registers an OAuth app (POST /api/v1/apps, the scopes SPEC §12 needs),
// shows the authorisation address, exchanges the code (POST /oauth/token), then checks the token
// (verify_credentials).
import { ExitCode } from '../errors.js';
import { readEnvFile } from './env-file.js';
import { ask, done, errorText, fail, http, MASTODON_SCOPES, normaliseUrl, OOB, rel, TIMEOUT_MS, write, type ConnectValues, type Session } from './session.js';

export async function mastodon(s: Session, o: ConnectValues): Promise<number> {
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

