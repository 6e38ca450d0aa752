// `list` and `new --help` load no network SDK nor the prompts (only the wizard, review and live
// sessions on a terminal do): traced like test/cli/sdk-not-loaded.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const TRACER = pathToFileURL(path.join(REPO, 'test/helpers/trace-loads.mjs')).href;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the workflow commands load lazily', () => {
  it('list and new --help: no SDK, no @inquirer', async () => {
    for (const [i, argv] of [['list'], ['new', '--help'], ['review', '--help']].entries()) {
      const file = path.join(dir, `trace-${i}.txt`);
      const r = await runCli(argv, { nodeArgs: ['--import', TRACER], env: { TRACE_LOADS_FILE: file } });
      expect(r.code, r.stderr).toBe(0);
      const trace = readFileSync(file, 'utf8');
      expect(trace.length).toBeGreaterThan(0);
      for (const name of ['twitter-api-v2', 'megalodon', 'facebook-nodejs-business-sdk', '@inquirer/', 'chrono-node']) expect(trace, `${argv.join(' ')} loads ${name}`).not.toContain(`node_modules/${name}`);
    }
  });
});
