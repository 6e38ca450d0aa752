// The Bluesky contract suite (SPEC §15, issue 16): the same scenarios against the sandbox's emulator
// and against a real @atproto/pds on 127.0.0.1. Each refusal is compared word for word (status,
// `error`, `message`) with what the real server answers, so the emulator cannot accept what the real
// server refuses. Run both halves with `node scripts/bluesky-pds.mjs test`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueskyLength, blueskyRichText } from '../../src/render/bluesky.js';
import { NetworkError, type NetworkAdapter } from '../../src/networks/types.js';
import { fakeJpeg, HARNESS, login, REQUIRED, SKIP_NOTE, startEmulator, startRealPds, type Target, xrpc } from './servers.js';

if (!HARNESS && !REQUIRED) console.warn(`\n${SKIP_NOTE}\n`);

const targets = [
  { name: 'emulator', start: startEmulator, skip: false },
  { name: 'real PDS', start: startRealPds, skip: !HARNESS && !REQUIRED },
] as const;

const POST = 'app.bsky.feed.post';
const never = (): AbortSignal => new AbortController().signal;
let serial = 0;
const keyOf = (what: string): string => `lm-post-contract-${what}-${process.pid}-${Date.now()}-${serial++}`;

async function adapterFor(t: Target, over: Record<string, string> = {}, handles?: string[]): Promise<NetworkAdapter> {
  const { createAdapter } = await import('../../src/networks/bluesky.js');
  return createAdapter({
    credentials: { LM_POST_BLUESKY_IDENTIFIER: t.identifier, LM_POST_BLUESKY_APP_PASSWORD: t.appPassword, ...over },
    baseUrl: t.url,
    timeoutMs: 15_000,
    ...(handles ? { handles } : {}),
  });
}

async function failure(p: Promise<unknown>): Promise<NetworkError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    return e as NetworkError;
  }
  throw new Error('expected a failure');
}

const record = (text: string, extra: Record<string, unknown> = {}) => ({ $type: POST, text, createdAt: new Date().toISOString(), ...extra });

describe.each(targets)('Bluesky contract — $name', ({ name, start, skip }) => {
  if (skip) {
    it.skip(`${name}: ${SKIP_NOTE}`, () => undefined);
    return;
  }
  let t: Target;
  let a: NetworkAdapter;
  beforeAll(async () => {
    t = await start();
    a = await adapterFor(t);
    console.info(`Bluesky contract — ${name} started in ${t.startMs} ms`);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await t?.close();
  });

  it('text at and over the limits: 300 graphemes / 3000 bytes accepted, 301 graphemes and 3001+ bytes refused with the lexicon’s words', async () => {
    const at300 = 'a'.repeat(299) + 'é';
    const family = '👨‍👩‍👧‍👦'; // 1 grapheme, 25 bytes
    const bytes3000 = family.repeat(120);
    expect(blueskyLength(at300)).toEqual({ graphemes: 300, bytes: 301 });
    expect(blueskyLength(bytes3000)).toEqual({ graphemes: 120, bytes: 3000 });
    for (const text of [at300, bytes3000]) {
      const c = await a.create({ text, mediaIds: [], idempotencyKey: keyOf('limit') }, never());
      expect(c.id).toMatch(/^at:\/\/did:[a-z]+:[a-z0-9]+\/app\.bsky\.feed\.post\/[2-7a-z]{13}$/);
    }
    const s = await login(t);
    const over = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: s.did, collection: POST, record: record('a'.repeat(301)) } });
    expect([over.status, over.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got 301) at $.record.text' }]);
    const overBytes = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: s.did, collection: POST, record: record(family.repeat(121)) } });
    expect([overBytes.status, overBytes.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: string too big (maximum 3000, got 3025) at $.record.text' }]);
    // Through the adapter: a permanent refusal naming Bluesky and the lexicon's reason.
    const e = await failure(a.create({ text: 'a'.repeat(301), mediaIds: [], idempotencyKey: keyOf('over') }, never()));
    expect([e.kind, e.status]).toEqual(['permanent', 400]);
    expect(e.message).toContain('Bluesky refused the request (400)');
    expect(e.message).toContain('grapheme too big (maximum 300, got 301)');
  });

  it('facets with accents and emoji before a mention: UTF-8 byte offsets, mention resolved to the DID, tag without #, full URI behind a shortened link', async () => {
    const url = 'https://locauxmotiv.fr/veille/panorama-des-tiers-lieux-2026';
    const rich = blueskyRichText(`🌱 café à @${t.mention.handle} : le panorama #TiersLieux ${url}`);
    expect(rich.text).toBe(`🌱 café à @${t.mention.handle} : le panorama #TiersLieux locauxmotiv.fr/veille/panorama-des-ti…`);
    const c = await a.create({ text: rich.text, facets: rich.facets, langs: ['fr'], mediaIds: [], idempotencyKey: keyOf('facets') }, never());
    const rkey = c.id.split('/').pop()!;
    const got = await xrpc(t.url, 'GET', 'com.atproto.repo.getRecord', { query: { repo: t.did, collection: POST, rkey } });
    expect(got.status).toBe(200);
    const value = got.body.value as { text: string; langs: string[]; facets: { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[] };
    expect(value.langs).toEqual(['fr']);
    const utf8 = Buffer.from(value.text, 'utf8');
    const slice = (f: (typeof value.facets)[number]) => utf8.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8');
    const byType = Object.fromEntries(value.facets.map((f) => [f.features[0]!.$type!.split('#')[1]!, f]));
    // "🌱 café à " is 14 bytes (11 UTF-16 units): the mention starts at byte 14.
    expect(byType.mention!.index.byteStart).toBe(14);
    expect(slice(byType.mention!)).toBe(`@${t.mention.handle}`);
    expect(byType.mention!.features[0]!.did).toBe(t.mention.did);
    expect(slice(byType.tag!)).toBe('#TiersLieux');
    expect(byType.tag!.features[0]!.tag).toBe('TiersLieux');
    expect(slice(byType.link!)).toBe('locauxmotiv.fr/veille/panorama-des-ti…');
    expect(byType.link!.features[0]!.uri).toBe(url);
  });

  it('a missing alt and a blob over 2 MB: the record is refused, each with the real words; the adapter refuses an image without alt before sending', async () => {
    const s = await login(t);
    const small = await xrpc(t.url, 'POST', 'com.atproto.repo.uploadBlob', { token: s.accessJwt, bytes: fakeJpeg(1000, serial) });
    expect(small.status).toBe(200);
    const blob = small.body.blob as { mimeType: string; size: number; ref: { $link: string } };
    expect([blob.mimeType, blob.size]).toEqual(['image/jpeg', 1000]);
    const noAlt = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', {
      token: s.accessJwt,
      body: { repo: s.did, collection: POST, record: record('image sans alt', { embed: { $type: 'app.bsky.embed.images', images: [{ image: small.body.blob }] } }) },
    });
    expect([noAlt.status, noAlt.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Missing required key "alt" at $.record.embed.images[0]' }]);
    // A blob over 2,000,000 bytes uploads (the upload limit is larger); the post using it is refused.
    const big = await xrpc(t.url, 'POST', 'com.atproto.repo.uploadBlob', { token: s.accessJwt, bytes: fakeJpeg(2_000_001, serial) });
    expect(big.status).toBe(200);
    const tooBig = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', {
      token: s.accessJwt,
      body: { repo: s.did, collection: POST, record: record('image trop lourde', { embed: { $type: 'app.bsky.embed.images', images: [{ image: big.body.blob, alt: 'x' }] } }) },
    });
    expect([tooBig.status, tooBig.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: blob too big (maximum 2000000, got 2000001) at $.record.embed.images[0].image' }]);
    const five = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', {
      token: s.accessJwt,
      body: { repo: s.did, collection: POST, record: record('cinq images', { embed: { $type: 'app.bsky.embed.images', images: [1, 2, 3, 4, 5].map(() => ({ image: small.body.blob, alt: 'x' })) } }) },
    });
    expect([five.status, five.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: array too big (maximum 4, got 5) at $.record.embed.images' }]);
    // An image with its alt goes through the adapter, and the record keeps the alt.
    const path = await import('node:path');
    const os = await import('node:os');
    const fs = await import('node:fs');
    const file = path.join(os.tmpdir(), `lm-post-contract-${process.pid}-${serial++}.jpg`);
    fs.writeFileSync(file, fakeJpeg(2048, serial));
    try {
      const e = await failure(a.uploadMedia({ absPath: file, mime: 'image/jpeg', alt: '  ' }, never()));
      expect([e.kind, e.apiCode]).toEqual(['permanent', 'missing-alt']);
      const id = await a.uploadMedia({ absPath: file, mime: 'image/jpeg', alt: 'Affiche des Rencontres ESS' }, never());
      const c = await a.create({ text: 'Une image et sa description', mediaIds: [id], idempotencyKey: keyOf('img') }, never());
      const got = await xrpc(t.url, 'GET', 'com.atproto.repo.getRecord', { query: { repo: t.did, collection: POST, rkey: c.id.split('/').pop()! } });
      const embed = (got.body.value as { embed: { $type: string; images: { alt: string; image: { size: number } }[] } }).embed;
      expect(embed.$type).toBe('app.bsky.embed.images');
      expect(embed.images.map((i) => [i.alt, i.image.size])).toEqual([['Affiche des Rencontres ESS', 2048]]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('a thread: each reply carries root and parent as strong refs (uri + cid)', async () => {
    const first = await a.create({ text: '1/3 Fil de test', mediaIds: [], idempotencyKey: keyOf('t1') }, never());
    const second = await a.create({ text: '2/3 suite', mediaIds: [], replyTo: first.id, idempotencyKey: keyOf('t2') }, never());
    const third = await a.create({ text: '3/3 fin', mediaIds: [], replyTo: second.id, idempotencyKey: keyOf('t3') }, never());
    // A fresh adapter (a resumed run) finds the parent's CID and the root through getRecord.
    const b = await adapterFor(t);
    const fourth = await b.create({ text: '4/3 ajout', mediaIds: [], replyTo: third.id, idempotencyKey: keyOf('t4') }, never());
    for (const [c, parent] of [[second, first], [third, second], [fourth, third]] as const) {
      const got = await xrpc(t.url, 'GET', 'com.atproto.repo.getRecord', { query: { repo: t.did, collection: POST, rkey: c.id.split('/').pop()! } });
      const reply = (got.body.value as { reply: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } } }).reply;
      expect(reply).toEqual({ root: { uri: first.id, cid: first.extra!.cid }, parent: { uri: parent.id, cid: parent.extra!.cid } });
    }
    const bad = await login(t).then((s) =>
      xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: s.did, collection: POST, record: record('réponse mal formée', { reply: { root: { uri: 'at://x/y/z', cid: 'nope' }, parent: { uri: 'at://x/y/z', cid: 'nope' } } }) } }),
    );
    expect([bad.status, bad.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Invalid at-uri (got "at://x/y/z") at $.record.reply.root.uri' }]);
  });

  it('the same TID twice: the second create is refused (500) and writes nothing; the adapter then adopts its own record through getRecord', async () => {
    const s = await login(t);
    const { recordKey } = await import('../../src/networks/bluesky.js');
    const rkey = recordKey(keyOf('tid'));
    const first = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: s.did, collection: POST, rkey, record: record('premier') } });
    expect(first.status).toBe(200);
    expect(first.body.uri).toBe(`at://${s.did}/${POST}/${rkey}`);
    const again = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: s.did, collection: POST, rkey, record: record('second') } });
    expect([again.status, again.body]).toEqual([500, { error: 'InternalServerError', message: 'Internal Server Error' }]);
    const got = await xrpc(t.url, 'GET', 'com.atproto.repo.getRecord', { query: { repo: s.did, collection: POST, rkey } });
    expect([got.status, (got.body.value as { text: string }).text, got.body.cid]).toEqual([200, 'premier', first.body.cid]);
    const notTid = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: s.did, collection: POST, rkey: 'not-a-tid', record: record('x') } });
    expect([notTid.status, notTid.body]).toEqual([400, { error: 'InvalidRequest', message: 'Invalid record key for app.bsky.feed.post: Invalid TID string (got "not-a-tid") at $' }]);
    const missing = await xrpc(t.url, 'GET', 'com.atproto.repo.getRecord', { query: { repo: s.did, collection: POST, rkey: '3lzzzzzzzzz23' } });
    expect([missing.status, missing.body]).toEqual([400, { error: 'RecordNotFound', message: `Could not locate record: at://${s.did}/${POST}/3lzzzzzzzzz23` }]);

    // The adapter: the same item sent twice (a replay without journal) gives the same record, once.
    const key = keyOf('replay');
    const one = await a.create({ text: 'Rejoué sans journal', mediaIds: [], idempotencyKey: key }, never());
    const b = await adapterFor(t);
    const two = await b.create({ text: 'Rejoué sans journal', mediaIds: [], idempotencyKey: key }, never());
    expect(two).toEqual(one);
    // The same key with other words is somebody else's record: refused, nothing sent.
    const e = await failure(b.create({ text: 'Autre texte', mediaIds: [], idempotencyKey: key }, never()));
    expect([e.kind, e.apiCode]).toEqual(['permanent', 'rkey-conflict']);
    const all = await a.recent(100, never());
    expect(all.filter((r) => r.text === 'Rejoué sans journal')).toHaveLength(1);
  });

  it('reconciliation: by key with getRecord (exact), by listing with listRecords (newest key first, paged by cursor)', async () => {
    const keys = [0, 1, 2].map((i) => keyOf(`rec${i}`));
    const made = [];
    for (const [i, key] of keys.entries()) made.push(await a.create({ text: `Réconciliation ${i} 🌱`, mediaIds: [], idempotencyKey: key }, never()));
    // By key: a fresh adapter (a rerun without journal) finds each item, and nothing for an unknown key.
    const b = await adapterFor(t);
    for (const [i, key] of keys.entries()) expect(await b.reconcileByKey!(key, never())).toEqual(made[i]);
    expect(await b.reconcileByKey!(keyOf('never-sent'), never())).toBeNull();
    // By listing: every record, newest key first, the texts as sent.
    const all = await a.recent(400, never());
    for (const [i, m] of made.entries()) expect(all.find((r) => r.id === m.id)?.text).toBe(`Réconciliation ${i} 🌱`);
    const rkeys = all.map((r) => r.id.split('/').pop()!);
    expect([...rkeys].sort().reverse()).toEqual(rkeys);
    expect(all[0]!.url).toBe(`https://bsky.app/profile/${t.identifier}/post/${rkeys[0]}`);
    const page1 = await xrpc(t.url, 'GET', 'com.atproto.repo.listRecords', { query: { repo: t.did, collection: POST, limit: '1' } });
    expect((page1.body.records as { uri: string }[]).map((r) => r.uri)).toEqual([all[0]!.id]);
    expect(page1.body.cursor).toBe(rkeys[0]);
    const page2 = await xrpc(t.url, 'GET', 'com.atproto.repo.listRecords', { query: { repo: t.did, collection: POST, limit: '1', cursor: String(page1.body.cursor) } });
    expect((page2.body.records as { uri: string }[]).map((r) => r.uri)).toEqual([all[1]!.id]);
    const tooMany = await xrpc(t.url, 'GET', 'com.atproto.repo.listRecords', { query: { repo: t.did, collection: POST, limit: '101' } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toBe('InvalidRequest');
  });

  it('a wrong app password: 401 "Invalid identifier or password", a permanent error naming Bluesky, without the password', async () => {
    const wrong = 'abcd-efgh-ijkl-mnop';
    const raw = await xrpc(t.url, 'POST', 'com.atproto.server.createSession', { body: { identifier: t.identifier, password: wrong } });
    expect([raw.status, raw.body]).toEqual([401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }]);
    const bad = await adapterFor(t, { LM_POST_BLUESKY_APP_PASSWORD: wrong });
    const e = await failure(bad.preflight!(never()));
    expect([e.kind, e.status, e.apiCode]).toEqual(['permanent', 401, 'auth']);
    expect(e.message).toMatch(/^Bluesky refused the identifier or app password \(401\)/);
    expect(e.message).not.toContain(wrong);
    // An unknown handle in the address book is found before anything is sent.
    const unknown = await xrpc(t.url, 'GET', 'com.atproto.identity.resolveHandle', { query: { handle: 'personne-inconnue.test' } });
    expect([unknown.status, unknown.body]).toEqual([400, { error: 'HandleNotFound', message: 'Unable to resolve handle' }]);
    const withBook = await adapterFor(t, {}, [t.mention.handle, 'personne-inconnue.test']);
    const h = await failure(withBook.preflight!(never()));
    expect([h.kind, h.apiCode]).toEqual(['permanent', 'unknown-handle']);
    expect(h.message).toContain('@personne-inconnue.test');
    const noToken = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { body: { repo: t.did, collection: POST, record: record('x') } });
    expect([noToken.status, noToken.body]).toEqual([401, { error: 'AuthMissing', message: 'Authentication Required' }]);
    const s = await login(t);
    const otherRepo = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: s.accessJwt, body: { repo: t.mention.did, collection: POST, record: record('chez un autre') } });
    expect([otherRepo.status, otherRepo.body]).toEqual([401, { error: 'AuthenticationRequired', message: 'Authentication Required' }]);
    const garbage = await xrpc(t.url, 'POST', 'com.atproto.repo.createRecord', { token: 'garbage', body: { repo: t.did, collection: POST, record: record('x') } });
    expect([garbage.status, garbage.body]).toEqual([400, { error: 'InvalidToken', message: 'Token could not be verified' }]);
  });

  it('the createSession rate limit: 30 attempts per 5 minutes per account, then 429 RateLimitExceeded with RateLimit-* headers', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof xrpc>> | undefined;
    for (let i = 0; i < 31; i++) {
      last = await xrpc(t.url, 'POST', 'com.atproto.server.createSession', { body: { identifier: t.limitsIdentifier, password: 'wrong-password-0000' } });
      statuses.push(last.status);
    }
    // Refused attempts count too: the limiter runs before the handler.
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(last!.body).toEqual({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
    expect(last!.headers.get('ratelimit-limit')).toBe('30');
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    expect(last!.headers.get('ratelimit-policy')).toBe('30;w=300');
    const reset = Number(last!.headers.get('ratelimit-reset'));
    expect(reset * 1000).toBeGreaterThan(Date.now());
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 300_000 + 2000);
  });

  it('one session per run: a whole publication logs in once', async () => {
    const c = await adapterFor(t);
    const at = new Date().toISOString();
    await c.preflight!(never());
    const first = await c.create({ text: 'Une session 1', mediaIds: [], idempotencyKey: keyOf('s1') }, never());
    await c.create({ text: 'Une session 2', mediaIds: [], replyTo: first.id, idempotencyKey: keyOf('s2') }, never());
    await c.recent(5, never());
    if (t.sandbox) {
      const sessions = t.sandbox.requests.filter((r) => r.path === '/xrpc/com.atproto.server.createSession' && r.body && (r.body as { identifier?: string }).identifier === t.identifier);
      // This adapter's own login plus the other scenarios' ones: count only the window of this test.
      const mine = sessions.filter((r) => Date.parse(r.at) >= Date.parse(at) - 5);
      expect(mine).toHaveLength(1);
    }
  });
});
