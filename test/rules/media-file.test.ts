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
/** The first bytes of an iPhone photo: an ISO BMFF `ftyp` box with the `heic` brand. */
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(20)]);
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
        { messageId: 'tooMany', line: 5, column: 3, network: 'bluesky', message: '5, at most 4' },
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
      // A JPEG is reduced at publish: a warning, not a dead end.
      errors: [{ messageId: 'reducedAtPublish', line: 5, column: 11, network: 'twitter', severity: 1 }],
    },
    {
      name: 'a JPEG over the X limit (5 MB) but within Mastodon’s 16 MB: reduced at publish (fr, decimal comma)',
      post: post('media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes(Math.round(5.5 * 1024 * 1024)) },
      lang: 'fr',
      errors: [
        { messageId: 'reducedAtPublish', line: 5, column: 11, network: 'twitter', severity: 1, message: 'Image trop lourde pour X (Twitter) (5,5 Mo, au plus 5,0 Mo) : une copie réduite lui sera envoyée automatiquement à la publication ; le fichier d’origine ne change pas.' },
        { messageId: 'reducedAtPublish', line: 5, column: 11, network: 'bluesky', severity: 1, message: 'Image trop lourde pour Bluesky (5,5 Mo, au plus 1,9 Mo)' },
      ],
    },
    {
      name: 'a JPEG over the X limit: reduced at publish (en)',
      post: post('media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes(Math.round(5.5 * 1024 * 1024)) },
      lang: 'en',
      errors: [{ messageId: 'reducedAtPublish', line: 5, column: 11, network: 'twitter', severity: 1, message: '(5.5 MB, at most 5.0 MB): a reduced copy will be sent automatically at publish' },
        { messageId: 'reducedAtPublish', line: 5, column: 11, network: 'bluesky', severity: 1, message: '(5.5 MB, at most 1.9 MB)' },
      ],
    },
    {
      name: 'a GIF over the limit cannot be reduced: an error, sizes with a decimal comma (fr)',
      post: post('media/anim.gif'),
      files: { 'media/anim.gif': Buffer.concat([GIF, Buffer.alloc(2000)]) },
      charter: (c) => (c.networks.twitter!.max_image_bytes = 1000),
      lang: 'fr',
      errors: [{ messageId: 'tooBig', line: 5, column: 11, network: 'twitter', severity: 2, message: 'Image trop lourde pour X (Twitter) : 2 Ko, au plus 1 Ko.' }],
    },
    {
      name: 'a GIF over Bluesky’s 2,000,000 bytes, within X’s and Mastodon’s limits: cannot be reduced, an error for Bluesky only (nothing goes out)',
      post: post('media/anim.gif'),
      files: { 'media/anim.gif': Buffer.concat([GIF, Buffer.alloc(2_100_000)]) },
      lang: 'fr',
      errors: [{ messageId: 'tooBig', line: 5, column: 11, network: 'bluesky', severity: 2, message: 'Image trop lourde pour Bluesky : 2,0 Mo, au plus 1,9 Mo.' }],
    },
    {
      name: 'a HEIC photo is named, with how to convert it (fr)',
      post: post('media/IMG_0042.jpg'),
      files: { 'media/IMG_0042.jpg': HEIC },
      lang: 'fr',
      errors: [{ messageId: 'heic', line: 5, column: 11, message: '« media/IMG_0042.jpg » est une photo HEIC (le format par défaut des iPhone), que les réseaux n’acceptent pas : convertissez-la en JPEG' }],
    },
    {
      name: 'a HEIC photo is named, with how to convert it (en)',
      post: post('media/IMG_0042.heic'),
      files: { 'media/IMG_0042.heic': HEIC },
      lang: 'en',
      errors: [{ messageId: 'heic', line: 5, column: 11, message: 'is a HEIC photo (the iPhone default), which the networks do not accept: convert it to JPEG' }],
    },
    {
      name: 'a path written from the repository root (fr)',
      post: post('queue/media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes() },
      lang: 'fr',
      errors: [{ messageId: 'missingDidYouMean', line: 5, column: 11, message: 'Image introuvable : « queue/media/photo.jpg » — vouliez-vous dire media/photo.jpg ?' }],
    },
    {
      name: 'a path written from the repository root (en)',
      post: post('queue/media/photo.jpg'),
      files: { 'media/photo.jpg': jpegBytes() },
      lang: 'en',
      errors: [{ messageId: 'missingDidYouMean', line: 5, column: 11, message: 'Image not found: "queue/media/photo.jpg" — did you mean media/photo.jpg?' }],
    },
    {
      name: 'another case of the file name',
      post: post('media/Photo.JPG'),
      files: { 'media/photo.jpg': jpegBytes() },
      errors: [{ messageId: 'missingDidYouMean', line: 5, column: 11, message: 'did you mean media/photo.jpg?' }],
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
