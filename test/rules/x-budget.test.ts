import { RuleTester } from '../helpers/rule-tester.js';

/** veille (X + Mastodon mirror), link in the text: 0.20 USD on X at the default prices; publish_at at 5:13. */
const veille = (at: string, text = 'À lire.') => `type: veille\nauthor: malik\ntext: ${text}\nlink: https://example.org/a\npublish_at: ${at}\n`;
/** presence (X), no link: 0.015 USD. */
const presence = (at: string) => `type: presence\nauthor: malik\ntext: Nous y sommes.\nevent:\n  name: Forum\npublish_at: ${at}\n`;
/** presence (X) with two images, each with its alt text: 0.015 + 2 × 0.005 = 0.025 USD. */
const presenceWithImages = (at: string, text = 'Nous y sommes.') =>
  `type: presence\nauthor: malik\ntext: ${text}\nmedia:\n  - file: media/a.jpg\n    alt: Une salle pleine pour le forum\n  - file: media/b.jpg\n    alt: La table ronde de l’après-midi\nevent:\n  name: Forum\npublish_at: ${at}\n`;
const budget = (n: number) => (c: { networks: { twitter?: { monthly_budget?: number; plan?: 'pay-per-use' | 'enterprise' } } }) => {
  c.networks.twitter!.monthly_budget = n;
};

RuleTester.run('x-budget', {
  valid: [
    { name: 'no monthly_budget in the charter', post: veille('2026-12-10T10:00:00+01:00'), others: [veille('2026-12-01T10:00:00+01:00', 'Autre.')] },
    { name: 'two veilles (0.40) within a 0.50 budget', post: veille('2026-12-10T10:00:00+01:00'), others: [veille('2026-12-01T10:00:00+01:00', 'Autre.')], charter: budget(0.5) },
    {
      name: 'posts of another month do not count',
      post: veille('2026-12-10T10:00:00+01:00'),
      others: [veille('2026-11-30T10:00:00+01:00', 'Autre.'), veille('2027-01-01T10:00:00+01:00', 'Encore.')],
      charter: budget(0.3),
    },
    {
      name: 'the post that crossed the budget is reported, not the ones before it',
      post: veille('2026-12-01T10:00:00+01:00'),
      others: [veille('2026-12-10T10:00:00+01:00', 'Autre.')],
      charter: budget(0.3),
    },
    { name: 'enterprise plan: not billed per post', post: veille('2026-12-10T10:00:00+01:00'), others: [veille('2026-12-01T10:00:00+01:00', 'Autre.')], charter: (c) => { budget(0.1)(c); c.networks.twitter!.plan = 'enterprise'; } },
    { name: 'no publish_at: no month to count it in', post: 'type: veille\nauthor: malik\ntext: x\nlink: https://example.org/a\n', charter: budget(0.1) },
    { name: 'posts without a link cost little', post: presence('2026-12-10T10:00:00+01:00'), others: [presence('2026-12-01T10:00:00+01:00')], charter: budget(0.05) },
    { name: 'rule turned off', post: veille('2026-12-10T10:00:00+01:00'), charter: (c) => { budget(0.1)(c); c.rules!['x-budget'] = 'off'; } },
  ],
  invalid: [
    {
      name: 'the alt text price comes from networks.twitter.prices.media_metadata',
      post: presenceWithImages('2026-12-10T10:00:00+01:00'),
      others: [presenceWithImages('2026-12-01T10:00:00+01:00', 'Encore nous.')],
      charter: (c) => {
        budget(0.2)(c);
        (c.networks.twitter as { prices?: Record<string, number> }).prices = { media_metadata: 0.05 };
      },
      // 2 × (0.015 + 2 × 0.05) = 0.23
      errors: [{ messageId: 'overBudget', line: 11, column: 13, network: 'twitter', message: 'cost 0,23 USD (alt texts included, 0,05 USD each)' }],
    },
    {
      name: 'alt texts are billed too: two posts with two images each (0.05) go over a 0.04 budget',
      post: presenceWithImages('2026-12-10T10:00:00+01:00'),
      others: [presenceWithImages('2026-12-01T10:00:00+01:00', 'Encore nous.')],
      charter: budget(0.04),
      errors: [{ messageId: 'overBudget', line: 11, column: 13, network: 'twitter', message: 'cost 0,05 USD (alt texts included, 0,005 USD each)' }],
    },
    {
      name: 'a second veille in the month goes over a 0.30 budget: warning at publish_at',
      post: veille('2026-12-10T10:00:00+01:00'),
      others: [veille('2026-12-01T10:00:00+01:00', 'Autre.')],
      charter: budget(0.3),
      errors: [{ messageId: 'overBudget', line: 5, column: 13, network: 'twitter', severity: 1, message: 'cost 0,40 USD (alt texts included, 0,005 USD each), over the monthly budget of 0,30 USD' }],
    },
    {
      name: 'one veille alone over a tiny budget',
      post: veille('2026-12-10T10:00:00+01:00'),
      charter: budget(0.1),
      errors: [{ messageId: 'overBudget', line: 5, column: 13, network: 'twitter', message: '2026-12' }],
    },
    {
      name: 'published posts count at their receipt time',
      post: veille('2026-12-10T10:00:00+01:00'),
      others: ['type: veille\nauthor: malik\ntext: Déjà.\nlink: https://example.org/b\npublished:\n  twitter: { id: "1", url: "https://x.com/i/web/status/1", at: "2026-12-02T10:00:00+01:00" }\n'],
      charter: budget(0.3),
      errors: [{ messageId: 'overBudget', line: 5, column: 13, network: 'twitter', message: '0,40 USD' }],
    },
  ],
});
