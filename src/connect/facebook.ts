// lm-post connect facebook: checks the app id and secret (client_credentials), exchanges a user
// token for a long-lived one (fb_exchange_token), takes the Page's token from /me/accounts and shows
// its expiry (debug_token).
import { ExitCode } from '../errors.js';
import { ask, done, errorText, fail, GRAPH, GRAPH_VERSION, http, write, type ConnectValues, type Session } from './session.js';

export async function facebook(s: Session, o: ConnectValues): Promise<number> {
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
    const id = await select({ message: t('4. La Page du collectif', '4. The collective’s Page'), choices: list.map((p) => ({ name: `${p.name} (${p.id})`, value: p.id })), theme: s.themes.select });
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

