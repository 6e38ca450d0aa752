// File names with accents, spaces and apostrophes pass through scripts/ci/changed-posts.sh (and
// the arrays of action.yml, pr-comment.sh and .gitlab-ci.yml that read its NUL-separated output)
// unchanged; upper-case extensions count, letters (queue/letters/) do not.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, cleanEnv, REPO } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-changed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: tmp };
const git = (...args: string[]) => execFileSync('git', args, { cwd: tmp, encoding: 'utf8', env }).trim();
const script = path.join(REPO, 'scripts', 'ci', 'changed-posts.sh');

describe('changed-posts.sh', () => {
  git('init', '-q', '-b', 'main');
  mkdirSync(path.join(tmp, 'queue', 'letters'), { recursive: true });
  writeFileSync(path.join(tmp, 'queue', 'ancien.yaml'), 'type: veille\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  const NAMES = ["queue/fête de l'hiver.yaml", 'queue/ÉTÉ EN FÊTE.YAML', 'queue/deux  espaces.yml'];
  for (const n of NAMES) writeFileSync(path.join(tmp, n), 'type: veille\n');
  writeFileSync(path.join(tmp, 'queue', 'letters', '2026-12-01.yaml'), 'letter: true\n');
  writeFileSync(path.join(tmp, 'queue', 'notes.txt'), 'pas un billet\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'posts');

  it("NUL-separated (-z): queue/fête de l'hiver.yaml and the others intact, letters left out", () => {
    const out = execFileSync(script, ['-z', base], { cwd: tmp, encoding: 'utf8', env });
    expect(out.split('\0').filter(Boolean).sort()).toEqual([...NAMES].sort());
    // git would quote the accented name ("queue/f\303\252te…") without -z: nothing of it here.
    expect(out).not.toContain('\\');
  });

  it('one per line by default, and the arrays of the CI scripts keep each name whole', () => {
    expect(execFileSync(script, [base], { cwd: tmp, encoding: 'utf8', env }).split('\n').filter(Boolean).sort()).toEqual([...NAMES].sort());
    // The very lines action.yml and .gitlab-ci.yml run: mapfile -d '' then "${paths[@]}".
    const printed = execFileSync('bash', ['-c', `mapfile -t -d '' paths < <("$0" -z "$1"); printf '<%s>\\n' "\${paths[@]}"`, script, base], { cwd: tmp, encoding: 'utf8', env });
    expect(printed.trim().split('\n').sort()).toEqual(NAMES.map((n) => `<${n}>`).sort());
  });

  it('prints nothing without a base or with an unknown one', () => {
    expect(execFileSync(script, [], { cwd: tmp, encoding: 'utf8', env })).toBe('');
    expect(execFileSync(script, ['0123456789abcdef0123456789abcdef01234567'], { cwd: tmp, encoding: 'utf8', env })).toBe('');
  });
});

describe('the GitLab merge-request job', () => {
  it("runs its own script on a merge request adding queue/fête de l'hiver.yaml: the Code Quality report names the file whole", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-gitlab-'));
    try {
      const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env }).trim();
      g('init', '-q', '-b', 'main');
      cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
      mkdirSync(path.join(dir, 'queue'));
      writeFileSync(path.join(dir, 'queue', 'ancien.yaml'), 'type: veille\nauthor: malik\ntext: "Ancien"\nlink: http://example.org/ancien\n');
      g('add', '-A');
      g('commit', '-q', '-m', 'base');
      const base = g('rev-parse', 'HEAD');
      writeFileSync(path.join(dir, 'queue', "fête de l'hiver.yaml"), 'type: veille\nauthor: malik\ntext: "La fête"\nlink: http://example.org/fete\n');
      g('add', '-A');
      g('commit', '-q', '-m', 'mr');
      // The job's script, as GitLab runs it (bash, errexit and pipefail).
      const job = (parse(readFileSync(path.join(REPO, '.gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[] }>)['lm-post-check']!;
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', job.script.join('\n')], {
        cwd: dir,
        encoding: 'utf8',
        env: cleanEnv({ HOME: dir, LM_POST_HOME: REPO, LM_POST_BIN: BIN, CI_MERGE_REQUEST_DIFF_BASE_SHA: base, GIT_CONFIG_NOSYSTEM: '1' }),
      });
      expect(r.status, r.stderr).toBe(1);
      const report = JSON.parse(readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8')) as { location: { path: string } }[];
      const files = [...new Set(report.map((i) => i.location.path))];
      expect(files).toEqual(["queue/fête de l'hiver.yaml"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
