import { RuleTester } from '../helpers/rule-tester.js';

// now = 2026-11-28T12:00:00+01:00 (11:00 UTC)
const post = (at: string, extra = '', type = 'veille', author = 'malik') =>
  `type: ${type}\nauthor: ${author}\ntext: x\nlink: https://a.fr\npublish_at: ${at}\n${extra}`;

RuleTester.run('schedule-past', {
  valid: [
    { name: 'in the future', post: post('2026-12-01T10:00:00+01:00') },
    { name: 'exactly now', post: post('2026-11-28T12:00:00+01:00') },
    { name: 'no publish_at', post: 'type: veille\nauthor: malik\ntext: x\n' },
    { name: '11:30 UTC is 12:30 in Paris: still to come', post: post('2026-11-28T11:30:00Z') },
    {
      name: 'published on every target (X and its Mastodon and Bluesky mirrors)',
      post: post('2026-11-20T10:00:00+01:00', 'published:\n  twitter: { id: "1", at: 2026-11-20T10:00:05+01:00 }\n  mastodon: { id: "2", at: 2026-11-20T10:00:06+01:00 }\n  bluesky: { id: "at://did:plc:x/app.bsky.feed.post/3lzzzzzzzzz22", at: 2026-11-20T10:00:07+01:00 }\n'),
    },
    { name: 'a later clock', post: post('2026-12-01T10:00:00+01:00'), now: '2026-11-30T10:00:00+01:00' },
  ],
  invalid: [
    {
      name: 'yesterday: a warning at publish_at',
      post: post('2026-11-27T10:00:00+01:00'),
      errors: [{ messageId: 'past', line: 5, column: 13, severity: 1, message: 'The publication date, Friday, 27 November 2026 at 10:00 (Europe/Paris), is past' }],
    },
    {
      name: 'in French, the date as people read it in the charter’s zone (not UTC, not ISO)',
      post: post('2026-11-28T09:30:00Z'),
      lang: 'fr',
      errors: [{ messageId: 'past', line: 5, column: 13, message: 'La date de publication, samedi 28 novembre 2026 à 10:30 (Europe/Paris), est passée et le billet n’est pas encore publié partout' }],
    },
    {
      name: 'without offset, 11:30 is Paris time: half an hour ago',
      post: post('2026-11-28T11:30:00'),
      errors: [{ messageId: 'past', line: 5, column: 13 }],
    },
    {
      name: 'published on X but not yet on Mastodon',
      post: post('2026-11-20T10:00:00+01:00', 'published:\n  twitter: { id: "1", at: 2026-11-20T10:00:05+01:00 }\n'),
      errors: [{ messageId: 'past', line: 5, column: 13 }],
    },
    {
      name: 'a different clock',
      post: post('2026-12-01T10:00:00+01:00'),
      now: '2026-12-01T10:00:01+01:00',
      errors: [{ messageId: 'past', line: 5, column: 13 }],
    },
    {
      name: 'error in the charter gives severity 2',
      post: post('2026-11-27T10:00:00+01:00'),
      charter: (c) => (c.rules!['schedule-past'] = 'error'),
      errors: [{ messageId: 'past', line: 5, column: 13, severity: 2 }],
    },
  ],
});
