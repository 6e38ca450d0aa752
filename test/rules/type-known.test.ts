import { RuleTester } from '../helpers/rule-tester.js';

RuleTester.run('type-known', {
  valid: [
    { name: 'a charter type', post: 'type: quartier\nauthor: yanis\ntext: Marché solidaire samedi.\n' },
    { name: 'another charter type', post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: https://a.fr\n' },
    {
      name: 'a type added to the charter',
      post: 'type: annonce\nauthor: dominique\ntext: Annonce.\n',
      charter: (c) => (c.types['annonce'] = { label: 'Annonce', networks: ['facebook'] }),
    },
  ],
  invalid: [
    {
      name: 'unknown type',
      post: 'type: annonce\nauthor: yanis\ntext: Marché solidaire samedi.\n',
      errors: [{ messageId: 'unknown', line: 1, column: 7, severity: 2, message: 'Unknown post type "annonce". Charter types: veille, relais' }],
    },
    {
      name: 'after a comment and other fields, quoted',
      post: '# yaml-language-server: $schema=../charter/post.schema.json\nauthor: yanis\ntext: x\ntype: "evenements"\n',
      errors: [{ messageId: 'didYouMean', line: 4, column: 7, message: 'did you mean "evenement"?' }],
    },
    {
      name: 'a type removed from the charter',
      post: 'type: quartier\nauthor: dominique\ntext: x\n',
      charter: (c) => {
        delete c.types['quartier'];
        for (const g of Object.values(c.groups)) if (Array.isArray(g.types)) g.types = g.types.filter((t) => t !== 'quartier');
      },
      errors: [{ messageId: 'unknown', line: 1, column: 7 }],
    },
  ],
});
