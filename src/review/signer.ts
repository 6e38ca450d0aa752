// Finding the acting person's SSH key and signing a decision with it (SPEC §16). Order: --key,
// LM_POST_SIGNING_KEY, git's user.signingkey when gpg.format is ssh, then ssh-agent. A key that
// is not one of the person's keys in the charter is refused before anything is written.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Charter, Person } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { agentKeys, agentSign } from './agent.js';
import { armorSignature, dataToSign, isOpenSshPrivateKey, NAMESPACE, parsePrivateKey, parsePublicKeyLine, parseSignature, signWithKey, SshFormatError, type SshPublicKey, sshPublicKeyOf, verifySignature } from './sshsig.js';
import { ownerOf, personKeys } from './verify.js';

export interface Signer {
  publicKey: SshPublicKey;
  /** Where the key came from, for messages (a path or "ssh-agent"; never key material). */
  source: string;
  sign(text: string): Promise<string>;
}

export interface FindOptions {
  key?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function git(cwd: string, key: string): string | undefined {
  try {
    return execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p.startsWith('~/') ? path.join(env.HOME ?? os.homedir(), p.slice(2)) : p;
}

const HOW_TO = {
  fr:
    'Une fois pour toutes : 1) créez une clé : ssh-keygen -t ed25519 -C "{{id}}" ; 2) ajoutez le contenu de ~/.ssh/id_ed25519.pub aux keys de « {{id}} » dans la charte (people, keys: ["ssh-ed25519 AAAA… {{id}}"]) par une demande de fusion relue par les personnes validatrices de la charte ; 3) dites à lm-post où est la clé : --key ~/.ssh/id_ed25519, ou LM_POST_SIGNING_KEY, ou git config --global gpg.format ssh et git config --global user.signingkey ~/.ssh/id_ed25519.pub, ou ssh-add.',
  en:
    'Once and for all: 1) create a key: ssh-keygen -t ed25519 -C "{{id}}"; 2) add the content of ~/.ssh/id_ed25519.pub to the keys of "{{id}}" in the charter (people, keys: ["ssh-ed25519 AAAA… {{id}}"]) through a merge request reviewed by the charter’s validators; 3) tell lm-post where the key is: --key ~/.ssh/id_ed25519, or LM_POST_SIGNING_KEY, or git config --global gpg.format ssh and git config --global user.signingkey ~/.ssh/id_ed25519.pub, or ssh-add.',
};

function noKey(person: Person, tried: string[]): LmPostError {
  return new LmPostError(
    'signing-key-missing',
    {
      fr: 'Aucune clé SSH de « {{id}} » à portée pour signer cette décision (la charte exige des décisions signées ; essayé : {{tried}}). ' + HOW_TO.fr,
      en: 'No SSH key of "{{id}}" at hand to sign this decision (the charter requires signed decisions; tried: {{tried}}). ' + HOW_TO.en,
    },
    { id: person.id, tried: tried.join(', ') },
    ExitCode.problems,
  );
}

function notPersons(charter: Charter, person: Person, key: SshPublicKey, source: string): LmPostError {
  const owner = ownerOf(charter, key);
  return new LmPostError(
    'signing-key-foreign',
    {
      fr: 'La clé {{source}} ({{fingerprint}}) n’est pas une clé de « {{id}} » dans la charte{{owner_fr}} : refusé, rien n’est écrit. ' + (personKeys(person).length ? 'Clés de {{id}} : {{keys}}.' : HOW_TO.fr),
      en: 'The key {{source}} ({{fingerprint}}) is not one of "{{id}}"’s keys in the charter{{owner_en}}: refused, nothing written. ' + (personKeys(person).length ? 'Keys of {{id}}: {{keys}}.' : HOW_TO.en),
    },
    {
      source,
      fingerprint: key.fingerprint,
      id: person.id,
      owner_fr: owner ? ` (c’est une clé de « ${owner.id} »)` : '',
      owner_en: owner ? ` (it is one of "${owner.id}"’s keys)` : '',
      keys: personKeys(person).map((k) => k.fingerprint).join(', '),
    },
    ExitCode.problems,
  );
}

function badKey(source: string, why: 'unreadable' | 'format' | 'type', type = ''): LmPostError {
  const text = {
    unreadable: { fr: 'Clé de signature {{source}} introuvable ou illisible.', en: 'Signing key {{source}} not found or unreadable.' },
    format: { fr: 'Clé de signature {{source}} : ce n’est ni une clé privée OpenSSH ni une clé publique SSH.', en: 'Signing key {{source}}: neither an OpenSSH private key nor an SSH public key.' },
    type: { fr: 'Clé de signature {{source}} de type {{type}} : lm-post signe avec une clé ssh-ed25519 (ssh-keygen -t ed25519).', en: 'Signing key {{source}} of type {{type}}: lm-post signs with an ssh-ed25519 key (ssh-keygen -t ed25519).' },
  }[why];
  return new LmPostError(`signing-key-${why}`, text, { source, type }, why === 'unreadable' ? ExitCode.usage : ExitCode.problems);
}

/** A signer over an in-memory Ed25519 key (the demo's training key, the forge key from a secret). */
export function keyObjectSigner(key: KeyObject, source: string, comment = ''): Signer {
  const publicKey = sshPublicKeyOf(key, comment);
  return { publicKey, source, sign: (text) => Promise.resolve(signWithKey(key, publicKey, text)) };
}

/** A signer from a private key file's text (unencrypted Ed25519 only: CI secrets, tests). */
export function privateKeySigner(text: string, source: string): Signer {
  let parsed;
  try {
    parsed = parsePrivateKey(text);
  } catch (e) {
    if (e instanceof SshFormatError) throw badKey(source, 'format');
    throw e;
  }
  if (parsed.publicKey.type !== 'ssh-ed25519') throw badKey(source, 'type', parsed.publicKey.type);
  if (!parsed.key) {
    throw new LmPostError('signing-key-encrypted', { fr: 'La clé {{source}} est protégée par une phrase de passe : ici elle doit être en clair (secret de la CI).', en: 'The key {{source}} is protected by a passphrase: here it must be unencrypted (a CI secret).' }, { source }, ExitCode.usage);
  }
  return keyObjectSigner(parsed.key, source);
}

function agentSigner(socket: string, key: SshPublicKey): Signer {
  return {
    publicKey: key,
    source: 'ssh-agent',
    async sign(text) {
      const raw = await agentSign(socket, key, dataToSign(text));
      if (!raw) throw new LmPostError('signing-agent-refused', { fr: 'ssh-agent a refusé de signer avec la clé {{fingerprint}}.', en: 'ssh-agent refused to sign with the key {{fingerprint}}.' }, { fingerprint: key.fingerprint }, ExitCode.problems);
      return armorSignature(key, raw);
    },
  };
}

/** A passphrase-protected key not in the agent: `ssh-keygen -Y sign` asks for the passphrase on the terminal. */
function sshKeygenSigner(file: string, key: SshPublicKey, source: string): Signer {
  return {
    publicKey: key,
    source,
    sign(text) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-sign-'));
      try {
        const msg = path.join(dir, 'decision.txt');
        writeFileSync(msg, text);
        const r = spawnSync('ssh-keygen', ['-Y', 'sign', '-f', file, '-n', NAMESPACE, msg], { stdio: ['inherit', 'ignore', 'inherit'], timeout: 120_000 });
        let sig = '';
        try {
          sig = readFileSync(msg + '.sig', 'utf8').trim();
        } catch {
          /* reported below */
        }
        if (r.status !== 0 || !sig || !verifySignature(parseSignature(sig), text)) {
          throw new LmPostError('signing-keygen-failed', { fr: 'ssh-keygen n’a pas pu signer avec {{source}} (phrase de passe ? essayez ssh-add {{source}}).', en: 'ssh-keygen could not sign with {{source}} (passphrase? try ssh-add {{source}}).' }, { source }, ExitCode.problems);
        }
        return Promise.resolve(sig);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function fromPath(charter: Charter, person: Person, file: string, source: string, socket: string | undefined): Promise<Signer> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw badKey(source, 'unreadable');
  }
  const mine = (k: SshPublicKey) => personKeys(person).some((p) => p.fingerprint === k.fingerprint);
  if (isOpenSshPrivateKey(text)) {
    let parsed;
    try {
      parsed = parsePrivateKey(text);
    } catch {
      throw badKey(source, 'format');
    }
    if (parsed.publicKey.type !== 'ssh-ed25519') throw badKey(source, 'type', parsed.publicKey.type);
    if (!mine(parsed.publicKey)) throw notPersons(charter, person, parsed.publicKey, source);
    if (parsed.key) return keyObjectSigner(parsed.key, source);
    if ((await agentKeys(socket)).some((k) => k.fingerprint === parsed.publicKey.fingerprint)) return agentSigner(socket!, parsed.publicKey);
    return sshKeygenSigner(file, parsed.publicKey, source);
  }
  let pub: SshPublicKey;
  try {
    pub = parsePublicKeyLine(text.trim().split('\n')[0] ?? '');
  } catch {
    throw badKey(source, 'format');
  }
  if (pub.type !== 'ssh-ed25519') throw badKey(source, 'type', pub.type);
  if (!mine(pub)) throw notPersons(charter, person, pub, source);
  if ((await agentKeys(socket)).some((k) => k.fingerprint === pub.fingerprint)) return agentSigner(socket!, pub);
  const priv = file.replace(/\.pub$/, '');
  if (priv !== file) return fromPath(charter, person, priv, source.replace(/\.pub$/, ''), socket);
  throw noKey(person, [`${source} (${pub.fingerprint}: ssh-agent)`]);
}

/** The acting person's signer, or an error (exit 1) that says how to set one up. */
export async function findSigner(charter: Charter, person: Person, o: FindOptions): Promise<Signer> {
  const socket = o.env.SSH_AUTH_SOCK || undefined;
  if (o.key) return fromPath(charter, person, path.resolve(o.cwd, expandHome(o.key, o.env)), '--key ' + o.key, socket);
  if (o.env.LM_POST_SIGNING_KEY) return fromPath(charter, person, path.resolve(o.cwd, expandHome(o.env.LM_POST_SIGNING_KEY, o.env)), 'LM_POST_SIGNING_KEY', socket);
  const tried = ['--key', 'LM_POST_SIGNING_KEY'];
  if (git(o.cwd, 'gpg.format') === 'ssh') {
    const k = git(o.cwd, 'user.signingkey');
    if (k) {
      if (k.startsWith('key::')) {
        let pub: SshPublicKey;
        try {
          pub = parsePublicKeyLine(k.slice(5));
        } catch {
          throw badKey('git user.signingkey', 'format');
        }
        if (!personKeys(person).some((p) => p.fingerprint === pub.fingerprint)) throw notPersons(charter, person, pub, 'git user.signingkey');
        if ((await agentKeys(socket)).some((a) => a.fingerprint === pub.fingerprint)) return agentSigner(socket!, pub);
      } else return fromPath(charter, person, path.resolve(o.cwd, expandHome(k, o.env)), 'git user.signingkey ' + k, socket);
    }
    tried.push('git user.signingkey');
  } else tried.push('git user.signingkey (gpg.format ssh)');
  const fromAgent = (await agentKeys(socket)).find((a) => personKeys(person).some((p) => p.fingerprint === a.fingerprint));
  if (fromAgent) return agentSigner(socket!, fromAgent);
  tried.push(socket ? 'ssh-agent' : 'ssh-agent (SSH_AUTH_SOCK)');
  throw noKey(person, tried);
}

/** The signer must hold one of the person's keys (or be the forge key, checked by the caller). */
export function assertPersonsKey(charter: Charter, person: Person, s: Signer): void {
  if (!personKeys(person).some((k) => k.fingerprint === s.publicKey.fingerprint)) throw notPersons(charter, person, s.publicKey, s.source);
}
