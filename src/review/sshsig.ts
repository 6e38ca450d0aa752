// OpenSSH's SSHSIG signature format (the one `ssh-keygen -Y sign` writes; PROTOCOL.sshsig in
// openssh-portable), Ed25519 only, verified with node:crypto so no external program is needed.
//
//   blob   = "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
//            string(hash_algorithm) string(signature)
//   signed = "SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message))
//
// Also: public key lines ("ssh-ed25519 AAAA… comment"), their SHA256 fingerprints as ssh-keygen
// prints them, and unencrypted OpenSSH private key files (PROTOCOL.key), so lm-post can sign
// in-process. A private key is only ever held as a KeyObject; nothing here prints or stores it.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export const NAMESPACE = 'lm-post-review';
const MAGIC = Buffer.from('SSHSIG');
const ED25519 = 'ssh-ed25519';
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

/** Thrown by the parsers: `what` names the problem for a message, never any key material. */
export class SshFormatError extends Error {
  constructor(readonly what: 'truncated' | 'magic' | 'version' | 'armor' | 'keyType' | 'encrypted' | 'format') {
    super(`ssh format: ${what}`);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    if (this.at + 4 > this.buf.length) throw new SshFormatError('truncated');
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(n: number): Buffer {
    if (n < 0 || this.at + n > this.buf.length) throw new SshFormatError('truncated');
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  string(): Buffer {
    return this.bytes(this.u32());
  }
  text(): string {
    return this.string().toString('latin1');
  }
  get done(): boolean {
    return this.at === this.buf.length;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export function sshString(b: Buffer | string): Buffer {
  const v = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  return Buffer.concat([u32(v.length), v]);
}

/** A public key as the charter holds it. `raw` is the 32-byte Ed25519 key when `type` is ssh-ed25519. */
export interface SshPublicKey {
  type: string;
  blob: Buffer;
  raw?: Buffer;
  comment: string;
  fingerprint: string;
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export function publicKeyFromBlob(blob: Buffer, comment = ''): SshPublicKey {
  const r = new Reader(blob);
  const type = r.text();
  const key: SshPublicKey = { type, blob, comment, fingerprint: fingerprintOf(blob) };
  if (type === ED25519) {
    const raw = r.string();
    if (raw.length !== 32 || !r.done) throw new SshFormatError('format');
    key.raw = raw;
  }
  return key;
}

/** Parses "ssh-ed25519 AAAA… comment"; throws SshFormatError on anything else. */
export function parsePublicKeyLine(line: string): SshPublicKey {
  const m = /^\s*([a-z0-9@.-]+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/.exec(line.trim());
  if (!m) throw new SshFormatError('format');
  const blob = Buffer.from(m[2]!, 'base64');
  const key = publicKeyFromBlob(blob, (m[3] ?? '').trim());
  if (key.type !== m[1]) throw new SshFormatError('format');
  return key;
}

export function publicKeyLine(k: SshPublicKey): string {
  return `${k.type} ${k.blob.toString('base64')}${k.comment ? ` ${k.comment}` : ''}`;
}

function ed25519PublicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** What a signature says about itself, before it is checked against a message. */
export interface SshSignature {
  publicKey: SshPublicKey;
  namespace: string;
  hashAlgorithm: string;
  sigType: string;
  sig: Buffer;
}

/** Parses an armored (or bare base64) SSHSIG signature. Throws SshFormatError when garbled. */
export function parseSignature(text: string): SshSignature {
  const t = text.trim();
  let body = t;
  if (t.startsWith(ARMOR_BEGIN)) {
    if (!t.endsWith(ARMOR_END)) throw new SshFormatError('armor');
    body = t.slice(ARMOR_BEGIN.length, t.length - ARMOR_END.length);
  } else if (t.includes('-----')) throw new SshFormatError('armor');
  body = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new SshFormatError('armor');
  const r = new Reader(Buffer.from(body, 'base64'));
  if (!r.bytes(6).equals(MAGIC)) throw new SshFormatError('magic');
  if (r.u32() !== 1) throw new SshFormatError('version');
  const publicKey = publicKeyFromBlob(r.string());
  const namespace = r.text();
  r.string(); // reserved
  const hashAlgorithm = r.text();
  const sr = new Reader(r.string());
  if (!r.done) throw new SshFormatError('format');
  const sigType = sr.text();
  const sig = sr.string();
  return { publicKey, namespace, hashAlgorithm, sigType, sig };
}

function signedData(namespace: string, hashAlgorithm: 'sha512' | 'sha256', message: Buffer): Buffer {
  const h = createHash(hashAlgorithm).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hashAlgorithm), sshString(h)]);
}

/**
 * Checks `sig` over `message` in `namespace`. False for any other namespace, hash, key type, or
 * a signature that does not verify (the caller names which, from parseSignature's fields).
 */
export function verifySignature(sig: SshSignature, message: string | Buffer, namespace = NAMESPACE): boolean {
  if (sig.namespace !== namespace) return false;
  if (sig.publicKey.type !== ED25519 || sig.sigType !== ED25519 || !sig.publicKey.raw) return false;
  if (sig.hashAlgorithm !== 'sha512' && sig.hashAlgorithm !== 'sha256') return false;
  if (sig.sig.length !== 64) return false;
  const data = signedData(namespace, sig.hashAlgorithm, Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'));
  try {
    return verify(null, data, ed25519PublicKeyObject(sig.publicKey.raw), sig.sig);
  } catch {
    return false;
  }
}

/** What SSHSIG signs for an Ed25519 key: the data to hand to the key (in-process or ssh-agent). */
export function dataToSign(message: string | Buffer, namespace = NAMESPACE): Buffer {
  return signedData(namespace, 'sha512', Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'));
}

/** The armored signature from a raw Ed25519 signature made over dataToSign(). */
export function armorSignature(publicKey: SshPublicKey, rawSig: Buffer, namespace = NAMESPACE): string {
  const blob = Buffer.concat([MAGIC, u32(1), sshString(publicKey.blob), sshString(namespace), sshString(''), sshString('sha512'), sshString(Buffer.concat([sshString(ED25519), sshString(rawSig)]))]);
  const b64 = blob.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(b64.slice(i, i + 70));
  return `${ARMOR_BEGIN}\n${lines.join('\n')}\n${ARMOR_END}`;
}

/** An OpenSSH private key file's clear part: its public key and whether the private part is encrypted. */
export interface PrivateKeyFile {
  publicKey: SshPublicKey;
  encrypted: boolean;
  /** Set for an unencrypted Ed25519 key. */
  key?: KeyObject;
}

const PRIVATE_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const PRIVATE_END = '-----END OPENSSH PRIVATE KEY-----';

export function isOpenSshPrivateKey(text: string): boolean {
  return text.trimStart().startsWith(PRIVATE_BEGIN);
}

/** Parses an OpenSSH private key file (PROTOCOL.key). Throws SshFormatError; never echoes the key. */
export function parsePrivateKey(text: string): PrivateKeyFile {
  const t = text.trim();
  if (!t.startsWith(PRIVATE_BEGIN) || !t.endsWith(PRIVATE_END)) throw new SshFormatError('armor');
  const r = new Reader(Buffer.from(t.slice(PRIVATE_BEGIN.length, t.length - PRIVATE_END.length).replace(/\s+/g, ''), 'base64'));
  if (!r.bytes(15).equals(Buffer.from('openssh-key-v1\0', 'latin1'))) throw new SshFormatError('magic');
  const cipher = r.text();
  const kdf = r.text();
  r.string(); // kdf options
  if (r.u32() !== 1) throw new SshFormatError('format');
  const publicKey = publicKeyFromBlob(r.string());
  const encrypted = cipher !== 'none' || kdf !== 'none';
  if (encrypted || publicKey.type !== ED25519) return { publicKey, encrypted };
  const p = new Reader(r.string());
  if (p.u32() !== p.u32()) throw new SshFormatError('format');
  if (p.text() !== ED25519) throw new SshFormatError('keyType');
  const pub = p.string();
  const priv = p.string();
  if (pub.length !== 32 || priv.length !== 64 || !pub.equals(publicKey.raw!) || !priv.subarray(32).equals(pub)) throw new SshFormatError('format');
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: priv.subarray(0, 32).toString('base64url'), x: pub.toString('base64url') }, format: 'jwk' });
  return { publicKey, encrypted, key };
}

/** Signs in-process with an Ed25519 KeyObject whose public half is `publicKey`. */
export function signWithKey(key: KeyObject, publicKey: SshPublicKey, message: string | Buffer, namespace = NAMESPACE): string {
  return armorSignature(publicKey, sign(null, dataToSign(message, namespace), key), namespace);
}

/** The SSH public key of an Ed25519 KeyObject (private or public). */
export function sshPublicKeyOf(key: KeyObject, comment = ''): SshPublicKey {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  return publicKeyFromBlob(Buffer.concat([sshString(ED25519), sshString(raw)]), comment);
}
