import { RuleTester } from '../helpers/rule-tester.js';

/** veille (X max 2, Mastodon max 4); block-scalar text, value at 3:7. */
const veille = (text: string, extra = '') => `type: veille\nauthor: malik\ntext: |\n  ${text}\nlink: https://a.fr/x\n${extra}`;

RuleTester.run('hashtags-max', {
  valid: [
    { name: '2 hashtags on X', post: veille('Bonne lecture #ESS #TiersLieux') },
    { name: 'a URL fragment is not a hashtag', post: veille('Bonne lecture #ESS #TiersLieux https://a.fr/page#section') },
    { name: '3 hashtags on Facebook', post: 'type: quartier\nauthor: yanis\ntext: |\n  Marché #Lyon7 #ESS #Noel\n' },
    {
      name: 'X gets a variant with 2, Mastodon the main text with 4',
      post: veille('Lecture #a #b #c #d', 'variants:\n  twitter:\n    text: "Lecture #a #b"\n  bluesky:\n    text: "Lecture #a #b #c"\n'),
    },
    {
      name: 'max_hashtags raised in the charter',
      post: veille('#a #b #c'),
      charter: (c) => (c.networks.twitter!.max_hashtags = 3),
    },
    { name: 'rule turned off', post: veille('#a #b #c #d #e'), charter: (c) => (c.rules!['hashtags-max'] = 'off') },
  ],
  invalid: [
    {
      name: '3 hashtags on X (Mastodon allows 4): a warning',
      post: veille('Lecture #ESS #TiersLieux #Lyon7'),
      errors: [{ messageId: 'tooMany', line: 3, column: 7, network: 'twitter', severity: 1, message: 'Too many hashtags for X (Twitter): 3, at most 2 (#ESS #TiersLieux #Lyon7)' }],
    },
    {
      name: '5 hashtags: X and Mastodon',
      post: veille('#a #b #c #d #e'),
      errors: [
        { messageId: 'tooMany', line: 3, column: 7, network: 'twitter', message: '5, at most 2' },
        { messageId: 'tooMany', line: 3, column: 7, network: 'mastodon', message: '5, at most 4' },
        { messageId: 'tooMany', line: 3, column: 7, network: 'bluesky', message: '5, at most 3' },
      ],
    },
    {
      name: '4 hashtags on Facebook',
      post: 'type: quartier\nauthor: yanis\ntext: "#a #b #c #d"\n',
      errors: [{ messageId: 'tooMany', line: 3, column: 7, network: 'facebook' }],
    },
    {
      name: 'counted per thread item',
      post: 'type: livetweet\nauthor: ines\ntext: "#ESS #TiersLieux"\nevent: { name: R }\nthread:\n  - text: "#a #b"\n  - text: "#a #b #c"\n',
      errors: [{ messageId: 'tooMany', line: 7, column: 11, network: 'twitter' }],
    },
    {
      name: 'the X variant is what counts on X',
      post: veille('Lecture', 'variants:\n  twitter:\n    text: "#a #b #c"\n'),
      errors: [{ messageId: 'tooMany', line: 8, column: 11, network: 'twitter' }],
    },
    {
      name: 'max_hashtags 0 in the charter',
      post: veille('#ESS'),
      charter: (c) => (c.networks.twitter!.max_hashtags = 0),
      errors: [{ messageId: 'tooMany', line: 3, column: 7, network: 'twitter' }],
    },
    {
      name: 'error in the charter gives severity 2',
      post: veille('#a #b #c'),
      charter: (c) => (c.rules!['hashtags-max'] = 'error'),
      errors: [{ messageId: 'tooMany', line: 3, column: 7, network: 'twitter', severity: 2 }],
    },
  ],
});
