import path from 'node:path';
import { mediaFields } from './util.js';
import { defineRule } from './types.js';

const MAX_ALT = 1000;

export default defineRule({
  meta: {
    id: 'alt-text',
    defaultSeverity: 'error',
    description: {
      fr: 'Chaque image a un texte alternatif d’au moins {{min_length}} caractères, qui la décrit (pas son nom de fichier), d’au plus 1000 caractères.',
      en: 'Every image has alt text of at least {{min_length}} characters that describes it (not its file name), at most 1000 characters.',
    },
    messages: {
      missing: {
        fr: 'Image sans texte alternatif : ajoutez « alt: » décrivant l’image pour les personnes qui ne la voient pas.',
        en: 'Image without alt text: add "alt:" describing the image for people who cannot see it.',
      },
      tooShort: {
        fr: 'Texte alternatif trop court ({{length}} caractères, au moins {{min}}) : décrivez ce que montre l’image.',
        en: 'Alt text too short ({{length}} characters, at least {{min}}): describe what the image shows.',
      },
      fileName: {
        fr: 'Le texte alternatif reprend le nom du fichier : décrivez plutôt ce que montre l’image.',
        en: 'The alt text repeats the file name: describe what the image shows instead.',
      },
      tooLong: {
        fr: 'Texte alternatif trop long ({{length}} caractères, au plus {{max}}).',
        en: 'Alt text too long ({{length}} characters, at most {{max}}).',
      },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { min_length: { type: 'integer', minimum: 1, maximum: 1000 } },
    },
    defaultOptions: { min_length: 15 },
  },
  check(ctx) {
    const min = Number(ctx.options.min_length ?? 15);
    for (const m of mediaFields(ctx.post.data)) {
      const alt = m.alt?.trim() ?? '';
      if (!alt) {
        ctx.report({ messageId: 'missing', path: m.alt === undefined ? m.path : [...m.path, 'alt'] });
        continue;
      }
      const base = path.basename(m.file);
      const stem = base.replace(/\.[^.]+$/, '');
      const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
      const length = [...alt].length;
      if (norm(alt) === norm(base) || norm(alt) === norm(stem)) ctx.report({ messageId: 'fileName', path: [...m.path, 'alt'] });
      else if (length < min) ctx.report({ messageId: 'tooShort', path: [...m.path, 'alt'], data: { length, min } });
      else if (length > MAX_ALT) ctx.report({ messageId: 'tooLong', path: [...m.path, 'alt'], data: { length, max: MAX_ALT } });
    }
  },
});
