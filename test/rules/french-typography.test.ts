import type { CharterData } from '../../src/charter/types.js';
import { RuleTester } from '../helpers/rule-tester.js';

const on = (c: CharterData) => (c.rules!['french-typography'] = 'warn');
/** quartier post, double-quoted text from 3:7 (content from 3:8). */
const post = (text: string) => `type: quartier\nauthor: yanis\ntext: "${text}"\n`;
const NBSP = '\u00A0';
const NNBSP = '\u202F';

RuleTester.run('french-typography', {
  valid: [
    { name: 'off in the real charter', post: post('Bonjour ! « Oui » : non ; si ?') },
    { name: 'no-break space before ! ? : ;', post: post(`Bonjour${NBSP}! Ça va${NNBSP}? Oui${NBSP}: bien${NNBSP};`), charter: on },
    { name: 'no-break spaces inside « »', post: post(`Il a dit «${NBSP}oui${NBSP}».`), charter: on },
    { name: 'times and URLs are left alone', post: post('À 19:00, voir https://a.fr/x?y=1 ou http://b.fr:8080/'), charter: on },
    { name: 'punctuation not followed by a space (smiley, ratio)', post: post('Score 3:2 et :-)'), charter: on },
  ],
  invalid: [
    {
      name: 'ordinary space before !: points at the character before',
      post: post('Bonjour !'),
      charter: on,
      errors: [{ messageId: 'beforePunct', line: 3, column: 14, severity: 1, message: 'before "!"' }],
    },
    {
      name: 'no space at all before ?',
      post: post('Ça va? Oui.'),
      charter: on,
      errors: [{ messageId: 'beforePunct', line: 3, column: 12, message: 'before "?"' }],
    },
    {
      name: 'colon and semicolon',
      post: post('Programme: apéro; musique'),
      charter: on,
      errors: [
        { messageId: 'beforePunct', line: 3, column: 16, message: '":"' },
        { messageId: 'beforePunct', line: 3, column: 23, message: '";"' },
      ],
    },
    {
      name: 'ordinary spaces inside « »: two reports',
      post: post('Il a dit « oui ».'),
      charter: on,
      errors: [
        { messageId: 'quotes', line: 3, column: 17 },
        { messageId: 'quotes', line: 3, column: 23 },
      ],
    },
    {
      name: 'in a block scalar, as an error',
      post: 'type: quartier\nauthor: yanis\ntext: |\n  Bienvenue\n  Venez nombreux!\n',
      charter: (c) => (c.rules!['french-typography'] = 'error'),
      errors: [{ messageId: 'beforePunct', line: 5, column: 16, severity: 2 }],
    },
  ],
});
