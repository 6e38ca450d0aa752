import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regainAccessMs } from '../../src/networks/facebook.js';
import { connectionFailure, guarded, makeRedactor, retryAfterHeader, systemCode, withAxiosSignal } from '../../src/networks/http.js';
import { ADAPTERS, BASE_URL_ENV, REQUIRED_ENV } from '../../src/networks/index.js';
import { NetworkError } from '../../src/networks/types.js';
import { FACEBOOK_TOKEN, MASTODON_TOKEN, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { adapterFor, failure, never, uniq } from './helpers.js';

describe('redaction', () => {
  const redact = makeRedactor(['s3cr3t/+token', 'abc']);
  it('removes credential values, raw and percent-encoded (short values are ignored)', () => {
    expect(redact('x s3cr3t/+token y s3cr3t%2F%2Btoken abc')).toBe('x [redacted] y [redacted] abc');
  });
  it('removes token-looking parameters and headers but keeps ordinary words', () => {
    expect(redact('GET /v24.0/me?access_token=EAAB123&fields=id')).toBe('GET /v24.0/me?access_token=[redacted]&fields=id');
    expect(redact('{"appsecret_proof":"00ff"}')).toBe('{"appsecret_proof":"[redacted]"}');
    expect(redact('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toBe('Authorization: Bearer [redacted]');
    expect(redact('OAuth oauth_consumer_key="k", oauth_token="t"')).toBe('OAuth oauth_consumer_key="[redacted]", oauth_token="[redacted]"');
    expect(redact('Invalid OAuth access token - Cannot parse access token')).toBe('Invalid OAuth access token - Cannot parse access token');
  });
  it('guarded() scrubs messages of errors thrown as NetworkError too', async () => {
    const err = await guarded(redact, () => new NetworkError('twitter', 'transient', 'never'), async () => {
      throw new NetworkError('twitter', 'permanent', 'leaked s3cr3t/+token', 400, undefined, 'code s3cr3t/+token');
    }).catch((e: unknown) => e as NetworkError);
    expect(err.message).toBe('leaked [redacted]');
    expect(err.apiCode).toBe('code [redacted]');
    expect(err.stack).not.toContain('s3cr3t');
  });
});

describe('failure helpers', () => {
  it('finds system codes through causes and AggregateErrors', () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]), {});
    expect(systemCode(new TypeError('fetch failed', { cause: agg }))).toBe('ECONNREFUSED');
    expect(systemCode({ code: 'ERR_BAD_RESPONSE' })).toBeUndefined();
  });
  it('classifies connection failures by operation', () => {
    const live = new AbortController().signal;
    expect(connectionFailure('mastodon', 'create', { code: 'ECONNREFUSED' }, live, live, 1000).kind).toBe('transient');
    expect(connectionFailure('mastodon', 'create', { code: 'ECONNRESET' }, live, live, 1000).kind).toBe('unknown-outcome');
    expect(connectionFailure('mastodon', 'upload', { code: 'ECONNRESET' }, live, live, 1000).kind).toBe('transient');
    const timedOut = AbortSignal.abort();
    expect(connectionFailure('facebook', 'create', {}, timedOut, live, 1500).message).toBe('Facebook: no answer within 2 s: the post may or may not have been created.');
  });
  it('reads Retry-After and Graph usage headers', () => {
    expect(retryAfterHeader('7')).toBe(7000);
    expect(retryAfterHeader('nonsense')).toBeUndefined();
    const usage = JSON.stringify({ '1': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 3 }, { type: 'x', estimated_time_to_regain_access: 7 }] });
    expect(regainAccessMs(new Headers({ 'X-Business-Use-Case-Usage': usage }))).toBe(7 * 60_000);
    expect(regainAccessMs({ 'x-business-use-case-usage': '{not json' })).toBeUndefined();
  });
  it('withAxiosSignal scopes the default signal to the synchronous call', async () => {
    const axios = { defaults: { signal: 'before' as unknown } };
    const s = new AbortController().signal;
    let seen: unknown;
    await withAxiosSignal(axios, s, async () => {
      seen = axios.defaults.signal;
    });
    expect(seen).toBe(s);
    expect(axios.defaults.signal).toBe('before');
  });
});

describe('registry', () => {
  it('lists the same variables as the modules', async () => {
    for (const id of ['twitter', 'mastodon', 'facebook'] as const) {
      const mod = await ADAPTERS[id]();
      expect([...mod.requiredEnv]).toEqual([...REQUIRED_ENV[id]]);
      expect(mod.baseUrlEnv).toBe(BASE_URL_ENV[id]);
    }
  });
});

describe('Mastodon and Facebook side by side', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('cancelling a Mastodon call does not break Facebook calls, nor later Mastodon ones', async () => {
    const m = await adapterFor(sb, 'mastodon');
    const fb = await adapterFor(sb, 'facebook');
    try {
      sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'delay', ms: 4000 } });
      const ac = new AbortController();
      const pending = failure(() => m.create({ text: uniq('annulé'), mediaIds: [], idempotencyKey: `k-${Math.random()}` }, ac.signal), [MASTODON_TOKEN]);
      // Meanwhile, both networks in parallel.
      const [fbPost, mPosts] = await Promise.all([fb.create({ text: uniq('en parallèle'), mediaIds: [], idempotencyKey: 'x' }, never()), m.recent(3, never())]);
      ac.abort();
      expect((await pending).kind).toBe('unknown-outcome');
      expect(fbPost.id).toBeTruthy();
      expect(Array.isArray(mPosts)).toBe(true);
      const after = await Promise.all([
        fb.create({ text: uniq('après'), mediaIds: [], idempotencyKey: 'y' }, never()),
        m.create({ text: uniq('après'), mediaIds: [], idempotencyKey: `k-${Math.random()}` }, never()),
      ]);
      expect(after.every((c) => c.id)).toBe(true);
    } finally {
      await m.close();
      await fb.close();
    }
    expect(FACEBOOK_TOKEN).toBeTruthy();
  });
});
