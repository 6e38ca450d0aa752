import path from 'node:path';
import { DEFAULT_MAX_IMAGE_BYTES, inspectMedia } from '../media/inspect.js';
import { mediaFields } from './util.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'media-file',
    defaultSeverity: 'error',
    description: {
      fr: 'Chaque image existe, est un vrai fichier JPEG/PNG/GIF/WebP dans le dossier des billets, dans la limite de taille du réseau ; pas plus d’images que le réseau n’en permet.',
      en: 'Every image exists, is a real JPEG/PNG/GIF/WebP file inside the queue folder, within the network\'s size limit; no more images than the network allows.',
    },
    messages: {
      absolute: {
        fr: 'Chemin d’image absolu « {{file}} » : écrivez un chemin relatif au billet, ex. media/photo.jpg.',
        en: 'Absolute image path "{{file}}": write a path relative to the post, e.g. media/photo.jpg.',
      },
      outside: {
        fr: 'L’image « {{file}} » sort du dossier des billets : placez-la dans queue/media/.',
        en: 'Image "{{file}}" is outside the queue folder: put it in queue/media/.',
      },
      'symlink-outside': {
        fr: 'L’image « {{file}} » est un lien vers un fichier hors du dossier des billets : copiez l’image dans queue/media/.',
        en: 'Image "{{file}}" links to a file outside the queue folder: copy the image into queue/media/.',
      },
      missing: {
        fr: 'Image introuvable : « {{file}} » (cherchée dans {{dir}}).',
        en: 'Image not found: "{{file}}" (looked in {{dir}}).',
      },
      'not-file': { fr: '« {{file}} » n’est pas un fichier.', en: '"{{file}}" is not a file.' },
      'not-image': {
        fr: '« {{file}} » n’est pas une image JPEG, PNG, GIF ou WebP (d’après son contenu, quelle que soit son extension).',
        en: '"{{file}}" is not a JPEG, PNG, GIF or WebP image (judging by its content, whatever its extension).',
      },
      tooBig: {
        fr: 'Image trop lourde pour {{network}} : {{size}} Mo, au plus {{max}} Mo.',
        en: 'Image too large for {{network}}: {{size}} MB, at most {{max}} MB.',
      },
      tooMany: {
        fr: 'Trop d’images pour {{network}} : {{count}}, au plus {{max}} par message.',
        en: 'Too many images for {{network}}: {{count}}, at most {{max}} per message.',
      },
    },
  },
  check(ctx) {
    const postDir = path.dirname(ctx.post.path);
    const sizes = new Map<string, number>();
    for (const m of mediaFields(ctx.post.data)) {
      const info = inspectMedia(m.file, postDir, ctx.queueDir, ctx.queue.media);
      if ('kind' in info) {
        ctx.report({ messageId: info.kind, path: [...m.path, 'file'], data: { file: m.file, dir: path.dirname(ctx.post.file) } });
      } else sizes.set(path.resolve(postDir, m.file), info.size);
    }
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    for (const network of ctx.targets) {
      const net = ctx.charter.networks[network];
      if (!net) continue;
      const maxBytes = net.max_image_bytes ?? DEFAULT_MAX_IMAGE_BYTES[network];
      for (const item of ctx.render(network).items) {
        if (item.media.length > net.max_media) {
          ctx.report({ messageId: 'tooMany', path: item.media[0]!.path.slice(0, -1), network, data: { count: item.media.length, max: net.max_media } });
        }
        for (const m of item.media) {
          const size = sizes.get(m.absPath);
          if (size !== undefined && size > maxBytes) {
            ctx.report({ messageId: 'tooBig', path: [...m.path, 'file'], network, data: { size: mb(size), max: mb(maxBytes) } });
          }
        }
      }
    }
  },
});
