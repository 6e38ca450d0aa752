// Starts a real Bluesky PDS (@atproto/pds) offline on 127.0.0.1, with an in-memory PLC directory
// (@did-plc/server, Database.mock()) and SQLite + blobs in a temporary folder, as @atproto/dev-env's
// TestPds / TestPlc do (packages/dev-env/src/pds.ts, plc.ts). Creates the accounts the contract
// suite needs, each with an app password, then prints ONE JSON line on stdout:
//   {"ready":true,"url":"http://127.0.0.1:PORT","accounts":[{"handle","did","password","appPassword"}]}
// and runs until stdin closes or it gets SIGTERM. Run with Node >= 22, LM_POST_BLUESKY_PDS_HARNESS =
// the folder where scripts/bluesky-pds.mjs installed the harness. LM_POST_BLUESKY_PDS_RATE_LIMITS=1
// turns the PDS's own rate limits on (PDS_RATE_LIMITS_ENABLED: createSession 30 / 5 min per account).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.env.LM_POST_BLUESKY_PDS_HARNESS;
if (!dir) {
  process.stderr.write('LM_POST_BLUESKY_PDS_HARNESS is not set\n');
  process.exit(2);
}
const req = createRequire(join(dir, 'package.json'));
const load = async (name) => import(pathToFileURL(req.resolve(name)).href);

// Everything binds loopback only: their `listen(port)` would bind every interface (SDK-NOTES).
function loopbackOnly(app) {
  const listen = app.listen.bind(app);
  app.listen = (port, ...rest) => listen(port, '127.0.0.1', ...rest.filter((a) => typeof a !== 'string'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function xrpc(url, nsid, body, token) {
  const res = await fetch(`${url}/xrpc/${nsid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${nsid}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

const work = mkdtempSync(join(tmpdir(), 'lm-post-pds-'));
mkdirSync(join(work, 'data'), { recursive: true });
const t0 = Date.now();
const plc = await load('@did-plc/server');
const { PDS } = await load('@atproto/pds');
const { Secp256k1Keypair } = await load('@atproto/crypto');
const imported = Date.now();

const plcPort = await freePort();
const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort });
loopbackOnly(plcServer.app);
await plcServer.start();
const plcUrl = `http://127.0.0.1:${plcPort}`;

const port = await freePort();
const rotation = await Secp256k1Keypair.create({ exportable: true });
const recovery = await Secp256k1Keypair.create();
const pds = await PDS.fromEnv({
  devMode: true,
  port,
  hostname: 'localhost',
  dataDirectory: join(work, 'data'),
  blobstoreDiskLocation: join(work, 'blobs'),
  recoveryDidKey: recovery.did(),
  adminPassword: 'admin-pass',
  jwtSecret: 'jwt-secret',
  serviceHandleDomains: ['.test'],
  didPlcUrl: plcUrl,
  bskyAppViewUrl: 'https://appview.invalid',
  bskyAppViewDid: 'did:example:invalid',
  bskyAppViewCdnUrlPattern: 'http://cdn.appview.invalid/%s/%s/%s',
  modServiceUrl: 'https://moderator.invalid',
  modServiceDid: 'did:example:invalid',
  plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotation.export()).toString('hex'),
  inviteRequired: false,
  disableSsrfProtection: true,
  rateLimitsEnabled: process.env.LM_POST_BLUESKY_PDS_RATE_LIMITS === '1',
});
loopbackOnly(pds.app);
await pds.start();
const url = `http://127.0.0.1:${port}`;

const accounts = [];
for (const handle of (process.env.LM_POST_BLUESKY_PDS_ACCOUNTS ?? 'locauxmotiv.test,cress.test').split(',')) {
  const password = `pw-${handle}-${Math.random().toString(36).slice(2)}`;
  const acc = await xrpc(url, 'com.atproto.server.createAccount', { handle, email: `${handle.split('.')[0]}@example.com`, password });
  const app = await xrpc(url, 'com.atproto.server.createAppPassword', { name: 'lm-post' }, acc.accessJwt);
  accounts.push({ handle: acc.handle, did: acc.did, password, appPassword: app.password });
}

let closing = false;
async function stop() {
  if (closing) return;
  closing = true;
  try {
    await pds.destroy();
    await plcServer.destroy();
  } finally {
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ ready: true, url, plcUrl, importMs: imported - t0, startMs: Date.now() - imported, accounts })}\n`);
