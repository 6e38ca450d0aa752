// Hostile-input suite, issue 21 point 6: the sticky comment updates only a comment written by the bot's own identity;
// a fake preview posted first by someone else (a fork's author) is left alone. Runs the real
// scripts/ci/pr-comment.sh with a `gh` stand-in that answers from a list of comments with jq.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO } from '../helpers/cli.js';

const MARKER = '<!-- lm-post-preview -->';

function run(comments: unknown[], extraEnv: Record<string, string> = {}): { calls: string[]; code: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-prc-'));
  try {
    execFileSync('git', ['init', '-q', '-b', 'main', dir]);
    writeFileSync(path.join(dir, 'README.md'), 'x\n');
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'base']);
    const base = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const log = path.join(dir, 'gh.log');
    const list = path.join(dir, 'comments.json');
    writeFileSync(list, JSON.stringify(comments));
    const bin = path.join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    // gh api PATH --paginate --jq EXPR  → jq over the comment list; anything else is logged.
    writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\nif [ "$3" = "--paginate" ]; then exec jq -r "$5" "${list}"; fi\n`);
    chmodSync(path.join(bin, 'gh'), 0o755);
    let code = 0;
    try {
      execFileSync('bash', [path.join(REPO, 'scripts/ci/pr-comment.sh'), base, '7'], {
        cwd: dir,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GH_TOKEN: 'x', GITHUB_REPOSITORY: 'locaux/queue', LM_POST_BIN: BIN, RUNNER_TEMP: dir, ...extraEnv },
        stdio: 'pipe',
      });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    return { calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [], code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('pr-comment.sh', () => {
  const forged = { id: 11, user: { login: 'fork-author' }, body: `${MARKER}\n### ✅ Approuvé` };
  const ours = { id: 22, user: { login: 'github-actions[bot]' }, body: `${MARKER}\n### Aperçu des billets — lm-post` };

  it('updates the bot’s own comment, never a fake one posted first by someone else', () => {
    const r = run([forged, ours]);
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => c.includes('PATCH'))).toEqual([expect.stringContaining('repos/locaux/queue/issues/comments/22')]);
    expect(r.calls.join('\n')).not.toContain('comments/11');
  });

  it('with only a fake comment, posts its own', () => {
    const r = run([forged]);
    expect(r.code).toBe(0);
    expect(r.calls.some((c) => c.startsWith('api -X POST repos/locaux/queue/issues/7/comments'))).toBe(true);
    expect(r.calls.some((c) => c.includes('PATCH'))).toBe(false);
  });

  it('LM_POST_COMMENT_AUTHOR names another bot; a value that is not a login is refused', () => {
    const app = { id: 33, user: { login: 'lm-post-app[bot]' }, body: `${MARKER}\nold` };
    expect(run([forged, ours, app], { LM_POST_COMMENT_AUTHOR: 'lm-post-app[bot]' }).calls.filter((c) => c.includes('PATCH'))).toEqual([expect.stringContaining('comments/33')]);
    expect(run([forged], { LM_POST_COMMENT_AUTHOR: 'x" or true or "' }).code).toBe(2);
  });
});
