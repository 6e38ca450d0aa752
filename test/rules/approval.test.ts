import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCharter } from '../../src/charter/load.js';
import { postDigest } from '../../src/post/digest.js';
import type { PostData } from '../../src/post/types.js';
import { parseYamlText } from '../../src/util/yaml.js';
import { type Case, RuleTester, TINY_PNG } from '../helpers/rule-tester.js';

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
}

/** Append a review block, its digest computed with the real postDigest over the queue folder. */
const reviewed =
  (source: string, o: ReviewOpts = {}): Case['post'] =>
  ({ queueDir, charter }) => {
    const data = parseYamlText(o.approvedSource ?? source).value as PostData;
    const digest = o.digest === undefined ? postDigest(data, queueDir, charter!) : o.digest;
    return (
      source +
      `review:\n  state: ${o.state ?? 'approved'}\n  by: ${o.by ?? 'dominique'}\n  at: "2026-11-27T18:00:00+01:00"\n` +
      (digest === null ? '' : `  digest: "${digest}"\n`) +
      (o.note ? `  note: "${o.note}"\n` : '')
    );
  };

const force = ['approval'];

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
      force,
    },
  ],
  invalid: [
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
      force,
      errors: [{ messageId: 'notValidator', line: 6, column: 1, message: '"camille" is not a validator' }],
    },
    {
      name: 'approved by an unknown person',
      post: reviewed(post(), { by: 'zoe' }),
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
