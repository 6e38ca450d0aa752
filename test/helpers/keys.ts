// Keys for tests of signed decisions (SPEC §16): the public DEMONSTRATION key of
// test/fixtures/keys/ (in the example charter), and real ed25519 keys made by ssh-keygen at run time.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_SIGNING_KEY } from '../setup-clock.js';
import { parsePrivateKey, signWithKey } from '../../src/review/sshsig.js';
import { canonicalText, type SignedDecision, type Subject } from '../../src/review/verify.js';

export { DEMO_SIGNING_KEY };
export const DEMO_PUBLIC_KEY = readFileSync(DEMO_SIGNING_KEY + '.pub', 'utf8').trim();

/** Signs a decision in-process with an unencrypted OpenSSH private key file. */
export function signDecision(keyFile: string, subject: Subject, d: Omit<SignedDecision, 'signature'>): string {
  const k = parsePrivateKey(readFileSync(keyFile, 'utf8'));
  return signWithKey(k.key!, k.publicKey, canonicalText(subject, d));
}

/** The demo key's signature of a post's decision. */
export function demoSignature(postId: string, d: Omit<SignedDecision, 'signature'>): string {
  return signDecision(DEMO_SIGNING_KEY, { kind: 'post', id: postId }, d);
}

/** A new key made by the real ssh-keygen in `dir`: its private key path and public line. */
export function sshKeygen(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', passphrase = ''): { file: string; pub: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', name, '-f', file], { stdio: 'ignore' });
  return { file, pub: readFileSync(file + '.pub', 'utf8').trim() };
}

/**
 * Signs `text` with the real `ssh-keygen -Y sign` (any key type, any namespace). ssh-keygen refuses a
 * private key readable by others, and git checks files out 0644: it signs with a private copy (0600).
 */
export function sshKeygenSign(keyFile: string, text: string, namespace = 'lm-post-review'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-key-'));
  const own = path.join(dir, 'key');
  try {
    copyFileSync(keyFile, own);
    chmodSync(own, 0o600);
    return execFileSync('ssh-keygen', ['-Y', 'sign', '-f', own, '-n', namespace], { input: text, stdio: ['pipe', 'pipe', 'ignore'] }).toString('utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A review block signed with the demo key (what `lm-post approve` writes for the example validators). */
export function demoSigned<T extends { state: string; by: string; at: string; digest?: string; via?: string; signature?: string; history?: unknown[] }>(postId: string, block: T): T {
  const { signature: _s, history: _h, ...rest } = block;
  const signature = demoSignature(postId, rest);
  const history = block.history?.map((e, i, all) => (i === all.length - 1 ? { ...(e as object), digest: block.digest, signature } : e));
  return { ...rest, signature, ...(history ? { history } : {}) } as unknown as T;
}
