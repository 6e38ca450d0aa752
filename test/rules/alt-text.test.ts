import { RuleTester, TINY_PNG } from '../helpers/rule-tester.js';

const files = { 'media/compost.png': TINY_PNG, 'media/bacs-a-compost.png': TINY_PNG };
/** A quartier post with one image; `media:` on line 4, the item's `file:` key at 5:5, `alt` value at 6:10. */
const post = (alt: string | undefined, file = 'media/compost.png') =>
  `type: quartier\nauthor: yanis\ntext: Le compost de la cour.\nmedia:\n  - file: ${file}\n${alt === undefined ? '' : `    alt: ${alt}\n`}`;
const GOOD = '"Trois bacs à compost en bois dans la cour"';

RuleTester.run('alt-text', {
  valid: [
    { name: 'a descriptive alt', post: post(GOOD), files },
    { name: 'exactly 15 characters (the default min_length)', post: post('"Bacs de compost"'), files },
    { name: 'exactly 1000 characters', post: post('a'.repeat(1000)), files },
    { name: 'length in characters: 15 accented letters', post: post('"ééééé ééééé ééé"'), files },
    {
      name: 'min_length 30 from the charter, alt of 30 characters',
      post: post('"Trois bacs à compost en bois !"'),
      files,
      charter: (c) => (c.rules!['alt-text'] = ['error', { min_length: 30 }]),
    },
    { name: 'no media at all', post: 'type: quartier\nauthor: yanis\ntext: Rien à voir.\n' },
    {
      name: 'rule turned off: a missing alt is not reported',
      post: post(undefined),
      files,
      charter: (c) => (c.rules!['alt-text'] = 'off'),
    },
    {
      name: 'alt that merely contains the file name',
      post: post('"Photo de compost dans la cour, vue de haut"'),
      files,
    },
  ],
  invalid: [
    {
      name: 'alt missing: points at the media item',
      post: post(undefined),
      files,
      errors: [{ messageId: 'missing', line: 5, column: 5, severity: 2 }],
    },
    { name: 'empty alt', post: post('""'), files, errors: [{ messageId: 'missing', line: 6, column: 10 }] },
    { name: 'blank alt', post: post('"   "'), files, errors: [{ messageId: 'missing', line: 6, column: 10 }] },
    {
      name: '14 characters',
      post: post('"Bac de compost"'),
      files,
      errors: [{ messageId: 'tooShort', line: 6, column: 10, message: '(14 characters, at least 15)' }],
    },
    {
      name: 'trimmed before measuring',
      post: post('"   Bac de compost   "'),
      files,
      errors: [{ messageId: 'tooShort', line: 6, column: 10, message: '(14 characters' }],
    },
    {
      name: 'min_length 30 from the charter',
      post: post('"Trois bacs à compost en bois"'),
      files,
      charter: (c) => (c.rules!['alt-text'] = ['error', { min_length: 30 }]),
      errors: [{ messageId: 'tooShort', line: 6, column: 10, severity: 2, message: 'at least 30' }],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: post('court'),
      files,
      charter: (c) => (c.rules!['alt-text'] = ['warn', { min_length: 15 }]),
      errors: [{ messageId: 'tooShort', line: 6, column: 10, severity: 1 }],
    },
    { name: 'alt equal to the file name', post: post('compost.png'), files, errors: [{ messageId: 'fileName', line: 6, column: 10 }] },
    {
      name: 'alt equal to the file stem, whatever case, dashes and spaces',
      post: post('"Bacs a Compost"', 'media/bacs-a-compost.png'),
      files,
      errors: [{ messageId: 'fileName', line: 6, column: 10 }],
    },
    {
      name: 'alt equal to a long file stem (checked before the length)',
      post: post('bacs_a_compost', 'media/bacs-a-compost.png'),
      files,
      errors: [{ messageId: 'fileName', line: 6, column: 10 }],
    },
    {
      name: '1001 characters',
      post: post('a'.repeat(1001)),
      files,
      errors: [{ messageId: 'tooLong', line: 6, column: 10, message: '(1001 characters, at most 1000)' }],
    },
    {
      name: 'images in a thread item and in a variant are checked too',
      post:
        'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: Rencontres }\n' +
        'thread:\n  - text: Deux.\n    media:\n      - file: media/compost.png\n        alt: court\n' +
        'variants:\n  mastodon:\n    media:\n      - file: media/compost.png\n',
      files,
      errors: [
        { messageId: 'tooShort', line: 9, column: 14 },
        { messageId: 'missing', line: 13, column: 9 },
      ],
    },
    {
      name: 'flow style: one report per image, in order',
      post: `type: quartier\nauthor: yanis\ntext: Deux images.\nmedia: [{ file: media/compost.png }, { file: media/compost.png, alt: "" }]\n`,
      files,
      errors: [
        { messageId: 'missing', line: 4, column: 9 },
        { messageId: 'missing', line: 4, column: 70 },
      ],
    },
  ],
});
