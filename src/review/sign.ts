// Signing a decision block (SPEC §16): the newest decision and its history entry carry the same
// signature over the canonical text, so history entries keep their own signatures.
import type { Charter, Person } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Review } from '../post/types.js';
import { assertPersonsKey, findSigner, type Signer } from './signer.js';
import { canonicalText, forgeKey, signingRequired, type Subject } from './verify.js';

/** Signs `block` in place (and its newest history entry). */
export async function signBlock(block: Review, subject: Subject, signer: Signer): Promise<void> {
  const signature = await signer.sign(canonicalText(subject, block));
  const history = block.history;
  // The signature reads right under what it signs; the history comes last.
  delete block.history;
  block.signature = signature;
  if (history) block.history = history;
  const last = history?.[history.length - 1];
  if (last) Object.assign(last, { digest: block.digest, ...(block.via ? { via: block.via } : {}), signature });
}

export interface SignerOptions {
  key?: string;
  /** In-process signer (the demo's training key, the forge key). */
  signer?: Signer;
  /** Set when the decision is taken on the forge: the signer must then be the charter's forge key. */
  via?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The signer for `who`'s decisions, or undefined when the charter does not require signatures. Throws (exit 1) before anything is written. */
export async function signerFor(charter: Charter, who: Person, o: SignerOptions): Promise<Signer | undefined> {
  if (!signingRequired(charter)) return undefined;
  if (o.signer) {
    const forge = forgeKey(charter);
    if (o.via) {
      if (!forge || forge.fingerprint !== o.signer.publicKey.fingerprint) {
        throw new LmPostError(
          'forge-key-mismatch',
          {
            fr: 'La clé de la forge (LM_POST_FORGE_KEY, {{fingerprint}}) ne correspond pas à approval.forge_key de la charte : rien n’est signé.',
            en: 'The forge key (LM_POST_FORGE_KEY, {{fingerprint}}) does not match the charter’s approval.forge_key: nothing signed.',
          },
          { fingerprint: o.signer.publicKey.fingerprint },
          ExitCode.problems,
        );
      }
      return o.signer;
    }
    assertPersonsKey(charter, who, o.signer);
    return o.signer;
  }
  return findSigner(charter, who, { ...(o.key ? { key: o.key } : {}), env: o.env, cwd: o.cwd });
}
