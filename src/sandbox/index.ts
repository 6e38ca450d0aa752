/**
 * The embedded sandbox: local emulators of the X, Mastodon, Facebook Graph and Bluesky (PDS) APIs.
 *
 * `lm-post publish --sandbox` starts them in a worker thread of its own process (sandbox/thread.ts) so the
 * whole flow runs without any account; the tests use them, with fault injection, as the real servers
 * behind the real SDKs over loopback HTTP.
 */
import { ExitCode, LmPostError } from '../errors.js';
import { BlueskyEmulator, BLUESKY_APP_PASSWORD } from './bluesky.js';
import { FacebookEmulator, FACEBOOK_APP_SECRET, FACEBOOK_PAGE, FACEBOOK_TOKEN } from './facebook.js';
import { MastodonEmulator, MASTODON_TOKEN } from './mastodon.js';
import { FaultBook, startServer, type RunningServer } from './server.js';
import { TwitterEmulator, TWITTER_CREDENTIALS } from './twitter.js';
import type { Fault, RecordedRequest, Sandbox, SandboxMedia, SandboxNetwork, SandboxOptions, SandboxPost } from './types.js';

export type { Fault, FaultAction, FaultKind, RecordedRequest, Sandbox, SandboxMedia, SandboxNetwork, SandboxOptions, SandboxPost } from './types.js';
export { GIF_PROCESSING_MS, TWITTER_CREDENTIALS, TWITTER_USER } from './twitter.js';
export { MASTODON_ACCOUNT, MASTODON_APP_SCOPES, MASTODON_TOKEN, MASTODON_TOKENS, MEDIA_PROCESSING_MS } from './mastodon.js';
export { graphBlocked, xCreditsDepleted, xUsageCapped } from './real-faults.js';
export { FACEBOOK_APP_ID, FACEBOOK_APP_SECRET, FACEBOOK_PAGE, FACEBOOK_TOKEN, FACEBOOK_USER_TOKEN, GRAPH_VERSION } from './facebook.js';
export { BLUESKY_ACCOUNT, BLUESKY_APP_PASSWORD, BLUESKY_DIRECTORY, blueskyAccount, type BlueskyAccount } from './bluesky.js';

export const SANDBOX_NETWORKS: readonly SandboxNetwork[] = ['twitter', 'mastodon', 'facebook', 'bluesky'];

/** LM_POST_SANDBOX_LATENCY_MS: a whole number of milliseconds from 0 to 60000. */
export function sandboxLatency(env: NodeJS.ProcessEnv): number {
  const raw = env.LM_POST_SANDBOX_LATENCY_MS?.trim();
  if (!raw) return 0;
  const ms = Number(raw);
  if (!/^\d+$/.test(raw) || ms > 60_000) {
    throw new LmPostError(
      'bad-sandbox-latency',
      {
        fr: 'LM_POST_SANDBOX_LATENCY_MS doit être un nombre entier de millisecondes entre 0 et 60000 (reçu « {{raw}} »).',
        en: 'LM_POST_SANDBOX_LATENCY_MS must be a whole number of milliseconds from 0 to 60000 (got "{{raw}}").',
      },
      { raw },
      ExitCode.usage,
    );
  }
  return ms;
}

/** LM_POST_SANDBOX_X_REPLIES: `summoned-only` makes the X emulator refuse every reply (see XSandboxReplies). */
export function sandboxXReplies(env: NodeJS.ProcessEnv): 'own-allowed' | 'summoned-only' {
  const raw = env.LM_POST_SANDBOX_X_REPLIES?.trim();
  if (!raw || raw === 'own-allowed') return 'own-allowed';
  if (raw === 'summoned-only') return 'summoned-only';
  throw new LmPostError(
    'bad-sandbox-x-replies',
    {
      fr: 'LM_POST_SANDBOX_X_REPLIES vaut own-allowed (par défaut) ou summoned-only (reçu « {{raw}} »).',
      en: 'LM_POST_SANDBOX_X_REPLIES is own-allowed (the default) or summoned-only (got "{{raw}}").',
    },
    { raw },
    ExitCode.usage,
  );
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const latencyMs = opts.latencyMs ?? sandboxLatency(process.env);
  // State is loaded (and a corrupt file reported) before any port is opened.
  const emulators = {
    twitter: new TwitterEmulator(opts.stateDir, opts.twitterPlan ?? 'pay-per-use', opts.organisation, opts.twitterReplies ?? sandboxXReplies(process.env)),
    mastodon: new MastodonEmulator(opts.stateDir, opts.organisation, opts.mastodonLocale),
    facebook: new FacebookEmulator(opts.stateDir, opts.facebookRequireProof ?? false, opts.organisation),
    bluesky: new BlueskyEmulator(opts.stateDir, { ...(opts.blueskyAccessTtlMs !== undefined ? { accessTtlMs: opts.blueskyAccessTtlMs } : {}), ...(opts.organisation !== undefined ? { organisation: opts.organisation } : {}) }),
  };
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  const servers: RunningServer[] = [];
  try {
    for (const net of SANDBOX_NETWORKS) {
      const alt = net === 'facebook' ? FacebookEmulator.stripVersion : undefined;
      servers.push(await startServer(emulators[net], faults, requests, host, alt, latencyMs));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  const urls = { twitter: servers[0]!.url, mastodon: servers[1]!.url, facebook: servers[2]!.url, bluesky: servers[3]!.url };
  for (const net of SANDBOX_NETWORKS) emulators[net].baseUrl = urls[net];

  const env: Record<string, string> = {
    LM_POST_TWITTER_API_URL: urls.twitter,
    LM_POST_TWITTER_APP_KEY: TWITTER_CREDENTIALS.consumerKey,
    LM_POST_TWITTER_APP_SECRET: TWITTER_CREDENTIALS.consumerSecret,
    LM_POST_TWITTER_ACCESS_TOKEN: TWITTER_CREDENTIALS.token,
    LM_POST_TWITTER_ACCESS_SECRET: TWITTER_CREDENTIALS.tokenSecret,
    LM_POST_MASTODON_URL: urls.mastodon,
    LM_POST_MASTODON_TOKEN: MASTODON_TOKEN,
    LM_POST_FACEBOOK_GRAPH_URL: urls.facebook,
    LM_POST_FACEBOOK_PAGE_ID: FACEBOOK_PAGE.id,
    LM_POST_FACEBOOK_PAGE_TOKEN: FACEBOOK_TOKEN,
    // Given so that lm-post exercises appsecret_proof against the sandbox too.
    LM_POST_FACEBOOK_APP_SECRET: FACEBOOK_APP_SECRET,
    LM_POST_BLUESKY_SERVICE: urls.bluesky,
    LM_POST_BLUESKY_IDENTIFIER: emulators.bluesky.account.handle,
    LM_POST_BLUESKY_APP_PASSWORD: BLUESKY_APP_PASSWORD,
    // No request leaves the sandbox: Bluesky link cards use the post's own words.
    LM_POST_LINK_CARD_FETCH: 'off',
  };

  let closed = false;
  return {
    urls,
    env,
    requests,
    addFault: (f: Fault) => faults.add(f),
    clearFaults: () => faults.clear(),
    posts: (network: SandboxNetwork): readonly SandboxPost[] => emulators[network].posts(),
    media: (network: SandboxNetwork): readonly SandboxMedia[] => emulators[network].media(),
    blueskyRecords: () => emulators.bluesky.records(),
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
