import { RuleTester } from '../helpers/rule-tester.js';

RuleTester.run('network-for-type', {
  valid: [
    { name: 'no explicit networks', post: 'type: offre\nauthor: camille\ntext: Un bureau.\nlink: https://a.fr\n' },
    { name: 'the type’s own network', post: 'type: offre\nauthor: camille\ntext: Un bureau.\nnetworks: [facebook]\n' },
    { name: 'a variant for the Mastodon mirror of X', post: 'type: veille\nauthor: malik\ntext: À lire.\nvariants:\n  mastodon: { spoiler: politique }\n' },
    {
      name: 'a network added to the type in the charter',
      post: 'type: offre\nauthor: camille\ntext: Un bureau.\nnetworks: [facebook, twitter]\n',
      charter: (c) => (c.types['offre']!.networks = ['facebook', 'twitter']),
    },
  ],
  invalid: [
    {
      name: 'an offre on X',
      post: 'type: offre\nauthor: camille\ntext: Un bureau.\nnetworks: [twitter]\n',
      errors: [{ messageId: 'notForType', line: 4, column: 12, severity: 2, message: 'A "offre" post does not go to X (Twitter): the charter keeps it for Facebook.' }],
    },
    {
      name: 'block list: points at the wrong item',
      post: 'type: offre\nauthor: camille\ntext: Un bureau.\nnetworks:\n  - facebook\n  - twitter\n',
      errors: [{ messageId: 'notForType', line: 6, column: 5 }],
    },
    {
      name: 'a mirror is not a network of the type',
      post: 'type: veille\nauthor: malik\ntext: À lire.\nnetworks: [mastodon]\n',
      errors: [{ messageId: 'notForType', line: 4, column: 12 }],
    },
    {
      name: 'a variant for a network the post does not go to: a warning at the key',
      post: 'type: offre\nauthor: camille\ntext: Un bureau.\nvariants:\n  twitter:\n    text: Court.\n',
      errors: [{ messageId: 'variantUnused', line: 5, column: 3, severity: 1 }],
    },
    {
      name: 'explicit networks narrow the targets: the Facebook variant is unused',
      post: 'type: quartier\nauthor: yanis\ntext: x\nnetworks: [twitter]\nvariants: { facebook: { text: y } }\n',
      errors: [
        { messageId: 'notForType', line: 4, column: 12 },
        { messageId: 'variantUnused', line: 5, column: 13, severity: 1 },
      ],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: 'type: offre\nauthor: camille\ntext: Un bureau.\nnetworks: [twitter]\n',
      charter: (c) => (c.rules!['network-for-type'] = 'warn'),
      errors: [{ messageId: 'notForType', line: 4, column: 12, severity: 1 }],
    },
  ],
});
