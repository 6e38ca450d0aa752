import { RuleTester } from '../helpers/rule-tester.js';

RuleTester.run('link-https', {
  valid: [
    { name: 'https link', post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: https://a.fr/x\n' },
    { name: 'upper-case scheme', post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: HTTPS://A.FR/X\n' },
    { name: 'a bare domain in the text', post: 'type: quartier\nauthor: yanis\ntext: Tout sur locauxmotiv.fr et a.fr/agenda\n' },
    { name: 'https URLs in the text', post: 'type: quartier\nauthor: yanis\ntext: Voir https://a.fr/x et https://b.fr\n' },
    {
      name: 'every link field in https',
      post:
        'type: livetweet\nauthor: ines\ntext: Fil.\nshare: https://x.com/a/status/1\nevent: { name: R, url: https://a.fr/e }\n' +
        'thread:\n  - text: Deux.\n    link: https://a.fr/2\nvariants:\n  twitter: { link: https://a.fr/t }\n',
    },
    { name: 'rule turned off', post: 'type: veille\nauthor: malik\ntext: x\nlink: http://a.fr\n', charter: (c) => (c.rules!['link-https'] = 'off') },
  ],
  invalid: [
    {
      name: 'http link',
      post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: http://a.fr/x\n',
      errors: [{ messageId: 'notHttps', line: 4, column: 7, severity: 2, message: '"http://a.fr/x"' }],
    },
    {
      name: 'http share',
      post: 'type: relais\nauthor: ines\nshare: http://x.com/a/status/1\n',
      errors: [{ messageId: 'notHttps', line: 3, column: 8 }],
    },
    {
      name: 'ftp link',
      post: 'type: veille\nauthor: malik\ntext: À lire.\nlink: ftp://a.fr/x\n',
      errors: [{ messageId: 'notHttps', line: 4, column: 7 }],
    },
    {
      name: 'http URL inside the text: points at the URL',
      post: 'type: quartier\nauthor: yanis\ntext: "Le programme : http://a.fr/programme"\n',
      errors: [{ messageId: 'notHttps', line: 3, column: 23, message: '"http://a.fr/programme"' }],
    },
    {
      name: 'event.url, thread link and variant link',
      post:
        'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: R, url: http://a.fr/e }\n' +
        'thread:\n  - text: Deux.\n    link: http://a.fr/2\nvariants:\n  twitter: { link: http://a.fr/t }\n',
      errors: [
        { messageId: 'notHttps', line: 4, column: 24 },
        { messageId: 'notHttps', line: 7, column: 11 },
        { messageId: 'notHttps', line: 9, column: 20 },
      ],
    },
    {
      name: 'http in a thread item text (block scalar)',
      post: 'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: R }\nthread:\n  - text: |\n      Les slides : http://a.fr/s\n',
      errors: [{ messageId: 'notHttps', line: 7, column: 20 }],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: 'type: veille\nauthor: malik\ntext: x\nlink: http://a.fr\n',
      charter: (c) => (c.rules!['link-https'] = 'warn'),
      errors: [{ messageId: 'notHttps', line: 4, column: 7, severity: 1 }],
    },
  ],
});
