// Signed decisions end to end (SPEC §16), through bin/lm-post with real ed25519 keys made by
// ssh-keygen at run time, published to the sandbox emulators over loopback HTTP: a validator's
// signed approval goes out; impersonation, no key, a hand-flipped state, a copied block, a
// re-attributed `by`, an unsigned block, an edit after approval, a self-approval and a
// non-validator are each refused at approve time or at publish, named, and never reach a network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult, snapshotTree } from '../helpers/cli.js';
import { sshKeygen } from '../helpers/keys.js';
import { createRequests, makeWorkspace, Q, sandboxEnv, type Workspace } from '../helpers/publish-env.js';

const GOOD = Q.veilleGuide; // by noemie, approved by sacha with her key → goes out
const FLIP = Q.veillePanorama; // by malik, sacha asks for changes; the state is flipped by hand
const BY = Q.veilleBudget; // by malik, approved by sacha; `by` re-attributed to dominique by hand
const COPY = Q.presence; // by ines, GOOD's review block pasted into it
const EDIT = Q.relais; // by ines, approved by sacha, then edited
const UNSIGNED = Q.bureau; // by camille, an approval written by hand without signature
const SELF = Q.ag; // by dominique
const ALL = [GOOD, FLIP, BY, COPY, EDIT, UNSIGNED, SELF];

const due = (text: string) => text.replace(/^publish_at: .*\n/m, '').replace(/^( {2}starts: ).*$/m, '$12026-12-12T10:00:00+01:00').replace(/^( {2}ends: ).*$/m, '$12026-12-12T12:00:00+01:00');

let sb: Sandbox;
let ws: Workspace;
let keys: string;
let k: Record<'dominique' | 'sacha' | 'camille', { file: string; pub: string }>;
/** No key anywhere: not in the environment, not in git, no agent. */
let noKeyEnv: Record<string, string | undefined>;
const as = (who: keyof typeof k) => ({ LM_POST_SIGNING_KEY: k[who].file, SSH_AUTH_SOCK: undefined });

const review = (id: string) => (parse(ws.read(id)) as { review: Record<string, unknown> }).review;
function setReview(id: string, block: Record<string, unknown>): void {
  const text = ws.read(id).replace(/^review:[\s\S]*$/m, '');
  ws.write(id, text + stringify({ review: block }, { lineWidth: 0 }));
}

let approveSelf: CliResult;
let approveNonValidator: CliResult;
let impersonate: CliResult;
let noKey: CliResult;
let check: CliResult;
let publish: CliResult;
let before: Record<string, string>;
let afterRefusals: Record<string, string>;

beforeAll(async () => {
  keys = mkdtempSync(path.join(os.tmpdir(), 'lm-post-signed-'));
  k = { dominique: sshKeygen(keys, 'dominique'), sacha: sshKeygen(keys, 'sacha'), camille: sshKeygen(keys, 'camille') };
  writeFileSync(path.join(keys, 'gitconfig'), '');
  noKeyEnv = { LM_POST_SIGNING_KEY: undefined, SSH_AUTH_SOCK: undefined, GIT_CONFIG_GLOBAL: path.join(keys, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
  sb = await startSandbox();
  ws = makeWorkspace(ALL, Object.fromEntries(ALL.map((id) => [id, due])));
  // Each person's own key in the charter (the demo key goes).
  const charterFile = path.join(ws.root, 'charter/charter.yaml');
  const charter = (await import('node:fs')).readFileSync(charterFile, 'utf8');
  const demo = /keys: \["ssh-ed25519 [^"]+"\]/;
  writeFileSync(
    charterFile,
    charter
      .replace(new RegExp(`(\\{ id: dominique,[^\\n]*)${demo.source}`), `$1keys: ["${k.dominique.pub}"]`)
      .replace(new RegExp(`(\\{ id: sacha,[^\\n]*)${demo.source}`), `$1keys: ["${k.sacha.pub}"]`)
      .replace('{ id: camille, name: Camille, group: bienvenue, trained: true }', `{ id: camille, name: Camille, group: bienvenue, trained: true, keys: ["${k.camille.pub}"] }`),
  );

  const approved = await ws.cli(['approve', GOOD, BY, EDIT, '--as', 'sacha'], as('sacha'));
  expect(approved.code, approved.stdout + approved.stderr).toBe(0);
  const changes = await ws.cli(['request-changes', FLIP, '--as', 'sacha', '--note', 'Source ?'], as('sacha'));
  expect(changes.code, changes.stdout + changes.stderr).toBe(0);
  // What someone with write access to queue/ might do by hand:
  setReview(FLIP, { ...review(FLIP), state: 'approved' });
  setReview(BY, { ...review(BY), by: 'dominique' });
  setReview(COPY, review(GOOD));
  ws.write(EDIT, ws.read(EDIT).replace('à relayer autour de vous', 'à relayer largement autour de vous'));
  const good = review(GOOD);
  setReview(UNSIGNED, { state: 'approved', by: 'sacha', at: good.at, digest: good.digest });
  before = snapshotTree(ws.queue);

  [approveSelf, approveNonValidator, impersonate, noKey] = await Promise.all([
    ws.cli(['approve', SELF, '--as', 'dominique'], as('dominique')),
    ws.cli(['approve', SELF, '--as', 'camille'], as('camille')),
    ws.cli(['approve', SELF, '--as', 'sacha', '--key', k.camille.file, '--lang', 'fr'], { SSH_AUTH_SOCK: undefined }),
    ws.cli(['approve', SELF, '--as', 'sacha', '--lang', 'fr'], noKeyEnv),
  ]);
  afterRefusals = snapshotTree(ws.queue);
  check = await ws.cli(['check', '--format', 'json', ...ALL.map((id) => `queue/${id}.yaml`)]);
  publish = await ws.cli(['publish', '--lang', 'fr'], sandboxEnv(sb));
}, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
  if (keys) rmSync(keys, { recursive: true, force: true });
});

describe('signed decisions (approval.signed: true)', () => {
  it('approve signs with the person’s key: an SSHSIG block that ssh-keygen itself accepts', async () => {
    const r = review(GOOD);
    expect(r).toMatchObject({ state: 'approved', by: 'sacha' });
    expect(r.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----$/);
    const h = r.history as Record<string, unknown>[];
    expect(h.at(-1)).toMatchObject({ state: 'approved', by: 'sacha', digest: r.digest, signature: r.signature });
    // The same signature checked by OpenSSH: lm-post's canonical text, namespace lm-post-review.
    const { execFileSync } = await import('node:child_process');
    const { canonicalText } = await import('../../src/review/verify.js');
    writeFileSync(path.join(keys, 'allowed'), `sacha ${k.sacha.pub}\n`);
    writeFileSync(path.join(keys, 'good.sig'), String(r.signature) + '\n');
    const text = canonicalText({ kind: 'post', id: GOOD }, { state: 'approved', by: 'sacha', at: String(r.at), digest: String(r.digest) });
    const out = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(keys, 'allowed'), '-I', 'sacha', '-n', 'lm-post-review', '-s', path.join(keys, 'good.sig')], { input: text, encoding: 'utf8' });
    expect(out).toMatch(/Good "lm-post-review" signature for sacha/);
  });

  it('refused at approve time, nothing written: a self-approval, a non-validator, another person’s key, no key at all', () => {
    for (const r of [approveSelf, approveNonValidator, impersonate, noKey]) {
      expect(crashSigns(r)).toEqual([]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
    }
    expect(approveSelf.stdout).toContain(`queue/${SELF}.yaml: écrit par dominique : une autre personne validatrice doit l’approuver`);
    expect(approveNonValidator.stderr).toMatch(/« camille » n’est pas validateur·ice dans la charte/);
    expect(impersonate.stderr).toMatch(/La clé --key .*camille \(SHA256:[A-Za-z0-9+/]+\) n’est pas une clé de « sacha » dans la charte \(c’est une clé de « camille »\) : refusé, rien n’est écrit/);
    expect(noKey.stderr).toMatch(/Aucune clé SSH de « sacha » à portée/);
    expect(noKey.stderr).toContain('ssh-keygen -t ed25519 -C "sacha"');
    expect(noKey.stderr).toMatch(/keys de « sacha » dans la charte/);
    for (const r of [impersonate, noKey]) expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY|AAAAC3NzaC1lZDI1NTE5AAAAI.{20,}\n.*BEGIN/);
    expect(afterRefusals).toEqual(before);
  });

  it('check --format json reports every forged block before publish does', () => {
    const results = JSON.parse(check.stdout) as { filePath: string; messages: { ruleId: string; messageId?: string; message: string; severity: number; line: number }[] }[];
    const approval = (id: string) => results.find((r) => r.filePath.endsWith(`${id}.yaml`))!.messages.filter((m) => m.ruleId === 'approval');
    expect(approval(FLIP)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining('sacha a signé « changes-requested », le bloc dit « approved »') })]);
    // Each person has their own key: a `by` changed to dominique is caught as sacha's key signing for dominique.
    expect(approval(BY)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringMatching(/Décision attribuée à dominique mais signée avec la clé de sacha \(SHA256:/) })]);
    expect(approval(COPY)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining(`copié depuis le billet « ${GOOD} »`) })]);
    expect(approval(UNSIGNED)).toEqual([expect.objectContaining({ severity: 2, message: expect.stringContaining('Décision de sacha non signée') })]);
    expect(approval(GOOD)).toEqual([]);
    expect(check.code).toBe(1);
  });

  it('publish sends only the validly signed approval; every other post is named with its reason, and reaches no network', () => {
    expect(crashSigns(publish)).toEqual([]);
    expect(publish.code, publish.stdout + publish.stderr).toBe(1);
    const all = publish.stdout + publish.stderr;
    expect(all).toMatch(new RegExp(`${FLIP}[\\s\\S]*?État de la décision modifié à la main : sacha a signé « changes-requested », le bloc dit « approved »`));
    expect(all).toMatch(new RegExp(`${BY} : Décision attribuée à dominique mais signée avec la clé de sacha`));
    expect(all).toMatch(new RegExp(`${COPY}[\\s\\S]*?copié depuis le billet « ${GOOD} »`));
    expect(all).toMatch(new RegExp(`${UNSIGNED}[\\s\\S]*?Décision de sacha non signée`));
    expect(all).toMatch(new RegExp(`${EDIT} : L’approbation de sacha ne vaut plus : le billet \\(ou une de ses images\\) a changé depuis`));
    expect(all).toContain(`${SELF} : Billet pas encore approuvé`);
    const creates = createRequests(sb.requests);
    // X and its Mastodon mirror, for GOOD only.
    expect(creates.map((r) => r.network).sort()).toEqual(['mastodon', 'twitter']);
    for (const r of creates) expect(JSON.stringify(r.body)).toMatch(/gouvernance/i);
    expect(ws.read(GOOD)).toMatch(/^published:/m);
    for (const id of [FLIP, BY, COPY, UNSIGNED, EDIT, SELF]) expect(ws.read(id), id).not.toMatch(/^published:/m);
  });
});
