// Which host each network is reached at, and what to say when it cannot be reached. Known without
// loading any SDK (publish and doctor name the host they tried).
import type { CharterData, NetworkId } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { BASE_URL_ENV } from './env.js';

const DEFAULT_BASE: Record<NetworkId, string | undefined> = {
  twitter: 'https://api.x.com',
  mastodon: undefined,
  facebook: 'https://graph.facebook.com',
  bluesky: 'https://bsky.social',
};

/** The base URL lm-post uses for a network: the env override, else the charter's instance, else the public API. */
export function baseUrlFor(network: NetworkId, env: NodeJS.ProcessEnv, charter: CharterData): string | undefined {
  return env[BASE_URL_ENV[network]] || (network === 'mastodon' ? charter.networks.mastodon?.instance : network === 'bluesky' ? charter.networks.bluesky?.service : undefined) || DEFAULT_BASE[network];
}

/** `host[:port]` of the base URL, or undefined when there is none or it is not a URL. */
export function hostFor(network: NetworkId, env: NodeJS.ProcessEnv, charter: CharterData): string | undefined {
  const base = baseUrlFor(network, env, charter);
  if (!base) return undefined;
  try {
    return new URL(base).host;
  } catch {
    return undefined;
  }
}

/**
 * Host names reserved for examples (RFC 2606 / RFC 6761: .example, .invalid, .test, example.com…):
 * left in a charter, they are placeholders that were never replaced.
 */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  return /(^|\.)(example|invalid|test|localhost)$/.test(h) || /(^|\.)example\.(com|net|org)$/.test(h);
}

const UNKNOWN_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);
const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** What to tell the user when `host` could not be reached (system error `code`); undefined otherwise. */
export function unreachableHint(lang: Lang, net: string, host: string, code: string): string | undefined {
  const fr = lang === 'fr';
  if (UNKNOWN_HOST.has(code)) {
    if (isPlaceholderHost(host)) {
      return fr
        ? `${net} : l’adresse ${host} est un exemple laissé dans la charte, pas une vraie adresse. Remplacez-la par celle de votre compte (charte ou variable d’environnement), puis relancez lm-post publish.`
        : `${net}: ${host} is an example address left in the charter, not a real one. Replace it with your account's (charter or environment variable), then run lm-post publish again.`;
    }
    return fr
      ? `${net} : l’adresse ${host} est introuvable (${code}) : vérifiez qu’elle est bien écrite dans la charte ou la variable d’environnement, et la connexion Internet, puis relancez lm-post publish.`
      : `${net}: the host ${host} cannot be found (${code}): check how it is written in the charter or environment variable, and the Internet connection, then run lm-post publish again.`;
  }
  if (REFUSED.has(code)) {
    return fr
      ? `${net} : ${host} n’a pas pu être joint (${code}) ; rien n’a été publié. Vérifiez l’adresse et la connexion, ou réessayez plus tard : lm-post publish reprendra là.`
      : `${net}: ${host} could not be reached (${code}); nothing was posted. Check the address and the connection, or try again later: lm-post publish will resume there.`;
  }
  return undefined;
}
