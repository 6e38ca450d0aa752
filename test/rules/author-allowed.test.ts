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
      name: 'author: Yanis (fr)',
      post: 'type: quartier\nauthor: Yanis\ntext: x\n',
      lang: 'fr',
      errors: [{ messageId: 'didYouMean', line: 2, column: 9, message: 'Auteur·e inconnu·e « Yanis » : vouliez-vous dire yanis ? Une personne s’écrit par son identifiant de la charte, en minuscules sans accent (ex. author: yanis).' }],
    },
    {
      name: 'author: Yanis (en)',
      post: 'type: quartier\nauthor: Yanis\ntext: x\n',
      lang: 'en',
      errors: [{ messageId: 'didYouMean', line: 2, column: 9, message: 'Unknown author "Yanis": did you mean yanis? A person is written by their charter id, lowercase without accents (e.g. author: yanis).' }],
    },
    {
      name: 'author: Inès, accent folded (fr)',
      post: 'type: quartier\nauthor: Inès\ntext: x\n',
      lang: 'fr',
      errors: [{ messageId: 'didYouMean', line: 2, column: 9, message: 'vouliez-vous dire ines ?' }],
    },
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
