// Issue 21, point 20: LM_POST_NOW refuses impossible dates (as publish_at does) instead of rolling
// them over, and is read from .env like every other setting (the environment wins).
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashSigns, REPO, runCli, tempWorkspace } from '../helpers/cli.js';

describe('LM_POST_NOW', () => {
  it.each(['2026-02-30T10:00:00+01:00', '2026-12-01T24:00:00+01:00', '2026-12-01T10:60:00+01:00', '2026-13-01T10:00:00Z', '2026-12-01T10:00:00+25:00'])('%s is refused (exit 2, one message), not rolled over', async (v) => {
    const r = await runCli(['calendar', '--month', '2026-12'], { env: { LM_POST_NOW: v } });
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LM_POST_NOW doit être une date et heure ISO/);
  });

  it('is read from .env; the environment wins', async ({ onTestFinished }) => {
    const { root } = tempWorkspace({ '.env': 'LM_POST_NOW=2026-02-10T10:00:00+01:00\n' });
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
    const fromFile = await runCli(['calendar'], { cwd: root, env: { LM_POST_NOW: undefined } });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(/février 2026/);
    const fromEnv = await runCli(['calendar'], { cwd: root, env: { LM_POST_NOW: '2026-03-10T10:00:00+01:00' } });
    expect(fromEnv.stdout).toMatch(/mars 2026/);
    writeFileSync(path.join(root, '.env'), 'LM_POST_NOW=2026-02-29T10:00:00+01:00\n');
    const bad = await runCli(['calendar'], { cwd: root, env: { LM_POST_NOW: undefined } });
    expect(bad.code).toBe(2);
  });
});
