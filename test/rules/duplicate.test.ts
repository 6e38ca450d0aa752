import { RuleTester } from '../helpers/rule-tester.js';

const TEXT = 'Marché solidaire samedi place Jean-Macé.';
/** quartier (Facebook); text value at 3:7. */
const quartier = (text: string, extra = '') => `type: quartier\nauthor: yanis\ntext: ${text}\n${extra}`;
const veille = (text: string, link: string) => `type: veille\nauthor: malik\ntext: ${text}\nlink: ${link}\n`;
/** A live-tweet (X, with the Mastodon mirror) whose second item is `item`; that item's text value is at 6:11. */
const live = (item: string, first = '1/ Nous sommes aux Rencontres.') => `type: livetweet\nauthor: ines\ntext: ${first}\nevent: { name: Rencontres }\nthread:\n  - text: ${item}\n`;
const published = (network: string, at: string) => `published:\n  ${network}: { id: "1", at: "${at}" }\n`;

RuleTester.run('duplicate', {
  valid: [
    { name: 'alone in the queue', post: quartier(TEXT) },
    { name: 'a different text', post: quartier(TEXT), others: [quartier('Fête de quartier dimanche.')] },
    { name: 'the same text on another network (X)', post: quartier(TEXT), others: [veille(TEXT, 'https://a.fr')] },
    {
      name: 'published on the same network more than 30 days ago',
      post: quartier(TEXT),
      others: [quartier(TEXT, published('facebook', '2026-10-19T10:00:00+02:00'))],
    },
    {
      name: 'queued for more than 30 days later',
      post: quartier(TEXT, 'publish_at: 2026-12-01T10:00:00+01:00\n'),
      others: [quartier(TEXT, 'publish_at: 2027-01-15T10:00:00+01:00\n')],
    },
    {
      name: 'on X, the appended link makes the texts differ',
      post: veille(TEXT, 'https://a.fr/un'),
      others: [veille(TEXT, 'https://a.fr/deux')],
    },
    { name: 'an invalid other post is ignored', post: quartier(TEXT), others: [`${quartier(TEXT)}titre: x\n`] },
    {
      name: 'the post itself was published long ago: the newer copy is the one reported, not this one',
      post: quartier(TEXT, published('facebook', '2026-10-19T10:00:00+02:00')),
      others: [quartier(TEXT)],
    },
    { name: 'thread items that differ from every item of the others', post: live('Deuxième message.'), others: [live('Autre deuxième message.', '1/ Un autre fil.')] },
    { name: 'rule turned off', post: quartier(TEXT), others: [quartier(TEXT)], charter: (c) => (c.rules!['duplicate'] = 'off') },
  ],
  invalid: [
    {
      name: 'the same text queued on the same network',
      post: quartier(TEXT),
      others: [quartier(TEXT)],
      errors: [{ messageId: 'queued', line: 3, column: 7, network: 'facebook', severity: 2, message: 'Same text as post "other-1", queued for Facebook' }],
    },
    {
      name: 'differs only by case, spacing and Unicode form',
      post: quartier(TEXT),
      others: [quartier('"  MARCHE\u0301  solidaire samedi\\nplace Jean-Macé. "')],
      errors: [{ messageId: 'queued', line: 3, column: 7, network: 'facebook' }],
    },
    {
      name: 'published 10 days ago on the same network',
      post: quartier(TEXT),
      others: [quartier(TEXT, published('facebook', '2026-11-18T10:00:00+01:00'))],
      errors: [{ messageId: 'published', line: 3, column: 7, network: 'facebook', message: 'published on Facebook on Wednesday, 18 November 2026 at 10:00 (Europe/Paris): rephrase this one.' }],
    },
    {
      name: 'days from the charter (60): published 40 days ago',
      post: quartier(TEXT),
      others: [quartier(TEXT, published('facebook', '2026-10-19T10:00:00+02:00'))],
      charter: (c) => (c.rules!['duplicate'] = ['error', { days: 60 }]),
      errors: [{ messageId: 'published', line: 3, column: 7, network: 'facebook' }],
    },
    {
      name: 'on X and its Mastodon mirror: one report per network',
      post: veille(TEXT, 'https://a.fr/x'),
      others: [veille(TEXT, 'https://a.fr/x')],
      errors: [
        { messageId: 'queued', line: 3, column: 7, network: 'twitter' },
        { messageId: 'queued', line: 3, column: 7, network: 'mastodon' },
        { messageId: 'queued', line: 3, column: 7, network: 'bluesky' },
      ],
    },
    {
      name: 'compared as rendered: a mention and the account name',
      post: quartier('"Merci {@compost-lyon} !"'),
      others: [quartier('"Merci Compost Lyon !"')],
      errors: [{ messageId: 'queued', line: 3, column: 7, network: 'facebook' }],
    },
    {
      name: 'the Facebook variant is what Facebook gets',
      post: quartier('Autre chose.', `variants:\n  facebook:\n    text: ${TEXT}\n`),
      others: [quartier(TEXT)],
      errors: [{ messageId: 'queued', line: 6, column: 11, network: 'facebook' }],
    },
    {
      name: 'only one report per network even with two duplicates',
      post: quartier(TEXT),
      others: [quartier(TEXT), quartier(TEXT)],
      errors: [{ messageId: 'queued', line: 3, column: 7, network: 'facebook', message: '"other-1"' }],
    },
    {
      name: 'a thread item whose words were already published alone on X',
      post: live(TEXT),
      others: [`type: livetweet\nauthor: ines\ntext: ${TEXT}\nevent: { name: Avant }\n${published('twitter', '2026-11-27T10:00:00+01:00')}`],
      errors: [
        { messageId: 'published', line: 6, column: 11, network: 'twitter', message: 'published on X (Twitter) on Friday, 27 November 2026 at 10:00 (Europe/Paris)' },
        // Not yet on the mirror: there it is a queued copy.
        { messageId: 'queued', line: 6, column: 11, network: 'mastodon' },
        { messageId: 'queued', line: 6, column: 11, network: 'bluesky' },
      ],
    },
    {
      name: 'a post whose words are a thread item of another post',
      post: `type: livetweet\nauthor: ines\ntext: ${TEXT}\nevent: { name: Avant }\n`,
      others: [live(TEXT)],
      errors: [
        { messageId: 'queued', line: 3, column: 7, network: 'twitter', message: '"other-1"' },
        { messageId: 'queued', line: 3, column: 7, network: 'mastodon' },
        { messageId: 'queued', line: 3, column: 7, network: 'bluesky' },
      ],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: quartier(TEXT),
      others: [quartier(TEXT)],
      charter: (c) => (c.rules!['duplicate'] = ['warn', { days: 30 }]),
      errors: [{ messageId: 'queued', line: 3, column: 7, severity: 1 }],
    },
  ],
});
