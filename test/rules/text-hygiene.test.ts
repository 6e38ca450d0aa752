import { RuleTester, TINY_PNG } from '../helpers/rule-tester.js';

/** quartier post; `text` value at 3:7. */
const post = (text: string, extra = '') => `type: quartier\nauthor: yanis\ntext: ${text}\n${extra}`;
const NFD_E = 'e\u0301'; // é as e + combining acute

RuleTester.run('text-hygiene', {
  valid: [
    { name: 'plain NFC French text', post: post('"Fête de quartier à la Guillotière, ça commence à 19 h."') },
    { name: 'newlines and tabs inside a block scalar', post: post('|\n  Ligne un\n  \tindentée\n  Ligne trois') },
    { name: 'emoji with ZWJ-free variation selector', post: post('"Bravo ❤️ 🌱"') },
    { name: 'a family emoji: ZWJ inside an RGI sequence', post: post('"La fête des familles 👨\u200D👩\u200D👧 !"') },
    { name: 'rainbow flag and heart: VS16 and ZWJ inside sequences', post: post('"Fierté 🏳\uFE0F\u200D🌈 et ❤\uFE0F"') },
    { name: 'a keycap and a text-presentation selector after an emoji character', post: post('"Étape 1\uFE0F\u20E3 puis ↩\uFE0E"') },
    { name: 'a no-break space is not invisible', post: post('"Bonjour\u00A0!"') },
    { name: 'an event place written as a YAML block keeps its trailing line break', post: 'type: evenement\nauthor: yanis\ntext: JeudiWe.\nevent:\n  name: JeudiWe\n  starts: 2026-12-03T19:00:00+01:00\n  place: |\n    Locaux Motiv\n' },
    { name: 'no text at all (that is required-fields’ business)', post: 'type: quartier\nauthor: yanis\nvariants: { facebook: { text: Texte. } }\n' },
    {
      name: 'rule turned off',
      post: post(`"Fe${NFD_E}te"`),
      charter: (c) => (c.rules!['text-hygiene'] = 'off'),
    },
  ],
  invalid: [
    {
      name: 'a ZWJ alone between letters is still refused (fr)',
      post: post('"Bon\u200Djour"'),
      lang: 'fr',
      errors: [{ messageId: 'zeroWidth', line: 3, column: 11, message: 'Caractère invisible de largeur nulle (U+200D)' }],
    },
    {
      name: 'a ZWJ after an emoji but joining nothing valid is refused (en)',
      post: post('"Bravo 🌱\u200Dx"'),
      lang: 'en',
      errors: [{ messageId: 'zeroWidth', line: 3, column: 16, message: 'Invisible zero-width character (U+200D)' }],
    },
    {
      name: 'a variation selector alone is refused',
      post: post('"Bonjour\uFE0F"'),
      errors: [{ messageId: 'zeroWidth', line: 3, column: 15, message: 'U+FE0F' }],
    },
    {
      name: 'NFD text (decomposed accent)',
      post: post(`"Fe${NFD_E}te de quartier"`),
      errors: [{ messageId: 'notNfc', line: 3, column: 7, severity: 2 }],
    },
    {
      name: 'U+202E (right-to-left override), raw in the file: points at it',
      post: post('"Paiement \u202Eexe.fdp"'),
      errors: [{ messageId: 'bidi', line: 3, column: 17, message: 'U+202E' }],
    },
    {
      name: 'U+202E written as a YAML escape: points at the value',
      post: post('"Paiement \\u202Eexe.fdp"'),
      errors: [{ messageId: 'bidi', line: 3, column: 7, message: 'U+202E' }],
    },
    {
      name: 'U+200B (zero-width space) in a hashtag, block scalar',
      post: post('|\n  Rendez-vous #Jeudi\u200BWe'),
      errors: [{ messageId: 'zeroWidth', line: 4, column: 21, message: 'U+200B' }],
    },
    {
      name: 'U+FEFF inside the text',
      post: post('"Bon\uFEFFjour"'),
      errors: [{ messageId: 'zeroWidth', line: 3, column: 11, message: 'U+FEFF' }],
    },
    {
      name: 'a control character (BEL, YAML escape)',
      post: post('"Bonjour\\a"'),
      errors: [{ messageId: 'control', line: 3, column: 7, message: 'U+0007' }],
    },
    {
      name: 'a C1 control character (U+0085 escape)',
      post: post('"Bonjour\\x85 !"'),
      errors: [{ messageId: 'control', line: 3, column: 7, message: 'U+0085' }],
    },
    {
      name: 'several problems in one text: bidi, zero-width, NFD',
      post: post(`"\u202Ax\u200Dy ${NFD_E}"`),
      errors: [
        { messageId: 'notNfc', line: 3, column: 7 },
        { messageId: 'bidi', line: 3, column: 8 },
        { messageId: 'zeroWidth', line: 3, column: 10 },
      ],
    },
    { name: 'whitespace-only text', post: post('"   "'), errors: [{ messageId: 'empty', line: 3, column: 7 }] },
    { name: 'empty text', post: post('""'), errors: [{ messageId: 'empty', line: 3, column: 7 }] },
    {
      name: 'empty thread item text',
      post: 'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: Rencontres }\nthread:\n  - text: " "\n',
      errors: [{ messageId: 'empty', line: 6, column: 11 }],
    },
    {
      name: 'variant text, Mastodon spoiler and alt text are checked too',
      post:
        'type: veille\nauthor: malik\ntext: Lien.\nlink: https://a.fr\nmedia:\n  - file: media/p.png\n' +
        `    alt: "Deux bacs de compost\u200B en bois"\nvariants:\n  twitter:\n    text: "Fe${NFD_E}te"\n  mastodon:\n    spoiler: "\u2067politique"\n`,
      files: { 'media/p.png': TINY_PNG },
      errors: [
        { messageId: 'zeroWidth', line: 7, column: 31 },
        { messageId: 'notNfc', line: 10, column: 11 },
        { messageId: 'bidi', line: 12, column: 15 },
      ],
    },
    {
      // Issue 21, point 8: every free-text field, not only the texts.
      name: 'terminal escapes and a line break in the event name and place',
      post:
        'type: evenement\nauthor: yanis\ntext: JeudiWe.\nevent:\n  name: "JeudiWe\\e]0;pwned\\a"\n  starts: 2026-12-03T19:00:00+01:00\n' +
        '  place: "Locaux\\aMotiv"\n',
      errors: [
        { messageId: 'control', line: 5, column: 9, message: 'U+001B' },
        { messageId: 'control', line: 7, column: 10, message: 'U+0007' },
      ],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: post('""'),
      charter: (c) => (c.rules!['text-hygiene'] = 'warn'),
      errors: [{ messageId: 'empty', line: 3, column: 7, severity: 1 }],
    },
  ],
});
