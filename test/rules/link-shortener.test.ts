import { RuleTester } from '../helpers/rule-tester.js';

const veille = (link: string, text = 'À lire.') => `type: veille\nauthor: malik\ntext: ${text}\nlink: ${link}\n`;

RuleTester.run('link-shortener', {
  valid: [
    { name: 'a full address', post: veille('https://locauxmotiv.fr/agenda') },
    { name: 'a domain that merely ends like a shortener', post: veille('https://notbit.ly/x') },
    { name: 'a path that mentions bit.ly', post: veille('https://a.fr/bit.ly') },
    {
      name: 'the charter’s list replaces the defaults (lnkd.in is a default, not in the charter)',
      post: veille('https://lnkd.in/abc'),
    },
    { name: 'rule turned off', post: veille('https://bit.ly/abc'), charter: (c) => (c.rules!['link-shortener'] = 'off') },
  ],
  invalid: [
    {
      name: 'bit.ly link: a warning',
      post: veille('https://bit.ly/abc'),
      errors: [{ messageId: 'shortened', line: 4, column: 7, severity: 1, message: '"https://bit.ly/abc" (bit.ly)' }],
    },
    {
      name: 'www. and upper case are the same host',
      post: veille('https://WWW.Bit.ly/abc'),
      errors: [{ messageId: 'shortened', line: 4, column: 7, message: '(bit.ly)' }],
    },
    {
      name: 'a shortened share',
      post: 'type: relais\nauthor: ines\nshare: https://t.co/xyz\n',
      errors: [{ messageId: 'shortened', line: 3, column: 8 }],
    },
    {
      name: 'a bare shortened URL in the text: points at it',
      post: veille('https://a.fr', '"À lire : tinyurl.com/abc"'),
      errors: [{ messageId: 'shortened', line: 3, column: 17, message: '"tinyurl.com/abc"' }],
    },
    {
      name: 'the default list when the charter gives no options',
      post: veille('https://lnkd.in/abc'),
      charter: (c) => (c.rules!['link-shortener'] = 'warn'),
      errors: [{ messageId: 'shortened', line: 4, column: 7 }],
    },
    {
      name: 'a domain of the charter’s own list, as an error',
      post: veille('https://court.example/abc'),
      charter: (c) => (c.rules!['link-shortener'] = ['error', { domains: ['court.example'] }]),
      errors: [{ messageId: 'shortened', line: 4, column: 7, severity: 2 }],
    },
    {
      name: 'link and text both shortened',
      post: veille('https://ow.ly/a', '"Voir https://buff.ly/b"'),
      errors: [
        { messageId: 'shortened', line: 3, column: 13 },
        { messageId: 'shortened', line: 4, column: 7 },
      ],
    },
  ],
});
