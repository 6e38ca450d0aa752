// Where lm-post finds the key that signs a decision (SPEC §16): --key, LM_POST_SIGNING_KEY, git's
// user.signingkey when gpg.format is ssh, then a real ssh-agent (keys added with ssh-add). A
// passphrase-protected key is signed through the agent; nothing of a private key is ever printed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crashSigns } from '../helpers/cli.js';
import { sshKeygen } from '../helpers/keys.js';
import { parseSignature } from '../../src/review/sshsig.js';
import { makeWorkspace, Q, type Workspace } from '../helpers/publish-env.js';

let dir: string;
let ws: Workspace;
let agent: ChildProcess | undefined;
let sock: string;
let plain: { file: string; pub: string };
let locked: { file: string; pub: string };
let other: { file: string; pub: string };
let gitconfig: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-keylookup-'));
  plain = sshKeygen(dir, 'sacha-plain');
  locked = sshKeygen(dir, 'sacha-locked', 'ed25519', 'une phrase de passe');
  other = sshKeygen(dir, 'someone-else');
  ws = makeWorkspace([Q.veilleGuide, Q.veillePanorama, Q.veilleBudget, Q.presence]);
  const file = path.join(ws.root, 'charter/charter.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/(\{ id: sacha,[^\n]*)keys: \[[^\]]*\]/, `$1keys: ["${plain.pub}", "${locked.pub}"]`));
  gitconfig = path.join(dir, 'gitconfig');
  writeFileSync(gitconfig, '');
  // A real ssh-agent on a socket of our own, holding the passphrase-protected key.
  sock = path.join(dir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      break;
    } catch (e) {
      if ((e as { status?: number }).status === 1) break; // agent up, no identities
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // ssh-add reads the passphrase from SSH_ASKPASS when there is no terminal.
  const askpass = path.join(dir, 'askpass.sh');
  writeFileSync(askpass, "#!/bin/sh\necho 'une phrase de passe'\n", { mode: 0o700 });
  execFileSync('ssh-add', [locked.file], { env: { ...process.env, SSH_AUTH_SOCK: sock, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, stdio: 'ignore' });
});

afterAll(() => {
  agent?.kill();
  ws?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const noKeys = () => ({ LM_POST_SIGNING_KEY: undefined, SSH_AUTH_SOCK: undefined, GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1', LM_POST_LANG: 'en' });
/** The fingerprint of the key that signed a post's decision, as lm-post reads it. */
const signedBy = (id: string) => parseSignature((parse(ws.read(id)) as { review: { signature: string } }).review.signature).publicKey.fingerprint;
/** The fingerprint as ssh-keygen -l prints it. */
const fp = (pub: string) => execFileSync('ssh-keygen', ['-lf', '-'], { input: pub }).toString().split(' ')[1]!;

describe('key lookup', () => {
  it('--key and LM_POST_SIGNING_KEY: an unencrypted key signs in-process', async () => {
    const r = await ws.cli(['approve', Q.veilleGuide, '--as', 'sacha', '--key', plain.file], noKeys());
    expect(r.code, r.stderr).toBe(0);
    const e = await ws.cli(['approve', Q.veillePanorama, '--as', 'sacha'], { ...noKeys(), LM_POST_SIGNING_KEY: plain.file });
    expect(e.code, e.stderr).toBe(0);
    for (const id of [Q.veilleGuide, Q.veillePanorama]) expect(signedBy(id)).toBe(fp(plain.pub));
  });

  it('git user.signingkey (gpg.format ssh) pointing at a public key whose private half is in ssh-agent (passphrase-protected)', async () => {
    writeFileSync(gitconfig, `[gpg]\n\tformat = ssh\n[user]\n\tsigningkey = ${locked.file}.pub\n`);
    const r = await ws.cli(['approve', Q.veilleBudget, '--as', 'sacha'], { ...noKeys(), SSH_AUTH_SOCK: sock });
    writeFileSync(gitconfig, '');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(signedBy(Q.veilleBudget)).toBe(fp(locked.pub));
    const check = await ws.cli(['check', '--require-approval', `queue/${Q.veilleBudget}.yaml`], noKeys());
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('ssh-agent alone: the agent key that is one of the person’s keys signs', async () => {
    const r = await ws.cli(['approve', Q.presence, '--as', 'sacha'], { ...noKeys(), SSH_AUTH_SOCK: sock });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const list = await ws.cli(['list', '--json'], noKeys());
    const rows = JSON.parse(list.stdout) as { id: string; state: string }[];
    expect(rows.find((x) => x.id === Q.presence)?.state).toMatch(/^(ready|scheduled)$/);
    expect(signedBy(Q.presence)).toBe(fp(locked.pub));
  });

  it('refusals, named, exit 1, nothing written, no key material shown: another key, a garbled key file, no key anywhere, a key of the wrong type', async () => {
    const before = ws.read(Q.veilleGuide);
    writeFileSync(path.join(dir, 'garbled'), '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    const ecdsa = sshKeygen(dir, 'sacha-ecdsa', 'ecdsa');
    const [foreign, garbled, none, wrongType] = await Promise.all([
      ws.cli(['reject', Q.veilleGuide, '--as', 'sacha', '--note', 'non', '--key', other.file], noKeys()),
      ws.cli(['reject', Q.veilleGuide, '--as', 'sacha', '--note', 'non', '--key', path.join(dir, 'garbled')], noKeys()),
      ws.cli(['request-changes', Q.veilleGuide, '--as', 'sacha', '--note', 'non'], noKeys()),
      ws.cli(['approve', Q.veilleGuide, '--as', 'sacha', '--key', ecdsa.file], noKeys()),
    ]);
    for (const r of [foreign, garbled, none, wrongType]) {
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY|b3BlbnNzaC1rZXktdjE/);
    }
    expect(foreign.stderr).toMatch(/is not one of "sacha"’s keys in the charter: refused, nothing written/);
    expect(garbled.stderr).toMatch(/neither an OpenSSH private key nor an SSH public key/);
    expect(wrongType.stderr).toMatch(/of type ecdsa-sha2-nistp256: lm-post signs with an ssh-ed25519 key \(ssh-keygen -t ed25519\)/);
    expect(none.stderr).toMatch(/No SSH key of "sacha" at hand .*tried: --key, LM_POST_SIGNING_KEY, git user\.signingkey \(gpg\.format ssh\), ssh-agent \(SSH_AUTH_SOCK\)\)/);
    expect(none.stderr).toContain('ssh-keygen -t ed25519 -C "sacha"');
    expect(ws.read(Q.veilleGuide)).toBe(before);
  });
});
