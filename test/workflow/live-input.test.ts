// Issue 21, points 13 and 24: `live` refuses, before writing, a line the post file could not hold
// (over the schema's 70,000 characters) and a line that is not valid UTF-8; the session goes on.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, cleanEnv, crashSigns } from '../helpers/cli.js';
import { makeWorkspace, type Workspace } from '../helpers/publish-env.js';
import { EXAMPLE_NOW_MS } from '../setup-clock.js';

let ws: Workspace | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  ws?.remove();
  ws = sb = undefined;
});

describe('lm-post live, hostile input lines', () => {
  it('a 70,001-character line and invalid UTF-8 are refused before writing; the next line goes out; a rerun works', async () => {
    ws = makeWorkspace([]);
    const now = new Date(EXAMPLE_NOW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    ws.write('live', `type: livetweet\nauthor: ines\ntext: "1/ En direct des Rencontres de l'ESS #ESS"\nevent:\n  name: Rencontres de l'ESS\n  starts: ${now}\n`);
    sb = await startSandbox();
    const env = cleanEnv({ ...sb.env });
    const run = (input: Buffer) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'live', 'live'], { cwd: ws!.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
        child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
        child.on('close', (code) => resolve({ code, out }));
        child.stdin.end(input);
      });
    const first = await run(Buffer.concat([Buffer.from('2/ ' + 'a'.repeat(70_001) + '\n'), Buffer.from([0x33, 0x2f, 0x20, 0xff, 0xfe, 0x41, 0x0a]), Buffer.from('4/ Un point lisible\n')]));
    expect(crashSigns({ stdout: first.out, stderr: '' })).toEqual([]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/Ligne trop longue \(70004 caractères/);
    expect(first.out).toMatch(/pas de l’UTF-8 valide/);
    const data = parseDocument(ws.read('live')).toJS();
    expect(data.thread.map((t: { text: string }) => t.text)).toEqual(['4/ Un point lisible']);
    expect(sb.posts('mastodon').some((p) => p.text.includes('\uFFFD'))).toBe(false);
    const again = await run(Buffer.from('5/ Encore un\n'));
    expect(again.code, again.out).toBe(0);
  }, 60_000);
});
