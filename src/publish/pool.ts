// The run's network adapters: each loaded (with its SDK) the first time a lane asks for it, and
// closed together at the end of the run.
import type { Charter, NetworkId } from '../charter/types.js';
import type { XBilledCalls } from '../render/x-cost.js';
import { BASE_URL_ENV } from '../networks/env.js';
import type { AdapterModule } from '../networks/types.js';
import { credentialsFor } from './credentials.js';
import type { AdapterPool, PooledAdapter } from './types.js';

export type { AdapterPool };

export function adapterPool(load: (n: NetworkId) => Promise<AdapterModule>, options: (n: NetworkId) => Parameters<AdapterModule['createAdapter']>[0]): AdapterPool {
  const made = new Map<NetworkId, Promise<PooledAdapter>>();
  return {
    get(network) {
      let p = made.get(network);
      if (!p) {
        p = load(network).then(async (m) => ({
          adapter: await m.createAdapter(options(network)),
          idempotent: m.idempotent,
          ...(m.idempotencyWindowMs !== undefined ? { idempotencyWindowMs: m.idempotencyWindowMs } : {}),
          lookBeforeCreate: m.lookBeforeCreate ?? false,
        }));
        made.set(network, p);
      }
      return p;
    },
    async billed() {
      const out: Partial<Record<NetworkId, XBilledCalls>> = {};
      for (const [n, p] of made) {
        const calls = await p.then((a) => a.adapter.billed?.(), () => undefined);
        if (calls) out[n] = calls;
      }
      return out;
    },
    async close() {
      for (const p of made.values()) {
        try {
          await (await p).adapter.close();
        } catch {
          /* closing is best effort */
        }
      }
    },
  };
}

/** The pool of the registry's adapters, with the credentials and base URLs of `env`. */
export function registryPool(charter: Charter, env: NodeJS.ProcessEnv, timeoutMs: number): AdapterPool {
  return adapterPool(
    async (n) => {
      const { ADAPTERS } = await import('../networks/index.js');
      return ADAPTERS[n]();
    },
    (n) => {
      const baseUrl = env[BASE_URL_ENV[n]] || (n === 'mastodon' ? charter.networks.mastodon?.instance : undefined);
      return { credentials: credentialsFor(n, env), timeoutMs, ...(baseUrl ? { baseUrl } : {}) };
    },
  );
}
