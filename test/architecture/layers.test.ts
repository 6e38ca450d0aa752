// Issue 15's structure, checked on the sources: layers point down (the core never imports the
// command layer), commands stay thin, the publisher stays in readable parts, and a publishing
// module never names a network (it goes by the interface in src/networks/types.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const SRC = path.join(REPO, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(SRC, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? tsFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

const lines = (file: string) => readFileSync(path.join(SRC, file), 'utf8').split('\n').length - 1;

describe('the publishing code’s layout', () => {
  it('nothing under publish, post, rules, render, letter imports from cli or commands', () => {
    const upward = ['publish', 'post', 'rules', 'render', 'letter'].flatMap(tsFiles).flatMap((f) => {
      const text = readFileSync(path.join(SRC, f), 'utf8');
      return [...text.matchAll(/from '(\.\.\/)+(cli|commands)\/[^']+'|import\('(\.\.\/)+(cli|commands)\/[^']+'\)/g)].map((m) => `${f}: ${m[0]}`);
    });
    expect(upward).toEqual([]);
  });

  it('every command file is at most 200 lines, every publishing module at most 350', () => {
    const long = [...tsFiles('commands').filter((f) => lines(f) > 200), ...tsFiles('publish').filter((f) => lines(f) > 350)].map((f) => `${f}: ${lines(f)}`);
    expect(long).toEqual([]);
  });

  it('the publishing run, lanes, journal loop and reconciliation name no network', () => {
    const named = ['run.ts', 'lane.ts', 'journal-loop.ts', 'reconcile.ts', 'media.ts', 'select.ts', 'live.ts'].flatMap((f) => {
      const code = readFileSync(path.join(SRC, 'publish', f), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      return [...code.matchAll(/'(twitter|mastodon|facebook)'/g)].map((m) => `${f}: ${m[0]}`);
    });
    expect(named).toEqual([]);
  });
});
