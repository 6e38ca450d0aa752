import { RuleTester } from '../helpers/rule-tester.js';

/** quartier post, block-scalar text: content from 4:3. */
const post = (text: string) => `type: quartier\nauthor: yanis\ntext: |\n  ${text}\n`;

RuleTester.run('hashtag-case', {
  valid: [
    { name: 'canonical spelling', post: post('Ce soir #JeudiWe et mardi #MardiPro') },
    { name: 'a hashtag not in the charter', post: post('Vive le #compost') },
    { name: '#ESSE is its own charter hashtag, not ESS misspelt', post: post('#ESSE #ESS') },
    { name: 'a URL fragment is not a hashtag', post: post('https://a.fr/agenda#jeudiwe') },
    { name: 'no charter hashtags', post: post('#jeudiwe'), charter: (c) => delete c.hashtags },
    { name: 'rule turned off', post: post('#jeudiwe'), charter: (c) => (c.rules!['hashtag-case'] = 'off') },
  ],
  invalid: [
    {
      name: 'the same misspelling twice: each occurrence at its own column',
      post: post('#jeudiwe puis #jeudiwe'),
      errors: [
        { messageId: 'wrongCase', line: 4, column: 3 },
        { messageId: 'wrongCase', line: 4, column: 17 },
      ],
    },
    {
      name: 'a longer hashtag containing the misspelling does not steal its position',
      post: post('#jeudiweek puis #jeudiwe'),
      errors: [{ messageId: 'wrongCase', line: 4, column: 19 }],
    },
    {
      name: '#jeudiwe → #JeudiWe: a warning at the hashtag',
      post: post('Ce soir #jeudiwe !'),
      errors: [{ messageId: 'wrongCase', line: 4, column: 11, severity: 1, message: 'Write "#JeudiWe" rather than "#jeudiwe"' }],
    },
    {
      name: 'two different misspellings, in order',
      post: post('#JEUDIWE puis #mardipro'),
      errors: [
        { messageId: 'wrongCase', line: 4, column: 3, message: '"#JeudiWe"' },
        { messageId: 'wrongCase', line: 4, column: 17, message: '"#MardiPro"' },
      ],
    },
    {
      name: 'after the canonical spelling on the same line',
      post: post('#JeudiWe ou #Jeudiwe'),
      errors: [{ messageId: 'wrongCase', line: 4, column: 15 }],
    },
    {
      name: '#esse → #ESSE, #lyon7 → #Lyon7',
      post: post('#esse #lyon7'),
      errors: [
        { messageId: 'wrongCase', line: 4, column: 3, message: '"#ESSE"' },
        { messageId: 'wrongCase', line: 4, column: 9, message: '"#Lyon7"' },
      ],
    },
    {
      name: 'in a thread item and a variant',
      post:
        'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: R }\nthread:\n  - text: "Avec #ess"\n' +
        'variants:\n  mastodon: { text: "#tierslieux" }\n',
      errors: [
        { messageId: 'wrongCase', line: 6, column: 17, message: '"#ESS"' },
        { messageId: 'wrongCase', line: 8, column: 22, message: '"#TiersLieux"' },
      ],
    },
    {
      name: 'a hashtag added to the charter',
      post: post('#compost'),
      charter: (c) => c.hashtags!.push('Compost'),
      errors: [{ messageId: 'wrongCase', line: 4, column: 3 }],
    },
  ],
});
