import { RuleTester } from '../helpers/rule-tester.js';

const THREAD = 'thread:\n  - text: Deux.\n  - text: Trois.\n';

RuleTester.run('thread-allowed', {
  valid: [
    { name: 'a live-tweet thread', post: `type: livetweet\nauthor: ines\ntext: Un.\nevent: { name: Rencontres }\n${THREAD}` },
    { name: 'no thread', post: 'type: veille\nauthor: malik\ntext: Un.\n' },
    { name: 'an unknown type is type-known’s report', post: `type: annonce\nauthor: ines\ntext: Un.\n${THREAD}` },
    {
      name: 'thread allowed on veille by the charter',
      post: `type: veille\nauthor: malik\ntext: Un.\n${THREAD}`,
      charter: (c) => (c.types['veille']!.thread = true),
    },
  ],
  invalid: [
    {
      name: 'a thread on a veille: points at the key',
      post: `type: veille\nauthor: malik\ntext: Un.\n${THREAD}`,
      errors: [{ messageId: 'notAllowed', line: 4, column: 1, severity: 2, message: '(livetweet)' }],
    },
    {
      name: 'an empty thread list is still a thread',
      post: 'type: quartier\nauthor: yanis\ntext: Un.\nthread: []\n',
      errors: [{ messageId: 'notAllowed', line: 4, column: 1 }],
    },
    {
      name: 'no type allows threads any more',
      post: `type: livetweet\nauthor: ines\ntext: Un.\n${THREAD}`,
      charter: (c) => (c.types['livetweet']!.thread = false),
      errors: [{ messageId: 'notAllowed', line: 4, column: 1, message: '(—)' }],
    },
  ],
});
