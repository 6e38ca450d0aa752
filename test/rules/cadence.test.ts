import { RuleTester } from '../helpers/rule-tester.js';

/** quartier (Facebook, cadence 3 days); publish_at value at 4:13. */
const quartier = (at: string) => `type: quartier\nauthor: yanis\ntext: Marché.\npublish_at: ${at}\n`;
/** veille (X, cadence 7 days, + Mastodon mirror without cadence). */
const veille = (at: string) => `type: veille\nauthor: malik\ntext: À lire.\npublish_at: ${at}\n`;
const OWN = '2026-12-10T10:00:00+01:00';

RuleTester.run('cadence', {
  valid: [
    { name: 'alone: no earlier post, no gap to speak of', post: quartier(OWN) },
    { name: 'exactly 3 days after the previous one', post: quartier(OWN), others: [quartier('2026-12-07T10:00:00+01:00')] },
    { name: '3 days and 23 hours count as 3 whole days', post: quartier(OWN), others: [quartier('2026-12-06T11:00:00+01:00')] },
    {
      name: 'the nearest earlier post counts',
      post: quartier(OWN),
      others: [quartier('2026-12-01T10:00:00+01:00'), quartier('2026-12-08T10:00:00+01:00')],
    },
    { name: 'only later posts', post: quartier(OWN), others: [quartier('2026-12-20T10:00:00+01:00')] },
    { name: 'an earlier post on another network does not count either way', post: quartier(OWN), others: [veille('2026-12-01T10:00:00+01:00')] },
    { name: 'no publish_at: no date to measure from', post: 'type: quartier\nauthor: yanis\ntext: x\n', others: [quartier('2026-11-01T10:00:00+01:00')] },
    { name: 'X: 7 days', post: veille('2026-12-17T10:00:00+01:00'), others: [veille(OWN)] },
    { name: 'no cadence in the charter', post: quartier(OWN), others: [quartier('2026-11-01T10:00:00+01:00')], charter: (c) => delete c.schedule!.cadence },
    { name: 'rule turned off', post: quartier(OWN), others: [quartier('2026-11-01T10:00:00+01:00')], charter: (c) => (c.rules!['cadence'] = 'off') },
  ],
  invalid: [
    {
      name: '5 days without a Facebook post: a warning at publish_at',
      post: quartier(OWN),
      others: [quartier('2026-12-05T10:00:00+01:00')],
      errors: [{ messageId: 'gap', line: 4, column: 13, network: 'facebook', severity: 1, message: '5 days without a post on Facebook before this one (the charter allows at most 3): plan a post between Saturday, 5 December 2026 at 10:00 (Europe/Paris) and Thursday, 10 December 2026 at 10:00 (Europe/Paris)' }],
    },
    {
      name: 'in French, the dates as people read them',
      post: quartier(OWN),
      others: [quartier('2026-12-05T09:00:00Z')],
      lang: 'fr',
      errors: [{ messageId: 'gap', line: 4, column: 13, network: 'facebook', message: 'prévoyez un billet entre le samedi 5 décembre 2026 à 10:00 (Europe/Paris) et le jeudi 10 décembre 2026 à 10:00 (Europe/Paris).' }],
    },
    {
      name: '4 days and 1 hour',
      post: quartier(OWN),
      others: [quartier('2026-12-06T09:00:00+01:00')],
      errors: [{ messageId: 'gap', line: 4, column: 13, network: 'facebook', message: '4 days' }],
    },
    {
      name: 'the previous post is a published receipt',
      post: quartier(OWN),
      others: ['type: quartier\nauthor: yanis\ntext: Avant.\npublished:\n  facebook: { id: "1", at: "2026-12-01T10:00:00+01:00" }\n'],
      errors: [{ messageId: 'gap', line: 4, column: 13, network: 'facebook', message: '9 days' }],
    },
    {
      name: 'this post is published: points at its receipt',
      post: 'type: quartier\nauthor: yanis\ntext: x\npublished:\n  facebook: { id: "9", at: "2026-12-10T10:00:00+01:00" }\n',
      others: [quartier('2026-12-01T10:00:00+01:00')],
      errors: [{ messageId: 'gap', line: 5, column: 13, network: 'facebook' }],
    },
    {
      name: 'X: 10 days (its Mastodon mirror has no cadence)',
      post: veille('2026-12-20T10:00:00+01:00'),
      others: [veille(OWN)],
      errors: [{ messageId: 'gap', line: 4, column: 13, network: 'twitter', message: 'at most 7' }],
    },
    {
      name: 'a cadence for Mastodon in the charter: one report per network',
      post: veille('2026-12-20T10:00:00+01:00'),
      others: [veille(OWN)],
      charter: (c) => (c.schedule!.cadence!.mastodon = 5),
      errors: [
        { messageId: 'gap', line: 4, column: 13, network: 'twitter' },
        { messageId: 'gap', line: 4, column: 13, network: 'mastodon', message: 'at most 5' },
      ],
    },
    {
      name: 'error in the charter gives severity 2',
      post: quartier(OWN),
      others: [quartier('2026-12-01T10:00:00+01:00')],
      charter: (c) => (c.rules!['cadence'] = 'error'),
      errors: [{ messageId: 'gap', line: 4, column: 13, severity: 2 }],
    },
  ],
});
