// Whether a review decision was signed by the person it names (SPEC §16). The signed text is
// canonical: the subject (a post id, or the letter's first day), the state, `by`, `at`, the
// digest and, for a decision taken on the forge, `via`. A decision copied from another post, a
// state or `by` edited by hand, a revoked key or another person's key all fail here, each named.
import type { Charter, Person } from '../charter/types.js';
import { NAMESPACE, parsePublicKeyLine, parseSignature, SshFormatError, type SshPublicKey, type SshSignature, verifySignature } from './sshsig.js';

/** What is signed: a post (by id) or the fortnight's letter (by its first day). */
export type Subject = { kind: 'post'; id: string } | { kind: 'letter'; from: string };

export interface SignedDecision {
  state: string;
  by: string;
  at: string;
  digest?: string;
  via?: string;
  signature?: string;
}

const STATES = ['approved', 'changes-requested', 'rejected'] as const;

export function subjectLine(s: Subject): string {
  return s.kind === 'post' ? `post ${s.id}` : `letter ${s.from}`;
}

/** The exact text a signature covers. */
export function canonicalText(subject: Subject, d: Omit<SignedDecision, 'signature'>): string {
  return (
    [`lm-post review decision v1`, `subject: ${subjectLine(subject)}`, `state: ${d.state}`, `by: ${d.by}`, `at: ${d.at}`, `digest: ${d.digest ?? ''}`, ...(d.via ? [`via: ${d.via}`] : [])].join('\n') + '\n'
  );
}

export function signingRequired(charter: Charter): boolean {
  return charter.approval?.signed === true;
}

/** A charter key line, parsed once. Unparsable lines are skipped here (the charter check names them). */
const keyCache = new Map<string, SshPublicKey | null>();
function keyOf(line: string): SshPublicKey | undefined {
  let k = keyCache.get(line);
  if (k === undefined) {
    try {
      k = parsePublicKeyLine(line);
    } catch {
      k = null;
    }
    keyCache.set(line, k);
  }
  return k ?? undefined;
}

export function personKeys(p: Person | undefined): SshPublicKey[] {
  return (p?.keys ?? []).map(keyOf).filter((k): k is SshPublicKey => !!k);
}

export function forgeKey(charter: Charter): SshPublicKey | undefined {
  return charter.approval?.forge_key ? keyOf(charter.approval.forge_key) : undefined;
}

/** The person whose charter keys include `key` (by fingerprint). */
export function ownerOf(charter: Charter, key: SshPublicKey): Person | undefined {
  return charter.people.find((p) => personKeys(p).some((k) => k.fingerprint === key.fingerprint));
}

export type SignatureVerdict =
  | { ok: true; signer: 'person' | 'forge'; fingerprint: string; via?: string }
  | {
      ok: false;
      problem:
        | 'unsigned'
        | 'garbled'
        | 'namespace'
        | 'keyType'
        | 'otherPersonKey'
        | 'unknownKey'
        | 'forgeNotValidator'
        | 'forgeWithoutVia'
        | 'stateChanged'
        | 'byChanged'
        | 'copied'
        | 'mismatch';
      data: Record<string, string>;
    };

/**
 * Checks one decision. `otherSubjects` lists the posts a block could have been copied from; it is
 * only consulted when the signature does not verify, to say so precisely.
 */
export function verifyDecision(charter: Charter, subject: Subject, d: SignedDecision, otherSubjects: () => Subject[] = () => []): SignatureVerdict {
  if (!d.signature?.trim()) return { ok: false, problem: 'unsigned', data: {} };
  let sig: SshSignature;
  try {
    sig = parseSignature(d.signature);
  } catch (e) {
    if (e instanceof SshFormatError) return { ok: false, problem: 'garbled', data: {} };
    throw e;
  }
  if (sig.namespace !== NAMESPACE) return { ok: false, problem: 'namespace', data: { namespace: sig.namespace, expected: NAMESPACE } };
  if (sig.publicKey.type !== 'ssh-ed25519' || sig.sigType !== 'ssh-ed25519') return { ok: false, problem: 'keyType', data: { type: sig.publicKey.type } };
  const fingerprint = sig.publicKey.fingerprint;
  const by = charter.people.find((p) => p.id === d.by);
  const forge = forgeKey(charter);
  const isForge = forge?.fingerprint === fingerprint;
  const isPersons = personKeys(by).some((k) => k.fingerprint === fingerprint);
  if (!isForge && !isPersons) {
    const owner = ownerOf(charter, sig.publicKey);
    if (owner) return { ok: false, problem: 'otherPersonKey', data: { owner: owner.id, fingerprint } };
    return { ok: false, problem: 'unknownKey', data: { fingerprint } };
  }
  if (verifySignature(sig, canonicalText(subject, d))) {
    if (isForge && !isPersons) {
      // The forge key signs only for a validator whose review it saw, and says where.
      if (!d.via) return { ok: false, problem: 'forgeWithoutVia', data: { fingerprint } };
      if (!by?.validator) return { ok: false, problem: 'forgeNotValidator', data: { via: d.via } };
      return { ok: true, signer: 'forge', fingerprint, via: d.via };
    }
    return { ok: true, signer: 'person', fingerprint, ...(d.via ? { via: d.via } : {}) };
  }
  // It does not verify: find what was changed, to name it.
  for (const state of STATES) {
    if (state !== d.state && verifySignature(sig, canonicalText(subject, { ...d, state }))) return { ok: false, problem: 'stateChanged', data: { signed: state } };
  }
  for (const p of charter.people) {
    if (p.id !== d.by && verifySignature(sig, canonicalText(subject, { ...d, by: p.id }))) return { ok: false, problem: 'byChanged', data: { signed: p.id } };
  }
  for (const other of otherSubjects()) {
    if (subjectLine(other) !== subjectLine(subject) && verifySignature(sig, canonicalText(other, d))) {
      return { ok: false, problem: 'copied', data: { from: other.kind === 'post' ? other.id : other.from } };
    }
  }
  return { ok: false, problem: 'mismatch', data: {} };
}

/** French and English for each problem, with the post (or letter) and the person named. */
export const SIGNATURE_MESSAGES: Record<Exclude<SignatureVerdict, { ok: true }>['problem'], { fr: string; en: string }> = {
  unsigned: {
    fr: 'Décision de {{by}} non signée : la charte exige une signature (approval.signed). Elle doit être reprise avec lm-post ({{command}}), qui la signe avec la clé SSH de la personne.',
    en: 'Decision by {{by}} is not signed: the charter requires a signature (approval.signed). It must be taken again with lm-post ({{command}}), which signs it with the person’s SSH key.',
  },
  garbled: {
    fr: 'Signature de la décision de {{by}} illisible (abîmée ou tronquée) : cette décision ne compte pas ; reprenez-la ({{command}}).',
    en: 'Signature of the decision by {{by}} cannot be read (garbled or truncated): this decision does not count; take it again ({{command}}).',
  },
  namespace: {
    fr: 'Signature de la décision de {{by}} faite pour un autre usage (espace de noms « {{namespace}} », attendu « {{expected}} ») : elle ne compte pas.',
    en: 'Signature of the decision by {{by}} was made for another use (namespace "{{namespace}}", expected "{{expected}}"): it does not count.',
  },
  keyType: {
    fr: 'Signature de la décision de {{by}} faite avec une clé {{type}} : seules les clés ssh-ed25519 sont acceptées.',
    en: 'Signature of the decision by {{by}} made with a {{type}} key: only ssh-ed25519 keys are accepted.',
  },
  otherPersonKey: {
    fr: 'Décision attribuée à {{by}} mais signée avec la clé de {{owner}} ({{fingerprint}}) : usurpation, elle ne compte pas.',
    en: 'Decision attributed to {{by}} but signed with {{owner}}’s key ({{fingerprint}}): impersonation, it does not count.',
  },
  unknownKey: {
    fr: 'Décision de {{by}} signée avec une clé ({{fingerprint}}) qui n’est pas (ou plus) dans la charte pour cette personne : clé révoquée ou inconnue, elle ne compte pas.',
    en: 'Decision by {{by}} signed with a key ({{fingerprint}}) that is not (or no longer) in the charter for this person: revoked or unknown key, it does not count.',
  },
  forgeNotValidator: {
    fr: 'Décision signée par la clé de la forge ({{via}}) pour {{by}}, qui n’est pas validateur·ice : elle ne compte pas.',
    en: 'Decision signed by the forge key ({{via}}) for {{by}}, who is not a validator: it does not count.',
  },
  forgeWithoutVia: {
    fr: 'Décision de {{by}} signée par la clé de la forge sans dire d’où elle vient (via) : elle ne compte pas.',
    en: 'Decision by {{by}} signed by the forge key without saying where it came from (via): it does not count.',
  },
  stateChanged: {
    fr: 'État de la décision modifié à la main : {{by}} a signé « {{signed}} », le bloc dit « {{state}} ». Cette décision ne compte pas.',
    en: 'Decision state changed by hand: {{by}} signed "{{signed}}", the block says "{{state}}". This decision does not count.',
  },
  byChanged: {
    fr: 'Auteur·ice de la décision modifié·e à la main : signée par {{signed}}, le bloc dit {{by}}. Elle ne compte pas.',
    en: 'Decision re-attributed by hand: signed by {{signed}}, the block says {{by}}. It does not count.',
  },
  copied: {
    fr: 'Bloc de relecture copié depuis le billet « {{from}} » : la signature de {{by}} vaut pour ce billet-là, pas pour « {{id}} ».',
    en: 'Review block copied from the post "{{from}}": {{by}}’s signature holds for that post, not for "{{id}}".',
  },
  mismatch: {
    fr: 'La signature de {{by}} ne correspond plus au bloc de relecture (date, empreinte ou provenance modifiées à la main) : cette décision ne compte pas.',
    en: 'The signature by {{by}} no longer matches the review block (date, digest or origin changed by hand): this decision does not count.',
  },
};
