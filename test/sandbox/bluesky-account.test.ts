// The Bluesky sandbox account is named after the charter's organisation, like the X, Mastodon and
// Facebook ones (src/sandbox/accounts.ts): its handle opens a session, resolves to the account's DID
// and is the one the sandbox environment gives lm-post; another collective's handle is unknown.
import { describe, expect, it } from 'vitest';
import { BLUESKY_APP_PASSWORD, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

async function withSandbox(organisation: string | undefined, run: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await startSandbox(organisation === undefined ? {} : { organisation });
  try {
    await run(sb);
  } finally {
    await sb.close();
  }
}

const createSession = (sb: Sandbox, identifier: string, password = BLUESKY_APP_PASSWORD) =>
  fetch(`${sb.urls.bluesky}/xrpc/com.atproto.server.createSession`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier, password }) });
const resolveHandle = (sb: Sandbox, handle: string) => fetch(`${sb.urls.bluesky}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`);

describe('the Bluesky sandbox account', () => {
  it('takes its handle from the organisation; session, getSession, resolveHandle and the sandbox env agree', async () => {
    await withSandbox('La Fabrique du Coin', async (sb) => {
      expect(sb.env.LM_POST_BLUESKY_IDENTIFIER).toBe('lafabriqueducoin.bsky.social');
      const s = await createSession(sb, sb.env.LM_POST_BLUESKY_IDENTIFIER!);
      expect(s.status).toBe(200);
      const session = (await s.json()) as { handle: string; did: string; email: string; accessJwt: string };
      expect(session).toMatchObject({ handle: 'lafabriqueducoin.bsky.social', did: 'did:plc:lmpostsandbox000000001' });
      // Neutral: neither the DID nor the e-mail names a collective.
      expect(`${session.did} ${session.email}`).not.toMatch(/locaux|motiv|fabrique/i);
      const me = await fetch(`${sb.urls.bluesky}/xrpc/com.atproto.server.getSession`, { headers: { Authorization: `Bearer ${session.accessJwt}` } });
      expect(await me.json()).toMatchObject({ handle: 'lafabriqueducoin.bsky.social', did: session.did });
      const resolved = await resolveHandle(sb, 'lafabriqueducoin.bsky.social');
      expect(resolved.status).toBe(200);
      expect(await resolved.json()).toEqual({ did: session.did });
      // The DID and the e-mail open a session too (createSession accepts any of the three).
      expect((await createSession(sb, session.did)).status).toBe(200);
      expect((await createSession(sb, session.email)).status).toBe(200);
      // Another collective's handle is not this sandbox's account.
      expect((await createSession(sb, 'locauxmotiv.bsky.social')).status).toBe(401);
      expect((await resolveHandle(sb, 'locauxmotiv.bsky.social')).status).toBe(400);
      // The address book of the example charter is still known, for mentions.
      expect(await (await resolveHandle(sb, 'cressaura.bsky.social')).json()).toEqual({ did: 'did:plc:lmsandboxcressaura00000001' });
    });
  });

  it('without an organisation is the neutral collective; a long name is cut to 20 characters', async () => {
    await withSandbox(undefined, async (sb) => {
      expect(sb.env.LM_POST_BLUESKY_IDENTIFIER).toBe('collectif.bsky.social');
      expect((await createSession(sb, 'collectif.bsky.social')).status).toBe(200);
    });
    await withSandbox("Association des Tiers-Lieux de l'Île-de-France", async (sb) => {
      expect(sb.env.LM_POST_BLUESKY_IDENTIFIER).toBe('associationdestiersl.bsky.social');
      expect((await createSession(sb, 'associationdestiersl.bsky.social')).status).toBe(200);
      expect((await createSession(sb, 'associationdestiersl.bsky.social', 'zzzz-zzzz-zzzz-zzzz')).status).toBe(401);
    });
  });
});
