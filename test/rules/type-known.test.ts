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
      errors: [{ messageId: 'unknown', line: 1, column: 7, severity: 2, message: 'Unknown post type "annonce". Charter types (lowercase, without accents): veille, relais' }],
    },
    {
      name: 'after a comment and other fields, quoted',
      post: '# yaml-language-server: $schema=../charter/post.schema.json\nauthor: yanis\ntext: x\ntype: "evenements"\n',
      errors: [{ messageId: 'didYouMean', line: 4, column: 7, message: 'did you mean evenement?' }],
    },
    // Written the French way: case and accents are folded before matching.
    ...(['événement', 'Evenement', 'ÉVÉNEMENT', 'Événement'] as const).flatMap((t) => [
      {
        name: `type: ${t} (fr)`,
        post: `type: ${t}\nauthor: yanis\ntext: x\n`,
        lang: 'fr' as const,
        errors: [{ messageId: 'didYouMean', line: 1, column: 7, message: `Type de billet inconnu « ${t} » : vouliez-vous dire evenement ? Un type s’écrit comme dans la charte, en minuscules sans accent (ex. type: evenement).` }],
      },
      {
        name: `type: ${t} (en)`,
        post: `type: ${t}\nauthor: yanis\ntext: x\n`,
        lang: 'en' as const,
        errors: [{ messageId: 'didYouMean', line: 1, column: 7, message: `Unknown post type "${t}": did you mean evenement? A type is written as in the charter, lowercase without accents (e.g. type: evenement).` }],
      },
    ]),
    {
      name: 'vie des membres, with spaces',
      post: 'type: Vie membres\nauthor: yanis\ntext: x\n',
      lang: 'fr',
      errors: [{ messageId: 'didYouMean', line: 1, column: 7, message: 'vouliez-vous dire vie-membres ?' }],
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
