// What publish must refuse, before any request reaches a network: an approval voided by an edit
// (of the text or of an image), a self-approval, an approval by a non-validator; approve refusing
// the author; missing credentials (exit 2); LM_POST_PAUSE=1.
import { DEMO_PUBLIC_KEY, demoSignature } from '../helpers/keys.js';
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import { postDigest } from '../../src/post/digest.js';
import { readPost } from '../../src/post/read.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult, snapshotTree } from '../helpers/cli.js';
import { compose, eventInDays, makeWorkspace, posts, Q, sandboxEnv, setPublishAt, type Workspace } from '../helpers/publish-env.js';

let sb: Sandbox;
/** Posts whose approval is wrong in one way each. */
let bad: Workspace;
/** One approved, due, valid X post. */
let good: Workspace;
let goodApproved: string;

const EDITED = Q.veillePanorama; // approved by sacha, then its text edited
const IMAGE = Q.jeudiwe; // approved by sacha, then its image replaced
const SELF = Q.ag; // author dominique, review by dominique (digest right)
const NOT_VALIDATOR = Q.presence; // author ines, review by malik (digest right)

/** A review block written by hand, with the digest of the current content: only `by` can be wrong. */
function handApprove(w: Workspace, id: string, by: string): void {
  const post = readPost(w.file(id), w.root);
  const digest = postDigest(post.data!, path.dirname(w.file(id)), loadCharter('charter/charter.yaml', w.root));
  const text = w.read(id);
  // Signed with the demo key, so only `by` can be wrong (SPEC §16).
  const at = new Date().toISOString();
  const signature = demoSignature(id, { state: 'approved', by, at, digest });
  appendFileSync(w.file(id), `${text.endsWith('\n') ? '' : '\n'}review:\n  state: approved\n  by: ${by}\n  at: ${at}\n  digest: ${digest}\n  signature: |-\n${signature.split('\n').map((l) => `    ${l}\n`).join('')}`);
}

let refused: CliResult;
let approveSelf: CliResult;
let approveNonValidator: CliResult;
let badBefore: Record<string, string>;
let badAfter: Record<string, string>;
let missing: CliResult;
let goodBefore: Record<string, string>;
let goodAfterMissing: Record<string, string>;
let paused: CliResult;
let goodAfterPause: Record<string, string>;

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  sb = await startSandbox();
  const due = setPublishAt(undefined);
  bad = makeWorkspace([EDITED, IMAGE, SELF, NOT_VALIDATOR], {
    [EDITED]: due,
    [IMAGE]: compose(due, eventInDays(5)),
    [SELF]: compose(due, eventInDays(5)),
    [NOT_VALIDATOR]: due,
  });
  // malik holds a key of his own (here the demo key): his signature holds, only his role is wrong.
  const charterFile = path.join(bad.root, 'charter/charter.yaml');
  writeFileSync(charterFile, readFileSync(charterFile, 'utf8').replace('{ id: malik, name: Malik, group: great, trained: true }', `{ id: malik, name: Malik, group: great, trained: true, keys: ["${DEMO_PUBLIC_KEY}"] }`));
  good = makeWorkspace([Q.veilleGuide], { [Q.veilleGuide]: due });
  const [a, b] = await Promise.all([bad.cli(['approve', EDITED, IMAGE, '--as', 'sacha']), good.cli(['approve', Q.veilleGuide, '--as', 'sacha'])]);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  expect(b.code, b.stdout + b.stderr).toBe(0);
  goodApproved = good.read(Q.veilleGuide);
  // Edits after approval: one word of the text; the bytes of the image.
  bad.write(EDITED, bad.read(EDITED).replace('Utile pour les lieux du 7e', 'Très utile pour les lieux du 7e'));
  copyFileSync(path.join(bad.queue, 'media/bureau-libre.jpg'), path.join(bad.queue, 'media/compost.jpg'));
  handApprove(bad, SELF, 'dominique');
  handApprove(bad, NOT_VALIDATOR, 'malik');
  badBefore = snapshotTree(bad.queue);
  goodBefore = snapshotTree(good.root);

  const env = sandboxEnv(sb);
  const noCredentials = {}; // runCli starts from an environment without any LM_POST_*
  // Independent runs, concurrently (the bad and good folders have their own locks).
  [refused, approveSelf, approveNonValidator, missing] = await Promise.all([
    bad.cli(['publish', EDITED, IMAGE, SELF, NOT_VALIDATOR], env),
    bad.cli(['approve', SELF, '--as', 'dominique']),
    bad.cli(['approve', NOT_VALIDATOR, '--as', 'malik']),
    good.cli(['publish'], noCredentials),
  ]);
  goodAfterMissing = snapshotTree(good.root);
  paused = await good.cli(['publish', '--lang', 'en'], { ...env, LM_POST_PAUSE: '1' });
  goodAfterPause = snapshotTree(good.root);
  badAfter = snapshotTree(bad.queue);
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  bad?.remove();
  good?.remove();
});

/** The line of the "Non publiés" list about a post. */
function reason(r: CliResult, id: string): string {
  const line = r.stdout.split('\n').find((l) => l.startsWith(`  – ${id} : `));
  expect(line, `a line about ${id} in:\n${r.stdout}`).toBeDefined();
  return line!;
}

describe('refusals: nothing reaches any network', () => {
  it('no POST request at all reached the emulators', () => {
    expect(posts(sb.requests)).toEqual([]);
    expect(sb.posts('twitter')).toEqual([]);
    expect(sb.posts('mastodon')).toEqual([]);
    expect(sb.posts('facebook')).toEqual([]);
    expect(sb.media('facebook')).toEqual([]);
  });

  it('publish explains each refusal, publishes nothing, writes nothing', () => {
    const said = `exit ${refused.code} ${refused.signal ?? ''}\n${refused.stdout}\n${refused.stderr}`;
    expect(crashSigns(refused), said).toEqual([]);
    expect(refused.stdout, said).toContain('Rien de nouveau à publier : 4 en attente d’approbation.');
    expect(refused.stdout).not.toMatch(/^✓/m);
    expect(badAfter).toEqual(badBefore);
    expect(existsSync(path.join(bad.root, '.lm-post/journal'))).toBe(false);
  });

  it('edited after approval: « changé depuis l’approbation », to be approved again', () => {
    const l = reason(refused, EDITED);
    expect(l).toMatch(/modifié|changé/);
    expect(l).toContain('approbation de sacha');
    expect(l).toContain('approuvé de nouveau');
  });

  it('image replaced after approval voids it too', () => {
    const l = reason(refused, IMAGE);
    expect(l).toMatch(/modifié|changé/);
    expect(l).toContain('images');
    expect(l).toContain('approuvé de nouveau');
  });

  it('self-approved: « a approuvé son propre billet »', () => {
    const l = reason(refused, SELF);
    expect(l).toContain('« dominique » a approuvé son propre billet');
    expect(l).toContain('autre personne');
  });

  it('approved by a non-validator: « n’est pas validateur·ice »', () => {
    const l = reason(refused, NOT_VALIDATOR);
    expect(l).toContain('« malik »');
    expect(l).toMatch(/validateur/);
  });

  it('approve --as <author> refuses, and writes nothing', () => {
    expect(approveSelf.code).toBe(1);
    expect(approveSelf.stdout).toContain(`${path.join('queue', `${SELF}.yaml`)}: écrit par dominique : une autre personne validatrice doit l’approuver`);
    expect(approveSelf.stdout).not.toMatch(/approuvé \(dominique\)/);
  });

  it('approve --as a non-validator refuses', () => {
    expect(approveNonValidator.code).toBe(1);
    expect(crashSigns(approveNonValidator)).toEqual([]);
    expect(approveNonValidator.stdout + approveNonValidator.stderr).toContain('« malik » n’est pas validateur·ice');
  });
});

describe('missing credentials', () => {
  it('real-network publish without base URLs nor tokens: exit 2, names every needed variable', () => {
    expect(crashSigns(missing)).toEqual([]);
    expect(missing.code, missing.stdout + missing.stderr).toBe(2);
    const all = missing.stdout + missing.stderr;
    for (const v of ['LM_POST_TWITTER_APP_KEY', 'LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_TWITTER_ACCESS_SECRET', 'LM_POST_MASTODON_TOKEN']) {
      expect(all).toContain(v);
    }
    // Only the networks this post goes to.
    expect(all).not.toContain('LM_POST_FACEBOOK');
    expect(all).toContain('--sandbox');
    expect(missing.stdout).not.toMatch(/^✓/m);
  });

  it('…and the post file is left as it was', () => {
    expect(good.read(Q.veilleGuide)).toBe(goodApproved);
    const q = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith('queue')));
    expect(q(goodAfterMissing)).toEqual(q(goodBefore));
    expect(existsSync(path.join(good.root, '.lm-post/journal'))).toBe(false);
  });

  it('…and no .lm-post/ state folder is created', () => {
    expect(goodAfterMissing).toEqual(goodBefore);
  });
});

describe('LM_POST_PAUSE=1', () => {
  it('says publishing is paused, sends nothing, writes nothing, exit 0', () => {
    expect(paused.code, paused.stdout + paused.stderr).toBe(0);
    expect(paused.stdout).toContain('Publishing is paused (LM_POST_PAUSE=1): nothing is published.');
    expect(paused.stdout).not.toMatch(/^✓/m);
    expect(good.read(Q.veilleGuide)).toBe(goodApproved);
    const q = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith('queue')));
    expect(q(goodAfterPause)).toEqual(q(goodBefore));
    expect(posts(sb.requests)).toEqual([]);
  });
});
