// `check` must not load any network SDK nor the interactive prompts: they are heavy, and a
// referent checking a post offline needs none of them. Proven by tracing every module load
// (ESM resolve hook + CommonJS Module._load) with test/helpers/trace-loads.mjs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli, runNode } from '../helpers/cli.js';

const TRACER = pathToFileURL(path.join(REPO, 'test/helpers/trace-loads.mjs')).href;
const FORBIDDEN = ['twitter-api-v2', 'megalodon', 'facebook-nodejs-business-sdk', '@inquirer/prompts', 'sharp'];
// The letter's and the feed's libraries (SPEC §14): mjml alone costs ~0.6 s to import.
const LETTER_LIBS = ['mjml', 'nodemailer', 'smtp-server', 'ical-generator', 'playwright-core'];

const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Run with the tracer; returns the trace lines. */
async function traced(run: (env: Record<string, string>) => Promise<{ code: number | null; stderr: string }>): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  const file = path.join(dir, `trace-${n++}.txt`);
  const r = await run({ TRACE_LOADS_FILE: file });
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // no trace at all: asserted below
  }
  return { code: r.code, stderr: r.stderr, lines: text.split('\n').filter(Boolean) };
}

/** Packages (by name) appearing in a trace, as a specifier or inside node_modules. */
function packagesIn(lines: readonly string[], names: readonly string[]): string[] {
  const found = new Set<string>();
  for (const l of lines) {
    for (const name of names) {
      const esc = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (new RegExp(`(^|[\\s/])${esc}([\\s/]|$)`).test(l) || l.includes(`node_modules/${name}/`)) found.add(name);
    }
    if (/node_modules\/@inquirer\/|\s@inquirer\//.test(l)) found.add('@inquirer/*');
  }
  return [...found].sort();
}

describe('check loads no network SDK', () => {
  it('lm-post check <one post>: none of the SDKs in the trace (which does see yaml, ajv, commander)', async () => {
    const t = await traced((env) =>
      runCli(['check', 'queue/2026-12-03-veille-panorama-tiers-lieux.yaml'], { nodeArgs: ['--import', TRACER], env }),
    );
    // Under the tracing hooks, Node 24 sees twitter-text's require('punycode') as coming from
    // outside node_modules and prints DEP0040; without the hooks nothing is printed.
    expect(t.stderr.replace(/^\(node:\d+\) \[DEP0040\].*\n(\(Use `node --trace-deprecation.*\n)?/m, '')).toBe('');
    expect(t.code).toBe(0);
    // The trace is real: the modules check needs are in it, ESM and CJS.
    expect(t.lines.some((l) => l.startsWith('esm ') && l.includes('/dist/commands/check.js'))).toBe(true);
    expect(packagesIn(t.lines, ['yaml', 'ajv', 'commander'])).toEqual(['ajv', 'commander', 'yaml']);
    expect(t.lines.some((l) => l.startsWith('cjs '))).toBe(true);
    expect(packagesIn(t.lines, FORBIDDEN)).toEqual([]);
    expect(packagesIn(t.lines, LETTER_LIBS)).toEqual([]);
  });

  it('the letter as text loads neither mjml nor the mailer; the HTML letter loads mjml (the control)', async () => {
    const [text, html] = await Promise.all(
      [['letter', '--from', '2026-11-30', '-f', 'text'], ['letter', '--from', '2026-11-30', '-f', 'html']].map((argv) =>
        traced((env) => runCli(argv, { nodeArgs: ['--import', TRACER], env })),
      ),
    );
    expect(text!.code, text!.stderr).toBe(0);
    expect(packagesIn(text!.lines, [...FORBIDDEN, ...LETTER_LIBS])).toEqual([]);
    expect(html!.code, html!.stderr).toBe(0);
    expect(packagesIn(html!.lines, [...FORBIDDEN, ...LETTER_LIBS])).toEqual(['mjml']);
  });

  it('--help and preview load none either', async () => {
    const runs = await Promise.all(
      [['--help'], ['preview', '2026-12-11-livetweet-rencontres-ess-aura']].map((argv) =>
        traced((env) => runCli(argv, { nodeArgs: ['--import', TRACER], env })),
      ),
    );
    for (const t of runs) {
      expect(t.code).toBe(0);
      expect(t.lines.length).toBeGreaterThan(0);
      expect(packagesIn(t.lines, FORBIDDEN)).toEqual([]);
      expect(packagesIn(t.lines, LETTER_LIBS)).toEqual([]);
    }
  });

  it('control: the tracer does see an SDK that is imported (ESM) or required (CJS)', async () => {
    const [esm, cjs, inquirer] = await Promise.all([
      traced((env) => runNode(['--import', TRACER, '--input-type=module', '-e', "await import('twitter-api-v2')"], { env })),
      traced((env) => runNode(['--import', TRACER, '-e', "require('megalodon')"], { env })),
      traced((env) => runNode(['--import', TRACER, '--input-type=module', '-e', "await import('@inquirer/prompts')"], { env })),
    ]);
    expect(esm.code).toBe(0);
    expect(packagesIn(esm.lines, FORBIDDEN)).toContain('twitter-api-v2');
    expect(cjs.code).toBe(0);
    expect(packagesIn(cjs.lines, FORBIDDEN)).toContain('megalodon');
    expect(inquirer.code).toBe(0);
    expect(packagesIn(inquirer.lines, FORBIDDEN)).toContain('@inquirer/prompts');
  });
});
