// Approving from the forge (SPEC §16): scripts/ci/forge-review.mjs run against pull_request_review
// event payloads in a temporary clone with a bare origin. A validator's review becomes signed
// decisions pushed to the branch; anyone else's review (or a stale or forked one) changes nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, crashSigns, REPO, runCli, runNode } from '../helpers/cli.js';
import { runJob } from '../ci/workflow-runner.js';
import { sshKeygen } from '../helpers/keys.js';

const SCRIPT = path.join(REPO, 'scripts/ci/forge-review.mjs');
const POST = '2026-12-03-veille-panorama-tiers-lieux'; // by malik
const OWN = '2026-12-02-salles-de-reunion'; // by sacha
const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-forge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } }).trim();

let forge: { file: string; pub: string };
let base = '';
let head = '';
const origin = path.join(root, 'origin.git');
const seed = path.join(root, 'seed');

beforeAll(() => {
  forge = sshKeygen(root, 'forge');
  git(root, 'init', '-q', '--bare', '-b', 'main', origin);
  git(root, 'clone', '-q', origin, seed);
  cpSync(path.join(REPO, 'charter'), path.join(seed, 'charter'), { recursive: true });
  mkdirSync(path.join(seed, 'queue'));
  cpSync(path.join(REPO, 'queue/media'), path.join(seed, 'queue/media'), { recursive: true });
  const file = path.join(seed, 'charter/charter.yaml');
  const charter = readFileSync(file, 'utf8')
    .replace('{ id: sacha, name: Sacha,', '{ id: sacha, github: Sacha-GH, name: Sacha,')
    .replace('{ id: camille, name: Camille,', '{ id: camille, github: camille-gh, name: Camille,')
    .replace('  signed: true\n', `  signed: true\n  forge_key: "${forge.pub}"\n`);
  expect(charter).toContain('forge_key');
  writeFileSync(file, charter);
  git(seed, 'add', '.');
  git(seed, 'commit', '-q', '-m', 'charter');
  git(seed, 'push', '-q', 'origin', 'main');
  base = git(seed, 'rev-parse', 'HEAD');
  git(seed, 'checkout', '-q', '-b', 'billet');
  for (const id of [POST, OWN]) cpSync(path.join(REPO, 'queue', `${id}.yaml`), path.join(seed, 'queue', `${id}.yaml`));
  git(seed, 'add', '.');
  git(seed, 'commit', '-q', '-m', 'deux billets');
  git(seed, 'push', '-q', 'origin', 'billet');
  head = git(seed, 'rev-parse', 'HEAD');
});

/** A fresh clone of the branch, as actions/checkout leaves it. */
function clone(name: string): string {
  const dir = path.join(root, name);
  git(root, 'clone', '-q', '-b', 'billet', origin, dir);
  return dir;
}

function event(name: string, o: { login: string; state?: string; commit?: string; fork?: boolean; body?: string }): string {
  const file = path.join(root, `${name}.json`);
  const repo = { full_name: 'locaux-motiv/queue' };
  writeFileSync(
    file,
    JSON.stringify({
      action: 'submitted',
      review: { state: o.state ?? 'approved', body: o.body ?? null, user: { login: o.login }, commit_id: o.commit ?? head },
      pull_request: { number: 12, head: { ref: 'billet', sha: head, repo: o.fork ? { full_name: 'someone/queue' } : repo }, base: { sha: base, ref: 'main', repo } },
      repository: repo,
    }),
  );
  return file;
}

const run = (cwd: string, eventFile: string, env: Record<string, string | undefined> = {}) =>
  runNode([SCRIPT, eventFile, '--push'], { cwd, env: { LM_POST_FORGE_KEY: forge.file, LM_POST_SIGNING_KEY: undefined, LM_POST_LANG: 'fr', ...env } });
const originHead = () => git(origin, 'rev-parse', 'refs/heads/billet');

describe('forge-review.mjs (pull_request_review)', () => {
  it('a non-validator’s approval, an unknown login, a plain comment, a fork and a stale review change nothing, and the run says so', async () => {
    const dir = clone('nobody');
    const cases: [string, RegExp][] = [
      [event('camille', { login: 'camille-gh' }), /camille-gh \(camille\) n’est pas validateur·ice dans la charte ; sa relecture ne change rien/],
      [event('stranger', { login: 'mallory' }), /mallory n’est relié·e à aucune personne de la charte/],
      [event('comment', { login: 'Sacha-GH', state: 'commented' }), /sans décision \(commentaire\) ; rien ne change/],
      [event('fork', { login: 'Sacha-GH', fork: true }), /vient d’un autre dépôt \(fork\) ; rien ne change/],
    ];
    for (const [file, said] of cases) {
      const r = await run(dir, file);
      expect(crashSigns(r)).toEqual([]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(said);
    }
    // A review of an older commit signs nothing: the validator did not see what would be signed.
    const stale = await run(dir, event('stale', { login: 'Sacha-GH', commit: base }));
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/porte sur .* rien n’est signé/);
    expect(originHead()).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(readFileSync(path.join(dir, 'queue', `${POST}.yaml`), 'utf8')).not.toMatch(/^review:/m);
  });

  it('a validator’s approval becomes decisions signed by the forge key, via github#12, pushed to the branch; their own post is refused', async () => {
    const dir = clone('sacha');
    const r = await run(dir, event('sacha', { login: 'Sacha-GH' }));
    expect(crashSigns(r)).toEqual([]);
    // Sacha's own post is refused (exit 1), the other one is approved.
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Sacha-GH \(sacha, validateur·ice\) sur la demande #12/);
    expect(r.stdout).toContain(`queue/${OWN}.yaml: écrit par sacha : une autre personne validatrice doit l’approuver`);
    expect(r.stdout).toContain(`queue/${POST}.yaml: approuvé (sacha)`);
    expect(r.stdout).toMatch(/poussées sur la branche billet/);
    expect(originHead()).not.toBe(head);
    // What is on the branch now: a signed decision, and check/list agree it counts.
    const after = clone('after');
    const review = (parse(readFileSync(path.join(after, 'queue', `${POST}.yaml`), 'utf8')) as { review: Record<string, string> }).review;
    expect(review).toMatchObject({ state: 'approved', by: 'sacha', via: 'github#12' });
    expect(review.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----$/);
    expect(parse(readFileSync(path.join(after, 'queue', `${OWN}.yaml`), 'utf8'))).not.toHaveProperty('review');
    const list = await runCli(['list', '--json'], { cwd: after });
    const rows = JSON.parse(list.stdout) as { id: string; state: string }[];
    expect(rows.find((x) => x.id === POST)?.state).toMatch(/^(ready|scheduled)$/);
    const check = await runCli(['check', '--require-approval', `queue/${POST}.yaml`, '--format', 'json'], { cwd: after });
    expect(check.code, check.stdout).toBe(0);
    // The private key never shows.
    expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY/);
  });

  it('a request for changes is signed too, with the review’s text as the note; a wrong forge key is refused before anything is written', async () => {
    const dir = clone('changes');
    const commit = git(dir, 'rev-parse', 'HEAD');
    const other = sshKeygen(root, 'not-the-forge');
    const refused = await run(dir, event('wrongkey', { login: 'Sacha-GH', commit }), { LM_POST_FORGE_KEY: other.file });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ne correspond pas à approval\.forge_key/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    const r = await run(dir, event('changes', { login: 'Sacha-GH', commit, state: 'changes_requested', body: 'Ajoutez la source du chiffre.' }));
    expect(r.stdout).toContain(`queue/${POST}.yaml: modifications demandées (sacha)`);
    const review = (parse(readFileSync(path.join(dir, 'queue', `${POST}.yaml`), 'utf8')) as { review: Record<string, string> }).review;
    expect(review).toMatchObject({ state: 'changes-requested', by: 'sacha', via: 'github#12', note: 'Ajoutez la source du chiffre.' });
    expect(review.signature).toContain('BEGIN SSH SIGNATURE');
  });

  it('the workflow itself (lm-post-review.yml → the action’s review command), run locally with the key as a secret, pushes the signed decision', async () => {
    const dir = clone('workflow');
    const commit = git(dir, 'rev-parse', 'HEAD');
    const before = originHead();
    const steps = await runJob(path.join(REPO, '.github/workflows/lm-post-review.yml'), 'sign', {
      cwd: dir,
      actionPath: REPO,
      secrets: { LM_POST_FORGE_KEY: readFileSync(forge.file, 'utf8') },
      env: cleanEnv({ HOME: root, LM_POST_LANG: 'fr', LM_POST_SIGNING_KEY: undefined, GITHUB_EVENT_PATH: event('workflow', { login: 'sacha-gh', commit }), GITHUB_SERVER_URL: 'https://github.com' }),
      scope: { 'github.event.pull_request.head.ref': 'billet', 'github.event.pull_request.number': '12' },
    });
    const run = steps.find((x) => x.name === 'run')!;
    expect(run.stdout).toMatch(/poussées sur la branche billet/);
    expect(run.stdout + run.stderr).not.toMatch(/PRIVATE KEY/);
    expect(originHead()).not.toBe(before);
    const after = clone('after-workflow');
    expect(git(after, 'log', '-1', '--format=%an %s')).toMatch(/^lm-post\[bot\] lm-post: approbation de sacha \(github#12\)/);
  }, 60_000);
});
