import { RuleTester } from '../helpers/rule-tester.js';

/** quartier post; publish_at value at 4:13. */
const post = (at: string, type = 'quartier', author = 'yanis') => `type: ${type}\nauthor: ${author}\ntext: Marché.\npublish_at: ${at}\n`;

RuleTester.run('publish-window', {
  valid: [
    { name: 'no publish_at', post: 'type: quartier\nauthor: yanis\ntext: x\n' },
    { name: '08:00 sharp (window start)', post: post('2026-12-01T08:00:00+01:00') },
    { name: '21:00 sharp (window end)', post: post('2026-12-01T21:00:00+01:00') },
    { name: 'without offset: a wall-clock time in Europe/Paris', post: post('2026-12-01T10:00:00') },
    { name: 'UTC 07:30 is 08:30 in Paris in winter', post: post('2026-12-01T07:30:00Z') },
    { name: 'UTC 06:30 is 08:30 in Paris in summer', post: post('2026-07-01T06:30:00Z') },
    { name: '23:00 for a live-tweet (window: false)', post: post('2026-12-01T23:00:00+01:00', 'livetweet', 'ines') },
    { name: 'no window in the charter', post: post('2026-12-01T03:00:00+01:00'), charter: (c) => delete c.schedule!.window },
    {
      name: 'a wider window from the charter',
      post: post('2026-12-01T06:00:00+01:00'),
      charter: (c) => (c.schedule!.window = { from: '06:00', to: '23:00' }),
    },
  ],
  invalid: [
    {
      name: '07:59: a warning at publish_at',
      post: post('2026-12-01T07:59:00+01:00'),
      errors: [{ messageId: 'outside', line: 4, column: 13, severity: 1, message: 'at 07:59 (Europe/Paris), outside the charter\'s 08:00–21:00 window' }],
    },
    { name: '21:01', post: post('2026-12-01T21:01:00+01:00'), errors: [{ messageId: 'outside', line: 4, column: 13, message: '21:01' }] },
    { name: 'UTC 06:30 is 07:30 in Paris in winter', post: post('2026-12-01T06:30:00Z'), errors: [{ messageId: 'outside', line: 4, column: 13, message: '07:30' }] },
    { name: 'UTC 19:30 is 21:30 in Paris in summer', post: post('2026-07-01T19:30:00Z'), errors: [{ messageId: 'outside', line: 4, column: 13, message: '21:30' }] },
    {
      name: 'another offset: 22:00 in New York is 04:00 in Paris',
      post: post('2026-12-01T22:00:00-05:00'),
      errors: [{ messageId: 'outside', line: 4, column: 13, message: '04:00' }],
    },
    { name: 'a date alone is midnight', post: post('2026-12-01'), errors: [{ messageId: 'outside', line: 4, column: 13, message: '00:00' }] },
    {
      name: 'quoted, after the other fields',
      post: 'type: quartier\nauthor: yanis\nevent:\n  name: x\npublish_at: "2026-12-01 22:15"\ntext: x\n',
      errors: [{ messageId: 'outside', line: 5, column: 13 }],
    },
    {
      name: 'a type with window: true explicitly',
      post: post('2026-12-01T23:00:00+01:00', 'livetweet', 'ines'),
      charter: (c) => (c.types['livetweet']!.window = true),
      errors: [{ messageId: 'outside', line: 4, column: 13 }],
    },
    {
      name: 'error in the charter gives severity 2',
      post: post('2026-12-01T05:00:00+01:00'),
      charter: (c) => (c.rules!['publish-window'] = 'error'),
      errors: [{ messageId: 'outside', line: 4, column: 13, severity: 2 }],
    },
  ],
});
