// lm-post connect's shared parts: the session the four networks' steps run in, a value asked on
// a terminal or taken from its flag (checked live either way), JSON over HTTP with a deadline,
// and the merge into the .env file (mode 600, src/connect/env-file.ts). Secrets are never printed.
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { mergeEnvFile } from './env-file.js';

/** What the steps read from the command line (flags), beside the global options. */
export interface ConnectValues {
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
export const OOB = 'urn:ietf:wg:oauth:2.0:oob';
export const GRAPH = 'https://graph.facebook.com';
export const GRAPH_VERSION = 'v24.0';
export const BLUESKY_SERVICE = 'https://bsky.social';
export const TIMEOUT_MS = 15_000;

export type T = (fr: string, en: string) => string;

export interface Session {
  /** Where the steps write (the command's output) and what paths are shown relative to. */
  io: { out(text: string): void; cwd: string };
  lang: Lang;
  /** @inquirer/prompts themes in the volunteer's language (the command layer's, src/commands/prompt-theme.ts). */
  themes: { select: object; confirm: object };
  t: T;
  tty: boolean;
  envFile: string;
  organisation: string;
  charter?: Charter;
  sandbox?: { urls: Record<string, string>; close(): Promise<void> };
}

export function fail(code: string, fr: string, en: string, data: Record<string, unknown> = {}, exit: (typeof ExitCode)[keyof typeof ExitCode] = ExitCode.usage): LmPostError {
  return new LmPostError(code, { fr, en }, data, exit);
}

/** A value from its flag, or asked on a terminal; `check` returns the reason it is refused, or the checked result. */
export async function ask<R>(
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
export async function http(s: Session, url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
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

export const errorText = (b: Record<string, unknown>): string => {
  const e = b.error;
  // OAuth (error_description) or XRPC (message) wording after the error's name.
  if (typeof e === 'string') return typeof b.error_description === 'string' ? `${e} — ${b.error_description}` : typeof b.message === 'string' ? `${e} — ${b.message}` : e;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  if (typeof b.message === 'string') return b.message;
  return '?';
};

export function normaliseUrl(raw: string, sandbox: boolean): URL | undefined {
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

export function write(s: Session, values: Record<string, string>): void {
  try {
    mergeEnvFile(s.envFile, values);
  } catch (e) {
    throw fail('connect-env-write', 'Impossible d’écrire {{file}} ({{code}}) : rien n’a été modifié.', 'Cannot write {{file}} ({{code}}): nothing was changed.', { file: rel(s), code: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

export function rel(s: Session): string {
  return path.relative(s.io.cwd, s.envFile) || s.envFile;
}

export function done(s: Session, label: string, who: string, keys: string[]): void {
  s.io.out(
    s.t(
      `✓ ${label} : connecté·e en tant que ${who}. ${keys.join(', ')} écrits dans ${rel(s)} (lisible par vous seul·e, mode 600).\n`,
      `✓ ${label}: connected as ${who}. ${keys.join(', ')} written to ${rel(s)} (readable by you only, mode 600).\n`,
    ) + (s.sandbox ? s.t('Bac à sable : ces valeurs ne servent qu’au bac à sable ; relancez sans --sandbox pour le vrai compte.\n', 'Sandbox: these values only work with the sandbox; run again without --sandbox for the real account.\n') : s.t('Vérifiez le tout avec lm-post doctor.\n', 'Check everything with lm-post doctor.\n')),
  );
}

