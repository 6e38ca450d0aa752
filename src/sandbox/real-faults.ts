/**
 * Faults that reproduce refusals the real APIs give and that no request of ours can provoke in the
 * emulators by itself (a spent budget, a blocked Page). Each cites where its shape comes from.
 */
import type { Fault } from './types.js';

/**
 * X's 429 when a pay-per-use account reaches its usage cap: a problem document of type
 * usage-capped, with rate-limit headers that are NOT exhausted (so it is not a 15-minute window).
 * Body as reported from the live API in xdevplatform/xdk issue #25 (February 2026).
 */
export function xUsageCapped(times = Infinity): Fault {
  return {
    network: 'twitter',
    method: 'POST',
    path: '/2/tweets',
    times,
    action: {
      kind: 'status',
      status: 429,
      headers: { 'content-type': 'application/problem+json', 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) },
      body: {
        account_id: '1690000000000000001',
        product_name: 'pay-per-use',
        title: 'UsageCapExceeded',
        period: 'Monthly',
        scope: 'Product',
        detail: 'Usage cap exceeded: Monthly product cap',
        type: 'https://api.twitter.com/2/problems/usage-capped',
      },
    },
  };
}

/**
 * X's answer when the prepaid credit is spent: HTTP 402 (seen from POST /2/tweets through
 * twitter-api-v2 in tryethernal/ethernal issue #1324, June 2026). The body's wording is not
 * published: this one is a plausible problem document.
 */
export function xCreditsDepleted(times = Infinity): Fault {
  return {
    network: 'twitter',
    method: 'POST',
    path: '/2/tweets',
    times,
    action: {
      kind: 'status',
      status: 402,
      headers: { 'content-type': 'application/problem+json' },
      body: { title: 'CreditsDepleted', detail: 'Your enrolled account does not have any credits to fulfill this request.', type: 'https://api.twitter.com/2/problems/credits-depleted' },
    },
  };
}

/**
 * Graph's temporary refusals on a Page feed (Graph API "Error codes" reference): 368 "temporarily
 * blocked for policies violations", 341 "Application limit reached", 80001 "too many calls to this
 * Page account" (Business Use Case throttling, with its X-Business-Use-Case-Usage header).
 */
export function graphBlocked(code: 341 | 368 | 80001, times = 1): Fault {
  const messages = {
    341: { message: '(#341) Application limit reached', is_transient: true },
    368: { message: 'The action attempted has been deemed abusive or is otherwise disallowed', error_subcode: 1390008, is_transient: true },
    80001: { message: '(#80001) There have been too many calls to this Page account. Wait a bit and try again.', is_transient: true },
  } as const;
  const headers: Record<string, string> =
    code === 80001
      ? { 'X-Business-Use-Case-Usage': JSON.stringify({ '102030405060708': [{ type: 'pages', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 1 }] }) }
      : {};
  return {
    network: 'facebook',
    method: 'POST',
    path: /\/feed$/,
    times,
    action: { kind: 'status', status: 400, headers, body: { error: { ...messages[code], type: 'OAuthException', code, fbtrace_id: 'Asandboxtrace' } } },
  };
}
