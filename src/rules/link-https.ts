import { extractUrls } from '../render/length.js';
import { linkFields, textFields } from './util.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'link-https',
    defaultSeverity: 'error',
    description: {
      fr: 'Les liens (link, share, et ceux du texte) sont en https.',
      en: 'Links (link, share, and those in the text) use https.',
    },
    messages: {
      notHttps: {
        fr: 'Lien non sécurisé « {{url}} » : utilisez https:// (la plupart des sites le permettent).',
        en: 'Insecure link "{{url}}": use https:// (most sites support it).',
      },
    },
  },
  check(ctx) {
    for (const f of linkFields(ctx.post.data)) {
      if (!/^https:\/\//i.test(f.text)) ctx.report({ messageId: 'notHttps', path: f.path, data: { url: f.text } });
    }
    for (const f of textFields(ctx.post.data)) {
      for (const u of extractUrls(f.text)) {
        // Bare domains (example.org) are fine: networks link them as https.
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u.url) && !/^https:\/\//i.test(u.url)) {
          ctx.report({ messageId: 'notHttps', path: f.path, needle: u.url, at: u.start, data: { url: u.url } });
        }
      }
    }
  },
});
