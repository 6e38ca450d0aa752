// Issue 21, point 14: receipts have their network's shape and are only on approved posts.
import { RuleTester } from '../helpers/rule-tester.js';

/** A veille by malik; `published:` starts at line 5 (the network at 6, its fields from 7). */
const base = 'type: veille\nauthor: malik\ntext: À lire.\nlink: https://a.fr/x\n';
const approved = 'review:\n  state: approved\n  by: sacha\n  at: 2026-11-28T10:00:00+01:00\n  digest: sha256:0000000000000000000000000000000000000000000000000000000000000000\n';
const receipt = (network: string, id: string, url: string, extra = '') => `published:\n  ${network}:\n    id: ${JSON.stringify(id)}\n    url: ${JSON.stringify(url)}\n    at: 2026-11-28T15:00:00+01:00\n${extra}`;

RuleTester.run('receipts', {
  valid: [
    { name: 'no receipt at all', post: base },
    { name: 'X receipt of an approved post', post: base + receipt('twitter', '1866012345678901234', 'https://x.com/i/web/status/1866012345678901234') + approved },
    { name: 'Mastodon receipt on the charter’s instance', post: base + receipt('mastodon', '113567890123456789', 'https://mastodon.example/@locauxmotiv/113567890123456789') + approved },
    { name: 'a receipt of the sandbox or a test server, on loopback', post: base + receipt('mastodon', '113567890123456789', 'http://127.0.0.1:40123/@locauxmotiv/113567890123456789') + approved },
    { name: 'Facebook receipt PAGE_POST', post: base + receipt('facebook', '1234567890_9876543210', 'https://www.facebook.com/1234567890/posts/9876543210') + approved },
    {
      name: 'edited after it went out: the approval in the history still counts',
      post: base + receipt('twitter', '1866012345678901234', 'https://x.com/i/web/status/1866012345678901234') + 'review:\n  state: changes-requested\n  by: sacha\n  at: 2026-11-29T10:00:00+01:00\n  history:\n    - { state: approved, by: sacha, at: 2026-11-28T10:00:00+01:00 }\n',
    },
  ],
  invalid: [
    {
      name: 'a hand-made receipt without any approval',
      post: base + receipt('twitter', '1866012345678901234', 'https://x.com/i/web/status/1866012345678901234'),
      errors: [{ messageId: 'unapproved', line: 6, column: 3 }],
    },
    {
      name: 'an approval by the author does not count',
      post: base + receipt('twitter', '1866012345678901234', 'https://x.com/i/web/status/1866012345678901234') + approved.replace('by: sacha', 'by: malik'),
      errors: [{ messageId: 'unapproved', line: 6, column: 3 }],
    },
    {
      name: 'an id that is not the network’s, and a link elsewhere (fr)',
      lang: 'fr',
      post: base + receipt('twitter', 'forged<script>', 'https://evil.example/phish') + approved,
      errors: [
        { messageId: 'id', line: 7, column: 9, message: 'Reçu twitter : l’identifiant « forged<script> »' },
        { messageId: 'url', line: 8, column: 10, message: 'https sur x.com' },
      ],
    },
    {
      name: 'a plain-http link on the network’s own host (en)',
      lang: 'en',
      post: base + receipt('facebook', '1234567890_9876543210', 'http://www.facebook.com/1234567890/posts/9876543210') + approved,
      errors: [{ messageId: 'url', line: 8, column: 10, message: 'must be https' }],
    },
    {
      name: 'Mastodon: a link on another instance than the charter’s',
      post: base + receipt('mastodon', '113567890123456789', 'https://other.example/@x/113567890123456789') + approved,
      charter: (c) => (c.networks.mastodon!.instance = 'https://piaille.fr'),
      errors: [{ messageId: 'url', line: 8, column: 10, message: 'piaille.fr' }],
    },
  ],
});
