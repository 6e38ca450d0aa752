/**
 * `publish --sandbox` runs the emulators in a worker thread: like real networks, their work (parsing
 * requests, saving their state, the added latency's timers) happens beside the publisher, not on
 * its event loop, so the publisher's lanes are measured and behave as against remote servers. Only
 * the environment the adapters need crosses over; closing waits for the servers to close.
 */
import { Worker } from 'node:worker_threads';
import { LmPostError } from '../errors.js';
import type { SandboxOptions } from './types.js';

export type SandboxThreadOptions = Pick<SandboxOptions, 'stateDir' | 'twitterPlan' | 'organisation'>;

/** What the worker says: its environment once listening, or why it could not start. */
export type SandboxThreadMessage =
  | { env: Record<string, string> }
  | { lmPostError: Pick<LmPostError, 'code' | 'msg' | 'data' | 'exitCode'> }
  | { error: string };

export async function startSandboxThread(opts: SandboxThreadOptions): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: opts });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    worker.once('message', (m: SandboxThreadMessage) => {
      if ('env' in m) resolve(m.env);
      else if ('lmPostError' in m) reject(new LmPostError(m.lmPostError.code, m.lmPostError.msg, m.lmPostError.data, m.lmPostError.exitCode));
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
    void exited.then(() => reject(new Error('the sandbox stopped before it was ready')));
  });
  let closing: Promise<void> | undefined;
  return {
    env,
    close: () => (closing ??= (worker.postMessage('close'), exited)),
  };
}
