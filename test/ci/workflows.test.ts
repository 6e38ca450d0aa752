// Every workflow and the action pass @action-validator/cli (GitHub's workflow and action JSON
// schemas), those written by `lm-post init --ci github` too; the GitLab template has the same
// jobs. Third-party actions are pinned to a full commit SHA.
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, runCli, runNode } from '../helpers/cli.js';

const VALIDATOR = path.join(REPO, 'node_modules/@action-validator/cli/cli.mjs');
const WORKFLOWS = readdirSync(path.join(REPO, '.github/workflows')).filter((f) => f.endsWith('.yml')).map((f) => path.join(REPO, '.github/workflows', f));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function validate(file: string) {
  return runNode([VALIDATOR, file], { timeoutMs: 30_000 });
}

describe('@action-validator/cli', () => {
  it.each([path.join(REPO, 'action.yml'), ...WORKFLOWS])('%s is valid', async (file) => {
    const r = await validate(file);
    expect(r.stderr + r.stdout).not.toMatch(/error/i);
    expect(r.code).toBe(0);
  });

  it('the workflows written by lm-post init --ci github are valid', async () => {
    const dir = path.join(tmp, 'collectif');
    const init = await runCli(['init', dir, '--ci', 'github']);
    expect(init.code, init.stderr).toBe(0);
    const files = readdirSync(path.join(dir, '.github/workflows'));
    expect(files.sort()).toEqual(['lm-post-check.yml', 'lm-post-notify.yml', 'lm-post-publish.yml', 'lm-post-review.yml']);
    for (const f of files) {
      const text = readFileSync(path.join(dir, '.github/workflows', f), 'utf8');
      expect(text).not.toMatch(/uses: \.\/$/m);
      expect(text).toMatch(/uses: locaux-motiv\/lm-post@v\d+\.\d+\.\d+$/m);
      const r = await validate(path.join(dir, '.github/workflows', f));
      expect(r.code, r.stderr + r.stdout).toBe(0);
    }
  });

  it('refuses a broken workflow (the validator really validates)', async () => {
    const bad = path.join(tmp, 'bad.yml');
    const text = readFileSync(WORKFLOWS[0]!, 'utf8').replace(/runs-on: .*\n/, '').replace(/^concurrency:/m, 'concurency:');
    (await import('node:fs')).writeFileSync(bad, text);
    const r = await validate(bad);
    expect(r.code).not.toBe(0);
  });
});

describe('what the workflows promise', () => {
  const wf = (name: string) => parse(readFileSync(path.join(REPO, '.github/workflows', name), 'utf8'));
  const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8'));

  it('publish: push to main and every 15 minutes, one at a time, never cancelled, may write', () => {
    const p = wf('lm-post-publish.yml');
    expect(p.on.push.branches).toEqual(['main']);
    expect(p.on.schedule).toEqual([{ cron: '*/15 * * * *' }]);
    expect(p.concurrency).toEqual({ group: 'lm-post-publish', 'cancel-in-progress': false });
    expect(p.permissions).toEqual({ contents: 'write' });
    const step = p.jobs.publish.steps.find((s: { uses?: string }) => s.uses === './');
    expect(step.with.command).toBe('publish');
    // Secrets reach lm-post as environment variables, never as inputs.
    for (const k of ['LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_MASTODON_TOKEN', 'LM_POST_FACEBOOK_PAGE_TOKEN']) expect(step.env[k]).toBe(`\${{ secrets.${k} }}`);
    expect(Object.values(step.with).join(' ')).not.toMatch(/secrets\./);
  });

  // SPEC §17: notify runs daily; its journal is kept between runs so each notice goes once.
  it('notify: once a day, one at a time, read-only, the SMTP address as a secret, the journal cached', () => {
    const n = wf('lm-post-notify.yml');
    expect(n.on.schedule).toEqual([{ cron: '0 7 * * *' }]);
    expect(n.concurrency).toEqual({ group: 'lm-post-notify', 'cancel-in-progress': false });
    expect(n.permissions).toEqual({ contents: 'read' });
    const step = n.jobs.notify.steps.find((s: { uses?: string }) => s.uses === './');
    expect(step.with.command).toBe('notify');
    expect(step.env.LM_POST_SMTP_URL).toBe('${{ secrets.LM_POST_SMTP_URL }}');
    expect(n.jobs.notify.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/cache')).with.path).toBe('.lm-post/notify');
    expect(JSON.stringify(action)).toContain('node \\"$lm_post\\" notify');
  });

  it('pull requests: annotations (format github) then the sticky preview comment', () => {
    const c = wf('lm-post-check.yml');
    expect(Object.keys(c.on)).toEqual(['pull_request']);
    const uses = c.jobs.check.steps.filter((s: { uses?: string }) => s.uses === './');
    expect(uses.map((s: { with: { command: string } }) => s.with.command)).toEqual(['check', 'previews', 'comment']);
    // The visual previews go up as an artefact, and the comment links to it.
    const upload = c.jobs.check.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload.id).toBe('previews');
    expect(uses[2].env.LM_POST_PREVIEW_URL).toBe('${{ steps.previews.outputs.artifact-url }}');
    expect(uses[0].with.format).toBe('github');
    expect(c.permissions['pull-requests']).toBe('write');
  });

  it('publish: the networks’ credentials live in a protected environment (SPEC §16)', () => {
    expect(wf('lm-post-publish.yml').jobs.publish.environment).toBe('lm-post-publish');
  });

  it('review: on submitted reviews of same-repository pull requests only, least permissions, no persisted token, the forge key as an environment secret', () => {
    const r = wf('lm-post-review.yml');
    expect(r.on).toEqual({ pull_request_review: { types: ['submitted'] } });
    expect(readFileSync(path.join(REPO, '.github/workflows/lm-post-review.yml'), 'utf8')).not.toMatch(/^\s*pull_request_target/m);
    expect(r.permissions).toEqual({ contents: 'write' });
    const job = r.jobs.sign;
    expect(job.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(job.environment).toBe('lm-post-review');
    const checkout = job.steps[0];
    expect(checkout.with).toMatchObject({ ref: '${{ github.event.pull_request.head.ref }}', 'persist-credentials': false });
    const step = job.steps.find((s: { uses?: string }) => s.uses === './');
    expect(step.with).toEqual({ command: 'review' });
    expect(step.env.LM_POST_FORGE_KEY).toBe('${{ secrets.LM_POST_FORGE_KEY }}');
  });

  it('pins every third-party action to a full commit SHA', () => {
    const texts = [path.join(REPO, 'action.yml'), ...WORKFLOWS].map((f) => readFileSync(f, 'utf8'));
    const uses = texts.flatMap((t) => [...t.matchAll(/uses: (\S+)/g)].map((m) => m[1]!)).filter((u) => u !== './');
    expect(uses.length).toBeGreaterThan(2);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+(?:\/[\w.-]+)*@[0-9a-f]{40}$/);
  });

  it('the action takes command, paths, format and network, and runs only scripts that exist', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'paths', 'format', 'network']));
    expect(action.runs.using).toBe('composite');
    const scripts = [...JSON.stringify(action).matchAll(/\$ci\/([\w-]+\.sh)/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(existsSync(path.join(REPO, 'scripts/ci', s))).toBe(true);
  });
});

describe('.gitlab-ci.yml', () => {
  const gl = parse(readFileSync(path.join(REPO, '.gitlab-ci.yml'), 'utf8'));

  it('checks merge requests into a Code Quality report', () => {
    const job = gl['lm-post-check'];
    expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(job.artifacts.reports.codequality).toBe('gl-code-quality-report.json');
    expect(job.artifacts.when).toBe('always');
    expect(job.script.join('\n')).toContain('check --format gitlab');
  });

  it('publishes on the schedule and the default branch, one at a time, and commits the receipts', () => {
    const job = gl['lm-post-publish'];
    expect(job.rules.map((r: { if: string }) => r.if)).toEqual(['$CI_PIPELINE_SOURCE == "schedule" && $LM_POST_SCHEDULE != "notify"', '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"']);
    expect(job.resource_group).toBe('lm-post-publish');
    expect(job.interruptible).toBe(false);
    expect(job.cache.paths).toEqual(['.lm-post/']);
    const script = job.script.join('\n');
    expect(script).toContain('publish');
    expect(script).toContain('scripts/ci/commit-receipts.sh');
  });

  it('notifies on its own daily schedule (LM_POST_SCHEDULE=notify), keeping its journal', () => {
    const job = gl['lm-post-notify'];
    expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule" && $LM_POST_SCHEDULE == "notify"' }]);
    expect(job.cache.paths).toEqual(['.lm-post/notify/']);
    expect(job.script.join('\n')).toContain('notify');
  });

  it('lm-post init --ci gitlab writes it pinned to this version', async () => {
    const dir = path.join(tmp, 'collectif-gitlab');
    const init = await runCli(['init', dir, '--ci', 'gitlab']);
    expect(init.code, init.stderr).toBe(0);
    const text = readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
    expect(parse(text)['lm-post-publish']).toBeDefined();
    expect(text).toMatch(/LM_POST_REF: "v\d+\.\d+\.\d+"/);
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
  });
});
