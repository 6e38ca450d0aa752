/** Test-only helpers: point the real SDKs at a running sandbox. */
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { TWITTER_CREDENTIALS, type Sandbox } from '../../src/sandbox/index.js';

const require = createRequire(import.meta.url);

/**
 * twitter-api-v2 has no base-URL setting: rewrite protocol and host once the request is signed
 * (rewriting earlier breaks multipart uploads), so the signature still covers https://api.x.com/…
 */
export function redirectPlugin(base: string): ITwitterApiClientPlugin {
  const target = new URL(base);
  const agent = new Agent({ keepAlive: false });
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      computedParams.url.protocol = target.protocol;
      computedParams.url.host = target.host;
      requestOptions.agent = agent;
    },
  };
}

export function twitterClient(sb: Sandbox, creds: Partial<typeof TWITTER_CREDENTIALS> = {}): TwitterApi {
  const c = { ...TWITTER_CREDENTIALS, ...creds };
  return new TwitterApi(
    { appKey: c.consumerKey, appSecret: c.consumerSecret, accessToken: c.token, accessSecret: c.tokenSecret },
    { plugins: [redirectPlugin(sb.urls.twitter)] },
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export type MegalodonClient = any;
export function mastodonClient(sb: Sandbox, token = sb.env.LM_POST_MASTODON_TOKEN!): MegalodonClient {
  // Its default export differs between Node and vitest: take it through require.
  const generator = require('megalodon').default as (sns: string, url: string, token: string) => MegalodonClient;
  return generator('mastodon', sb.urls.mastodon, token);
}

export interface FacebookSdk {
  FacebookAdsApi: any;
  Page: any;
}
let fbSdk: FacebookSdk | null = null;
/** The Facebook SDK reads its host from a static getter: redefine it to aim at the sandbox. */
export function facebookSdk(base: string): FacebookSdk {
  fbSdk ??= require('facebook-nodejs-business-sdk') as FacebookSdk;
  Object.defineProperty(fbSdk.FacebookAdsApi, 'GRAPH', { get: () => base, configurable: true });
  return fbSdk;
}

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A PNG-looking buffer of a given size (signature + deterministic filler), for chunked uploads. */
export function pngOfSize(n: number): Buffer {
  const b = Buffer.alloc(n);
  TINY_PNG.copy(b, 0, 0, 8);
  for (let i = 8; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
