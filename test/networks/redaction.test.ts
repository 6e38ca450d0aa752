// Issue 6, defect 5: a server (or a proxy) that echoes the request into its error text. Error texts
// were cut to 300 characters before being redacted, so 15–35 characters of a token survived the
// cut. No piece of SECRET_PIECE characters of any credential may appear in what an adapter throws.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkId } from '../../src/charter/types.js';
import { makeRedactor, SECRET_PIECE, tidy } from '../../src/networks/http.js';
import { ADAPTERS } from '../../src/networks/index.js';
import { redact } from '../../src/publish/credentials.js';
import { never } from './helpers.js';

const CREDS: Record<NetworkId, Record<string, string>> = {
  twitter: {
    LM_POST_TWITTER_APP_KEY: 'ConsumerKeyQ7w3e9r1t5y8u2',
    LM_POST_TWITTER_APP_SECRET: 'ConsumerSecretZ4x8c2v6b0n3m7k1j5h9g3f7d1s5a9p3o7i1u5',
    LM_POST_TWITTER_ACCESS_TOKEN: '1234567890-AccessTokenL2k6j0h4g8f2d6s0a4q8w2e6r0t4',
    LM_POST_TWITTER_ACCESS_SECRET: 'AccessSecretM1n5b9v3c7x1z5l9k3j7h1g5f9d3s7a1q5w9e3r7',
  },
  mastodon: { LM_POST_MASTODON_TOKEN: 'MastodonTokenP0o9i8u7y6t5r4e3w2q1a2s3d4f5g6h7j8k' },
  facebook: { LM_POST_FACEBOOK_PAGE_ID: '1234567890', LM_POST_FACEBOOK_PAGE_TOKEN: 'EAAPageTokenR5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n6m7', LM_POST_FACEBOOK_APP_SECRET: 'AppSecretH3j4k5l6z7x8c9v0b1n2m3' },
  bluesky: { LM_POST_BLUESKY_IDENTIFIER: 'locauxmotiv.test', LM_POST_BLUESKY_APP_PASSWORD: 'qwer-tyui-opas-dfgh' },
};

/** Every SECRET_PIECE-character piece of `secret` found in `text`. */
export function piecesIn(text: string, secret: string): string[] {
  const found: string[] = [];
  for (const v of [secret, encodeURIComponent(secret)]) for (let i = 0; i + SECRET_PIECE <= v.length; i++) if (text.includes(v.slice(i, i + SECRET_PIECE))) found.push(v.slice(i, i + SECRET_PIECE));
  return found;
}

let offset = 0;
let network: NetworkId = 'twitter';
let server: Server;
let url: string;
/** The error body each API parses, around `echo`. */
function errorBody(n: NetworkId, echo: string): string {
  if (n === 'twitter') return JSON.stringify({ title: 'Invalid Request', detail: echo, type: 'about:blank', status: 400 });
  if (n === 'mastodon') return JSON.stringify({ error: echo });
  return JSON.stringify({ error: { message: echo, type: 'GraphMethodException', code: 100 } });
}
beforeAll(async () => {
  // Answers every request 400 with the request itself (line, headers, body) in the API's error
  // shape, padded so that a credential starts `offset` characters in: some offset puts the
  // 300-character cut inside it.
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const echo = `${req.method} ${req.url} ${req.rawHeaders.join(' ')} ${Buffer.concat(chunks).toString('latin1').slice(0, 2000)}`;
      const at = Math.min(...Object.values(CREDS[network]).map((v) => [echo.indexOf(v), echo.indexOf(encodeURIComponent(v))]).flat().filter((i) => i >= 0), echo.length);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(errorBody(network, 'e'.repeat(Math.max(0, offset - at)) + echo));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe.each(['twitter', 'mastodon', 'facebook'] as const)('%s behind a server that echoes the request', (n) => {
  it('leaks no 12-character piece of a credential, at 30 offsets', async () => {
    network = n;
    const mod = await ADAPTERS[network]();
    const adapter = await mod.createAdapter({ credentials: CREDS[network], baseUrl: url, timeoutMs: 5000 });
    const leaks: string[] = [];
    try {
      for (let k = 0; k < 30; k++) {
        offset = 150 + k * 5;
        for (const call of [() => adapter.create({ text: `Bonjour ${k}`, mediaIds: [], idempotencyKey: `key-${k}` }, never()), () => adapter.recent(5, never())]) {
          let err: unknown;
          try {
            await call();
          } catch (e) {
            err = e;
          }
          expect(err).toBeDefined();
          const views = [String(err), (err as Error).stack ?? '', inspect(err, { depth: 5 })].join('\n');
          for (const s of Object.values(CREDS[network])) if (s.length >= SECRET_PIECE && !/^\d+$/.test(s)) leaks.push(...piecesIn(views, s));
        }
      }
    } finally {
      await adapter.close();
    }
    expect(leaks).toEqual([]);
  });
});

describe('redaction of pieces', () => {
  const secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
  it('removes any 12-character piece of a secret, and cuts only after redacting', () => {
    const r = makeRedactor([secret]);
    expect(r(`token=…${secret.slice(5, 20)}… end`)).toBe('token=…[redacted]… end');
    expect(r(`x ${secret.slice(0, 11)} y`)).toBe(`x ${secret.slice(0, 11)} y`);
    const cut = tidy('e'.repeat(280) + secret, 300);
    expect(piecesIn(cut, secret)).toEqual([]);
    expect(redact(`a ${secret.slice(3, 17)} b`, [secret])).toBe('a [redacted] b');
  });
});
