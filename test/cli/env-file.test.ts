// The .env file: read from the working directory, the environment wins, and a file readable by
// others is warned about.
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, REPO, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-env-'));
cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
cpSync(path.join(REPO, 'queue'), path.join(dir, 'queue'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('.env', () => {
  it('is read (LM_POST_PAUSE=1 from .env pauses publishing) and a world-readable file is warned about', async () => {
    writeFileSync(path.join(dir, '.env'), 'LM_POST_PAUSE=1\nLM_POST_MASTODON_TOKEN=secret-from-dotenv-123\n');
    chmodSync(path.join(dir, '.env'), 0o644);
    const r = await runCli(['publish'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Publication en pause \(LM_POST_PAUSE=1\)/);
    expect(r.stderr).toMatch(/\.env est lisible par d’autres utilisateurs.*chmod 600 \.env/);
    expect(r.stdout + r.stderr).not.toContain('secret-from-dotenv-123');
  });

  it('a private .env gives no warning, and the environment wins over it', async () => {
    writeFileSync(path.join(dir, '.env'), 'LM_POST_PAUSE=1\n');
    chmodSync(path.join(dir, '.env'), 0o600);
    const r = await runCli(['publish', '--dry-run'], { cwd: dir, env: { LM_POST_PAUSE: '0' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/chmod/);
    expect(r.stdout).not.toMatch(/pause/i);
    expect(r.stdout).toMatch(/Simulation \(--dry-run\)/);
  });

  it('applies to every command: LM_POST_LANG=en in .env gives English messages from check', async () => {
    writeFileSync(path.join(dir, '.env'), 'LM_POST_LANG=en\n');
    chmodSync(path.join(dir, '.env'), 0o600);
    const r = await runCli(['check'], { cwd: dir, env: { LM_POST_NOW: EXAMPLE_NOW } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ 18 posts checked, no problems\./);
  });
});
