import { RuleTester } from '../helpers/rule-tester.js';

const EVENT = 'event:\n  name: JeudiWe compost\n  starts: 2026-12-03T19:00:00+01:00\n  place: Locaux Motiv\n';

RuleTester.run('required-fields', {
  valid: [
    { name: 'veille with its link', post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: https://a.fr/x\n' },
    { name: 'evenement with name, starts and place', post: `type: evenement\nauthor: yanis\ntext: JeudiWe.\n${EVENT}` },
    { name: 'quartier requires nothing but a text', post: 'type: quartier\nauthor: yanis\ntext: Marché.\n' },
    { name: 'relais with share and no text of its own', post: 'type: relais\nauthor: ines\nshare: https://x.com/FTiersLieux/status/1234567890\n' },
    { name: 'no text but a variant text', post: 'type: quartier\nauthor: yanis\nvariants:\n  facebook:\n    text: Marché.\n' },
    { name: 'an unknown type is type-known’s report', post: 'type: annonce\nauthor: yanis\n' },
    {
      name: 'requires emptied in the charter',
      post: 'type: veille\nauthor: malik\ntext: À lire.\n',
      charter: (c) => delete c.types['veille']!.requires,
    },
  ],
  invalid: [
    {
      name: 'veille without link: points at the root mapping',
      post: 'type: veille\nauthor: malik\ntext: À lire.\n',
      errors: [{ messageId: 'missing', line: 1, column: 1, severity: 2, message: 'Type "veille" requires the field "link".' }],
    },
    {
      name: 'after a leading comment, the root mapping starts on line 2',
      post: '# yaml-language-server: $schema=../charter/post.schema.json\ntype: veille\nauthor: malik\ntext: À lire.\n',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
    {
      name: 'evenement without event at all: three reports at the root',
      post: 'type: evenement\nauthor: yanis\ntext: JeudiWe.\n',
      errors: [
        { messageId: 'missing', line: 1, column: 1, message: '"event.name"' },
        { messageId: 'missing', line: 1, column: 1, message: '"event.starts"' },
        { messageId: 'missing', line: 1, column: 1, message: '"event.place"' },
      ],
    },
    {
      name: 'evenement without place: points at the event mapping',
      post: 'type: evenement\nauthor: yanis\ntext: JeudiWe.\nevent:\n  name: JeudiWe\n  starts: 2026-12-03T19:00:00+01:00\n',
      errors: [{ messageId: 'missing', line: 5, column: 3, message: '"event.place"' }],
    },
    // An empty link fails the schema's URL pattern first, so required-fields never sees it;
    // a blank event name does reach it.
    {
      name: 'blank event.name',
      post: 'type: presence\nauthor: malik\ntext: On y est.\nevent:\n  name: "  "\n',
      errors: [{ messageId: 'empty', line: 5, column: 9, message: 'Field "event.name" is empty, but type "presence" requires it.' }],
    },
    {
      name: 'relais without share',
      post: 'type: relais\nauthor: ines\ntext: À relayer.\n',
      errors: [{ messageId: 'missing', line: 1, column: 1, message: '"share"' }],
    },
    {
      name: 'no text at all',
      post: 'type: quartier\nauthor: yanis\n',
      errors: [{ messageId: 'noText', line: 1, column: 1 }],
    },
    {
      name: 'share without requires: share still needs a text',
      post: 'type: veille\nauthor: malik\nlink: https://a.fr\nshare: https://x.com/a/status/1\n',
      errors: [{ messageId: 'noText', line: 1, column: 1 }],
    },
    {
      name: 'a blank variant text does not count as a text',
      post: 'type: quartier\nauthor: yanis\nvariants:\n  facebook:\n    text: " "\n',
      errors: [{ messageId: 'noText', line: 1, column: 1 }],
    },
    {
      name: 'requires from the charter (media)',
      post: 'type: quartier\nauthor: yanis\ntext: Marché.\nmedia: []\n',
      charter: (c) => (c.types['quartier']!.requires = ['media']),
      errors: [{ messageId: 'empty', line: 4, column: 8 }],
    },
  ],
});
