import { RuleTester } from '../helpers/rule-tester.js';

const HEAD = 'type: quartier\nauthor: yanis\n';

RuleTester.run('schema', {
  valid: [
    { name: 'a minimal post', post: `${HEAD}text: Marché solidaire samedi.\n` },
    {
      name: 'every field of the format',
      post:
        '# yaml-language-server: $schema=../charter/post.schema.json\n' +
        'type: livetweet\nauthor: ines\ntext: |\n  Fil en direct #ESS\nlink: https://a.fr/x\n' +
        'media:\n  - file: media/a.png\n    alt: Une salle pleine de monde\npublish_at: 2026-12-01T10:00:00+01:00\n' +
        'event:\n  name: Rencontres\n  starts: 2026-12-01T09:00:00\n  ends: 2026-12-01\n  place: Lyon\n  url: https://a.fr/e\n' +
        'share: https://x.com/a/status/1\nthread:\n  - text: Deux.\n    link: https://a.fr/2\nnetworks: [twitter]\n' +
        'variants:\n  mastodon: { spoiler: politique, visibility: unlisted, text: Autre., link: https://a.fr/m }\n' +
        'review: { state: approved, by: dominique, at: 2026-11-27T10:00:00+01:00, digest: "sha256:00" }\n' +
        'published:\n  twitter: { id: "1", url: https://x.com/a/status/1, at: 2026-12-01T10:00:00Z, thread: ["2"] }\n',
    },
    { name: 'dates: a date alone, with Z, without offset', post: `${HEAD}text: x\npublish_at: 2026-12-01\nevent: { starts: 2026-12-01T10:00Z, ends: "2026-12-01 12:00" }\n` },
    { name: 'the 29th of February of a leap year', post: `${HEAD}text: x\npublish_at: 2028-02-29T10:00:00+01:00\n` },
    {
      name: 'cannot be turned off, but a clean post is still clean',
      post: `${HEAD}text: x\n`,
      charter: (c) => (c.rules!['schema'] = 'off'),
    },
  ],
  invalid: [
    {
      name: 'unknown top-level field: points at the key',
      post: `${HEAD}text: x\ntitre: Marché\n`,
      errors: [{ messageId: 'structure', line: 4, column: 1, severity: 2, message: 'Unknown field "titre"' }],
    },
    {
      name: 'unknown nested field in a flow mapping: points at the key',
      post: `${HEAD}text: x\nevent: { name: Marché, lieu: Lyon }\n`,
      errors: [{ messageId: 'structure', line: 4, column: 24, message: 'Unknown field "lieu": did you mean "place"?' }],
    },
    {
      name: 'unknown field in a media item',
      post: `${HEAD}text: x\nmedia:\n  - file: media/a.png\n    legende: Une photo\n`,
      errors: [{ messageId: 'structure', line: 6, column: 5, message: 'Unknown field "legende" in "the 1st image"' }],
    },
    {
      name: 'an index is said in words (fr): « la 1re image »',
      post: `${HEAD}text: x\nmedia:\n  - file: media/a.png\n    legende: Une photo\n`,
      lang: 'fr',
      errors: [{ messageId: 'structure', line: 6, column: 5, message: 'Champ inconnu « legende » dans « la 1re image ». Champs possibles : file, alt.' }],
    },
    {
      name: 'a nested index is said in words (fr)',
      post: `${HEAD}text: x\nthread:\n  - text: a\n  - text: b\n    media:\n      - file: 3\n`,
      lang: 'fr',
      errors: [{ messageId: 'structure', line: 8, column: 15, message: '« file de la 1re image du 2e message du fil » doit être un texte (trouvé : un nombre).' }],
    },
    {
      name: 'a nested index is said in words (en)',
      post: `${HEAD}text: x\nthread:\n  - text: a\n  - text: b\n    media:\n      - file: 3\n`,
      lang: 'en',
      errors: [{ messageId: 'structure', line: 8, column: 15, message: '"file of the 1st image of the 2nd thread post" must be a string (found: a number).' }],
    },
    {
      name: 'a # in alt: names alt, not text (fr)',
      post: `${HEAD}text: x\nmedia:\n  - file: media/a.png\n    alt: Le marché du quartier #Lyon7\n`,
      lang: 'fr',
      errors: [{ messageId: 'hashtag-comment', line: 6, column: 32, message: 'La valeur de « alt de la 1re image » s’arrête avant « #Lyon7 »' }],
    },
    {
      name: 'a # in event.name: names event.name (en)',
      post: `${HEAD}text: x\nevent:\n  name: JeudiWe #compost\n`,
      lang: 'en',
      errors: [{ messageId: 'hashtag-comment', line: 5, column: 17, message: 'The value of "event.name" stops before "#compost": in YAML, "#" after a space starts a comment. Write "name: |"' }],
    },
    {
      name: 'wrong type: a number for text',
      post: `${HEAD}text: 42\n`,
      errors: [{ messageId: 'structure', line: 3, column: 7, message: '"text" must be a string (found: a number)' }],
    },
    {
      name: 'wrong type: a string for networks',
      post: `${HEAD}text: x\nnetworks: facebook\n`,
      errors: [{ messageId: 'structure', line: 4, column: 11, message: 'must be a list' }],
    },
    {
      name: 'wrong type: an empty value is null',
      post: `${HEAD}text:\n`,
      // The empty (null) scalar sits right after the colon.
      errors: [{ messageId: 'structure', line: 3, column: 6, message: '"text" must be a string (found: empty)' }],
    },
    {
      name: 'unknown network (enum)',
      post: `${HEAD}text: x\nnetworks: [facebook, linkedin]\n`,
      errors: [{ messageId: 'structure', line: 4, column: 22, message: '"networks.1" is "linkedin"' }],
    },
    {
      name: 'a link without scheme (pattern)',
      post: `${HEAD}text: x\nlink: locauxmotiv.fr\n`,
      errors: [{ messageId: 'structure', line: 4, column: 7 }],
    },
    {
      name: 'missing required author: points at the root mapping',
      post: '# commentaire\ntype: quartier\ntext: x\n',
      errors: [{ messageId: 'structure', line: 2, column: 1, message: 'Missing required field "author"' }],
    },
    {
      name: 'bad date 2026-13-45 (right shape, not a real date)',
      post: `${HEAD}text: x\npublish_at: 2026-13-45\n`,
      errors: [{ messageId: 'bad-date', line: 4, column: 13, message: '"publish_at" is not a real date: "2026-13-45"' }],
    },
    {
      name: 'bad dates in event: 31st of November, 25 o’clock',
      post: `${HEAD}text: x\nevent:\n  starts: 2026-11-31T10:00:00+01:00\n  ends: 2026-12-01T25:00:00+01:00\n`,
      errors: [
        { messageId: 'bad-date', line: 5, column: 11 },
        { messageId: 'bad-date', line: 6, column: 9 },
      ],
    },
    {
      name: 'a date in the wrong form (pattern), not bad-date',
      post: `${HEAD}text: x\npublish_at: 01/12/2026\n`,
      errors: [{ messageId: 'structure', line: 4, column: 13 }],
    },
    {
      name: 'YAML syntax error: unclosed flow sequence (reported where the parser gives up)',
      post: `${HEAD}networks: [facebook\ntext: x\n`,
      // The yaml parser stops at the next line; the fix goes where the list opens.
      errors: [{ messageId: 'yaml-unclosed-flow', line: 3, column: 11 }],
    },
    {
      name: 'YAML syntax error: a colon-space inside a plain scalar',
      post: `${HEAD}text: Horaires: 19 h\n`,
      // Reported at the start of the scalar that cannot hold a nested mapping.
      errors: [{ messageId: 'yaml-BLOCK_AS_IMPLICIT_KEY', line: 3, column: 7 }],
    },
    {
      name: 'duplicate key: points at the second one',
      post: `${HEAD}text: x\ntext: y\n`,
      errors: [{ messageId: 'yaml-DUPLICATE_KEY', line: 4, column: 1 }],
    },
    {
      name: 'tab indentation',
      post: `${HEAD}text: x\nevent:\n\tname: Marché\n`,
      errors: [{ messageId: 'yaml-TAB_AS_INDENT', line: 5, column: 1 }],
    },
    // The English message is not asserted: its detail is French-only ("not un fichier vide"), see the report.
    { name: 'empty file', post: '', errors: [{ messageId: 'empty', line: 1, column: 1, message: 'Empty file' }] },
    { name: 'only a comment', post: '# rien\n', errors: [{ messageId: 'empty', line: 1, column: 1 }] },
    { name: 'a bare text, not a mapping', post: 'Bonjour\n', errors: [{ messageId: 'not-a-map', line: 1, column: 1, message: 'not the text "Bonjour"' }] },
    { name: 'a list, not a mapping', post: '- type: quartier\n', errors: [{ messageId: 'list', line: 1, column: 1 }] },
    { name: 'CRLF line endings', post: 'type: quartier\r\nauthor: yanis\r\n', errors: [{ messageId: 'crlf', line: 1, column: 15 }] },
    { name: 'a byte order mark', post: '\uFEFFtype: quartier\nauthor: yanis\ntext: x\n', errors: [{ messageId: 'bom', line: 1, column: 1 }] },
    {
      name: 'a NUL byte',
      post: `${HEAD}text: "a\0b"\n`,
      errors: [{ messageId: 'binary', line: 3, column: 9 }],
    },
    {
      name: 'always an error, even when the charter says off',
      post: `${HEAD}text: x\ntitre: y\n`,
      charter: (c) => (c.rules!['schema'] = 'off'),
      errors: [{ messageId: 'structure', line: 4, column: 1, severity: 2 }],
    },
  ],
});
