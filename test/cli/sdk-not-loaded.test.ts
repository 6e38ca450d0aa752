// `check` must not load any network SDK nor the interactive prompts: they are heavy, and a
// referent checking a post offline needs none of them. Proven by tracing every module load
// (ESM resolve hook + CommonJS Module._load) with test/helpers/trace-loads.mjs.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('the letter as text or HTML (its template compiled and committed) loads neither mjml nor the mailer; a changed template loads mjml (the control)', async () => {
    // The control: a copy whose letter.mjml no longer matches letter.compiled.html.
    const copy = mkdtempSync(path.join(os.tmpdir(), 'lm-post-letter-trace-'));
    cpSync(path.join(REPO, 'charter'), path.join(copy, 'charter'), { recursive: true });
    cpSync(path.join(REPO, 'queue'), path.join(copy, 'queue'), { recursive: true });
    rmSync(path.join(copy, 'queue', 'letters'), { recursive: true, force: true });
    const mjml = path.join(copy, 'charter', 'letter', 'letter.mjml');
    writeFileSync(mjml, readFileSync(mjml, 'utf8').replace('Se désinscrire', 'Ne plus recevoir'));
    try {
      const [text, html, changed] = await Promise.all(
        [
          [['letter', '--from', '2026-11-30', '-f', 'text'], REPO],
          [['letter', '--from', '2026-11-30', '-f', 'html'], REPO],
          [['letter', '--from', '2026-11-30', '-f', 'html'], copy],
        ].map(([argv, cwd]) => traced((env) => runCli(argv as string[], { cwd: cwd as string, nodeArgs: ['--import', TRACER], env }))),
      );
      expect(text!.code, text!.stderr).toBe(0);
      expect(packagesIn(text!.lines, [...FORBIDDEN, ...LETTER_LIBS])).toEqual([]);
      expect(html!.code, html!.stderr).toBe(0);
      expect(packagesIn(html!.lines, [...FORBIDDEN, ...LETTER_LIBS])).toEqual([]);
      expect(changed!.code, changed!.stderr).toBe(0);
      expect(packagesIn(changed!.lines, [...FORBIDDEN, ...LETTER_LIBS])).toEqual(['mjml']);
      expect(readFileSync(path.join(copy, 'charter', 'letter', 'letter.compiled.html'), 'utf8')).toContain('Ne plus recevoir');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
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
