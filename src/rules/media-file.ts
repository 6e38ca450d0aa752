import path from 'node:path';
import { inspectMedia, maxImageBytes } from '../media/inspect.js';
import { reducible } from '../media/reduce.js';
import { formatSize } from '../i18n/index.js';
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
        fr: 'Image trop lourde pour {{network}} : {{size}}, au plus {{max}}. Réduisez-la (ou enregistrez-la en JPEG, qui est réduit automatiquement).',
        en: 'Image too large for {{network}}: {{size}}, at most {{max}}. Reduce it (or save it as JPEG, which is reduced automatically).',
      },
      reducedAtPublish: {
        fr: 'Image trop lourde pour {{network}} ({{size}}, au plus {{max}}) : une copie réduite lui sera envoyée automatiquement à la publication ; le fichier d’origine ne change pas.',
        en: 'Image too large for {{network}} ({{size}}, at most {{max}}): a reduced copy will be sent automatically at publish; the original file does not change.',
      },
      heic: {
        fr: '« {{file}} » est une photo HEIC (le format par défaut des iPhone), que les réseaux n’acceptent pas : convertissez-la en JPEG (sur l’iPhone : Réglages › Appareil photo › Formats › « Le plus compatible » ; sur Mac : Aperçu › Exporter › JPEG ; sinon : heif-convert photo.heic photo.jpg).',
        en: '"{{file}}" is a HEIC photo (the iPhone default), which the networks do not accept: convert it to JPEG (on the iPhone: Settings › Camera › Formats › "Most Compatible"; on a Mac: Preview › Export › JPEG; else: heif-convert photo.heic photo.jpg).',
      },
      missingDidYouMean: {
        fr: 'Image introuvable : « {{file}} » — vouliez-vous dire {{suggestion}} ? Le chemin se lit depuis le dossier du billet ({{dir}}).',
        en: 'Image not found: "{{file}}" — did you mean {{suggestion}}? The path is read from the post\'s folder ({{dir}}).',
      },
      tooMany: {
        fr: 'Trop d’images pour {{network}} : {{count}}, au plus {{max}} par message.',
        en: 'Too many images for {{network}}: {{count}}, at most {{max}} per message.',
      },
    },
  },
  check(ctx) {
    const postDir = path.dirname(ctx.post.path);
    const sizes = new Map<string, { size: number; type: Parameters<typeof reducible>[0] }>();
    for (const m of mediaFields(ctx.post.data)) {
      const info = inspectMedia(m.file, postDir, ctx.queueDir, ctx.queue.media);
      if ('kind' in info) {
        const suggestion = info.kind === 'missing' ? info.suggestion : undefined;
        const messageId = suggestion ? 'missingDidYouMean' : info.kind;
        ctx.report({ messageId, path: [...m.path, 'file'], data: { file: m.file, dir: path.dirname(ctx.post.file), suggestion } });
      } else sizes.set(path.resolve(postDir, m.file), info);
    }
    for (const network of ctx.targets) {
      const net = ctx.charter.networks[network];
      if (!net) continue;
      const maxBytes = maxImageBytes(ctx.charter, network);
      for (const item of ctx.render(network).items) {
        if (item.media.length > net.max_media) {
          ctx.report({ messageId: 'tooMany', path: item.media[0]!.path.slice(0, -1), network, data: { count: item.media.length, max: net.max_media } });
        }
        for (const m of item.media) {
          const info = sizes.get(m.absPath);
          if (info && info.size > maxBytes) {
            const data = { size: { fr: formatSize(info.size, 'fr'), en: formatSize(info.size, 'en') }, max: { fr: formatSize(maxBytes, 'fr'), en: formatSize(maxBytes, 'en') } };
            // JPEG and PNG are reduced at publish (media/reduce.ts): a warning says so; others must be fixed.
            if (reducible(info.type)) ctx.report({ messageId: 'reducedAtPublish', path: [...m.path, 'file'], network, warnOnly: true, data });
            else ctx.report({ messageId: 'tooBig', path: [...m.path, 'file'], network, data });
          }
        }
      }
    }
  },
});
