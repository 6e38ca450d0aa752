// What a publishing command opens before sending (network adapters, the embedded sandbox when
// asked, the redactor of the run's secrets) and closes after. Used by `live`; the same pieces
// as `publish`, so both send through one publisher with one journal and one set of receipts.
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import { stateDirFor } from '../cli/context.js';
import { ExitCode, LmPostError } from '../errors.js';
import { BASE_URL_ENV } from '../networks/env.js';
import { credentialsFor, missingCredentials, redact, refuseLeakyDebugSwitches, secretValues } from './credentials.js';
import { adapterPool, type AdapterPool } from './publisher.js';
import { fileReceipts, type ReceiptStore, sandboxReceipts } from './receipts.js';

export interface PublishSession {
  pool: AdapterPool;
  receipts: ReceiptStore;
  stateDir: string;
  journalDir: string;
  redact: (s: string) => string;
  close(): Promise<void>;
}

export async function openPublishSession(o: { charter: Charter; queueDir: string; env: NodeJS.ProcessEnv; sandbox: boolean; networks: readonly NetworkId[]; timeoutMs: number }): Promise<PublishSession> {
  refuseLeakyDebugSwitches(o.env);
  const stateDir = stateDirFor(o.queueDir, o.sandbox);
  let sandbox: { env: Record<string, string>; close(): Promise<void> } | undefined;
  let env = o.env;
  if (o.sandbox) {
    const { startSandbox } = await import('../sandbox/index.js');
    sandbox = await startSandbox({ stateDir: path.join(stateDir, 'state'), organisation: o.charter.organisation });
    env = { ...o.env, ...sandbox.env };
  }
  const missing = o.networks.flatMap((n) => missingCredentials(n, env));
  if (missing.length) {
    await sandbox?.close();
    throw new LmPostError(
      'missing-credentials',
      {
        fr: 'Identifiants manquants : {{vars}} (environnement ou .env). Pour essayer sans compte : --sandbox.',
        en: 'Missing credentials: {{vars}} (environment or .env). To try without an account: --sandbox.',
      },
      { vars: missing.join(', ') },
      ExitCode.usage,
    );
  }
  const secrets = secretValues(env);
  const pool = adapterPool(
    async (n) => {
      const { ADAPTERS } = await import('../networks/index.js');
      return ADAPTERS[n]();
    },
    (n) => {
      const baseUrl = env[BASE_URL_ENV[n]] || (n === 'mastodon' ? o.charter.networks.mastodon?.instance : undefined);
      return { credentials: credentialsFor(n, env), timeoutMs: o.timeoutMs, ...(baseUrl ? { baseUrl } : {}) };
    },
  );
  return {
    pool,
    receipts: o.sandbox ? sandboxReceipts(path.join(stateDir, 'receipts')) : fileReceipts,
    stateDir,
    journalDir: path.join(stateDir, 'journal'),
    redact: (s) => redact(s, secrets),
    async close() {
      await pool.close();
      await sandbox?.close();
    },
  };
}
