import { RuleTester } from '../helpers/rule-tester.js';

const post = (type: string, author: string) => `type: ${type}\nauthor: ${author}\ntext: Bonjour.\n`;

RuleTester.run('author-allowed', {
  valid: [
    { name: 'Rézomotiv writes quartier', post: post('quartier', 'yanis') },
    { name: 'GREAT writes veille', post: post('veille', 'malik') },
    { name: 'GR Médias ("*") writes any type', post: post('livetweet', 'dominique') },
    { name: 'Bienvenue writes offre', post: post('offre', 'camille') },
    { name: 'an unknown type is type-known’s report, not this rule’s', post: post('annonce', 'camille') },
    {
      name: 'a group widened in the charter',
      post: post('veille', 'camille'),
      charter: (c) => (c.groups['bienvenue']!.types = ['offre', 'veille']),
    },
  ],
  invalid: [
    {
      name: 'unknown author',
      post: post('quartier', 'zoe'),
      errors: [{ messageId: 'unknown', line: 2, column: 9, severity: 2, message: 'Unknown author "zoe"' }],
    },
    {
      name: 'Bienvenue may not write veille',
      post: post('veille', 'camille'),
      errors: [{ messageId: 'notAllowed', line: 2, column: 9, message: '"camille" (Bienvenue) may not write "veille" posts. Types allowed to this group: offre, evenement, vie-membres, nouveaux-membres, petit-rdv.' }],
    },
    {
      name: 'Méthodes collaboratives may not live-tweet',
      post: '# billet\ntext: Bonjour.\ntype: livetweet\nauthor: noemie\n',
      errors: [{ messageId: 'notAllowed', line: 4, column: 9 }],
    },
    {
      name: 'a group narrowed in the charter',
      post: post('quartier', 'yanis'),
      charter: (c) => (c.groups['rezomotiv']!.types = []),
      errors: [{ messageId: 'notAllowed', line: 2, column: 9, message: 'Types allowed to this group: —' }],
    },
    {
      name: 'a person removed from the charter',
      post: post('quartier', 'yanis'),
      charter: (c) => (c.people = c.people.filter((p) => p.id !== 'yanis')),
      errors: [{ messageId: 'unknown', line: 2, column: 9 }],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: post('veille', 'camille'),
      charter: (c) => (c.rules!['author-allowed'] = 'warn'),
      errors: [{ messageId: 'notAllowed', line: 2, column: 9, severity: 1 }],
    },
  ],
});
