// The publish workflow, run for real: its steps (and those of the action it uses) in order, in
// a temporary clone of a queue repository whose origin is a bare repository, against the
// sandbox emulators. Receipts are committed and pushed (rebasing on a colleague's concurrent
// push), a post with errors blocks only itself, and a second run commits nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { cleanEnv, REPO, runCli } from '../helpers/cli.js';
import { createRequests, Q, setPublishAt } from '../helpers/publish-env.js';
import { runJob, type StepRun } from './workflow-runner.js';

let sb: Sandbox;
let tmp: string;
let origin: string;
let first: StepRun[];
let second: StepRun[];
let createdFirst: number;
let createdSecond: number;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } }).trim();

function clone(name: string): string {
  const dir = path.join(tmp, name);
  git(tmp, 'clone', '-q', '-b', 'main', origin, dir);
  return dir;
}

function runPublish(dir: string): Promise<StepRun[]> {
  const networkUrls = Object.fromEntries(Object.entries(sb.env).filter(([k]) => k === 'LM_POST_TWITTER_API_URL' || k === 'LM_POST_FACEBOOK_GRAPH_URL'));
  return runJob(path.join(REPO, '.github/workflows/lm-post-publish.yml'), 'publish', {
    cwd: dir,
    actionPath: REPO,
    secrets: sb.env,
    // The Bluesky server and identifier are configuration variables in lm-post-publish.yml (not secrets).
    vars: { LM_POST_BLUESKY_SERVICE: sb.env.LM_POST_BLUESKY_SERVICE!, LM_POST_BLUESKY_IDENTIFIER: sb.env.LM_POST_BLUESKY_IDENTIFIER! },
    env: cleanEnv({ ...networkUrls, HOME: tmp, GIT_CONFIG_NOSYSTEM: '1' }),
  });
}

beforeAll(async () => {
  sb = await startSandbox();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-wf-'));
  origin = path.join(tmp, 'origin.git');
  git(tmp, 'init', '-q', '--bare', '-b', 'main', origin);
  const seed = path.join(tmp, 'seed');
  mkdirSync(path.join(seed, 'queue', 'media'), { recursive: true });
  cpSync(path.join(REPO, 'charter'), path.join(seed, 'charter'), { recursive: true });
  // One due veille (X + Mastodon), one due offre (Facebook), and one with an error (http link).
  for (const id of [Q.veilleGuide, Q.bureau]) {
    writeFileSync(path.join(seed, 'queue', `${id}.yaml`), setPublishAt(undefined)(readFileSync(path.join(REPO, 'queue', `${id}.yaml`), 'utf8')));
  }
  writeFileSync(path.join(seed, 'queue', 'broken.yaml'), 'type: veille\nauthor: malik\ntext: "Un lien non sécurisé à lire"\nlink: http://example.org/guide\n');
  cpSync(path.join(REPO, 'queue/media'), path.join(seed, 'queue/media'), { recursive: true });
  const approve = await runCli(['approve', Q.veilleGuide, Q.bureau, 'broken', '--as', 'dominique'], { cwd: seed });
  expect(approve.code, approve.stderr + approve.stdout).not.toBe(2);
  git(tmp, 'init', '-q', '-b', 'main', seed);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'queue');
  git(seed, 'remote', 'add', 'origin', origin);
  git(seed, 'push', '-q', 'origin', 'main');

  // The runner's checkout; then a colleague pushes meanwhile (the receipts must rebase on it).
  const runner = clone('runner');
  const colleague = clone('colleague');
  writeFileSync(path.join(colleague, 'NOTES.md'), 'pendant la publication\n');
  git(colleague, 'add', 'NOTES.md');
  git(colleague, 'commit', '-q', '-m', 'concurrent push');
  git(colleague, 'push', '-q', 'origin', 'main');

  first = await runPublish(runner);
  createdFirst = createRequests(sb.requests).length;
  second = await runPublish(clone('runner-2'));
  createdSecond = createRequests(sb.requests).length;
}, 120_000);

afterAll(async () => {
  await sb?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('publish workflow run locally', () => {
  it('publishes the due posts and reports the one with errors, which blocks only itself', () => {
    const run = first.find((s) => s.name === 'run')!;
    expect(run, JSON.stringify(first, null, 1)).toBeDefined();
    // X + its Mastodon mirror for the veille, Facebook for the offre; nothing for broken.yaml.
    expect(createdFirst).toBe(3);
    // And its Bluesky mirror, with the credentials the workflow passes (vars + secret), once over both runs.
    expect(sb.posts('bluesky')).toHaveLength(1);
    expect(run.stdout + run.stderr).toContain('broken');
  });

  it('commits the receipts to main with the bot identity, on top of the concurrent push', () => {
    const check = clone('check');
    const log = git(check, 'log', '--format=%an|%s', '-3').split('\n');
    expect(log[0]).toBe('lm-post[bot]|lm-post : reçus de publication [skip ci]');
    expect(log[1]).toBe('t|concurrent push');
    expect(readFileSync(path.join(check, 'queue', `${Q.veilleGuide}.yaml`), 'utf8')).toMatch(/^published:\n {2}twitter:/m);
    expect(readFileSync(path.join(check, 'queue', `${Q.bureau}.yaml`), 'utf8')).toMatch(/^ {2}facebook:/m);
    expect(readFileSync(path.join(check, 'queue', 'broken.yaml'), 'utf8')).not.toContain('published:');
    expect(git(check, 'show', '--stat', '--format=', 'HEAD')).not.toContain('broken.yaml');
  });

  it('a second run sends nothing and commits nothing', () => {
    expect(createdSecond).toBe(createdFirst);
    const run = second.find((s) => s.name === 'run')!;
    expect(run.stdout).toContain('aucun nouveau reçu');
    const check = clone('check-2');
    expect(git(check, 'log', '--format=%s', '-1')).toBe('lm-post : reçus de publication [skip ci]');
    expect(git(check, 'rev-list', '--count', 'HEAD')).toBe('3');
  });
});
