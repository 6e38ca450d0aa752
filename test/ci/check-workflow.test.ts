// The pull-request workflow, run locally like the publish one: annotations only for the posts
// the pull request adds or changes, and the sticky comment's body (printed when there is no
// token) with the preview of each of them per network, counts and X cost.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, REPO, runCli } from '../helpers/cli.js';
import { Q } from '../helpers/publish-env.js';
import { runJob, type StepRun } from './workflow-runner.js';

const ARTIFACT = 'https://github.com/locaux-motiv/queue/actions/runs/1/artifacts/2';
let tmp: string;
let steps: StepRun[];
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } }).trim();

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-pr-'));
  const repo = path.join(tmp, 'repo');
  mkdirSync(path.join(repo, 'queue'), { recursive: true });
  cpSync(path.join(REPO, 'charter'), path.join(repo, 'charter'), { recursive: true });
  cpSync(path.join(REPO, 'queue/media'), path.join(repo, 'queue/media'), { recursive: true });
  // An untouched post with an error: the pull request must not be blamed for it.
  writeFileSync(path.join(repo, 'queue/old-broken.yaml'), 'type: veille\nauthor: malik\ntext: "Ancien billet"\nlink: http://example.org/ancien\n');
  writeFileSync(path.join(repo, 'queue', `${Q.veilleBudget}.yaml`), readFileSync(path.join(REPO, 'queue', `${Q.veilleBudget}.yaml`)));
  git(tmp, 'init', '-q', '-b', 'main', repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', '-b', 'pr');
  writeFileSync(path.join(repo, 'queue/new-broken.yaml'), 'type: veille\nauthor: malik\ntext: "Nouveau billet"\nlink: http://example.org/nouveau\n');
  // A name with an accent, spaces and an apostrophe: git would quote it without -z.
  writeFileSync(path.join(repo, "queue/fête de l'hiver.yaml"), 'type: veille\nauthor: malik\ntext: "La fête de l’hiver"\nlink: http://example.org/fete\n');
  writeFileSync(path.join(repo, 'queue', `${Q.veilleGuide}.yaml`), readFileSync(path.join(REPO, 'queue', `${Q.veilleGuide}.yaml`)));
  // Approved in the pull request, signed (SPEC §16): the comment says by whom and that it holds.
  const approved = await runCli(['approve', Q.veilleGuide, '--as', 'sacha'], { cwd: repo });
  expect(approved.code, approved.stderr).toBe(0);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'pr');
  steps = await runJob(path.join(REPO, '.github/workflows/lm-post-check.yml'), 'check', {
    cwd: repo,
    actionPath: REPO,
    secrets: {},
    env: cleanEnv({ HOME: tmp, GITHUB_ACTIONS: undefined }),
    scope: { 'github.event.pull_request.base.sha': base, 'github.event.pull_request.number': '7', 'steps.previews.outputs.artifact-url': ARTIFACT },
  });
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pull-request workflow run locally', () => {
  it('annotates the changed posts only, and fails on their errors', () => {
    const check = steps.find((s) => s.name === 'run')!;
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^::error file=queue\/new-broken\.yaml,line=4,/m);
    expect(check.stdout).not.toContain('old-broken');
    // The accented name reached lm-post whole (one path, not three words, not git's quoting):
    // lm-post then judges it (a post id is lower-case ASCII), under its real name.
    expect(check.stdout).toMatch(/^::error file=queue\/fête de l'hiver\.yaml,line=1,col=1,title=lm-post schema::Nom de fichier « fête de l'hiver »/m);
  });

  it('renders a preview page per new or changed post, with its screenshots at 375 and 1280 px', () => {
    const previews = steps.filter((s) => s.name === 'run')[1]!;
    expect(previews.code, previews.stderr).toBe(0);
    const dir = /aperçu\(s\) dans (\S+)/.exec(previews.stdout)?.[1];
    expect(dir, previews.stdout).toBeDefined();
    const files = readdirSync(dir!).sort();
    expect(files).toEqual(expect.arrayContaining([`${Q.veilleGuide}.html`, 'new-broken.html', 'index.txt']));
    expect(files.some((f) => f.includes(Q.veilleBudget))).toBe(false);
    expect(readFileSync(path.join(dir!, `${Q.veilleGuide}.html`), 'utf8')).toContain('class="net net-twitter"');
    // Screenshots wherever Debian's chromium is (CI installs it).
    if (existsSync(process.env.LM_POST_CHROMIUM ?? '/usr/bin/chromium')) {
      expect(files).toEqual(expect.arrayContaining([`${Q.veilleGuide}-375.png`, `${Q.veilleGuide}-1280.png`, 'new-broken-375.png', 'new-broken-1280.png']));
      expect(readFileSync(path.join(dir!, `${Q.veilleGuide}-375.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('the comment shows each new or changed post per network, with counts and the X cost', () => {
    const comment = steps.filter((s) => s.name === 'run')[2]!;
    expect(comment.code, comment.stderr).toBe(0);
    const body = comment.stdout;
    expect(body.startsWith('<!-- lm-post-preview -->\n')).toBe(true);
    expect(body).toContain(`#### \`queue/${Q.veilleGuide}.yaml\``);
    expect(body).toContain('#### `queue/new-broken.yaml`');
    expect(body).toContain("#### `queue/fête de l'hiver.yaml`");
    expect(body).not.toContain(Q.veilleBudget);
    expect(body).toMatch(/\*\*X \(Twitter\)\*\* — caractères \d+\/280 — coût X 0,20 USD/);
    expect(body).toMatch(/\*\*Mastodon\*\* \(miroir\) — caractères \d+\/500/);
    expect(body).toMatch(/❌ 1 erreur.*\n- ❌ ligne 4:7 `link-https`/);
    // Per post: who decided, via what, whether the signature holds.
    expect(body).toMatch(/✅ Approuvé par Sacha \(`sacha`\) — via lm-post — signature valide \(clé de sacha `SHA256:[A-Za-z0-9+/]+`\)/);
    expect(body).toContain('🕓 Relecture : pas encore de décision');
    // The link to the visual previews, once at the top and for each post.
    expect(body).toContain(`[télécharger l’artefact](${ARTIFACT})`);
    expect(body).toContain(`🖼 Aperçu visuel : \`${Q.veilleGuide}.html\`, \`${Q.veilleGuide}-375.png\`, \`${Q.veilleGuide}-1280.png\` dans [l’artefact](${ARTIFACT})`);
  });
});
