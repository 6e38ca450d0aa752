// The demonstration's training key (lm-post demo, SPEC §16): a throwaway Ed25519 key made for
// this run, held in memory only, and registered for the validators of the demo's COPY of the
// charter — so the demo approves with signing on, and the user's charter is never touched.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { atomicWrite } from '../post/write.js';
import { keyObjectSigner, type Signer } from './signer.js';
import { publicKeyLine } from './sshsig.js';

export const TRAINING_KEY_COMMENT = 'lm-post-demo-training-key';

/** Makes a training key, writes its public half into the validators' keys of `charterFile` (a copy), returns its signer. */
export function registerTrainingKey(charterFile: string): Signer {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = keyObjectSigner(privateKey, 'demo', TRAINING_KEY_COMMENT);
  const line = publicKeyLine(signer.publicKey);
  const doc = parseDocument(readFileSync(charterFile, 'utf8'));
  const people = doc.get('people');
  if (isSeq(people)) {
    for (const p of people.items) {
      if (!isMap(p) || p.get('validator') !== true) continue;
      const old = p.get('keys');
      // The previous run's training key goes: only this run's key signs.
      const kept = isSeq(old) ? old.items.map((k) => String((k as { value?: unknown }).value ?? k)).filter((k) => !k.endsWith(` ${TRAINING_KEY_COMMENT}`)) : [];
      const seq = new YAMLSeq();
      seq.flow = true;
      for (const k of [...kept, line]) seq.add(doc.createNode(k));
      p.set('keys', seq);
    }
  }
  atomicWrite(charterFile, doc.toString({ lineWidth: 0 }));
  return signer;
}
