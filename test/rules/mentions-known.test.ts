import { RuleTester } from '../helpers/rule-tester.js';

/** veille post with a block-scalar text: content starts at 4:3. */
const post = (text: string) => `type: veille\nauthor: malik\ntext: |\n  ${text}\nlink: https://a.fr\n`;

RuleTester.run('mentions-known', {
  valid: [
    { name: 'a known {@id}', post: post('Avec {@compost-lyon} et {@cress-aura} !') },
    { name: 'an e-mail address is not a handle', post: post('Écrivez à contact@locauxmotiv.fr pour venir.') },
    { name: 'a URL with @ (Mastodon profile) is not a handle', post: post('Suivez https://mastodon.example/@compost pour tout savoir.') },
    { name: 'a lone @ sign', post: post('Rendez-vous @ 19 h.') },
    {
      name: 'an account added to the charter',
      post: post('Merci {@lm} !'),
      charter: (c) => (c.accounts!['lm'] = { name: 'Locaux Motiv' }),
    },
    { name: 'rule turned off', post: post('Avec {@inconnu} et @quelquun.'), charter: (c) => (c.rules!['mentions-known'] = 'off') },
  ],
  invalid: [
    {
      name: 'unknown {@id}: points at the mention',
      post: post('Avec {@inconnu} ce soir.'),
      errors: [{ messageId: 'unknown', line: 4, column: 8, severity: 2, message: 'Unknown mention "{@inconnu}"' }],
    },
    {
      name: 'a raw @handle is a warning even though the rule is an error',
      post: post('Merci @CompostLyon !'),
      errors: [{ messageId: 'raw', line: 4, column: 9, severity: 1, message: '"@CompostLyon"' }],
    },
    {
      name: 'a raw @user@instance handle',
      post: post('Merci @compost@mastodon.example !'),
      errors: [{ messageId: 'raw', line: 4, column: 9, severity: 1, message: '"@compost@mastodon.example"' }],
    },
    {
      name: 'a handle at the very start of the text',
      post: post('@CompostLyon merci !'),
      errors: [{ messageId: 'raw', line: 4, column: 3, severity: 1 }],
    },
    {
      name: 'an empty {@}',
      post: post('Avec {@} ce soir.'),
      errors: [{ messageId: 'unknown', line: 4, column: 8 }],
    },
    {
      name: 'case matters: {@Compost-Lyon} is not compost-lyon',
      post: post('Avec {@Compost-Lyon}.'),
      errors: [{ messageId: 'didYouMean', line: 4, column: 8, message: 'did you mean "{@compost-lyon}"?' }],
    },
    {
      name: 'mentions in a thread item and a variant',
      post:
        'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: Rencontres }\nthread:\n  - text: "Avec {@nobody}"\n' +
        'variants:\n  mastodon:\n    text: "Salut @ami@social.example"\n',
      errors: [
        { messageId: 'unknown', line: 6, column: 17 },
        { messageId: 'raw', line: 9, column: 18, severity: 1 },
      ],
    },
    {
      name: 'unknown and raw in one text, in source order',
      post: post('@Ami et {@x}'),
      errors: [
        { messageId: 'raw', line: 4, column: 3, severity: 1 },
        { messageId: 'unknown', line: 4, column: 11, severity: 2 },
      ],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: post('Avec {@inconnu}.'),
      charter: (c) => (c.rules!['mentions-known'] = 'warn'),
      errors: [{ messageId: 'unknown', line: 4, column: 8, severity: 1 }],
    },
  ],
});
