import { ExitCode, LmPostError } from '../errors.js';
// Credentials come from the environment or a `.env` file at the working directory's root.
// Values are never printed: messages name variables, not their contents.
import { readFileSync, statSync } from 'node:fs';
import { makeRedactor } from '../networks/http.js';
import path from 'node:path';
import { parseEnv } from 'node:util';
import type { NetworkId } from '../charter/types.js';
import { REQUIRED_ENV } from '../networks/env.js';
import { smtpWireSecrets } from '../letter/smtp.js';

export interface EnvResult {
  env: NodeJS.ProcessEnv;
  /** The .env file exists and other users can read it. */
  worldReadable: boolean;
}

/** The process environment, completed by `.env` (the environment wins, as with dotenv). */
export function loadEnv(cwd: string, base: NodeJS.ProcessEnv): EnvResult {
  const file = path.join(cwd, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { env: base, worldReadable: false };
  }
  let worldReadable = false;
  try {
    worldReadable = process.platform !== 'win32' && (statSync(file).mode & 0o044) !== 0;
  } catch {
    /* stat raced with a delete: nothing to warn about */
  }
  const parsed = parseEnv(text) as Record<string, string>;
  return { env: { ...parsed, ...base }, worldReadable };
}

/** Variables that a network needs and that are missing or empty. */
export function missingCredentials(network: NetworkId, env: NodeJS.ProcessEnv): string[] {
  return REQUIRED_ENV[network].filter((k) => !env[k]);
}

export function credentialsFor(network: NetworkId, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of REQUIRED_ENV[network]) out[k] = env[k] ?? '';
  if (network === 'facebook' && env.LM_POST_FACEBOOK_APP_SECRET) out.LM_POST_FACEBOOK_APP_SECRET = env.LM_POST_FACEBOOK_APP_SECRET;
  return out;
}

/** Every credential value of the environment, to scrub from any text that leaves the process. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const out = Object.entries(env)
    .filter(([k, v]) => v && v.length >= 4 && /^LM_POST_.*(TOKEN|SECRET|KEY|PASSWORD)$/.test(k))
    .map(([, v]) => v as string);
  // The SMTP URL carries its credentials (smtp://user:password@host): scrub the password in
  // every spelling it may take on the wire (as written, percent-decoded, base64 of AUTH PLAIN/LOGIN).
  out.push(...smtpWireSecrets(env.LM_POST_SMTP_URL));
  return [...new Set(out.filter((v) => v.length >= 1))].sort((a, b) => b.length - a.length);
}

const redactors = new Map<string, (text: string) => string>();

/** `text` without any credential value, nor any 12-character piece of one (see makeRedactor). */
export function redact(text: string, secrets: readonly string[]): string {
  const key = secrets.join('\0');
  let r = redactors.get(key);
  if (!r) {
    r = makeRedactor(secrets);
    redactors.set(key, r);
  }
  return r(text);
}

/** Node core modules whose NODE_DEBUG output shows request headers and bodies (tokens included). */
const LEAKY_NODE_DEBUG = ['http', 'https', 'http2', 'net', 'tls', 'fetch', 'undici'];

/**
 * The debug switches set in `env` that make Node or an SDK print requests, tokens included, on
 * stderr: NODE_DEBUG naming (or matching, with `*`) a network module, and any DEBUG (the `debug`
 * package of the SDKs' HTTP stacks). They are read when the process starts, so they cannot be
 * turned off from inside: a command that would send credentials refuses to start instead.
 */
export function leakyDebugSwitches(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const nodeDebug = (env.NODE_DEBUG ?? '').trim();
  if (nodeDebug) {
    const hit = nodeDebug.split(/[\s,]+/).some((pat) => {
      if (!pat) return false;
      const re = new RegExp(`^${pat.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
      return LEAKY_NODE_DEBUG.some((m) => re.test(m));
    });
    if (hit) out.push(`NODE_DEBUG=${nodeDebug}`);
  }
  const debug = (env.DEBUG ?? '').trim();
  if (debug && !/^(0|false|no|off|-\*)$/i.test(debug)) out.push(`DEBUG=${debug}`);
  return out;
}

/**
 * Refuse to start a command that would send credentials (publish, live, letter --send) while a
 * debug switch would print them: one guard, so no such command can forget it.
 */
export function refuseLeakyDebugSwitches(env: NodeJS.ProcessEnv): void {
  const leaky = leakyDebugSwitches(env);
  if (!leaky.length) return;
  throw new LmPostError(
    'debug-switches',
    {
      fr: '{{vars}} ferait afficher les jetons d’accès en clair par Node ou les bibliothèques réseau : rien n’a été envoyé. Retirez cette variable ; pour diagnostiquer lm-post, utilisez LM_POST_DEBUG=1, qui ne montre jamais un jeton.',
      en: '{{vars}} would make Node or the network libraries print the access tokens in full: nothing was sent. Unset it; to debug lm-post, use LM_POST_DEBUG=1, which never shows a token.',
    },
    { vars: leaky.join(', ') },
    ExitCode.usage,
  );
}
