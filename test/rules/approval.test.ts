import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { CharterData } from '../../src/charter/types.js';
import { fileURLToPath } from 'node:url';
import { loadCharter } from '../../src/charter/load.js';
import { postDigest } from '../../src/post/digest.js';
import type { PostData } from '../../src/post/types.js';
import { parseYamlText } from '../../src/util/yaml.js';
import { type Case, RuleTester, TINY_PNG } from '../helpers/rule-tester.js';
import { demoSignature, DEMO_SIGNING_KEY, signDecision, sshKeygen, sshKeygenSign } from '../helpers/keys.js';
import { canonicalText } from '../../src/review/verify.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// now = 2026-11-28T12:00:00+01:00; stale_after_hours = 24.

/** A veille by malik, 5 lines: publish_at value at 5:13; an appended review starts at 6:1. */
const post = (opts: { author?: string; at?: string; text?: string } = {}) =>
  `type: veille\nauthor: ${opts.author ?? 'malik'}\ntext: ${opts.text ?? 'À lire.'}\nlink: https://a.fr/x\npublish_at: ${opts.at ?? '2026-11-28T15:00:00+01:00'}\n`;

interface ReviewOpts {
  by?: string;
  state?: string;
  /** Digest the review of this source instead (an edit after approval). */
  approvedSource?: string;
  digest?: string | null;
  note?: string;
  /** The review's signature (default: made with the demo key over this very block, for the post `post`); null: none. */
  signature?: string | null;
}

/** Append a review block, its digest computed with the real postDigest over the queue folder. */
const reviewed =
  (source: string, o: ReviewOpts = {}): Case['post'] =>
  ({ queueDir, charter }) => {
    const data = parseYamlText(o.approvedSource ?? source).value as PostData;
    const digest = o.digest === undefined ? postDigest(data, queueDir, charter!) : o.digest;
    const decision = { state: o.state ?? 'approved', by: o.by ?? 'dominique', at: '2026-11-27T18:00:00+01:00', ...(digest === null ? {} : { digest }) };
    const signature = o.signature === undefined ? demoSignature('post', decision) : o.signature;
    return (
      source +
      `review:\n  state: ${decision.state}\n  by: ${decision.by}\n  at: "${decision.at}"\n` +
      (digest === null ? '' : `  digest: "${digest}"\n`) +
      (o.note ? `  note: "${o.note}"\n` : '') +
      (signature === null ? '' : `  signature: |-\n${signature.split('\n').map((l) => `    ${l}\n`).join('')}`)
    );
  };

const force = ['approval'];

/** approval.signed: false — an old charter keeps today's behaviour (SPEC §16). */
const unsigned = (c: CharterData) => void (c.approval!.signed = false);

// Real ed25519 (and one ECDSA) keys made by ssh-keygen for this file.
const KEYS = mkdtempSync(path.join(os.tmpdir(), 'lm-post-keys-'));
afterAll(() => rmSync(KEYS, { recursive: true, force: true }));
const camilleKey = sshKeygen(KEYS, 'camille');
const forgeKey = sshKeygen(KEYS, 'forge');
const newDominique = sshKeygen(KEYS, 'dominique2');
const ecdsa = sshKeygen(KEYS, 'ecdsa', 'ecdsa');
const person = (c: CharterData, id: string) => c.people.find((p) => p.id === id)!;
const withKeys = (c: CharterData) => {
  person(c, 'camille').keys = [camilleKey.pub];
  c.approval!.forge_key = forgeKey.pub;
};
const AT = '2026-11-27T18:00:00+01:00';
/** A signature by `keyFile` over `d` (the digest of the unedited post() source filled in) for post `id`. */
const signedBy =
  (keyFile: string, d: { state?: string; by?: string; at?: string; via?: string }, id = 'post', source = post()): ((env: { queueDir: string; charter?: import('../../src/charter/types.js').Charter }) => string) =>
  ({ queueDir, charter }) =>
    signDecision(keyFile, { kind: 'post', id }, { state: d.state ?? 'approved', by: d.by ?? 'dominique', at: d.at ?? AT, digest: postDigest(parseYamlText(source).value as PostData, queueDir, charter!), ...(d.via ? { via: d.via } : {}) });
/** The post() source with a review block whose signature is computed by `sig` (others as in `o`). */
const withSignature =
  (o: ReviewOpts & { via?: string }, sig: (env: { queueDir: string; charter?: import('../../src/charter/types.js').Charter }) => string, source = post()): Case['post'] =>
  (env) => {
    const block = (reviewed(source, { ...o, signature: null }) as (e: typeof env) => string)(env);
    const signature = sig(env);
    return block + (o.via ? `  via: "${o.via}"\n` : '') + `  signature: |-\n${signature.split('\n').map((l) => `    ${l}\n`).join('')}`;
  };

const livetweet = (starts: string, author = 'ines') =>
  `type: livetweet\nauthor: ${author}\ntext: "1/ On y est !"\nevent:\n  name: Rencontres ESS\n  starts: ${starts}\n`;

const WITH_MEDIA = 'type: quartier\nauthor: yanis\ntext: Photo.\nmedia:\n  - file: media/p.png\n    alt: Une cour avec trois bacs à compost\n';

RuleTester.run('approval', {
  valid: [
    { name: 'approved by a validator, on the current content', post: reviewed(post()), force },
    { name: 'approved, with an image', post: reviewed(WITH_MEDIA), files: { 'media/p.png': TINY_PNG }, force },
    { name: 'not forced: a post simply awaiting approval is not reported (charter says error)', post: post() },
    { name: 'not forced: a changes request is not repeated by check', post: reviewed(post(), { state: 'changes-requested', note: 'x' }) },
    { name: 'approved 23 hours after publish_at', post: reviewed(post({ at: '2026-11-27T13:00:00+01:00' })), force },
    { name: 'exactly 24 hours after publish_at', post: reviewed(post({ at: '2026-11-27T12:00:00+01:00' })), force },
    {
      name: 'no stale_after_hours in the charter',
      post: reviewed(post({ at: '2026-11-01T10:00:00+01:00' })),
      charter: (c) => delete c.approval,
      force,
    },
    { name: 'no publish_at: never stale', post: reviewed('type: veille\nauthor: malik\ntext: x\nlink: https://a.fr\n'), force },
    { name: 'trained author, live-tweet, exactly one hour before the event', post: livetweet('2026-11-28T13:00:00+01:00'), force },
    { name: 'trained author, live-tweet, during the event', post: livetweet('2026-11-28T09:00:00+01:00'), force },
    {
      name: 'trained author, live-tweet, late that evening',
      post: livetweet('2026-11-28T09:00:00+01:00'),
      now: '2026-11-28T23:59:00+01:00',
      force,
    },
    {
      name: 'trained author during the event even with a review that would not count',
      post: reviewed(livetweet('2026-11-28T11:00:00+01:00'), { by: 'camille' }),
      charter: unsigned,
      force,
    },
    { name: 'signed: an approval by the forge key for a validator, via a pull request review', post: withSignature({ via: 'github#7' }, signedBy(forgeKey.file, { via: 'github#7' })), charter: withKeys, force },
    { name: 'signed: an approval by a validator’s own key (a new key added to the charter)', post: withSignature({}, signedBy(newDominique.file, {})), charter: (c) => void person(c, 'dominique').keys!.push(newDominique.pub), force },
    { name: 'approval.signed: false keeps today’s behaviour: an unsigned approval counts', post: reviewed(post(), { signature: null }), charter: unsigned, force },
  ],
  invalid: [
    {
      name: 'signed: an unsigned approval counts for nothing, and check says so even without --require-approval',
      post: reviewed(post(), { signature: null }),
      errors: [{ messageId: 'signature-unsigned', line: 6, column: 1, severity: 2, message: 'Decision by dominique is not signed' }],
    },
    {
      name: 'signed: a request for changes turned into an approval by hand',
      post: withSignature({}, signedBy(DEMO_SIGNING_KEY, { state: 'changes-requested' })),
      force,
      errors: [{ messageId: 'signature-stateChanged', line: 6, column: 1, message: 'dominique signed "changes-requested", the block says "approved"' }],
    },
    {
      name: 'signed: a decision re-attributed to another validator (by changed by hand)',
      post: withSignature({ by: 'dominique' }, signedBy(DEMO_SIGNING_KEY, { by: 'sacha' })),
      force,
      errors: [{ messageId: 'signature-byChanged', line: 6, column: 1, message: 'signed by sacha, the block says dominique' }],
    },
    {
      name: 'signed: a review block copied from another post (same signature pasted)',
      post: withSignature({}, signedBy(DEMO_SIGNING_KEY, {}, 'other-1')),
      others: [post({ text: 'Autre billet.' })],
      force,
      errors: [{ messageId: 'signature-copied', line: 6, column: 1, message: 'copied from the post "other-1"' }],
    },
    {
      name: 'signed: an approval whose at was changed',
      post: withSignature({}, signedBy(DEMO_SIGNING_KEY, { at: '2026-11-26T18:00:00+01:00' })),
      force,
      errors: [{ messageId: 'signature-mismatch', line: 6, column: 1 }],
    },
    {
      name: 'signed: a garbled, truncated signature',
      post: withSignature({}, (env) => signedBy(DEMO_SIGNING_KEY, {})(env).slice(0, 120)),
      force,
      errors: [{ messageId: 'signature-garbled', line: 6, column: 1 }],
    },
    {
      name: 'signed: a signature in another namespace (made by ssh-keygen for git)',
      post: withSignature({}, ({ queueDir, charter }) =>
        sshKeygenSign(DEMO_SIGNING_KEY, canonicalText({ kind: 'post', id: 'post' }, { state: 'approved', by: 'dominique', at: AT, digest: postDigest(parseYamlText(post()).value as PostData, queueDir, charter!) }), 'git'),
      ),
      force,
      errors: [{ messageId: 'signature-namespace', line: 6, column: 1, message: 'namespace "git", expected "lm-post-review"' }],
    },
    {
      name: 'signed: a key of the wrong type (ECDSA, by ssh-keygen)',
      post: withSignature({}, ({ queueDir, charter }) =>
        sshKeygenSign(ecdsa.file, canonicalText({ kind: 'post', id: 'post' }, { state: 'approved', by: 'dominique', at: AT, digest: postDigest(parseYamlText(post()).value as PostData, queueDir, charter!) })),
      ),
      force,
      errors: [{ messageId: 'signature-keyType', line: 6, column: 1, message: 'ecdsa-sha2-nistp256' }],
    },
    {
      name: 'signed: a revoked key (removed from the charter)',
      post: withSignature({}, signedBy(DEMO_SIGNING_KEY, {})),
      charter: (c) => {
        person(c, 'dominique').keys = [newDominique.pub];
        person(c, 'sacha').keys = [newDominique.pub];
      },
      force,
      errors: [{ messageId: 'signature-unknownKey', line: 6, column: 1 }],
    },
    {
      name: 'signed: impersonation, an approval by dominique signed with camille’s key',
      post: withSignature({}, signedBy(camilleKey.file, {})),
      charter: withKeys,
      force,
      errors: [{ messageId: 'signature-otherPersonKey', line: 6, column: 1, message: 'signed with camille’s key' }],
    },
    {
      name: 'signed: a non-validator signs her own approval with her own key',
      post: withSignature({ by: 'camille' }, signedBy(camilleKey.file, { by: 'camille' })),
      charter: withKeys,
      force,
      errors: [{ messageId: 'notValidator', line: 6, column: 1 }],
    },
    {
      name: 'signed: a forge-signed approval for someone who is not a validator',
      post: withSignature({ by: 'camille', via: 'github#7' }, signedBy(forgeKey.file, { by: 'camille', via: 'github#7' })),
      charter: withKeys,
      force,
      errors: [{ messageId: 'signature-forgeNotValidator', line: 6, column: 1, message: 'forge key (github#7) for camille' }],
    },
    {
      name: 'signed: a self-approval, properly signed, still does not count',
      post: withSignature({}, signedBy(DEMO_SIGNING_KEY, {}, 'post', post({ author: 'dominique' })), post({ author: 'dominique' })),
      force,
      errors: [{ messageId: 'selfApproved', line: 6, column: 1 }],
    },
    {
      name: 'the charter changed what the post renders to (a partner\'s handle): the approval is void',
      post: (env) => {
        // Approved under the charter as committed…
        const original = loadCharter(path.join(REPO, 'charter/charter.yaml'), REPO);
        const source = post({ text: 'Merci {@france-tiers-lieux} !' });
        const data = parseYamlText(source).value as PostData;
        const write = reviewed(source, { digest: postDigest(data, env.queueDir, original) }) as (e: typeof env) => string;
        return write(env);
      },
      // …then the address book points the mention at another account.
      charter: (c) => (c.accounts!['france-tiers-lieux']!.twitter = 'SomeoneElse'),
      force,
      errors: [{ messageId: 'edited', line: 6, column: 1 }],
    },
    {
      name: 'check without --require-approval warns that an approval is void since an edit (fr)',
      post: reviewed(post({ text: 'À lire, modifié.' }), { approvedSource: post() }),
      lang: 'fr',
      errors: [{ messageId: 'edited', line: 6, column: 1, severity: 1, message: 'L’approbation de dominique ne vaut plus : le billet (ou une de ses images) a changé depuis. Il doit être approuvé de nouveau (lm-post approve post).' }],
    },
    {
      name: 'check without --require-approval warns that an approval is void since an edit (en)',
      post: reviewed(post({ text: 'À lire, modifié.' }), { approvedSource: post() }),
      lang: 'en',
      errors: [{ messageId: 'edited', line: 6, column: 1, severity: 1, message: 'The approval by dominique no longer holds' }],
    },
    {
      name: 'a rejection wins over the trained-author rule during the event',
      post: reviewed(livetweet('2026-11-28T11:00:00+01:00'), { state: 'rejected', by: 'sacha', note: 'Pas ce fil' }),
      force,
      errors: [{ messageId: 'rejected', line: 7, column: 1, message: 'Post rejected by sacha: "Pas ce fil"' }],
    },
    {
      name: 'no review: points at the start of the post',
      post: post(),
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1, severity: 2, message: 'lm-post approve post --as VALIDATOR' }],
    },
    {
      name: 'forced even when the charter turns it off (still an error)',
      post: post(),
      charter: (c) => (c.rules!['approval'] = 'off'),
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1, severity: 2 }],
    },
    {
      name: 'changes requested',
      post: reviewed(post(), { state: 'changes-requested' }),
      force,
      errors: [{ messageId: 'changesRequested', line: 6, column: 1, message: 'dominique asks for changes' }],
    },
    {
      name: 'rejected, with the note shown',
      post: reviewed(post(), { state: 'rejected', note: 'Hors charte' }),
      force,
      errors: [{ messageId: 'rejected', line: 6, column: 1, message: 'Post rejected by dominique: "Hors charte"' }],
    },
    {
      name: 'self-approval',
      post: reviewed(post({ author: 'dominique' }), { by: 'dominique' }),
      force,
      errors: [{ messageId: 'selfApproved', line: 6, column: 1 }],
    },
    {
      name: 'approved by a person who is not a validator',
      post: reviewed(post(), { by: 'camille' }),
      charter: unsigned,
      force,
      errors: [{ messageId: 'notValidator', line: 6, column: 1, message: '"camille" is not a validator' }],
    },
    {
      name: 'approved by an unknown person',
      post: reviewed(post(), { by: 'zoe' }),
      charter: unsigned,
      force,
      errors: [{ messageId: 'notValidator', line: 6, column: 1 }],
    },
    {
      name: 'a validator removed from the charter’s validators',
      post: reviewed(post()),
      charter: (c) => (c.people.find((p) => p.id === 'dominique')!.validator = false),
      force,
      errors: [{ messageId: 'notValidator', line: 6, column: 1 }],
    },
    {
      name: 'text edited after approval',
      post: reviewed(post({ text: 'À lire absolument.' }), { approvedSource: post() }),
      force,
      errors: [{ messageId: 'edited', line: 6, column: 1 }],
    },
    {
      name: 'publish_at edited after approval',
      post: reviewed(post({ at: '2026-11-28T16:00:00+01:00' }), { approvedSource: post() }),
      force,
      errors: [{ messageId: 'edited', line: 6, column: 1 }],
    },
    {
      name: 'image replaced after approval',
      post: (env) => {
        const src = reviewed(WITH_MEDIA) as (e: typeof env) => string;
        const out = src(env);
        writeFileSync(path.join(env.queueDir, 'media/p.png'), Buffer.concat([TINY_PNG, Buffer.from([0])]));
        return out;
      },
      files: { 'media/p.png': TINY_PNG },
      force,
      errors: [{ messageId: 'edited', line: 7, column: 1 }],
    },
    {
      name: 'no digest in the review',
      post: reviewed(post(), { digest: null }),
      force,
      errors: [{ messageId: 'edited', line: 6, column: 1 }],
    },
    {
      name: 'stale: publish_at more than 24 hours ago, points at publish_at',
      post: reviewed(post({ at: '2026-11-27T11:59:00+01:00' })),
      force,
      errors: [{ messageId: 'stale', line: 5, column: 13, message: 'the publication date, Friday, 27 November 2026 at 11:59 (Europe/Paris), is more than 24 h past' }],
    },
    {
      name: 'stale_after_hours from the charter',
      post: reviewed(post({ at: '2026-11-28T09:00:00+01:00' })),
      charter: (c) => (c.approval = { stale_after_hours: 2 }),
      force,
      errors: [{ messageId: 'stale', line: 5, column: 13 }],
    },
    {
      name: 'live-tweet more than one hour before the event',
      post: livetweet('2026-11-28T13:00:01+01:00'),
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
    {
      name: 'live-tweet the day after the event',
      post: livetweet('2026-11-28T09:00:00+01:00'),
      now: '2026-11-29T00:00:30+01:00',
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
    {
      name: 'live-tweet by an author who is not trained',
      post: livetweet('2026-11-28T11:00:00+01:00', 'noemie'),
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
    {
      name: 'live-tweet without event.starts',
      post: 'type: livetweet\nauthor: ines\ntext: "1/ On y est !"\nevent: { name: Rencontres ESS }\n',
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
    {
      name: 'the exception is for trained-author types only (presence)',
      post: 'type: presence\nauthor: ines\ntext: On y est.\nevent:\n  name: Forum\n  starts: 2026-11-28T11:00:00+01:00\n',
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
    {
      name: 'trained-author removed from the type in the charter',
      post: livetweet('2026-11-28T11:00:00+01:00'),
      charter: (c) => delete c.types['livetweet']!.approval,
      force,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
  ],
});
