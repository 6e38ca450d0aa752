/** Helpers for the adapter tests: adapters wired to a running sandbox, media fixtures, secret checks. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { NetworkId } from '../../src/charter/types.js';
import type { ImageType } from '../../src/media/inspect.js';
import { ADAPTERS, BASE_URL_ENV, REQUIRED_ENV } from '../../src/networks/index.js';
import { NetworkError, type NetworkAdapter } from '../../src/networks/types.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export const MEDIA_DIR = path.resolve(import.meta.dirname, '../../queue/media');

export interface Fixture {
  absPath: string;
  mime: ImageType;
  alt: string;
  sha256: string;
  size: number;
}

export function fixture(name: string, alt: string): Fixture {
  const absPath = path.join(MEDIA_DIR, name);
  const data = readFileSync(absPath);
  const mime: ImageType = name.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return { absPath, mime, alt, sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

/** A real 1×1 GIF89a, written once under the OS temp folder. */
export function gifFixture(alt: string): Fixture {
  const data = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  const absPath = path.join(os.tmpdir(), 'lm-post-test-anim.gif');
  writeFileSync(absPath, data);
  return { absPath, mime: 'image/gif', alt, sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

/** Credentials for one network from the sandbox env, optionally overridden. */
export function credentialsFor(sb: Sandbox, network: NetworkId, overrides: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const names: string[] = [...REQUIRED_ENV[network]];
  if (network === 'facebook') names.push('LM_POST_FACEBOOK_APP_SECRET');
  for (const n of names) if (sb.env[n] !== undefined) out[n] = sb.env[n]!;
  return { ...out, ...overrides };
}

export async function adapterFor(
  sb: Sandbox,
  network: NetworkId,
  opts: { overrides?: Record<string, string>; baseUrl?: string; timeoutMs?: number } = {},
): Promise<NetworkAdapter> {
  const mod = await ADAPTERS[network]();
  return mod.createAdapter({
    credentials: credentialsFor(sb, network, opts.overrides),
    baseUrl: opts.baseUrl ?? sb.env[BASE_URL_ENV[network]],
    timeoutMs: opts.timeoutMs ?? 5000,
  });
}

export const never = (): AbortSignal => new AbortController().signal;

/** Runs `fn`, expects a NetworkError, checks it is free of every secret, and returns it. */
export async function failure(fn: () => Promise<unknown>, secrets: readonly string[]): Promise<NetworkError> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected the call to fail').toBeInstanceOf(NetworkError);
  const err = caught as NetworkError;
  expectNoSecret(err, secrets);
  return err;
}

/** No credential value (raw or percent-encoded) anywhere in what an error can show. */
export function expectNoSecret(err: unknown, secrets: readonly string[]): void {
  const e = err as Error;
  const views = [String(err), JSON.stringify(err), e.message ?? '', e.stack ?? '', inspect(err, { depth: 10, showHidden: true })];
  for (const s of secrets) {
    if (!s) continue;
    for (const v of views) {
      expect(v.includes(s), `secret leaked in ${v.slice(0, 200)}`).toBe(false);
      expect(v.includes(encodeURIComponent(s))).toBe(false);
    }
  }
  // And no enumerable property beyond the NetworkError fields (no raw cause, request or config).
  for (const k of Object.keys(err as object)) expect(['name', 'network', 'kind', 'status', 'retryAfterMs', 'apiCode']).toContain(k);
  expect((err as { cause?: unknown }).cause).toBeUndefined();
}

/** A loopback port with nothing listening (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

let counter = 0;
/** Unique text per call (X and Facebook refuse duplicates). */
export function uniq(text: string): string {
  counter += 1;
  return `${text} #${process.pid}-${Date.now()}-${counter}`;
}
