// The worker thread of `startSandboxThread`: starts the emulators, says where they listen, and
// closes them when asked (the thread then ends on its own).
import { parentPort, workerData } from 'node:worker_threads';
import { LmPostError } from '../errors.js';
import { startSandbox } from './index.js';
import type { SandboxThreadMessage, SandboxThreadOptions } from './thread.js';

const port = parentPort!;
const say = (m: SandboxThreadMessage) => port.postMessage(m);
try {
  const sandbox = await startSandbox(workerData as SandboxThreadOptions);
  port.once('message', () => {
    void sandbox.close().then(() => port.close());
  });
  say({ env: sandbox.env });
} catch (e) {
  if (e instanceof LmPostError) say({ lmPostError: { code: e.code, msg: e.msg, data: e.data, exitCode: e.exitCode } });
  else say({ error: e instanceof Error ? e.message : String(e) });
  port.close();
}
