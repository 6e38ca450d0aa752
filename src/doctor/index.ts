// lm-post doctor (SPEC §12): is this installation ready to publish for real? Each check gives one
// verdict and, when it is not ✓, what to do. Live checks only read (nothing is created).
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadCharter } from '../charter/load.js';
import { type Charter, NETWORK_IDS, type NetworkId, targetNetworks } from '../charter/types.js';
import { LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { baseUrlFor, hostFor, isPlaceholderHost, unreachableHint } from '../networks/hosts.js';
import { NetworkError, type AccountInfo } from '../networks/types.js';
import type { XBilledCalls } from '../render/x-cost.js';
import { credentialsFor, missingCredentials } from '../publish/credentials.js';
import { BASE_URL_ENV, REQUIRED_ENV } from '../networks/env.js';
import { blueskyHandles } from '../networks/bluesky-options.js';

export type Verdict = 'ok' | 'warn' | 'fail';

export interface Check {
  id: string;
  status: Verdict;
  /** What was checked and what was found, in the user's language. */
  title: string;
  /** What to do (absent when ✓). */
  fix?: string;
}

export interface DoctorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  lang: Lang;
  charterPath: string;
  /** Check against the embedded sandbox instead of the real networks. */
  sandbox: boolean;
  timeoutMs?: number;
}

const LABEL: Record<NetworkId, string> = { twitter: 'X', mastodon: 'Mastodon', facebook: 'Facebook', bluesky: 'Bluesky' };
/** Graph permissions a Page post needs (Pages API "Permissions"). */
const FACEBOOK_PERMISSIONS = ['pages_manage_posts', 'pages_read_engagement'];
const MASTODON_SCOPES = ['write:statuses', 'write:media', 'read:accounts', 'read:statuses'];

/**
 * End of life of each Node.js release line (nodejs/Release, schedule.json): after it, no more
 * security fixes. A line missing from the table is newer than it and still maintained.
 */
const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};

/** The Node.js line: ✗ below 22 (the `engines` floor), ⚠ once its end of life has passed (judged on the real clock), ✓ otherwise. */
export function nodeCheck(version: string, now: Date, lang: Lang): Check {
  const fr = lang === 'fr';
  const major = Number(version.split('.')[0]);
  const title = `Node.js ${version}`;
  if (major < 22) {
    return { id: 'node', status: 'fail', title, fix: fr ? 'lm-post demande Node.js 22 ou plus récent : installez Node 22 ou 24 (LTS).' : 'lm-post needs Node.js 22 or newer: install Node 22 or 24 (LTS).' };
  }
  const eol = NODE_END_OF_LIFE[major];
  if (eol && now.getTime() >= Date.parse(`${eol}T00:00:00Z`)) {
    const day = new Date(`${eol}T12:00:00Z`).toLocaleDateString(fr ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).replace(/^1 /, fr ? '1er ' : '1 ');
    return {
      id: 'node',
      status: 'warn',
      title: fr ? `${title} : Node ${major} n’est plus maintenu depuis le ${day} (plus de correctifs de sécurité)` : `${title}: Node ${major} has been out of support since ${day} (no more security fixes)`,
      fix: fr ? 'passez à Node 22 ou 24 (LTS) : https://nodejs.org/fr/download' : 'move to Node 22 or 24 (LTS): https://nodejs.org/en/download',
    };
  }
  return { id: 'node', status: 'ok', title };
}

export async function runDoctor(o: DoctorOptions): Promise<Check[]> {
  const fr = o.lang === 'fr';
  const t = (f: string, e: string) => (fr ? f : e);
  const checks: Check[] = [];
  const add = (c: Check) => checks.push(c);

  // Node
  add(nodeCheck(process.versions.node, new Date(), o.lang));

  // Charter
  let charter: Charter | undefined;
  try {
    charter = loadCharter(o.charterPath, o.cwd);
    add({ id: 'charter', status: 'ok', title: t(`charte valide (${o.charterPath})`, `charter is valid (${o.charterPath})`) });
  } catch (e) {
    const text = e instanceof LmPostError ? e.format(o.lang) : e instanceof Error ? e.message : String(e);
    add({ id: 'charter', status: 'fail', title: t('charte invalide', 'invalid charter'), fix: text });
  }

  // .env
  const envFile = path.join(o.cwd, '.env');
  let mode: number | undefined;
  try {
    mode = statSync(envFile).mode;
  } catch {
    /* no .env */
  }
  if (mode === undefined) add({ id: 'env-file', status: 'ok', title: t('pas de fichier .env (les identifiants viennent de l’environnement)', 'no .env file (credentials come from the environment)') });
  else if (process.platform !== 'win32' && (mode & 0o044) !== 0) add({ id: 'env-file', status: 'warn', title: t('.env est lisible par d’autres utilisateurs', '.env is readable by other users'), fix: t('protégez-le : chmod 600 .env', 'protect it: chmod 600 .env') });
  else add({ id: 'env-file', status: 'ok', title: t('.env lisible par vous seul·e', '.env readable by you only') });

  if (!charter) return checks;

  // Networks the charter publishes to (types' networks and their mirrors).
  const used = new Set<NetworkId>();
  for (const ty of Object.values(charter.types)) for (const n of targetNetworks(charter, ty.networks)) used.add(n);
  const networks = NETWORK_IDS.filter((n) => used.has(n));

  // Placeholders: example addresses left in the charter (RFC 2606 names).
  if (o.sandbox) {
    add({ id: 'placeholders', status: 'ok', title: t('bac à sable : les adresses de la charte ne sont pas utilisées', 'sandbox: the charter’s addresses are not used') });
  } else {
    const instance = charter.networks.mastodon?.instance;
    let instanceHost: string | undefined;
    try {
      instanceHost = instance ? new URL(instance).host : undefined;
    } catch {
      instanceHost = instance;
    }
    const overridden = !!o.env.LM_POST_MASTODON_URL;
    if (used.has('mastodon') && instanceHost && isPlaceholderHost(instanceHost)) {
      add({
        id: 'placeholders',
        status: overridden ? 'warn' : 'fail',
        title: t(`networks.mastodon.instance vaut ${instance}, une adresse d’exemple`, `networks.mastodon.instance is ${instance}, an example address`),
        fix: overridden
          ? t('LM_POST_MASTODON_URL la remplace ici ; mettez aussi la vraie adresse dans la charte pour les autres (CI…).', 'LM_POST_MASTODON_URL overrides it here; put the real address in the charter too, for the others (CI…).')
          : t('remplacez-la dans charter/charter.yaml par l’adresse de l’instance du compte (par exemple https://nom-de-l-instance.fr), ou définissez LM_POST_MASTODON_URL.', 'replace it in charter/charter.yaml with the address of the account’s instance (for example https://instance-name.org), or set LM_POST_MASTODON_URL.'),
      });
    }
    const exampleAccounts = Object.entries(charter.accounts ?? {})
      .filter(([, a]) => a.mastodon && isPlaceholderHost(a.mastodon.replace(/^@?[^@]+@/, '')))
      .map(([id]) => id);
    if (exampleAccounts.length) {
      add({
        id: 'placeholder-accounts',
        status: 'warn',
        title: t(`adresses Mastodon d’exemple dans le carnet d’adresses : ${exampleAccounts.join(', ')}`, `example Mastodon addresses in the address book: ${exampleAccounts.join(', ')}`),
        fix: t('remplacez-les par les vraies adresses (@compte@instance) dans accounts: de la charte, sinon ces mentions ne mèneront nulle part.', 'replace them with the real addresses (@account@instance) under accounts: in the charter, or these mentions will lead nowhere.'),
      });
    }
    if (!checks.some((c) => c.id.startsWith('placeholder'))) add({ id: 'placeholders', status: 'ok', title: t('aucune adresse d’exemple dans la charte', 'no example address left in the charter') });
  }

  await credentialChecks(o, charter, networks, add, t);
  return checks;
}

/** Credentials and live checks, network by network (against the sandbox with --sandbox). */
async function credentialChecks(o: DoctorOptions, charter: Charter, networks: readonly NetworkId[], add: (c: Check) => void, t: (f: string, e: string) => string): Promise<void> {
  let env = o.env;
  let sandbox: { env: Record<string, string>; close(): Promise<void> } | undefined;
  try {
    if (o.sandbox) {
      const { startSandbox } = await import('../sandbox/index.js');
      const { xPlan } = await import('../render/x-cost.js');
      sandbox = await startSandbox({ twitterPlan: xPlan(charter), organisation: charter.organisation });
      env = { ...o.env, ...sandbox.env };
    }
    for (const n of networks) {
      const missing = missingCredentials(n, env);
      if (missing.length) {
        add({
          id: `${n}-credentials`,
          status: 'fail',
          title: t(`${LABEL[n]} : identifiants manquants (${missing.join(', ')})`, `${LABEL[n]}: missing credentials (${missing.join(', ')})`),
          fix: t(
            `pour les obtenir pas à pas et les écrire dans .env : lm-post connect ${n} ; ou définissez ${missing.join(', ')} dans l’environnement ou dans .env ; pour essayer sans compte : lm-post doctor --sandbox.`,
            `to obtain them step by step and write them to .env: lm-post connect ${n}; or set ${missing.join(', ')} in the environment or in .env; to try without an account: lm-post doctor --sandbox.`,
          ),
        });
        continue;
      }
      add({ id: `${n}-credentials`, status: 'ok', title: t(`${LABEL[n]} : identifiants présents (${REQUIRED_ENV[n].join(', ')})`, `${LABEL[n]}: credentials present (${REQUIRED_ENV[n].join(', ')})`) });
      for (const c of await liveChecks(n, charter, env, o)) add(c);
    }
  } finally {
    await sandbox?.close();
  }
}

async function liveChecks(n: NetworkId, charter: Charter, env: NodeJS.ProcessEnv, o: DoctorOptions): Promise<Check[]> {
  const fr = o.lang === 'fr';
  const t = (f: string, e: string) => (fr ? f : e);
  const out: Check[] = [];
  const { ADAPTERS } = await import('../networks/index.js');
  const mod = await ADAPTERS[n]();
  const baseUrl = baseUrlFor(n, env, charter);
  const host = hostFor(n, env, charter) ?? '?';
  const signal = AbortSignal.timeout((o.timeoutMs ?? 15_000) * 2);
  const failed = (e: unknown): Check => {
    if (e instanceof NetworkError) {
      const hint = typeof e.apiCode === 'string' ? unreachableHint(o.lang, LABEL[n], host, e.apiCode) : undefined;
      const auth = e.status === 401 || e.apiCode === 190 || e.apiCode === 102;
      return {
        id: `${n}-live`,
        status: 'fail',
        title: t(`${LABEL[n]} : le compte n’a pas pu être vérifié sur ${host}`, `${LABEL[n]}: the account could not be checked at ${host}`) + ` (${e.message})`,
        fix: hint ?? (auth && n === 'bluesky' ? t('Bluesky refuse l’identifiant ou le mot de passe d’application : créez-en un (Réglages → Confidentialité et sécurité → Mots de passe d’application) et mettez-le dans LM_POST_BLUESKY_APP_PASSWORD.', 'Bluesky refuses the identifier or app password: create one (Settings → Privacy and security → App passwords) and put it in LM_POST_BLUESKY_APP_PASSWORD.') : auth ? t('les identifiants sont refusés : recréez le jeton et mettez-le à jour.', 'the credentials are refused: create the token again and update it.') : t('vérifiez l’adresse, les identifiants et la connexion, puis relancez lm-post doctor.', 'check the address, the credentials and the connection, then run lm-post doctor again.')),
      };
    }
    return { id: `${n}-live`, status: 'fail', title: `${LABEL[n]} : ${e instanceof Error ? e.message : String(e)}` };
  };
  let adapter;
  try {
    // The public API is the adapters' own default: only an override (or Mastodon's instance) is passed.
    const override = env[BASE_URL_ENV[n]] || (n === 'mastodon' || n === 'bluesky' ? baseUrl : undefined);
    const handles = n === 'bluesky' ? blueskyHandles(charter) : undefined;
    adapter = await mod.createAdapter({ credentials: credentialsFor(n, env), timeoutMs: o.timeoutMs ?? 15_000, ...(override ? { baseUrl: override } : {}), ...(handles ? { handles } : {}) });
  } catch (e) {
    return [failed(e)];
  }
  try {
    let info: AccountInfo;
    try {
      info = await adapter.describe!(signal);
    } catch (e) {
      return [failed(e)];
    }
    out.push({ id: `${n}-live`, status: 'ok', title: t(`${LABEL[n]} : connecté·e en tant que ${info.account} (${host})`, `${LABEL[n]}: signed in as ${info.account} (${host})`) });
    if (n === 'twitter') {
      out.push(...(await twitterChecks(charter, adapter.billed?.(), o.lang, t)));
    }
    if (n === 'mastodon') {
      try {
        await adapter.preflight!(signal);
        out.push({ id: 'mastodon-scopes', status: 'ok', title: t(`Mastodon : le jeton a les droits nécessaires (${MASTODON_SCOPES.join(', ')})`, `Mastodon: the token has the scopes needed (${MASTODON_SCOPES.join(', ')})`) });
      } catch (e) {
        const missing = e instanceof NetworkError && typeof e.apiCode === 'string' && e.apiCode.startsWith('missing-scope:') ? e.apiCode.slice(14) : undefined;
        if (missing) {
          out.push({
            id: 'mastodon-scopes',
            status: 'fail',
            title: t(`Mastodon : il manque au jeton les droits ${missing.split(',').join(', ')}`, `Mastodon: the token lacks the scope(s) ${missing.split(',').join(', ')}`),
            fix: t(`créez un jeton avec ${MASTODON_SCOPES.join(', ')} (Préférences → Développement → Nouvelle application) et mettez-le dans LM_POST_MASTODON_TOKEN.`, `create a token with ${MASTODON_SCOPES.join(', ')} (Preferences → Development → New application) and put it in LM_POST_MASTODON_TOKEN.`),
          });
        } else out.push(failed(e));
      }
      const net = charter.networks.mastodon!;
      const lim = info.limits ?? {};
      const over: string[] = [];
      if (lim.maxCharacters !== undefined && net.max_length > lim.maxCharacters) over.push(`max_length ${net.max_length} > ${lim.maxCharacters}`);
      if (lim.maxMedia !== undefined && net.max_media > lim.maxMedia) over.push(`max_media ${net.max_media} > ${lim.maxMedia}`);
      if (over.length) {
        out.push({ id: 'mastodon-limits', status: 'warn', title: t(`Mastodon : la charte dépasse les limites de l’instance (${over.join(', ')})`, `Mastodon: the charter exceeds the instance’s limits (${over.join(', ')})`), fix: t('alignez networks.mastodon.max_length / max_media de la charte sur ceux de l’instance.', 'align networks.mastodon.max_length / max_media in the charter with the instance’s.') });
      } else {
        out.push({ id: 'mastodon-limits', status: 'ok', title: t(`Mastodon : limites de l’instance respectées (${lim.maxCharacters ?? '?'} caractères, ${lim.maxMedia ?? '?'} images)`, `Mastodon: the instance’s limits are respected (${lim.maxCharacters ?? '?'} characters, ${lim.maxMedia ?? '?'} images)`) });
      }
    }
    if (n === 'bluesky') {
      // The session is the one describe() opened; preflight resolves the address book's handles on that PDS.
      const handles = blueskyHandles(charter);
      try {
        await adapter.preflight!(signal);
        out.push({ id: 'bluesky-handles', status: 'ok', title: t(`Bluesky : les ${handles.length} compte(s) du carnet d’adresses sont trouvés sur ${host}`, `Bluesky: the ${handles.length} account(s) of the address book are found at ${host}`) });
      } catch (e) {
        if (e instanceof NetworkError && e.apiCode === 'unknown-handle') {
          out.push({ id: 'bluesky-handles', status: 'fail', title: t(`Bluesky : ${e.message.replace(/^Bluesky: /, '')}`, e.message), fix: t('corrigez cet identifiant Bluesky dans la charte (accounts → bluesky), ex. cressaura.bsky.social.', 'fix this Bluesky handle in the charter (accounts → bluesky), e.g. cressaura.bsky.social.') });
        } else out.push(failed(e));
      }
    }
    if (n === 'facebook') {
      out.push(...facebookChecks(info, t));
    }
  } finally {
    await adapter.close();
  }
  return out;
}

/** X: what this check cost on pay-per-use (SPEC §12) and the charter's plan. */
async function twitterChecks(charter: Charter, calls: XBilledCalls | undefined, lang: Lang, t: (f: string, e: string) => string): Promise<Check[]> {
  const out: Check[] = [];
  const plan = charter.networks.twitter?.plan ?? 'pay-per-use';
  if (plan === 'pay-per-use' && calls) {
    // The check itself is billed: a users/me read is a "User: Read" on pay-per-use (SPEC §12).
    const { describeXCalls, formatCost, xCallsCost, xPrices } = await import('../render/x-cost.js');
    const prices = xPrices(charter);
    const cost = formatCost(xCallsCost(calls, prices), prices.currency, lang);
    const detail = describeXCalls(calls, prices, lang);
    out.push({ id: 'twitter-cost', status: 'ok', title: t(`X : cette vérification a coûté ${cost} (${detail}) ; lm-post doctor ne lit pas X davantage`, `X: this check cost ${cost} (${detail}); lm-post doctor reads nothing more from X`) });
  }
  out.push({
    id: 'twitter-plan',
    status: 'ok',
    title:
      plan === 'pay-per-use'
        ? t('X : formule pay-per-use (charte) — relais envoyés comme texte + lien, chaque billet facturé (coût affiché par preview et publish --dry-run)', 'X: pay-per-use plan (charter) — relais sent as text + link, every post billed (cost shown by preview and publish --dry-run)')
        : t('X : formule Enterprise (charte) — relais envoyés comme citations', 'X: Enterprise plan (charter) — relais sent as quotes'),
  });
  return out;
}

/** Facebook: the Page token's validity, permissions and expiry, as debug_token told them. */
function facebookChecks(info: AccountInfo, t: (f: string, e: string) => string): Check[] {
  const out: Check[] = [];
  if (info.valid === false) out.push({ id: 'facebook-token', status: 'fail', title: t('Facebook : le jeton de Page n’est plus valide', 'Facebook: the Page token is no longer valid'), fix: t('générez un nouveau jeton de Page longue durée et mettez-le dans LM_POST_FACEBOOK_PAGE_TOKEN.', 'generate a new long-lived Page token and put it in LM_POST_FACEBOOK_PAGE_TOKEN.') });
  const missing = info.scopes ? FACEBOOK_PERMISSIONS.filter((p) => !info.scopes!.includes(p)) : [];
  if (info.scopes === undefined) out.push({ id: 'facebook-permissions', status: 'warn', title: t('Facebook : permissions et expiration du jeton inconnues (debug_token indisponible)', 'Facebook: token permissions and expiry unknown (debug_token unavailable)'), fix: t(`vérifiez dans l’outil de débogage des jetons de Meta que le jeton a ${FACEBOOK_PERMISSIONS.join(', ')}.`, `check in Meta’s access token debugger that the token has ${FACEBOOK_PERMISSIONS.join(', ')}.`) });
  else if (missing.length) out.push({ id: 'facebook-permissions', status: 'fail', title: t(`Facebook : il manque au jeton les permissions ${missing.join(', ')}`, `Facebook: the token lacks the permissions ${missing.join(', ')}`), fix: t('regénérez le jeton de Page en accordant ces permissions.', 'generate the Page token again, granting these permissions.') });
  else out.push({ id: 'facebook-permissions', status: 'ok', title: t(`Facebook : permissions accordées (${FACEBOOK_PERMISSIONS.join(', ')})`, `Facebook: permissions granted (${FACEBOOK_PERMISSIONS.join(', ')})`) });
  const exp = info.expiresAt;
  if (exp !== undefined) {
    const days = exp === null ? Infinity : (Date.parse(exp) - Date.now()) / 86_400_000;
    if (exp === null) out.push({ id: 'facebook-expiry', status: 'ok', title: t('Facebook : le jeton de Page n’expire pas', 'Facebook: the Page token does not expire') });
    else if (days < 14) out.push({ id: 'facebook-expiry', status: days <= 0 ? 'fail' : 'warn', title: t(`Facebook : le jeton expire le ${exp.slice(0, 10)}`, `Facebook: the token expires on ${exp.slice(0, 10)}`), fix: t('remplacez-le par un jeton de Page longue durée (issu d’un jeton utilisateur longue durée, il n’expire pas).', 'replace it with a long-lived Page token (derived from a long-lived user token, it does not expire).') });
    else out.push({ id: 'facebook-expiry', status: 'ok', title: t(`Facebook : le jeton expire le ${exp.slice(0, 10)}`, `Facebook: the token expires on ${exp.slice(0, 10)}`) });
  }
  return out;
}
