// Issue 21, point 23: CI secrets reach the publishing command only, after install and build; no
// GitHub token is left in .git/config; the receipts' push gets the token for itself.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../helpers/cli.js';

const WORKFLOWS = readdirSync(path.join(REPO, '.github/workflows')).filter((f) => /^lm-post-.*\.ya?ml$/.test(f)).map((f) => path.join(REPO, '.github/workflows', f));
const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { runs: { steps: { id?: string; run?: string }[] } };
const step = (id: string) => action.runs.steps.find((s) => s.id === id)!.run!;

describe('CI secrets', () => {
  it.each(WORKFLOWS)('%s: every checkout leaves no credentials behind (persist-credentials: false)', (file) => {
    const wf = parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    const checkouts = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/checkout@')));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const c of checkouts) expect(c.with?.['persist-credentials']).toBe(false);
  });

  it('the action installs and builds without the credentials, and gives the network secrets to publish alone and the GitHub token to the push alone', () => {
    const install = step('install');
    for (const cmd of ['npm ci', 'npm run build']) expect(install).toMatch(new RegExp(`"\\$bare" ${cmd}`));
    const run = step('run');
    expect(run).toMatch(/"\$ci\/without-secrets\.sh" node "\$lm_post" check/);
    expect(run).toMatch(/env -u GH_TOKEN -u GITHUB_TOKEN node "\$lm_post" "\$\{args\[@\]\}"/);
    expect(run).toMatch(/"\$ci\/without-secrets\.sh" --keep GH_TOKEN --keep LM_POST_PUSH_URL "\$ci\/commit-receipts\.sh"/);
  });

  it('without-secrets.sh runs the command without any credential variable, keeping what it is told to', () => {
    const env = {
      PATH: process.env.PATH!,
      HOME: '/nonexistent',
      LM_POST_TWITTER_APP_KEY: 'k',
      LM_POST_TWITTER_ACCESS_SECRET: 's',
      LM_POST_MASTODON_TOKEN: 't',
      LM_POST_FACEBOOK_PAGE_TOKEN: 'f',
      LM_POST_FACEBOOK_APP_SECRET: 'a',
      LM_POST_SMTP_URL: 'smtp://u:p@h',
      LM_POST_SMTP_PASSWORD: 'p',
      GH_TOKEN: 'g',
      GITHUB_TOKEN: 'g2',
      ACTIONS_RUNTIME_TOKEN: 'r',
      LM_POST_LANG: 'fr',
      LM_POST_BRANCH: 'main',
    };
    const seen = (args: string[]) =>
      Object.fromEntries(
        execFileSync(path.join(REPO, 'scripts/ci/without-secrets.sh'), [...args, 'env'], { env, encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    const bare = seen([]);
    expect(Object.keys(bare).filter((k) => /TOKEN|SECRET|KEY|SMTP|PASSWORD/.test(k))).toEqual([]);
    expect(bare).toMatchObject({ LM_POST_LANG: 'fr', LM_POST_BRANCH: 'main' });
    expect(Object.keys(seen(['--keep', 'GH_TOKEN'])).filter((k) => /TOKEN|SECRET|KEY|SMTP|PASSWORD/.test(k))).toEqual(['GH_TOKEN']);
  });
});
