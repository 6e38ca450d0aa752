import { RuleTester } from '../helpers/rule-tester.js';

const post = (text: string) => `type: quartier\nauthor: yanis\ntext: |\n  ${text}\n`;

RuleTester.run('inclusive-writing', {
  valid: [
    { name: 'already inclusive', post: post('Merci à les adhérent·es !') },
    { name: 'a longer word: les adhérentes', post: post('Merci aux adhérentes, les adhérentes sont là.') },
    { name: 'not the listed term: des adhérents', post: post('Merci à des adhérents.') },
    { name: 'rule turned off', post: post('les adhérents'), charter: (c) => (c.rules!['inclusive-writing'] = 'off') },
    { name: 'no terms in the options', post: post('les adhérents'), charter: (c) => (c.rules!['inclusive-writing'] = 'warn') },
  ],
  invalid: [
    {
      name: 'a repeated term: each occurrence at its own column, the writer\'s capital kept',
      post: 'type: quartier\nauthor: yanis\ntext: |\n  Les adhérents et les adhérents\n',
      errors: [
        { messageId: 'suggest', line: 4, column: 3, message: '"Les adhérent·es"' },
        { messageId: 'suggest', line: 4, column: 20, message: '"les adhérent·es"' },
      ],
    },
    {
      name: 'les adhérents: a warning at the term',
      post: post('Merci à les adhérents !'),
      errors: [{ messageId: 'suggest', line: 4, column: 11, severity: 1, message: '"les adhérents" → "les adhérent·es"' }],
    },
    {
      name: 'keeps the writer’s capital',
      post: post('Les habitants du quartier.'),
      errors: [{ messageId: 'suggest', line: 4, column: 3, message: '"Les habitants" → "Les habitant·es"' }],
    },
    {
      name: 'case-insensitive, accented capitals included',
      post: post('BONJOUR LES ADHÉRENTS'),
      errors: [{ messageId: 'suggest', line: 4, column: 11, message: '"LES ADHÉRENTS" → "Les adhérent·es"' }],
    },
    {
      name: 'two terms in one text, in order',
      post: post('les salariés et les usagers'),
      errors: [
        { messageId: 'suggest', line: 4, column: 3, message: '"les salarié·es"' },
        { messageId: 'suggest', line: 4, column: 19, message: '"les usager·es"' },
      ],
    },
    {
      name: 'a multi-word term',
      post: post('Appel à les porteurs de projet.'),
      errors: [{ messageId: 'suggest', line: 4, column: 11, message: '"les porteur·euses de projet"' }],
    },
    {
      name: 'in a thread item',
      post: 'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: R }\nthread:\n  - text: "Merci les intervenants"\n',
      errors: [{ messageId: 'suggest', line: 6, column: 18 }],
    },
    {
      name: 'terms from the charter, as an error',
      post: post('Merci les bénévoles.'),
      charter: (c) => (c.rules!['inclusive-writing'] = ['error', { terms: { 'les bénévoles': 'les bénévoles (toutes et tous)' } }]),
      errors: [{ messageId: 'suggest', line: 4, column: 9, severity: 2 }],
    },
  ],
});
