import type { CharterData } from '../../src/charter/types.js';
import { RuleTester } from '../helpers/rule-tester.js';

const a = (n: number) => 'a'.repeat(n);
const LONG_URL = 'https://locauxmotiv.fr/agenda/2026/decembre/jeudiwe-special-compost-dans-la-cour';

/** A veille post (X + its Mastodon mirror); text is a plain scalar on line 3, value at column 7. */
const veille = (text: string, extra = '') => `type: veille\nauthor: malik\ntext: ${text}\n${extra}`;
/** A quartier post (Facebook only). */
const quartier = (text: string, extra = '') => `type: quartier\nauthor: yanis\ntext: ${text}\n${extra}`;

const withAccount = (c: CharterData) => {
  c.accounts!['lm'] = { name: 'Locaux Motiv', twitter: 'LocauxMotivLyon', mastodon: '@locauxmotiv@mastodon.example', facebook: 'Locaux Motiv' };
};

RuleTester.run('max-length', {
  valid: [
    { name: 'exactly 280 characters on X', post: veille(a(280)) },
    {
      name: 'written longer than 280 but rendered shorter ({@cress-aura} → @CressAURA)',
      // 269 + 1 + 13 = 283 as written, 269 + 1 + 10 = 280 once rendered.
      post: veille(`"${a(269)} {@cress-aura}"`),
    },
    {
      name: 'the appended link counts 23 whatever its length (256 + newline + 23 = 280)',
      post: veille(a(256), `link: ${LONG_URL}\n`),
    },
    {
      name: 'a link already in the text is not appended twice',
      post: veille(`"${a(256)} ${LONG_URL}"`, `link: ${LONG_URL}\n`),
    },
    { name: 'an emoji counts 2 on X (278 + 2 = 280)', post: veille(`"${a(278)}🌱"`) },
    {
      name: 'a long main text is fine when X gets a short variant and Mastodon has room',
      post: veille(a(400), 'variants:\n  twitter:\n    text: Version courte pour X.\n  bluesky:\n    text: Version courte pour Bluesky.\n'),
    },
    {
      name: 'Mastodon counts @user@domain as @user (490 + 1 + 8 = 499)',
      post: veille('Court.', `variants:\n  mastodon:\n    text: "${a(490)} {@compost-lyon}"\n`),
    },
    {
      name: 'Mastodon: spoiler + text exactly 500',
      post: veille('Court.', `variants:\n  mastodon:\n    spoiler: politique\n    text: ${a(491)}\n`),
    },
    {
      name: 'Facebook counts code points, not X weights (100 emoji at max_length 100)',
      post: quartier(`"${'🌱'.repeat(100)}"`),
      charter: (c) => (c.networks.facebook!.max_length = 100),
    },
    {
      name: 'Facebook: the link goes in the preview card, not in the text',
      post: quartier(a(100), `link: ${LONG_URL}\n`),
      charter: (c) => (c.networks.facebook!.max_length = 100),
    },
    {
      name: 'every thread item within 280',
      post: `type: livetweet\nauthor: ines\ntext: ${a(280)}\nthread:\n  - text: ${a(280)}\n  - text: ${a(1)}\nevent:\n  name: Rencontres\n`,
    },
    {
      name: 'relais on an Enterprise plan: X quotes the shared post, it is not in the text (280 + quote)',
      post: `type: relais\nauthor: ines\ntext: ${a(280)}\nshare: https://x.com/FTiersLieux/status/1234567890\n`,
      charter: (c) => {
        c.networks.twitter!.plan = 'enterprise';
        // Bluesky, which mirrors X, gets the shared URL in its text (no quote there): a case for X alone.
        delete c.networks.bluesky;
      },
    },
    {
      name: 'relais on pay-per-use: the shared URL is in the text and counts 23 (256 + newline + 23)',
      post: `type: relais\nauthor: ines\ntext: ${a(256)}\nshare: https://x.com/FTiersLieux/status/1234567890\n`,
    },
    {
      name: 'rule turned off in the charter',
      post: veille(a(300)),
      charter: (c) => (c.rules!['max-length'] = 'off'),
    },
  ],
  invalid: [
    {
      name: 'relais on pay-per-use (the default): 280 characters + the shared URL are too long',
      post: `type: relais\nauthor: ines\ntext: ${a(280)}\nshare: https://x.com/FTiersLieux/status/1234567890\n`,
      errors: [
        { messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '304/280' },
        // Bluesky shows the link shortened (x.com/FTiersLieux/status/123…): 280 + 1 + 29.
        { messageId: 'tooLong', line: 3, column: 7, network: 'bluesky', message: '310/300' },
      ],
    },
    {
      name: 'a link that is only the start of a longer URL in the text is still appended (and counted)',
      post: veille(`${a(233)} https://a.fr/agenda`, 'link: https://a.fr\n'),
      errors: [
        { messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '281/280' },
      ],
    },
    {
      name: '281 characters on X',
      post: veille(a(281)),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', severity: 2, message: '281/280' }],
    },
    {
      name: 'a mention rendered as a longer X handle ({@lm} → @LocauxMotivLyon)',
      // 270 + 1 + 5 = 276 as written; 270 + 1 + 16 = 287 once rendered.
      post: veille(`"${a(270)} {@lm}"`),
      charter: withAccount,
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '287/280' }],
    },
    {
      name: 'the appended link makes 281 (257 + 1 + 23)',
      post: veille(a(257), `link: ${LONG_URL}\n`),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'a short link counts 23 too',
      post: veille(a(257), 'link: https://a.fr\n'),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'relais: a share that is not a post on X is appended as a link (257 + 1 + 23)',
      post: `type: relais\nauthor: ines\ntext: ${a(257)}\nshare: https://example.org/post/1\n`,
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'an emoji counts 2 on X (279 + 2 = 281)',
      post: veille(`"${a(279)}🌱"`),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'Mastodon: the spoiler counts (9 + 492 = 501)',
      post: veille('Court.', `variants:\n  mastodon:\n    spoiler: politique\n    text: ${a(492)}\n`),
      errors: [{ messageId: 'tooLong', line: 7, column: 11, network: 'mastodon', message: '501/500' }],
    },
    {
      name: 'too long on both X and Mastodon: one message per network',
      post: veille(a(501)),
      errors: [
        { messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '501/280' },
        { messageId: 'tooLong', line: 3, column: 7, network: 'mastodon', message: '501/500' },
        { messageId: 'tooLong', line: 3, column: 7, network: 'bluesky', message: '501/300' },
      ],
    },
    {
      name: 'Facebook counts code points (101 emoji)',
      post: quartier(`"${'🌱'.repeat(101)}"`),
      charter: (c) => (c.networks.facebook!.max_length = 100),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'facebook', message: '101/100' }],
    },
    {
      name: 'Facebook: a mention renders as the full account name',
      // {@mairie-lyon7} (15) → "Mairie du 7e arrondissement de Lyon" (35): 70 + 1 + 35 = 106.
      post: quartier(`"${a(70)} {@mairie-lyon7}"`),
      charter: (c) => (c.networks.facebook!.max_length = 100),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'facebook', message: '106/100' }],
    },
    {
      name: 'each thread item is measured (the second one is 281)',
      post: `type: livetweet\nauthor: ines\ntext: Fil en direct.\nthread:\n  - text: Deux.\n  - text: ${a(281)}\nevent:\n  name: Rencontres\n`,
      errors: [{ messageId: 'tooLong', line: 6, column: 11, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'a thread item link is appended and counts 23',
      post: `type: livetweet\nauthor: ines\ntext: Fil.\nthread:\n  - text: ${a(257)}\n    link: ${LONG_URL}\nevent:\n  name: Rencontres\n`,
      errors: [{ messageId: 'tooLong', line: 5, column: 11, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'variants.twitter.text is what X gets',
      post: veille('Court.', `variants:\n  twitter:\n    text: ${a(281)}\n`),
      errors: [{ messageId: 'tooLong', line: 6, column: 11, network: 'twitter', message: '281/280' }],
    },
    {
      name: 'block scalar: the final newline does not count, the position is the indicator',
      post: `type: veille\nauthor: malik\ntext: |\n  ${a(281)}\n`,
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter' }],
    },
    {
      name: 'max_length from the charter',
      post: veille(a(101)),
      charter: (c) => (c.networks.twitter!.max_length = 100),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', message: '101/100' }],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: veille(a(281)),
      charter: (c) => (c.rules!['max-length'] = 'warn'),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, network: 'twitter', severity: 1 }],
    },
  ],
});
