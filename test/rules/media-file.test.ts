import path from 'node:path';
import { jpegBytes, RuleTester, TINY_PNG } from '../helpers/rule-tester.js';

const ALT = '"Trois bacs à compost en bois dans la cour"';
/** A veille post (X + Mastodon) with one image: the `file` value is at 5:11. */
const post = (file: string, type = 'veille', author = 'malik') =>
  `type: ${type}\nauthor: ${author}\ntext: Photo.\nmedia:\n  - file: ${file}\n    alt: ${ALT}\n`;
/** n images, one per line from line 5; `media` value at 5:3. */
const many = (n: number, type = 'veille', author = 'malik') =>
  `type: ${type}\nauthor: ${author}\ntext: Photos.\nmedia:\n` + Array.from({ length: n }, () => `  - { file: media/p.png, alt: ${ALT} }\n`).join('');

const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(20)]);

RuleTester.run('media-file', {
  valid: [
    { name: 'a real 1×1 PNG in media/', post: post('media/pixel.png'), files: { 'media/pixel.png': TINY_PNG } },
    { name: 'a JPEG', post: post('media/photo.jpg'), files: { 'media/photo.jpg': jpegBytes() } },
    { name: 'a GIF', post: post('media/anim.gif'), files: { 'media/anim.gif': GIF } },
    { name: 'a WebP', post: post('media/photo.webp'), files: { 'media/photo.webp': WEBP } },
    { name: 'judged by its bytes: a PNG named .jpg', post: post('media/photo.jpg'), files: { 'media/photo.jpg': TINY_PNG } },
    { name: './ prefix and a detour that stays inside', post: post('./media/../media/pixel.png'), files: { 'media/pixel.png': TINY_PNG } },
    {
      name: 'a symlink to a file inside the queue',
      post: post('media/alias.png'),
      files: { 'media/pixel.png': TINY_PNG },
      symlinks: { 'media/alias.png': 'media/pixel.png' },
    },
    { name: '4 images on X', post: many(4), files: { 'media/p.png': TINY_PNG } },
    { name: '10 images on Facebook', post: many(10, 'quartier', 'yanis'), files: { 'media/p.png': TINY_PNG } },
    {
      name: 'exactly max_image_bytes',
      post: post('media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes(1000) },
      charter: (c) => (c.networks.twitter!.max_image_bytes = 1000),
    },
    {
      name: 'rule turned off',
      post: post('media/absent.png'),
      charter: (c) => (c.rules!['media-file'] = 'off'),
    },
  ],
  invalid: [
    {
      name: 'missing file',
      post: post('media/absent.png'),
      errors: [{ messageId: 'missing', line: 5, column: 11, severity: 2, message: 'Image not found: "media/absent.png"' }],
    },
    {
      name: '.. escaping the queue (even though the file exists)',
      post: post('../outside/photo.png'),
      files: { '../outside/photo.png': TINY_PNG },
      errors: [{ messageId: 'outside', line: 5, column: 11 }],
    },
    {
      name: '.. in the middle of the path',
      post: post('media/../../outside/photo.png'),
      files: { '../outside/photo.png': TINY_PNG },
      errors: [{ messageId: 'outside', line: 5, column: 11 }],
    },
    { name: 'absolute path', post: post('/etc/hosts'), errors: [{ messageId: 'absolute', line: 5, column: 11 }] },
    {
      name: 'absolute path even to a file inside the queue',
      post: ({ queueDir }) => post(path.join(queueDir, 'media/pixel.png')),
      files: { 'media/pixel.png': TINY_PNG },
      errors: [{ messageId: 'absolute', line: 5, column: 11 }],
    },
    { name: 'Windows drive path', post: post('"C:/images/photo.png"'), errors: [{ messageId: 'absolute', line: 5, column: 11 }] },
    {
      name: 'a symlink to a file outside the queue',
      post: post('media/link.png'),
      files: { '../outside/secret.png': TINY_PNG },
      symlinks: { 'media/link.png': '../outside/secret.png' },
      errors: [{ messageId: 'symlink-outside', line: 5, column: 11 }],
    },
    {
      name: 'a symlinked folder that leads outside the queue',
      post: post('media/photo.png'),
      files: { '../outside/photo.png': TINY_PNG },
      symlinks: { media: '../outside' },
      errors: [{ messageId: 'symlink-outside', line: 5, column: 11 }],
    },
    {
      name: 'a dangling symlink',
      post: post('media/link.png'),
      symlinks: { 'media/link.png': 'media/gone.png' },
      errors: [{ messageId: 'missing', line: 5, column: 11 }],
    },
    {
      name: 'a .jpg that is text',
      post: post('media/photo.jpg'),
      files: { 'media/photo.jpg': 'this is not an image\n' },
      errors: [{ messageId: 'not-image', line: 5, column: 11 }],
    },
    {
      name: 'an empty .png',
      post: post('media/empty.png'),
      files: { 'media/empty.png': '' },
      errors: [{ messageId: 'not-image', line: 5, column: 11 }],
    },
    {
      name: 'a folder',
      post: post('media/album.png'),
      files: { 'media/album.png/one.png': TINY_PNG },
      errors: [{ messageId: 'not-file', line: 5, column: 11 }],
    },
    {
      name: 'too many images for X (5 > 4), and for its Mastodon mirror',
      post: many(5),
      files: { 'media/p.png': TINY_PNG },
      errors: [
        { messageId: 'tooMany', line: 5, column: 3, network: 'twitter', message: '5, at most 4' },
        { messageId: 'tooMany', line: 5, column: 3, network: 'mastodon' },
      ],
    },
    {
      name: 'max_media from the charter, on a thread item',
      post:
        'type: livetweet\nauthor: ines\ntext: Fil.\nevent: { name: Rencontres }\nthread:\n  - text: Deux.\n    media:\n' +
        `      - { file: media/p.png, alt: ${ALT} }\n      - { file: media/p.png, alt: ${ALT} }\n`,
      files: { 'media/p.png': TINY_PNG },
      charter: (c) => (c.networks.twitter!.max_media = 1),
      errors: [{ messageId: 'tooMany', line: 8, column: 7, network: 'twitter', message: '2, at most 1' }],
    },
    {
      name: 'an image over max_image_bytes',
      post: post('media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes(1001) },
      charter: (c) => (c.networks.twitter!.max_image_bytes = 1000),
      errors: [{ messageId: 'tooBig', line: 5, column: 11, network: 'twitter' }],
    },
    {
      name: 'an image over the X default (5 MB) but within Mastodon’s 16 MB',
      post: post('media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes(5 * 1024 * 1024 + 1) },
      errors: [{ messageId: 'tooBig', line: 5, column: 11, network: 'twitter', message: 'at most 5.0 MB' }],
    },
    {
      name: 'one report per broken item, in order',
      post: `type: quartier\nauthor: yanis\ntext: Photos.\nmedia:\n  - file: media/absent.png\n    alt: ${ALT}\n  - file: media/text.png\n    alt: ${ALT}\n`,
      files: { 'media/text.png': 'PNG? no.' },
      errors: [
        { messageId: 'missing', line: 5, column: 11 },
        { messageId: 'not-image', line: 7, column: 11 },
      ],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: post('media/absent.png'),
      charter: (c) => (c.rules!['media-file'] = 'warn'),
      errors: [{ messageId: 'missing', line: 5, column: 11, severity: 1 }],
    },
  ],
});
