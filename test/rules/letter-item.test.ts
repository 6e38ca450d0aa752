import { RuleTester, TINY_PNG } from '../helpers/rule-tester.js';

const files = { 'media/a.png': TINY_PNG, 'media/b.png': TINY_PNG, 'media/c.png': TINY_PNG };
const img = (f: string) => `  - file: media/${f}\n    alt: "Une image décrite assez longuement"\n`;

RuleTester.run('letter-item', {
  valid: [
    { name: 'a new member with a date', post: 'type: nouveaux-membres\nauthor: camille\ntext: Bienvenue à La Rustine.\npublish_at: 2026-12-01T09:00:00+01:00\n' },
    { name: 'a small get-together dated by its event', post: 'type: petit-rdv\nauthor: lea\ntext: Repas partagé.\nevent:\n  name: Repas\n  starts: 2026-12-10T12:30:00+01:00\n' },
    { name: 'a social post whose type feeds no section is not a letter item', post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: https://example.org/a\n' },
    { name: 'an event opted out with letter: false', post: 'type: evenement\nauthor: camille\ntext: Une fête.\nletter: false\n' },
    { name: 'two images (the letter allows 2)', post: `type: appel-benevoles\nauthor: yanis\ntext: Chantier.\npublish_at: 2026-12-02T09:00:00+01:00\nmedia:\n${img('a.png')}${img('b.png')}`, files },
    { name: 'an event dated by its start, in the letter by its type', post: 'type: evenement\nauthor: camille\ntext: Une fête.\nevent:\n  name: Fête\n  starts: 2026-12-18T19:00:00+01:00\n  place: Cour\n' },
  ],
  invalid: [
    { name: 'letter: true on a type no section takes', post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: https://example.org/a\npublish_at: 2026-12-02T09:00:00+01:00\nletter: true\n', errors: [{ messageId: 'noSection', line: 6, column: 9 }] },
    { name: 'a letter item without any date', post: 'type: appel-benevoles\nauthor: yanis\ntext: Chantier.\n', errors: [{ messageId: 'noDate', line: 1, column: 1 }] },
    {
      name: 'longer than the letter’s max_length',
      post: `type: nouveaux-membres\nauthor: camille\ntext: "${'é'.repeat(30)}"\npublish_at: 2026-12-01T09:00:00+01:00\n`,
      charter: (c) => (c.letter!.max_length = 20),
      errors: [{ messageId: 'tooLong', line: 3, column: 7, message: '30 characters, at most 20' }],
    },
    { name: 'three images, the letter allows 2', post: `type: appel-benevoles\nauthor: yanis\ntext: Chantier.\npublish_at: 2026-12-02T09:00:00+01:00\nmedia:\n${img('a.png')}${img('b.png')}${img('c.png')}`, files, errors: [{ messageId: 'tooManyMedia', line: 6, column: 3 }] },
  ],
});
